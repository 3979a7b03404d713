"""The sources step: every source's pipeline as branches of ONE Beam job."""
from __future__ import annotations

import apache_beam as beam

from pipeline.config import source_config
from pipeline.io import clear_source_outputs, write_source_output
from pipeline.report import build_source_report, counters_from_result, format_funnel, write_report
from pipeline.runner import is_dry_run, make_runner
from pipeline.staging import stage_source_models
from sources.registry import SOURCES


class RecipeError(Exception):
    pass


class SourceBranch(beam.PTransform):
    """One source's pipeline inside the shared job: read -> clean -> filter -> dedup -> written documents."""

    def __init__(self, name: str, module, input_pattern, params: dict, output: str):
        super().__init__(label=name)
        self._name, self._module, self._input, self._params, self._output = name, module, input_pattern, params, output

    def expand(self, pbegin):
        result = self._module.build(pbegin.pipeline, self._input, self._params)
        write_source_output(result, self._output, self._name)
        return beam.pvalue.PDone(pbegin.pipeline)


def source_params(file_config: dict, overrides: dict | None, name: str, module) -> dict:
    params = source_config(module.DEFAULTS, file_config, name, None)
    for key, value in ((overrides or {}).get(name) or {}).items():
        params[key] = {**params[key], **value} if isinstance(value, dict) else value
    return params


def run_sources(options, inputs: dict, file_config: dict, output: str, only: list[str] | None = None,
                overrides: dict[str, dict] | None = None, log=print) -> list[dict]:
    """Run the given sources (default: every source with an input) as one Beam job; returns their run reports
    (none in a dry run: the job is built and translated, nothing is read, deleted or written)."""
    names = [n for n in SOURCES if n in inputs and (only is None or n in only)]
    if not names:
        raise RecipeError("no source has an input: set `inputs: {source: glob}` in the config")
    pipeline = beam.Pipeline(runner=make_runner(options), options=options)
    modules = {}
    for name in names:
        module = modules[name] = SOURCES[name].load()
        params = stage_source_models(source_params(file_config, overrides, name, module), SOURCES[name].model_params,
                                     options)  # local model files reach remote workers through the job
        pipeline | SourceBranch(name, module, inputs[name], params, output)
    dry_run = is_dry_run(options)
    if dry_run:
        for name in names:
            log(f"  {name}: reads {inputs[name]}\n  {'':{len(name)}}  writes {output}/docs/{name}/, "
                f"{output}/rejects/{name}/, {output}/report/run_{name}.json")
    else:
        for name in names:
            clear_source_outputs(output, name)
    result = pipeline.run()
    if dry_run:
        return []
    result.wait_until_finish()
    counters = counters_from_result(result)
    reports = []
    for name in names:
        report = build_source_report(name, counters.get(name, {}), modules[name].STAGES)
        write_report(report, output)
        log(format_funnel(report), flush=True)
        reports.append(report)
    return reports

"""`python -m recipe.run --source NAME --input GLOB --output DIR [--config YAML] [Beam flags...]`

Builds one source's pipeline, runs it (FnApiRunner unless --runner says otherwise), writes the documents,
the dead letters and the run report, and prints the funnel. `--source all` runs the whole recipe
(recipe/steps.py) from a --config.
"""
from __future__ import annotations

import argparse
import logging
import sys

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.cli import UnknownFlagError, beam_args
from pipeline.config import apply_assignments, load_yaml, source_config, unknown_keys, unknown_path_message
from pipeline.io import clear_source_outputs, write_source_output
from pipeline.models import MissingModelError
from pipeline.plugins import PluginError, load_plugins
from pipeline.options import SHORTCUT_FLAGS, CorpusOptions
from pipeline.preflight import PreflightError, preflight
from pipeline.report import (
    build_source_report,
    counters_from_result,
    format_funnel,
    unreconciled_message,
    write_report,
)
from pipeline.runner import is_dry_run, make_runner, package_for_remote_workers
from pipeline.staging import stage_source_models
from sources.registry import SOURCES


class UsageError(Exception):
    pass


def _print_help() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m recipe.run",
        description="Build one source of the LLaMA pretraining corpus with Apache Beam.",
        epilog=sources_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    CorpusOptions._add_argparse_args(parser)
    parser.add_argument("--runner", help="Beam runner (default: FnApiRunner)")
    parser.print_help()


def sources_help() -> str:
    lines = ["sources and the input each expects:"]
    for spec in SOURCES.values():
        status = "" if spec.module else "  [not built yet]"
        lines.append(f"  {spec.name:<14} {spec.expects}{status}")
    lines.append("")
    lines.append("Every other flag is a Beam pipeline option and passes through: --runner (default FnApiRunner;")
    lines.append("DirectRunner, DataflowRunner, ...), --direct_running_mode=multi_processing, --direct_num_workers,")
    lines.append("Dataflow's --project/--region/--temp_location/--requirements_file, S3's --s3_endpoint_url, ...")
    return "\n".join(lines)


def _wants_all(argv: list[str]) -> bool:
    options = PipelineOptions(argv).view_as(CorpusOptions)
    return (options.source or load_yaml(options.config).get("source")) == "all"


def resolve(argv: list[str]):
    """argv -> (pipeline options, source name, input pattern, output dir, source module, source params)."""
    options = PipelineOptions(argv)
    FileSystems.set_options(options)  # report and config I/O outside the pipeline use the same S3 settings
    corpus = options.view_as(CorpusOptions)
    file_config = load_yaml(corpus.config)
    source = corpus.source or file_config.get("source")
    input_pattern = corpus.input or file_config.get("input")
    output = corpus.output or file_config.get("output")
    if source not in SOURCES:
        raise UsageError(f"--source must be one of: {', '.join(SOURCES)} (got {source!r})")
    spec = SOURCES[source]
    if spec.module is None:
        raise UsageError(f"source {source!r} is not built yet; built sources: "
                         + ", ".join(name for name, s in SOURCES.items() if s.module))
    if not input_pattern or not output:
        raise UsageError(f"--input and --output are required. {source} expects: {spec.expects}")
    module = spec.load()
    overrides = list(corpus.overrides or [])
    overrides += [f"{flag}={getattr(corpus, flag)}" for flag in SHORTCUT_FLAGS if getattr(corpus, flag) is not None]
    try:
        params = source_config(module.DEFAULTS, file_config, source, overrides)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    return options, source, input_pattern, output, module, params


def build_pipeline(options, source, input_pattern, output, module, params) -> beam.Pipeline:
    params = stage_source_models(params, SOURCES[source].model_params, options)  # local models reach remote workers
    pipeline = beam.Pipeline(runner=make_runner(options), options=options)
    result = module.build(pipeline, input_pattern, params)
    write_source_output(result, output, source, options.view_as(CorpusOptions).num_output_shards or 0)
    return pipeline


def recipe_config_keys() -> dict:
    """Every key a `--source all` config may hold (configs/demo.yaml, configs/llama1.yaml), as a tree: a typo in the
    file or in `--set` is an error naming it, not a key silently ignored. Each section's keys are declared by the
    step that reads them; a None leaf is a value (or a subtree the step checks itself: models.*.args,
    tokenizer.spec, train.set). Built at call time: plugins may have added sources."""
    from recipe import quality_models, tokenizer_step, training
    from sampling.mixture import config_keys as mixture_keys

    return {
        "source": None, "output": None,
        "inputs": dict.fromkeys(SOURCES),
        "sources": {name: spec.load().DEFAULTS if spec.module else None for name, spec in SOURCES.items()},
        "models": quality_models.CONFIG_KEYS,
        "tokenizer": tokenizer_step.config_keys(SOURCES),
        "mixture": mixture_keys(),
        "shards": training.SHARDS_KEYS,
        "train": training.TRAIN_KEYS,
    }


def check_recipe_config(config: dict) -> None:
    """A key the recipe does not read, at any depth, is a UsageError naming its exact path (pipeline/config.py's
    messages, as for a single source); then the subtrees a step checks itself: the tokenizer spec, the trainer's."""
    from recipe.sources_job import RecipeError
    from recipe.tokenizer_step import tokenizer_spec
    from recipe.training import check_trainer_config
    from tokenizer.spec import SpecError

    keys = recipe_config_keys()
    unknown = unknown_keys(keys, config)
    if unknown:
        what = "section" if all("." not in path for path in unknown) else "key"
        raise UsageError(f"unknown recipe config {what} "
                         + "; ".join(unknown_path_message(keys, path.split(".")) for path in unknown))
    try:
        tokenizer_spec(config)
    except SpecError as exc:
        raise UsageError(f"tokenizer: {exc}") from exc
    try:
        check_trainer_config(config.get("train") or {})
    except RecipeError as exc:
        raise UsageError(str(exc)) from exc


def run_all(argv: list[str]) -> dict:
    """`--source all`: the whole recipe (recipe/steps.py) driven by the config file."""
    from recipe.steps import RecipeError, run_recipe

    options = PipelineOptions(argv)
    FileSystems.set_options(options)  # S3 credentials/endpoint for the steps that run outside Beam
    corpus = options.view_as(CorpusOptions)
    try:  # `--set key.path=value` on the whole config here, e.g. --set models.lm.dir=gs://B/lm
        file_config = apply_assignments(load_yaml(corpus.config), corpus.overrides)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    check_recipe_config(file_config)
    output = corpus.output or file_config.get("output")
    placeholders = sorted(_placeholders(file_config))
    if placeholders:
        raise UsageError(f"fill in the config's placeholder(s) {', '.join(placeholders)} (in the file or with "
                         "--set key.path=value / --output)")
    if not output or not file_config.get("inputs"):
        raise UsageError("--source all needs a --config with `output` and `inputs: {source: glob}` "
                         "(see configs/demo.yaml)")
    if corpus.input:
        raise UsageError("--source all takes its inputs from the config's `inputs`, not --input")
    package_for_remote_workers(options)
    try:
        return run_recipe(options, file_config, output, corpus.config, _beam_flags(argv), corpus.force)
    except RecipeError as exc:
        raise UsageError(str(exc)) from exc


def _placeholders(node, path: str = "") -> list[str]:
    """Config keys whose value still holds a YOUR_... placeholder (configs/llama1.yaml)."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _placeholders(value, f"{path}{key}.")]
    if isinstance(node, list):
        return [p for value in node for p in _placeholders(value, path)]
    return [path.rstrip(".")] if isinstance(node, str) and "YOUR_" in node else []


def _beam_flags(argv: list[str]) -> list[str]:
    """argv without this CLI's own options: the Beam flags the recipe hands to its Beam steps."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    CorpusOptions._add_argparse_args(parser)
    return parser.parse_known_args(argv)[1]


def run(argv: list[str]) -> dict | None:
    if _wants_all(argv):
        return run_all(argv)
    options, source, input_pattern, output, module, params = resolve(argv)
    for warning in getattr(module, "launch_warnings", lambda _: [])(params):  # optional source hook
        print(f"warning: {warning}", file=sys.stderr)
    package_for_remote_workers(options)
    pipeline = build_pipeline(options, source, input_pattern, output, module, params)
    if not is_dry_run(options):  # a dry run touches nothing
        clear_source_outputs(output, source)
    result = pipeline.run()
    if is_dry_run(options):
        print(f"dry run: the {source} job graph was built and translated; nothing was submitted")
        return None
    result.wait_until_finish()
    report = build_source_report(source, counters_from_result(result).get(source, {}), module.STAGES)
    path = write_report(report, output)
    print(format_funnel(report))
    print(f"report: {path}")
    return report


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "-h" in argv or "--help" in argv:
        _print_help()
        return 0
    logging.getLogger().setLevel(logging.WARNING)
    try:
        argv = beam_args(argv)  # every flag is ours or Beam's (either spelling); an unknown one is named, not dropped
        load_plugins(PipelineOptions(argv).view_as(CorpusOptions).plugins)  # before any source is looked up
        preflight(argv, SOURCES)  # one-line usage errors before anything is built or written
        report = run(argv)
    except (UsageError, MissingModelError, PreflightError, UnknownFlagError, PluginError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if report is not None and "reconciled" in report and not report["reconciled"]:
        print(f"error: {unreconciled_message(report)} (see the report)", file=sys.stderr)
        return 1
    if report is not None and _emptied(report) and not PipelineOptions(argv).view_as(CorpusOptions).allow_empty:
        print(f"error: 0 documents out of {_emptied(report)} input records (every one was dropped or rejected: see "
              "the report's reasons); pass --allow-empty if that is expected", file=sys.stderr)
        return 1
    return 0


def _emptied(report: dict) -> int:
    """The input records of a single-source run that ended with 0 documents (0 when documents came out, or when
    the input held no record at all: empty files)."""
    if report.get("documents_out") or not report.get("stages"):
        return 0
    read = report["stages"][0]
    rejected = sum(n for reason, n in read["rejected"].items() if reason not in ("empty_file", "no_records"))
    return read["kept"] + sum(read["dropped"].values()) + rejected


if __name__ == "__main__":
    sys.exit(main())

"""The whole recipe in one command: `python -m recipe.run --source all --config configs/demo.yaml`.

Steps (each prints its progress; every artifact lands under the output directory):

  1. models     CCNet language models (`train-lm`) from the Wikipedia input, unless the config points at existing
                ones; then a first commoncrawl pass and the Wikipedia-reference classifier (`train-ref-classifier`)
  2. sources    all seven sources in ONE Beam pipeline -> <out>/docs/<source>/, rejects, report/run_<source>.json
  3. tokenizer  SentencePiece BPE with the LLaMA spec on the documents (`train-tokenizer`) -> <out>/tokenizer/
  4. shards     mixture draw + encoding into Megatron shards (`encode-shards`) -> <out>/tokens/
  5. train      a short training run of the configured model on those shards -> <out>/train/
  6. report     <out>/report/index.html with PNG plots

The config (see configs/demo.yaml and configs/llama1.yaml) holds `output`, `inputs` (one glob per source),
`sources` (per-source parameters, as for single-source runs), `models`, `tokenizer`, `mixture` and `train`.
Beam flags on the command line (--runner, --direct_running_mode, Dataflow/S3 options) apply to the Beam steps.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.config import source_config
from pipeline.io import (
    clear_source_outputs,
    join_path,
    match_paths,
    open_raw,
    read_text,
    remove_tree,
    write_source_output,
)
from pipeline.report import build_source_report, counters_from_result, format_funnel, write_report
from pipeline.runner import make_runner
from sources.registry import SOURCES


class RecipeError(Exception):
    pass


@contextmanager
def step(title: str, log=print):
    log(f"\n=== {title}", flush=True)
    start = time.monotonic()
    yield
    log(f"=== {title}: done in {time.monotonic() - start:.1f}s", flush=True)


# ------------------------------------------------------------------------------------------------ sources


class SourceBranch(beam.PTransform):
    """One source's pipeline inside the shared job: read -> clean -> filter -> dedup -> written documents."""

    def __init__(self, name: str, module, input_pattern: str, params: dict, output: str):
        super().__init__(label=name)
        self._name, self._module, self._input, self._params, self._output = name, module, input_pattern, params, output

    def expand(self, pbegin):
        result = self._module.build(pbegin.pipeline, self._input, self._params)
        write_source_output(result, self._output, self._name)
        return beam.pvalue.PDone(pbegin.pipeline)


def run_sources(options, runner, inputs: dict[str, str], file_config: dict, output: str,
                only: list[str] | None = None, overrides: dict[str, dict] | None = None) -> list[dict]:
    """Run the given sources (default: every source with an input) as one Beam job; returns their run reports."""
    names = [n for n in SOURCES if n in inputs and (only is None or n in only)]
    if not names:
        raise RecipeError("no source has an input: set `inputs: {source: glob}` in the config")
    pipeline = beam.Pipeline(runner=runner, options=options)
    modules = {}
    for name in names:
        module = modules[name] = SOURCES[name].load()
        params = source_config(module.DEFAULTS, file_config, name, None)
        for key, value in ((overrides or {}).get(name) or {}).items():
            params[key] = {**params[key], **value} if isinstance(value, dict) else value
        pipeline | SourceBranch(name, module, inputs[name], params, output)
    for name in names:
        clear_source_outputs(output, name)
    result = pipeline.run()
    result.wait_until_finish()
    counters = counters_from_result(result)
    reports = []
    for name in names:
        report = build_source_report(name, counters.get(name, {}), modules[name].STAGES)
        write_report(report, output)
        print(format_funnel(report), flush=True)
        reports.append(report)
    return reports


# ------------------------------------------------------------------------------------------ the recipe


def _check(code: int, what: str) -> None:
    if code != 0:
        raise RecipeError(f"{what} failed (exit code {code})")


def _wikipedia_dumps(inputs: dict) -> list[str]:
    pattern = inputs.get("wikipedia")
    return match_paths(pattern) if pattern else []


def prepare_quality_models(config: dict, inputs: dict, output: str, options) -> dict:
    """The commoncrawl source's model parameters: given in the config, or trained here from the run's inputs.

    Trained models follow cc_net's definitions: a first commoncrawl pass (read, line dedup, language ID) gives the
    crawled documents whose perplexity percentiles are the head/middle/tail cutoffs, and the documents the
    Wikipedia-reference classifier learns from (pages cited by the Wikipedia input vs the others).
    """
    models = config.get("models") or {}
    if "commoncrawl" not in inputs:
        return {}
    lm, ref = models.get("lm") or {}, models.get("wiki_ref") or {}
    lm_dir, ref_model = lm.get("dir"), ref.get("model")
    train_lm_here = not lm_dir and lm.get("train", True)
    train_ref_here = not ref_model and ref.get("train", True)
    dumps = _wikipedia_dumps(inputs)
    if (train_lm_here or train_ref_here) and not dumps:
        raise RecipeError("commoncrawl's quality models need a wikipedia input to train from, "
                          "or set models.lm.dir and models.wiki_ref.model")
    first_pass = join_path(output, "work", "commoncrawl_first_pass")
    first_pass_docs = join_path(first_pass, "docs", "commoncrawl", "*.parquet")
    if train_lm_here or train_ref_here:
        with step("models: first commoncrawl pass (read, line dedup, language ID) for the models' statistics"):
            run_sources(options, _runner(options), inputs, config, first_pass, only=["commoncrawl"])
    if train_lm_here:
        from sources.commoncrawl import train_lm

        lm_dir = join_path(output, "models", "lm")
        with step(f"models: CCNet language models from {len(dumps)} Wikipedia dump(s) (train-lm)"):
            argv = [a for d in dumps for a in ("--dump", d)] + ["--output", lm_dir, "--cutoff-docs", first_pass_docs]
            argv += _flags(lm.get("args"))
            _check(train_lm.main(argv), "train-lm")
    if train_ref_here:
        from sources.commoncrawl import train_ref_classifier

        ref_model = join_path(output, "models", "wiki_ref.bin")
        with step("models: Wikipedia-reference classifier (train-ref-classifier)"):
            argv = ["--documents", first_pass_docs, "--output", ref_model]
            argv += [a for d in dumps for a in ("--wiki-dump", d)] + _flags(ref.get("args"))
            _check(train_ref_classifier.main(argv), "train-ref-classifier")
    params: dict = {}
    if lm_dir:
        params["perplexity"] = {"models": lm_dir}
    if ref_model:
        params["wiki_ref"] = {"model": ref_model}
    return params


def _flags(args: dict | None) -> list[str]:
    """{"vocab_size": 8000, "languages": [en, de]} -> ["--vocab-size=8000", "--languages=en,de"]"""
    out = []
    for key, value in (args or {}).items():
        value = ",".join(map(str, value)) if isinstance(value, list) else value
        out.append(f"--{key.replace('_', '-')}={value}")
    return out


def _runner(options):
    return make_runner(options)


def train_tokenizer(config: dict, output: str) -> str:
    from tokenizer import train as tokenizer_train

    tok = config.get("tokenizer") or {}
    directory = join_path(output, "tokenizer")
    argv = ["--input", output, "--output", directory]
    for key in ("vocab_size", "input_sentence_size", "num_threads", "seed"):
        if tok.get(key) is not None:
            argv += [f"--{key.replace('_', '-')}", str(tok[key])]
    for field, value in (tok.get("spec") or {}).items():
        argv += ["--set", f"{field}={value}"]
    _check(tokenizer_train.main(argv), "train-tokenizer")
    return join_path(directory, "tokenizer.model")


def encode_shards(config: dict, output: str, tokenizer_model: str, config_path: str | None,
                  beam_argv: list[str]) -> str:
    from tokenizer import encode

    tokens = join_path(output, "tokens")
    argv = ["--input", output, "--tokenizer", tokenizer_model, "--output", tokens, "--overwrite"]
    if config_path:
        argv += ["--config", config_path]
    shard_tokens = (config.get("shards") or {}).get("shard_tokens")
    if shard_tokens:
        argv += ["--shard-tokens", str(int(shard_tokens))]
    _check(encode.main(argv + beam_argv), "encode-shards")
    return tokens


def train_model(config: dict, output: str, tokens: str, vocab_size: int) -> str:
    """Train on the shards. The trainer memory-maps local files and never imports Beam, so with a remote output
    the shards are copied to a local directory first and the run's directory is uploaded afterwards."""
    from trainer_bridge import train as trainer

    train = config.get("train") or {}
    if not train.get("config"):
        raise RecipeError("set train.config (e.g. configs/train/tiny_cpu.yaml)")
    out_dir = join_path(output, "train")
    if not train.get("resume") and remove_tree(out_dir):  # a new recipe run trains a new model
        print(f"replacing the earlier training run in {out_dir}")
    remote = "://" in output
    with tempfile.TemporaryDirectory(prefix="recipe-train-") as scratch:
        local_tokens = copy_tree(tokens, os.path.join(scratch, "tokens")) if remote else tokens
        local_out = os.path.join(scratch, "train") if remote else out_dir
        argv = ["--config", train["config"], "--set", f"data.paths=[{local_tokens}]",
                "--set", f"train.out_dir={local_out}", "--set", f"model.vocab_size={vocab_size}"]
        argv += [a for item in (train.get("set") or []) for a in ("--set", item)]
        _check(trainer.main(argv), "training")
        if remote:
            copy_tree(local_out, out_dir)
    return out_dir


def copy_tree(source: str, destination: str) -> str:
    """Copy every file below `source` to `destination` (any FileSystems paths, local or remote)."""
    pattern = join_path(source, "**")
    for metadata in FileSystems.match([pattern])[0].metadata_list:
        relative = metadata.path[len(source):].lstrip("/")
        target = join_path(destination, relative)
        if "://" not in target:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        with open_raw(metadata.path) as src, FileSystems.create(target) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    return destination


def _json(path: str) -> dict | None:
    return json.loads(read_text(path)) if FileSystems.exists(path) else None


def _jsonl(path: str) -> list[dict]:
    if not FileSystems.exists(path):
        return []
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


def perplexity_histograms(report: dict | None, models_dir: str | None) -> dict:
    """{lang: {"bins": [(low, high, documents)], "p30", "p60"}} from the commoncrawl report's `ppl_bin` tallies
    (`<lang>:<low>-<high>`) and the cutoffs the run used (the model's own, else cc_net's published ones)."""
    from sources.commoncrawl.cutoffs import CCNET_CUTOFFS, read_cutoffs

    if not report:
        return {}
    stage = next((s for s in report["stages"] if "ppl_bin" in s.get("tallies", {})), None)
    if stage is None:
        return {}
    histograms: dict = {}
    for key, count in stage["tallies"]["ppl_bin"].items():
        lang, _, label = key.partition(":")
        low, _, high = label.partition("-")
        low_f = float(low.rstrip("+"))
        high_f = float(high) if high else low_f * 1.5  # the open last bin, drawn 50% wide
        histograms.setdefault(lang, {"bins": []})["bins"].append((low_f, high_f, count))
    for lang, hist in histograms.items():
        hist["bins"].sort()
        path = join_path(models_dir, f"{lang}.cutoffs.json") if models_dir else None
        cutoffs = read_cutoffs(path) if path and FileSystems.exists(path) else CCNET_CUTOFFS.get(lang)
        hist["p30"], hist["p60"] = cutoffs if cutoffs else (None, None)
    return histograms


def write_report_page(output: str, reports: list[dict], models_dir: str | None = None) -> str:
    from pipeline.html_report import ReportInputs, write_html_report

    cc = next((r for r in reports if r["source"] == "commoncrawl"), None)
    tokens_report = _json(join_path(output, "tokens", "report", "run_tokens.json"))
    inputs = ReportInputs(
        run_reports=reports + ([tokens_report] if tokens_report else []),
        mixture=_json(join_path(output, "tokens", "mixture.json")),
        tokenizer=_json(join_path(output, "tokenizer", "tokenizer_summary.json")),
        training_log=_jsonl(join_path(output, "train", "metrics.jsonl")),
        perplexity=perplexity_histograms(cc, models_dir),
    )
    return write_html_report(output, inputs)


def run_recipe(options, file_config: dict, output: str, config_path: str | None, beam_argv: list[str]) -> dict:
    inputs = file_config.get("inputs") or {}
    unknown = sorted(set(inputs) - set(SOURCES))
    if unknown:
        raise RecipeError(f"unknown source(s) in inputs: {', '.join(unknown)}")
    started = time.monotonic()
    cc_params = prepare_quality_models(file_config, inputs, output, options)
    with step(f"sources: {', '.join(n for n in SOURCES if n in inputs)} (one Beam job)"):
        reports = run_sources(options, _runner(options), inputs, file_config, output,
                              overrides={"commoncrawl": cc_params})
    if not all(r["reconciled"] for r in reports):
        raise RecipeError("stage counts do not reconcile (see report/run_*.json)")
    with step("tokenizer: SentencePiece BPE, LLaMA spec (train-tokenizer)"):
        tokenizer_model = train_tokenizer(file_config, output)
    with step("shards: mixture draw and encoding (encode-shards)"):
        tokens = encode_shards(file_config, output, tokenizer_model, config_path, beam_argv)
    summary = {"output": output, "sources": {r["source"]: r["documents_out"] for r in reports}}
    if (file_config.get("train") or {}).get("config"):
        vocab = (_json(join_path(output, "tokenizer", "tokenizer_summary.json")) or {}).get("vocab_size")
        with step("train: a short pretraining run on the shards"):
            summary["train"] = train_model(file_config, output, tokens, vocab)
    with step("report: HTML page and plots"):
        summary["report"] = write_report_page(output, reports, (cc_params.get("perplexity") or {}).get("models"))
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(f"\nrecipe finished in {summary['seconds']}s; report: {summary['report']}", flush=True)
    return summary

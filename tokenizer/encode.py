"""`encode-shards`: Documents -> mixture draw -> Megatron token shards + manifest, as one Beam job.

    encode-shards --input OUT --tokenizer OUT/tokenizer/tokenizer.model --output OUT/tokens
                  [--config configs/mixture_llama1.yaml] [--set target_tokens=1e9] [--shard-tokens 100000000]
                  [--overwrite] [Beam flags: --runner, --direct_running_mode=multi_processing, ...]

`--input` is repeatable: Document Parquet globs, or pipeline output directories (their `docs/*/*.parquet`), so
sources built by separate runs can be mixed. Steps (namespace `tokens` in the run report):
  read    Parquet file -> documents (unreadable file -> dead letter)
  encode  document -> BOS + tokens + EOS (unknown source -> dead letter, empty text -> dropped)
  draw    token counts per source -> mixture plan -> copies per document (not drawn -> dropped)
then shards shuffled across sources, `manifest.json` and `mixture.json` (target vs realized), and
`report/run_tokens.json` (the funnel).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.cli import StrictParser
from pipeline.config import load_yaml
from pipeline.io import MatchInputs, WriteRejects, join_path, open_raw, read_text
from pipeline.report import build_source_report, counters_from_result, format_funnel, write_report
from pipeline.runner import make_runner, package_for_remote_workers
from pipeline.staging import stage_file_for_job
from pipeline.stages import Stage
from sampling.mixture import MixtureConfigError, mixture_config
from sampling.report import format_report
from sampling.transform import MixtureSample
from tokenizer.documents import expand_inputs, is_parquet
from tokenizer.encoder import DocumentEncoder, ReadDocumentFile
from tokenizer.shard_sink import TokenizerInfo, WriteTokenShards
from tokenizer.shards import MANIFEST_NAME

NAMESPACE = "tokens"
STAGES = ("read", "encode", "draw")
DEFAULT_SHARD_TOKENS = 100_000_000


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = StrictParser(  # the other flags must be Beam options (checked); --a-b or --a_b
        prog="encode-shards",
        description="Encode Documents with a trained tokenizer, draw the mixture and write Megatron token shards.",
        epilog="Other flags are Beam pipeline options (--runner, --direct_running_mode, Dataflow flags, ...).",
    )
    parser.add_argument("--input", action="append", required=True, metavar="GLOB",
                        help="Document Parquet files (repeatable); a pipeline output dir means its docs/*/*.parquet")
    parser.add_argument("--tokenizer", required=True, help="tokenizer.model (any FileSystems path)")
    parser.add_argument("--output", required=True, help="directory for the shards, manifest.json, mixture.json")
    parser.add_argument("--config", help="YAML with a `mixture:` section (configs/mixture_llama1.yaml)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="mixture setting, e.g. --set target_tokens=1e9 --set sources.github.epochs=1")
    parser.add_argument("--shard-tokens", type=int, default=DEFAULT_SHARD_TOKENS,
                        help=f"about this many tokens per shard (default {DEFAULT_SHARD_TOKENS:,})")
    parser.add_argument("--overwrite", action="store_true", help="replace the shards of an earlier run in --output")
    return parser


def tokenizer_info(path: str) -> TokenizerInfo:
    import sentencepiece as spm

    if not FileSystems.exists(path):
        raise UsageError(f"tokenizer not found: {path}\n  train one with: train-tokenizer --input OUT --output DIR")
    with open_raw(path) as f:
        data = f.read()
    processor = spm.SentencePieceProcessor(model_proto=data)
    if processor.eos_id() < 0 or processor.bos_id() < 0:
        raise UsageError(f"{path} has no BOS or EOS piece; shards hold every document as BOS + tokens + EOS")
    return TokenizerInfo(path=path, sha256=hashlib.sha256(data).hexdigest(), vocab_size=processor.get_piece_size(),
                         eos_id=processor.eos_id(), bos_id=processor.bos_id())


def clear_previous(output: str, overwrite: bool) -> None:
    """Refuse to mix with an earlier run's shards; with --overwrite, delete the files its manifest lists."""
    manifest_path = join_path(output, MANIFEST_NAME)
    if not FileSystems.exists(manifest_path):
        return
    if not overwrite:
        raise UsageError(f"{output} already holds token shards ({MANIFEST_NAME}); pass --overwrite to replace them")
    old = json.loads(read_text(manifest_path))
    paths = [join_path(output, shard["name"] + ext) for shard in old.get("shards", []) for ext in (".bin", ".idx")]
    existing = [p for p in paths + [manifest_path] if FileSystems.exists(p)]
    if existing:
        FileSystems.delete(existing)


def build_pipeline(pipeline: beam.Pipeline, paths: list[str], tokenizer: TokenizerInfo, output: str, config,
                   shard_tokens: int):
    files = pipeline | "Files" >> MatchInputs(paths)  # paths or globs, matched on the workers
    read = files | Stage(NAMESPACE, "read", ReadDocumentFile(), fan_out=True, tally=("source",), progress=True)
    model = stage_file_for_job(tokenizer.path, pipeline.options)  # a local tokenizer reaches remote workers
    # encoded where read, without a reshuffle of the texts in between (it cost ~10% of the job's CPU): parallel
    # over files, which the pipeline writes many of; the copies are redistributed by shard anyway
    encoded = read.kept | Stage(NAMESPACE, "encode", DocumentEncoder(model), tally=("source",))
    drawn, plan = encoded.kept | "Mixture" >> MixtureSample(config, NAMESPACE)
    manifest = drawn | "Shards" >> WriteTokenShards(output, tokenizer, plan, shard_tokens)
    (
        (read.rejects, encoded.rejects)
        | "FlattenRejects" >> beam.Flatten()
        | "WriteRejects" >> WriteRejects(output, NAMESPACE)
    )
    return manifest


def run(argv: list[str], log=print) -> dict:
    args, beam_args = build_parser().parse_with_beam(argv)
    try:
        config = mixture_config(load_yaml(args.config), args.overrides)
    except (MixtureConfigError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    if args.shard_tokens <= 0:
        raise UsageError("--shard-tokens must be positive")
    paths = expand_inputs(args.input)
    not_parquet = [p for p in paths if not is_parquet(p)]
    if not_parquet:
        raise UsageError(f"encode-shards reads Document Parquet files; not Parquet: {', '.join(not_parquet[:5])}")
    if not paths:
        raise UsageError(f"no Document Parquet files match {', '.join(args.input)}")
    tokenizer = tokenizer_info(args.tokenizer)
    clear_previous(args.output, args.overwrite)

    options = PipelineOptions(beam_args)
    package_for_remote_workers(options)
    pipeline = beam.Pipeline(runner=make_runner(options), options=options)
    build_pipeline(pipeline, paths, tokenizer, args.output, config, args.shard_tokens)
    result = pipeline.run()
    result.wait_until_finish()

    report = build_source_report(NAMESPACE, counters_from_result(result).get(NAMESPACE, {}), STAGES)
    report_path = write_report(report, args.output)
    manifest = json.loads(read_text(join_path(args.output, MANIFEST_NAME)))
    log(format_funnel(report))
    log(format_report(manifest["mixture"]))
    log(f"{len(manifest['shards'])} shards, {manifest['total_documents']:,} documents, "
        f"{manifest['total_tokens']:,} tokens ({manifest['dtype']}) -> {args.output}; report: {report_path}")
    return {"report": report, "manifest": manifest}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    logging.getLogger().setLevel(logging.WARNING)
    try:
        outcome = run(argv)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the one failure a user can cause: nothing to sample
        if "EmptyMixture" in f"{type(exc).__name__}{exc}" or "no source in the mixture" in str(exc):
            print("error: no source in the mixture has any tokens (are the inputs Documents of the mixture's "
                  "sources?)", file=sys.stderr)
            return 1
        raise
    if not outcome["report"]["reconciled"]:
        print("error: stage counts do not reconcile (see the report)", file=sys.stderr)
        return 1
    if not outcome["manifest"]["mixture"].get("written_matches_plan", False):
        print("error: the shards do not hold what the mixture plan drew", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

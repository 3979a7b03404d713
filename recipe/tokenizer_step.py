"""The tokenizer step: a Beam job draws the training sample, the launcher trains SentencePiece on it.

The sample (`tokenizer/sample.py`: deterministic by sentence hash, at most `input_sentence_size` sentences, sources
weighted by `tokenizer.source_weights` or else by their size) is written by the job to
`<output>/work/tokenizer_sample/<source>/part-*.txt`, one sentence per line. The launcher reads only that sample:
SentencePiece keeps its training sentences in memory, so this is the one step bounded by the launcher's memory
(LLaMA: 200M sentences; see the README's scale section).
"""
from __future__ import annotations

import json

import apache_beam as beam

from pipeline.io import MatchInputs, join_path, read_text, remove_tree, write_text
from pipeline.report import counters_from_result
from pipeline.runner import is_dry_run, make_runner
from tokenizer.sample import SAMPLE_NAMESPACE, sample_sentences_transform
from tokenizer.spec import TokenizerSpec
from tokenizer.train import MODEL_NAME, SUMMARY_NAME, train

DOCS_GLOB = ("docs", "*", "*.parquet")


def config_keys(sources) -> dict:
    """Every key of the config's `tokenizer:` section that this step reads (recipe/run.py rejects any other).
    `spec` stays open here: its fields are SentencePiece's, checked by TokenizerSpec.override (tokenizer_spec)."""
    return {"spec": None, "vocab_size": None, "input_sentence_size": None, "num_threads": None, "seed": None,
            "source_weights": dict.fromkeys(sources)}


def tokenizer_spec(config: dict) -> TokenizerSpec:
    tok = config.get("tokenizer") or {}
    spec = TokenizerSpec().override([f"{field}={value}" for field, value in (tok.get("spec") or {}).items()])
    flags = {key: tok[key] for key in ("vocab_size", "input_sentence_size", "num_threads") if tok.get(key) is not None}
    return spec.override(flags)


def sample_dir(output: str) -> str:
    return join_path(output, "work", "tokenizer_sample")


def build_sample_job(pipeline, output: str, sources: list[str], spec: TokenizerSpec, seed: int,
                     weights: dict | None) -> None:
    sampled = (pipeline
               | "Documents" >> MatchInputs(join_path(output, *DOCS_GLOB))
               | "SampleSentences" >> sample_sentences_transform(
                   size=int(spec.trainer["input_sentence_size"]), seed=seed,
                   max_bytes=int(spec.trainer["max_sentence_length"]), weights=weights))
    parts = sampled | "PerSource" >> beam.Partition(
        lambda pair, n: sources.index(pair[0]) if pair[0] in sources else n - 1, len(sources) + 1)
    for index, source in enumerate(sources):
        (parts[index]
         | f"Text {source}" >> beam.Map(lambda pair: pair[1])
         | f"Write {source}" >> beam.io.WriteToText(join_path(sample_dir(output), source, "part"),
                                                    file_name_suffix=".txt", skip_if_empty=True))


def train_tokenizer(config: dict, output: str, sources: list[str], options, log=print) -> dict:
    """Returns {"model", "vocab_size", "sha256"}; in a dry run the job is only translated."""
    tok = config.get("tokenizer") or {}
    spec, seed = tokenizer_spec(config), int(tok.get("seed") or 0)
    directory = join_path(output, "tokenizer")
    pipeline = beam.Pipeline(runner=make_runner(options), options=options)
    build_sample_job(pipeline, output, sources, spec, seed, tok.get("source_weights"))
    if is_dry_run(options):
        log(f"  sample job: reads {join_path(output, *DOCS_GLOB)}\n"
            f"              writes at most {int(spec.trainer['input_sentence_size']):,} sentences to "
            f"{sample_dir(output)}/<source>/\n"
            f"  then on this machine: SentencePiece on that sample -> {join_path(directory, MODEL_NAME)}")
        pipeline.run()
        return {"model": join_path(directory, MODEL_NAME), "vocab_size": int(spec.trainer["vocab_size"])}
    remove_tree(sample_dir(output))  # a new sample, never mixed with an earlier one's files
    result = pipeline.run()
    result.wait_until_finish()
    counters = counters_from_result(result).get(SAMPLE_NAMESPACE, {})
    summary = train([join_path(sample_dir(output), "*", "*.txt")], directory, spec, seed=seed,
                    log=lambda message: log(message, flush=True))
    summary["corpus"] = {"sample_job_counters": counters}  # what the job read, beside what the launcher trained on
    write_text(join_path(directory, SUMMARY_NAME), json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return {"model": summary["model"], "vocab_size": summary["vocab_size"], "sha256": summary["model_sha256"]}


def read_summary(output: str) -> dict:
    return json.loads(read_text(join_path(output, "tokenizer", SUMMARY_NAME)))

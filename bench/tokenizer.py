"""Tokenizer benchmarks: training time and peak memory per input size; Beam encoding throughput vs sentencepiece
(bench/encode.py compares encode-shards with datatrove's DocumentTokenizer).

    .venv/bin/python -m bench.tokenizer [--vocab-size 32000] [--sizes 25000,100000,280000] [--repeat 2]

1. Training: `train-tokenizer` (LLaMA spec) in a fresh process per input size (--input-sentence-size), so each
   peak RSS is that run's own (and the part the trainer adds, over the process before training). Inputs:
   Documents built from the sample corpora (c4, Wikipedia, books, ...), repeated --train-scale times under
   distinct ids (repeats are separate sentences to the sampler and to the trainer's memory).
2. Encoding, same texts, same model (the LLaMA tokenizer.model from the corpora), one core each:
   - baseline: `SentencePieceProcessor.encode(texts, num_threads=1)`, sentencepiece's own batch encoding of the
     texts already in memory;
   - ours: the first two steps of encode-shards on the FnApiRunner, one worker: Parquet files -> documents
     (Reshuffle) -> encode stage, counters and all;
   - ours end to end: the `encode-shards` CLI (read, encode, mixture draw, shuffle, shards, manifest), one worker.
   Throughput per core = MB of UTF-8 text (and tokens, BOS and EOS included) per CPU second, which a busy shared machine
   does not distort (wall-clock figures with one worker are reported too); ratios are against the baseline
   measured in the same run, interleaved, best of --repeat.
Results: bench/results/tokenizer.json.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import timed

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
LLAMA_MODEL = CORPORA / "tokenizer" / "llama2_tokenizer.model"


def build_inputs(directory: Path, scale: int = 1) -> list[dict]:
    """Documents of the sample corpora (the tests' builder), each repeated `scale` times under distinct ids so
    that fixed costs (pipeline start) weigh less."""
    sys.path.insert(0, str(REPO))
    from tests.test_tokenizer_samples import build_sources, write_documents

    docs = {source: [{**d, "id": f"{d['id']}-{k}"} for k in range(scale) for d in ds]
            for source, ds in build_sources(CORPORA).items()}
    write_documents(directory, docs)
    return [d for ds in docs.values() for d in ds]


def bench_training(corpus: Path, work: Path, vocab_size: int, sizes: list[int]) -> list[dict]:
    rows = []
    for size in sizes:
        out = work / f"tok-{size}"
        cmd = [sys.executable, "-m", "tokenizer.train", "--input", str(corpus), "--output", str(out),
               "--vocab-size", str(vocab_size), "--input-sentence-size", str(size)]
        started = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        summary = json.loads((out / "tokenizer_summary.json").read_text())
        rows.append({
            "input_sentence_size": size,
            "sentences": summary["sample"]["sentences"],
            "sample_mb": round(summary["sample"]["characters"] / 1e6, 2),
            "vocab_size": summary["vocab_size"],
            "threads": summary["trainer_spec"]["num_threads"],
            "train_s": summary["seconds"]["total"],
            "process_wall_s": round(wall, 2),
            "peak_rss_mib": summary["peak_rss_mib"],
            "training_rss_mib": round(summary["peak_rss_mib"] - summary["peak_rss_before_training_mib"], 1),
        })
        print(f"train: {rows[-1]}", flush=True)
    return rows


def bench_sentencepiece(texts: list[str]) -> dict:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(LLAMA_MODEL))
    figures: dict = {}
    with timed(figures, "run"):
        encoded = processor.encode(texts, num_threads=1)
    return {**figures["run"], "tokens": sum(len(ids) + 2 for ids in encoded)}  # + BOS and EOS, as in the shards


def _count_tokens(encoded: dict) -> None:
    from apache_beam.metrics import Metrics

    Metrics.counter("bench", "tokens").inc(encoded["n_tokens"])


def bench_beam_read_encode(corpus: Path) -> dict:
    """The first two steps of encode-shards as they run there: Parquet files -> documents -> encode."""
    import apache_beam as beam
    from apache_beam.metrics.metric import MetricsFilter
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    from pipeline.stages import Stage
    from tokenizer.documents import expand_inputs
    from tokenizer.encoder import DocumentEncoder, ReadDocumentFile

    figures: dict = {}
    with timed(figures, "run"):
        pipeline = beam.Pipeline(runner=FnApiRunner(), options=PipelineOptions(["--direct_num_workers=1"]))
        files = pipeline | beam.Create(expand_inputs([str(corpus)])) | "SpreadFiles" >> beam.Reshuffle()
        docs = files | Stage("bench", "read", ReadDocumentFile(), fan_out=True)
        spread = docs.kept | "SpreadDocuments" >> beam.Reshuffle()
        encoded = spread | Stage("bench", "encode", DocumentEncoder(str(LLAMA_MODEL)))
        encoded.kept | beam.Map(_count_tokens)
        result = pipeline.run()
        result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_name("tokens"))["counters"]
    return {**figures["run"], "tokens": sum(c.committed for c in counters)}


def bench_encode_shards(corpus: Path, work: Path) -> dict:
    out = work / "tokens"
    cmd = [sys.executable, "-m", "tokenizer.encode", "--input", str(corpus), "--tokenizer", str(LLAMA_MODEL),
           "--output", str(out), "--overwrite", "--set", "target_tokens=1e12", "--direct_num_workers=1"]
    figures: dict = {}
    with timed(figures, "run"):
        subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = json.loads((out / "manifest.json").read_text())
    encoded = sum(r["tokens_available"] for r in manifest["mixture"]["sources"].values())
    return {**figures["run"], "tokens": encoded, "tokens_written": manifest["total_tokens"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab-size", type=int, default=32000)
    parser.add_argument("--sizes", default="25000,100000,280000", help="input sentence sizes to train on")
    parser.add_argument("--train-scale", type=int, default=4, help="repeat the documents this many times for training")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--encode-scale", type=int, default=3, help="repeat the documents this many times for encoding")
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from bench.common import save

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        training = []
        if not args.skip_training:
            build_inputs(work / "train_corpus", scale=args.train_scale)
            training = bench_training(work / "train_corpus", work, args.vocab_size,
                                      [int(s) for s in args.sizes.split(",")])

        corpus = work / "corpus"
        docs = build_inputs(corpus, scale=args.encode_scale)
        texts = [d["text"] for d in docs]
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"encoding inputs: {len(docs)} documents, {megabytes:.2f} MB", flush=True)

        runs = {"sentencepiece_batch": [], "beam_read_encode": [], "encode_shards_end_to_end": []}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every variant alike
            runs["sentencepiece_batch"].append(bench_sentencepiece(texts))
            runs["beam_read_encode"].append(bench_beam_read_encode(corpus))
            runs["encode_shards_end_to_end"].append(bench_encode_shards(corpus, work))
        best = {name: min(r, key=lambda x: x["cpu_s"]) for name, r in runs.items()}
        tokens = best["sentencepiece_batch"]["tokens"]
        for name, run in best.items():
            assert run["tokens"] == tokens, f"{name} counted {run['tokens']} tokens, sentencepiece {tokens}"
        baseline = best["sentencepiece_batch"]
        encoding = {}
        for name, run in best.items():
            encoding[name] = {
                "wall_s": round(run["wall_s"], 2),
                "cpu_s": round(run["cpu_s"], 2),
                "mb_per_cpu_s": round(megabytes / run["cpu_s"], 3),
                "tokens_per_cpu_s": round(tokens / run["cpu_s"]),
                "mb_per_wall_s_one_worker": round(megabytes / run["wall_s"], 3),
                "ratio_to_sentencepiece_cpu": round(baseline["cpu_s"] / run["cpu_s"], 3),
                "ratio_to_sentencepiece_wall": round(baseline["wall_s"] / run["wall_s"], 3),
            }
        result = {"inputs": {"documents": len(docs), "megabytes": round(megabytes, 2), "tokens": tokens,
                             "model": LLAMA_MODEL.name},
                  "training": training, "encoding": encoding}
        path = save("tokenizer", result)
        print(json.dumps(result, indent=2))
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

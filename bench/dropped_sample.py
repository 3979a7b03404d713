"""Cost of the sample of dropped documents (pipeline/dropped.py) and of the progress lines (pipeline/progress.py).

One Beam job (FnApiRunner, in-process) reads N synthetic documents of ~1,000 characters from Parquet through a
read stage, drops a share of them in a filter stage, and writes the source's output (documents, dead letters,
the dropped sample). Variants, interleaved, same documents:
- shipped: as the framework runs it (every dropped Document offered to the sample; progress on);
- baseline: the filter stage without the sample's per-document work (the DoFn's process() as it was before the
  sample existed) and progress off.
CPU seconds of this process; the ratio shipped / baseline is the overhead.

    .venv/bin/python -m bench.dropped_sample [--docs 20000] [--drop 0.5] [--repeat 2]
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

import pipeline.stages as stages
from bench.common import machine, save, timed
from pipeline.io import MatchInputs, write_source_output
from pipeline.progress import ENV
from pipeline.stages import Drop, Reject, SourceOutput, Stage


def _process_without_sample(self, element):  # _StageDoFn.process before the dropped sample existed
    if self._files:
        yield from self._process_file(element)
        return
    try:
        outcomes = self._fn(element)
        if not self._fan_out:
            outcomes = (outcomes,)
        for outcome in outcomes:
            yield from self._route(outcome)
    except Exception as exc:  # noqa: BLE001
        yield from self._route(Reject(reason=f"error:{type(exc).__name__}", detail=str(exc)[:500]))


def read_parquet(path: str):
    for row in pq.read_table(path).to_pylist():
        yield row


def run_job(inputs: Path, output: Path, drop: float) -> None:
    threshold = int(drop * 1000)

    def filter_fn(doc):
        return Drop("sampled_out") if int(doc["id"][1:]) % 1000 < threshold else doc

    with beam.Pipeline(runner=FnApiRunner()) as p:
        read = p | MatchInputs(str(inputs / "*.parquet"), "toy") | Stage("toy", "read", read_parquet, files=True)
        kept = read.kept | Stage("toy", "filter", filter_fn)
        write_source_output(SourceOutput(kept.kept, [read.rejects, kept.rejects]), str(output), "toy")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--drop", type=float, default=0.5, help="share of documents the filter drops")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()
    shipped_process = stages._StageDoFn.process
    runs: dict = {"shipped": [], "baseline": []}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        per_file = 2000
        for start in range(0, args.docs, per_file):
            rows = [{"id": f"d{i}", "source": "toy", "url": None, "lang": "en", "lang_score": None, "metadata": "{}",
                     "text": " ".join(words[(i + k) % len(words)] for k in range(160))}
                    for i in range(start, min(start + per_file, args.docs))]
            pq.write_table(pa.Table.from_pylist(rows), inputs / f"part-{start:08d}.parquet")
        for r in range(args.repeat):
            for variant in ("baseline", "shipped"):
                stages._StageDoFn.process = _process_without_sample if variant == "baseline" else shipped_process
                os.environ[ENV] = "0" if variant == "baseline" else "5"
                figures: dict = {}
                with timed(figures, "job"):
                    run_job(inputs, Path(tmp) / f"out-{variant}-{r}", args.drop)
                runs[variant].append(figures["job"])
                print(f"{variant}: {figures['job']['cpu_s']:.2f} CPU s, {figures['job']['wall_s']:.2f} s", flush=True)
        stages._StageDoFn.process = shipped_process
    best = {v: min(x["cpu_s"] for x in runs[v]) for v in runs}
    result = {"docs": args.docs, "drop": args.drop, "runs": runs, "best_cpu_s": best,
              "overhead_ratio": best["shipped"] / best["baseline"], "machine": machine()}
    print(f"shipped / baseline CPU: {result['overhead_ratio']:.3f} ({args.docs} documents, {args.drop:.0%} dropped)")
    save("dropped_sample", result)
    return result


if __name__ == "__main__":
    main()

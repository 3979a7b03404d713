"""Cost model: per-stage CPU-seconds, peak memory and shuffle bytes per document, for each source at three input
sizes, and the llama1 recipe projected to Dataflow worker-hours, shuffle TB and cost.

Inputs are built from the real samples in ../shared/corpora by repetition with distinct ids (the same makers as
the other benchmarks: bench.commoncrawl, bench.c4, bench.github, bench.arxiv, bench.split), at three sizes per
source (--scale multiplies them all). Each (source, size) runs the source's Beam job in its OWN process
(`python -m bench.scale --one ...`, FnApiRunner, in-process, one core), so peak RSS is that run's own. Measured:

- CPU-seconds: the process's user+system CPU (getrusage) for the whole job (building, reading, writing);
- per stage: Beam's per-transform `ptransform_execution_time:total_msecs` counters summed per top-level step
  (the source's stages, its shuffles, the writers). Those msecs are wall time inside each transform, inflated
  alike for every stage on a busy machine, so each stage's CPU is its msecs share of the measured CPU-seconds;
- peak memory: the run's peak RSS (all stages in one process: an upper bound of one worker's need, per run);
- shuffle bytes: for every GroupByKey (Reshuffle, CoGroupByKey and combiners included) the runner's
  `element_count` x mean `sampled_byte_size` of its input PCollection, i.e. encoded bytes sent to the shuffle.
  For combiners this is the size before combiner lifting (an upper bound).

Growth: each figure per document at the three sizes, and its exponent between the smallest and the largest size
(1.0 = linear in the input; the dedup stages are the ones to watch).

Projection (the llama1 recipe, LLaMA paper Table 1 disk sizes, taken as the sources' OUTPUT text): CPU and
shuffle per output byte at the largest size x the paper's size; for CommonCrawl the synthetic input keeps far
more than real crawl does, so the input is the output / an assumed keep fraction (range in ASSUMPTIONS).
vCPU-hours -> n1-standard-4 worker-hours and cost with the PRICES below (Dataflow batch, us-central1 list prices;
low = FlexRS discounted, high = on-demand with a utilisation factor). The tokenizer/shards/training steps are not
included (see bench.tokenizer, bench.trainer_gpu).

    .venv/bin/python -m bench.scale [--scale 1.0] [--sources commoncrawl,c4,...] [--sizes 2000,20000,50000]
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import save

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"

# Three input sizes per source, in the maker's unit (documents, files, copies of a sample), before --scale.
SIZES = {
    "commoncrawl": ("documents", (1000, 4000, 10000)),
    "c4": ("documents", (2000, 8000, 20000)),
    "github": ("files", (500, 1500, 4000)),
    "wikipedia": ("copies of the 6.1 MB enwiki sample", (1, 3, 6)),
    "books": ("copies of the 10 sample books", (1, 3, 6)),
    "arxiv": ("copies of the 4 sample papers", (3, 10, 25)),
    "stackexchange": ("copies of the 2.6 MB beer site", (2, 6, 15)),
}

# LLaMA (Touvron et al. 2023), Table 1: disk size of each source's pre-processed data.
LLAMA1_DISK_GB = {"commoncrawl": 3300, "c4": 783, "github": 328, "wikipedia": 83, "books": 85, "arxiv": 92,
                  "stackexchange": 78}

# Price assumptions (USD, Dataflow batch, us-central1 list prices, 2024). Documented here, used below.
PRICES = {
    "vcpu_hour": {"low": 0.0336, "high": 0.056},  # low: FlexRS discount; high: on-demand batch
    "gb_hour": {"low": 0.0021, "high": 0.003557},  # worker memory, billed for the whole machine
    "pd_gb_hour": 0.000054,  # standard persistent disk, 25 GB per batch worker with Dataflow Shuffle
    "shuffle_gb": 0.011,  # Dataflow Shuffle, batch, per GB processed (the service bills data read + written)
}
WORKER = {"type": "n1-standard-4", "vcpus": 4, "memory_gb": 15, "disk_gb": 25}
ASSUMPTIONS = {
    # the CPU on a Dataflow vCPU vs this machine's core (Python, one process per vCPU): 1.0 = the same speed
    "vcpu_speed_vs_here": 1.0,
    "utilisation": {"low": 0.9, "high": 0.6},  # share of paid vCPU time doing work (autoscaling, stragglers)
    # CommonCrawl: share of the input text the CCNet pipeline keeps (dedup + English LID + head/middle);
    # the paper's 3.3 TB is the output. cc_net kept roughly a fifth of a dump's English text in head+middle.
    "commoncrawl_keep_fraction": {"low": 0.3, "high": 0.1},
    "shuffle_billed_factor": 2.0,  # shuffled bytes are written then read
}


# ------------------------------------------------------------------------------------------------- inputs


def make_input(source: str, work: Path, n: int) -> tuple[list[str], int]:
    """-> (recipe.run arguments: --input and extras, input bytes)."""
    if source == "commoncrawl":
        from bench.commoncrawl import make_input as cc_input

        path, _, size = cc_input(work, n)
        return ["--input", str(path)], size
    if source == "c4":
        return _c4_json(work, n)
    if source == "github":
        from bench.github import make_input as gh_input

        (work / "repos").mkdir()
        _, size = gh_input(work / "repos", n)
        return ["--input", f"{work / 'repos'}/**"], size
    if source == "arxiv":
        from bench.arxiv import make_input as arxiv_input

        (work / "papers").mkdir()
        _, _, size = arxiv_input(work / "papers", n)
        return ["--input", str(work / "papers" / "*")], size
    if source == "wikipedia":
        from bench.split import make_wiki_dump

        dump = make_wiki_dump(work, n)
        return ["--input", str(dump), "--set", "languages=[en]"], dump.stat().st_size
    if source == "stackexchange":
        from bench.split import make_posts

        posts = make_posts(work, n)
        return ["--input", str(posts)], posts.stat().st_size
    if source == "books":
        return _books(work, n)
    raise ValueError(source)


def _c4_json(work: Path, n: int) -> tuple[list[str], int]:
    """The public C4 json format: the 1000 sample records, copy k with a letter-tagged url and lines."""
    from bench.common import letter_tag

    sample = [json.loads(line) for line in (CORPORA / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl").open()]
    path = work / "c4-train.00000-of-01024.json.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for i in range(n):
            rec, tag = sample[i % len(sample)], letter_tag(i // len(sample), "q")
            text = "\n".join(f"{line} {tag}" for line in rec["text"].split("\n"))
            out.write(json.dumps({"text": text, "url": f"{rec['url']}?{tag}", "timestamp": rec["timestamp"]}) + "\n")
    return ["--input", str(path)], path.stat().st_size


_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _books(work: Path, copies: int) -> tuple[list[str], int]:
    """The sample books, copy k with its lower-case letters rotated by k (distinct shingles, so copies are not
    near-duplicates; the Gutenberg markers, in capitals, still frame the body)."""
    (work / "books").mkdir()
    size = 0
    for k in range(copies):
        table = str.maketrans(_LOWER, _LOWER[k % 26:] + _LOWER[: k % 26])
        for book in sorted((CORPORA / "books").glob("*.txt")):
            text = book.read_bytes().decode("utf-8", "surrogateescape")
            target = work / "books" / f"{book.stem}-copy{k}.txt"
            target.write_bytes(text.translate(table).encode("utf-8", "surrogateescape"))
            size += target.stat().st_size
    return ["--input", str(work / "books" / "*.txt")], size


# ---------------------------------------------------------------------------------------------- one run


def _cc_models(cache: Path) -> list[str]:
    """CommonCrawl's quality models (trained once on the samples by bench.commoncrawl, cached)."""
    lm, clf = cache / "lm", cache / "wiki_ref.bin"
    if not clf.exists():
        from bench.commoncrawl import train_models

        cache.mkdir(parents=True, exist_ok=True)
        trained_lm, trained_clf = train_models(cache)
        assert Path(trained_lm) == lm and Path(trained_clf) == clf
    return ["--set", f"perplexity.models={lm}", "--set", f"wiki_ref.model={clf}"]


def _step_msecs(result) -> dict[str, float]:
    """Beam's total msecs per top-level step (the first component of the transform's name)."""
    from apache_beam.metrics.monitoring_infos import extract_counter_value

    steps: dict[str, float] = {}
    for info in result.monitoring_infos():
        if info.urn != "beam:metric:ptransform_execution_time:total_msecs:v1":
            continue
        name = info.labels.get("PTRANSFORM", "")
        top = name.split("/", 1)[0]
        steps[top] = steps.get(top, 0.0) + extract_counter_value(info)
    return steps


def _shuffle_bytes(result, pipeline_proto) -> int:
    """Encoded bytes into every GroupByKey: element count x mean sampled size of each GBK input PCollection."""
    from apache_beam.metrics.monitoring_infos import extract_counter_value, extract_distribution

    gbk_inputs = {pcoll for t in pipeline_proto.components.transforms.values()
                  if t.spec.urn == "beam:transform:group_by_key:v1" for pcoll in t.inputs.values()}
    counts, sizes = {}, {}
    for info in result.monitoring_infos():
        pcoll = info.labels.get("PCOLLECTION")
        if pcoll is None:
            continue
        pcoll = re.sub(r"^ref_PCollection_", "", pcoll)
        if info.urn == "beam:metric:element_count:v1":
            counts[pcoll] = counts.get(pcoll, 0) + extract_counter_value(info)
        elif info.urn == "beam:metric:sampled_byte_size:v1":
            count, total, _, _ = extract_distribution(info)
            c, t = sizes.get(pcoll, (0, 0))
            sizes[pcoll] = (c + count, t + total)
    total = 0.0
    for pcoll in gbk_inputs:
        key = re.sub(r"^ref_PCollection_", "", pcoll)
        sampled, sampled_bytes = sizes.get(key, (0, 0))
        if sampled:
            total += counts.get(key, 0) * sampled_bytes / sampled
    return int(total)


def one_run(source: str, n: int, work: Path, model_cache: Path) -> dict:
    """Build the input, run the source's job in this process, measure."""
    from pipeline.io import read_documents
    from pipeline.report import build_source_report, counters_from_result
    from recipe.run import build_pipeline, resolve

    args, input_bytes = make_input(source, work, n)
    extra = _cc_models(model_cache) if source == "commoncrawl" else []
    argv = ["--source", source, *args, "--output", str(work / "out"), *extra]
    options, source, input_pattern, output, module, params = resolve(argv)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0, wall0 = usage.ru_utime + usage.ru_stime, time.perf_counter()
    pipeline = build_pipeline(options, source, input_pattern, output, module, params)
    result = pipeline.run()
    result.wait_until_finish()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu, wall = usage.ru_utime + usage.ru_stime - cpu0, time.perf_counter() - wall0
    report = build_source_report(source, counters_from_result(result).get(source, {}), module.STAGES)
    docs = read_documents(str(work / "out" / "docs" / source / "*.parquet"))
    msecs = _step_msecs(result)
    total_ms = sum(msecs.values()) or 1.0
    return {
        "source": source, "size": n, "input_bytes": input_bytes,
        "records_in": report["stages"][0]["in"], "documents_out": len(docs),
        "output_text_bytes": sum(len(d["text"].encode("utf-8")) for d in docs),
        "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "shuffle_bytes": _shuffle_bytes(result, pipeline.to_runner_api()),
        "stage_cpu_s": {k: round(cpu * v / total_ms, 3) for k, v in sorted(msecs.items(), key=lambda kv: -kv[1])
                        if v / total_ms >= 0.005},
    }


# ------------------------------------------------------------------------------------------ model, report


def growth(runs: list[dict], field: str) -> float | None:
    """Exponent b of field ~ records^b between the smallest and largest run (1.0 = linear)."""
    a, z = runs[0], runs[-1]
    if not (a[field] and z[field]) or a["records_in"] == z["records_in"]:
        return None
    return round(math.log(z[field] / a[field]) / math.log(z["records_in"] / a["records_in"]), 2)


def per_document(run: dict) -> dict:
    n = max(run["records_in"], 1)
    return {"records_in": run["records_in"], "cpu_ms_per_record": round(1000 * run["cpu_s"] / n, 3),
            "shuffle_bytes_per_record": round(run["shuffle_bytes"] / n, 1), "peak_rss_mib": run["peak_rss_mib"],
            "output_bytes_per_input_byte": round(run["output_text_bytes"] / max(run["input_bytes"], 1), 3)}


def project(runs_by_source: dict[str, list[dict]]) -> dict:
    """The llama1 recipe: each source's largest run scaled to the paper's output size, then priced."""
    rows, totals = {}, {"low": {"vcpu_h": 0.0, "shuffle_tb": 0.0}, "high": {"vcpu_h": 0.0, "shuffle_tb": 0.0}}
    for source, runs in runs_by_source.items():
        big = runs[-1]
        out_bytes = LLAMA1_DISK_GB[source] * 1e9
        if not big["output_text_bytes"]:
            continue
        factor = {"low": out_bytes / big["output_text_bytes"], "high": out_bytes / big["output_text_bytes"]}
        if source == "commoncrawl":  # scale by input: output / assumed keep fraction, per input byte measured
            for case in ("low", "high"):
                input_bytes = out_bytes / ASSUMPTIONS["commoncrawl_keep_fraction"][case]
                factor[case] = input_bytes / big["input_bytes"]
        row = {}
        for case in ("low", "high"):
            vcpu_h = big["cpu_s"] * factor[case] / 3600 / ASSUMPTIONS["vcpu_speed_vs_here"]
            shuffle_tb = big["shuffle_bytes"] * factor[case] / 1e12
            row[case] = {"vcpu_hours": round(vcpu_h), "shuffle_tb": round(shuffle_tb, 2)}
            totals[case]["vcpu_h"] += vcpu_h
            totals[case]["shuffle_tb"] += shuffle_tb
        rows[source] = row
    summary = {}
    for case in ("low", "high"):
        paid_vcpu_h = totals[case]["vcpu_h"] / ASSUMPTIONS["utilisation"][case]
        worker_h = paid_vcpu_h / WORKER["vcpus"]
        cpu_cost = paid_vcpu_h * PRICES["vcpu_hour"][case]
        mem_cost = worker_h * WORKER["memory_gb"] * PRICES["gb_hour"][case]
        disk_cost = worker_h * WORKER["disk_gb"] * PRICES["pd_gb_hour"]
        shuffle_cost = totals[case]["shuffle_tb"] * 1000 * ASSUMPTIONS["shuffle_billed_factor"] * PRICES["shuffle_gb"]
        summary[case] = {"worker_hours": round(worker_h), "vcpu_hours_paid": round(paid_vcpu_h),
                         "shuffle_tb": round(totals[case]["shuffle_tb"], 1),
                         "cost_usd": round(cpu_cost + mem_cost + disk_cost + shuffle_cost),
                         "cost_parts_usd": {"vcpu": round(cpu_cost), "memory": round(mem_cost),
                                            "disk": round(disk_cost), "shuffle": round(shuffle_cost)}}
    return {"by_source": rows, "total": summary, "prices": PRICES, "worker": WORKER, "assumptions": ASSUMPTIONS,
            "llama1_disk_gb": LLAMA1_DISK_GB}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every input size")
    parser.add_argument("--sources", default=",".join(SIZES))
    parser.add_argument("--sizes", help="three sizes a,b,c for every selected source (instead of SIZES)")
    parser.add_argument("--one", nargs=2, metavar=("SOURCE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--models", help="cache of CommonCrawl's quality models (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.one:  # child process: one measurement, JSON on the last line of stdout
        print(json.dumps(one_run(args.one[0], int(args.one[1]), Path(args.work), Path(args.models))))
        return {}
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    models = Path(args.models) if args.models else tmp / "models"
    try:
        runs_by_source: dict[str, list[dict]] = {}
        for source in args.sources.split(","):
            unit, sizes = SIZES[source]
            sizes = tuple(int(x) for x in args.sizes.split(",")) if args.sizes else sizes
            runs = []
            for size in sizes:
                n = max(1, round(size * args.scale))
                work = tmp / f"{source}-{n}"
                work.mkdir()
                proc = subprocess.run([sys.executable, "-m", "bench.scale", "--one", source, str(n), "--work",
                                       str(work), "--models", str(models)], cwd=REPO, capture_output=True, text=True)
                if proc.returncode != 0:
                    raise SystemExit(f"{source} {n}: failed\n{proc.stderr[-3000:]}")
                run = json.loads(proc.stdout.strip().splitlines()[-1])
                print(json.dumps(run), flush=True)
                runs.append(run)
                shutil.rmtree(work, ignore_errors=True)
            runs_by_source[source] = runs
        result = {
            "unit": {s: SIZES[s][0] for s in runs_by_source},
            "runs": runs_by_source,
            "per_record": {s: [per_document(r) for r in runs] for s, runs in runs_by_source.items()},
            "growth_exponent": {s: {f: growth(runs, f) for f in ("cpu_s", "shuffle_bytes", "peak_rss_mib")}
                                for s, runs in runs_by_source.items()},
            "projection_llama1": project(runs_by_source),
        }
        print(json.dumps({k: result[k] for k in ("per_record", "growth_exponent", "projection_llama1")}, indent=1))
        everything = list(runs_by_source) == list(SIZES) and not args.sizes
        name = "scale" if everything else "scale_" + "_".join(runs_by_source)
        print(f"saved: {save(name, result)}")
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

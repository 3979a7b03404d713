"""Huge single files split over workers (pipeline.splits): one large dump, 1 worker vs 2, same documents.

Inputs, built from the real samples in ../shared/corpora by repetition with distinct ids:

- Wikipedia: the enwiki sample's pages, copy k with page and revision ids + k * 10^8, written as ONE
  `enwiki-...-pages-articles-multistream.xml.bz2` in Wikimedia's layout (header stream, 100 pages a stream,
  footer stream) with its `-index.txt.bz2`;
- StackExchange: beer.stackexchange.com's rows, copy k with Id/ParentId/AcceptedAnswerId + k * 10^7, as ONE
  plain `Posts.xml`.

Each source runs as `python -m recipe.run` (its own process, so the workers' CPU is counted) with
`--direct_running_mode=multi_processing` and:

- `one_worker`  : --direct_num_workers=1, split on (the baseline),
- `two_workers` : --direct_num_workers=2, split on   -> speedup = one_worker wall / two_workers wall,
- `two_unsplit` : --direct_num_workers=2, split_bytes=0 (one worker reads the file; the later stages spread).

The documents of every run are compared (ids and text hashes). The machine is shared: the raw wall and CPU
seconds of every run are printed and saved (bench/results/split.json); rerun when quieter if the ratio is noisy.
Each run also records the CPU-seconds of its runner process and of each SDK worker process (polled from /proc):
`cpu_bound_speedup_two_over_one` = (runner + busiest worker CPU) with one worker / the same with two, the
wall-clock ratio the runs would show on otherwise idle cores.

    .venv/bin/python -m bench.split [--wiki-copies 12] [--se-copies 40] [--ranges 16] [--sources wikipedia,stackexchange]
"""
from __future__ import annotations

import argparse
import bz2
import hashlib
import json
import os
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
ENWIKI = CORPORA / "wikipedia" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
BEER = CORPORA / "stackexchange" / "beer.stackexchange.com" / "Posts.xml"


def make_wiki_dump(work: Path, copies: int) -> Path:
    """The enwiki sample's pages `copies` times (distinct page/revision ids) as one multistream dump + index."""
    xml = bz2.decompress(ENWIKI.read_bytes())
    starts = [m.start() for m in re.finditer(rb"  <page>", xml)]
    end = xml.rindex(b"</mediawiki>")
    header, footer = xml[: starts[0]], xml[end:]
    pages = [xml[a:b] for a, b in zip(starts, starts[1:] + [end])]
    ids = re.compile(rb"(<(?:page|revision)>\s*(?:<title>[^<]*</title>\s*<ns>\d+</ns>\s*)?<id>)(\d+)(</id>)")

    def copy_of(page: bytes, k: int) -> bytes:
        return ids.sub(lambda m: m[1] + str(int(m[2]) + k * 10**8).encode() + m[3], page) if k else page

    dump = work / "wiki" / "enwiki-20990101-pages-articles-multistream.xml.bz2"
    dump.parent.mkdir(parents=True)
    index, offset = [], 0
    with dump.open("wb") as out:
        offset += out.write(bz2.compress(header))
        all_pages = (copy_of(page, k) for k in range(copies) for page in pages)
        batch: list[bytes] = []
        for page in [*all_pages, None]:
            if page is not None:
                batch.append(page)
            if batch and (page is None or len(batch) == 100):
                for p in batch:
                    page_id = re.search(rb"<id>(\d+)</id>", p)[1].decode()
                    index.append(f"{offset}:{page_id}:x\n")
                offset += out.write(bz2.compress(b"".join(batch)))
                batch = []
        out.write(bz2.compress(footer))
    (dump.parent / "enwiki-20990101-pages-articles-multistream-index.txt.bz2").write_bytes(
        bz2.compress("".join(index).encode()))
    return dump


def make_posts(work: Path, copies: int) -> Path:
    """beer.stackexchange.com's rows `copies` times (distinct ids) as one plain Posts.xml."""
    xml = BEER.read_bytes()
    head_end = xml.index(b"<row")
    tail_start = xml.rindex(b"</posts>")
    rows = xml[head_end:tail_start]
    ids = re.compile(rb'( (?:Id|ParentId|AcceptedAnswerId)=")(\d+)(")')
    path = work / "se" / "beer.stackexchange.com" / "Posts.xml"
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        out.write(xml[:head_end])
        for k in range(copies):
            out.write(ids.sub(lambda m: m[1] + str(int(m[2]) + k * 10**7).encode() + m[3], rows) if k else rows)
        out.write(xml[tail_start:])
    return path


# `python -m recipe.run ARGS` that also prints its own CPU-seconds (the runner process, which moves every element
# between stages), to tell the coordinator's serial share from the workers'.
_CHILD = """
import atexit, resource, runpy, sys
def _own():
    u = resource.getrusage(resource.RUSAGE_SELF)
    print("RUNNER_CPU_S", u.ru_utime + u.ru_stime, flush=True)
atexit.register(_own)
sys.argv = ["recipe.run", *sys.argv[1:]]
runpy.run_module("recipe.run", run_name="__main__")
"""


def run_source(source: str, path: Path, out: Path, workers: int, split_bytes: int, extra: list[str]) -> dict:
    """One `recipe.run` in its own process: wall seconds, CPU seconds of it and its workers, its report."""
    args = ["--source", source, "--input", str(path), "--output", str(out), "--set", f"split_bytes={split_bytes}",
            *extra, "--direct_running_mode=multi_processing", f"--direct_num_workers={workers}"]
    argv = [sys.executable, "-c", _CHILD, *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    per_process = _poll_cpu(proc)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    runner_cpu = float(re.findall(r"RUNNER_CPU_S ([0-9.]+)", stdout)[-1])
    report = json.loads((out / "report" / f"run_{source}.json").read_text())
    workers = sorted((t for pid, t in per_process.items() if pid != proc.pid), reverse=True)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "runner_process_cpu_s": round(runner_cpu, 2),
            "workers_cpu_s": round(cpu - runner_cpu, 2), "cpu_s_per_worker_process": [round(t, 1) for t in workers
                                                                                       if t >= 0.5],
            "cpu_critical_path_s": round(runner_cpu + (workers[0] if workers else 0.0), 2),
            "documents": report["documents_out"],
            "reconciled": report["reconciled"], "digest": _docs_digest(out, source)}


def _poll_cpu(proc: subprocess.Popen, every: float = 0.5) -> dict[int, float]:
    """CPU-seconds of the runner and each of its descendant processes (the SDK workers), polled from /proc until
    it exits (Linux; the last half second of a worker is missed). Shows how the work spread over the workers
    whatever else the machine was doing: the wall-clock ratio on a busy shared machine does not."""
    tick = os.sysconf("SC_CLK_TCK")
    seen: dict[int, float] = {}
    while proc.poll() is None:
        parents, cpu = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        family = {proc.pid}
        for _ in range(4):  # runner -> shell -> worker (a few levels)
            family |= {pid for pid, parent in parents.items() if parent in family}
        for pid in family:
            seen[pid] = max(seen.get(pid, 0.0), cpu.get(pid, 0.0))
        time.sleep(every)
    return seen


def _docs_digest(out: Path, source: str) -> str:
    from pipeline.io import read_documents

    docs = read_documents(str(out / "docs" / source / "*.parquet"))
    digest = hashlib.sha1()
    for doc_id, text in sorted((d["id"], d["text"]) for d in docs):
        digest.update(f"{doc_id}\x00{hashlib.sha1(text.encode()).hexdigest()}\n".encode())
    return digest.hexdigest()


def bench_source(source: str, path: Path, ranges: int, work: Path, extra: list[str]) -> dict:
    size = path.stat().st_size
    split_bytes = -(-size // ranges)
    runs = {}
    for name, workers, split in (("one_worker", 1, split_bytes), ("two_workers", 2, split_bytes),
                                 ("two_unsplit", 2, 0)):
        runs[name] = run_source(source, path, work / f"out-{source}-{name}", workers, split, extra)
        print(f"{source} {name}: {runs[name]}", flush=True)
    same = len({r["digest"] for r in runs.values()}) == 1
    return {"input": path.name, "input_mb": round(size / 1e6, 1), "split_bytes": split_bytes, "runs": runs,
            "same_documents": same,
            "speedup_two_over_one": round(runs["one_worker"]["wall_s"] / runs["two_workers"]["wall_s"], 2),
            "speedup_split_over_unsplit": round(runs["two_unsplit"]["wall_s"] / runs["two_workers"]["wall_s"], 2),
            # what the wall-clock ratio is on otherwise idle cores: runner + busiest worker CPU, one vs two workers
            "cpu_bound_speedup_two_over_one": round(runs["one_worker"]["cpu_critical_path_s"]
                                                    / runs["two_workers"]["cpu_critical_path_s"], 2)}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wiki-copies", type=int, default=12, help="copies of the 6.1 MB enwiki sample")
    parser.add_argument("--se-copies", type=int, default=40, help="copies of the 2.6 MB beer Posts.xml")
    parser.add_argument("--ranges", type=int, default=16, help="ranges per file (split_bytes = size / ranges)")
    parser.add_argument("--sources", default="wikipedia,stackexchange")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-split-"))
    result = {"ranges": args.ranges}
    try:
        sources = args.sources.split(",")
        if "wikipedia" in sources:
            dump = make_wiki_dump(work, args.wiki_copies)
            result["wikipedia"] = bench_source("wikipedia", dump, args.ranges, work, ["--set", "languages=[en]"])
        if "stackexchange" in sources:
            posts = make_posts(work, args.se_copies)
            result["stackexchange"] = bench_source("stackexchange", posts, args.ranges, work, [])
        print(json.dumps(result, indent=2))
        print(f"saved: {save('split', result)}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

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

    .venv/bin/python -m bench.split [--wiki-copies 12] [--se-copies 40] [--ranges 16] [--sources wikipedia,stackexchange]
"""
from __future__ import annotations

import argparse
import bz2
import hashlib
import json
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


def run_source(source: str, path: Path, out: Path, workers: int, split_bytes: int, extra: list[str]) -> dict:
    """One `recipe.run` in its own process: wall seconds, CPU seconds of it and its workers, its report."""
    argv = [sys.executable, "-m", "recipe.run", "--source", source, "--input", str(path), "--output", str(out),
            "--set", f"split_bytes={split_bytes}", *extra,
            "--direct_running_mode=multi_processing", f"--direct_num_workers={workers}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads((out / "report" / f"run_{source}.json").read_text())
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "documents": report["documents_out"],
            "reconciled": report["reconciled"], "digest": _docs_digest(out, source)}


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
            "speedup_split_over_unsplit": round(runs["two_unsplit"]["wall_s"] / runs["two_workers"]["wall_s"], 2)}


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

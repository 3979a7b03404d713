"""Throughput of the arXiv source: safe reading + main file / \\input resolution + comment removal + cut + macro
expansion.

Input: the four sample papers (../shared/corpora/arxiv) packed as arXiv serves them, a `.tar.gz` for the
multi-file papers and a gzipped `.tex` for the single-file ones, repeated --copies times under distinct arXiv ids
(so dedup keeps every copy). The same inputs run through

- `read`      : the reader alone (decompress, untar, decode the .tex members): the baseline,
- `bare_loop` : reader + cleaning, the pure functions in a plain Python loop (one process: one core),
- `beam_fnapi`: the source's Beam pipeline (`python -m recipe.run`, FnApiRunner, in-process),

in the same process. MB are megabytes (10^6 bytes) of uncompressed `.tex` source; MB/s per core = MB / CPU-second.

    .venv/bin/python -m bench.arxiv [--copies 25]
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from bench.common import peak_rss_mib, save, timed

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def _tar_gz(directory: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(directory.iterdir()):
            tar.add(path, arcname=path.name)
    return buffer.getvalue()


def make_input(directory: Path, copies: int) -> tuple[list[str], int, int]:
    """-> (input paths, bytes of .tex source, bytes on disk)."""
    packed = []
    tex_bytes = 0
    for paper in sorted((CORPORA / "arxiv").iterdir()):
        tex_files = sorted(paper.glob("*.tex"))
        tex_bytes += sum(p.stat().st_size for p in tex_files)
        if len(list(paper.iterdir())) == 1:
            packed.append((".gz", gzip.compress(tex_files[0].read_bytes())))
        else:
            packed.append((".tar.gz", _tar_gz(paper)))
    paths, disk = [], 0
    for copy in range(copies):
        for k, (suffix, data) in enumerate(packed):
            path = directory / f"2301.{copy * len(packed) + k:05d}{suffix}"
            path.write_bytes(data)
            paths.append(str(path))
            disk += len(data)
    return paths, tex_bytes * copies, disk


def read_only(paths: list[str]) -> int:
    from sources.arxiv.archive import Limits, PaperFiles, read_papers

    return sum(isinstance(p, PaperFiles) for path in paths for p in read_papers(path, Limits()))


def bare_loop(paths: list[str]) -> int:
    from sources.arxiv.archive import Limits, PaperFiles, read_papers
    from sources.arxiv.clean import clean_paper

    docs = 0
    for path in paths:
        for paper in read_papers(path, Limits()):
            if isinstance(paper, PaperFiles) and clean_paper(paper.tex).text:
                docs += 1
    return docs


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=25)
    args = parser.parse_args(argv)

    from recipe.run import run

    work = Path(tempfile.mkdtemp(prefix="bench-arxiv-"))
    try:
        inputs = work / "in"
        inputs.mkdir()
        paths, tex_bytes, disk_bytes = make_input(inputs, args.copies)
        timings: dict = {}
        with timed(timings, "read"):
            papers_read = read_only(paths)
        with timed(timings, "bare_loop"):
            bare_docs = bare_loop(paths)
        with timed(timings, "beam_fnapi"):
            report = run(["--source", "arxiv", "--input", str(inputs / "*"), "--output", str(work / "out")])
        result = {"papers": len(paths), "tex_mb": tex_bytes / 1e6, "input_mb_on_disk": disk_bytes / 1e6,
                  "papers_read": papers_read, "bare_docs": bare_docs, "beam_docs": report["documents_out"],
                  "peak_rss_mib": peak_rss_mib(), "timings": timings}
        for name, t in timings.items():
            result[f"{name}_mb_per_cpu_s"] = tex_bytes / 1e6 / t["cpu_s"]
            result[f"{name}_mb_per_wall_s"] = tex_bytes / 1e6 / t["wall_s"]
        result["bare_over_read_cpu_ratio"] = timings["bare_loop"]["cpu_s"] / timings["read"]["cpu_s"]
        result["beam_over_bare_cpu_ratio"] = timings["beam_fnapi"]["cpu_s"] / timings["bare_loop"]["cpu_s"]
        print(json.dumps(result, indent=2))
        print(f"saved: {save('arxiv', result)}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The bombs of issue 12 at full size: time and peak memory of each, read with the default limits.

    python -m bench.bombs [--dir /tmp/bombs] [--only NAME ...] [--keep]

Each case is generated streaming (never whole in memory) into --dir, then read in a subprocess of its own by the
source's read-stage function through the framework's per-file accounting (pipeline.files.read_file, exactly what
the Beam read stage runs) with the DEFAULT InputLimits and source parameters; the parent measures the child's wall
time and peak RSS (wait4). Acceptance (issue 12): every case under 30 s and under 1 GiB peak RSS, ending with a dead
letter that names the file and an offset. Results: bench/results/bombs.json and a table on stdout.
"""
from __future__ import annotations

import argparse
import gzip
import json
import lzma
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

GIB = 1 << 30
CHUNK = 1 << 20
LIMIT_S, LIMIT_RSS_MIB = 30.0, 1024.0
TS = "2019-04-25T12:57:54Z"


# ------------------------------------------------------------------------------------------ generators (streaming)


def _zeros_gzip(path: Path, size: int, head: bytes = b"") -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=6) as f:
        f.write(head)
        zero = bytes(CHUNK)
        for _ in range(size // CHUNK):
            f.write(zero)


def _c4_line(text: str, url: str) -> bytes:
    return (json.dumps({"text": text, "url": url, "timestamp": TS}) + "\n").encode()


def _wet(uri: str, text: bytes, length: str | None = None) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {TS}\r\n"
            f"WARC-Record-ID: <urn:uuid:bomb-{abs(hash(uri)) % 10**9}>\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(text) if length is None else length}\r\n\r\n")
    return head.encode() + text + b"\r\n\r\n"


def gen_json_gz_zeros(path: Path) -> None:
    _zeros_gzip(path, 2 * GIB, _c4_line("A good page before the bomb.", "https://example.com/good"))


def gen_json_zst_zeros(path: Path) -> None:
    """zstd's RLE blocks turn 4 bytes into 128 KiB: the steepest ratio of the four codecs."""
    import zstandard

    with open(path, "wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as f:
        f.write(_c4_line("A good page before the bomb.", "https://example.com/good"))
        zero = bytes(CHUNK)
        for _ in range(2 * GIB // CHUNK):
            f.write(zero)


def gen_wet_gz_zeros(path: Path) -> None:
    _zeros_gzip(path, 2 * GIB, _wet("https://example.com/good", b"A good page before the bomb.\n"))


def gen_wet_content_length(path: Path) -> None:
    path.write_bytes(_wet("https://example.com/good", b"A good page.\n")
                     + _wet("https://example.com/huge", b"short", length="2000000000")
                     + _wet("https://example.com/after", b"The page after it.\n"))


# A dump with one good page, then the start of a huge one (its text follows).
HUGE_PAGE_HEAD = (
    b"<mediawiki><siteinfo><dbname>enwiki</dbname></siteinfo>\n"
    b"<page><title>Good</title><ns>0</ns><id>1</id><revision><id>2</id><timestamp>2020-01-01T00:00:00Z"
    b"</timestamp><text>A good page.</text></revision></page>\n"
    b"<page><title>Huge</title><ns>0</ns><id>3</id><revision><id>4</id><timestamp>2020-01-01T00:00:00Z"
    b"</timestamp><text>")


def gen_xz_page(path: Path) -> None:
    """One <page> of 1 GiB of text in an .xml.xz (varied text: a line per number, not one repeated byte)."""
    compressor = lzma.LZMACompressor(preset=1)
    with open(path, "wb") as f:
        f.write(compressor.compress(HUGE_PAGE_HEAD))
        block = b"".join(b"Line %d of a very long article about everything. " % i for i in range(20000))
        written = 0
        while written < GIB:
            f.write(compressor.compress(block))
            written += len(block)
        f.write(compressor.compress(b"</text></revision></page>\n</mediawiki>\n"))
        f.write(compressor.flush())


def gen_xz_page_textlike(path: Path) -> None:
    """The same 1 GiB page, of text that compresses like text (words from a 2000-word vocabulary, ~4x), so the
    ratio bound does not stop it: the reader's page bound must. xz streams concatenate: the 64 MiB block is
    compressed once and its stream written 16 times."""
    import random

    rng = random.Random(1)
    vocabulary = ["".join(rng.choice("etaoinshrdlucmfwypvbgk") for _ in range(rng.randint(2, 10)))
                  for _ in range(2000)]
    block = " ".join(rng.choices(vocabulary, k=(64 << 20) // 6)).encode()[: 64 << 20]
    with open(path, "wb") as f:
        f.write(lzma.compress(
            HUGE_PAGE_HEAD))
        stream = lzma.compress(block, preset=0)
        for _ in range(GIB // len(block)):
            f.write(stream)
        f.write(lzma.compress(b"</text></revision></page>\n"
                              b"<page><title>After</title><ns>0</ns><id>5</id><revision><id>6</id><timestamp>"
                              b"2020-01-01T00:00:00Z</timestamp><text>The page after it.</text></revision>"
                              b"</page>\n</mediawiki>\n"))


def gen_posts_body(path: Path) -> None:
    """A plain Posts.xml whose second row has a 1 GiB Body attribute."""
    path.parent.mkdir(parents=True, exist_ok=True)
    row = '  <row Id="{}" PostTypeId="1" Score="1" Title="Q{}" Body="{}" CreationDate="2020-01-01T00:00:00.000" />\n'
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        f.write(row.format(1, 1, "&lt;p&gt;Good question?&lt;/p&gt;").encode())
        f.write(b'  <row Id="2" PostTypeId="1" Score="1" Title="Q2" Body="')
        block = b"b" * CHUNK
        for _ in range(GIB // CHUNK):
            f.write(block)
        f.write(b'" CreationDate="2020-01-01T00:00:00.000" />\n')
        f.write(row.format(3, 3, "&lt;p&gt;The row after it.&lt;/p&gt;").encode())
        f.write(b"</posts>\n")


def gen_recursive_def(path: Path) -> None:
    path.write_bytes(gzip.compress(b"\\documentclass{article}\\def\\cc#1{\\cc{#1#1}}\\begin{document}"
                                   b"\\section{Boom}\\cc{x}\\end{document}\n"))


def gen_deep_json(path: Path) -> None:
    """A C4 JSON-lines file: a good line, a line of 10 million `[`, a good line."""
    with open(path, "wb") as f:
        f.write(_c4_line("A good page before.", "https://example.com/1"))
        for _ in range(10):
            f.write(b"[" * 1_000_000)
        f.write(b"\n")
        f.write(_c4_line("A good page after.", "https://example.com/2"))


# name -> (file name, generator, source)
CASES = {
    "json.gz 2 GiB zeros": ("c4-zeros.json.gz", gen_json_gz_zeros, "c4"),
    "json.zst 2 GiB zeros": ("c4-zeros.json.zst", gen_json_zst_zeros, "c4"),
    "warc.wet.gz 2 GiB zeros": ("cc-zeros.warc.wet.gz", gen_wet_gz_zeros, "commoncrawl"),
    "WET Content-Length 2e9": ("cc-length.warc.wet", gen_wet_content_length, "commoncrawl"),
    "xml.xz 1 GiB page, repetitive": ("enwiki-20200101-pages-articles-huge.xml.xz", gen_xz_page, "wikipedia"),
    "xml.xz 1 GiB page, ratio ~4": ("enwiki-20200101-pages-articles-text.xml.xz", gen_xz_page_textlike, "wikipedia"),
    "Posts.xml 1 GiB Body": ("bomb.stackexchange.com/Posts.xml", gen_posts_body, "stackexchange"),
    "arXiv recursive \\def": ("9901.99999.gz", gen_recursive_def, "arxiv"),
    "deep JSON line (1e7 '[')": ("c4-deep.json", gen_deep_json, "c4"),
}


# ------------------------------------------------------------------------------------------ the child: one read


def _reader(source: str):
    """The source's read-stage function with its DEFAULT parameters (and arXiv's clean stage after it)."""
    if source == "c4":
        from sources.c4.transform import DEFAULTS, ReadC4JsonFile

        return ReadC4JsonFile(DEFAULTS["language"]), None
    if source == "commoncrawl":
        from sources.commoncrawl.transform import ReadCommonCrawlFile

        return ReadCommonCrawlFile(0), None
    if source == "wikipedia":
        from sources.wikipedia.transform import DEFAULTS, ReadWikipediaDump

        return ReadWikipediaDump(None, DEFAULTS["namespaces"], DEFAULTS["max_page_bytes"]), None
    if source == "stackexchange":
        from sources.stackexchange.transform import DEFAULTS, ReadPostsFile

        return ReadPostsFile(DEFAULTS["max_row_bytes"]), None
    if source == "arxiv":
        from sources.arxiv.transform import DEFAULTS, CleanPaper, ReadPapers

        limits = DEFAULTS["limits"]
        return ReadPapers(limits), CleanPaper(limits["max_paper_tex_bytes"], DEFAULTS["max_expanded_chars"])
    raise KeyError(source)


def raw_decompress(path: str) -> None:
    """The baseline: the stdlib decompressing the whole file, nothing else (no limits, no parsing)."""
    opener = {b"\x1f\x8b": gzip.open, b"\xfd7": lzma.open}
    with open(path, "rb") as f:
        head = f.read(2)
    total = 0
    with opener.get(head, open)(path, "rb") as f:
        while chunk := f.read(CHUNK):
            total += len(chunk)
    print(json.dumps({"decompressed_bytes": total}))


def child(path: str, source: str) -> None:
    from pipeline.files import read_file
    from pipeline.stages import Drop, Reject

    read, clean = _reader(source)
    reading = read_file(read, path)
    kept, letters = 0, []
    while True:
        try:
            outcome = next(reading)
        except StopIteration as stop:
            status = stop.value
            break
        if clean is not None and not isinstance(outcome, (Drop, Reject)):
            outcome = clean(outcome)
        if isinstance(outcome, Reject):
            letters.append({"reason": outcome.reason, "file": outcome.file, "offset": outcome.offset,
                            "record_id": outcome.record_id})
        elif not isinstance(outcome, Drop):
            kept += 1
    print(json.dumps({"kept": kept, "dead_letters": letters, "file_status": status.status,
                      "file_reason": status.reason}))


# ------------------------------------------------------------------------------------------ the parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default="/tmp/bombs", help="where the bomb files are generated (reused if present)")
    parser.add_argument("--only", nargs="*", help="case names (substrings) to run")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "SOURCE"), help=argparse.SUPPRESS)
    parser.add_argument("--raw", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if args.raw:
        raw_decompress(args.raw)
        return 0

    if args.only and not any(part in name for name in CASES for part in args.only):
        parser.error(f"--only {' '.join(args.only)} matches no case: {', '.join(CASES)}")
    root = Path(args.dir)
    root.mkdir(parents=True, exist_ok=True)
    results = []
    for name, (file_name, generate, source) in CASES.items():
        if args.only and not any(part in name for part in args.only):
            continue
        path = root / file_name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            generate(path)
            print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s",
                  flush=True)
        result = run_case_measured(name, path, source)
        if path.suffix in (".gz", ".xz") and path.stat().st_size > CHUNK:  # same machine, same moment: the baseline
            baseline = _spawn([sys.executable, "-m", "bench.bombs", "--raw", str(path)], 300)
            result["baseline_raw_decompress"] = {k: baseline[k] for k in ("wall_s", "cpu_s", "peak_rss_mib")}
            result["cpu_vs_raw_decompress"] = round(result["cpu_s"] / max(baseline["cpu_s"], 1e-3), 2)
        results.append(result)
        print(_row(result), flush=True)
        if not args.keep:
            path.unlink()
    ok = all(r["ok"] for r in results)
    from bench.common import save

    saved = save("bombs", {"limits": {"wall_s": LIMIT_S, "peak_rss_mib": LIMIT_RSS_MIB}, "cases": results, "ok": ok})
    print(f"\n{'all cases pass' if ok else 'SOME CASES FAIL'} (under {LIMIT_S:.0f} s and {LIMIT_RSS_MIB:.0f} MiB, "
          f"dead letter with file and offset); results: {saved}")
    return 0 if ok else 1


def run_case_measured(name: str, path: Path, source: str) -> dict:
    """Run the case in a child: wall and CPU time, the child's own peak RSS (wait4), its dead letters."""
    run = _spawn([sys.executable, "-m", "bench.bombs", "--child", str(path), source], 300)
    result = {"case": name, "source": source, "file": str(path), "input_bytes": path.stat().st_size, **run}
    letters = result.get("dead_letters") or []
    result["dead_letter_with_file_and_offset"] = any(
        d["file"] and str(d["file"]).startswith(str(path)) and (d["offset"] is not None or d.get("record_id"))
        for d in letters)
    result["ok"] = (not result["timed_out"] and result["returncode"] == 0 and result["wall_s"] < LIMIT_S
                    and result["peak_rss_mib"] < LIMIT_RSS_MIB and result["dead_letter_with_file_and_offset"])
    return result


def _spawn(cmd: list[str], limit_s: float) -> dict:
    """Run a child to its end (killed after limit_s: a stall is reported, not waited on); its last stdout line
    is JSON. Wall s, CPU s and peak RSS MiB from wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parent.parent)
    deadline, timed_out = start + limit_s, False
    out_parts, err_parts = [], []
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ, out_parts)
    selector.register(proc.stderr, selectors.EVENT_READ, err_parts)
    open_streams = 2
    while open_streams:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            proc.kill()
            timed_out = True
            break
        for key, _ in selector.select(timeout=min(remaining, 1.0)):
            data = os.read(key.fileobj.fileno(), 65536)
            if data:
                key.data.append(data)
            else:
                selector.unregister(key.fileobj)
                open_streams -= 1
    _, status, usage = os.wait4(proc.pid, 0)
    result = {"wall_s": round(time.perf_counter() - start, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
              "peak_rss_mib": round(usage.ru_maxrss / 1024.0, 1), "timed_out": timed_out,
              "returncode": os.waitstatus_to_exitcode(status)}
    out, err = b"".join(out_parts).decode(errors="replace"), b"".join(err_parts).decode(errors="replace")
    try:
        result.update(json.loads(out.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        result["error"] = err[-2000:]
    return result


def _row(r: dict) -> str:
    letters = r.get("dead_letters") or []
    first = next((d for d in letters if d["file"]), {})
    where = f"{first.get('reason')} @ offset {first.get('offset')}" + (
        f" ({first['record_id']})" if first.get("record_id") else "") if first else r.get("error", "")[-200:]
    base = r.get("baseline_raw_decompress")
    vs = f"  (raw decompression {base['wall_s']:.1f} s / {base['cpu_s']:.1f} s CPU)" if base else ""
    return (f"{r['case']:<30} {r['wall_s']:>7.2f} s {r['cpu_s']:>7.2f} s CPU {r['peak_rss_mib']:>7.1f} MiB  "
            f"kept={r.get('kept')}  file={r.get('file_status')}  {where}  {'ok' if r['ok'] else 'FAIL'}{vs}")


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of C4 cleaning (`--source c4 --from-wet`): documents/s per core, against bare loops in the same run.

Input: the 1000 real C4 texts wrapped as WET records (per-record gzip, as Common Crawl writes them), repeated
until there are at least --docs documents. Each copy prefixes its lines with a short letter code, so copies are
distinct pages whose lines keep their end marks; every page also carries a menu line and a policy line (which
the line rules remove) and a copyright sentence shared by all pages (which line dedup keeps in one page only).

Measured in one process, on the same documents:
- rules: the TFDS line/page rules (`clean_page`) and the bad-words filter over in-memory texts, against a bare
  loop that only splits and strips the lines (the floor of any line-based cleaner);
- pipeline: the Beam pipeline (`python -m recipe.run --source c4 --from-wet`, FnApiRunner, in-process),
  against a bare Python loop calling the same pure functions (reader, length, URL dedup, clean, line dedup,
  language ID, bad words) without Beam.
Documents/s per core = documents / CPU-seconds (this process and its finished children).

    .venv/bin/python -m bench.c4 [--docs 20000]
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.common import peak_rss_mib, save, timed, bench_wet_record, letter_tag

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
SAMPLE = CORPORA / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl"
MENU = "Home | News | Shop | Contact"
POLICY = "By using this site you agree to our Privacy Policy and Terms of Use."
SHARED = "Copyright 2019 Example Media Group, all rights reserved."


def make_pages(target_docs: int) -> list[tuple[str, str]]:
    """(url, WET text) pairs: tagged copies of the C4 sample, each with a title, menu, policy and shared line."""
    c4 = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
    pages, copy = [], 0
    while len(pages) < target_docs:
        tag = letter_tag(copy, "Q")
        for rec in c4[: target_docs - len(pages)]:
            lines = [f"{tag} {line}" for line in rec["text"].split("\n")]
            url = rec["url"].replace("://", f"://copy{copy}.", 1)  # distinct hosts: distinct pages after normalization
            pages.append((url, "\n".join([f"{tag} title", MENU, *lines, POLICY, SHARED])))
        copy += 1
    return pages


def write_wet(path: Path, pages: list[tuple[str, str]]) -> int:
    size = 0
    with path.open("wb") as out:
        for n, (url, text) in enumerate(pages):
            data = bench_wet_record(url, text, n, prefix="bench-c4")
            size += len(data)
            out.write(gzip.compress(data, compresslevel=1))
    return size


def bare_split_loop(texts: list[str]) -> int:
    return sum(1 for text in texts if [line.strip() for line in text.splitlines()])


def rules_loop(texts: list[str]) -> int:
    from sources.c4.badwords import BUNDLED_LIST, compile_badwords, find_badword, parse_badwords
    from sources.c4.cleaning import clean_page

    pattern = compile_badwords(parse_badwords(open(BUNDLED_LIST, encoding="utf-8").read()))
    kept = 0
    for text in texts:
        result = clean_page(text)
        if result.text is not None and find_badword(result.text, pattern) is None:
            kept += 1
    return kept


def bare_pipeline_loop(path: Path) -> int:
    """The pipeline's pure functions in order, without Beam (global state in plain dicts)."""
    from pipeline.langid import LanguageIdentifier
    from sources.c4.badwords import BadWordsFilter
    from sources.c4.cleaning import clean_page
    from sources.c4.line_dedup import dedup_outcome, line_claims
    from sources.c4.transform import PageLength, ReadWetFile, normalized_url_key
    from sources.c4.urls import newest_first_rank

    length = PageLength(190_000)
    newest: dict = {}
    for page in ReadWetFile()(str(path)):
        if isinstance(page, dict) and isinstance(length(page), dict):
            key = normalized_url_key(page)
            if key not in newest or newest_first_rank(page) < newest_first_rank(newest[key]):
                newest[key] = page
    cleaned = []
    for page in newest.values():
        result = clean_page(page["text"])
        if result.text is not None:
            cleaned.append({**page, "text": result.text})
    owner: dict = {}
    for page in cleaned:
        for key, claim in line_claims(page):
            if key not in owner or claim < owner[key]:
                owner[key] = claim
    assigned = defaultdict(set)
    for key, (_, doc_id) in owner.items():
        assigned[doc_id].add(key)
    lid, badwords = LanguageIdentifier(threshold=0.5, languages=["en"]), BadWordsFilter()
    lid.setup()
    badwords.setup()
    kept = 0
    for page in cleaned:
        outcome, _ = dedup_outcome(page, assigned[page["id"]], 3)
        for stage in (lid, badwords):
            if isinstance(outcome, dict):
                outcome = stage(outcome)
        kept += isinstance(outcome, dict)
    return kept


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    args = parser.parse_args(argv)

    from recipe.run import run

    work = Path(tempfile.mkdtemp(prefix="bench-c4-"))
    try:
        pages = make_pages(args.docs)
        texts = [text for _, text in pages]
        size = write_wet(work / "bench.warc.wet.gz", pages)
        timings: dict = {}
        with timed(timings, "bare_split_loop"):
            bare_split_loop(texts)
        with timed(timings, "rules"):
            rules_kept = rules_loop(texts)
        with timed(timings, "bare_pipeline_loop"):
            bare_kept = bare_pipeline_loop(work / "bench.warc.wet.gz")
        with timed(timings, "beam_fnapi"):
            report = run(["--source", "c4", "--from-wet", "--input", str(work / "bench.warc.wet.gz"),
                          "--output", str(work / "out")])
        result = {"documents": len(pages), "input_mib": size / 2**20, "rules_kept": rules_kept,
                  "bare_pipeline_kept": bare_kept, "beam_kept": report["documents_out"],
                  "peak_rss_mib": peak_rss_mib(), "timings": timings}
        for name, t in timings.items():
            result[f"{name}_docs_per_cpu_s"] = len(pages) / t["cpu_s"]
        result["rules_over_bare_split_cpu_ratio"] = timings["rules"]["cpu_s"] / timings["bare_split_loop"]["cpu_s"]
        result["beam_over_bare_pipeline_cpu_ratio"] = (timings["beam_fnapi"]["cpu_s"]
                                                       / timings["bare_pipeline_loop"]["cpu_s"])
        print(json.dumps(result, indent=2))
        print(f"saved: {save('c4', result)}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Throughput of the CommonCrawl source, the whole transform: reader + global line dedup + language ID +
SentencePiece/KenLM perplexity buckets + digest dedup + Wikipedia-reference classifier.

Input: the 1000 real C4 texts wrapped as WET records (per-record gzip, as Common Crawl writes them) and repeated
until there are at least --docs documents. Each repetition tags its lines with a short letter code, so copies
are distinct pages (as on the web) while a fixed boilerplate block shared by every page gives line dedup real
work. The same input runs through

- the Beam pipeline (`python -m recipe.run`, FnApiRunner, in-process), and
- a bare Python loop calling the same functions (reader, line keys, dedup, LID, perplexity scorer, digest
  keep-one, classifier) without Beam, timing each step,

in the same process, and the report gives documents/s per core (documents / CPU-seconds) for both, their ratio,
and peak memory.

Models (not timed): an English SentencePiece + KenLM model trained by `train-lm` on the enwiki sample, and a
classifier trained by `train-ref-classifier` (Wikipedia-text fallback positives, C4 pages as negatives); or
existing ones given with --lm-dir / --classifier. --no-quality measures the first three steps only (the previous
benchmark).

    .venv/bin/python -m bench.commoncrawl [--docs 20000] [--lm-dir DIR --classifier MODEL.bin] [--no-quality]
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.common import peak_rss_mib, save, timed, bench_wet_record, letter_tag

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
BOILERPLATE = ["Home | News | Sport | Weather", "Privacy Policy | Terms of Use | Contact us",
               "Copyright © Example Media Group. All rights reserved."]


def make_input(directory: Path, target_docs: int) -> tuple[Path, int, int]:
    c4 = [json.loads(line) for line in (CORPORA / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl").open()]
    path = directory / "bench.warc.wet.gz"
    n = size = 0
    with path.open("wb") as out:
        copy = 0
        while n < target_docs:
            tag = letter_tag(copy, "q")
            for rec in c4:
                if n >= target_docs:
                    break
                lines = [f"{line} {tag}" for line in rec["text"].split("\n")]
                text = "\n".join([f"{rec['url']} {tag}", *BOILERPLATE, *lines])
                data = bench_wet_record(f"{rec['url']}?copy={copy}", text, n, prefix="bench")
                size += len(data)
                out.write(gzip.compress(data, compresslevel=1))
                n += 1
            copy += 1
    return path, n, size


def bare_loop(path: Path, lm_dir: str | None = None, classifier: str | None = None) -> tuple[int, dict]:
    """The same functions as the pipeline, without Beam: read -> global line counts -> dedup -> LID -> perplexity
    buckets -> keep one per digest -> classifier. Returns documents kept and CPU seconds per step."""
    from pipeline.dedup import line_keys, remove_duplicate_lines, survivor_rank
    from pipeline.io import open_decompressed
    from pipeline.langid import LanguageIdentifier
    from sources.commoncrawl.perplexity import PerplexityScorer
    from sources.commoncrawl.records import record_outcome
    from sources.commoncrawl.ref_classifier import WikiRefScorer
    from sources.commoncrawl.transform import DEFAULTS
    from sources.commoncrawl.warc import iter_records

    steps: dict[str, float] = {}
    clock = time.process_time()

    def lap(name):
        nonlocal clock
        now = time.process_time()
        steps[name] = steps.get(name, 0.0) + now - clock
        clock = now

    docs = [o for o in (record_outcome(r, str(path), 300) for r in iter_records(open_decompressed(str(path))))
            if isinstance(o, dict)]
    lap("read")
    counts, keys = Counter(), []
    for doc in docs:
        keys.append(line_keys(doc["text"]))
        counts.update({key for key in keys[-1] if key is not None})
    shared = {key for key, n in counts.items() if n > 1}
    deduped = []
    for doc, doc_keys in zip(docs, keys):
        text, _ = remove_duplicate_lines(doc["text"], shared, doc_keys)
        if text:
            deduped.append({**doc, "text": text})
    lap("line_dedup")
    lid = LanguageIdentifier()
    lid.setup()
    identified = [out for out in map(lid, deduped) if isinstance(out, dict)]
    lap("langid")
    if lm_dir is None:
        return len(identified), steps
    ppl = DEFAULTS["perplexity"]
    scorer = PerplexityScorer("bench", "perplexity", lm_dir, ppl["languages"], ppl["cutoffs"], ppl["keep_buckets"])
    scorer.setup()
    scored = [out for out in map(scorer, identified) if isinstance(out, dict)]
    lap("perplexity")
    by_digest: dict[str, dict] = {}
    for doc in scored:
        key = doc["metadata"].get("digest") or doc["id"]
        if key not in by_digest or survivor_rank(doc) < survivor_rank(by_digest[key]):
            by_digest[key] = doc
    lap("digest_dedup")
    wiki = WikiRefScorer(classifier, DEFAULTS["wiki_ref"]["threshold"])
    wiki.setup()
    kept = [out for out in map(wiki, by_digest.values()) if isinstance(out, dict)]
    lap("wiki_ref")
    return len(kept), steps


def train_models(work: Path) -> tuple[str, str]:
    """The quality models the benchmark scores with (not timed). The LM's cutoffs are p30/p60 of the C4 pages
    (crawled documents, cc_net's definition), so head + middle keep about 60% of the input."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.schema import DOCUMENT_SCHEMA, make_document, to_row
    from sources.commoncrawl import train_lm, train_ref_classifier

    c4 = [json.loads(line) for line in (CORPORA / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl").open()]
    rows = [to_row(make_document("commoncrawl", r["url"], r["text"], url=r["url"], lang="en")) for r in c4]
    (work / "c4_docs").mkdir()
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA), work / "c4_docs" / "part-0.parquet")
    c4_docs = str(work / "c4_docs" / "*.parquet")
    dump = str(CORPORA / "wikipedia" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")
    lm_dir = str(work / "lm")
    train_lm.train([dump], lm_dir, memory="500M", cutoff_docs=c4_docs)
    model = str(work / "wiki_ref.bin")
    train_ref_classifier.train(c4_docs, model, [dump], [], epoch=10, log=lambda message: None)
    return lm_dir, model


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--lm-dir", help="perplexity models (default: train an English one on the enwiki sample)")
    parser.add_argument("--classifier", help="wiki_ref model (default: train one)")
    parser.add_argument("--no-quality", action="store_true", help="reader + line dedup + LID only")
    args = parser.parse_args(argv)

    from recipe.run import run

    work = Path(tempfile.mkdtemp(prefix="bench-cc-"))
    try:
        path, n_docs, size = make_input(work, args.docs)
        lm_dir, classifier, quality = None, None, []
        if not args.no_quality:
            lm_dir, classifier = args.lm_dir, args.classifier
            if not (lm_dir and classifier):
                trained = train_models(work)
                lm_dir, classifier = lm_dir or trained[0], classifier or trained[1]
            quality = ["--set", f"perplexity.models={lm_dir}", "--set", f"wiki_ref.model={classifier}"]
        timings: dict = {}
        with timed(timings, "bare_loop"):
            bare_kept, bare_steps = bare_loop(path, lm_dir, classifier)
        with timed(timings, "beam_fnapi"):
            report = run(["--source", "commoncrawl", "--input", str(path), "--output", str(work / "out"), *quality])
        funnel = {stage["name"]: {"in": stage["in"], "kept": stage["kept"]} for stage in report["stages"]}
        result = {"documents": n_docs, "input_mib": size / 2**20, "quality_stages": not args.no_quality,
                  "bare_kept": bare_kept, "beam_kept": report["documents_out"], "peak_rss_mib": peak_rss_mib(),
                  "timings": timings, "bare_loop_cpu_s_by_step": {k: round(v, 2) for k, v in bare_steps.items()},
                  "beam_funnel": funnel}
        for name, t in timings.items():
            result[f"{name}_docs_per_cpu_s"] = n_docs / t["cpu_s"]
            result[f"{name}_docs_per_wall_s"] = n_docs / t["wall_s"]
        result["beam_over_bare_cpu_ratio"] = timings["beam_fnapi"]["cpu_s"] / timings["bare_loop"]["cpu_s"]
        print(json.dumps(result, indent=2))
        print(f"saved: {save('commoncrawl' if not args.no_quality else 'commoncrawl_no_quality', result)}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Encoding throughput per CPU second: `encode-shards` vs datatrove's DocumentTokenizer vs raw batch encoders.

    .venv/bin/python -m bench.encode [--scale 3] [--repeat 2] [--peer-python /tmp/dtvenv/bin/python]

Same documents for every variant: the sample corpora's Documents (bench/tokenizer.py's builder: c4, Wikipedia,
books, CCNet, StackExchange, arXiv), repeated --scale times under distinct ids (3: ~18.7 MB, the figure of issue
15), as Document Parquet files; same model: LLaMA-2's tokenizer.model. One thread everywhere (--direct_num_workers=1,
num_threads=1, RAYON_NUM_THREADS=1), CPU time from getrusage (the process, or the finished child process):
  encode_shards         the `encode-shards` CLI end to end, one worker: Parquet -> BOS + ids + EOS -> mixture draw
                        -> shuffled Megatron shards + manifest (Python and Beam start-up included)
  datatrove             datatrove's ParquetReader -> DocumentTokenizer (HF tokenizers with LLaMA-2's
                        tokenizer.json, EOS added; tokenize, shuffle, write), one task, one worker, in the separate
                        venv (bench/datatrove_peer.py; start-up included)
  sentencepiece_batch   `SentencePieceProcessor.encode(texts, num_threads=1)` on texts in memory (the raw baseline)
  cached_encoder        tokenizer.cached_encoder on texts in memory, from an empty memo (encode-shards' encoder)
  tokenizers_batch      `tokenizers.Tokenizer.encode_batch` with that tokenizer.json on texts in memory
Throughput = MB of UTF-8 text per CPU second; ratios against datatrove and sentencepiece_batch of the same run,
variants interleaved, best of --repeat. Both jobs also run on one document per source (`*_startup`: interpreter,
imports, Beam or datatrove start-up); `mb_per_cpu_s_after_startup` takes that off, which is the rate that
matters at scale (Beam's import alone is ~2 CPU s, a tenth of the job on 18 MB). The inputs repeat each
document --scale times, which a word memo likes (repeated documents hit it); --distinct measures ~18 MB of
distinct documents instead. Results: bench/results/encode.json (encode_distinct.json with --distinct).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import save, timed
from bench.tokenizer import LLAMA_MODEL, REPO, build_inputs
from tests.test_tokenizer_samples import write_documents

PEER = REPO / "bench" / "datatrove_peer.py"
ONE_THREAD = {"RAYON_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1"}


def distinct_inputs(directory: Path, limit_mb: float = 18.7) -> list[dict]:
    """The sample sources' Documents plus every other book, Wikipedia page and post of the corpora, no repeats."""
    import bz2
    import lzma

    from defusedxml.ElementTree import parse

    from bench.tokenizer import CORPORA
    from pipeline.schema import make_document
    from tests.test_tokenizer_cached_encoder import _pages
    from tests.test_tokenizer_samples import BOOKS, _chapters, build_sources

    docs = build_sources(CORPORA)
    for path in sorted((CORPORA / "books").glob("*.txt")):
        if path.name not in BOOKS:
            text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
            docs["books"] += [make_document("books", f"{path.name}:{i}", c) for i, c in enumerate(_chapters(text))]
    for name, opener in (("jawiki-truncated-100k.xml.xz", lzma.open), ("ukwiki-truncated-100k.xml.xz", lzma.open),
                         ("enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2", bz2.open)):
        with opener(CORPORA / "wikipedia" / name) as f:
            docs["wikipedia"] += [make_document("wikipedia", f"{name}:{i}", t) for i, t in enumerate(_pages(f, 10**6))]
    root = parse(CORPORA / "stackexchange" / "beer.stackexchange.com" / "Posts.xml").getroot()
    docs["stackexchange"] += [make_document("stackexchange", f"beer:{row.get('Id')}", row.get("Body"))
                              for row in root.iter("row") if (row.get("Body") or "").strip()]
    budget, kept = limit_mb * 1e6, {}
    everything = sorted((d for ds in docs.values() for d in ds), key=lambda d: hashlib.sha1(d["id"].encode()).digest())
    for doc in everything:  # a hash order: every source in proportion to its size, up to the budget
        size = len(doc["text"].encode("utf-8"))
        if size <= budget:
            kept.setdefault(doc["source"], []).append(doc)
            budget -= size
    write_documents(directory, kept)
    return [d for ds in kept.values() for d in ds]


def run_child(cmd: list[str]) -> tuple[dict, str]:
    figures: dict = {}
    with timed(figures, "run"):
        done = subprocess.run(cmd, check=True, cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, **ONE_THREAD})
    return figures["run"], done.stdout


def bench_sentencepiece(texts: list[str]) -> dict:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(LLAMA_MODEL))
    figures: dict = {}
    with timed(figures, "run"):
        encoded = processor.encode(texts, num_threads=1)
    return {**figures["run"], "tokens": sum(map(len, encoded))}


def bench_cached_encoder(texts: list[str]) -> dict:
    from tokenizer.cached_encoder import CachedEncoder

    figures: dict = {}
    with timed(figures, "run"):
        encoder = CachedEncoder(LLAMA_MODEL.read_bytes())
        encoded = [encoder.encode_bytes(text) for text in texts]
    return {**figures["run"], "tokens": sum(map(len, encoded)) // encoder.dtype.itemsize,
            "memo_hit_rate": round(1 - encoder.misses / encoder.words, 3)}


def bench_encode_shards(corpus: Path, work: Path) -> dict:
    out = work / "tokens"
    cmd = [sys.executable, "-m", "tokenizer.encode", "--input", str(corpus), "--tokenizer", str(LLAMA_MODEL),
           "--output", str(out), "--overwrite", "--set", "target_tokens=1e12", "--direct_num_workers=1"]
    figures, _ = run_child(cmd)
    manifest = json.loads((out / "manifest.json").read_text())
    encoded = sum(r["tokens_available"] for r in manifest["mixture"]["sources"].values())
    documents = sum(r["documents_available"] for r in manifest["mixture"]["sources"].values())
    return {**figures, "tokens": encoded - 2 * documents}  # without BOS and EOS, as the raw encoders count


def bench_datatrove(peer_python: str, tokenizer_json: Path, corpus: Path, work: Path, documents: int) -> dict:
    out = Path(tempfile.mkdtemp(dir=work))
    figures, stdout = run_child([peer_python, str(PEER), "datatrove", str(tokenizer_json), str(corpus / "docs"), str(out)])
    result = json.loads(stdout.strip().splitlines()[-1])
    return {**figures, "cpu_s_in_pipeline": result["cpu_s_pipeline"], "tokens": result["tokens"] - documents}  # without EOS


def bench_tokenizers(peer_python: str, tokenizer_json: Path, texts_path: Path) -> dict:
    figures, stdout = run_child([peer_python, str(PEER), "raw", str(tokenizer_json), str(texts_path)])
    result = json.loads(stdout.strip().splitlines()[-1])
    return {"wall_s": figures["wall_s"], "cpu_s": result["cpu_s_encode"], "tokens": result["tokens"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=3, help="repeat the sample documents this many times")
    parser.add_argument("--distinct", action="store_true",
                        help="instead: ~18 MB of distinct documents (all books, ja/uk/en Wikipedia, two StackExchange sites)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--peer-python", default="/tmp/dtvenv/bin/python",
                        help="python of the separate venv with datatrove (bench/datatrove_peer.py says how)")
    args = parser.parse_args(argv)
    peer = Path(args.peer_python).exists()
    if not peer:
        print(f"no peer venv at {args.peer_python}: datatrove and tokenizers are skipped", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        docs = distinct_inputs(corpus) if args.distinct else build_inputs(corpus, scale=args.scale)
        texts = [d["text"] for d in docs]
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"inputs: {len(docs)} documents, {megabytes:.2f} MB", flush=True)
        texts_path = work / "texts.jsonl"
        texts_path.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
        tokenizer_json = work / "tokenizer.json"
        prepared = {}
        if peer:
            _, stdout = run_child([args.peer_python, str(PEER), "prepare", str(LLAMA_MODEL), str(tokenizer_json),
                                   str(texts_path)])
            prepared = json.loads(stdout.strip().splitlines()[-1])
            print(f"LLaMA-2 tokenizer.json: {prepared}", flush=True)

        tiny = work / "tiny"  # one document per source: what a job costs before its first megabyte
        first: dict[str, list] = {}
        for doc in docs:
            first.setdefault(doc["source"], [doc])
        write_documents(tiny, first)
        tiny_docs = len(first)
        variants = {
            "encode_shards": lambda: bench_encode_shards(corpus, work),
            "encode_shards_startup": lambda: bench_encode_shards(tiny, work),
            "sentencepiece_batch": lambda: bench_sentencepiece(texts),
            "cached_encoder": lambda: bench_cached_encoder(texts),
        }
        if peer:
            variants["datatrove"] = lambda: bench_datatrove(args.peer_python, tokenizer_json, corpus, work, len(docs))
            variants["datatrove_startup"] = lambda: bench_datatrove(args.peer_python, tokenizer_json, tiny, work,
                                                                     tiny_docs)
            variants["tokenizers_batch"] = lambda: bench_tokenizers(args.peer_python, tokenizer_json, texts_path)
        runs: dict[str, list] = {name: [] for name in variants}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every variant alike
            for name, run in variants.items():
                runs[name].append(run())
                print(f"{name}: {runs[name][-1]}", flush=True)
        best = {name: min(r, key=lambda x: x["cpu_s"]) for name, r in runs.items()}
        tokens = best["sentencepiece_batch"]["tokens"]
        startups = {name: best.pop(f"{name}_startup") for name in ("encode_shards", "datatrove") if name in best}
        for name in ("encode_shards", "cached_encoder"):  # ours: SentencePiece's ids (the tests check each id)
            assert best[name]["tokens"] == tokens, f"{name} counted {best[name]['tokens']} tokens, sentencepiece {tokens}"
        table = {}
        for name, run in best.items():
            row = {"cpu_s": round(run["cpu_s"], 2), "wall_s": round(run["wall_s"], 2),
                   "mb_per_cpu_s": round(megabytes / run["cpu_s"], 3)}
            for base in ("datatrove", "sentencepiece_batch"):
                if base in best:
                    row[f"x_{base}"] = round(best[base]["cpu_s"] / run["cpu_s"], 3)
            if name in startups:  # throughput once started: the start-up job's CPU taken off
                row["startup_cpu_s"] = round(startups[name]["cpu_s"], 2)
                row["mb_per_cpu_s_after_startup"] = round(megabytes / (run["cpu_s"] - startups[name]["cpu_s"]), 3)
            row["tokens_minus_sentencepiece"] = run["tokens"] - tokens  # LLaMA-2's tokenizer.json differs
            table[name] = {**row, **{k: v for k, v in run.items() if k not in ("cpu_s", "wall_s", "tokens")}}
        result = {"inputs": {"documents": len(docs), "megabytes": round(megabytes, 2), "tokens": tokens,
                             "scale": "distinct" if args.distinct else args.scale, "model": LLAMA_MODEL.name, "threads": 1},
                  "peer_tokenizer_json": prepared, "encoding": table}
        if "datatrove" in table:
            after = {n: table[n]["mb_per_cpu_s_after_startup"] for n in ("encode_shards", "datatrove")}
            result["after_startup_x_datatrove"] = round(after["encode_shards"] / after["datatrove"], 3)
        result["after_startup_x_sentencepiece_batch"] = round(
            table["encode_shards"]["mb_per_cpu_s_after_startup"] / table["sentencepiece_batch"]["mb_per_cpu_s"], 3)
        path = save("encode" if not args.distinct else "encode_distinct", result)
        print(json.dumps(result, indent=2))
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

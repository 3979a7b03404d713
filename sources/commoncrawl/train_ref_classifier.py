"""`train-ref-classifier`: the Wikipedia-reference classifier of the commoncrawl source.

- cited URLs: every URL in the `<ref>` tags of the given Wikipedia dumps (and/or URL lists, one per line),
  normalized (sources/wikipedia/refs.py);
- positives: documents of a commoncrawl run (its Parquet output, i.e. after the same pipeline; run it without a
  classifier) whose normalized URL is cited and that have >= 1000 characters, one per CC digest;
- negatives: the same number of other documents of that run, sampled deterministically (by a hash of their id);
- fastText supervised with default settings (--epoch/--lr for small training sets) on `__label__wiki` /
  `__label__cc` lines (text = lines joined by spaces).

When fewer than --min-positives cited pages are found (a small crawl rarely holds the pages Wikipedia cites), the
command says so and falls back to the dumps' article text as positives (articles cut into page-sized pieces of
>= 1000 characters); the model's metadata records which.

Writes MODEL.bin (use it with `--set wiki_ref.model=MODEL.bin`) and MODEL.json (what it was trained on, held-out
precision).

    python -m sources.commoncrawl.train_ref_classifier --documents 'out/docs/commoncrawl/*.parquet' \\
        --wiki-dump enwiki-...-pages-articles.xml.bz2 --output models/wiki_ref.bin
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from typing import Iterator

from pipeline.cli import StrictParser
from pipeline.io import match_paths, open_raw, read_documents, write_text
from sources.commoncrawl.ref_classifier import (
    MIN_POSITIVE_CHARS,
    DeterministicSample,
    PositiveSet,
    balance,
    example_rank,
    is_positive,
    labelled_lines,
)
from sources.commoncrawl.train_lm import article_text, is_article, iter_dump_articles
from sources.wikipedia.dump import MalformedPage
from sources.wikipedia.refs import cited_urls, normalize_url

MIN_POSITIVES = 1000
MAX_EXAMPLES = 300_000  # per class; RedPajama used about 300K cited pages
VALIDATION_PERCENT = 10
FASTTEXT_EPOCH, FASTTEXT_LR, FASTTEXT_DIM = 5, 0.1, 100  # fastText's supervised defaults (RedPajama used them)
_FASTTEXT_WHITESPACE = re.compile("[ \n\r\t\v\f\0]+")  # the bytes fastText splits words on


class _UrlKeys:
    """Normalized cited URLs as 64-bit hashes: tens of millions of URLs fit in memory."""

    def __init__(self):
        self._hashes: set[int] = set()

    @staticmethod
    def _hash(key: str) -> int:
        return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")

    def add(self, url: str) -> None:
        key = normalize_url(url)
        if key:
            self._hashes.add(self._hash(key))

    def __contains__(self, key) -> bool:
        return key is not None and self._hash(key) in self._hashes

    def __len__(self):
        return len(self._hashes)


def collect_cited_urls(dumps: list[str], url_lists: list[str]) -> _UrlKeys:
    keys = _UrlKeys()
    for path in dumps:
        for _, page in iter_dump_articles(path):
            if not isinstance(page, MalformedPage) and is_article(page):
                for url in cited_urls(page.text):
                    keys.add(url)
    for path in url_lists:
        with open_raw(path) as f:
            for line in f:
                keys.add(line.decode("utf-8", errors="replace").strip())
    return keys


def iter_documents(pattern: str, languages: set[str] | None) -> Iterator[dict]:
    """Documents file by file (one Parquet file in memory at a time)."""
    for path in match_paths(pattern):
        for doc in read_documents(path):
            if languages is None or doc.get("lang") in languages:
                yield doc


def select_examples(documents, cited, min_chars: int, max_examples: int, seed: int):
    """(positives, sampled negatives) from one pass over the documents."""
    positives = PositiveSet()
    negatives = DeterministicSample(max_examples)
    for doc in documents:
        if is_positive(doc, cited, min_chars, normalize_url):
            positives.add(doc)
        else:
            negatives.offer(example_rank(doc["id"], seed), doc)
    return positives.values(), negatives.items()


def page_sized_chunks(text: str, min_chars: int) -> list[str]:
    """An article cut at paragraph breaks into pieces of at least `min_chars` (a short tail joins the last piece).

    Wikipedia articles are many times longer than web pages; page-sized pieces give the classifier examples of
    the length it will score, and enough of them from a small dump."""
    chunks, current = [], []
    for paragraph in text.split("\n\n"):
        current.append(paragraph)
        if sum(len(p) for p in current) >= min_chars:
            chunks.append("\n".join(current))
            current = []
    if current:
        if chunks:
            chunks[-1] += "\n" + "\n".join(current)
        elif sum(len(p) for p in current) >= min_chars:
            chunks.append("\n".join(current))
    return chunks


def wikipedia_positives(dumps: list[str], min_chars: int, limit: int, seed: int) -> list[dict]:
    """Fallback positives: page-sized pieces of the dumps' articles (cleaned text), a deterministic sample."""
    sample = DeterministicSample(limit)
    for path in dumps:
        for site, page in iter_dump_articles(path):
            if isinstance(page, MalformedPage) or not is_article(page):
                continue
            for i, chunk in enumerate(page_sized_chunks(article_text(page, site, opening_only=False), min_chars)):
                doc_id = f"{site.dbname}:{page.page_id}:{i}"
                sample.offer(example_rank(doc_id, seed), {"id": doc_id, "text": chunk})
    return sample.items()


def _split(lines: list[str], seed: int) -> tuple[list[str], list[str]]:
    validation = [line for line in lines if int.from_bytes(example_rank(line, seed + 1)[:4], "little") % 100
                  < VALIDATION_PERCENT]
    chosen = set(validation)
    return [line for line in lines if line not in chosen], validation


def write_init_vectors(lines: list[str], path: str, dim: int = FASTTEXT_DIM, seed: int = 0,
                       chunk: int = 20000) -> int:
    """Initial input vectors for every word of the training lines, uniform in +-1/dim as fastText draws them.

    Why: fastText 0.9.3 initializes its input matrix in 10 blocks, one per training thread; with fewer than 10
    threads the other blocks are left as uninitialized memory, and training stops with "Encountered NaN" (on
    any data, even at tiny learning rates). Given as `pretrainedVectors`, these rows replace every word's row, so
    training works with any thread count and, with one thread, gives the same model on every run.
    """
    import numpy as np

    vocab = {"</s>"}  # fastText's end-of-line token is a word too
    for line in lines:
        vocab.update(t for t in _FASTTEXT_WHITESPACE.split(line) if t and not t.startswith("__label__"))
    words = sorted(vocab)
    rng = np.random.default_rng(seed)
    # 4096 levels of the uniform distribution, written once: formatting millions of floats would dominate.
    levels = np.array([f"{x:.6f}" for x in np.linspace(-1.0 / dim, 1.0 / dim, 4096)], dtype=object)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{len(words)} {dim}\n")
        for start in range(0, len(words), chunk):
            batch = words[start:start + chunk]
            rows = levels[rng.integers(0, len(levels), size=(len(batch), dim))]
            f.writelines(f"{word} {' '.join(row)}\n" for word, row in zip(batch, rows))
    return len(words)


def train_model(lines: list[str], validation: list[str], model_path: str, threads: int, seed: int,
                epoch: int = FASTTEXT_EPOCH, lr: float = FASTTEXT_LR) -> dict:
    """fastText supervised with default hyper-parameters (one thread by default: the model is reproducible)."""
    import fasttext

    with tempfile.TemporaryDirectory(prefix="wiki-ref-") as tmp:
        train_file, vectors = os.path.join(tmp, "train.txt"), os.path.join(tmp, "init.vec")
        with open(train_file, "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines)
        write_init_vectors(lines, vectors, seed=seed)
        model = fasttext.train_supervised(input=train_file, epoch=epoch, lr=lr, dim=FASTTEXT_DIM, thread=threads,
                                          seed=seed, pretrainedVectors=vectors, verbose=0)
        local = os.path.join(tmp, "model.bin")
        model.save_model(local)
        quality = {}
        if validation:
            valid_file = os.path.join(tmp, "valid.txt")
            with open(valid_file, "w", encoding="utf-8") as f:
                f.writelines(line + "\n" for line in validation)
            n, precision, _ = model.test(valid_file)
            quality = {"validation_examples": n, "validation_precision_at_1": round(precision, 4)}
        if "://" in model_path:
            from apache_beam.io.filesystems import FileSystems

            with open(local, "rb") as src, FileSystems.create(model_path) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        else:
            os.makedirs(os.path.dirname(os.path.abspath(model_path)), exist_ok=True)
            shutil.copyfile(local, model_path)
    return quality


def train(documents: str, output: str, dumps: list[str], url_lists: list[str], min_positives: int = MIN_POSITIVES,
          min_chars: int = MIN_POSITIVE_CHARS, languages: set[str] | None = None, max_examples: int = MAX_EXAMPLES,
          threads: int = 1, seed: int = 0, epoch: int = FASTTEXT_EPOCH, lr: float = FASTTEXT_LR,
          log=print) -> dict:
    if not dumps and not url_lists:
        raise ValueError("give the cited URLs: --wiki-dump and/or --cited-urls")
    cited = collect_cited_urls(dumps, url_lists)
    log(f"train-ref-classifier: {len(cited)} distinct cited URLs")
    positives, negatives = select_examples(iter_documents(documents, languages), cited, min_chars, max_examples,
                                           seed)
    found = len(positives)
    if found >= min_positives:
        positive_source = "cited_pages"
    else:
        if not dumps:
            raise ValueError(f"only {found} cited pages among the documents (< --min-positives {min_positives}) and "
                             "no --wiki-dump to fall back to Wikipedia article text")
        log(f"train-ref-classifier: only {found} cited pages with >= {min_chars} characters among the documents "
            f"(< {min_positives}); falling back to Wikipedia article text as positives")
        positive_source = "wikipedia_articles"
        positives = wikipedia_positives(dumps, min_chars, max_examples, seed)
    positives, negatives = balance(positives, negatives, lambda d: example_rank(d["id"], seed))
    if not positives:
        raise ValueError("no positive or no negative examples: nothing to train on")
    lines, validation = _split(labelled_lines((d["text"] for d in positives), (d["text"] for d in negatives), seed),
                               seed)
    quality = train_model(lines, validation, output, threads, seed, epoch, lr)
    metadata = {
        "labels": ["wiki", "cc"], "positives": positive_source, "cited_pages_found": found,
        "positive_examples": len(positives), "negative_examples": len(negatives), "train_examples": len(lines),
        **quality, "cited_urls": len(cited), "min_chars": min_chars, "min_positives": min_positives,
        "documents": documents, "wiki_dumps": dumps, "cited_url_lists": url_lists,
        "languages": sorted(languages) if languages else None, "seed": seed,
        "fasttext": {"mode": "supervised", "epoch": epoch, "lr": lr, "other": "fastText defaults"},
    }
    warning = quality_warning(metadata)
    if warning:
        metadata["warning"] = warning
        log(f"warning: {warning}")
    write_text(_metadata_path(output), json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    return metadata


def quality_warning(metadata: dict) -> str | None:
    """A classifier that learned nothing must not pass silently: the classes are balanced (`balance`), so a
    validation precision@1 at or below 0.5 is no better than a coin."""
    precision, n = metadata.get("validation_precision_at_1"), metadata.get("validation_examples", 0)
    more = ("more examples: more cited pages among --documents, a --wiki-dump to fall back on, or a larger crawl; "
            "small sets may also need more --epoch")
    if precision is None:
        return f"no validation examples: the classifier's quality was not measured; give it {more}"
    if precision <= 0.5:
        return (f"validation precision {precision} on {n} examples is no better than chance: the classifier "
                f"learned nothing useful and would keep or drop pages at random; give it {more}")
    return None


def _metadata_path(model_path: str) -> str:
    root, _ = os.path.splitext(model_path)
    return root + ".json"


def main(argv: list[str] | None = None) -> int:
    parser = StrictParser(prog="train-ref-classifier", description=__doc__,  # --a-b or --a_b; unknown flags named
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", required=True, help="Document Parquet glob of a commoncrawl run")
    parser.add_argument("--output", required=True, help="model file to write (MODEL.bin; metadata in MODEL.json)")
    parser.add_argument("--wiki-dump", action="append", default=[], help="Wikipedia XML dump; repeatable")
    parser.add_argument("--cited-urls", action="append", default=[], help="file with one cited URL per line")
    parser.add_argument("--min-positives", type=int, default=MIN_POSITIVES)
    parser.add_argument("--min-chars", type=int, default=MIN_POSITIVE_CHARS)
    parser.add_argument("--languages", help="comma-separated: only documents of these languages (e.g. en)")
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES, help="per class")
    parser.add_argument("--threads", type=int, default=1, help="fastText threads (more than 1 is not reproducible)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epoch", type=int, default=FASTTEXT_EPOCH,
                        help="fastText epochs (default: fastText's; small training sets need more)")
    parser.add_argument("--lr", type=float, default=FASTTEXT_LR, help="fastText learning rate (default: fastText's)")
    args = parser.parse_args(argv)
    languages = set(args.languages.split(",")) if args.languages else None
    try:
        metadata = train(args.documents, args.output, args.wiki_dump, args.cited_urls, args.min_positives,
                         args.min_chars, languages, args.max_examples, args.threads, args.seed, args.epoch,
                         args.lr, log=lambda message: print(message, file=sys.stderr))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.output}: {metadata['positive_examples']} positives ({metadata['positives']}), "
          f"{metadata['negative_examples']} negatives, validation precision "
          f"{metadata.get('validation_precision_at_1', 'n/a')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

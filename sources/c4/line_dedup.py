"""C4 line dedup (TFDS `remove_duplicate_text`): every line is kept in exactly ONE page of the whole input.

Unlike cc_net's dedup (pipeline/dedup.py: a shared line leaves every page), C4 keeps one copy: the line key
is md5 of the stripped, lower-cased line; the page that keeps it is the one whose URL has the smallest md5
(ties: smallest id), chosen by a combiner, so the choice is the same on every runner and bounded in memory
however many pages share the line. Repeats inside a page keep their first copy. A page left empty, or with
fewer than 3 sentences, is dropped.
"""
from __future__ import annotations

import hashlib

import apache_beam as beam

from pipeline.stages import Drop, Stage, StageCounters
from sources.c4.sentences import text_has_sentences
from sources.c4.urls import url_hash

EMPTY = "empty_after_line_dedup"
TOO_FEW_SENTENCES = "too_few_sentences_after_line_dedup"


def line_key(line: str) -> bytes:
    return hashlib.md5(line.strip().lower().encode("utf-8")).digest()


def line_claims(doc: dict):
    """(line key, (rank, doc id)) for each distinct line of a page: the smallest claim keeps the line."""
    claim = (url_hash(doc.get("url") or ""), doc["id"])
    for key in {line_key(line) for line in doc["text"].split("\n")}:
        yield key, claim


def keep_assigned_lines(text: str, kept_keys: set[bytes]) -> tuple[str, dict[str, int]]:
    """The page's lines that it was chosen to keep, first copy only; with line counts by fate."""
    lines, seen = [], set()
    stats = {"lines_kept": 0, "lines_global_duplicate": 0, "lines_local_duplicate": 0}
    for line in text.split("\n"):
        key = line_key(line)
        if key not in kept_keys:
            stats["lines_global_duplicate"] += 1
        elif key in seen:
            stats["lines_local_duplicate"] += 1
        else:
            lines.append(line)
            seen.add(key)
            stats["lines_kept"] += 1
    return "\n".join(lines), stats


def dedup_outcome(doc: dict, kept_keys: set[bytes], min_sentences: int):
    text, stats = keep_assigned_lines(doc["text"], kept_keys)
    if not text.strip():
        return Drop(EMPTY), stats
    if min_sentences and not text_has_sentences(text, min_sentences):  # TFDS: the page text as one string
        return Drop(TOO_FEW_SENTENCES), stats
    return {**doc, "text": text}, stats


class _ApplyC4LineDedup:
    def __init__(self, source: str, stage: str, min_sentences: int):
        self._source, self._stage, self._min_sentences = source, stage, min_sentences

    def setup(self):
        self._counters = StageCounters(self._source, self._stage)

    def __call__(self, joined):
        _, groups = joined
        kept_keys = set(groups["keep"])
        for doc in groups["doc"]:
            outcome, stats = dedup_outcome(doc, kept_keys, self._min_sentences)
            for name, n in stats.items():
                self._counters.stat(name, n)
            yield outcome


def _assign_to_page(key_and_claim):
    key, (_, doc_id) = key_and_claim
    return doc_id, key


class C4LineDedup(beam.PTransform):
    """Shuffle plan: (line key, claim) -> CombinePerKey(min) -> (winning doc id, key) joined with the pages by
    id. What is joined to a page is bounded by its own line count."""

    def __init__(self, source: str, stage: str = "line_dedup", min_sentences: int = 3):
        super().__init__(label=stage)
        self._source, self._stage, self._min_sentences = source, stage, min_sentences

    def expand(self, docs):
        by_id = docs | "KeyById" >> beam.Map(lambda d: (d["id"], d))
        keep = (
            docs
            | "LineClaims" >> beam.FlatMap(line_claims)
            | "OnePagePerLine" >> beam.CombinePerKey(min)
            | "AssignToPage" >> beam.Map(_assign_to_page)
        )
        joined = {"doc": by_id, "keep": keep} | "JoinToPages" >> beam.CoGroupByKey()
        apply = _ApplyC4LineDedup(self._source, self._stage, self._min_sentences)
        return joined | Stage(self._source, self._stage, apply, fan_out=True)

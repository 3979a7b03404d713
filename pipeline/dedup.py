"""Global deduplication primitives: cc_net line dedup and exact keep-one dedup.

Both are deterministic (they never depend on bundle order or worker count) and memory-bounded on hot keys:
a line shared by millions of documents is streamed through its group, never held whole.
"""
from __future__ import annotations

import hashlib
from typing import Callable

import apache_beam as beam

from pipeline.normalize import line_hash, normalize_for_dedup
from pipeline.stages import Drop, Stage, StageCounters


# ---------------------------------------------------------------------------------------------- line dedup: pure


def line_keys(text: str) -> list[int | None]:
    """The dedup key of each line of `text.split("\\n")`; None for a line that normalizes to nothing (blank)."""
    keys = []
    for line in text.split("\n"):
        normalized = normalize_for_dedup(line)
        keys.append(line_hash(normalized) if normalized else None)
    return keys


def scope_salt(scope: str) -> int:
    """A 64-bit salt per dedup scope ("" = no salt): a line's key XOR its scope's salt groups lines only with
    lines of the same scope, at the cost of one XOR (same collision odds as the 64-bit line keys themselves)."""
    if not scope:
        return 0
    return int.from_bytes(hashlib.sha1(b"scope:" + scope.encode("utf-8")).digest()[:8], "little")


def scoped_line_keys(text: str, scope: str = "") -> list[int | None]:
    """`line_keys`, salted by the document's dedup scope (e.g. its Common Crawl dump)."""
    keys = line_keys(text)
    salt = scope_salt(scope)
    return keys if not salt else [None if key is None else key ^ salt for key in keys]


def doc_line_hashes(text: str) -> set[int]:
    """The distinct dedup keys of a document's non-blank lines."""
    return {key for key in line_keys(text) if key is not None}


def remove_duplicate_lines(text: str, shared: set[int], keys: list[int | None] | None = None
                           ) -> tuple[str, dict[str, int]]:
    """cc_net semantics: drop every line whose key is in `shared` (seen in more than one document, first
    occurrence included); of lines repeated inside this document keep the first copy; drop blank lines.
    `keys` are the text's `line_keys` when the caller has them already (they are costly to recompute).

    Returns the new text and line counts by fate.
    """
    kept, seen = [], set()
    stats = {"lines_in": 0, "lines_kept": 0, "lines_blank": 0, "lines_shared": 0, "lines_repeated_in_doc": 0}
    lines = text.split("\n")
    for line, key in zip(lines, line_keys(text) if keys is None else keys, strict=True):
        stats["lines_in"] += 1
        if key is None:
            stats["lines_blank"] += 1
            continue
        if key in shared:
            stats["lines_shared"] += 1
        elif key in seen:
            stats["lines_repeated_in_doc"] += 1
        else:
            kept.append(line)
            stats["lines_kept"] += 1
        seen.add(key)
    return "\n".join(kept), stats


def _pairs_of_shared_line(key_and_doc_ids):
    """(line key, doc ids) -> (doc id, key) for every doc, when more than one document has the line.

    Streams the group: only the first id is held while looking for a second one.
    """
    key, doc_ids = key_and_doc_ids
    ids = iter(doc_ids)
    first = next(ids, None)
    second = next(ids, None)
    if second is None:
        return
    yield first, key
    yield second, key
    for doc_id in ids:
        yield doc_id, key


class _ApplyLineDedup:
    def __init__(self, source: str, stage: str):
        self._source = source
        self._stage = stage

    def setup(self):
        self._counters = StageCounters(self._source, self._stage)

    def __call__(self, joined):
        _, groups = joined
        shared = set(groups["shared"])
        for doc, keys in groups["doc"]:
            text, stats = remove_duplicate_lines(doc["text"], shared, keys)
            for name, n in stats.items():
                self._counters.stat(name, n)
            if not text:
                yield Drop("empty_after_line_dedup")
            else:
                yield {**doc, "text": text}


class LineDedup(beam.PTransform):
    """Remove, from every document, each line that occurs in more than one document of its scope: the whole input
    by default, or the documents sharing `scope(doc)` (e.g. one Common Crawl dump, as cc_net deduplicated).

    Shuffle plan: (line key, doc id) grouped by key -> (doc id, key) for shared keys -> joined with the
    documents by id. The line-key group is streamed, so hot lines do not need memory proportional to their
    frequency; what is joined back to a document is bounded by its own line count.
    """

    def __init__(self, source: str, stage: str = "line_dedup", scope: Callable[[dict], str] | None = None):
        super().__init__(label=stage)
        self._source = source
        self._stage = stage
        self._scope = scope

    def expand(self, docs):
        # Line keys are computed once and travel with the document to the join (8 bytes a line).
        scope = self._scope
        if scope is None:
            by_id = docs | "LineKeys" >> beam.Map(lambda d: (d["id"], (d, line_keys(d["text"]))))
        else:
            by_id = docs | "LineKeys" >> beam.Map(lambda d: (d["id"], (d, scoped_line_keys(d["text"], scope(d)))))
        shared = (
            by_id
            | "KeyPerLine" >> beam.FlatMap(
                lambda kv: ((key, kv[0]) for key in set(kv[1][1]) if key is not None))
            | "GroupByLine" >> beam.GroupByKey()
            | "SharedLines" >> beam.FlatMap(_pairs_of_shared_line)
        )
        joined = {"doc": by_id, "shared": shared} | "JoinToDocs" >> beam.CoGroupByKey()
        return joined | Stage(self._source, self._stage, _ApplyLineDedup(self._source, self._stage), fan_out=True)


# ------------------------------------------------------------------------------------ exact keep-one dedup


def survivor_rank(doc: dict) -> bytes:
    """The deterministic survivor of a duplicate group is the document with the smallest hash of its id."""
    return hashlib.sha1(doc["id"].encode("utf-8")).digest()


class _KeepOne(beam.CombineFn):
    """(count, survivor) per key; constant memory however hot the key."""

    def __init__(self, rank: Callable[[dict], bytes]):
        self._rank = rank

    def create_accumulator(self):
        return 0, None

    def add_input(self, acc, doc):
        n, best = acc
        return n + 1, doc if best is None or self._rank(doc) < self._rank(best) else best

    def merge_accumulators(self, accs):
        n, best = 0, None
        for count, doc in accs:
            n += count
            if doc is not None and (best is None or self._rank(doc) < self._rank(best)):
                best = doc
        return n, best

    def extract_output(self, acc):
        return acc


def _expand_group(key_and_acc, reason: str):
    _, (count, survivor) = key_and_acc
    yield survivor
    for _ in range(count - 1):
        yield Drop(reason)


class ExactDedup(beam.PTransform):
    """Keep one document per `key(doc)`: the one with the smallest `rank(doc)`; the others are dropped
    under `reason`. Global over the whole run, through a combiner (bounded memory on hot keys)."""

    def __init__(
        self,
        source: str,
        stage: str,
        key: Callable[[dict], str],
        reason: str = "duplicate",
        rank: Callable[[dict], bytes] = survivor_rank,
    ):
        super().__init__(label=stage)
        self._source, self._stage, self._key, self._reason, self._rank = source, stage, key, reason, rank

    def expand(self, docs):
        reason = self._reason
        return (
            docs
            | "Key" >> beam.Map(lambda d, key=self._key: (key(d), d))
            | "KeepOne" >> beam.CombinePerKey(_KeepOne(self._rank))
            | Stage(self._source, self._stage, lambda kv: _expand_group(kv, reason), fan_out=True)
        )


def content_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()

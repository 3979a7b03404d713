"""A sample of the documents each filter dropped, per stage and reason (what datatrove's exclusion writer gives):
a user sees what a filter removed, not only how many. Written as `<output>/report/dropped_<source>.jsonl`, one
line per sampled document: {"stage", "reason", "id", "url", "lang", "chars", "text"} (text cut to EXCERPT_CHARS).

Bounded and deterministic: per (stage, reason) the SAMPLE_SIZE documents with the smallest hash of their id,
whatever the runner, bundling or worker count. Cheap: each stage instance passes on a dropped document only while
it is among the SAMPLE_SIZE smallest it has seen for its key (`LocalSample`; the global sample is a subset of
those, so it stays exact), and a combiner keeps at most that many per key before the shuffle. Only stages that
drop whole Documents contribute (a read stage drops records that never became one).

Stages register their sample collection per pipeline here (`remember`), so a source's code needs no change: the
writer of a source's output (`pipeline.io.write_source_output`) collects them (`sample_transform`).
"""
from __future__ import annotations

import bisect
import hashlib
import json
import weakref

import apache_beam as beam

SAMPLE_SIZE = 5  # documents per (stage, reason)
EXCERPT_CHARS = 1000

_BY_PIPELINE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def sample_rank(doc: dict) -> str:
    """sha1 of the id: the sample does not depend on the run, the runner or the order."""
    return hashlib.sha1(str(doc.get("id")).encode("utf-8")).hexdigest()


def dropped_record(doc: dict, stage: str, reason: str, rank: str) -> tuple[tuple[str, str], tuple[str, dict]]:
    """((stage, reason), (rank, record)): the excerpt of a dropped document kept in the sample."""
    text = doc.get("text") or ""
    record = {"stage": stage, "reason": reason, "id": str(doc.get("id")), "url": doc.get("url"),
              "lang": doc.get("lang"), "chars": len(text), "text": text[:EXCERPT_CHARS]}
    return (stage, reason), (rank, record)


class LocalSample:
    """One stage instance's candidates: the SAMPLE_SIZE smallest ranks seen per (stage, reason) so far."""

    def __init__(self, size: int = SAMPLE_SIZE):
        self.size = size
        self.smallest: dict[tuple[str, str], list[str]] = {}

    def offer(self, doc: dict, stage: str, reason: str):
        """The sample record of `doc` if it may belong to the global sample, else None (one sha1, no copy)."""
        rank = sample_rank(doc)
        best = self.smallest.setdefault((stage, reason), [])
        if len(best) >= self.size and rank >= best[-1]:
            return None
        bisect.insort(best, rank)
        del best[self.size:]
        return dropped_record(doc, stage, reason, rank)


def remember(pcoll: beam.PCollection, source: str, samples: beam.PCollection) -> None:
    _BY_PIPELINE.setdefault(pcoll.pipeline, {}).setdefault(source, []).append(samples)


def remembered(pipeline, source: str) -> list:
    return list(_BY_PIPELINE.get(pipeline, {}).get(source, []))


class SampleDropped(beam.PTransform):
    """Flattened ((stage, reason), (rank, record)) -> JSON lines, SAMPLE_SIZE per key, sorted by stage/reason/rank."""

    def expand(self, samples):
        return (
            samples
            | "Smallest" >> beam.combiners.Top.PerKey(SAMPLE_SIZE, key=lambda value: value[0], reverse=True)
            | "Records" >> beam.FlatMap(lambda kv: [json.dumps(r, sort_keys=True, ensure_ascii=False)
                                                    for _, r in sorted(kv[1], key=lambda v: v[0])])
        )


def sample_transform(pipeline, source: str):
    """The source's sample of dropped documents as JSON lines, or None when none of its stages can drop one."""
    collections = remembered(pipeline, source)
    if not collections:
        return None
    return (collections | f"{source}: FlattenDropped" >> beam.Flatten()
            | f"{source}: SampleDropped" >> SampleDropped())

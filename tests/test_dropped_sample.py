"""The sample of dropped documents (pipeline/dropped.py): per stage and reason the SAMPLE_SIZE documents with the
smallest id hash, excerpts bounded, written beside the run report without any change to the source's code."""
import hashlib
import json

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from pipeline.dropped import EXCERPT_CHARS, SAMPLE_SIZE
from pipeline.io import write_source_output
from pipeline.stages import Drop, SourceOutput, Stage


def _rank(doc_id: str) -> str:
    return hashlib.sha1(doc_id.encode()).hexdigest()


def test_smallest_hashes_per_stage_and_reason(tmp_path):
    docs = [{"id": f"d{i}", "source": "toy", "text": ("x" * 3000 if i == 7 else f"text {i}"), "url": None,
             "lang": "en", "lang_score": None, "metadata": {}} for i in range(40)]

    def parity(doc):
        n = int(doc["id"][1:])
        return Drop("odd") if n % 2 else (Drop("by_ten") if n % 10 == 0 else doc)

    with beam.Pipeline(runner=FnApiRunner()) as p:
        first = p | beam.Create(docs) | Stage("toy", "parity", parity)
        second = first.kept | "short" >> Stage("toy", "short", lambda d: Drop("all") if d["text"] else d)
        write_source_output(SourceOutput(second.kept, [first.rejects, second.rejects]), str(tmp_path), "toy")
    records = [json.loads(line) for line in (tmp_path / "report" / "dropped_toy.jsonl").read_text().splitlines()]
    by_key: dict = {}
    for r in records:
        by_key.setdefault((r["stage"], r["reason"]), []).append(r["id"])
        assert len(r["text"]) <= EXCERPT_CHARS
    ids = {n: f"d{n}" for n in range(40)}
    expected = {
        ("parity", "odd"): [ids[n] for n in range(40) if n % 2],
        ("parity", "by_ten"): [ids[n] for n in range(40) if n % 2 == 0 and n % 10 == 0],
        ("short", "all"): [ids[n] for n in range(40) if n % 2 == 0 and n % 10],
    }
    assert set(by_key) == set(expected)
    for key, candidates in expected.items():
        assert sorted(by_key[key]) == sorted(sorted(candidates, key=_rank)[:SAMPLE_SIZE]), key

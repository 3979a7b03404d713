"""Reading the public C4 release (pure functions) and turning Common Crawl pages into C4 pages."""
import gzip
import io
import json

import pytest

from pipeline.stages import Drop, Reject
from sources.c4.records import c4_json_document, iter_c4_json
from sources.c4.timestamps import to_iso8601
from sources.c4.wet import c4_page
from sources.commoncrawl.records import record_outcome
from sources.commoncrawl.warc import iter_records
from tests.conftest import wet_record

SAMPLE = "c4/c4-en-train-00000-of-01024_first1000.jsonl"


def test_the_1000_real_records_load_with_url_and_timestamp(corpora):
    path = corpora / SAMPLE
    with open(path, "rb") as f:
        docs = list(iter_c4_json(f, str(path), "en"))
    assert len(docs) == 1000 and all(isinstance(d, dict) for d in docs)
    first = docs[0]
    assert first["text"].startswith("Beginners BBQ Class Taking Place in Missoula!")
    assert first["url"] == "https://klyq.com/beginners-bbq-class-taking-place-in-missoula/"  # `\/` unescaped
    assert first["metadata"]["timestamp"] == "2019-04-25T12:57:54Z"  # from the HF-style "2019-04-25 12:57:54"
    assert first["source"] == "c4" and first["lang"] == "en" and first["id"].startswith("c4-")
    assert all(d["url"].startswith("http") and d["metadata"]["timestamp"].endswith("Z") for d in docs)
    assert len({d["id"] for d in docs}) == 1000


def test_the_original_release_format_loads_the_same(corpora):
    """The original c4-train.*.json.gz writes `2019-04-25T12:57:54Z` and plain slashes."""
    with open(corpora / SAMPLE, "rb") as f:
        record = json.loads(f.readline())
    original = json.dumps({**record, "timestamp": "2019-04-25T12:57:54Z"}).encode() + b"\n"
    stream = gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(original)))
    [doc] = iter_c4_json(stream, "c4-train.00000-of-01024.json.gz", "en")
    hf_doc = c4_json_document(json.dumps(record).encode(), "x.jsonl", 0, "en")
    assert doc["metadata"]["timestamp"] == hf_doc["metadata"]["timestamp"] and doc["id"] == hf_doc["id"]


@pytest.mark.parametrize("raw, expected", [
    ("2019-04-25 12:57:54", "2019-04-25T12:57:54Z"),
    ("2019-04-25T12:57:54Z", "2019-04-25T12:57:54Z"),
    ("2019-04-25T14:57:54+02:00", "2019-04-25T12:57:54Z"),
    ("yesterday", None),
])
def test_timestamps_normalize_to_iso8601_utc(raw, expected):
    assert to_iso8601(raw) == expected


@pytest.mark.parametrize("line, reason", [
    (b'{"text": "a", "url": "http://x.org/", "timestamp": "2019-04-25 12:57:54"', "bad_json"),
    (b'["text", "url"]', "not_a_json_object"),
    (b'{"url": "http://x.org/", "timestamp": "2019-04-25 12:57:54"}', "missing_field:text"),
    (b'{"text": "a", "timestamp": "2019-04-25 12:57:54"}', "missing_field:url"),
    (b'{"text": 3, "url": "http://x.org/", "timestamp": "2019-04-25 12:57:54"}', "bad_field_type:text"),
    (b'{"text": "a", "url": "http://x.org/", "timestamp": 1556196474}', "bad_field_type:timestamp"),
    (b'{"text": "caf\xe9", "url": "http://x.org/", "timestamp": "2019-04-25 12:57:54"}', "undecodable_bytes"),
])
def test_malformed_lines_are_rejects_with_file_and_offset(line, reason):
    outcome = c4_json_document(line, "part.jsonl", 1234, "en")
    assert isinstance(outcome, Reject) and outcome.reason == reason
    assert outcome.file == "part.jsonl" and outcome.offset == 1234


@pytest.mark.parametrize("fields, expected", [
    ({"date": "2019-04-25T12:57:54Z"}, {"timestamp": "2019-04-25T12:57:54Z"}),  # copies that name it `date`
    ({}, {}),  # or leave it out: it is metadata
    ({"timestamp": None}, {}),
    ({"timestamp": "soon"}, {"timestamp": "soon"}),  # kept as written when it does not parse
])
def test_the_timestamp_is_optional_metadata_named_timestamp_or_date(corpora, fields, expected):
    with open(corpora / SAMPLE, "rb") as f:
        record = json.loads(f.readline())
    del record["timestamp"]
    doc = c4_json_document(json.dumps({**record, **fields}).encode(), "c4.jsonl", 0, "en")
    assert doc["text"] == record["text"]
    assert {k: v for k, v in doc["metadata"].items() if k == "timestamp"} == expected


def test_an_empty_text_is_dropped_and_offsets_are_byte_offsets():
    lines = [b'{"text": "", "url": "http://x.org/", "timestamp": "2019-04-25 12:57:54"}\n', b"\n", b"{oops\n"]
    outcomes = list(iter_c4_json(io.BytesIO(b"".join(lines)), "p.jsonl", "en"))
    assert outcomes[0] == Drop("empty_text")
    assert outcomes[1].reason == "bad_json" and outcomes[1].offset == len(lines[0]) + 1


# ------------------------------------------------------------------------------------------- WET -> C4 pages


def _cc_outcomes(*records):
    return [record_outcome(r, "seg.warc.wet.gz", min_chars=0) for r in iter_records(io.BytesIO(b"".join(records)))]


def test_a_wet_record_becomes_a_c4_page_with_its_title_line_as_text():
    title = "How do I fix a bicycle chain that keeps slipping?"
    body = "Content-rich guides help.\nShort."
    [cc_doc] = _cc_outcomes(wet_record("https://www.bikes.example/chain/?utm_source=x",
                                       f"{title}\n  {body}\n\nWARC and you: a guide.", "a1"))
    page = c4_page(cc_doc)
    # TFDS cleans the title line like any other line; lines stripped, blank ones gone; a line starting with
    # "Content-" or "WARC" is gone too (TFDS's reader took it for a record header)
    assert page["text"] == f"{title}\nShort."
    assert page["source"] == "c4" and page["url"] == "https://www.bikes.example/chain/?utm_source=x"
    assert page["metadata"]["timestamp"] == "2020-08-08T17:27:41Z"
    assert page["metadata"]["normalized_url"] == "bikes.example/chain"
    assert page["metadata"]["digest"].startswith("sha1:")


def test_wet_records_without_url_content_or_date_are_dropped():
    no_url = wet_record("", "Title\nSome text here.", "b1")
    empty = wet_record("http://x.example/", "", "b2")
    no_date = wet_record("http://y.example/", "Title\nText.", "b3", extra_headers={"WARC-Date": " "})
    odd_date = wet_record("http://z.example/", "Title\nText.", "b4", extra_headers={"WARC-Date": "unknown"})
    pages = [c4_page(o) if isinstance(o, dict) else o for o in _cc_outcomes(no_url, empty, no_date, odd_date)]
    assert pages[:3] == [Drop("no_url"), Drop("no_content"), Drop("no_timestamp")]
    assert pages[3]["metadata"]["timestamp"] == "unknown"  # TFDS only needs a non-empty WARC-Date


def test_a_lone_surrogate_escape_is_undecodable_not_a_crash():
    from pipeline.stages import Reject
    from sources.c4.records import c4_json_document

    line = b'{"text": "caf\\udce9", "url": "http://e.com/", "timestamp": "2019-04-25T12:57:54Z"}'
    outcome = c4_json_document(line, "c4.json", 0, "en")
    assert isinstance(outcome, Reject) and outcome.reason == "undecodable_bytes"

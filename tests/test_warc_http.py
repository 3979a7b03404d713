"""The HTTP layer of WARC input and the reader's framing and bounds, on real Common Crawl captures re-encoded the
way other crawlers store them (chunked, gzip/deflate/br, `<uri>`), and on the shapes of broken files."""
from __future__ import annotations

import gzip
import io
import zlib

import brotli
import pytest

from pipeline.io import open_decompressed
from pipeline.stages import Reject
from sources.commoncrawl.charset import decode_html
from sources.commoncrawl.http import dechunk, http_payload, split_http_response
from sources.commoncrawl.records import record_outcome, sha1_digest
from sources.commoncrawl.transform import ReadCommonCrawlFile
from sources.commoncrawl.warc import format_record, iter_records
from tests.conftest import gzip_members, wet_record

REAL_WARC = "resiliparse_CC-MAIN-2020-34_warcfile.warc.gz"
LONG = "A line of real enough text that is long enough to count as content in a document.\n" * 6


@pytest.fixture(scope="module")
def responses(corpora):
    path = str(corpora / "commoncrawl" / REAL_WARC)
    return {r.header("WARC-Target-URI"): r for r in iter_records(open_decompressed(path)) if r.type == "response"}


def _chunked(data: bytes, size: int = 700) -> bytes:
    parts = [b"%x;ext=1\r\n" % len(data[i:i + size]) + data[i:i + size] + b"\r\n" for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def _as_other_crawler(record, coding: str, chunked: bool, uri_brackets: bool = True) -> bytes:
    """A real CC capture stored as wget/Heritrix store it: the transfer and content codings applied again, their
    original header names restored, the target URI in angle brackets, no payload digest."""
    _, _, payload = split_http_response(record.body)
    head = record.body[: len(record.body) - len(payload)]
    head = head.replace(b"X-Crawler-Transfer-Encoding", b"X-Dropped-TE").replace(b"X-Crawler-Content-Encoding",
                                                                                 b"X-Dropped-CE")
    encoded = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[coding](payload)
    extra = f"Content-Encoding: {coding}\r\n" + ("Transfer-Encoding: chunked\r\n" if chunked else "")
    head = head[:-2] + extra.encode() + b"\r\n"
    block = head + (_chunked(encoded) if chunked else encoded)
    uri = record.header("WARC-Target-URI")
    headers = {"WARC-Type": "response", "WARC-Target-URI": f"<{uri}>" if uri_brackets else uri,
               "WARC-Date": record.header("WARC-Date"), "WARC-Record-ID": "<urn:uuid:other-crawler>",
               "Content-Type": "application/http; msgtype=response"}
    return format_record(headers, block)


@pytest.mark.parametrize("url", ["http://01spb.ru/company/", "http://0900-hovenier.nl/gelderland/oosterbeek/"])
@pytest.mark.parametrize("coding, chunked", [("gzip", True), ("deflate", False), ("br", True), ("gzip", False)])
def test_chunked_and_compressed_bodies_give_the_text_of_the_original_capture(responses, url, coding, chunked):
    original = record_outcome(responses[url], "cc.warc.gz", 300)
    data = _as_other_crawler(responses[url], coding, chunked)
    record = next(iter_records(io.BytesIO(data)))
    doc = record_outcome(record, "other.warc.gz", 300)
    assert doc["text"] == original["text"] and doc["url"] == url
    assert doc["metadata"]["domain"] == original["metadata"]["domain"] != ""
    # digest dedup across the two captures: the payload digest, computed like Common Crawl's
    assert doc["metadata"]["digest"] == original["metadata"]["digest"] == responses[url].header("WARC-Payload-Digest")


def test_payload_digest_is_computed_as_common_crawl_does(responses):
    for record in responses.values():
        _, headers, payload = split_http_response(record.body)
        assert sha1_digest(payload) == record.header("WARC-Payload-Digest")


def test_chunk_lines_never_reach_the_text():
    body = "<html><body><p>Homepage - digital environment</p>" + "<p>word</p>" * 400 + "</body></html>"
    assert dechunk(_chunked(body.encode(), 33)) == body.encode()
    assert dechunk(body.encode()) == body.encode()  # announced as chunked, already de-chunked by the crawler
    cut = _chunked(body.encode(), 100)[:1000]
    assert body.encode().startswith(dechunk(cut)) and len(dechunk(cut)) > 800  # a truncated record keeps its head
    assert http_payload({"content-encoding": "gzip"}, body.encode()) == body.encode()  # header kept, body decoded


def test_unknown_or_broken_content_encoding_is_a_reject(responses):
    record = responses["http://01spb.ru/company/"]
    data = _as_other_crawler(record, "gzip", False).replace(b"Content-Encoding: gzip", b"Content-Encoding: zz")
    outcome = record_outcome(next(iter_records(io.BytesIO(data))), "f.warc", 300)
    assert isinstance(outcome, Reject) and outcome.reason == "undecodable_http_body"


def test_warc_truncated_is_recorded(responses):
    record = responses["http://0900-hovenier.nl/gelderland/oosterbeek/"]
    data = format_record({"WARC-Type": "response", "WARC-Target-URI": record.header("WARC-Target-URI"),
                          "WARC-Truncated": "length", "Content-Type": "application/http; msgtype=response"},
                         record.body)
    doc = record_outcome(next(iter_records(io.BytesIO(data))), "f.warc", 300)
    assert doc["metadata"]["cc_truncated"] == "length"
    assert "cc_truncated" not in record_outcome(record, "f.warc", 300)["metadata"]


def test_a_record_quoting_a_warc_header_block_is_not_cut():
    quoted = ("How a WARC file looks:\n\nWARC/1.0\nWARC-Type: conversion\nWARC-Target-URI: http://x/\n"
              "Content-Length: 12\n\nhello world\n\n" + LONG)
    data = wet_record("http://a.org/", "Title\n" + quoted, "a") + wet_record("http://b.org/", "T\n" + LONG, "b")
    records = list(iter_records(io.BytesIO(data)))
    assert [r.header("WARC-Target-URI") for r in records] == ["http://a.org/", "http://b.org/"]
    assert record_outcome(records[0], "f", 300)["text"] == quoted.strip("\n")
    assert not any(r.length_mismatch for r in records)


def _read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return list(ReadCommonCrawlFile(min_chars=300)(str(path)))


def test_huge_declared_content_length_is_a_dead_letter_and_the_file_goes_on(tmp_path):
    bad = wet_record("http://huge.org/", "T\n" + LONG, "huge").replace(
        f"Content-Length: {len(('T' + chr(10) + LONG).encode())}".encode(), b"Content-Length: 2000000000")
    good = [wet_record(f"http://ok{i}.org/", "T\n" + LONG + f"page {i}", f"ok{i}") for i in range(2)]
    for data in (good[0] + bad + good[1], gzip_members([good[0], bad, good[1]])):
        outcomes = _read(tmp_path, "huge.warc.wet.gz" if data[:2] == b"\x1f\x8b" else "huge.warc.wet", data)
        rejects = [o for o in outcomes if isinstance(o, Reject)]
        assert [r.reason for r in rejects] == ["record_too_large"]
        assert rejects[0].file.endswith("huge.warc.wet.gz" if data[:2] == b"\x1f\x8b" else "huge.warc.wet")
        assert rejects[0].offset == len(good[0])
        assert [o["url"] for o in outcomes if isinstance(o, dict)] == ["http://ok0.org/", "http://ok1.org/"]


def test_superscript_content_length_is_a_dead_letter_and_the_file_goes_on(tmp_path):
    bad = wet_record("http://sup.org/", "T\n" + LONG, "sup")
    bad = bad.replace(b"Content-Length: " + bad.split(b"Content-Length: ")[1].split(b"\r\n")[0],
                      "Content-Length: ²".encode())
    good = wet_record("http://ok.org/", "T\n" + LONG, "ok")
    outcomes = _read(tmp_path, "sup.warc.wet", bad + good)
    assert [o.reason for o in outcomes if isinstance(o, Reject)] == ["broken_warc_header"]
    assert "²" in next(o for o in outcomes if isinstance(o, Reject)).detail
    assert [o["url"] for o in outcomes if isinstance(o, dict)] == ["http://ok.org/"]


def test_zero_byte_file_is_counted(tmp_path):
    for name, data in (("empty.warc.wet", b""), ("empty.warc.wet.gz", gzip.compress(b""))):
        outcomes = _read(tmp_path, name, data)
        assert len(outcomes) == 1 and outcomes[0].reason == "empty_file" and outcomes[0].file.endswith(name)


PAGE = ("<html><head><title>Crème brûlée</title></head><body><p>Straße, naïve “quotes” — résumé</p>"
        "<p>Ещё немного текста</p></body></html>")


def test_charset_utf16_without_bom():
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_html(PAGE.encode(codec), None) == PAGE


def test_charset_utf8_after_a_long_ascii_prefix():
    page = "<html><body>" + "<!-- padding -->" * 70000 + PAGE + "</body></html>"
    assert decode_html(page.encode("utf-8"), None) == page


def test_charset_cp1252_declared_as_utf8_is_redecoded_not_kept_with_replacement_characters():
    page = PAGE.replace("Ещё немного текста", "Encore un peu de texte")
    assert decode_html(page.encode("cp1252"), "utf-8") == page
    long_page = page * 10  # a stray bad byte in a page of valid UTF-8: still UTF-8
    assert decode_html(long_page.encode("utf-8") + b"\xff", "utf-8") == long_page + "\ufffd"
    assert decode_html(bytes(range(256)) * 50, None) is None  # nothing decodes it cleanly


def test_text_that_decodes_but_is_garbled_is_refused():
    mojibake = PAGE.encode("utf-8").decode("latin-1")  # UTF-8 read as latin-1 once: "Ã©" and C1 controls
    assert decode_html(mojibake.encode("utf-8"), "utf-8") is None


def test_one_capture_kept_when_two_crawlers_stored_the_same_page(tmp_path, responses):
    """The same real page in a Common Crawl WARC (dump 2020-34) and as another crawler stored it (chunked, gzip,
    `<uri>`, no payload digest; dump 2020-40): one document, by payload digest."""
    import json

    from pipeline.io import read_documents
    from tests.conftest import run_cli

    record = responses["http://01spb.ru/company/"]
    original = format_record({name: record.header(name) for name in (
        "WARC-Type", "WARC-Date", "WARC-Record-ID", "WARC-Target-URI", "WARC-Payload-Digest",
        "WARC-Identified-Payload-Type", "Content-Type")}, record.body)
    for dump, data in (("CC-MAIN-2020-34", original), ("CC-MAIN-2020-40", _as_other_crawler(record, "gzip", True))):
        folder = tmp_path / "in" / "crawl-data" / dump / "segments" / "1" / "warc"
        folder.mkdir(parents=True)
        (folder / "part-00000.warc.gz").write_bytes(gzip.compress(data))
    out = tmp_path / "out"
    argv = ["--source", "commoncrawl", "--input", tmp_path / "in" / "crawl-data" / "*" / "segments" / "1" / "warc" / "*",
            "--output", out]
    assert run_cli(argv) == 0
    docs = read_documents(str(out / "docs" / "commoncrawl" / "*.parquet"))
    assert [d["url"] for d in docs] == ["http://01spb.ru/company/"]
    report = json.loads((out / "report" / "run_commoncrawl.json").read_text())
    assert next(s for s in report["stages"] if s["name"] == "digest_dedup")["dropped"] == {"duplicate_digest": 1}

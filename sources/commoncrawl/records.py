"""WARC/WET records -> Documents (pure functions, no Beam).

- WET `conversion` records: the text Common Crawl extracted; first line is the title (kept as metadata, as
  cc_net does), the rest is the document.
- WARC `response` records with HTML: the HTTP body is de-chunked and decompressed (http.py), decoded to text
  (charset.py: BOM, declared charset, UTF-8, detection) and its text extracted with resiliparse.

Metadata: `digest` is the capture's content digest (WET: `WARC-Block-Digest`, the sha1 of the text; WARC
response: `WARC-Payload-Digest`, as the block digest also covers the HTTP headers, else the sha1 of the payload),
`cc_truncated` the `WARC-Truncated` reason when the crawler cut the record, `cc_dump` the crawl.
"""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from pipeline.schema import make_document
from pipeline.stages import Drop, Reject
from sources.commoncrawl.charset import declared_charset, decode_html
from sources.commoncrawl.http import PayloadTooLarge, http_payload, split_http_response
from sources.commoncrawl.warc import MalformedRecord, WarcRecord

SOURCE = "commoncrawl"
HTML_TYPES = ("text/html", "application/xhtml+xml")

# A Common Crawl dump id, as in `crawl-data/CC-MAIN-2019-30/segments/...` and warcinfo's `isPartOf:`.
_DUMP_RE = re.compile(r"CC-MAIN-\d{4}-\d{2}(?!\d)")
_IS_PART_OF_RE = re.compile(rb"^isPartOf:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)


def dump_of_path(path: str) -> str:
    """The crawl dump a file belongs to, from its path (Common Crawl's layout); "" when the path does not say."""
    match = _DUMP_RE.search(path)
    return match.group(0) if match else ""


def dump_of_warcinfo(record: WarcRecord) -> str:
    """The dump named by a `warcinfo` record's `isPartOf:` field; "" when there is none."""
    match = _IS_PART_OF_RE.search(record.body[:65536])
    return match.group(1).decode("utf-8", errors="replace") if match else ""


def _domain(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def target_uri(record: WarcRecord) -> str | None:
    """WARC-Target-URI without the angle brackets some writers put around it (WARC 1.1's grammar, wget, ...)."""
    uri = record.header("WARC-Target-URI")
    if uri is None:
        return None
    uri = uri.strip()
    return uri[1:-1].strip() if uri.startswith("<") and uri.endswith(">") else uri


def sha1_digest(data: bytes) -> str:
    """A WARC digest value as Common Crawl writes them: `sha1:` + base32 of the sha1."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _base_metadata(record: WarcRecord, path: str, dump: str, digest: str | None) -> dict:
    languages = record.header("WARC-Identified-Content-Language")
    truncated = record.header("WARC-Truncated")
    return {
        **({"cc_dump": dump} if dump else {}),
        "date": record.header("WARC-Date"),
        "digest": digest,
        "length": int(record.header("Content-Length", "0")),
        "domain": _domain(target_uri(record) or ""),
        "cc_segment": path,
        "record_offset": record.offset,
        **({"cc_languages": languages.split(",")} if languages else {}),
        **({"cc_truncated": truncated or "unspecified"} if truncated is not None else {}),
    }


def _native_id(record: WarcRecord) -> str:
    return record.header("WARC-Record-ID") or f"{target_uri(record)}@{record.header('WARC-Date')}"


def wet_document(record: WarcRecord, path: str, min_chars: int, dump: str = ""):
    try:
        content = record.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject("undecodable_bytes", file=path, offset=record.offset, detail=str(exc)[:200],
                      record_id=record.header("WARC-Record-ID"))
    lines = content.replace("\r\n", "\n").strip("\n").split("\n")
    title, text = lines[0].strip(), "\n".join(lines[1:]).strip("\n")
    if len(text) < min_chars:
        return Drop("too_short")
    digest = record.header("WARC-Block-Digest") or sha1_digest(record.body)
    return make_document(SOURCE, _native_id(record), text, url=target_uri(record), title=title,
                         **_base_metadata(record, path, dump, digest))


def html_document(record: WarcRecord, path: str, min_chars: int, main_content: bool = False, dump: str = ""):
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    try:
        status, http_headers, payload = split_http_response(record.body)
    except ValueError as exc:
        return Reject("broken_http_response", file=path, offset=record.offset, detail=str(exc),
                      record_id=record.header("WARC-Record-ID"))
    if status != 200:
        return Drop("http_status_not_200")
    content_type = http_headers.get("content-type", "").split(";")[0].strip().lower()
    identified = (record.header("WARC-Identified-Payload-Type") or "").lower()
    if content_type not in HTML_TYPES and identified not in HTML_TYPES:
        return Drop("not_html")
    try:
        payload = http_payload(http_headers, payload)
    except PayloadTooLarge as exc:
        return Reject("payload_too_large", file=path, offset=record.offset, detail=str(exc),
                      record_id=record.header("WARC-Record-ID"))
    except ValueError as exc:
        return Reject("undecodable_http_body", file=path, offset=record.offset, detail=str(exc)[:200],
                      record_id=record.header("WARC-Record-ID"))
    html = decode_html(payload, declared_charset(http_headers, payload))
    if html is None:
        return Reject("undecodable_bytes", file=path, offset=record.offset, detail="no charset decodes the page",
                      record_id=record.header("WARC-Record-ID"))
    tree = HTMLTree.parse(html)
    # main_content=False mirrors Common Crawl's own WET text (all visible text, one block per line): CCNet
    # removes boilerplate afterwards by line dedup, and the main-content heuristic empties short pages.
    text = extract_plain_text(tree, main_content=main_content, preserve_formatting=True, list_bullets=False).strip()
    if len(text) < min_chars:
        return Drop("too_short")
    title = (tree.title or "").strip()
    digest = record.header("WARC-Payload-Digest") or sha1_digest(payload)
    return make_document(SOURCE, _native_id(record), text, url=target_uri(record), title=title,
                         **_base_metadata(record, path, dump, digest))


def record_outcome(record: WarcRecord | MalformedRecord, path: str, min_chars: int, main_content: bool = False,
                   dump: str = ""):
    """One WARC/WET record -> a Document, a Drop (not a page, too short, ...) or a Reject (malformed). `dump` (the
    crawl, e.g. CC-MAIN-2019-30) goes to metadata `cc_dump`: the scope of line dedup."""
    if isinstance(record, MalformedRecord):
        return Reject(record.reason, file=path, offset=record.offset, detail=record.detail)
    kind = record.type
    if kind == "conversion":
        return wet_document(record, path, min_chars, dump)
    if kind == "response":
        return html_document(record, path, min_chars, main_content, dump)
    return Drop(f"not_a_page:{kind or 'untyped'}")

"""WARC/WET records -> Documents (pure functions, no Beam).

- WET `conversion` records: the text Common Crawl extracted; first line is the title (kept as metadata, as
  cc_net does), the rest is the document.
- WARC `response` records with HTML: the main text is extracted with resiliparse, decoding with the declared
  charset (HTTP header, then `<meta>`), falling back to detection.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.schema import make_document
from pipeline.stages import Drop, Reject
from sources.commoncrawl.warc import MalformedRecord, WarcRecord

SOURCE = "commoncrawl"
HTML_TYPES = ("text/html", "application/xhtml+xml")

# WHATWG encoding labels whose Python codec differs: browsers decode these with the superset codec.
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "tis-620": "cp874", "iso-8859-9": "cp1254", "big5": "big5hkscs",
}  # fmt: skip
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_MAX_REPLACEMENT_FRACTION = 0.01
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


def _base_metadata(record: WarcRecord, path: str, dump: str = "") -> dict:
    languages = record.header("WARC-Identified-Content-Language")
    return {
        **({"cc_dump": dump} if dump else {}),
        "date": record.header("WARC-Date"),
        "digest": record.header("WARC-Block-Digest"),
        "length": int(record.header("Content-Length", "0")),
        "domain": _domain(record.header("WARC-Target-URI") or ""),
        "cc_segment": path,
        "record_offset": record.offset,
        **({"cc_languages": languages.split(",")} if languages else {}),
    }


def _native_id(record: WarcRecord) -> str:
    return record.header("WARC-Record-ID") or f"{record.header('WARC-Target-URI')}@{record.header('WARC-Date')}"


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
    url = record.header("WARC-Target-URI")
    return make_document(SOURCE, _native_id(record), text, url=url, title=title, **_base_metadata(record, path, dump))


def split_http_response(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """HTTP response block -> (status, lower-cased headers, payload)."""
    head, sep, payload = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, payload = block.partition(b"\n\n")
    lines = head.decode("iso-8859-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        raise ValueError("not an HTTP response")
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, payload


def declared_charset(http_headers: dict[str, str], payload: bytes) -> str | None:
    """The charset the page declares: HTTP Content-Type first, then a <meta> tag in the first 4 KB."""
    for source in (http_headers.get("content-type", "").encode("iso-8859-1"), payload[:4096]):
        match = _CHARSET_RE.search(source)
        if match:
            label = match.group(1).decode("ascii").lower()
            return _CHARSET_ALIASES.get(label, label)
    return None


def decode_html(payload: bytes, charset: str | None) -> str | None:
    """Decode with the declared charset, else the detected one; None if neither yields text (more than 1% of
    characters undecodable)."""
    for encoding in _candidate_encodings(payload, charset):
        try:
            text = payload.decode(encoding, errors="replace")
        except LookupError:  # a label Python does not know
            continue
        if text.count("\ufffd") <= _MAX_REPLACEMENT_FRACTION * max(len(text), 1):
            return text.removeprefix("\ufeff")
    return None


def _candidate_encodings(payload: bytes, charset: str | None):
    from resiliparse.parse.encoding import detect_encoding

    if charset:
        yield charset
    detected = detect_encoding(payload)
    yield _CHARSET_ALIASES.get(detected, detected)
    yield "utf-8"


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
    url = record.header("WARC-Target-URI")
    title = (tree.title or "").strip()
    return make_document(SOURCE, _native_id(record), text, url=url, title=title, **_base_metadata(record, path, dump))


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

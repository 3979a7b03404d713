"""Decoding an HTML payload to text: BOM, then the declared charset, then UTF-8, then detection (pure).

Each candidate must decode the bytes cleanly to win; what real pages get wrong is covered:
- UTF-16 without a BOM or a readable declaration (NUL bytes in every other position) is recognised first;
- UTF-8 whose first non-ASCII byte comes late (after a 1 MB ASCII prefix) is tried on the whole payload, not on
  a sample, before detection (uchardet samples the ends and says ASCII/windows-1252);
- a page declared UTF-8 that is really cp1252 fails the UTF-8 check (its non-ASCII bytes are mostly invalid)
  and falls through to detection, instead of being kept with U+FFFD;
- a valid UTF-8 page with a stray bad byte stays UTF-8 (a few errors among many valid multi-byte characters).
A candidate whose text is garbled (`pipeline.text_quality.garbled_reason`: U+FFFD and C1 controls over 0.1%) is
refused; a payload that no candidate decodes cleanly is undecodable: the caller dead-letters it.
"""
from __future__ import annotations

import codecs
import re

from pipeline.text_quality import garbled_reason

# WHATWG encoding labels whose Python codec differs: browsers decode these with the superset codec.
CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "tis-620": "cp874", "iso-8859-9": "cp1254", "big5": "big5hkscs", "utf8": "utf-8",
}  # fmt: skip
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def declared_charset(http_headers: dict[str, str], payload: bytes) -> str | None:
    """The charset the page declares: HTTP Content-Type first, then a <meta> tag in the first 4 KB."""
    for source in (http_headers.get("content-type", "").encode("iso-8859-1", errors="replace"), payload[:4096]):
        match = _CHARSET_RE.search(source)
        if match:
            label = match.group(1).decode("ascii").lower()
            return CHARSET_ALIASES.get(label, label)
    return None


def bom_encoding(payload: bytes) -> tuple[bytes, str] | None:
    """(BOM, encoding) when the payload starts with a byte-order mark."""
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            return bom, encoding
    return None


def utf16_without_bom(payload: bytes, sample: int = 4096) -> str | None:
    """utf-16-le/-be when the NUL bytes sit in one parity (ASCII text in UTF-16), else None."""
    head = payload[:sample]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _clean(text: str) -> bool:
    return garbled_reason(text) is None


def _utf8(payload: bytes) -> str | None:
    """UTF-8 when it is UTF-8: strict, or a few bad bytes among at least ten times as many multi-byte characters."""
    try:
        text = payload.decode("utf-8")
        return text if _clean(text) else None  # valid UTF-8 of mojibake (C1 controls, U+FFFD) is still refused
    except UnicodeDecodeError:
        pass
    text = payload.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = len(text.encode("utf-8")) - len(text) - 2 * bad  # extra bytes of the valid non-ASCII characters
    return text if multibyte >= 10 * bad and _clean(text) else None


def _decode(payload: bytes, encoding: str) -> str | None:
    if codecs.lookup(encoding).name == "utf-8":
        return _utf8(payload)
    text = payload.decode(encoding, errors="replace")
    return text if _clean(text) else None


def _detected(payload: bytes) -> str:
    from resiliparse.parse.encoding import detect_encoding

    detected = detect_encoding(payload)
    return CHARSET_ALIASES.get(detected, detected)


def _candidates(payload: bytes, charset: str | None):
    yield utf16_without_bom(payload)
    yield charset
    yield "utf-8"
    yield _detected(payload)  # only computed when the ones before failed
    yield "cp1252"


def decode_html(payload: bytes, charset: str | None) -> str | None:
    """The page's text, or None when no candidate decodes it cleanly."""
    bom = bom_encoding(payload)
    if bom:
        return _decode(payload[len(bom[0]):], bom[1])
    tried = set()
    for encoding in _candidates(payload, charset):
        if not encoding or encoding in tried:
            continue
        tried.add(encoding)
        try:
            text = _decode(payload, encoding)
        except LookupError:  # a label Python does not know
            continue
        if text is not None:
            return text
    return None

"""Bytes of a plain-text book -> text, whatever encoding Project Gutenberg shipped it in (pure, no Beam).

Order of evidence: a BOM, then strict UTF-8, then the charset the Gutenberg header declares, then cp1252. A
decode whose text is garbled (U+FFFD or C1 controls over pipeline.text_quality's threshold) is not kept: the
next candidate is tried, and a book no candidate decodes cleanly is UndecodableText (a dead letter).
Labels that say latin-1/ASCII decode as cp1252 (as browsers do, WHATWG): Gutenberg's "ISO-8859-1" 8-bit files
routinely carry cp1252 smart quotes in 0x91-0x94, which latin-1 would turn into C1 control characters.
Line ends become LF (CRLF and lone CR), so CRLF and LF editions of one book compare equal.
"""
from __future__ import annotations

import codecs
import re

from pipeline.text_quality import MAX_GARBLED_FRACTION, garbled_reason

_DECLARED_RE = re.compile(rb"^\s*Character set encoding:\s*([A-Za-z0-9_.\-]+)", re.IGNORECASE | re.MULTILINE)
_DECLARED_SCAN_BYTES = 8192  # the declaration sits in the header, before the START marker
_SUPERSET = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
             "us-ascii": "cp1252", "ascii": "cp1252", "iso-646-us": "cp1252"}  # fmt: skip
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Unicode category Cc (C0, DEL, C1) minus the whitespace controls that plain text legitimately has.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_FRACTION = 0.001


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we accept (binary file, UTF-16 without BOM, ...)."""


def declared_charset(raw: bytes) -> str | None:
    """The Python codec named by the header's `Character set encoding:` line, if it names one."""
    match = _DECLARED_RE.search(raw[:_DECLARED_SCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _SUPERSET.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_book(raw: bytes) -> tuple[str, str]:
    """(text with LF line ends and no BOM, codec used). Raises UndecodableText for binary content."""
    text, encoding = _decode(raw)
    if _looks_binary(text):
        raise UndecodableText(f"control characters in the text decoded as {encoding}: not a plain-text book")
    return normalize_newlines(text).lstrip("\ufeff"), encoding  # a file can carry its BOM twice


def _decode(raw: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _not_garbled(raw[len(bom):].decode(encoding), encoding), encoding
            except UnicodeDecodeError as exc:
                raise UndecodableText(f"{encoding} BOM but invalid {encoding}: {exc}") from exc
    try:  # valid UTF-8 is UTF-8 whatever the header declares; U+FFFD in it was damaged before us: no re-decode
        return _not_garbled(raw.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # a declaration (cp1252 declared as UTF-8 fails above and lands here), cp1252, and latin-1 as the last
    # resort (cp1252 leaves 5 byte values undefined): the first decode whose text is not garbled
    rejected = []
    for encoding in dict.fromkeys(c for c in (declared_charset(raw), "cp1252", "latin-1") if c and c != "utf-8"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        reason = garbled_reason(text)
        if reason is None:
            return text, encoding
        rejected.append(f"{encoding}: {reason}")
    raise UndecodableText("no candidate charset decodes it cleanly (" + "; ".join(rejected) + ")")


def _not_garbled(text: str, encoding: str) -> str:
    reason = garbled_reason(text)
    if reason is not None:
        raise UndecodableText(f"{reason} over {MAX_GARBLED_FRACTION:.1%} of the text decoded as {encoding}")
    return text


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:1_000_000]
    controls = sum(1 for _ in _CONTROL_RE.finditer(sample))
    return controls > MAX_CONTROL_FRACTION * max(len(sample), 1)

"""Is decoded text still garbled? One check for every reader that decodes bytes (books, HTML, ...), pure.

A decoder that guessed wrong, or bytes that were already damaged upstream, leave two marks in the text: U+FFFD
REPLACEMENT CHARACTER (a decoder's `errors="replace"`, or an earlier tool's) and C1 control characters
U+0080-U+009F (cp1252 bytes decoded as latin-1, or UTF-8 bytes decoded as latin-1: `Ã©` comes with C1
controls in about half the cases). Real text has neither. Above `MAX_GARBLED_FRACTION` of the characters, the
reader must re-decode (another candidate charset) or dead-letter the document, never keep it as it is.
"""
from __future__ import annotations

import re

REPLACEMENT_CHARACTER = "\ufffd"
_C1_RE = re.compile("[\x80-\x9f]")
# One bad character per thousand: well above the stray U+FFFD of a clean book or page, far below a wrong decode
# (a cp1252 text decoded as UTF-8 with replacement has one per accented letter: 1-5% in French or Spanish).
MAX_GARBLED_FRACTION = 0.001


def garbled_counts(text: str) -> tuple[int, int]:
    """(replacement characters, C1 control characters) in the text."""
    return text.count(REPLACEMENT_CHARACTER), sum(1 for _ in _C1_RE.finditer(text))


def garbled_reason(text: str, max_fraction: float = MAX_GARBLED_FRACTION) -> str | None:
    """`replacement_characters` or `c1_control_characters` when those make up more than `max_fraction` of the
    text (the more frequent of the two names the reason), else None."""
    replacement, c1 = garbled_counts(text)
    if replacement + c1 <= max_fraction * len(text):
        return None
    return "replacement_characters" if replacement >= c1 else "c1_control_characters"

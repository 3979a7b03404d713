"""cc_net's two text normalizations (docs/RECIPE.md section 2): cc_net/text_normalizer.py, character for character.

- `normalize_for_dedup`: strip, lowercase, digits -> 0, DELETE cc_net's unicode punctuation and control
  characters. ASCII punctuation and accents are kept.
- `normalize_for_lm` (cc_net's `normalize`): strip, lowercase, strip accents, digits -> 0, REPLACE cc_net's
  unicode punctuation by ASCII equivalents, remove non-printing characters (newlines included: a whole
  document normalizes to one line, which is how cc_net scores perplexity).

The punctuation table is cc_net's exactly, gaps included (no ‘ ‹ › → ...): line-dedup keys and perplexities
then mean what cc_net's do (tests/test_normalize.py pins it against cc_net's code over real lines).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

# cc_net's UNICODE_PUNCT, in its order. ("１" can never fire: digits are rewritten to 0 before the table.)
UNICODE_PUNCT = {
    "，": ",", "。": ".", "、": ",", "„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "１": '"', "」": '"',
    "「": '"', "《": '"', "》": '"', "´": "'", "∶": ":", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")",
    "；": ";", "–": "-", "—": " - ", "．": ". ", "～": "~", "’": "'", "…": "...", "━": "-", "〈": "<", "〉": ">",
    "【": "[", "】": "]", "％": "%", "►": "-",
}  # fmt: skip

_UNICODE_PUNCT_CLASS = "".join(re.escape(c) for c in UNICODE_PUNCT)
_NON_PRINTING_CLASS = "".join(re.escape(chr(c)) for c in [*range(0, 32), *range(127, 160)])

UNICODE_PUNCT_RE = re.compile(f"[{_UNICODE_PUNCT_CLASS}]")
NON_PRINTING_RE = re.compile(f"[{_NON_PRINTING_CLASS}]")
PUNCT_OR_NON_PRINTING_RE = re.compile(f"[{_UNICODE_PUNCT_CLASS}{_NON_PRINTING_CLASS}]")
DIGIT_RE = re.compile(r"\d")  # every unicode digit, as in cc_net
_PUNCT_TABLE = str.maketrans(UNICODE_PUNCT)


def replace_unicode_punct(text: str) -> str:
    return text.translate(_PUNCT_TABLE)


def strip_accents(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text)
    return "".join(c for c in nfd if unicodedata.category(c) != "Mn")


def normalize_for_dedup(line: str) -> str:
    line = line.strip()
    if not line:
        return line
    line = DIGIT_RE.sub("0", line.lower())
    return PUNCT_OR_NON_PRINTING_RE.sub("", line)


def normalize_for_lm(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = strip_accents(text.lower())
    text = DIGIT_RE.sub("0", text)
    text = replace_unicode_punct(text)
    return NON_PRINTING_RE.sub("", text)


def line_hash(normalized_line: str) -> int:
    """cc_net's key: the first 8 bytes of sha1(line) as an unsigned little-endian 64-bit integer."""
    return int.from_bytes(hashlib.sha1(normalized_line.encode("utf-8")).digest()[:8], "little")

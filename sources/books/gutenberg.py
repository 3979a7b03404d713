"""Project Gutenberg header/footer stripping and header metadata (pure, no Beam). docs/RECIPE.md section 6.

The body is what lies between the START marker line and the first END marker line:

- START: `*** START OF THE PROJECT GUTENBERG EBOOK X ***` (2020s) and `*** START OF THIS PROJECT GUTENBERG
  EBOOK X ***` (older), with or without spaces after the asterisks (`***START OF THE ...***`), indented or
  not, wrapped over up to three lines (the body starts after the line closing with `***`), and the 1990s
  `*END*THE SMALL PRINT!` line that closed the old licence header.
- END: the matching `*** END OF THE/THIS PROJECT GUTENBERG EBOOK` line (indented in the 2021+ files; c-w/gutenberg
  matches markers with `startswith` and so keeps the whole licence of those files), the `End of the Project
  Gutenberg EBook of X` / `End of Project Gutenberg's X` line that precedes it, and, for files whose END line
  is missing, the `*** START: FULL LICENSE ***` line or `This file should be named` notice.

A file without START marker (a copy whose owner cut the header) starts at its first line; one without any END
marker ends at its last. Credit lines that open the body (`Produced by ...`, `Transcribed from ...`) are
Gutenberg production notes, not the book, and are removed too.
"""
from __future__ import annotations

import dataclasses
import re

# U+FEFF may open a marker line: a second BOM at the start of a file, or files concatenated with theirs.
_START_RE = re.compile(
    r"^[ \t\ufeff]*(?:\*{3}[ \t]*START OF[ \t]+(?:THE|THIS)[ \t]+PROJECT[ \t]+GUTENBERG\b.*"
    r"|\*END\*?[ \t]*THE SMALL PRINT.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_END_RE = re.compile(
    r"^[ \t\ufeff]*(?:\*{3}[ \t]*END OF[ \t]+(?:THE|THIS)[ \t]+PROJECT[ \t]+GUTENBERG\b.*"
    r"|End of (?:the )?Project Gutenberg(?:'s)?\b.*"
    r"|\*+[ \t]*START:?[ \t]*FULL LICEN[CS]E.*"
    r"|\**[ \t]*This file should be named .*)$",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_MARKER_LINES, _MAX_MARKER_LINE_CHARS = 3, 100  # how far a wrapped START marker may run
_CREDIT_RE = re.compile(
    r"^[ \t]*(?:produced by|prepared by|e-?text prepared by|this e-?(?:text|book) was (?:prepared|produced) by"
    r"|transcribed from|transcribed by|scanned by|digitized by|special thanks)\b",
    re.IGNORECASE,
)
_MAX_CREDIT_LINES = 4  # a credit paragraph longer than this is probably the book itself (blank lines stripped)
_BLANK_RUN_RE = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")

# Phrases that only the licence and its wrappers contain: none may survive in a cleaned text.
BOILERPLATE_RE = re.compile(
    r"START OF[ \t]+(?:THE|THIS)[ \t]+PROJECT[ \t]+GUTENBERG|END OF[ \t]+(?:THE|THIS)[ \t]+PROJECT[ \t]+GUTENBERG"
    r"|Project Gutenberg(?:-tm|™)|PROJECT GUTENBERG LICEN[CS]E|Project Gutenberg Literary Archive",
    re.IGNORECASE,
)

_HEADER_FIELDS = {
    "title": re.compile(r"^Title:[ \t]*(.+(?:\n[ \t]+\S.*)*)", re.MULTILINE),
    "author": re.compile(r"^Author:[ \t]*(.+)", re.MULTILINE),
    "language": re.compile(r"^Language:[ \t]*(.+)", re.MULTILINE),
    "release_date": re.compile(r"^Release Date:[ \t]*(.+?)(?:[ \t]*\[e-?book #\d+\])?[ \t]*$",
                               re.MULTILINE | re.IGNORECASE),
}
# Fallback for the title: the header's first line, "The Project Gutenberg EBook of X, by Y".
_TITLE_LINE_RE = re.compile(r"^\W*(?:The )?Project Gutenberg(?:'s)?(?: e-?book)?,?(?: of)? (.+?), by ",
                            re.IGNORECASE | re.MULTILINE)
_EBOOK_NUMBER_RE = re.compile(r"\[e-?book #(\d+)\]", re.IGNORECASE)
_HEADER_SCAN_CHARS = 6000  # where to look for the header fields when there is no START marker

# Gutenberg writes languages by name; codes for the recipe's 20 Books/Wikipedia languages and a few more.
LANGUAGE_CODES = {
    "bulgarian": "bg", "catalan": "ca", "czech": "cs", "danish": "da", "german": "de", "english": "en",
    "spanish": "es", "french": "fr", "croatian": "hr", "hungarian": "hu", "italian": "it", "dutch": "nl",
    "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru", "slovenian": "sl", "serbian": "sr",
    "swedish": "sv", "ukrainian": "uk", "finnish": "fi", "greek": "el", "latin": "la", "chinese": "zh",
    "japanese": "ja", "esperanto": "eo", "norwegian": "no", "welsh": "cy", "irish": "ga",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class StrippedBook:
    body: str
    has_start: bool
    has_end: bool
    credit_lines_removed: int
    header: dict  # title, author, language, lang, release_date, ebook_number: whatever the header states


def strip_gutenberg(text: str) -> StrippedBook:
    """Remove the Gutenberg header, footer and licence from a decoded book (LF line ends)."""
    start = _START_RE.search(text)
    body_start = _end_of_start_marker(text, start) if start else 0
    end = _END_RE.search(text, body_start)
    body_end = end.start() if end else len(text)
    header = parse_header(text[: start.start()] if start else text[:_HEADER_SCAN_CHARS])
    body, credits = _drop_opening_credits(text[body_start:body_end])
    return StrippedBook(tidy(body), start is not None, end is not None, credits, header)


def _end_of_line(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _end_of_start_marker(text: str, start: re.Match) -> int:
    """Where the body begins: after the START line, or after the line that closes a `*** START ...` marker
    wrapped over lines ("... EBOOK ALICE'S ADVENTURES IN" / "WONDERLAND ***")."""
    end = _end_of_line(text, start.end())
    line = start.group(0).strip(" \t\ufeff")
    if not line.startswith("***") or line.endswith("***"):
        return end
    pos = end
    for _ in range(_MAX_MARKER_LINES - 1):
        next_end = _end_of_line(text, pos)
        following = text[pos:next_end].strip()
        if not following or len(following) > _MAX_MARKER_LINE_CHARS:
            break  # a blank or long line: the marker was not wrapped
        if following.endswith("***"):
            return next_end
        pos = next_end
    return end


def _drop_opening_credits(body: str) -> tuple[str, int]:
    """Remove the production-credit paragraph that opens a Gutenberg body (a credit line and, when the
    paragraph is short, its continuation lines)."""
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _CREDIT_RE.match(lines[first]):
        return body, 0
    stop = first + 1
    while stop < len(lines) and lines[stop].strip():
        stop += 1
    if stop - first > _MAX_CREDIT_LINES:
        stop = first + 1  # no blank line soon after: remove the credit line alone, not the book's opening
    return "\n".join(lines[:first] + lines[stop:]), stop - first


def tidy(text: str) -> str:
    """Strip trailing blanks from lines, cap runs of blank lines at two, trim blank lines at both ends."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN_RE.sub("\n\n\n", text).strip("\n")


def parse_header(header: str) -> dict:
    fields = {}
    for name, pattern in _HEADER_FIELDS.items():
        match = pattern.search(header)
        if match:
            fields[name] = " ".join(match.group(1).split())
    if "title" not in fields:
        match = _TITLE_LINE_RE.search(header[:500])
        if match:
            fields["title"] = match.group(1).strip()
    number = _EBOOK_NUMBER_RE.search(header)
    if number:
        fields["ebook_number"] = int(number.group(1))
    language = fields.get("language", "").split(",")[0].split(" and ")[0].strip().lower()
    if language in LANGUAGE_CODES:
        fields["lang"] = LANGUAGE_CODES[language]
    return fields


def has_boilerplate(text: str) -> bool:
    if "gutenberg" not in text.lower():  # a plain substring test first: the regex is ~10x slower on a book
        return False
    return BOILERPLATE_RE.search(text) is not None

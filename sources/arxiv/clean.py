"""A paper's `.tex` files -> the text the recipe keeps (docs/RECIPE.md section 7; pure, no Beam).

Order of work: strip comments from every file; find the main file and inline its `\\input`/`\\include` files;
keep from the first section-like command (`\\part` ... `\\subparagraph`, the first one after
`\\begin{document}`) up to the first of `\\appendix`, `\\begin{thebibliography}`, `\\bibliography{...}`,
`\\printbibliography` or `\\end{document}`; register the macros defined before that start (the preamble), then
expand macros in what is kept, where later definitions take effect in place and are removed.

The RedPajama section regex lacked a `|` between `\\paragraph` and `\\subparagraph`, so a file whose first header
was `\\paragraph{...}` came out empty; here every section-like command is its own alternative.
"""
from __future__ import annotations

import bisect
import collections
import dataclasses
import re

from sources.arxiv.comments import strip_comments
from sources.arxiv.inputs import FlattenedTooLarge, find_main_file, flatten
from sources.arxiv.latex import find_unescaped
from sources.arxiv.macros import DEFINER_RE, SECTIONING, ExpansionLimit, MacroExpander

SECTION_HEADER = re.compile(r"\\(?:" + "|".join(sorted(SECTIONING)) + r")(?![A-Za-z@])\s*\*?\s*[\[{]")
_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_OF_BODY = re.compile(
    r"\\(?:appendix(?![A-Za-z@])|begin\s*\{(?:thebibliography|references|REFERENCES)\}|bibliography\s*\{"
    r"|printbibliography(?![A-Za-z@])|end\s*\{document\})"
)
_BIBLIOGRAPHY_STYLE = re.compile(r"\\bibliographystyle\s*\{[^{}]*\}")
_BLANK_LINES = re.compile(r"\n{3,}")


class PaperDropped(Exception):
    """The paper has nothing the recipe keeps (a drop reason, not an error)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PaperRejected(Exception):
    """The paper exceeds a safety bound (a dead letter)."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclasses.dataclass
class CleanedPaper:
    text: str
    main_file: str
    files: list[str]  # the .tex files that make up the text, in inlining order
    stats: dict[str, int]


def _first_outside(pattern: re.Pattern, text: str, start: int, spans: list[tuple[int, int]]) -> re.Match | None:
    """First unescaped match at or after `start` that is not inside a macro definition."""
    starts = [begin for begin, _ in spans]  # spans are sorted and disjoint
    pos = start
    while True:
        match = find_unescaped(pattern, text, pos)
        if match is None:
            return None
        k = bisect.bisect_right(starts, match.start()) - 1
        if k < 0 or match.start() >= spans[k][1]:
            return match
        pos = spans[k][1]


def _preamble(text: str, expander: MacroExpander) -> int | None:
    """Walk definitions and headers in order: register every definition met before the first section-like
    command that follows `\\begin{document}` (when there is one), and return where that command starts.
    Definitions are passed over whole, so a `\\section` inside one is not a header."""
    expander.new_text(text)
    targets = [_BEGIN_DOCUMENT, SECTION_HEADER] if find_unescaped(_BEGIN_DOCUMENT, text) else [SECTION_HEADER]
    pos = 0
    found = find_unescaped(targets[0], text, pos)
    while found is not None:
        definition = find_unescaped(DEFINER_RE, text, pos)
        if definition is not None and definition.start() < found.start():
            stop = expander.define_at(text, definition.group(1), definition.end())
            pos = definition.end() if stop is None else stop
            if pos > found.start():  # the target was inside that definition: look again
                found = find_unescaped(targets[0], text, pos)
            continue
        if len(targets) == 1:
            return found.start()
        targets.pop(0)
        pos = found.end()
        found = find_unescaped(targets[0], text, pos)
    return None


def body_bounds(text: str, expander: MacroExpander | None = None) -> tuple[int, int] | None:
    """(start, end) of what the recipe keeps, or None when there is no section-like command. The preamble's
    definitions are registered in `expander`."""
    start = _preamble(text, expander or MacroExpander())
    if start is None:
        return None
    spans = MacroExpander().collect(text, start)  # a tail marker inside a definition does not end the body
    tail = _first_outside(_END_OF_BODY, text, start + 1, spans)
    return start, tail.start() if tail else len(text)


def tidy(text: str) -> str:
    text = _BIBLIOGRAPHY_STYLE.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_tex(text: str, max_expanded_chars: int = 20_000_000) -> tuple[str, dict[str, int]]:
    """One comment-free LaTeX document -> (kept text with macros expanded, counts)."""
    expander = MacroExpander(max_chars=max_expanded_chars)
    bounds = body_bounds(text, expander)
    if bounds is None:
        raise PaperDropped("no_section_header")
    start, end = bounds
    try:
        body = expander.expand(text[start:end])
    except ExpansionLimit as exc:
        raise PaperRejected("macro_expansion_limit", str(exc)) from exc
    return tidy(body), dict(expander.stats)


def clean_paper(files: dict[str, str], max_chars: int = 64 << 20, max_expanded_chars: int = 20_000_000) -> CleanedPaper:
    """A paper's .tex files (path -> decoded text) -> CleanedPaper; raises PaperDropped / PaperRejected."""
    if not files:
        raise PaperDropped("no_tex_files")
    stripped = {path: strip_comments(files[path]) for path in sorted(files)}
    main = find_main_file(stripped, max_chars)
    if main is None:
        raise PaperDropped("no_main_file")
    try:
        flat = flatten(stripped, main, max_chars)
    except FlattenedTooLarge as exc:
        raise PaperRejected("paper_too_large", str(exc)) from exc
    text, stats = clean_tex(flat.text, max_expanded_chars)
    if not text:
        raise PaperDropped("empty_after_cleaning")
    counts = collections.Counter(stats)
    counts.update(inputs_inlined=len(flat.files) - 1, inputs_unresolved=len(flat.unresolved), input_cycles=flat.cycles)
    return CleanedPaper(text, main, flat.files, {k: v for k, v in sorted(counts.items()) if v})

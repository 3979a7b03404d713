"""The page cleaning rules of the reference C4 builder (TFDS `c4_utils.clean_page`), as a pure function.

Per line (stripped), in the reference order:
  1. a word over 1000 characters             -> line removed   (`lines_too_long_word`)
  2. citation markers `[1]`, `[edit]`, `[citation needed]` are cut out of the line
  3. no end mark `.` `?` `!` `"`, or ends in `...` -> line removed (`lines_no_end_mark`)
  4. fewer than 5 words                      -> line removed   (`lines_too_few_words`)
  5. "lorem ipsum"                           -> PAGE dropped   (`lorem_ipsum`)
  6. "javascript"                            -> line removed   (`lines_javascript`)
  7. a curly bracket `{`                     -> PAGE dropped   (`curly_bracket`)
  8. a policy phrase ("terms of use", ...)   -> line removed   (`lines_policy`)
Then the page needs at least 3 sentences over its kept lines (`too_few_sentences`).

As in the reference (which built the public C4), the page rules 5 and 7 look only at lines that passed the rules
before them: a `{` in a menu line without an end mark does not drop the page. Checks are case-insensitive except `{`.
As in TFDS the line is NOT stripped again after citation markers are cut: "...end. [1]" ends in a space and is
removed (`no_end_mark`), and a kept line keeps the spaces the cut left; the page text is stripped at the end.
Sentences are counted with NLTK's Punkt (sources/c4/sentences.py), per kept line and summed, as TFDS counts.
The page-length limit (190,000 characters) and the bad-words filter are separate stages, as in TFDS.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter

from sources.c4.sentences import has_sentences

CITATION_RE = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
END_MARKS = (".", "?", "!", '"')
ELLIPSIS = "..."
POLICY_SUBSTRINGS = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_POLICY_RE = re.compile("|".join(re.escape(p) for p in POLICY_SUBSTRINGS))

# Page-level reasons (Drop reasons of the clean stage).
LOREM_IPSUM = "lorem_ipsum"
CURLY_BRACKET = "curly_bracket"
TOO_FEW_SENTENCES = "too_few_sentences"


@dataclasses.dataclass(frozen=True)
class CleaningRules:
    min_words_per_line: int = 5
    min_sentences: int = 3
    max_word_chars: int = 1000


@dataclasses.dataclass
class CleanedPage:
    text: str | None  # None when the page is dropped
    drop_reason: str | None
    stats: Counter  # line fates: lines_kept, lines_no_end_mark, ..., citations_removed


def line_fate(line: str, rules: CleaningRules) -> tuple[str, str]:
    """(fate, line after citation removal) for one stripped, non-blank line.

    Fate is `kept`, a line rule (`too_long_word`, `no_end_mark`, `too_few_words`, `javascript`, `policy`) or a
    page rule (`lorem_ipsum`, `curly_bracket`).
    """
    # Only a line longer than the limit can hold a word longer than it (most lines skip the split).
    if len(line) > rules.max_word_chars and max(map(len, line.split())) > rules.max_word_chars:
        return "too_long_word", line
    line = CITATION_RE.sub("", line)  # not stripped again: TFDS tests the end mark on the line as cut
    if not line.endswith(END_MARKS) or line.endswith(ELLIPSIS):
        return "no_end_mark", line
    if len(line.split()) < rules.min_words_per_line:
        return "too_few_words", line
    lower = line.lower()
    if "lorem ipsum" in lower:
        return LOREM_IPSUM, line
    if "javascript" in lower:
        return "javascript", line
    if "{" in line:
        return CURLY_BRACKET, line
    if _POLICY_RE.search(lower):
        return "policy", line
    return "kept", line


def clean_page(text: str, rules: CleaningRules = CleaningRules()) -> CleanedPage:
    stats: Counter = Counter()
    kept: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            stats["lines_blank"] += 1
            continue
        cited = len(CITATION_RE.findall(line)) if "[" in line else 0
        fate, line = line_fate(line, rules)
        if fate in (LOREM_IPSUM, CURLY_BRACKET):
            return CleanedPage(None, fate, stats)
        stats[f"lines_{fate}"] += 1
        if fate == "kept":
            stats["citations_removed"] += cited
            kept.append(line)
    if not has_sentences(kept, rules.min_sentences):
        return CleanedPage(None, TOO_FEW_SENTENCES, stats)
    return CleanedPage("\n".join(kept).strip(), None, stats)

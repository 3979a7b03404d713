"""Beam wiring of the C4 source (the pure parts live in the sibling modules).

Two modes:
- default: read the public C4 release (JSON lines, plain or compressed) into Documents, as the paper used it;
- `--from-wet` (`from_wet: true`): build C4-style data from Common Crawl WET (or WARC) files, in the TFDS order:
  read -> page length -> URL dedup -> clean -> line dedup -> language ID -> bad words.

Language: TFDS kept pages langdetect calls `en` with probability >= 0.99. Here the project's fastText lid.176
decides (pipeline/langid.py), with its own threshold: lid.176's probabilities are not langdetect's (on the 1000
public C4 records, all of which passed langdetect >= 0.99, 40 score >= 0.99 as `en` with lid.176 and 989
score >= 0.5), so the default is 0.5; set it with `--set langid.threshold=...`.
"""
from __future__ import annotations

import apache_beam as beam

from pipeline.dedup import ExactDedup
from pipeline.io import INPUT_LIMITS, MatchInputs, open_decompressed
from pipeline.langid import LanguageIdentifier
from pipeline.stages import Drop, Reject, SourceOutput, Stage, StageCounters
from sources.c4.badwords import BadWordsFilter
from sources.c4.cleaning import CleaningRules, clean_page
from sources.c4.line_dedup import C4LineDedup
from sources.c4.records import SOURCE, iter_c4_json
from sources.c4.urls import newest_first_rank
from sources.c4.wet import c4_page
from sources.commoncrawl.transform import ReadCommonCrawlFile

STAGES = ("read", "length", "url_dedup", "clean", "line_dedup", "langid", "badwords")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "from_wet": False,  # false: read the public C4 json; true: build C4-style data from WET with the TFDS rules
    "language": "en",  # public C4 only: the `lang` of the release being read (C4 `en` passed langdetect >= 0.99)
    "max_page_chars": 190_000,
    "min_words_per_line": 5,
    "min_sentences": 3,
    "max_word_chars": 1000,
    "langid": {"threshold": 0.5, "languages": ["en"], "model": None},
    "badwords": {"enabled": True, "path": None},  # path None = the bundled LDNOOBW `en` list
}


class ReadC4JsonFile:
    """Stage function: one C4 JSON-lines file -> an outcome per line (and one reject for a cut or corrupt file)."""

    def __init__(self, language: str | None):
        self.language = language

    def __call__(self, path: str):
        lines = 0
        try:
            with open_decompressed(path) as stream:
                for outcome in iter_c4_json(stream, path, self.language):
                    lines += 1
                    yield outcome
        except (EOFError, OSError, ValueError) as exc:  # truncated/corrupt gzip, bz2, xz, zstd; unreadable file
            yield Reject("truncated_or_corrupt_file", file=path,
                         detail=f"after {lines} records: {type(exc).__name__}: {exc}"[:500])
            return
        if lines == 0:
            yield Reject("empty_file", file=path)


class ReadWetFile:
    """Stage function: one WET/WARC file -> C4 pages, through the commoncrawl reader (no minimum length)."""

    def __init__(self):
        self._read = ReadCommonCrawlFile(min_chars=0)

    def __call__(self, path: str):
        for outcome in self._read(path):
            yield c4_page(outcome) if isinstance(outcome, dict) else outcome


class PageLength:
    def __init__(self, max_chars: int):
        self.max_chars = max_chars

    def __call__(self, doc: dict):
        return Drop("too_long") if len(doc["text"]) > self.max_chars else doc


class CleanPage:
    """Stage function: the TFDS line and page rules; page drops are reasons, line removals are counted stats."""

    def __init__(self, rules: CleaningRules):
        self.rules = rules

    def setup(self):
        self._counters = StageCounters(SOURCE, "clean")

    def __call__(self, doc: dict):
        result = clean_page(doc["text"], self.rules)
        for name, n in result.stats.items():
            self._counters.stat(name, n)
        if result.drop_reason:
            return Drop(result.drop_reason)
        return {**doc, "text": result.text}


def normalized_url_key(doc: dict) -> str:
    return doc["metadata"]["normalized_url"]


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    files = pipeline | "MatchInputs" >> MatchInputs(input_pattern, SOURCE)
    if not config["from_wet"]:
        read = files | Stage(SOURCE, "read", ReadC4JsonFile(config["language"]), files=True,
                             limits=config.get("input_limits"))
        return SourceOutput(read.kept | "SpreadDocs" >> beam.Reshuffle(), [read.rejects])

    read = files | Stage(SOURCE, "read", ReadWetFile(), files=True, limits=config.get("input_limits"))
    pages = read.kept | "SpreadPages" >> beam.Reshuffle()
    length = pages | Stage(SOURCE, "length", PageLength(config["max_page_chars"]))
    unique = length.kept | ExactDedup(SOURCE, "url_dedup", key=normalized_url_key, reason="duplicate_url",
                                      rank=newest_first_rank)
    rules = CleaningRules(config["min_words_per_line"], config["min_sentences"], config["max_word_chars"])
    cleaned = unique.kept | Stage(SOURCE, "clean", CleanPage(rules))
    deduped = cleaned.kept | C4LineDedup(SOURCE, "line_dedup", config["min_sentences"])
    langid = config["langid"]
    identified = deduped.kept | Stage(
        SOURCE, "langid", LanguageIdentifier(langid["model"], langid["threshold"], langid["languages"]), tally=("lang",)
    )
    results = [read, length, unique, cleaned, deduped, identified]
    out = identified.kept
    if config["badwords"]["enabled"]:
        filtered = out | Stage(SOURCE, "badwords", BadWordsFilter(config["badwords"]["path"]))
        results.append(filtered)
        out = filtered.kept
    return SourceOutput(out, [r.rejects for r in results])

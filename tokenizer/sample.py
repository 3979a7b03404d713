"""A deterministic sample of training sentences, at most `input_sentence_size` of them, in two streaming passes.

A sentence is a line of a document (what sentencepiece calls a sentence). Each sentence gets a 64-bit hash of
(seed, document key, line number): it is in the sample when its hash falls under a cutoff. Pass 1 counts the
sentences per hash bucket (2^20 buckets, 8 MiB, whatever the input size); the cutoff is the largest bucket
boundary under which at most `size` sentences fall. Pass 2 streams exactly those sentences to the trainer.

So the sample depends only on the input contents and the seed (not on file order, runner or thread count), holds
at most `size` sentences, and Python never holds more than one record batch: sentencepiece's own copy of the
sample is the only one in memory. When the input has fewer sentences than `size`, everything is used.

Lines longer than the trainer's `max_sentence_length` (bytes) are split at whitespace instead of being skipped
(sentencepiece silently drops them; C4 and Books paragraphs can be that long).
"""
from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import Counter
from typing import Callable, Iterable, Iterator

import numpy as np

from tokenizer.documents import UnreadableInput, is_parquet, iter_parquet_documents, iter_text_lines

BUCKET_BITS = 20
NUM_BUCKETS = 1 << BUCKET_BITS


def sentence_hash(seed: int, key: str, index: int) -> int:
    digest = hashlib.blake2b(f"{seed}\x00{key}\x00{index}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def bucket_of(hash_value: int) -> int:
    return hash_value >> (64 - BUCKET_BITS)


def split_long_line(line: str, max_bytes: int) -> list[str]:
    """Pieces of at most `max_bytes` UTF-8 bytes, cut at whitespace (a word longer than that is cut inside)."""
    if len(line.encode("utf-8")) <= max_bytes:
        return [line]
    pieces, current, current_bytes = [], [], 0
    for word in line.split(" "):
        word_bytes = len(word.encode("utf-8"))
        sep = 1 if current else 0
        if current and current_bytes + sep + word_bytes > max_bytes:
            pieces.append(" ".join(current))
            current, current_bytes, sep = [], 0, 0
        if word_bytes > max_bytes:
            pieces.extend(_cut_word(word, max_bytes))
            continue
        current.append(word)
        current_bytes += sep + word_bytes
    if current:
        pieces.append(" ".join(current))
    return [p for p in pieces if p]


def _cut_word(word: str, max_bytes: int) -> list[str]:
    """Cut at most `max_bytes` at a time, backing off to a UTF-8 character boundary."""
    data, out, start = word.encode("utf-8"), [], 0
    while start < len(data):
        end = min(len(data), start + max_bytes)
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: not a boundary
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start = end
    return out


def document_sentences(text: str, max_bytes: int, stats: "ScanStats | None" = None) -> list[str]:
    """The non-empty lines of a document (CRLF tolerated), long ones split (counted in `stats`)."""
    out = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line.strip():
            pieces = split_long_line(line, max_bytes)
            if stats is not None and len(pieces) > 1:
                stats.long_lines_split += 1
            out.extend(pieces)
    return out


@dataclasses.dataclass
class ScanStats:
    files: int = 0
    documents: int = 0
    sentences: int = 0
    long_lines_split: int = 0
    invalid_utf8_lines: int = 0
    unreadable_files: list = dataclasses.field(default_factory=list)  # [{"file", "reason"}]


@dataclasses.dataclass(frozen=True)
class Sentence:
    source: str
    hash: int
    text: str


def iter_sentences(paths: Iterable[str], seed: int, max_bytes: int, stats: ScanStats) -> Iterator[Sentence]:
    """Every sentence of every input with its hash. Unreadable files are recorded in `stats` and skipped."""
    for path in paths:
        stats.files += 1
        try:
            if is_parquet(path):
                yield from _parquet_sentences(path, seed, max_bytes, stats)
            else:
                yield from _text_sentences(path, seed, max_bytes, stats)
        except (UnreadableInput, OSError, EOFError, ValueError) as exc:
            stats.unreadable_files.append({"file": path, "reason": f"{type(exc).__name__}: {str(exc)[:200]}"})


def _parquet_sentences(path, seed, max_bytes, stats):
    for record in iter_parquet_documents(path):
        stats.documents += 1
        for index, sentence in enumerate(document_sentences(record.text, max_bytes, stats)):
            stats.sentences += 1
            yield Sentence(record.source, sentence_hash(seed, record.key, index), sentence)


def _text_sentences(path, seed, max_bytes, stats):
    stats.documents += 1
    for record in iter_text_lines(path):
        if isinstance(record, UnicodeDecodeError):
            stats.invalid_utf8_lines += 1
            continue
        for index, sentence in enumerate(document_sentences(record.text, max_bytes, stats)):
            stats.sentences += 1
            yield Sentence(record.source, sentence_hash(seed, record.key, index), sentence)


def cutoff_bucket(histogram: np.ndarray, size: int) -> int:
    """The largest b such that the buckets below b hold at most `size` sentences (b = NUM_BUCKETS: take all)."""
    if size <= 0:
        return NUM_BUCKETS
    cumulative = np.cumsum(histogram, dtype=np.int64)
    return int(np.searchsorted(cumulative, size, side="right"))


class SentenceSample:
    """Two passes over `paths`: `count()` builds the bucket histogram, iterating yields the sampled sentences."""

    def __init__(self, paths: list[str], size: int, seed: int = 0, max_bytes: int = 4192,
                 progress: Callable[[str], None] | None = None, progress_every_s: float = 10.0):
        self.paths = list(paths)
        self.size = size
        self.seed = seed
        self.max_bytes = max_bytes
        self.progress = progress or (lambda message: None)
        self.progress_every_s = progress_every_s
        self.scan = ScanStats()
        self.cutoff = NUM_BUCKETS
        self.sampled = Counter()  # source -> sentences in the sample
        self.sampled_chars = Counter()  # source -> characters in the sample

    def count(self) -> "SentenceSample":
        histogram = np.zeros(NUM_BUCKETS, dtype=np.int64)
        batch: list[int] = []
        last = time.monotonic()
        for sentence in iter_sentences(self.paths, self.seed, self.max_bytes, self.scan):
            batch.append(bucket_of(sentence.hash))
            if len(batch) >= 65536:
                histogram += np.bincount(np.asarray(batch, dtype=np.int64), minlength=NUM_BUCKETS)
                batch.clear()
                if time.monotonic() - last >= self.progress_every_s:
                    last = time.monotonic()
                    self.progress(f"pass 1 (count): {self.scan.files}/{len(self.paths)} files, "
                                  f"{self.scan.sentences:,} sentences")
        if batch:
            histogram += np.bincount(np.asarray(batch, dtype=np.int64), minlength=NUM_BUCKETS)
        self.cutoff = cutoff_bucket(histogram, self.size)
        self.expected = int(histogram[: self.cutoff].sum())
        self.progress(f"pass 1 (count): {self.scan.sentences:,} sentences in {self.scan.documents:,} documents of "
                      f"{self.scan.files} files; sampling {self.expected:,} (input_sentence_size {self.size:,})")
        return self

    def __iter__(self) -> Iterator[str]:
        # A fresh scan whose counters are not reported twice.
        stats = ScanStats()
        last = time.monotonic()
        taken = 0
        for sentence in iter_sentences(self.paths, self.seed, self.max_bytes, stats):
            if bucket_of(sentence.hash) < self.cutoff:
                self.sampled[sentence.source] += 1
                self.sampled_chars[sentence.source] += len(sentence.text)
                taken += 1
                if time.monotonic() - last >= self.progress_every_s:
                    last = time.monotonic()
                    self.progress(f"pass 2 (sample -> trainer): {taken:,}/{self.expected:,} sentences")
                yield sentence.text

    def source_shares(self) -> dict[str, dict]:
        total = sum(self.sampled.values()) or 1
        total_chars = sum(self.sampled_chars.values()) or 1
        return {
            source: {
                "sentences": self.sampled[source],
                "characters": self.sampled_chars[source],
                "sentence_share": round(self.sampled[source] / total, 6),
                "character_share": round(self.sampled_chars[source] / total_chars, 6),
            }
            for source in sorted(self.sampled)
        }


# ------------------------------------------------------------------------------ the same sample as a Beam job

SAMPLE_NAMESPACE = "tokenizer_sample"


def source_cutoffs(histograms: dict[str, np.ndarray], size: int, weights: dict[str, float] | None) -> dict[str, int]:
    """Per source, the bucket under which its sentences are sampled.

    No weights: one cutoff over all sources (each source in proportion to its sentences, as `SentenceSample`).
    Weights: source s gets at most `size * w_s / sum(w)` sentences; a source without a weight is not sampled.
    Either way the sample holds at most `size` sentences."""
    if not weights:
        total = sum(histograms.values()) if histograms else np.zeros(NUM_BUCKETS, dtype=np.int64)
        cutoff = cutoff_bucket(total, size)
        return {source: cutoff for source in histograms}
    positive = {s: float(w) for s, w in weights.items() if float(w) > 0}
    norm = sum(positive.values()) or 1.0
    return {source: cutoff_bucket(hist, int(size * positive[source] / norm)) if source in positive else 0
            for source, hist in histograms.items()}


def _file_sentences(path: str, seed: int, max_bytes: int):
    """(source, bucket, sentence) for every sentence of one Document file; counters in namespace `tokenizer_sample`."""
    from apache_beam.metrics import Metrics

    stats = ScanStats()
    sentences = Counter()
    for sentence in iter_sentences([path], seed, max_bytes, stats):
        sentences[sentence.source] += 1
        yield sentence.source, bucket_of(sentence.hash), sentence.text
    for name, value in (("documents", stats.documents), ("long_lines_split", stats.long_lines_split),
                        ("invalid_utf8_lines", stats.invalid_utf8_lines),
                        ("unreadable_files", len(stats.unreadable_files))):
        Metrics.counter(SAMPLE_NAMESPACE, name).inc(value)
    for source, count in sentences.items():
        Metrics.counter(SAMPLE_NAMESPACE, f"sentences:{source}").inc(count)


def _histogram(bucket_counts) -> np.ndarray:
    histogram = np.zeros(NUM_BUCKETS, dtype=np.int64)
    for bucket, count in bucket_counts:
        histogram[bucket] += count
    return histogram


def _sampled(element, cutoffs: dict[str, int]):
    from apache_beam.metrics import Metrics

    source, bucket, text = element
    if bucket < cutoffs.get(source, 0):
        Metrics.counter(SAMPLE_NAMESPACE, f"sampled:{source}").inc()
        yield source, text


def sample_sentences_transform(size: int, seed: int, max_bytes: int, weights: dict | None = None):
    """Beam wiring of the sample above: a PCollection of Document file paths -> (source, sentence) pairs, at most
    `size` of them, the same sentences whatever the runner or the number of workers. Two aggregations: the
    (source, bucket) histogram (at most 2^20 counts per source), then the filter with the cutoffs as a side input."""
    import apache_beam as beam

    @beam.ptransform_fn
    def SampleSentences(paths):  # noqa: N802 - a PTransform
        sentences = (paths
                     | "SpreadFiles" >> beam.Reshuffle()
                     | "Sentences" >> beam.FlatMap(_file_sentences, seed, max_bytes))
        histograms = (sentences
                      | "Bucket" >> beam.Map(lambda s: ((s[0], s[1]), 1))
                      | "CountBuckets" >> beam.CombinePerKey(sum)
                      | "BySource" >> beam.Map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
                      | "GroupBySource" >> beam.GroupByKey()
                      | "Histogram" >> beam.MapTuple(lambda source, counts: (source, _histogram(counts)))
                      | "AllSources" >> beam.combiners.ToDict())
        cutoffs = histograms | "Cutoffs" >> beam.Map(source_cutoffs, size, weights)
        return sentences | "Sample" >> beam.FlatMap(_sampled, cutoffs=beam.pvalue.AsSingleton(cutoffs))

    return SampleSentences()

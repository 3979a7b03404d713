"""Huge single input files read as independent byte ranges, on different workers.

Wiring: file -> ranges (a cheap plan from the file's size, and the stream index when there is one) -> Reshuffle ->
each range read on its own. A range [start, end) OWNS the records whose first byte lies in it: its reader starts
at the first record boundary at or after `start` and reads past `end` only to finish its last record. So every
record is read exactly once whatever the split, and ids (taken from the records) do not depend on it; the
record framing itself (finding `<page`/`<row` starts) is `pipeline.xml_frames`.

What can be entered in the middle:
- plain (uncompressed) files: anywhere; the record start tag is found in the bytes.
- bz2 multistream files (Wikipedia's `pages-articles-multistream`, pbzip2 output): at a bz2 stream start. A
  range starts at the first stream starting in it, found with the stream magic `BZh[1-9]` + block magic
  0x314159265359 (a false match in compressed data has odds ~2^-75 per byte, and would surface as a corrupt-
  stream dead letter, not silently), or taken from the dump's stream index when the planner has one; it owns
  the records starting in the decompressed bytes of the streams that start in it. A single-stream bz2 file
  is owned whole by its first range (the others find no stream start and read nothing more than a scan).
- gzip, xz, zstd, 7z: one range (whole file): their streams cannot be entered in the middle.

Not split, on purpose: Common Crawl WARC/WET files. Their per-record gzip members would allow it (resync on a
member header, check it decompresses to `WARC/1.0`), but it does not pay: a crawl is tens of thousands of files
(~100 MB each for WET, ~1 GB for WARC), each a few CPU-minutes, so the file count already exceeds any worker pool
and whole files balance well; splitting would add a planning pass and more shuffle for no
wall-clock gain. The same holds for C4's 1024 json.gz shards and the GitHub/Books/arXiv files.
"""
from __future__ import annotations

import bz2
import contextlib
import io
import re
from typing import Callable, Iterator, NamedTuple

from apache_beam.io.filesystems import FileSystems

from pipeline.io import open_raw, sniff_compression

WHOLE, PLAIN, BZ2 = "whole", "plain", "bz2"
_BZ2_STREAM_START = re.compile(rb"BZh[1-9]1AY&SY")  # stream header + first block magic 0x314159265359
_SCAN_CHUNK = 1 << 20
_CHUNK = 1 << 16


class FileRange(NamedTuple):
    """A part of one input file that one worker reads. `kind` WHOLE: the file as one stream (any compression)."""

    path: str
    start: int
    end: int  # exclusive
    size: int
    kind: str

    @property
    def first(self) -> bool:
        return self.start == 0

    def label(self) -> str:
        return self.path if self.kind == WHOLE else f"{self.path}[{self.start}:{self.end}]"


def file_size(path: str) -> int:
    return FileSystems.match([path])[0].metadata_list[0].size_in_bytes


def whole(path: str, size: int | None = None) -> FileRange:
    return FileRange(path, 0, size if size is not None else -1, size if size is not None else -1, WHOLE)


def plan_ranges(path: str, split_bytes: int | None, stream_offsets: list[int] | None = None) -> list[FileRange]:
    """A file -> the ranges to read it in: byte ranges of about `split_bytes` for plain and bz2 files larger than
    that (snapped to the bz2 stream starts in `stream_offsets` when given), else the whole file."""
    size = file_size(path)
    if not split_bytes or size <= split_bytes:
        return [whole(path, size)]
    with open_raw(path) as f:
        compression = sniff_compression(f.read(8))
    kind = PLAIN if compression is None else BZ2 if compression == "bz2" else None
    if kind is None:
        return [whole(path, size)]
    starts = list(range(0, size, split_bytes))
    if kind == BZ2 and stream_offsets:
        starts = _snap(starts, sorted(set(stream_offsets) | {0}))
    bounds = starts + [size]
    return [FileRange(path, a, b, size, kind) for a, b in zip(bounds, bounds[1:]) if a < b]


def _snap(starts: list[int], offsets: list[int]) -> list[int]:
    """Each planned start moved to the first stream start at or after it (duplicates merged)."""
    import bisect

    snapped = []
    for start in starts:
        i = bisect.bisect_left(offsets, start)
        if i < len(offsets) and (not snapped or offsets[i] > snapped[-1]):
            snapped.append(offsets[i])
    return snapped


class RangeStream(NamedTuple):
    """What a range reader gets: decompressed bytes from the range's first stream (or byte) on, where they are
    (`base`: the offset of their first byte, in the file for plain files, in the decompressed streams from
    `stream_start` for bz2), and which record starts it owns."""

    stream: io.RawIOBase
    base: int
    owned: Callable[[int], bool]
    stream_start: int | None  # bz2: compressed offset of the first stream read (None: no stream starts here)


@contextlib.contextmanager
def open_range(rng: FileRange) -> Iterator[RangeStream]:
    """A PLAIN or BZ2 range as a RangeStream (WHOLE ranges are opened by the source's own reader)."""
    raw = open_raw(rng.path)
    try:
        if rng.kind == PLAIN:
            raw.seek(rng.start)
            yield RangeStream(io.BufferedReader(raw, 1 << 20), rng.start, lambda pos: pos < rng.end, None)
        elif rng.kind == BZ2:
            first = find_bz2_stream(raw, rng.start, rng.end)
            if first is None:
                yield RangeStream(io.BytesIO(b""), 0, lambda pos: False, None)
            else:
                streams = Bz2Streams(raw, first, rng.end)
                yield RangeStream(streams, 0, streams.owns, first)
        else:
            raise ValueError(f"open_range: {rng.kind} ranges are read whole by the source")
    finally:
        raw.close()


def find_bz2_stream(raw, start: int, end: int) -> int | None:
    """Offset of the first bz2 stream starting in [start, end), scanning the raw bytes."""
    overlap = 9
    pos = start
    raw.seek(pos)
    tail = b""
    while pos < end:
        chunk = raw.read(min(_SCAN_CHUNK, end + overlap - pos))
        if not chunk:
            return None
        data = tail + chunk
        match = _BZ2_STREAM_START.search(data)
        if match is not None:
            found = pos - len(tail) + match.start()
            return found if found < end else None
        tail = data[-overlap:]
        pos += len(chunk)
    return None


class Bz2Streams(io.RawIOBase):
    """The decompressed bytes of consecutive bz2 streams from compressed offset `first` on, to the end of the
    file. `limit` (decompressed bytes of the streams that start before `end`) is known once decompression reaches
    the first stream starting at or after `end`; until then every byte produced belongs to the range."""

    def __init__(self, raw, first: int, end: int):
        super().__init__()
        self._raw, self._end = raw, end
        raw.seek(first)
        self._fed_to = first  # compressed offset after the last byte read from the file
        self._pending = b""
        self._d = bz2.BZ2Decompressor()
        self._produced = 0
        self.limit: int | None = None
        self._done = False

    def readable(self) -> bool:
        return True

    def owns(self, pos: int) -> bool:
        return self.limit is None or pos < self.limit

    def readinto(self, buffer) -> int:
        while not self._done:
            if self._d.eof:
                rest = self._d.unused_data + self._pending
                if not rest:
                    rest = self._raw.read(_CHUNK)
                    self._fed_to += len(rest)
                if not rest:
                    self._done = True
                    break
                next_start = self._fed_to - len(rest)
                if self.limit is None and next_start >= self._end:
                    self.limit = self._produced
                self._d, self._pending = bz2.BZ2Decompressor(), rest
            if not self._pending and self._d.needs_input:
                self._pending = self._raw.read(_CHUNK)
                self._fed_to += len(self._pending)
                if not self._pending:
                    raise EOFError("compressed file ended before the end-of-stream marker was reached")
            data, self._pending = self._pending, b""
            out = self._d.decompress(data, len(buffer))
            if out:
                n = len(out)
                buffer[:n] = out
                self._produced += n
                return n
        if self.limit is None:
            self.limit = self._produced
        return 0

"""Frame an XML byte stream by its repeated record element (`<page>`, `<row>`) before the XML parser sees it.

Two jobs, both done on raw bytes with `bytes.find`/regex (linear time, memory bounded by one record):

- Bounded records. A record larger than `max_bytes` is never handed to the parser (expat is quadratic on huge
  attributes, and a huge text node is held whole): its bytes are skipped up to its end, and it is listed in
  `oversized` (offset + its first bytes, for a dead letter); the next record is read as usual.
- Ranges of a split file (`pipeline.splits`). A range that does not start at the file's beginning skips to the
  first record start and hands the parser `prefix` + the records it owns; every range stops at the first record
  start it does not own. The parser then ends with an unclosed root, which the caller expects (`complete`).

Record boundaries are found textually: in well-formed XML a literal `<` only opens markup (text and attribute
values escape it), so `<page` followed by a delimiter is a page start; a page ends at `</page>`; a `<row .../>`
ends where the next markup starts. A whole file passes through unchanged except for oversized records.
"""
from __future__ import annotations

import io
import re
from typing import Callable

_READ = 1 << 20


class RecordSpec:
    def __init__(self, tag: bytes, end: bytes, end_inclusive: bool):
        self.start = re.compile(re.escape(b"<" + tag) + rb"[\s/>]")
        self.tag_len = len(tag) + 2
        self.end, self.end_inclusive = end, end_inclusive


PAGE = RecordSpec(b"page", b"</page>", end_inclusive=True)
ROW = RecordSpec(b"row", b"<", end_inclusive=False)  # a self-closing row ends where the next markup starts


class Framed(io.RawIOBase):
    """The bytes for the XML parser. After reading to the end: `oversized` [(offset, head bytes)], `cut_at`
    (offset of a record the stream ended in, or None), `stopped` (True when the range ended before the file)."""

    def __init__(self, stream, spec: RecordSpec, max_bytes: int, *, base: int = 0, outside: bool = True,
                 prefix: bytes = b"", owned: Callable[[int], bool] = lambda pos: True):
        super().__init__()
        self._stream, self._spec, self._max = stream, spec, max_bytes
        self._base, self._outside, self._prefix, self._owned = base, outside, prefix, owned
        self.oversized: list[tuple[int, bytes]] = []
        self.cut_at: int | None = None
        self.stopped = False
        self.position = base  # offset of the next byte not yet handed on (in the stream's coordinates)
        self._chunks = self._generate()
        self._view = memoryview(b"")

    @property
    def complete(self) -> bool:
        """True when the parser saw the file's own beginning and end (so a parse error at the end is a cut)."""
        return self._outside and not self.stopped

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not len(self._view):
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._view = memoryview(chunk)
        n = min(len(buffer), len(self._view))
        buffer[:n] = self._view[:n]
        self._view = self._view[n:]
        return n

    def _generate(self):
        spec, buf, eof = self._spec, bytearray(), False
        self.position = self._base
        if not self._outside and self._prefix:
            yield self._prefix

        while True:
            # between records: pass the bytes on (whole files and a range's head), find the next record start
            match = spec.start.search(buf)
            if match is None:
                keep = min(len(buf), spec.tag_len) if not eof else 0
                if self._outside and len(buf) > keep:
                    yield bytes(buf[: len(buf) - keep])
                self.position += len(buf) - keep
                del buf[: len(buf) - keep]
                if eof:
                    return
                eof = not self._extend(buf)
                continue
            i = match.start()
            if self._outside and i:
                yield bytes(buf[:i])
            del buf[:i]
            self.position += i
            if not self._owned(self.position):
                self.stopped = True
                return
            # inside a record: find its end, unless it grows over the limit
            scan = 1
            while True:
                j = buf.find(spec.end, scan)
                if j >= 0:
                    stop = j + len(spec.end) if spec.end_inclusive else j
                    if stop > self._max:
                        self.oversized.append((self.position, bytes(buf[:4096])))
                    else:
                        yield bytes(buf[:stop])
                    del buf[:stop]
                    self.position += stop
                    break
                if len(buf) > self._max:
                    self.oversized.append((self.position, bytes(buf[:4096])))
                    self.position, eof = self._skip_record(buf, self.position, eof)
                    if eof and self.cut_at is not None:
                        return
                    break
                if eof:
                    self.cut_at = self.position
                    if self._outside:  # a whole file: the parser reports the cut as before
                        yield bytes(buf)
                    del buf[:]
                    return
                scan = max(1, len(buf) - len(spec.end) + 1)
                eof = not self._extend(buf)

    def _skip_record(self, buf: bytearray, base: int, eof: bool) -> tuple[int, bool]:
        """Drop an oversized record's bytes up to its end (keeping only a marker's length of look-behind)."""
        spec = self._spec
        keep = len(spec.end) - 1
        start, scan = base, 1
        while True:
            j = buf.find(spec.end, scan)
            if j >= 0:
                stop = j + len(spec.end) if spec.end_inclusive else j
                del buf[:stop]
                return base + stop, eof
            if eof:
                self.cut_at = start
                del buf[:]
                return base, True
            drop = max(0, len(buf) - keep)
            del buf[:drop]
            base += drop
            scan = 0
            eof = not self._extend(buf)

    def _extend(self, buf: bytearray) -> bool:
        chunk = self._stream.read(_READ)
        buf.extend(chunk)
        return bool(chunk)

"""A streaming WARC/WET record reader that parses headers by NAME.

cc_net read WET headers by position and broke when Common Crawl added `WARC-Identified-Content-Language`
(CC-MAIN-2020-34); here every header is looked up by its (case-insensitive) name.

Framing is by `Content-Length`: when the block it announces is followed by the next record (or the end of the
file), the block is taken whole, whatever its text contains (a page quoting a `WARC/1.0` header block is not
cut). Only when it is not (cc_net's own LF test fixture counts characters, not bytes) the reader repairs: a
length that overshot into the next record gives those bytes back, one that undershot reads on to the next
`WARC/` line (`length_mismatch`).

Bounded: a record may hold at most `max_record_bytes` (default 64 MiB; Common Crawl truncates captures at 1 MiB
and WET records are smaller) and a line at most 1 MiB of the header block; a larger declared or repaired block is
a `MalformedRecord("record_too_large")` and the reader re-synchronizes on the next `WARC/1.x` line, reading in
bounded pieces. `Content-Length` must be ASCII digits (`²`.isdigit() is True). Broken records are yielded as
`MalformedRecord`s and the reader re-synchronizes on the next record; it never raises on bad records
(decompression errors of the underlying stream do propagate).
"""
from __future__ import annotations

import dataclasses
import re
from typing import BinaryIO, Iterator

_VERSION_PREFIX = b"WARC/"
# A record start inside a block: the block's Content-Length overshot into the next record.
_EMBEDDED_RECORD_RE = re.compile(rb"\r?\n\r?\nWARC/1\.[01]\r?\nWARC-")
_RECORD_LINE_RE = re.compile(rb"WARC/1\.[01]\r?\n")
MAX_RECORD_BYTES = 64 << 20
MAX_LINE_BYTES = 1 << 20  # one readline; a longer line comes in pieces (headers that long are broken anyway)


@dataclasses.dataclass
class WarcRecord:
    headers: dict[str, str]  # lower-cased header name -> value
    body: bytes
    offset: int  # byte offset of the record in the (decompressed) stream
    length_mismatch: bool = False  # Content-Length did not match the block; the block was re-read by lines

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    @property
    def type(self) -> str:
        return (self.header("WARC-Type") or "").lower()


@dataclasses.dataclass
class MalformedRecord:
    reason: str
    offset: int
    detail: str = ""


class _Reader:
    """Line/byte reader with push-back and an exact byte offset."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._pushed: list[bytes] = []
        self.offset = 0
        self.deferred: BaseException | None = None  # a stream error met while looking past a complete record

    def readline(self) -> bytes:
        line = self._readline()
        self.offset += len(line)
        return line

    def _readline(self) -> bytes:
        if not self._pushed:
            return self._stream.readline(MAX_LINE_BYTES)
        chunk = self._pushed.pop()
        end = chunk.find(b"\n") + 1
        if end == 0:  # a partial line: complete it from what follows
            return chunk if len(chunk) >= MAX_LINE_BYTES else chunk + self._readline()
        if end < len(chunk):  # pushed-back chunks may hold several lines
            self._pushed.append(chunk[end:])
        return chunk[:end]

    def read(self, n: int) -> bytes:
        chunks, need = [], n
        while need and self._pushed:
            piece = self._pushed.pop()
            if len(piece) > need:
                self._pushed.append(piece[need:])
                piece = piece[:need]
            chunks.append(piece)
            need -= len(piece)
        while need:
            piece = self._stream.read(need)
            if not piece:
                break
            chunks.append(piece)
            need -= len(piece)
        data = b"".join(chunks)
        self.offset += len(data)
        return data

    def unread(self, data: bytes) -> None:
        if data:
            self._pushed.append(data)
            self.offset -= len(data)


def _is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n")


def _parse_header_line(line: bytes, headers: dict[str, str], last: str | None) -> str | None:
    """Adds one header line; returns its name, or None when the line is not a header."""
    text = line.decode("utf-8", errors="replace").rstrip("\r\n")
    if text[:1] in (" ", "\t") and last is not None:  # folded continuation line
        headers[last] += " " + text.strip()
        return last
    name, sep, value = text.partition(":")
    if not sep or not name.strip() or " " in name.strip():
        return None
    key = name.strip().lower()
    headers[key] = value.strip()
    return key


def _is_record_line(line: bytes) -> bool:
    return line.startswith(_VERSION_PREFIX) and _RECORD_LINE_RE.fullmatch(line) is not None


def _read_block_by_lines(reader: _Reader, prefix: bytes, limit: int) -> bytes | None:
    """The rest of a block whose Content-Length was wrong: everything up to the next `WARC/` record line. None
    when that is more than `limit` bytes (the lines past the limit are skipped, not kept)."""
    lines, size = [prefix], len(prefix)
    while True:
        line = reader.readline()
        if not line:
            break
        if line.startswith(_VERSION_PREFIX):
            reader.unread(line)
            break
        size += len(line)
        if size <= limit:
            lines.append(line)
        elif lines:
            lines = []  # over the limit: stop holding the block, go on skipping to the next record
    return b"".join(lines) if size <= limit else None


def _skip_to_next_record(reader: _Reader) -> None:
    """Skip bytes up to the next `WARC/1.0` or `WARC/1.1` line, in bounded pieces."""
    while True:
        line = reader.readline()
        if not line:
            return
        if _is_record_line(line):
            reader.unread(line)
            return


def _next_record_follows(reader: _Reader) -> bool:
    """True if, after blank lines, the stream is at EOF or at a `WARC/` line (nothing is consumed). A stream that
    fails right after the block (a cut, a decompression bomb in the next gzip member) leaves the record whole by
    its Content-Length: the error is deferred until that record was yielded."""
    skipped = []
    try:
        while True:
            line = reader.readline()
            skipped.append(line)
            if not line:
                return True
            if _is_blank(line):
                continue
            return line.startswith(_VERSION_PREFIX)
    except Exception as exc:  # noqa: BLE001 - re-raised by iter_records after the record
        reader.deferred = exc
        return True
    finally:
        for line in reversed(skipped):
            reader.unread(line)


def _content_length(headers: dict[str, str]) -> int | None:
    text = headers.get("content-length", "")
    return int(text) if text.isascii() and text.isdigit() else None  # `²`.isdigit() is True, int() refuses it


def iter_records(stream: BinaryIO, max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[WarcRecord | MalformedRecord]:
    reader = _Reader(stream)
    while True:
        if reader.deferred is not None:
            raise reader.deferred
        line = reader.readline()
        if not line:
            return
        if _is_blank(line):
            continue
        start = reader.offset - len(line)
        if not line.startswith(_VERSION_PREFIX):
            # Garbage between records: skip to the next record line and report the skipped span once.
            _skip_to_next_record(reader)
            yield MalformedRecord("broken_warc_header", start, "bytes outside any record")
            continue

        headers: dict[str, str] = {}
        last = None
        broken = False
        while True:
            line = reader.readline()
            if not line or _is_blank(line):
                break
            if line.startswith(_VERSION_PREFIX):  # a new record began before this one's headers ended
                reader.unread(line)
                broken = True
                break
            last = _parse_header_line(line, headers, last)
            if last is None:
                broken = True
        if broken or not line:
            _skip_to_next_record(reader)  # skip this record's block: resume at the next record line
            yield MalformedRecord("broken_warc_header", start, "header block is malformed or cut off")
            continue

        length = _content_length(headers)
        if length is None:
            _skip_to_next_record(reader)
            yield MalformedRecord("broken_warc_header", start, f"bad Content-Length {headers.get('content-length')!r}")
            continue
        if length > max_record_bytes:
            _skip_to_next_record(reader)
            yield MalformedRecord("record_too_large", start,
                                  f"Content-Length {length} is over the {max_record_bytes}-byte record limit")
            continue
        body = reader.read(length)
        mismatch = False
        if len(body) < length or not _next_record_follows(reader):
            # The length is wrong. Undershot: the block goes on to the next `WARC/` line; overshot: the next
            # record starts inside what was read, give those bytes back.
            if len(body) == length:
                try:
                    body = _read_block_by_lines(reader, body, max_record_bytes)
                except Exception as exc:  # noqa: BLE001 - the stream failed past the block (a bomb, a cut):
                    reader.deferred = exc  # the record stands by its Content-Length, the error comes after it
                    yield WarcRecord(headers=headers, body=body, offset=start)
                    continue
                if body is None:
                    yield MalformedRecord("record_too_large", start,
                                          f"block runs past the {max_record_bytes}-byte record limit")
                    continue
            embedded = _EMBEDDED_RECORD_RE.search(body)
            if embedded:
                reader.unread(body[embedded.start():])
                body = body[: embedded.start()]
            elif len(body) < length:
                yield MalformedRecord("truncated_record", start, f"block has {len(body)} of {length} bytes")
                return
            mismatch = True
        yield WarcRecord(headers=headers, body=body, offset=start, length_mismatch=mismatch)


def format_record(headers: dict[str, str | None], block: bytes, newline: str = "\r\n") -> bytes:
    """One WARC/1.0 record as Common Crawl writes it: `headers` in order (a None value leaves that header out),
    then `Content-Length` of the block, a blank line, the block and the two closing newlines. The writer's
    counterpart of `iter_records`, for tools, demos, benchmarks and tests that make WARC/WET files."""
    lines = [f"{name}: {value}{newline}" for name, value in headers.items() if value is not None]
    head = f"WARC/1.0{newline}" + "".join(lines) + f"Content-Length: {len(block)}{newline}{newline}"
    return head.encode("utf-8") + block + (newline * 2).encode()

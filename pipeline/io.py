"""File I/O through Beam's FileSystems (local, gs://, s3://): matching, decompression by content, writers."""
from __future__ import annotations

import bz2
import contextlib
import dataclasses
import io
import json
import logging
import lzma
import posixpath
import threading
import zlib
from typing import BinaryIO, Iterator

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipeline.dropped import sample_transform
from pipeline.schema import DOCUMENT_SCHEMA, to_row

_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)


def sniff_compression(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def open_raw(path: str) -> BinaryIO:
    """The file's bytes exactly as stored (no decompression by extension)."""
    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


class InputLimitExceeded(Exception):
    """An input breached a documented bound (decompressed size or ratio, line length): the rest of the file is not
    read. Deliberately neither OSError nor ValueError, so it passes through the readers' handlers for corrupt files
    to the framework's per-file accounting (`pipeline.files`), which turns it into a dead letter with file and
    offset and counts the file as read in part."""

    def __init__(self, reason: str, offset: int | None, detail: str):
        super().__init__(detail)
        self.reason, self.offset, self.detail = reason, offset, detail


@dataclasses.dataclass(frozen=True)
class InputLimits:
    """Bounds on what one input file may cost a worker. The defaults fit real data: CC WET gzip, C4 json.gz and the
    Wikipedia/StackExchange dumps decompress 3-10x (bz2/xz dumps up to ~15x); no real record line comes near 64 MiB
    (the largest Books3 book is ~40 MB). A zero-filled gzip is ~1030x, xz/zstd far more.

    max_decompressed_bytes: decompressed bytes read from one file (streaming, so this bounds time, not memory).
    max_ratio: decompressed / compressed bytes, checked once `ratio_floor_bytes` have been decompressed (a small,
        very repetitive file is fine; a bomb is caught after the floor, in bounded time and memory).
    max_line_bytes: one line of a line-oriented file (JSON lines); a longer line is skipped in bounded memory and
        becomes a dead letter, the next line is read."""

    max_decompressed_bytes: int = 1 << 40
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 64 << 20
    max_line_bytes: int = 64 << 20

    @classmethod
    def of(cls, value: "InputLimits | dict | None") -> "InputLimits":
        if isinstance(value, InputLimits):
            return value
        return cls(**(value or {}))


DEFAULT_LIMITS = InputLimits()
INPUT_LIMITS = dataclasses.asdict(DEFAULT_LIMITS)  # a source's `input_limits` config section (--set input_limits.X=)
_active = threading.local()  # the limits of the per-file read running in this thread (pipeline.files sets them)


def current_limits() -> InputLimits:
    return getattr(_active, "limits", None) or DEFAULT_LIMITS


@contextlib.contextmanager
def limits_in_effect(limits: InputLimits | None):
    """Readers opened inside this block (in this thread) use `limits` (None: keep the ones in effect)."""
    before = getattr(_active, "limits", None)
    _active.limits = limits or before
    try:
        yield
    finally:
        _active.limits = before


class _ZstdDecompressor:
    """zstandard's decompressobj behind the lzma interface (`decompress(data, max_length)`, eof, needs_input,
    unused_data). zstandard takes no output bound, so input goes in small pieces: an RLE block turns 4 bytes into
    128 KiB, so a 512-byte piece yields at most 16 MiB (on text, pieces cost ~30% over zstandard's own reader)."""

    _PIECE = 512

    def __init__(self):
        import zstandard  # only needed for .zst inputs

        self._d = zstandard.ZstdDecompressor().decompressobj()
        self._input = b""
        self.eof = False
        self.unused_data = b""

    @property
    def needs_input(self) -> bool:
        return not self._input

    def decompress(self, data: bytes, max_length: int) -> bytes:
        import zstandard

        self._input += data
        out = []
        produced = 0
        while self._input and not self.eof and produced < max_length:
            piece, self._input = self._input[: self._PIECE], self._input[self._PIECE :]
            try:
                part = self._d.decompress(piece)
            except zstandard.ZstdError as exc:
                raise OSError(f"corrupt zstd data: {exc}") from exc
            out.append(part)
            produced += len(part)
            if self._d.eof:
                self.eof = True
                self.unused_data = self._d.unused_data + self._input
                self._input = b""
        return b"".join(out)


_DECOMPRESSORS = {
    "gzip": lambda: zlib.decompressobj(wbits=31),
    "bz2": bz2.BZ2Decompressor,
    "xz": lzma.LZMADecompressor,
    "zstd": _ZstdDecompressor,
}
_CHUNK = 1 << 16  # compressed bytes read at a time
_MAX_OUT = 1 << 20  # decompressed bytes produced at a time: bounded memory, even on a decompression bomb


class _Decompressing(io.BufferedIOBase):
    """Streams a gzip / bz2 / xz / zstd file of one or more concatenated members or frames (per-record gzip, bz2
    multistream, zstd frames), each decoded exactly once. A file that ends inside a member is an EOFError.

    Unlike gzip.GzipFile & co, a cut or corrupt stream first delivers every byte it could decompress (every
    complete line, for readline) and raises on the next read, so a reader keeps every complete record before
    the cut (the stdlib readers drop whatever the failing read had decompressed: up to a whole read buffer of
    complete records). The decompressed size and ratio are bounded (`InputLimits`): a breach is an
    InputLimitExceeded, delivered the same way. readline(size) takes linear time whatever the line length."""

    def __init__(self, raw: BinaryIO, kind: str, limits: InputLimits | None = None):
        self._raw, self._new = raw, _DECOMPRESSORS[kind]
        self._kind = kind
        self._limits = limits or current_limits()
        self._decompressor = self._new()
        self._pending = b""  # compressed input not yet given to the decompressor
        self._out = bytearray()  # decompressed; self._pos is where the reader is in it
        self._pos = 0
        self._done = False
        self._error: Exception | None = None  # raised once what came before it has been read
        self._delivered = 0
        self._compressed = 0  # compressed bytes read from the file
        self._produced = 0  # decompressed bytes produced

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Decompressed bytes read so far (where a reader is, for dead letters)."""
        return self._delivered

    def _available(self) -> int:
        return len(self._out) - self._pos

    def _more(self) -> bool:
        """Decompress one more step; False at the end. A failure is kept until what came before is read."""
        if self._done:
            return False
        before = self._available()
        try:
            while not self._done and self._available() == before:
                self._step()
        except (EOFError, OSError, InputLimitExceeded) as exc:
            self._done, self._error = True, exc
        return self._available() > before

    def _raise_pending(self) -> None:
        if self._error is not None and not self._available():
            error, self._error = self._error, None
            if isinstance(error, InputLimitExceeded):  # where the reader's input ends: all before it was read
                error.offset = self._delivered
            raise error

    def _take(self, n: int) -> bytes:
        with memoryview(self._out) as view:  # one copy, not two (a 64 MiB line would briefly cost 128 MiB more)
            data = bytes(view[self._pos : self._pos + n])
        self._pos += len(data)
        self._delivered += len(data)
        if self._pos == len(self._out):
            self._out.clear()
            self._pos = 0
        elif self._pos > _MAX_OUT:  # drop what was read (bytearray deletes from the front in O(1) amortized)
            del self._out[: self._pos]
            self._pos = 0
        return data

    def read(self, size: int | None = -1) -> bytes:
        while (size is None or size < 0 or self._available() < size) and self._more():
            pass
        self._raise_pending()  # only once everything before the failure has been read
        return self._take(self._available() if size is None or size < 0 else size)

    read1 = read

    def readline(self, size: int | None = -1) -> bytes:
        limit = size if size is not None and size >= 0 else None
        scanned = 0  # bytes after self._pos already known to hold no newline
        while True:
            newline = self._out.find(b"\n", self._pos + scanned)
            if newline >= 0:
                end = newline + 1 - self._pos
                break
            scanned = self._available()
            if (limit is not None and self._available() >= limit) or not self._more():
                end = self._available()
                if self._error is not None and (limit is None or end < limit):
                    self._take(end)  # the line was cut with the stream: report the cut, not half a line
                break
        self._raise_pending()
        return self._take(end if limit is None else min(end, limit))

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _read_raw(self) -> bytes:
        data = self._raw.read(_CHUNK)
        self._compressed += len(data)
        return data

    def _step(self) -> None:
        d = self._decompressor
        if d.eof:  # a member ended: the next one starts in its unused data, or in the file
            if not self._pending:
                self._pending = self._read_raw()
            if not self._pending:
                self._done = True
                return
            d = self._decompressor = self._new()
        if not self._pending and _needs_input(d):
            self._pending = self._read_raw()
            if not self._pending:
                raise EOFError("compressed file ended before the end-of-stream marker was reached")
        data, self._pending = self._pending, b""
        try:
            produced = d.decompress(data, _MAX_OUT)
        except (zlib.error, lzma.LZMAError) as exc:  # corrupt data: the same error type as bz2's
            raise OSError(f"corrupt compressed data: {exc}") from exc
        if produced:
            self._out += produced
            self._produced += len(produced)
            self._check_limits()
        if d.eof:
            # Exactly the bytes after this member. (CPython's zlib can leave them in unconsumed_tail AND
            # unused_data when the member ended in a call fed from unconsumed_tail: taking both decoded the
            # next member twice.)
            self._pending = d.unused_data
        elif hasattr(d, "unconsumed_tail"):  # zlib hands back the input it did not consume yet
            self._pending = d.unconsumed_tail

    def _check_limits(self) -> None:
        limits, produced = self._limits, self._produced
        if produced > limits.max_decompressed_bytes:
            raise InputLimitExceeded("decompressed_size_limit", produced,
                                     f"{self._kind}: over {limits.max_decompressed_bytes} decompressed bytes")
        if produced >= limits.ratio_floor_bytes and produced > limits.max_ratio * max(self._compressed, 1):
            raise InputLimitExceeded(
                "decompression_ratio_limit", produced,
                f"{self._kind}: {produced} bytes from {self._compressed} compressed "
                f"(ratio over {limits.max_ratio:g}): a decompression bomb?")


def _needs_input(decompressor) -> bool:
    if hasattr(decompressor, "needs_input"):  # bz2, lzma, zstd
        return decompressor.needs_input
    return not decompressor.unconsumed_tail  # zlib


def read_up_to(stream: BinaryIO, limit: int, chunk: int = 1 << 20) -> bytes:
    """Read until the end of the stream or until more than `limit` bytes (limit + 1 are returned then). Unlike one
    `read(limit + 1)`, it reads on to the end, so a cut stream's error surfaces instead of a short result."""
    parts, size = [], 0
    while size <= limit:
        part = stream.read(min(chunk, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


_SKIP_CHUNK = 1 << 20


def iter_lines(stream: BinaryIO, max_line_bytes: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) for every line of a stream, the offset counted in the bytes read. A line (with its newline)
    longer than `max_line_bytes` (default: the `InputLimits` in effect) comes as (offset, None): it is skipped to
    its end in bounded memory and linear time, and the next line is read."""
    limit = max_line_bytes or current_limits().max_line_bytes
    offset = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        start, offset = offset, offset + len(line)
        if len(line) <= limit:
            yield start, line
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(_SKIP_CHUNK)
            if not line:
                break
            offset += len(line)
        yield start, None


def open_decompressed(path: str) -> BinaryIO:
    """A streaming binary reader that undoes gzip (also per-record/multi-member), bz2 (also multistream), xz or zstd
    (also several frames), decided by the file's magic bytes, not its name. A truncated stream delivers everything
    before the cut, then raises EOFError; corrupt data raises OSError; a breach of the `InputLimits` in effect
    (`limits_in_effect`) raises InputLimitExceeded."""
    raw = io.BufferedReader(open_raw(path), buffer_size=1 << 20)
    kind = sniff_compression(raw.peek(8)[:8])
    if kind in _DECOMPRESSORS:
        return _Decompressing(raw, kind)
    return raw


def json_loads_utf8(raw: bytes | str):
    """`json.loads` that refuses strings UTF-8 cannot hold: a lone UTF-16 surrogate escape (`"\\udce9"`) is valid
    JSON, but the runner's coder cannot encode it and would crash the run downstream. Raises UnicodeEncodeError
    (a ValueError) so readers turn the line into a dead letter instead; JSON nested too deeply to parse (a
    RecursionError) is a json.JSONDecodeError."""
    try:
        value = json.loads(raw)
        _check_utf8(value)
    except RecursionError:  # `[[[[...` nested deeper than the interpreter recurses: a bad line, not a crash
        raise json.JSONDecodeError("JSON nested too deeply", "", 0) from None
    return value


def _check_utf8(value) -> None:
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_utf8(key)
            _check_utf8(item)
    elif isinstance(value, list):
        for item in value:
            _check_utf8(item)


def join_path(base: str, *parts: str) -> str:
    return FileSystems.join(base, *parts) if "://" in base else posixpath.join(base, *parts)


def match_paths(pattern: str) -> list[str]:
    """Paths matching a glob, sorted (for tools that run outside Beam)."""
    result = FileSystems.match([pattern])[0]
    return sorted(m.path for m in result.metadata_list)


def write_text(path: str, text: str) -> None:
    with FileSystems.create(path, compression_type=CompressionTypes.UNCOMPRESSED) as f:
        f.write(text.encode("utf-8"))


def read_text(path: str) -> str:
    with open_raw(path) as f:
        return f.read().decode("utf-8")


class MatchInputs(beam.PTransform):
    """Glob (or a list of globs / paths) -> file paths, spread over workers; matched on the workers, never on the
    launching machine. A pattern matching nothing fails the run with a clear error. With `source`, each matched
    file is counted (`<stage>|file|matched` in the source's namespace): the report checks that the read stage
    accounted for every one of them (pipeline.files)."""

    def __init__(self, pattern: str | list[str], source: str | None = None, stage: str = "read"):
        super().__init__()
        self._patterns = [pattern] if isinstance(pattern, str) else list(pattern)
        self._counter = (source, f"{stage}|file|matched") if source else None

    def expand(self, pbegin):
        paths = (
            pbegin
            | "Patterns" >> beam.Create(self._patterns)
            | "Match" >> fileio.MatchAll(empty_match_treatment="DISALLOW")
            | "Path" >> beam.Map(lambda metadata: metadata.path)
        )
        if self._counter:
            paths = paths | "CountMatched" >> beam.ParDo(CountMatched(*self._counter))
        return paths | "SpreadFiles" >> beam.Reshuffle()


class CountMatched(beam.DoFn):
    """Passes paths through, counting them as matched input files (for sources that match inputs their own way)."""

    def __init__(self, namespace: str, name: str = "read|file|matched"):
        self._namespace, self._name = namespace, name

    def setup(self):
        from apache_beam.metrics import Metrics

        self._counter = Metrics.counter(self._namespace, self._name)

    def process(self, path):
        self._counter.inc()
        yield path


class WriteDocuments(beam.PTransform):
    """Documents -> `<output>/docs/<source>/part-*.parquet`, zstd-compressed."""

    def __init__(self, output: str, source: str, num_shards: int = 0):
        super().__init__()
        self._prefix = join_path(output, "docs", source, "part")
        self._num_shards = num_shards

    def expand(self, docs):
        return (
            docs
            | "ToRow" >> beam.Map(to_row)
            | "Parquet"
            >> beam.io.WriteToParquet(
                self._prefix,
                DOCUMENT_SCHEMA,
                codec="zstd",
                file_name_suffix=".parquet",
                num_shards=self._num_shards,
            )
        )


class _EmptySinkIsExpected(logging.Filter):
    """`skip_if_empty=True` writes no file for an empty collection by design (a clean run has no dead letters), yet
    Beam warns "No shards found to finalize" for it on every such run. Only that message is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("No shards found to finalize")


_SINK_LOGGER = logging.getLogger("apache_beam.io.filebasedsink")  # the finalize step runs where this module loads
if not any(isinstance(f, _EmptySinkIsExpected) for f in _SINK_LOGGER.filters):
    _SINK_LOGGER.addFilter(_EmptySinkIsExpected())


class WriteRejects(beam.PTransform):
    """Dead letters (dicts with reason, file, offset, ...) -> `<output>/rejects/<source>/rejects-*.jsonl`."""

    def __init__(self, output: str, source: str):
        super().__init__()
        self._prefix = join_path(output, "rejects", source, "rejects")

    def expand(self, rejects):
        return (
            rejects
            | "ToJson" >> beam.Map(lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))
            # skip_if_empty: no empty file for a clean run (S3 also refuses a multipart upload without parts)
            | "Jsonl" >> beam.io.WriteToText(self._prefix, file_name_suffix=".jsonl", skip_if_empty=True)
        )


def remove_tree(path: str) -> bool:
    """Delete a directory of outputs (any FileSystems path); True if there was one."""
    if not FileSystems.exists(path):
        return False
    if "://" in path:
        matched = [m.path for m in FileSystems.match([join_path(path, "**")])[0].metadata_list]
        if matched:
            FileSystems.delete(matched)
    else:
        import shutil

        shutil.rmtree(path)
    return True


def clear_source_outputs(output: str, source: str) -> None:
    """A source's documents and dead letters are replaced by a new run, never mixed with an earlier run's
    (the number of shards can differ between runs, so old files would not all be overwritten)."""
    for part in ("docs", "rejects"):
        if remove_tree(join_path(output, part, source)):
            print(f"{source}: replacing the earlier run's {part} in {join_path(output, part, source)}")


def write_source_output(result, output: str, source: str, num_shards: int = 0) -> None:
    """Write what a source's pipeline produced (a `pipeline.stages.SourceOutput`): documents, dead letters and
    its extra report files (`<output>/report/<name>`)."""
    result.documents | f"{source}: WriteDocuments" >> WriteDocuments(output, source, num_shards=num_shards)
    (result.rejects
     | f"{source}: FlattenRejects" >> beam.Flatten()
     | f"{source}: WriteRejects" >> WriteRejects(output, source))
    reports = dict(result.reports)
    dropped = sample_transform(result.documents.pipeline, source)  # what the filters removed (pipeline/dropped.py)
    if dropped is not None:
        reports.setdefault(f"dropped_{source}.jsonl", dropped)
    for name, lines in reports.items():
        lines | f"{source}: Write {name}" >> beam.io.WriteToText(
            join_path(output, "report", name), shard_name_template="", skip_if_empty=True)


def read_documents(pattern: str) -> list[dict]:
    """Read Document Parquet files back (tests, tools). Through FileSystems, so remote paths work."""
    import pyarrow.parquet as pq

    from pipeline.schema import from_row

    docs = []
    for path in match_paths(pattern):
        with open_raw(path) as f:
            table = pq.read_table(io.BytesIO(f.read()))
        docs.extend(from_row(row) for row in table.to_pylist())
    return docs

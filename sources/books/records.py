"""Book files -> Documents, and Gutenberg boilerplate removal: the stage functions of the books source.

Ids are content-addressed (sha1 of a text file's bytes, of a JSON line's text), so they do not depend on where
a file sits or what it is called (one sample is a Tale of Two Cities saved as `1342.txt`); byte-identical
copies share an id and are collapsed by the exact stage before near-dedup.
"""
from __future__ import annotations

import hashlib
import lzma
import zlib

from pipeline.dedup import survivor_rank
from pipeline.io import open_decompressed, read_up_to
from pipeline.schema import make_document
from pipeline.text_quality import garbled_reason
from pipeline.stages import Drop, Reject
from sources.books.books3 import MalformedLine, parse_line
from sources.books.decode import UndecodableText, decode_book
from sources.books.gutenberg import has_boilerplate, strip_gutenberg

SOURCE = "books"
GUTENBERG_FORMAT = "gutenberg_txt"
BOOKS3_FORMAT = "books3_jsonl"
_STREAM_ERRORS = (EOFError, OSError, ValueError, zlib.error, lzma.LZMAError)  # truncated/corrupt compression
_SKIP_CHUNK = 1 << 20


def is_jsonl(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return ".jsonl" in name or ".json" in name


class ReadBookFile:
    """Stage function: a Gutenberg text file -> one book; a Books3 JSON-lines file -> one book per line."""

    def __init__(self, max_book_bytes: int):
        self.max_book_bytes = max_book_bytes

    def __call__(self, path: str):
        if is_jsonl(path):
            yield from self._read_jsonl(path)
        else:
            yield self._read_text(path)

    def _read_text(self, path: str):
        try:
            with open_decompressed(path) as stream:
                raw = read_up_to(stream, self.max_book_bytes)
        except _STREAM_ERRORS as exc:
            return Reject("truncated_or_corrupt_file", file=path, offset=0, detail=f"{type(exc).__name__}: {exc}"[:500])
        if not raw.strip():
            return Reject("empty_file", file=path, offset=0)
        if len(raw) > self.max_book_bytes:
            return Reject("file_too_large", file=path, offset=0, detail=f"over {self.max_book_bytes} bytes")
        try:
            text, encoding = decode_book(raw)
        except UndecodableText as exc:
            return Reject("undecodable_text", file=path, offset=0, detail=str(exc)[:500])
        native_id = "sha1:" + hashlib.sha1(raw).hexdigest()
        return make_document(SOURCE, native_id, text, format=GUTENBERG_FORMAT, file=path, encoding=encoding,
                             bytes=len(raw))

    def _read_jsonl(self, path: str):
        offset, records = 0, 0
        try:
            with open_decompressed(path) as stream:
                while True:
                    line = stream.readline(self.max_book_bytes + 1)
                    if not line:
                        break
                    start, offset = offset, offset + len(line)
                    if len(line) > self.max_book_bytes and not line.endswith(b"\n"):
                        offset += _skip_rest_of_line(stream)
                        records += 1
                        yield Reject("record_too_large", file=path, offset=start,
                                     detail=f"over {self.max_book_bytes} bytes")
                        continue
                    if not line.strip():
                        continue
                    records += 1
                    yield _books3_outcome(line, path, start)
        except _STREAM_ERRORS as exc:
            records += 1
            yield Reject("truncated_or_corrupt_file", file=path, offset=offset,
                         detail=f"{type(exc).__name__}: {exc}"[:500])
        if records == 0:
            yield Reject("empty_file", file=path, offset=0)


def _skip_rest_of_line(stream) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _books3_outcome(line: bytes, path: str, offset: int):
    try:
        record = parse_line(line)
    except MalformedLine as exc:
        return Reject(exc.reason, file=path, offset=offset, detail=str(exc)[:500])
    if not record.text.strip():
        return Drop("empty_text")
    garbled = garbled_reason(record.text)  # damaged before it was exported: there are no bytes to re-decode
    if garbled:
        return Reject(garbled, file=path, offset=offset, detail=f"{record.title or record.native_id}"[:300])
    native_id = "sha1:" + hashlib.sha1(record.text.encode("utf-8")).hexdigest()
    metadata = {"format": BOOKS3_FORMAT, "file": path, "offset": offset, "books3_id": record.native_id}
    if record.title:
        metadata["title"] = record.title
    if record.meta:
        metadata["books3_meta"] = record.meta
    return make_document(SOURCE, native_id, record.text.replace("\r\n", "\n"), url=record.url, **metadata)


def identical_copy_rank(doc: dict) -> bytes:
    """Survivor order among documents with one id (byte-identical copies): sha1 of the id, then file, offset."""
    meta = doc.get("metadata") or {}
    return survivor_rank(doc) + f"{meta.get('file', '')}\x00{meta.get('offset', 0):020d}".encode("utf-8")


_HEADER_FIELDS = ("title", "author", "language", "release_date", "ebook_number")


def strip_boilerplate(doc: dict):
    """Stage function: the book without Gutenberg header, footer and licence, with what the header says."""
    stripped = strip_gutenberg(doc["text"])
    meta = dict(doc.get("metadata") or {})
    if not stripped.body.strip():
        return Drop("empty_after_boilerplate_strip")
    if has_boilerplate(stripped.body):
        # a layout the marker rules do not know: a dead letter to look at, never licence text in the corpus
        return Reject("gutenberg_boilerplate_left", file=meta.get("file"), offset=meta.get("offset", 0),
                      record_id=doc["id"])
    meta.update(gutenberg_start_marker=stripped.has_start, gutenberg_end_marker=stripped.has_end)
    if stripped.credit_lines_removed:
        meta["credit_lines_removed"] = stripped.credit_lines_removed
    lang, url = doc.get("lang"), doc.get("url")
    if meta.get("format") == GUTENBERG_FORMAT:  # a Books3 book's front matter is not a Gutenberg header
        header = stripped.header
        meta.update({k: header[k] for k in _HEADER_FIELDS if k in header})
        lang = header.get("lang", lang)
        if "ebook_number" in header:
            url = f"https://www.gutenberg.org/ebooks/{header['ebook_number']}"
    return {**doc, "text": stripped.body, "lang": lang, "url": url, "metadata": meta}

"""The public C4 release -> Documents (pure functions, no Beam).

Files are JSON lines (`c4-train.00000-of-01024.json.gz`, or re-exported `.jsonl`), one page per line with
`text`, `url` and, optionally, `timestamp` (copies name it `date`, or leave it out: it is metadata, normalized to
ISO 8601 when it parses, kept as written when not). Every line becomes a Document, a Drop (an empty text) or a
Reject (not JSON, not an object, `text`/`url` missing or a field of the wrong type, undecodable bytes), with the
file and the byte offset of the line so a bad record can be found again.
"""
from __future__ import annotations

import hashlib
import json
from typing import BinaryIO, Iterator

from pipeline.io import iter_lines, json_loads_utf8
from pipeline.schema import make_document
from pipeline.stages import Drop, Reject
from sources.c4.timestamps import to_iso8601

SOURCE = "c4"


def c4_native_id(url: str, text: str) -> str:
    """URL plus a content hash: C4 holds one page per URL, and a re-export that repeats a URL with other text
    must not collide with it."""
    return f"{url}\x00{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


def c4_json_document(line: bytes, path: str, offset: int, language: str | None):
    """One JSON line of the release -> Document | Drop | Reject."""
    def reject(reason: str, detail: str = "") -> Reject:
        return Reject(reason, file=path, offset=offset, detail=detail[:300] or None)

    try:
        record = json_loads_utf8(line.decode("utf-8"))
    except UnicodeError as exc:  # bytes that are not UTF-8, or a lone surrogate escape
        return reject("undecodable_bytes", str(exc))
    except json.JSONDecodeError as exc:
        return reject("bad_json", f"{exc}: {line[:120]!r}")
    if not isinstance(record, dict):
        return reject("not_a_json_object", type(record).__name__)
    for field in ("text", "url"):
        if field not in record or record[field] is None:
            return reject(f"missing_field:{field}")
        if not isinstance(record[field], str):
            return reject(f"bad_field_type:{field}", type(record[field]).__name__)
    raw_time = record.get("timestamp", record.get("date"))
    if raw_time is not None and not isinstance(raw_time, str):
        return reject("bad_field_type:timestamp", type(raw_time).__name__)
    text, url = record["text"], record["url"].strip()
    if not text.strip():
        return Drop("empty_text")
    timestamp = {"timestamp": to_iso8601(raw_time) or raw_time} if raw_time and raw_time.strip() else {}
    return make_document(SOURCE, c4_native_id(url, text), text, url=url, lang=language, c4_file=path, **timestamp)


def iter_c4_json(stream: BinaryIO, path: str, language: str | None) -> Iterator:
    """Outcomes of every non-blank line of a (decompressed) C4 JSON-lines stream; a line over the line limit
    (pipeline.io.InputLimits) is a dead letter and the next line is read."""
    for start, line in iter_lines(stream):
        if line is None:
            yield Reject("line_too_long", file=path, offset=start, detail="over the max_line_bytes input limit")
        elif line.strip():
            yield c4_json_document(line, path, start, language)

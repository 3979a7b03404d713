"""Common Crawl pages -> C4 pages, for `--from-wet` (pure functions, no Beam).

The records are read by the commoncrawl source's reader (sources/commoncrawl: headers by name, per-record
gzip, malformed records as rejects); this module only turns its Documents into C4 pages the way TFDS
`split_wet_file` sees them:
- the text includes the WET title line: TFDS cleans it like any other line (it rarely survives the end-mark
  rule, but when it is a sentence it stays); the commoncrawl reader keeps it apart as metadata;
- each line is stripped, blank lines go, and so does any line starting with `WARC`, `CONTENT-` or `Content-`
  (TFDS's reader took those for record headers wherever they were);
- a page needs a URL, some text and a non-empty WARC-Date (TFDS: `no_url`, `no_content`, `no_timestamp`); the
  date is normalized to ISO 8601 when it parses and kept as written when it does not;
- no minimum length at read time (CCNet's 300 characters is not a C4 rule).
"""
from __future__ import annotations

import re

from pipeline.schema import make_document
from pipeline.stages import Drop
from sources.c4.records import SOURCE
from sources.c4.timestamps import to_iso8601
from sources.c4.urls import normalize_url

_KEPT_METADATA = ("digest", "cc_segment", "record_offset", "cc_languages")
_METADATA_PREFIXES = ("WARC", "CONTENT-", "Content-")  # TFDS split_wet_file
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")  # TFDS read lines with io.TextIOWrapper: universal newlines


def c4_page(cc_doc: dict):
    """A commoncrawl Document -> a C4 page Document, or a Drop."""
    meta = cc_doc.get("metadata") or {}
    url = (cc_doc.get("url") or "").strip()
    if not url:
        return Drop("no_url")
    title = meta.get("title") or ""
    lines = (line.strip() for line in _LINE_BREAK_RE.split(f"{title}\n{cc_doc['text']}"))
    text = "\n".join(line for line in lines if line and not line.startswith(_METADATA_PREFIXES))
    if not text:
        return Drop("no_content")
    date = (meta.get("date") or "").strip()
    if not date:
        return Drop("no_timestamp")
    timestamp = to_iso8601(date) or date
    extra = {key: meta[key] for key in _KEPT_METADATA if key in meta}
    # The commoncrawl id is a hash of the WARC-Record-ID: the page keeps that identity under the c4 source.
    return make_document(SOURCE, cc_doc["id"], text, url=url, timestamp=timestamp,
                         normalized_url=normalize_url(url), **extra)

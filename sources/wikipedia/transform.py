"""Beam wiring of the Wikipedia source: read (stream dumps) -> clean (wikitext -> text) -> dedup (one per page).

The stage functions below are plain Python (tested without Beam); `build` only wires them.

- read: one dump file, or one range of a large one -> one outcome per page. Kept: namespace 0, not a redirect,
  in a selected language (taken from the dump's `dbname`). A cut or corrupt dump keeps every complete page and
  dead-letters the rest; a page over `max_page_bytes` of XML is a dead letter (file, offset) and the next is read.
  Plain and bz2 multistream dumps larger than `split_bytes` are read as byte ranges on different workers
  (`pipeline.splits`; bz2 ranges snapped to the streams of the dump's `-index.txt.bz2` when it sits beside it);
  the pages and ids are those of a whole read.
- clean: `clean_wikitext` (reference builder rules) -> a Document; a page left with no text is dropped.
- dedup: the same page read twice (overlapping inputs, two dumps of one wiki) is kept once: the latest
  revision, ties broken by content hash, so the survivor never depends on bundle order. A page is its
  (wiki, page id), as in MediaWiki, where `page_id` is the page table's key and survives renames; so a copy
  under another title is the same page (moved between two dumps), or a dump that breaks the key: it loses to
  the latest revision like any copy, but as a dead letter `conflicting_page_id` naming both titles, never a
  silent duplicate (keeping both would give two documents one id).
"""
from __future__ import annotations

import hashlib
import lzma
import posixpath
import re
import zlib

import apache_beam as beam

from pipeline.io import INPUT_LIMITS, MatchInputs, open_decompressed
from pipeline.schema import make_doc_id, make_document
from pipeline.splits import BZ2, WHOLE, FileRange, open_range, plan_ranges, whole
from pipeline.stages import Drop, Reject, SourceOutput, Stage
from pipeline.xml_frames import PAGE, Framed
from sources.wikipedia.clean import clean_wikitext
from sources.wikipedia.dump import (MalformedPage, Page, SiteInfo, is_multistream_index, iter_dump, read_siteinfo,
                                    read_stream_offsets, stream_index_path)

# A cut or corrupt gzip/bz2/xz/zstd stream, or an unreadable file.
DECOMPRESSION_ERRORS = (EOFError, OSError, ValueError, zlib.error, lzma.LZMAError)

SOURCE = "wikipedia"
# docs/RECIPE.md section 1: the paper's 20 Wikipedia languages.
RECIPE_LANGUAGES = ("bg", "ca", "cs", "da", "de", "en", "es", "fr", "hr", "hu", "it", "nl", "pl", "pt", "ro", "ru",
                    "sl", "sr", "sv", "uk")  # fmt: skip

STAGES = ("read", "clean", "dedup")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "languages": list(RECIPE_LANGUAGES),  # null = every language
    "namespaces": [0],  # articles
    # A page's XML is at most this many bytes (MediaWiki caps an article at 2 MiB of wikitext; escaping can
    # grow it a few times): a larger one is a dead letter, never parsed (a 1 GiB page would take GBs of memory).
    "max_page_bytes": 32 << 20,
    # Plain or bz2 (multistream) dumps larger than this are read as ranges of about this many bytes, each on its
    # own worker (null/0: one worker per file). Compressed bytes for bz2.
    "split_bytes": 128 << 20,
}

_DBNAME_IN_FILENAME = re.compile(r"^([a-z][a-z0-9_]*wiki)-")


def site_from_filename(path: str) -> SiteInfo | None:
    """For a dump without <siteinfo>: `enwiki-20220601-pages-articles.xml.bz2` -> enwiki, canonical namespaces."""
    match = _DBNAME_IN_FILENAME.match(posixpath.basename(path))
    if not match:
        return None
    dbname = match.group(1)
    lang = dbname.removesuffix("wiki").replace("_", "-")
    return SiteInfo(dbname, f"https://{lang}.wikipedia.org/wiki/", {})


def _position(stream) -> int | None:
    """Uncompressed bytes the reader had consumed (where to look for a problem), if the stream can tell."""
    try:
        return stream.tell()
    except (OSError, ValueError, AttributeError):
        return None


def plan_dump(path: str, split_bytes: int | None) -> list[FileRange]:
    """A dump file -> the ranges its pages are read in (one, unless it is a large plain or bz2 file)."""
    if is_multistream_index(path) or not split_bytes:
        return [whole(path)]
    try:
        index = stream_index_path(path)
        offsets = read_stream_offsets(index) if index else None
    except (*DECOMPRESSION_ERRORS, UnicodeDecodeError):  # a broken index only costs the exact stream starts
        offsets = None
    try:
        return plan_ranges(path, split_bytes, offsets)
    except (OSError, ValueError, IndexError):  # unreadable: the reader dead-letters it
        return [whole(path)]


class ReadWikipediaDump:
    """Stage function: one dump file (a path) or a FileRange of one -> an outcome per page (an article dict, a Drop
    or a Reject)."""

    def __init__(self, languages=None, namespaces=(0,), max_page_bytes: int = DEFAULTS["max_page_bytes"]):
        if isinstance(languages, str):  # `--set languages=en`
            languages = [languages]
        self.languages = frozenset(languages) if languages else None
        self.namespaces = frozenset(namespaces)
        self.max_page_bytes = max_page_bytes

    def __call__(self, element):
        rng = element if isinstance(element, FileRange) else whole(element)
        path = rng.path
        if is_multistream_index(path):  # matched by the same glob as its dump: read with it, not as a dump
            yield Drop("multistream_index")
            return
        stream = None
        try:
            if rng.kind == WHOLE:
                with open_decompressed(path) as stream:
                    yield from self._pages(Framed(stream, PAGE, self.max_page_bytes), None, rng, lambda pos: pos)
                return
            site = None if rng.first else read_siteinfo(path) or site_from_filename(path)
            if site is None and not rng.first:
                return  # the first range dead-letters the file
            with open_range(rng) as part:
                stream = part.stream
                if part.stream_start is None and rng.kind == BZ2:
                    return  # no bz2 stream starts in this range: the range before reads on through it
                framed = Framed(part.stream, PAGE, self.max_page_bytes, base=part.base, outside=rng.first,
                                prefix=b"<mediawiki>", owned=part.owned)
                offset = (lambda pos: part.stream_start) if rng.kind == BZ2 else (lambda pos: pos)
                yield from self._pages(framed, site, rng, offset)
        except DECOMPRESSION_ERRORS as exc:  # truncated/corrupt bz2, xz, gzip; unreadable file
            yield Reject("truncated_or_corrupt_file", file=path, offset=_position(stream) if stream else None,
                         detail=f"{type(exc).__name__}: {exc}"[:500])

    def _pages(self, framed: Framed, site: SiteInfo | None, rng: FileRange, offset):
        """Outcomes of the pages in `framed`; `offset(pos)` turns a position in it into a dead letter's offset."""
        path, outcomes = rng.path, 0
        for item in iter_dump(framed):
            yield from self._oversized(framed, site, path, offset)
            if isinstance(item, SiteInfo):
                site = item
                continue
            if site is None:
                site = site_from_filename(path)
                if site is None:
                    yield Reject("no_siteinfo", file=path, detail="no <siteinfo> and no <db>wiki- file name")
                    return
            outcomes += 1
            if isinstance(item, MalformedPage):
                if item.reason == "truncated_dump" and not framed.complete:
                    continue  # a range ends inside the root element by design; a cut page is framed.cut_at
                yield self._reject(item, path, site, offset(framed.position if framed.cut_at is None
                                                                      else framed.cut_at))
            else:
                yield self.page_outcome(item, site, path)
        yield from self._oversized(framed, site, path, offset)
        if framed.cut_at is not None and not framed.complete:
            outcomes += 1
            yield Reject("truncated_dump", file=path, offset=offset(framed.cut_at),
                         detail=f"the file ends inside a page ({rng.label()})")
        if not outcomes and rng.kind == WHOLE and site is not None:
            yield Reject("no_pages", file=path, detail="the dump has no <page> element")

    def _oversized(self, framed: Framed, site: SiteInfo | None, path: str, offset):
        while framed.oversized:
            pos, head = framed.oversized.pop(0)
            page_id = re.search(rb"<id>\s*(\d+)\s*</id>", head)
            title = re.search(rb"<title>([^<]{0,300})</title>", head)
            dbname = site.dbname if site else "?"
            yield Reject("page_too_large", file=path, offset=offset(pos),
                         record_id=f"{dbname}:{int(page_id.group(1))}" if page_id else None,
                         detail=f"page over max_page_bytes={self.max_page_bytes} at byte {pos}"
                                + (f": {title.group(1).decode('utf-8', 'replace')}" if title else ""))

    def page_outcome(self, page: Page, site: SiteInfo, path: str):
        if self.languages is not None and site.lang not in self.languages:
            return Drop("language_not_selected")
        if page.ns not in self.namespaces:
            return Drop("not_article_namespace")
        if page.redirect:
            return Drop("redirect")
        return {"id": make_doc_id(SOURCE, f"{site.dbname}:{page.page_id}"), "site": site, "page": page, "file": path}

    @staticmethod
    def _reject(item: MalformedPage, path: str, site: SiteInfo, offset: int | None) -> Reject:
        after = f"{site.dbname}:after:{item.after_page_id}" if item.after_page_id is not None else None
        return Reject(item.reason, file=path, offset=offset, detail=item.detail[:500], record_id=after)


def clean_article(article: dict):
    """Stage function: a read article -> a Document, or Drop when nothing is left after cleaning."""
    site: SiteInfo = article["site"]
    page: Page = article["page"]
    text = clean_wikitext(page.text, site)
    if not text:
        return Drop("empty_after_cleaning")
    return make_document(
        SOURCE,
        f"{site.dbname}:{page.page_id}",
        text,
        url=site.page_url(page.title),
        lang=site.lang,
        title=page.title,
        page_id=page.page_id,
        revision_id=page.revision_id,
        timestamp=page.timestamp,
        dbname=site.dbname,
    )


def latest_revision_first(doc: dict) -> bytes:
    """Survivor rank for duplicate pages: highest revision id, then smallest content hash."""
    revision = doc["metadata"].get("revision_id") or 0
    return (2**63 - revision).to_bytes(8, "big") + hashlib.sha1(doc["text"].encode("utf-8")).digest()


class _KeepLatest(beam.CombineFn):
    """(survivor, [(title, revision_id) of every other copy]) per page; the list is as long as the copies."""

    def create_accumulator(self):
        return None, []

    def add_input(self, acc, doc):
        return self.merge_accumulators([acc, (doc, [])])

    def merge_accumulators(self, accs):
        best, others = None, []
        for doc, losers in accs:
            others.extend(losers)
            if doc is None:
                continue
            if best is None or latest_revision_first(doc) < latest_revision_first(best):
                best, doc = doc, best
            if doc is not None:
                others.append((doc["metadata"]["title"], doc["metadata"].get("revision_id")))
        return best, others

    def extract_output(self, acc):
        return acc


def keep_latest(keyed):
    """Stage function: (page key, (survivor, other copies)) -> the survivor, and a Drop or a dead letter per other copy."""
    _, (survivor, others) = keyed
    yield survivor
    title = survivor["metadata"]["title"]
    for other_title, revision in sorted(others, key=lambda o: (o[0], o[1] or 0)):
        if other_title == title:
            yield Drop("duplicate_page")
        else:
            meta = survivor["metadata"]
            detail = (f"page id shared by {title!r} (kept, revision {meta.get('revision_id')}) and {other_title!r} "
                      f"(revision {revision})")
            yield Reject("conflicting_page_id", record_id=f"{meta['dbname']}:{meta['page_id']}", detail=detail[:500])


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    read = (
        pipeline
        | "MatchInputs" >> MatchInputs(input_pattern, SOURCE)
        | "SplitDumps" >> beam.FlatMap(plan_dump, config["split_bytes"])
        | "SpreadRanges" >> beam.Reshuffle()
        | Stage(SOURCE, "read", ReadWikipediaDump(config["languages"], config["namespaces"],
                                                  config["max_page_bytes"]),
                files=True, limits=config.get("input_limits"))
    )
    cleaned = read.kept | "SpreadPages" >> beam.Reshuffle() | Stage(SOURCE, "clean", clean_article, tally=("lang",))
    deduped = (
        cleaned.kept
        | "KeyByPage" >> beam.Map(lambda doc: (doc["id"], doc))
        | "KeepLatest" >> beam.CombinePerKey(_KeepLatest())
        | Stage(SOURCE, "dedup", keep_latest, fan_out=True)
    )
    return SourceOutput(deduped.kept, [read.rejects, cleaned.rejects, deduped.rejects])

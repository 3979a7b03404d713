"""Stream pages out of a MediaWiki XML dump (`pages-articles`), without loading it whole.

Defensive: DTDs and entity declarations are refused (defusedxml), so nothing is expanded beyond XML's five
predefined entities; memory stays bounded by one page (elements are cleared as soon as a page is read; the
page size itself is bounded before parsing, by `pipeline.xml_frames`).
A truncated dump yields every complete page, then one `MalformedPage` for the cut.
"""
from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import BinaryIO, Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse


@dataclasses.dataclass(frozen=True)
class SiteInfo:
    dbname: str  # e.g. "enwiki"
    base_url: str  # e.g. "https://en.wikipedia.org/wiki/Main_Page"
    namespaces: dict[int, str]  # key -> localized name ("" for the main namespace)

    @property
    def lang(self) -> str:
        """Language code from the database name: enwiki -> en, zh_yuewiki -> zh-yue."""
        name = self.dbname.removesuffix("wiki")
        return name.replace("_", "-")

    def page_url(self, title: str) -> str:
        from urllib.parse import quote

        prefix = self.base_url.rsplit("/wiki/", 1)[0] if "/wiki/" in self.base_url else self.base_url
        return f"{prefix}/wiki/{quote(title.replace(' ', '_'), safe=':/()_,-.~!$&*+;=@')}"


@dataclasses.dataclass(frozen=True)
class Page:
    page_id: int
    title: str
    ns: int
    redirect: bool
    revision_id: int | None
    timestamp: str | None
    text: str


@dataclasses.dataclass(frozen=True)
class MalformedPage:
    reason: str
    detail: str
    after_page_id: int | None  # the last complete page before the problem (where to look in the dump)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(elem, name: str) -> str | None:
    for child in elem:
        if _local(child.tag) == name:
            return child.text
    return None


def _child(elem, name: str):
    for child in elem:
        if _local(child.tag) == name:
            return child
    return None


def _siteinfo(elem) -> SiteInfo:
    namespaces = {}
    ns_elem = _child(elem, "namespaces")
    for ns in ns_elem if ns_elem is not None else []:
        namespaces[int(ns.get("key"))] = ns.text or ""
    return SiteInfo(_child_text(elem, "dbname") or "", _child_text(elem, "base") or "", namespaces)


def _page(elem) -> Page:
    revision = _child(elem, "revision")
    revision_id = _child_text(revision, "id") if revision is not None else None
    return Page(
        page_id=int(_child_text(elem, "id")),
        title=_child_text(elem, "title") or "",
        ns=int(_child_text(elem, "ns") or 0),
        redirect=_child(elem, "redirect") is not None,
        revision_id=int(revision_id) if revision_id else None,
        timestamp=_child_text(revision, "timestamp") if revision is not None else None,
        text=(_child_text(revision, "text") if revision is not None else None) or "",
    )


def iter_dump(stream: BinaryIO) -> Iterator[SiteInfo | Page | MalformedPage]:
    """Yields the SiteInfo first (when the dump has one), then every page in order.

    Pages and siteinfo are read at any depth outside a page: MediaWiki writes them as children of <mediawiki>,
    but a dump re-wrapped in an extra element (`<mediawiki><pages><page>...`) reads the same."""
    stack = []  # open elements; a finished page is cleared from its parent, so memory stays one page
    last_id = None
    in_page = 0
    try:
        for event, elem in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            name = _local(elem.tag)
            if event == "start":
                stack.append(elem)
                in_page += name == "page"
                continue
            stack.pop()
            if name == "page":
                in_page -= 1
            if in_page:
                continue
            if name == "siteinfo":
                yield _siteinfo(elem)
            elif name == "page":
                try:
                    page = _page(elem)
                except (TypeError, ValueError) as exc:
                    yield MalformedPage("malformed_page", f"{type(exc).__name__}: {exc}", last_id)
                else:
                    last_id = page.page_id
                    yield page
            else:
                continue
            if stack:
                stack[-1].clear()
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        reason = "truncated_dump" if "no element found" in str(exc) or "unclosed token" in str(exc) else "xml_error"
        yield MalformedPage(reason, f"XML parse error at line {line}: {exc}", last_id)
    except DefusedXmlException as exc:  # a DTD or entity declaration: refused, never expanded
        yield MalformedPage("forbidden_xml", repr(exc), last_id)


# ------------------------------------------------------------------ multistream dumps (read in ranges elsewhere)

# `enwiki-20240601-pages-articles-multistream.xml.bz2` -> `...-multistream-index.txt.bz2`;
# `enwiki-20240601-pages-articles-multistream1.xml-p1p41242.bz2` -> `...-multistream-index1.txt-p1p41242.bz2`.
_MULTISTREAM = re.compile(r"^(?P<stem>.+-multistream)(?P<part>\d*)\.xml(?P<pages>-p\d+p\d+)?\.bz2$")
_INDEX = re.compile(r"^.+-multistream-index\d*\.txt(?:-p\d+p\d+)?\.bz2$")
_SITEINFO = re.compile(rb"<siteinfo[\s>].*?</siteinfo>", re.S)
_HEADER_LIMIT = 4 << 20  # a siteinfo is a few KB; stop looking after the first pages


def is_multistream_index(path: str) -> bool:
    return bool(_INDEX.match(posixpath.basename(path)))


def stream_index_path(path: str) -> str | None:
    """The `-index.txt.bz2` beside a multistream dump, if it exists."""
    from apache_beam.io.filesystems import FileSystems

    head, base = posixpath.split(path)
    match = _MULTISTREAM.match(base)
    if not match:
        return None
    index = f"{head}/{match['stem']}-index{match['part']}.txt{match['pages'] or ''}.bz2"
    return index if FileSystems.exists(index) else None


def read_stream_offsets(index_path: str) -> list[int]:
    """The bz2 stream offsets of a multistream dump from its index (lines `offset:page_id:title`)."""
    from pipeline.io import open_decompressed

    offsets, rest = set(), b""
    with open_decompressed(index_path) as f:
        while chunk := f.read(1 << 22):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            data, rest = data[:cut], data[cut:]
            offsets.update(map(int, re.findall(rb"(?m)^(\d+):", data)))
    offsets.update(map(int, re.findall(rb"(?m)^(\d+):", rest)))
    return sorted(offsets)


def read_siteinfo(path: str) -> SiteInfo | None:
    """The <siteinfo> at the head of a dump (for a range that does not start at the head), if there is one."""
    from defusedxml.ElementTree import fromstring

    from pipeline.io import open_decompressed

    head = b""
    with open_decompressed(path) as f:
        while len(head) < _HEADER_LIMIT:
            chunk = f.read(1 << 16)
            if not chunk:
                break
            head += chunk
            if b"</siteinfo>" in head or b"<page" in head:
                break
    match = _SITEINFO.search(head)
    if match is None:
        return None
    try:
        return _siteinfo(fromstring(match.group(0), forbid_dtd=True))
    except (ParseError, DefusedXmlException, ValueError):
        return None

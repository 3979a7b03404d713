"""Stream the rows of a StackExchange `Posts.xml` without loading it whole (pure functions, no Beam).

Defensive like the Wikipedia reader: DTDs and entity declarations are refused (defusedxml), each row element is
cleared as soon as it is read, so memory stays bounded by one post (whose size is bounded before parsing, by
`pipeline.xml_frames`).
"""
from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import BinaryIO, Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

QUESTION, ANSWER = 1, 2
POST_TYPES = {
    1: "question", 2: "answer", 3: "orphaned_tag_wiki", 4: "tag_wiki_excerpt", 5: "tag_wiki",
    6: "moderator_nomination", 7: "wiki_placeholder", 8: "privilege_wiki", 9: "article", 10: "collective_discussion",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Post:
    post_id: int
    post_type: int
    parent_id: int | None  # answers: the question's id
    score: int
    title: str  # questions only ("" otherwise)
    body: str  # HTML
    created: str | None
    tags: tuple[str, ...]
    accepted_answer_id: int | None


@dataclasses.dataclass(frozen=True)
class MalformedPost:
    reason: str
    detail: str
    post_id: str | None  # as written in the row, when it has one
    row: int | None  # 1-based row number in the file; None for a file-level problem


_POSTS_FILE = re.compile(r"(?i)^posts\.xml(?:\.(?:gz|bz2|xz|zst))?$")
_ARCHIVE_SUFFIX = re.compile(r"(?i)(?:[-_]posts)?\.7z$")
_TAG = re.compile(r"<([^<>]+)>")


def site_name(path: str) -> str | None:
    """`.../beer.stackexchange.com/Posts.xml` -> beer.stackexchange.com (the directory, as the dump is unpacked);
    `beer.stackexchange.com.7z` or `stackoverflow.com-Posts.7z` -> the archive's name. None: not a posts input."""
    path = path.rstrip("/")
    base = posixpath.basename(path)
    if _POSTS_FILE.match(base):
        parent = posixpath.basename(posixpath.dirname(path))
        return parent or None
    if base.lower().endswith(".7z"):
        return _ARCHIVE_SUFFIX.sub("", base) or None
    return None


def parse_tags(raw: str | None) -> tuple[str, ...]:
    """`<beer><hops>` (older dumps) or `|beer|hops|` (2023 on) -> ("beer", "hops")."""
    if not raw:
        return ()
    if "<" in raw:
        return tuple(_TAG.findall(raw))
    return tuple(t for t in raw.split("|") if t)


def _int(attrib: dict, name: str, required: bool) -> int | None:
    value = attrib.get(name)
    if value is None or value == "":
        if required:
            raise ValueError(f"missing {name}")
        return None
    return int(value)


def parse_row(attrib: dict) -> Post:
    """A `<row>`'s attributes -> Post; ValueError when a required field is missing or not a number."""
    post_type = _int(attrib, "PostTypeId", required=True)
    parent_id = _int(attrib, "ParentId", required=post_type == ANSWER)
    return Post(
        post_id=_int(attrib, "Id", required=True),
        post_type=post_type,
        parent_id=parent_id,
        score=_int(attrib, "Score", required=False) or 0,  # missing in some old rows: RedPajama read it as 0
        title=attrib.get("Title") or "",
        body=attrib.get("Body") or "",
        created=attrib.get("CreationDate"),
        tags=parse_tags(attrib.get("Tags")),
        accepted_answer_id=_int(attrib, "AcceptedAnswerId", required=False),
    )


def iter_posts(stream: BinaryIO) -> Iterator[Post | MalformedPost]:
    """Every `<row>` of a Posts.xml in order; a cut or broken file ends with one MalformedPost."""
    rows = 0
    stack = []  # open elements; a finished row is cleared from its parent, so memory stays one row
    try:
        for event, elem in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                stack.append(elem)
                continue
            stack.pop()
            if elem.tag != "row":
                continue
            rows += 1
            try:
                yield parse_row(elem.attrib)
            except ValueError as exc:
                yield MalformedPost("malformed_post", str(exc)[:300], elem.attrib.get("Id"), rows)
            if stack:
                stack[-1].clear()
    except ParseError as exc:
        cut = "no element found" in str(exc) or "unclosed token" in str(exc)
        yield MalformedPost("truncated_xml" if cut else "xml_error", f"after row {rows}: {exc}"[:500], None, None)
    except DefusedXmlException as exc:  # a DTD or entity declaration: refused, never expanded
        yield MalformedPost("forbidden_xml", f"after row {rows}: {exc!r}"[:500], None, None)

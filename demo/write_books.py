"""Writer of the demo books inputs: Project Gutenberg plain-text files (both marker styles, UTF-8, cp1252 with
CRLF, a BOM, a near-duplicate edition, an identical copy, damaged files) and Books3-style JSON lines."""
from __future__ import annotations

import bz2
import json
from pathlib import Path

from demo import books_texts as bt
from demo.formats import gz

MAX_BOOK_BYTES = 64 * 1024 * 1024  # the books source's default max_book_bytes


def licence_footer(style: str) -> str:
    """The licence section that follows the END marker (our short stand-in for Gutenberg's)."""
    start = "*** START: FULL LICENSE ***" if style == "old" else "START: FULL LICENSE"
    return f"""
{start}

THE FULL PROJECT GUTENBERG LICENSE
PLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK

To protect the Project Gutenberg-tm mission of promoting the free distribution of electronic works, by using or
distributing this work you agree to comply with all the terms of the Full Project Gutenberg-tm License.

Section 1. General Terms of Use and Redistributing Project Gutenberg-tm electronic works

This notice stands in for the full licence text. The Project Gutenberg Literary Archive Foundation keeps the
official version at www.gutenberg.org.
"""


def gutenberg_new(title: str, author: str, number: int, date: str, language: str, body: str,
                  indent_end: bool = False) -> str:
    """A 2020s file: `*** START OF THE PROJECT GUTENBERG EBOOK ... ***` (END line indented in 2021+ files)."""
    upper = title.upper()
    end_indent = "    " if indent_end else ""
    return f"""The Project Gutenberg eBook of {title}, by {author}

This eBook is for the use of anyone anywhere in the world at no cost and with almost no restrictions
whatsoever. You may copy it, give it away or re-use it under the terms of the Project Gutenberg License
included with this eBook or online at www.gutenberg.org.

Title: {title}

Author: {author}

Release Date: {date} [eBook #{number}]

Language: {language}

Character set encoding: UTF-8

*** START OF THE PROJECT GUTENBERG EBOOK {upper} ***




{body}



{end_indent}*** END OF THE PROJECT GUTENBERG EBOOK {upper} ***
{licence_footer("new")}"""


def gutenberg_old(title: str, author: str, number: int, date: str, body: str, producer: str) -> str:
    """A 2000s file: `*** START OF THIS PROJECT GUTENBERG EBOOK ... ***`, a credit line, the `End of the Project
    Gutenberg EBook` line before the END marker, and the `This file should be named` notice."""
    upper = title.upper()
    return f"""The Project Gutenberg EBook of {title}, by {author}

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.  You may copy it, give it away or
re-use it under the terms of the Project Gutenberg License included
with this eBook or online at www.gutenberg.org


Title: {title}

Author: {author}

Release Date: {date} [EBook #{number}]

Language: English

Character set encoding: ISO-8859-1

*** START OF THIS PROJECT GUTENBERG EBOOK {upper} ***




Produced by {producer} and the Online Distributed
Proofreading Team at http://www.pgdp.net




{body}




End of the Project Gutenberg EBook of {title}, by {author}

*** END OF THIS PROJECT GUTENBERG EBOOK {upper} ***

***** This file should be named {number}-8.txt or {number}-8.zip *****
This and all associated files of various formats will be found in:
        http://www.gutenberg.org/{"/".join(str(number)[:-1])}/{number}/
{licence_footer("old")}"""


def older_edition(text: str) -> str:
    """The 2008 transcription of the same book: other spellings and hyphenations, no closing paragraph."""
    for old, new in [("grey", "gray"), ("harbour", "harbor"), ("neighbours", "neighbors"), ("Mr.", "Mr"),
                     ("baling", "bailing"), ("chandler\u2019s", "chandler\u2019s"), ("fifteen", "fifteen"),
                     ("wick-hook", "wickhook"), ("peaked cap", "peaked cap"), ("realise", "realize")]:
        text = text.replace(old, new)
    # This edition lacks the last two paragraphs (added by the author in a later printing).
    return text[: text.index("Nell grew up")].rstrip() + "\n"


UNKNOWN_LAYOUT = """produced from images generously made available by the Internet Archive.) Updated editions will replace the
previous one. Creating the works from print editions protected by U.S. copyright law means that no one owns a
United States copyright in these works, so the Foundation (and you!) can copy and distribute it in the United
States without permission and without paying copyright royalties. Special rules, set forth in the General Terms
of Use part of this license, apply to copying and distributing Project Gutenberg-tm electronic works.

THE FOX AND THE WEATHERVANE

A fox who lived below the church hill noticed that the weathervane on the steeple always knew where the wind
would blow from before the trees did. He sat beneath it every evening and asked it to teach him the trick.

\u201cThere is no trick,\u201d said the weathervane. \u201cI simply turn whichever way I am pushed, and people
admire me for it.\u201d

The fox thought about this for a long while, and then he went home and never asked again.
"""


def books(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    lamplighter = gutenberg_new(bt.LAMPLIGHTER_TITLE, bt.LAMPLIGHTER_AUTHOR, 70001, "March 3, 2024", "English",
                                bt.LAMPLIGHTER.rstrip("\n")).encode("utf-8")
    files["pg70001.txt"] = lamplighter
    # The same book, an older 8-bit transcription (curly quotes as cp1252 bytes, CRLF): a near-duplicate.
    old = gutenberg_old(bt.LAMPLIGHTER_TITLE, bt.LAMPLIGHTER_AUTHOR, 25811, "June 12, 2008",
                        older_edition(bt.LAMPLIGHTER).rstrip("\n"), "Anna Keller")
    files["25811-8.txt"] = old.replace("\n", "\r\n").encode("cp1252")
    files["pg70002.txt"] = gutenberg_new(bt.SALT_MARSH_TITLE, bt.SALT_MARSH_AUTHOR, 70002, "April 9, 2024",
                                         "English", bt.SALT_MARSH.rstrip("\n"), indent_end=True).encode("utf-8")
    files["pg70003.txt"] = b"\xef\xbb\xbf" + gutenberg_new(
        bt.UHRMACHER_TITLE, bt.UHRMACHER_AUTHOR, 70003, "May 1, 2024", "German", bt.UHRMACHER.rstrip("\n")
    ).encode("utf-8")
    # A mirror's gzipped copy of pg70001.txt: byte-identical once decompressed.
    files["70001-0.txt.gz"] = gz(lamplighter)
    # An audio eBook: its text file holds the header and the licence, nothing between the markers.
    files["pg70004.txt"] = gutenberg_new("The Lamplighter\u2019s Daughter (Audio)", "Edith Marlowe", 70004,
                                         "March 10, 2024", "English", "").encode("utf-8")
    # A copy whose header was cut off inside the licence text: no START marker, licence text left in the body.
    files["pg70005.txt"] = UNKNOWN_LAYOUT.encode("utf-8")
    # A zip archive saved under a .txt name, and an empty file left by a failed download.
    files["pg70006.txt"] = (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)
    files["pg70007.txt"] = b""
    # A download cut short.
    salt = gz(files["pg70002.txt"])
    files["pg70008.txt.gz"] = salt[: len(salt) // 2]
    # A "book" of over 64 MB (a generated word list): rejected unread. bz2 streams of one repeated block.
    block = b"aardvark abacus abbey abbot abdomen ability abroad absence absolute absorb abstract\n" * 10_000
    stream = bz2.compress(block, 9)
    files["pg70009.txt.bz2"] = stream * (MAX_BOOK_BYTES // len(block) + 1)
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)

    # Books3-style JSON lines: two books, a duplicated line, and one line of each kind the reader rejects.
    records = [json.dumps({"title": title, "text": text, "meta": {"pile_set_name": "Books3", "author": author}},
                          ensure_ascii=False).encode("utf-8") for title, author, text in bt.BOOKS3]
    lines = [
        records[0],
        records[1],
        records[0],  # the same book exported twice
        b'{"title": "Half a Record", "text": "The export stopped in the mid',
        b'["a", "list", "is", "not", "a", "book"]',
        json.dumps({"title": "No Text", "meta": {"pile_set_name": "Books3"}}).encode(),
        json.dumps({"title": "Blank Pages", "text": "  \n\n  "}).encode(),
    ]
    path = out / "books3-sample.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    written.append(path)
    # One JSON line of over 64 MB from a 7 KB file: a decompression bomb by ratio, stopped after the ratio floor
    # (pipeline.io.InputLimits) before the line limit is reached; record_too_large is pinned by the unit tests.
    head, tail = b'{"title": "Endless", "text": "', b'"}\n'
    filler = b"word " * 180_000
    path = out / "books3-oversize.jsonl.bz2"
    path.write_bytes(bz2.compress(head, 9) + bz2.compress(filler, 9) * (MAX_BOOK_BYTES // len(filler) + 1)
                     + bz2.compress(tail, 9))
    written.append(path)
    return written

"""Remove license/copyright header comments from source files (pure functions, no Beam).

docs/RECIPE.md section 4 pins RedPajama's bug: its cleaner greedily deletes every leading line that starts with `#`,
`//` or `--`, whatever the language, which eats `#include`s, shebangs and ordinary leading comments. Here:

- the comment syntax comes from the file's language, so `#` is a comment only where the language says so
  (`#include`, `#define`, `#pragma` in C-family files are code and end the header scan);
- only the comment blocks at the top of the file are looked at, and one is removed only when its text is
  license/copyright text; the first comment that is not, or the first line of code, ends the scan;
- prologue lines that must stay first are kept and skipped over: shebangs, Python coding cookies, `<?php`,
  `<?xml`, `<!DOCTYPE`, `@echo off`, and tool directives written as comments (`//go:build`, `// +build`,
  `# frozen_string_literal:`, Dockerfile `# syntax=`, `/// <reference`, ...).
"""
from __future__ import annotations

import dataclasses
import posixpath
import re


@dataclasses.dataclass(frozen=True)
class CommentSyntax:
    line: tuple[str, ...] = ()  # line-comment prefixes, after leading whitespace
    block: tuple[tuple[str, str], ...] = ()  # (opener, closer), checked before line prefixes (Lua's `--[[`)
    column1: tuple[str, ...] = ()  # prefixes that start a comment only in column 1 (fixed-form Fortran)


_C = CommentSyntax(line=("//",), block=(("/*", "*/"),))
_HASH = CommentSyntax(line=("#",))
_SYNTAX_BY_EXTENSION = {
    **dict.fromkeys(
        ".c .h .cc .cpp .hpp .c++ .h++ .hh .C .H .cs .go .java .js .ts .tsx .rs .scala .swift .kt".split(), _C
    ),
    ".css": CommentSyntax(block=(("/*", "*/"),)),
    ".m": CommentSyntax(line=("//", "%"), block=(("/*", "*/"),)),  # Objective-C or MATLAB
    **dict.fromkeys(".php .php3 .php4 .php5 .phps .phpt".split(), CommentSyntax(line=("//", "#"), block=(("/*", "*/"),))),
    **dict.fromkeys(".py .rb .pl .pm .perl .sh .bash .command .zsh .smali .dockerfile .r".split(), _HASH),
    ".cmake": CommentSyntax(line=("#",), block=(("#[[", "]]"),)),
    ".jl": CommentSyntax(line=("#",), block=(("#=", "=#"),)),
    **dict.fromkeys(".ps1 .psd1 .psm1".split(), CommentSyntax(line=("#",), block=(("<#", "#>"),))),
    ".sql": CommentSyntax(line=("--",), block=(("/*", "*/"),)),
    ".lua": CommentSyntax(line=("--",), block=(("--[[", "]]"),)),
    ".hs": CommentSyntax(line=("--",), block=(("{-", "-}"),)),
    ".tex": CommentSyntax(line=("%",)),
    **dict.fromkeys(".f90 .f95 .f03 .f08".split(), CommentSyntax(line=("!",))),
    **dict.fromkeys(".f .f77 .for .fpp".split(), CommentSyntax(line=("!",), column1=("c", "C", "*"))),
    ".asm": CommentSyntax(line=(";",)),
    **dict.fromkeys(".bat .cmd".split(), CommentSyntax(line=("::", "REM ", "rem ", "Rem ", "@REM ", "@rem "))),
    ".vb": CommentSyntax(line=("'", "REM ")),
    **dict.fromkeys(".html .xml .md .markdown".split(), CommentSyntax(block=(("<!--", "-->"),))),
}
_SYNTAX_BY_NAME = {"Dockerfile": _HASH, "Makefile": _HASH}


def comment_syntax(path: str) -> CommentSyntax | None:
    """The comment syntax of a file's language, from its name; None when there is no header to look for."""
    name = posixpath.basename(path)
    if name in _SYNTAX_BY_NAME:
        return _SYNTAX_BY_NAME[name]
    extension = posixpath.splitext(name)[1]
    return _SYNTAX_BY_EXTENSION.get(extension) or _SYNTAX_BY_EXTENSION.get(extension.lower())


# Lines kept in place at the top of a file (they may sit before, between or inside header comments).
_PROLOGUE_RE = re.compile(
    r"""^(?:
        \#!                                               # shebang (first line only, checked by the caller)
      | <\?php\b | <\?xml\b | <!DOCTYPE\b | @echo\s+off\b
      | //go:\w | //\s*\+build\b | ///\s*<reference\b | //\s*@ts-\w | //\s*swift-tools-version
      | /[/*]\s*eslint | /[/*]\s*jshint | /[/*]\s*global\s
      | \#\s*-\*-.*-\*- | \#\s*vim?: | \#.*coding[:=]
      | \#\s*(?:frozen_string_literal|encoding|warn_indent|shareable_constant_value|typed):
      | \#\s*(?:syntax|escape|check)\s*=
      | \#\s*(?:type|pylint|noqa|mypy|pyright|ruff|fmt|isort|cython|distutils|shellcheck)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_LICENSE_TEXT_RE = re.compile(
    r"copyright|\(c\)\s*(?:\d{4}|[a-z])|\u00a9|spdx-license-identifier|all rights reserved|permission is hereby granted"
    r"|redistribution and use in source|licensed (?:to|under)|under the terms of|is free software|under the (?:\S+ )?license"
    r"|license for the specific language|without warranties or conditions|warranty of merchantability"
    r"|distributed under|this source code is licensed|see the license|http://www\.apache\.org/licenses",
    re.IGNORECASE,
)


def is_license_text(text: str) -> bool:
    return bool(_LICENSE_TEXT_RE.search(text))


def _is_prologue(stripped: str, index: int) -> bool:
    if stripped.startswith("#!"):
        return index == 0
    return bool(_PROLOGUE_RE.match(stripped))


def _comment_block(lines: list[str], start: int, syntax: CommentSyntax) -> tuple[int, str | None] | None:
    """If a comment starts at line `start`: (index of the first line after it, code left on its last line or
    None). None when the line is not a comment (or a block comment never closes: not a header)."""
    line = lines[start]
    stripped = line.lstrip()
    for opener, closer in syntax.block:
        if stripped.startswith(opener):
            position = line.index(opener) + len(opener)
            for index in range(start, len(lines)):
                close = lines[index].find(closer, position if index == start else 0)
                if close >= 0:
                    rest = lines[index][close + len(closer):]
                    return index + 1, (rest if rest.strip() else None)
            return None
    end = start
    while end < len(lines) and _is_line_comment(lines[end], syntax) and not _PROLOGUE_RE.match(lines[end].strip()):
        end += 1
    return (end, None) if end > start else None


def _is_line_comment(line: str, syntax: CommentSyntax) -> bool:
    stripped = line.lstrip()
    if any(stripped.startswith(prefix) or stripped == prefix.strip() for prefix in syntax.line):
        return not any(stripped.startswith(opener) for opener, _ in syntax.block)
    return any(line.startswith(prefix) for prefix in syntax.column1)


def strip_license_header(text: str, path: str) -> tuple[str, int]:
    """(text without its leading license/copyright comment blocks, number of lines those blocks spanned)."""
    syntax = comment_syntax(path)
    if syntax is None:
        return text, 0
    lines = text.split("\n")
    kept: list[str] = []
    removed = 0
    index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped or _is_prologue(stripped, index):
            kept.append(lines[index])
            index += 1
            continue
        block = _comment_block(lines, index, syntax)
        if block is None:
            break  # code: the header is over
        end, rest = block
        if not is_license_text("\n".join(lines[index:end])):
            break  # an ordinary comment: it and everything after it stay
        removed += end - index
        if rest is not None:  # code after the closing delimiter stays
            end -= 1
            lines[end] = rest.lstrip()
        index = end
        while index < len(lines) and not lines[index].strip():
            index += 1
        while kept and not kept[-1].strip():
            kept.pop()
        if kept:
            kept.append("")  # one blank line between the prologue and what follows
    if not removed:
        return text, 0
    body = lines[index:]
    if kept and kept[-1] == "" and not body:
        kept.pop()
    return "\n".join(kept + body), removed

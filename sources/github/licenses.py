"""Per-repository license decision from the repository's license files (pure functions, no Beam).

docs/RECIPE.md section 4: keep only projects under MIT, BSD or Apache licenses. A file's license is found in two tiers:

1. identify's `license_id` (pre-commit's maintained detector, PyPI `identify[license]`): whole-text match against
   the choosealicense.com texts it vendors, within 5% edit distance. Exact, but only for files that hold one
   license text close to verbatim.
2. Otherwise the defining sentences of each license family, on whitespace-normalized text: real license files
   add titles ("The MIT License (MIT)"), drop the Apache appendix, append third-party notices or only carry a
   grant notice ("... under the terms of the GNU Lesser General Public License as published by ..."), and tier 1
   misses all of those. GNU licenses are recognized by their UPPERCASE titles or their grant notices, never by
   mixed-case mentions: the GPL text itself mentions the Lesser GPL, the LGPL and AGPL texts mention the GPL.

A repository's licenses are the union over its root-level license files. It is kept when at least one license is
recognized and every recognized one is in the kept set; otherwise it is dropped under the most restrictive
reason. Unrecognized files next to recognized ones do not decide (they are pointer notices such as "see
LICENSE.APACHE and LICENSE.BSD"). GPL-3.0 text next to LGPL-3.0 text reads as LGPL: LGPL-3.0 is a set of additional
permissions on GPL-3.0 and must ship both texts.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import posixpath
import re
import tempfile

KEPT_LICENSES = ("MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0")

# Drop reasons, most restrictive first: a repository with several licenses is dropped under the first that applies.
DROP_REASONS = ("license_agpl", "license_gpl", "license_lgpl", "license_other", "license_unknown", "license_none")

_LICENSE_FILE_RE = re.compile(r"^(?:un)?licen[cs]es?(?:[-_.].*)?$|^copying(?:[-_.].*)?$", re.IGNORECASE)
# A root file named like a license but holding code (license.py, licenses.go) is not a license file.
_CODE_SUFFIXES = frozenset(
    ".py .go .js .ts .rb .rs .java .c .h .cc .cpp .hpp .cs .php .pl .sh .scala .lua .jl .hs .swift .kt .json .yml "
    ".yaml .toml .xml .html .css".split()
)
MAX_LICENSE_FILE_BYTES = 1 << 20


def looks_like_license_file(path: str) -> bool:
    """A file whose name says it holds a license text (LICENSE, LICENSE-MIT, COPYING.LESSER, LICENCE.md, ...)."""
    name = posixpath.basename(path.rstrip("/"))
    suffix = posixpath.splitext(name)[1].lower()
    return bool(_LICENSE_FILE_RE.match(name)) and suffix not in _CODE_SUFFIXES


def is_license_file(relative_path: str) -> bool:
    """A license file at the root of the repository: these decide the repository's license."""
    return "/" not in relative_path.strip("/") and looks_like_license_file(relative_path)


# ------------------------------------------------------------------------------------------- tier 1: identify


def identify_license(text: str) -> str | None:
    """identify's whole-text match (it reads a path, so the text goes through a temporary file)."""
    from identify.identify import license_id

    fd, path = tempfile.mkstemp(suffix=".license")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        return license_id(path)
    finally:
        os.unlink(path)


# ---------------------------------------------------------------------------------- tier 2: defining sentences

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_GNU_TITLE_RE = re.compile(r"GNU (AFFERO |LESSER |LIBRARY )?GENERAL PUBLIC LICENSE,? Version (\d(?:\.\d)?)")
_GNU_GRANT_RE = re.compile(
    r"under the terms of (?:the )?(?:version (\d(?:\.\d)?) of )?the gnu (affero |lesser |library )?general public "
    r"license(?:,? (?:version (\d(?:\.\d)?)|as published by the free software foundation[,;]? (?:either )?"
    r"(?:version (\d(?:\.\d)?))?))?"
)
_GNU_FAMILY = {"": "GPL", "affero ": "AGPL", "lesser ": "LGPL", "library ": "LGPL"}
_MIT_GRANT = "permission is hereby granted, free of charge, to any person obtaining a copy of this software"
_MIT_CONDITION = "the above copyright notice and this permission notice shall be included in all copies"
_BSD_GRANT = "redistribution and use in source and binary forms, with or without modification, are permitted"
_BSD_SOURCE_CLAUSE = "redistributions of source code must retain the above copyright notice"
_BSD_ADVERTISING_CLAUSE = "all advertising materials mentioning features or use of this software must display"
_BSD_ENDORSE_CLAUSE = re.compile(r"neither the names? of .{0,300}? (?:may|shall) be used to endorse or promote products")
_BSD_CLEAR = "no express or implied licenses to any party's patent rights are granted by this license"
_APACHE_TEXT = re.compile(
    r"apache license,? version 2\.0.{0,200}terms and conditions for use, reproduction, and distribution"
)
_APACHE_NOTICE = re.compile(r"licensed under the apache license,? version 2\.0")
_SPDX_LINE_RE = re.compile(r"SPDX-License-Identifier:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_SPDX_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*")
_OTHER_FAMILIES = (  # recognized so that the drop reason says "other" rather than "unknown"
    ("MPL-2.0", re.compile(r"mozilla public license,? v(?:ersion|\.) ?2\.0")),
    ("EPL", re.compile(r"eclipse public license")),
    ("CDDL", re.compile(r"common development and distribution license")),
    ("ISC", re.compile(r"permission to use, copy, modify, and/?or distribute this software for any purpose with or "
                       r"without fee")),
    ("Unlicense", re.compile(r"this is free and unencumbered software released into the public domain")),
    ("CC", re.compile(r"creative commons (?:attribution|legal code|cc0)")),
    ("BSL-1.0", re.compile(r"boost software license")),
    ("Zlib", re.compile(r"this software is provided 'as-is', without any express or implied warranty")),
    ("PSF", re.compile(r"python software foundation license")),
)


def _normalized(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def _gnu_id(family: str, version: str | None) -> str:
    if not version:
        return family
    return f"{family}-{version if '.' in version else version + '.0'}"


def match_license_phrases(text: str) -> set[str]:
    """Every license whose defining text (or grant notice) the file contains, as SPDX-style ids."""
    flat = _normalized(text)
    lower = flat.lower()
    found: set[str] = set()
    for match in _GNU_TITLE_RE.finditer(flat):
        found.add(_gnu_id(_GNU_FAMILY[(match.group(1) or "").lower()], match.group(2)))
    for match in _GNU_GRANT_RE.finditer(lower):
        version = match.group(1) or match.group(3) or match.group(4)
        found.add(_gnu_id(_GNU_FAMILY[match.group(2) or ""], version))
    if _MIT_GRANT in lower:
        found.add("MIT" if _MIT_CONDITION in lower else "MIT-0")
    if _BSD_GRANT in lower and _BSD_SOURCE_CLAUSE in lower:
        if _BSD_ADVERTISING_CLAUSE in lower:
            found.add("BSD-4-Clause")
        elif _BSD_CLEAR in lower:
            found.add("BSD-3-Clause-Clear")
        elif _BSD_ENDORSE_CLAUSE.search(lower):
            found.add("BSD-3-Clause")
        else:
            found.add("BSD-2-Clause")
    if _APACHE_TEXT.search(lower) or _APACHE_NOTICE.search(lower):
        found.add("Apache-2.0")
    for spdx_expression in _SPDX_LINE_RE.findall(text):
        found.update(_spdx_ids(spdx_expression))
    for license_id, pattern in _OTHER_FAMILIES:
        if pattern.search(lower):
            found.add(license_id)
    return found


def _spdx_ids(expression: str) -> set[str]:
    """`(MIT OR Apache-2.0)` -> {MIT, Apache-2.0}; `GPL-2.0-only`/`-or-later`/`+` -> GPL-2.0; the exception
    after WITH is not a license."""
    ids, after_with = set(), False
    for token in _SPDX_ID_RE.findall(expression):
        if token.upper() in ("OR", "AND"):
            continue
        if token.upper() == "WITH":
            after_with = True
            continue
        if not after_with:
            ids.add(re.sub(r"-(?:only|or-later)$|\+$", "", token))
        after_with = False
    return ids


def detect_file_licenses(text: str) -> set[str]:
    """The licenses one license file declares (empty set: not recognized)."""
    exact = identify_license(text)
    return {exact} if exact else match_license_phrases(text)


# ------------------------------------------------------------------------------------------ repository decision


@dataclasses.dataclass(frozen=True)
class LicenseDecision:
    licenses: tuple[str, ...]  # recognized licenses, sorted ("unknown"/"none" when nothing was recognized)
    drop_reason: str | None  # None = keep

    @property
    def label(self) -> str:
        return "+".join(self.licenses)


def license_family_reason(license_id: str, kept: frozenset[str] | tuple[str, ...] = KEPT_LICENSES) -> str | None:
    """None when the license is kept; else the drop reason of its family."""
    if license_id in kept:
        return None
    upper = license_id.upper()
    if upper.startswith("AGPL"):
        return "license_agpl"
    if upper.startswith("LGPL"):
        return "license_lgpl"
    if upper.startswith("GPL"):
        return "license_gpl"
    return "license_other"


def decide(licenses: set[str], had_license_files: bool, kept=KEPT_LICENSES) -> LicenseDecision:
    if not licenses:
        return LicenseDecision(("unknown",) if had_license_files else ("none",),
                               "license_unknown" if had_license_files else "license_none")
    if "LGPL-3.0" in licenses:  # LGPL-3.0 amends GPL-3.0 and must ship its text: that GPL text is not a license
        licenses = licenses - {"GPL-3.0"}
    reasons = {license_family_reason(l, kept) for l in licenses} - {None}
    reason = min(reasons, key=DROP_REASONS.index) if reasons else None
    return LicenseDecision(tuple(sorted(licenses)), reason)


def decide_repository(license_files: dict[str, str], kept=KEPT_LICENSES) -> LicenseDecision:
    """{root-level license file name: its text} -> the repository's license decision."""
    found: set[str] = set()
    for text in license_files.values():
        found |= detect_file_licenses(text)
    return decide(found, bool(license_files), kept)


# GitHub's license API and BigQuery's `github_repos.licenses` use licensee keys: lower-case SPDX ids, and `other`
# (or NOASSERTION) for a license file licensee could not identify.
_EXPORT_UNRECOGNIZED = frozenset({"other", "noassertion"})


@functools.lru_cache(maxsize=1)
def _canonical_ids() -> dict[str, str]:
    from identify.vendor.licenses import LICENSES

    return {spdx.lower(): spdx for spdx in (*KEPT_LICENSES, *(spdx for spdx, _ in LICENSES))}


def decide_from_export_field(value, kept=KEPT_LICENSES) -> LicenseDecision:
    """A BigQuery-style `license` field (`mit`, `apache-2.0`, `gpl-3.0`, `other`, or a list of those)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    canonical = _canonical_ids()
    found: set[str] = set()
    unrecognized = False
    for raw in values:
        if str(raw or "").strip().lower() in _EXPORT_UNRECOGNIZED | {""}:
            unrecognized = True
            continue
        found |= {canonical.get(spdx.lower(), spdx) for spdx in _spdx_ids(str(raw))}
    return decide(found, had_license_files=unrecognized or bool(found), kept=kept)

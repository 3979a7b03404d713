"""Readers for the forms GitHub code comes in (pure functions over streams and paths; no Beam).

- BigQuery-style export: JSON lines with `repo_name`, `path`, `content` and `license` (as the
  `bigquery-public-data.github_repos` contents/files/licenses tables join up; `binary` is honoured). Rows
  without a `license` are decided later from the repository's own license-file rows.
- Repository tarballs (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`, `.tar.xz`): one repository each, read in memory
  and never extracted to disk. Members with absolute paths, `..` components, links that leave the archive, or
  device/fifo entries are rejected one by one; the rest of the archive is still read.
- Checked-out trees: the files of one repository folder, grouped by the caller.

Each yields, per file, a "repository file" dict (or a Reject / Drop). The repository's license is decided before
file contents are read, and contents are loaded only for files that can still become documents (permitted
license, whitelisted extension, within the size bound), so a GPL repository or a folder of images costs a
directory listing, not a read.
"""
from __future__ import annotations

import lzma
import os
import posixpath
import re
import tarfile
import zlib
from typing import BinaryIO, Callable, Iterable, Iterator

from pipeline.io import iter_lines, json_loads_utf8
from pipeline.stages import Drop, Reject
from sources.github.filters import is_whitelisted
from sources.github.licenses import (
    KEPT_LICENSES,
    MAX_LICENSE_FILE_BYTES,
    LicenseDecision,
    decide_from_export_field,
    decide_repository,
    is_license_file,
    looks_like_license_file,
)

_COMPRESSION_SUFFIX = r"(?:\.(?:gz|bz2|xz|zst))?"
_EXPORT_RE = re.compile(r"\.(?:jsonl|ndjson|json)" + _COMPRESSION_SUFFIX + "$", re.IGNORECASE)
_TARBALL_RE = re.compile(r"(?:\.tar" + _COMPRESSION_SUFFIX + r"|\.tgz|\.tbz2|\.txz)$", re.IGNORECASE)
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError)


# ------------------------------------------------------------------------------------------------ input layout


def input_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard: `/data/repos/*/**` -> `/data/repos/`."""
    prefix = re.match(r"^[^[*?]*", pattern).group(0)
    return prefix[: prefix.rfind("/") + 1]


def tree_root(path: str, base: str) -> str | None:
    """Files two or more levels below the input base belong to the checked-out repository of the first folder
    under it (`base/<repo>/src/x.c` -> `base/<repo>/`); files directly in the base are exports or tarballs."""
    relative = path[len(base):] if path.startswith(base) else posixpath.basename(path)
    first, sep, _ = relative.partition("/")
    return base + first + "/" if sep else None


def input_kind(path: str) -> str:
    name = posixpath.basename(path)
    if _TARBALL_RE.search(name):
        return "tarball"
    if _EXPORT_RE.search(name):
        return "export"
    return "unknown"


def tarball_repository_name(path: str) -> str:
    name = posixpath.basename(path)
    return name[: _TARBALL_RE.search(name).start()] if _TARBALL_RE.search(name) else name


# ------------------------------------------------------------------------------------------- repository files


def repository_file(
    repo: str,
    path: str,
    origin: str,
    decision: LicenseDecision | None,
    content: bytes | str | None = None,
    skipped: str | None = None,
    offset: int | None = None,
) -> dict:
    """One file of one repository on its way through the stages. `decision` None = license not decided yet
    (export rows without a license field); `skipped` = why `content` was not loaded (too large, binary)."""
    return {
        "id": f"{repo}/{path}",
        "repo": repo,
        "path": path,
        "content": content,
        "skipped": skipped,
        "license": decision.label if decision else None,
        "license_drop": decision.drop_reason if decision else None,
        "origin": origin,
        "offset": offset,
    }


def wants_content(path: str, decision: LicenseDecision | None) -> bool:
    """Whether a file can still become a document (so its bytes are worth reading)."""
    allowed = decision is None or decision.drop_reason is None
    return allowed and is_whitelisted(path) and not looks_like_license_file(path)


def _decode_license(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


# ------------------------------------------------------------------------------------------------------ export


def iter_export(stream: BinaryIO, origin: str, kept=KEPT_LICENSES) -> Iterator[dict | Reject]:
    """JSON lines -> repository files; a line that is not a JSON object with repo_name/path is a Reject."""
    for start, raw in iter_lines(stream):
        if raw is None:
            yield Reject("line_too_long", file=origin, offset=start, detail="over the max_line_bytes input limit")
            continue
        if not raw.strip():
            continue
        try:
            record = json_loads_utf8(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            yield Reject("bad_json_line", file=origin, offset=start, detail=f"{type(exc).__name__}: {exc}"[:300])
            continue
        if not isinstance(record, dict):
            yield Reject("bad_json_line", file=origin, offset=start, detail=f"not a JSON object: {type(record).__name__}")
            continue
        repo = record.get("repo_name") or record.get("repo")
        path = record.get("path")
        content = record.get("content")
        if not isinstance(repo, str) or not repo or not isinstance(path, str) or not path:
            yield Reject("missing_field", file=origin, offset=start, detail="repo_name and path are required")
            continue
        if content is not None and not isinstance(content, str):
            yield Reject("bad_field", file=origin, offset=start, detail="content is not a string",
                         record_id=f"{repo}/{path}")
            continue
        license_field = record.get("license")
        decision = decide_from_export_field(license_field, kept) if license_field not in (None, "", []) else None
        path = path.lstrip("/")
        skipped = "binary_file" if record.get("binary") is True else ("no_content" if content is None else None)
        if skipped or (decision is not None and not wants_content(path, decision)):
            content = None  # not shipped through the shuffles: it cannot become a document
        yield repository_file(repo, path, origin, decision, content, skipped, start)


def resolve_export_licenses(repo_and_files: tuple[str, Iterable[dict]], kept=KEPT_LICENSES) -> Iterator[dict]:
    """Export rows of one repository that had no license field: its root license-file rows decide. The group is
    iterated twice (a re-iterable Beam group), never copied."""
    _, files = repo_and_files
    license_texts = {
        f["path"]: f["content"] for f in files if is_license_file(f["path"]) and isinstance(f["content"], str)
    }
    decision = decide_repository(license_texts, kept)
    for f in files:
        yield {**f, "license": decision.label, "license_drop": decision.drop_reason}


# ----------------------------------------------------------------------------------------------------- tarball


def unsafe_member_reason(member: tarfile.TarInfo) -> str | None:
    """Why extracting this member could write or read outside the archive's folder (None: safe)."""
    name = member.name.replace("\\", "/")
    if "\x00" in name:
        return "NUL in member name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "absolute member path"
    if ".." in name.split("/"):
        return "member path climbs out with '..'"
    if member.issym() or member.islnk():
        target = member.linkname.replace("\\", "/")
        if target.startswith("/") or re.match(r"^[A-Za-z]:", target):
            return "link to an absolute path"
        anchor = posixpath.dirname(name) if member.issym() else ""
        resolved = posixpath.normpath(posixpath.join(anchor, target))
        if resolved == ".." or resolved.startswith("../"):
            return "link target outside the archive"
    if member.ischr() or member.isblk() or member.isfifo():
        return "device or fifo member"
    return None


def _common_root(names: list[str]) -> str:
    """`owner-repo-sha/` when every member sits under one top folder (GitHub and `git archive` tarballs)."""
    tops = {name.strip("/").split("/", 1)[0] for name in names if name.strip("/")}
    if len(tops) != 1:
        return ""
    top = tops.pop()
    return top + "/" if any("/" in name.strip("/") for name in names) else ""


def iter_tarball(
    open_stream: Callable[[], BinaryIO], origin: str, kept=KEPT_LICENSES, max_file_bytes: int = 1 << 20
) -> Iterator[dict | Reject | Drop]:
    """One repository tarball -> its files. Two streaming passes (the license files can come anywhere in the
    archive and contents are only read once the license is known): names and license files, then contents."""
    repo = tarball_repository_name(origin)
    names: list[str] = []
    license_members: dict[str, bytes] = {}
    try:
        with open_stream() as stream, tarfile.open(fileobj=stream, mode="r|*") as archive:
            for member in archive:
                if unsafe_member_reason(member):
                    continue  # rejected in the second pass; must not hide the repository's top folder
                names.append(member.name)
                depth = member.name.strip("/").count("/")
                if (member.isfile() and depth <= 1 and member.size <= MAX_LICENSE_FILE_BYTES
                        and looks_like_license_file(member.name)):
                    license_members[member.name.strip("/")] = archive.extractfile(member).read()
    except _ARCHIVE_ERRORS as exc:
        yield Reject("corrupt_archive", file=origin, detail=f"{type(exc).__name__}: {exc}"[:300])
        return
    root = _common_root(names)
    decision = decide_repository(
        {name[len(root):]: _decode_license(data) for name, data in license_members.items()
         if name.startswith(root) and is_license_file(name[len(root):])},
        kept,
    )
    try:
        with open_stream() as stream, tarfile.open(fileobj=stream, mode="r|*") as archive:
            for member in archive:
                yield from _member_outcomes(archive, member, root, repo, origin, decision, max_file_bytes)
    except _ARCHIVE_ERRORS as exc:  # the file changed between the two passes
        yield Reject("corrupt_archive", file=origin, detail=f"{type(exc).__name__}: {exc}"[:300])


def _member_outcomes(archive, member, root, repo, origin, decision, max_file_bytes):
    unsafe = unsafe_member_reason(member)
    if unsafe:
        yield Reject("unsafe_archive_member", file=origin, offset=member.offset, detail=f"{member.name!r}: {unsafe}",
                     record_id=f"{repo}/{member.name}")
        return
    if member.isdir():
        return  # folders are not files: nothing to count
    name = member.name.strip("/")
    path = name[len(root):] if root and name.startswith(root) else name
    if not member.isfile():
        yield Drop("not_a_regular_file")  # links inside the repository: the target is read as its own member
        return
    if not wants_content(path, decision):
        yield repository_file(repo, path, origin, decision, offset=member.offset)
    elif member.size > max_file_bytes:
        yield repository_file(repo, path, origin, decision, skipped="file_too_large", offset=member.offset)
    else:
        data = archive.extractfile(member).read()
        yield repository_file(repo, path, origin, decision, content=data, offset=member.offset)


# -------------------------------------------------------------------------------------------- checked-out tree


def iter_tree(
    repo_root: str,
    paths: Iterable[str],
    open_file: Callable[[str], BinaryIO],
    kept=KEPT_LICENSES,
    max_file_bytes: int = 1 << 20,
) -> Iterator[dict | Reject | Drop]:
    """The files of one checked-out repository folder -> its files (license files are read first)."""
    repo = posixpath.basename(repo_root.rstrip("/"))
    paths = sorted(set(paths))
    license_texts = {}
    for path in paths:
        relative = path[len(repo_root):]
        if is_license_file(relative) and _regular_inside(path, repo_root) is None:
            try:
                with open_file(path) as f:
                    license_texts[relative] = _decode_license(f.read(MAX_LICENSE_FILE_BYTES))
            except OSError:
                pass  # reported with the file itself below
    decision = decide_repository(license_texts, kept)
    for path in paths:
        relative = path[len(repo_root):]
        if relative == ".git" or relative.startswith(".git/"):
            yield Drop("vcs_metadata")
            continue
        link = _regular_inside(path, repo_root)
        if link is not None:
            yield link
            continue
        if not wants_content(relative, decision):
            yield repository_file(repo, relative, path, decision)
            continue
        try:
            with open_file(path) as f:
                data = f.read(max_file_bytes + 1)
        except OSError as exc:
            yield Reject("unreadable_file", file=path, detail=f"{type(exc).__name__}: {exc}"[:300],
                         record_id=f"{repo}/{relative}")
            continue
        if len(data) > max_file_bytes:
            yield repository_file(repo, relative, path, decision, skipped="file_too_large")
        else:
            yield repository_file(repo, relative, path, decision, content=data)


def _regular_inside(path: str, repo_root: str) -> Reject | Drop | None:
    """Local symlinks: one that leads out of the repository is rejected (reading it would read someone else's
    file), one inside is dropped (its target is listed as its own file). None for regular files."""
    if "://" in path or not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    root = os.path.realpath(repo_root)
    if os.path.commonpath([target, root]) != root:
        return Reject("unsafe_link", file=path, detail="symlink target outside the repository")
    return Drop("not_a_regular_file")

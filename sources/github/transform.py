"""Beam wiring of the GitHub source (the pure parts live in readers.py, licenses.py, headers.py, filters.py).

    input files --read--> repository files --license--> --extension--> --decode--> --strip_headers-->
    --quality--> Documents --dedup (content hash, global)--> out

`--input` is a glob; files directly under its folder part are BigQuery-style exports (`*.jsonl[.gz]`) or
repository tarballs (`*.tar.gz`, ...), files deeper down are checked-out repositories, one per first-level folder
(`--input 'checkouts/**'`). Every stage counts files: in = kept + dropped + rejected.
"""
from __future__ import annotations

import apache_beam as beam

from pipeline.dedup import ExactDedup, content_key
from pipeline.files import FileResult
from pipeline.io import INPUT_LIMITS, MatchInputs, open_decompressed, open_raw
from pipeline.runner import may_check_at_launch
from pipeline.schema import make_document
from pipeline.stages import Drop, Reject, SourceOutput, Stage, StageCounters
from sources.github.filters import (
    Thresholds,
    TokenCounter,
    alpha_per_token,
    check_tokenizer_model,
    cheap_filter_reason,
    is_whitelisted,
    language_of,
    text_stats,
)
from sources.github.headers import strip_license_header
from sources.github.licenses import looks_like_license_file
from sources.github.readers import (
    input_base,
    input_kind,
    iter_export,
    iter_tarball,
    iter_tree,
    resolve_export_licenses,
    tree_root,
)

SOURCE = "github"
STAGES = ("read", "license", "extension", "decode", "strip_headers", "quality", "dedup")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "licenses_kept": ["MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0"],
    # Files over this are dropped unread: bounded worker memory (generated code, data dumps and vendored
    # bundles live above it).
    "max_file_bytes": 1_000_000,
    "max_line_length": 1000,
    "max_mean_line_length": 100,
    "min_alnum_fraction": 0.25,
    "min_alpha_per_token": 1.5,
    # null: min_alpha_per_token counts GPT-NeoX-20B tokens, RedPajama's unit (the tokenizer ships with the
    # package); a SentencePiece model path (any FileSystems path) counts its tokens instead (see filters.py).
    "tokenizer_model": None,
}


# ------------------------------------------------------------------------------------------ stage functions


class ReadInputFile:
    """Stage function: one export or tarball -> an outcome per file it holds."""

    def __init__(self, kept: tuple[str, ...], max_file_bytes: int):
        self.kept = kept
        self.max_file_bytes = max_file_bytes

    def __call__(self, path: str):
        kind = input_kind(path)
        if kind == "tarball":
            yield from iter_tarball(lambda: open_decompressed(path), path, self.kept, self.max_file_bytes)
        elif kind == "export":
            try:
                with open_decompressed(path) as stream:
                    yield from iter_export(stream, path, self.kept)
            except (EOFError, OSError, ValueError) as exc:  # truncated or corrupt compression
                yield Reject("truncated_or_corrupt_file", file=path, detail=f"{type(exc).__name__}: {exc}"[:300])
        else:
            yield Reject("unrecognized_input_file", file=path,
                         detail="expected *.jsonl[.gz] exports or *.tar[.gz] repository tarballs here; "
                                "checked-out repositories go one folder deeper")


class ReadRepositoryTree:
    """Stage function: (repository folder, its file paths) -> an outcome per file."""

    def __init__(self, kept: tuple[str, ...], max_file_bytes: int):
        self.kept = kept
        self.max_file_bytes = max_file_bytes

    def setup(self):
        self._counters = StageCounters(SOURCE, "read")

    def __call__(self, root_and_paths):
        """iter_tree gives one outcome per path: each path is counted as an input file (pipeline.files), as the
        export and tarball files of the files=True read stage are."""
        root, paths = root_and_paths
        counters = getattr(self, "_counters", None)
        for outcome in iter_tree(root, paths, open_raw, self.kept, self.max_file_bytes):
            if counters is not None:
                counters.file(FileResult("rejected", outcome.reason) if isinstance(outcome, Reject) else FileResult("whole"))
            yield outcome


def license_outcome(entry: dict):
    return Drop(entry["license_drop"]) if entry["license_drop"] else entry


def extension_outcome(entry: dict):
    if looks_like_license_file(entry["path"]):
        return Drop("license_file")  # boilerplate, not code; it did its job deciding the license
    if not is_whitelisted(entry["path"]):
        return Drop("extension_not_whitelisted")
    return entry


class DecodeFile:
    """Stage function: bytes -> text. Undecodable and empty files are dead letters; binary ones are dropped."""

    def __init__(self, max_file_bytes: int):
        self.max_file_bytes = max_file_bytes

    def __call__(self, entry: dict):
        if entry["skipped"]:
            return Drop(entry["skipped"])
        content = entry["content"]
        where = {"file": entry["origin"], "offset": entry["offset"], "record_id": entry["id"]}
        if content is None:
            return Reject("missing_content", detail="content was not loaded", **where)
        try:  # JSON strings may hold lone surrogates, which no UTF-8 writer accepts
            data = content.encode("utf-8") if isinstance(content, str) else content
        except UnicodeEncodeError as exc:
            return Reject("undecodable_file", detail=str(exc)[:300], **where)
        if len(data) > self.max_file_bytes:
            return Drop("file_too_large")
        if b"\x00" in data:
            return Drop("binary_file")
        if isinstance(content, bytes):
            try:
                content = content.decode("utf-8")
            except UnicodeDecodeError as exc:
                return Reject("undecodable_file", detail=str(exc)[:300], **where)
        text = content.removeprefix("\ufeff").replace("\r\n", "\n")
        if not text.strip():
            return Reject("empty_file", detail="no characters besides whitespace", **where)
        return {**entry, "content": text}


class StripLicenseHeader:
    def setup(self):
        self._counters = StageCounters(SOURCE, "strip_headers")

    def __call__(self, entry: dict):
        text, removed = strip_license_header(entry["content"], entry["path"])
        if removed:
            self._counters.stat("files_with_license_header")
            self._counters.stat("header_lines_removed", removed)
        if not text.strip():
            return Drop("empty_after_header_removal")
        return {**entry, "content": text, "header_lines_removed": removed}


class QualityFilter:
    """Stage function: docs/RECIPE.md section 4 line-length/alphanumeric/alpha-per-token rules -> a Document."""

    def __init__(self, limits: Thresholds, tokenizer_model: str | None):
        self.limits = limits
        self.count_tokens = TokenCounter(tokenizer_model)

    def setup(self):
        self.count_tokens.setup()

    def __call__(self, entry: dict):
        text = entry["content"]
        stats = text_stats(text)
        reason = cheap_filter_reason(stats, self.limits)
        if reason:
            return Drop(reason)
        tokens = self.count_tokens(text)
        ratio = alpha_per_token(stats.alpha_chars, tokens)
        if ratio < self.limits.min_alpha_per_token:
            return Drop("alpha_per_token")
        return make_document(
            SOURCE,
            entry["id"],
            text,
            url=github_url(entry["repo"], entry["path"]),
            repo_name=entry["repo"],
            path=entry["path"],
            license=entry["license"],
            language=language_of(entry["path"]),
            content_hash=content_key(text),
            header_lines_removed=entry["header_lines_removed"],
            max_line_length=stats.max_line_length,
            mean_line_length=round(stats.mean_line_length, 3),
            alnum_fraction=round(stats.alnum_fraction, 4),
            alpha_per_token=round(ratio, 4),
            tokens=tokens,
            origin=entry["origin"],
        )


def github_url(repo: str, path: str) -> str | None:
    """A browsable URL when the repository is named `owner/name` (exports); None for local checkouts."""
    if repo.count("/") != 1:
        return None
    return f"https://github.com/{repo}/blob/HEAD/{path}"


# ---------------------------------------------------------------------------------------------------- pipeline


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    if may_check_at_launch(pipeline, config["tokenizer_model"]):
        check_tokenizer_model(config["tokenizer_model"])  # fail now, not in a worker
    kept = tuple(config["licenses_kept"])
    max_bytes = int(config["max_file_bytes"])
    quality = QualityFilter(
        Thresholds(config["max_line_length"], config["max_mean_line_length"], config["min_alnum_fraction"],
                   config["min_alpha_per_token"]),
        config["tokenizer_model"],
    )
    base = input_base(input_pattern)

    paths = pipeline | "MatchInputs" >> MatchInputs(input_pattern, SOURCE)
    in_trees, single_files = paths | "TreeOrFile" >> beam.Partition(
        lambda path, _: 0 if tree_root(path, base) else 1, 2
    )
    from_files = single_files | "ReadFiles" >> Stage(SOURCE, "read", ReadInputFile(kept, max_bytes), files=True,
                                                      limits=config.get("input_limits"))
    from_trees = (
        in_trees
        | "KeyByRepository" >> beam.Map(lambda path: (tree_root(path, base), path))
        | "GroupRepositoryPaths" >> beam.GroupByKey()
        | "ReadTrees" >> Stage(SOURCE, "read", ReadRepositoryTree(kept, max_bytes), fan_out=True)
    )
    files = (from_files.kept, from_trees.kept) | "AllFiles" >> beam.Flatten()

    # Export rows without a license field: the repository's own license-file rows decide.
    undecided, decided = files | "LicenseKnown" >> beam.Partition(lambda f, _: 0 if f["license"] is None else 1, 2)
    resolved = (
        undecided
        | "KeyByRepo" >> beam.Map(lambda f: (f["repo"], f))
        | "GroupRepository" >> beam.GroupByKey()
        | "LicenseFromFiles" >> beam.FlatMap(resolve_export_licenses, kept)
    )
    files = (decided, resolved) | "Decided" >> beam.Flatten() | "SpreadFiles" >> beam.Reshuffle()

    licensed = files | Stage(SOURCE, "license", license_outcome, tally=("license",))
    sources = licensed.kept | Stage(SOURCE, "extension", extension_outcome)
    decoded = sources.kept | Stage(SOURCE, "decode", DecodeFile(max_bytes))
    stripped = decoded.kept | Stage(SOURCE, "strip_headers", StripLicenseHeader())
    documents = stripped.kept | Stage(SOURCE, "quality", quality, tally=("language",))
    deduped = documents.kept | ExactDedup(SOURCE, "dedup", key=lambda d: d["metadata"]["content_hash"],
                                          reason="duplicate_content")
    rejects = [from_files.rejects, from_trees.rejects, licensed.rejects, sources.rejects, decoded.rejects,
               stripped.rejects, documents.rejects, deduped.rejects]
    return SourceOutput(deduped.kept, rejects)

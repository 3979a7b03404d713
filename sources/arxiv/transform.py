"""Beam wiring of the arXiv source (the pure parts: archive.py, inputs.py, comments.py, macros.py, clean.py).

read  : one input (paper tarball, compressed or plain .tex, local directory; or an arXiv bulk tar of many papers)
        -> each paper's .tex files, or a dead letter
clean : the paper's files -> one Document (main file + inlined \\input files, cut, comments gone, macros expanded)
dedup : one Document per paper: the same arXiv id read twice (a directory and a tarball, two versions) is kept
        once, the highest version, then the smallest content hash
"""
from __future__ import annotations

import glob
import hashlib
import os

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.dedup import ExactDedup
from pipeline.io import INPUT_LIMITS, CountMatched
from pipeline.schema import make_document
from pipeline.stages import Drop, Reject, SourceOutput, Stage, StageCounters
from sources.arxiv.archive import InputError, Limits, PaperFiles, read_papers
from sources.arxiv.clean import PaperDropped, PaperRejected, clean_paper

SOURCE = "arxiv"
STAGES = ("read", "clean", "dedup")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "limits": {
        "max_tex_bytes": Limits.max_tex_bytes,
        "max_paper_tex_bytes": Limits.max_paper_tex_bytes,
        "max_archive_bytes": Limits.max_archive_bytes,
        "max_members": Limits.max_members,
        "max_bulk_bytes": Limits.max_bulk_bytes,
    },
    # expansion output bound per paper: beyond it the paper is a dead letter (a macro bomb or a recursive macro)
    "max_expanded_chars": 20_000_000,
}


def match_paper_inputs(pattern: str) -> list[str]:
    """Every file the glob matches (through FileSystems) plus, for local patterns, every directory it matches:
    one input per paper. Raises if nothing matches."""
    paths = {metadata.path for metadata in FileSystems.match([pattern])[0].metadata_list}
    if "://" not in pattern:
        paths.update(path for path in glob.glob(pattern) if os.path.isdir(path))
    if not paths:
        raise ValueError(f"no arXiv input matches {pattern!r}: expected tarballs, .gz/.tex files or directories")
    return sorted(paths)


class ReadPapers:
    """Stage function (fan-out): an input path -> its papers (PaperFiles), and a Reject (hostile, oversize,
    corrupt) or a Drop (no LaTeX source) for each paper that cannot be read."""

    def __init__(self, limits: dict):
        self.limits = Limits(**limits)

    def __call__(self, path: str):
        for result in read_papers(path, self.limits):
            if not isinstance(result, InputError):
                yield result
            elif result.kind == "drop":
                yield Drop(result.reason)
            else:
                detail = f"{result.member or ''} {result.detail}".strip()[:500]
                yield Reject(result.reason, file=result.source or path, detail=detail)


class CleanPaper:
    """Stage function: PaperFiles -> a Document, or a Drop (nothing the recipe keeps) or a Reject (safety bound)."""

    def __init__(self, max_paper_chars: int, max_expanded_chars: int):
        self.max_paper_chars = max_paper_chars
        self.max_expanded_chars = max_expanded_chars
        self._counters = None

    def setup(self):
        self._counters = StageCounters(SOURCE, "clean")

    def __call__(self, files: PaperFiles):
        try:
            cleaned = clean_paper(files.tex, self.max_paper_chars, self.max_expanded_chars)
        except PaperDropped as exc:
            return Drop(exc.reason)
        except PaperRejected as exc:
            return Reject(exc.reason, file=files.source, detail=exc.detail[:500], record_id=files.paper.key)
        if self._counters is not None:  # totals for the run report: macros expanded, files inlined, ...
            for name, n in cleaned.stats.items():
                self._counters.stat(name, n)
        paper = files.paper
        return make_document(
            SOURCE,
            paper.key,
            cleaned.text,
            url=paper.url,
            arxiv_id=paper.arxiv_id,
            version=paper.version,
            name=paper.name,
            input_path=files.source,
            main_file=cleaned.main_file,
            tex_files=cleaned.files,
            **{f"n_{name}": n for name, n in cleaned.stats.items()},
            legacy_encoding_files=files.stats.get("legacy_encoding_files", 0),
        )


def paper_key(doc: dict) -> str:
    return doc["id"]


def latest_version_first(doc: dict) -> bytes:
    """Survivor rank among copies of one paper: highest version, then smallest text hash, then input path (copies
    with the same text from a directory and a tarball), so the survivor never depends on arrival order."""
    metadata = doc["metadata"]
    version = metadata.get("version") or 0
    text_hash = hashlib.sha1(doc["text"].encode("utf-8")).digest()
    return (1_000_000 - version).to_bytes(4, "big") + text_hash + metadata["input_path"].encode("utf-8")


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    limits = config["limits"]
    read = (
        pipeline
        | "Pattern" >> beam.Create([input_pattern])
        | "MatchPapers" >> beam.FlatMap(match_paper_inputs)
        | "CountMatched" >> beam.ParDo(CountMatched(SOURCE))
        | "SpreadPapers" >> beam.Reshuffle()
        | Stage(SOURCE, "read", ReadPapers(limits), files=True, limits=config.get("input_limits"))
    )
    cleaned = read.kept | "SpreadPaperFiles" >> beam.Reshuffle() | Stage(
        SOURCE, "clean", CleanPaper(limits["max_paper_tex_bytes"], config["max_expanded_chars"])
    )
    deduped = cleaned.kept | ExactDedup(
        SOURCE, "dedup", key=paper_key, reason="same_paper", rank=latest_version_first
    )
    return SourceOutput(deduped.kept, [read.rejects, cleaned.rejects, deduped.rejects])

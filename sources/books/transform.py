"""Beam wiring of the books source (the pure parts live in decode.py, gutenberg.py, books3.py and records.py).

"Remove books whose content overlaps another by more than 90%" (docs/RECIPE.md section 6) is read as containment:
|A & B| / min(|A|, |B|) > 0.9 over word 5-gram shingles. Jaccard penalizes an edition for what it ADDS: the
2015 Pride and Prejudice is 93-96% contained in the 2023 edition (which adds the Saintsbury preface) but their
Jaccard is 0.84-0.88, so a Jaccard 0.9 rule would keep both copies of the novel. Containment asks what the
sentence asks, how much of a book is found in another. The LSH bands are tuned for Jaccard 0.5 (42 bands x 6
rows of 256 permutations) so that pairs with containment 0.9 are found while the smaller book has at least ~80%
of the larger one's shingles (Jaccard >= 0.67: found with probability 0.98); every candidate is then verified
against 0.9. A book contained in one more than ~1.25x its size (a story inside an anthology) has too low a
Jaccard for banding to find it; that needs LSH Ensemble (datasketch.MinHashLSHEnsemble) and is out of scope.
The survivor of a cluster is its largest member (the most complete edition, so a book contained in a bigger one
goes, not the other way round), ties by smallest sha1 of the id.
"""
from __future__ import annotations

import json

import apache_beam as beam

from pipeline.dedup import ExactDedup
from pipeline.io import INPUT_LIMITS, MatchInputs
from pipeline.minhash import MinHashDedup, NearDedupConfig
from pipeline.stages import SourceOutput, Stage
from sources.books.records import SOURCE, ReadBookFile, identical_copy_rank, strip_boilerplate

STAGES = ("read", "strip_boilerplate", "identical", "near_dedup")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "max_book_bytes": 64 * 1024 * 1024,
    "near_dedup": {
        "num_perm": 256,  # estimate error ~0.02 at J=0.9 (0.03 at 128): the P&P editions sit 0.06 above 0.9
        "ngram": 5,
        "seed": 1,
        "similarity": "containment",
        "threshold": 0.9,
        "lsh_threshold": 0.5,
        "bands": None,
        "rows": None,
        "max_bucket_size": 100,
        "keep": "largest",
        "max_edges_reported": 1000,
    },
}
CLUSTERS_REPORT = f"near_dup_clusters_{SOURCE}.jsonl"  # one JSON line per cluster, beside the run report


def describe_book(doc: dict) -> dict:
    """What a cluster record says about each member: enough to find the file and tell the editions apart."""
    meta = doc.get("metadata") or {}
    return {k: meta[k] for k in ("title", "file", "offset", "release_date", "encoding") if meta.get(k) is not None}


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    read = (
        pipeline
        | "MatchInputs" >> MatchInputs(input_pattern, SOURCE)
        | Stage(SOURCE, "read", ReadBookFile(config["max_book_bytes"]), files=True, limits=config.get("input_limits"))
    )
    books = read.kept | "SpreadBooks" >> beam.Reshuffle()
    stripped = books | Stage(SOURCE, "strip_boilerplate", strip_boilerplate, tally=("lang", "format"))
    # ids are content hashes: byte-identical copies share one, and near-dedup needs unique ids
    identical = stripped.kept | ExactDedup(SOURCE, "identical", key=lambda d: d["id"], reason="identical_copy",
                                           rank=identical_copy_rank)
    near = identical.kept | MinHashDedup(SOURCE, "near_dedup", NearDedupConfig(**config["near_dedup"]),
                                         describe=describe_book)
    clusters = near.clusters | "ClustersToJson" >> beam.Map(lambda c: json.dumps(c, sort_keys=True, ensure_ascii=False))
    return SourceOutput(near.kept, [read.rejects, stripped.rejects, identical.rejects, near.rejects],
                        reports={CLUSTERS_REPORT: clusters})

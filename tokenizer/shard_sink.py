"""Drawn copies -> Megatron `.bin`/`.idx` shards through FileSystems, shuffled across sources, plus the manifest.

Shuffle: every drawn copy has a 64-bit hash key (sampling.hashing.shuffle_key). The key space is cut into K equal
ranges, K = ceil(drawn tokens / shard_tokens); shard i holds the copies whose keys fall in range i, sorted by key.
Reading the shards in name order therefore reads one global order sorted by key, which interleaves the sources
uniformly. Shard contents and bytes depend only on (documents, tokenizer, mixture, seed, shard_tokens): not on the
runner, workers or bundle order. Shard sizes vary around shard_tokens by the randomness of the keys.

A retried bundle rewrites the same bytes to the same names; `manifest.json`, written last with every file's
sha256, is what marks the set complete.
"""
from __future__ import annotations

import dataclasses
import json
import math

import apache_beam as beam
import numpy as np
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipeline.io import join_path, write_text
from sampling.report import mixture_report
from tokenizer.shards import FORMAT, MANIFEST_NAME, ShardWriter

MIXTURE_NAME = "mixture.json"


@dataclasses.dataclass(frozen=True)
class TokenizerInfo:
    path: str
    sha256: str
    vocab_size: int
    eos_id: int
    bos_id: int

    @property
    def dtype(self) -> np.dtype:
        from tokenizer.shards import dtype_for_vocab

        return np.dtype(dtype_for_vocab(self.vocab_size))


def shard_count(total_tokens: int, shard_tokens: int) -> int:
    return max(1, math.ceil(total_tokens / shard_tokens))


def shard_of(key: int, num_shards: int) -> int:
    """Key range -> shard index, order preserving: shard i holds keys in [i * 2^64 / K, (i + 1) * 2^64 / K)."""
    return (key * num_shards) >> 64


def shard_name(index: int) -> str:
    return f"shard-{index:05d}"


def _create(path: str):
    return FileSystems.create(path, compression_type=CompressionTypes.UNCOMPRESSED)


def write_shard(output: str, index: int, copies, dtype) -> dict:
    """Write one shard's copies in key order; returns its manifest entry (with per-source counts)."""
    import hashlib

    ordered = sorted(copies, key=lambda c: (c["key"], c["id"], c["copy"]))
    name = shard_name(index)
    prefix = join_path(output, name)
    dtype = np.dtype(dtype)
    sources: dict[str, dict] = {}
    with _create(prefix + ".bin") as f:
        writer = ShardWriter(f, dtype)
        for copy in ordered:
            tokens = np.frombuffer(copy["tokens"], dtype=dtype.newbyteorder("<"))
            writer.add(tokens)
            entry = sources.setdefault(copy["source"], {"documents": 0, "tokens": 0})
            entry["documents"] += 1
            entry["tokens"] += len(tokens)
    index_bytes = writer.index_bytes()
    with _create(prefix + ".idx") as f:
        f.write(index_bytes)
    return {
        "name": name,
        "documents": writer.documents,
        "tokens": writer.tokens,
        "bin_sha256": writer.bin_sha256,
        "idx_sha256": hashlib.sha256(index_bytes).hexdigest(),
        "sources": dict(sorted(sources.items())),
    }


def build_manifest(shards: list[dict], plan, tokenizer: TokenizerInfo, shard_tokens: int) -> dict:
    shards = sorted(shards, key=lambda s: s["name"])
    written: dict[str, dict] = {}
    for shard in shards:
        for source, counts in shard["sources"].items():
            total = written.setdefault(source, {"documents": 0, "tokens": 0})
            total["documents"] += counts["documents"]
            total["tokens"] += counts["tokens"]
    return {
        "format": FORMAT,
        "dtype": tokenizer.dtype.name,
        "bos_id": tokenizer.bos_id,
        "eos_id": tokenizer.eos_id,
        "bos": True,  # every document is BOS + tokens + EOS (LLaMA's convention); the trainer adds nothing
        "eos": True,
        "tokenizer": {"sha256": tokenizer.sha256, "vocab_size": tokenizer.vocab_size, "path": tokenizer.path},
        "shuffle": {"seed": plan.seed, "shard_tokens": shard_tokens, "num_shards": shard_count(plan.tokens_drawn, shard_tokens),
                    "order": "global order = shards by name, documents by shuffle key"},
        "shards": shards,
        "total_documents": sum(s["documents"] for s in shards),
        "total_tokens": sum(s["tokens"] for s in shards),
        "mixture": mixture_report(plan, written=written),
    }


def _finish(shards: list[dict], plan, output: str, tokenizer: TokenizerInfo, shard_tokens: int) -> dict:
    manifest = build_manifest(shards, plan, tokenizer, shard_tokens)
    write_text(join_path(output, MIXTURE_NAME), json.dumps(manifest["mixture"], indent=2) + "\n")
    write_text(join_path(output, MANIFEST_NAME), json.dumps(manifest, indent=2) + "\n")
    return manifest


def _assign(copy: dict, plan, shard_tokens: int):
    return shard_of(copy["key"], shard_count(plan.tokens_drawn, shard_tokens)), copy


class WriteTokenShards(beam.PTransform):
    """drawn copies (+ the plan singleton) -> shards and manifest under `output`; returns the manifest."""

    def __init__(self, output: str, tokenizer: TokenizerInfo, plan, shard_tokens: int):
        super().__init__()
        self._output = output
        self._tokenizer = tokenizer
        self._plan = plan
        self._shard_tokens = shard_tokens

    def expand(self, copies):
        plan = beam.pvalue.AsSingleton(self._plan)
        output, dtype = self._output, self._tokenizer.dtype
        stats = (
            copies
            | "AssignShard" >> beam.Map(_assign, plan=plan, shard_tokens=self._shard_tokens)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.MapTuple(lambda index, group: write_shard(output, index, group, dtype))
        )
        return (
            stats
            | "AllShards" >> beam.combiners.ToList()
            | "Manifest" >> beam.Map(_finish, plan=plan, output=output, tokenizer=self._tokenizer,
                                     shard_tokens=self._shard_tokens)
        )

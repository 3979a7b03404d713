"""tokenizer/shards.py: the writer's files read back (by us and by megatron-core), and a reader whose memory does
not grow with the number of documents (the index is memory-mapped, not read whole)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tokenizer.shards import ShardFormatError, ShardWriter, TokenShard, index_bytes

REPO = Path(__file__).resolve().parents[1]

# Opens a shard, reads 2000 random documents and its totals; prints the growth of anonymous (private) memory.
# RssAnon, not RSS: pages of a memory-mapped file are page cache, shared by every rank of a node and dropped under
# memory pressure; what a rank must own is its anonymous memory. `naive` reads the index whole, as the old reader
# did, to show that the measurement sees it.
PROBE = """
import json, sys
import numpy as np
from tokenizer.shards import TokenShard

def anon_kib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("RssAnon:"))

prefix, naive = sys.argv[1], sys.argv[2] == "naive"
before = anon_kib()
shard = TokenShard(prefix)
kept = open(prefix + ".idx", "rb").read() if naive else None
rng = np.random.default_rng(0)
checksum = sum(int(shard[int(i)][0]) for i in rng.integers(0, len(shard), 2000))
print(json.dumps({"anon_kib": anon_kib() - before, "documents": len(shard), "tokens": shard.num_tokens}))
"""


def _write(prefix: Path, lengths: np.ndarray) -> None:
    prefix.with_suffix(".idx").write_bytes(index_bytes(lengths, np.uint16))
    with open(prefix.with_suffix(".bin"), "wb") as f:
        f.truncate(int(lengths.sum()) * 2)


def _probe(prefix: Path, mode: str = "mmap") -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, str(prefix), mode], cwd=REPO, check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(out.stdout)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="RssAnon is read from Linux's /proc")
def test_opening_a_shard_costs_no_memory_per_document(tmp_path):
    big, small = 2_000_000, 1_000
    _write(tmp_path / "big", np.ones(big, dtype=np.int32))
    _write(tmp_path / "small", np.ones(small, dtype=np.int32))
    big_run, small_run, naive = _probe(tmp_path / "big"), _probe(tmp_path / "small"), _probe(tmp_path / "big", "naive")
    assert (big_run["documents"], big_run["tokens"], small_run["documents"]) == (big, big, small)
    index_kib = (tmp_path / "big.idx").stat().st_size // 1024  # ~20 bytes per document: 39 MiB
    assert naive["anon_kib"] > index_kib * 0.9  # the probe does see an index read into memory
    # memory-mapped: 2000x the documents cost less than 5% of what reading the index would
    assert big_run["anon_kib"] - small_run["anon_kib"] < index_kib * 0.05, (big_run, small_run, naive, index_kib)


def test_written_documents_read_back(tmp_path):
    """(megatron-core reads the shards back in tests/test_shards_pipeline.py)"""
    rng = np.random.default_rng(1)
    docs = [np.concatenate([[1], rng.integers(3, 32000, n), [2]]).astype(np.uint16) for n in (0, 5, 1, 300, 17)]
    with open(tmp_path / "s.bin", "wb") as f:
        writer = ShardWriter(f, np.uint16)
        for doc in docs:
            writer.add(doc)
    (tmp_path / "s.idx").write_bytes(writer.index_bytes())
    shard = TokenShard(str(tmp_path / "s"))
    assert len(shard) == len(docs) and shard.num_tokens == sum(map(len, docs)) == writer.tokens
    assert all(np.array_equal(shard[i], doc) for i, doc in enumerate(docs))


def test_empty_and_truncated_shards(tmp_path):
    (tmp_path / "e.idx").write_bytes(index_bytes([], np.uint16))
    (tmp_path / "e.bin").write_bytes(b"")
    empty = TokenShard(str(tmp_path / "e"))
    assert len(empty) == 0 and empty.num_tokens == 0
    _write(tmp_path / "t", np.full(10, 3, dtype=np.int32))
    data = (tmp_path / "t.idx").read_bytes()
    (tmp_path / "t.idx").write_bytes(data[:-8])
    with pytest.raises(ShardFormatError, match="truncated"):
        TokenShard(str(tmp_path / "t"))
    (tmp_path / "t.idx").write_bytes(data)
    with open(tmp_path / "t.bin", "r+b") as f:
        f.truncate(10)
    with pytest.raises(ShardFormatError, match="truncated"):
        TokenShard(str(tmp_path / "t"))
    (tmp_path / "t.idx").write_bytes(b"NOTANIDX" + data[8:])
    with pytest.raises(ShardFormatError, match="not a Megatron"):
        TokenShard(str(tmp_path / "t"))

"""Megatron-compatible token shards (docs/RECIPE.md section 11): `NAME.bin` + `NAME.idx`, and their JSON manifest.

No Beam and no torch here: the pipeline writes shards with this module and the trainer reads them with it.

`.bin`: raw little-endian tokens (uint16 when vocab < 65536, else int32), each document as BOS + tokens + EOS
        (LLaMA's convention: what a LLaMA tokenizer gives at inference, BOS first, is what training saw).
`.idx`:  b"MMIDIDX\\x00\\x00", uint64 version (1), uint8 dtype code, uint64 sequence count, uint64 document-index
        count, int32[seq] lengths, int64[seq] byte offsets, int64[doc index count] document indices.
One sequence per document here, so document indices are 0..n. As in megatron-core's own writer, the count
stored is the length of the document-index array (n + 1), which is what its `IndexedDataset` reads back.

Manifest (`manifest.json` beside the shards), the contract between the pipeline and the trainer:
    {"format": "megatron-mmidx-1", "dtype": "uint16", "bos_id": 1, "eos_id": 2, "bos": true, "eos": true,
     "tokenizer": {"sha256": ..., "vocab_size": ...},
     "shards": [{"name": "shard-00000", "documents": n, "tokens": t, "bin_sha256": ..., "idx_sha256": ...}],
     "total_documents": ..., "total_tokens": ..., "mixture": {...}}
`encode-shards` (tokenizer/encode.py) also writes, additively: "tokenizer.path", per-shard "sources"
({source: {"documents", "tokens"}}), and "shuffle" (seed, shard_tokens, num_shards); "mixture" is the mixture
report (sampling/report.py). Reading the shards in manifest order gives the shuffled global order.
"""
from __future__ import annotations

import hashlib
import json
import os
import struct
from typing import BinaryIO, Iterable

import numpy as np

INDEX_HEADER = b"MMIDIDX\x00\x00"
INDEX_VERSION = 1
MANIFEST_NAME = "manifest.json"
FORMAT = "megatron-mmidx-1"

# megatron-core's DType codes
DTYPE_CODES = {np.uint8: 1, np.int8: 2, np.int16: 3, np.int32: 4, np.int64: 5, np.float64: 6, np.float32: 7, np.uint16: 8}
CODE_DTYPES = {code: dtype for dtype, code in DTYPE_CODES.items()}


def dtype_for_vocab(vocab_size: int):
    return np.uint16 if vocab_size < 65536 else np.int32


class ShardWriter:
    """Append documents (token arrays, BOS and EOS already in place) to an open `.bin` stream; then `index_bytes()`."""

    def __init__(self, bin_out: BinaryIO, dtype=np.uint16):
        self._out = bin_out
        self.dtype = np.dtype(dtype)
        self._lengths: list[int] = []
        self._sha = hashlib.sha256()
        self.tokens = 0

    def add(self, tokens: Iterable[int] | np.ndarray) -> None:
        array = np.asarray(tokens, dtype=self.dtype)
        data = array.astype(self.dtype.newbyteorder("<"), copy=False).tobytes()
        self._out.write(data)
        self._sha.update(data)
        self._lengths.append(len(array))
        self.tokens += len(array)

    @property
    def documents(self) -> int:
        return len(self._lengths)

    @property
    def bin_sha256(self) -> str:
        return self._sha.hexdigest()

    def index_bytes(self) -> bytes:
        return index_bytes(self._lengths, self.dtype)


def index_bytes(lengths, dtype) -> bytes:
    """The `.idx` of documents with these token counts (one sequence per document)."""
    dtype = np.dtype(dtype)
    lengths = np.asarray(lengths, dtype=np.int32)
    pointers = np.zeros(len(lengths), dtype=np.int64)
    if len(lengths):
        pointers[1:] = np.cumsum(lengths[:-1], dtype=np.int64) * dtype.itemsize
    doc_indices = np.arange(len(lengths) + 1, dtype=np.int64)
    header = INDEX_HEADER + struct.pack("<Q", INDEX_VERSION) + struct.pack("<B", DTYPE_CODES[dtype.type])
    header += struct.pack("<Q", len(lengths)) + struct.pack("<Q", len(doc_indices))
    return header + lengths.tobytes() + pointers.tobytes() + doc_indices.tobytes()


class ShardFormatError(ValueError):
    pass


class TokenShard:
    """A memory-mapped shard: `len(shard)` documents, `shard[i]` -> token array (a view, no copy).

    Both files are memory-mapped, the index too (as megatron-core's reader does): opening a shard reads its
    header and the last entry only, so a rank's memory does not grow with the number of documents (pages of the
    index are read on access, shared with the other ranks through the page cache, and dropped under pressure)."""

    HEADER_SIZE = len(INDEX_HEADER) + 8 + 1 + 8 + 8

    def __init__(self, prefix: str):
        self.prefix = prefix
        idx_path, bin_path = prefix + ".idx", prefix + ".bin"
        for path in (idx_path, bin_path):
            if not os.path.exists(path):
                raise ShardFormatError(f"missing shard file: {path}")
        with open(idx_path, "rb") as f:
            header = f.read(self.HEADER_SIZE)
        if not header.startswith(INDEX_HEADER) or len(header) < self.HEADER_SIZE:
            raise ShardFormatError(f"{idx_path}: not a Megatron MMIDIDX index")
        pos = len(INDEX_HEADER)
        version, code, seq_count, doc_index_count = struct.unpack_from("<QBQQ", header, pos)
        pos = self.HEADER_SIZE
        if version != INDEX_VERSION or code not in CODE_DTYPES:
            raise ShardFormatError(f"{idx_path}: unsupported version {version} or dtype code {code}")
        expected = pos + seq_count * 4 + seq_count * 8 + doc_index_count * 8
        size = os.path.getsize(idx_path)
        if size != expected:
            raise ShardFormatError(f"{idx_path}: {size} bytes, expected {expected} (truncated?)")
        self.dtype = np.dtype(CODE_DTYPES[code])
        index = memoryview(np.memmap(idx_path, dtype=np.uint8, mode="r"))
        self.lengths = np.frombuffer(index, dtype=np.int32, count=seq_count, offset=pos)
        self.pointers = np.frombuffer(index, dtype=np.int64, count=seq_count, offset=pos + seq_count * 4)
        self.document_indices = np.frombuffer(index, dtype=np.int64, count=doc_index_count, offset=pos + seq_count * 12)
        # the end of the last document (pointers are cumulative), not a sum that would read the whole index
        self.num_tokens = int(self.pointers[-1]) // self.dtype.itemsize + int(self.lengths[-1]) if seq_count else 0
        bin_size = os.path.getsize(bin_path)
        if bin_size != self.num_tokens * self.dtype.itemsize:
            raise ShardFormatError(
                f"{bin_path}: {bin_size} bytes, the index describes {self.num_tokens * self.dtype.itemsize} (truncated?)"
            )
        self.tokens = np.memmap(bin_path, dtype=self.dtype, mode="r") if bin_size else np.zeros(0, self.dtype)

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, i: int) -> np.ndarray:
        start = int(self.pointers[i]) // self.dtype.itemsize
        return self.tokens[start : start + int(self.lengths[i])]


def file_sha256(path: str, chunk: int = 1 << 20) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            sha.update(block)
    return sha.hexdigest()


def load_manifest(directory: str) -> dict:
    path = os.path.join(directory, MANIFEST_NAME)
    if not os.path.exists(path):
        raise ShardFormatError(f"no {MANIFEST_NAME} in {directory}: is this a token-shard directory?")
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != FORMAT:
        raise ShardFormatError(f"{path}: format {manifest.get('format')!r}, expected {FORMAT!r}")
    return manifest

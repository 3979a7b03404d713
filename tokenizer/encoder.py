"""Stage functions of the encoding job: read Document Parquet files, encode each document with the tokenizer.

Both are plain callables (no Beam here) that `pipeline.stages.Stage` wires, so every outcome is counted. The
SentencePiece model loads once per worker in `setup()` from any FileSystems path.
"""
from __future__ import annotations


import numpy as np

from pipeline.models import local_path
from pipeline.stages import Drop, Reject
from sources.registry import SOURCES
from tokenizer.cached_encoder import CachedEncoder
from tokenizer.documents import UnreadableInput, iter_parquet_documents


class ReadDocumentFile:
    """Fan-out stage function: one Parquet file -> its documents (`id`, `source`, `text`), or a Reject for a file
    that cannot be read (the documents before a mid-file error are kept; the Reject says at which row)."""

    def __call__(self, path: str):
        row = -1
        try:
            for record in iter_parquet_documents(path):
                row = record.offset
                yield {"id": record.key, "source": record.source, "text": record.text}
        except (UnreadableInput, OSError, EOFError, ValueError) as exc:
            yield Reject(reason="unreadable_parquet", file=path, offset=row + 1,
                         detail=f"{type(exc).__name__}: {str(exc)[:300]}")


class DocumentEncoder:
    """Stage function: a document -> `{"id", "source", "n_tokens", "tokens"}`, tokens = BOS + encode(text) + EOS
    (LLaMA's convention, notes in tokenizer/shards.py) as little-endian bytes of the shard dtype (compact to
    shuffle, written to `.bin` as they are). Encoding is tokenizer.cached_encoder's: SentencePiece's ids."""

    def __init__(self, model_path: str):
        self.model_path = model_path
        self._encoder = None

    def setup(self):
        with open(local_path(self.model_path), "rb") as f:
            encoder = CachedEncoder(f.read())
        bos, eos = encoder.processor.bos_id(), encoder.processor.eos_id()
        if bos < 0 or eos < 0:
            raise ValueError(f"{self.model_path} has no BOS or EOS piece; shards need both around every document")
        self._bos, self._eos = (np.asarray([i], dtype=encoder.dtype).tobytes() for i in (bos, eos))
        self._itemsize = encoder.dtype.itemsize
        self._encoder = encoder

    def __call__(self, doc: dict):
        if self._encoder is None:
            self.setup()
        if doc.get("source") not in SOURCES:
            return Reject(reason="unknown_source", record_id=doc.get("id"), detail=f"source {doc.get('source')!r}")
        if not (doc.get("text") or "").strip():
            return Drop("empty_text")
        tokens = b"".join((self._bos, self._encoder.encode_bytes(doc["text"]), self._eos))
        return {"id": doc["id"], "source": doc["source"], "n_tokens": len(tokens) // self._itemsize, "tokens": tokens}

"""Training samples from the tokenizer stage's shards (docs/RECIPE.md section 11), through tokenizer/shards.py.

- `ShardSet`: every shard of one or more manifests, checked against the model before any compute, read as one
  concatenated, memory-mapped token stream.
- `TokenWindows`: window w = tokens [w * seq_len, w * seq_len + seq_len + 1) of that stream (inputs and
  next-token targets). Every k-th window (k = round(1 / val_fraction)) is held out for validation, so the
  validation set samples every shard and source instead of only the last one.
- `SampleOrder`: training position p -> window, a pure function of (seed, epoch, seq_len, shard list); the
  position to resume from is one integer, the number of samples consumed.
- `BatchPlan` / `TrainBatches`: a global batch is `samples_per_step` consecutive positions; data-parallel rank r
  reads the r-th contiguous slice of it, in micro-batches (gradient accumulation).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from tokenizer.shards import ShardFormatError, TokenShard, file_sha256, load_manifest
from trainer_bridge.shuffle import KeyedPermutation


class DataConfigError(ValueError):
    """The shards cannot feed this model or this batch shape (raised before any compute)."""


class ShardSet:
    def __init__(self, directories: list[str], vocab_size: int, tokenizer_sha256: str | None = None,
                 verify_checksums: bool = False):
        if not directories:
            raise DataConfigError("no token-shard directories given")
        self.shards: list[TokenShard] = []
        self.identity: list[dict] = []  # what the sample order depends on
        special_ids = set()
        for directory in directories:
            if not os.path.isdir(directory):
                raise DataConfigError(
                    f"data.paths: {directory} does not exist. `make demo` writes its shards to out/demo/tokens and "
                    "`--source all` to <output>/tokens; encode-shards writes them to its --output. Point the trainer "
                    f"at them with --set data.paths=[DIR]")
            manifest = load_manifest(directory)
            _check_tokenizer(directory, manifest, vocab_size, tokenizer_sha256)
            _check_bos_convention(directory, manifest)
            special_ids.add((manifest["bos_id"], manifest["eos_id"]))
            for entry in manifest.get("shards", []):
                shard = _open_shard(directory, entry, manifest, verify_checksums)
                if len(shard) and shard.tokens[0] != manifest["bos_id"]:
                    raise ShardFormatError(f"{directory}/{entry['name']}: the first document starts with token "
                                           f"{shard.tokens[0]}, not BOS {manifest['bos_id']} as the manifest says")
                self.shards.append(shard)
                self.identity.append({"name": entry["name"], "tokens": shard.num_tokens,
                                      "bin_sha256": entry.get("bin_sha256")})
        if len(special_ids) > 1:
            raise DataConfigError(f"the manifests disagree on (bos_id, eos_id): {sorted(special_ids)}")
        # What the export declares (config.json, generation_config.json): the ids training saw.
        self.bos_id, self.eos_id = special_ids.pop()
        self.vocab_size = vocab_size
        self.starts = np.cumsum([0] + [s.num_tokens for s in self.shards], dtype=np.int64)
        self.total_tokens = int(self.starts[-1])
        if self.total_tokens == 0:
            raise DataConfigError(f"the shards in {directories} hold no tokens")

    def read(self, start: int, length: int) -> np.ndarray:
        """Tokens [start, start + length) of the concatenated stream, as int64 (crossing shard boundaries)."""
        if start < 0 or start + length > self.total_tokens:
            raise IndexError(f"tokens [{start}, {start + length}) outside the stream of {self.total_tokens}")
        out = np.empty(length, dtype=np.int64)
        filled = 0
        index = int(np.searchsorted(self.starts, start, side="right")) - 1
        while filled < length:
            shard = self.shards[index]
            offset = start + filled - int(self.starts[index])
            take = min(length - filled, shard.num_tokens - offset)
            out[filled:filled + take] = shard.tokens[offset:offset + take]
            filled += take
            index += 1
        top = int(out.max())
        if top >= self.vocab_size:
            raise ShardFormatError(f"token id {top} >= vocab size {self.vocab_size} in tokens [{start}, "
                                   f"{start + length}) of the stream: shards and manifest disagree")
        return out


def _check_tokenizer(directory: str, manifest: dict, vocab_size: int, tokenizer_sha256: str | None) -> None:
    tokenizer = manifest.get("tokenizer") or {}
    if tokenizer.get("vocab_size") != vocab_size:
        raise DataConfigError(f"{directory}: shards were tokenized with vocab size {tokenizer.get('vocab_size')}, "
                              f"the model has model.vocab_size {vocab_size}; train on them with "
                              f"--set model.vocab_size={tokenizer.get('vocab_size')}")
    if tokenizer_sha256 is not None and tokenizer.get("sha256") != tokenizer_sha256:
        raise DataConfigError(f"{directory}: shards were tokenized with tokenizer sha256 {tokenizer.get('sha256')}, "
                              f"data.tokenizer has sha256 {tokenizer_sha256}")


def _check_bos_convention(directory: str, manifest: dict) -> None:
    """LLaMA's convention (notes: shards hold <s> doc </s>): the trainer reads tokens as they are and adds no BOS,
    and the export's tokenizer adds BOS at inference, so shards without BOS would train on a start the model
    never sees in use."""
    if manifest.get("bos") is not True or manifest.get("eos") is not True or \
            not isinstance(manifest.get("bos_id"), int) or not isinstance(manifest.get("eos_id"), int):
        raise DataConfigError(f"{directory}: the manifest does not declare BOS + tokens + EOS per document "
                              f"(\"bos\": true, \"eos\": true, bos_id, eos_id); these shards were written "
                              f"by an older encode-shards: re-encode them")


def _stored_back_to_back(shard: TokenShard, block: int = 1 << 20) -> bool:
    """Every document starts where the previous one ended. Checked a block of documents at a time, so opening a shard
    costs bounded memory however many documents its memory-mapped index holds."""
    itemsize, offset = shard.dtype.itemsize, 0
    for lo in range(0, len(shard), block):
        lengths = np.asarray(shard.lengths[lo:lo + block], dtype=np.int64)
        expected = offset + np.concatenate(([0], np.cumsum(lengths[:-1]))) * itemsize
        if not np.array_equal(np.asarray(shard.pointers[lo:lo + block], dtype=np.int64), expected):
            return False
        offset = int(expected[-1] + lengths[-1] * itemsize)
    return True


def _open_shard(directory: str, entry: dict, manifest: dict, verify_checksums: bool) -> TokenShard:
    prefix = os.path.join(directory, entry["name"])
    shard = TokenShard(prefix)  # raises ShardFormatError for missing or truncated files
    if manifest.get("dtype") and np.dtype(manifest["dtype"]) != shard.dtype:
        raise ShardFormatError(f"{prefix}.idx: dtype {shard.dtype}, the manifest says {manifest['dtype']}")
    if shard.num_tokens != entry.get("tokens") or len(shard) != entry.get("documents"):
        raise ShardFormatError(f"{prefix}: {shard.num_tokens} tokens / {len(shard)} documents on disk, the manifest "
                               f"lists {entry.get('tokens')} / {entry.get('documents')} (truncated or replaced?)")
    if not _stored_back_to_back(shard):
        raise ShardFormatError(f"{prefix}.idx: documents are not stored back to back; cannot read it as a stream")
    if verify_checksums:
        for suffix, key in ((".bin", "bin_sha256"), (".idx", "idx_sha256")):
            if file_sha256(prefix + suffix) != entry.get(key):
                raise ShardFormatError(f"{prefix}{suffix}: sha256 differs from the manifest's {key}")
    return shard


class TokenWindows:
    def __init__(self, shards: ShardSet, seq_len: int, val_fraction: float):
        self.shards, self.seq_len = shards, seq_len
        self.n_windows = (shards.total_tokens - 1) // seq_len
        if self.n_windows < 1:
            raise DataConfigError(f"the shards hold {shards.total_tokens} tokens, fewer than one window of "
                                  f"seq_len + 1 = {seq_len + 1}")
        self.stride = round(1 / val_fraction) if val_fraction > 0 else 0  # every stride-th window is held out
        self.n_val = self.n_windows // self.stride if self.stride else 0
        self.n_train = self.n_windows - self.n_val

    def train_window(self, j: np.ndarray) -> np.ndarray:
        if not self.stride:
            return j
        return (j // (self.stride - 1)) * self.stride + j % (self.stride - 1)

    def val_window(self, v: np.ndarray) -> np.ndarray:
        return v * self.stride + self.stride - 1

    def read(self, windows: np.ndarray) -> np.ndarray:
        """(len(windows), seq_len + 1) int64 tokens."""
        return np.stack([self.shards.read(int(w) * self.seq_len, self.seq_len + 1) for w in windows])

    def fingerprint(self, seed: int) -> str:
        """Identity of the sample order: a checkpoint's samples-consumed counter only means something under it."""
        return _sha256_json({"seed": seed, "seq_len": self.seq_len, "stride": self.stride,
                             "shards": self.shards.identity})


class SampleOrder:
    def __init__(self, windows: TokenWindows, seed: int):
        if windows.n_train < 1:
            raise DataConfigError("no training windows left after the validation hold-out")
        self.windows, self.seed = windows, seed
        self._epoch_permutations: dict[int, KeyedPermutation] = {}

    def permutation(self, epoch: int) -> KeyedPermutation:
        if epoch not in self._epoch_permutations:
            key = {"seed": self.seed, "epoch": epoch, "seq_len": self.windows.seq_len,
                   "shards": self.windows.shards.identity}
            self._epoch_permutations = {epoch: KeyedPermutation(self.windows.n_train, _sha256_json(key).encode())}
        return self._epoch_permutations[epoch]

    def windows_at(self, positions: np.ndarray) -> np.ndarray:
        """Training positions (samples consumed so far + offset) -> window indices; positions run across epochs."""
        positions = np.asarray(positions, dtype=np.int64)
        epochs, within = np.divmod(positions, self.windows.n_train)
        out = np.empty_like(positions)
        for epoch in np.unique(epochs):
            mask = epochs == epoch
            out[mask] = self.windows.train_window(self.permutation(int(epoch))(within[mask]))
        return out


@dataclass(frozen=True)
class BatchPlan:
    seq_len: int
    samples_per_step: int  # global batch, in sequences
    micro_batch_size: int
    world_size: int

    @property
    def samples_per_rank(self) -> int:
        return self.samples_per_step // self.world_size

    @property
    def accumulation_steps(self) -> int:
        return self.samples_per_rank // self.micro_batch_size

    @property
    def tokens_per_step(self) -> int:
        return self.samples_per_step * self.seq_len

    @classmethod
    def create(cls, global_batch_tokens: int, seq_len: int, micro_batch_size: int, world_size: int) -> "BatchPlan":
        if global_batch_tokens % seq_len:
            raise DataConfigError(f"train.global_batch_tokens {global_batch_tokens} is not a multiple of "
                                  f"data.seq_len {seq_len}")
        samples = global_batch_tokens // seq_len
        unit = micro_batch_size * world_size
        if samples % unit:
            raise DataConfigError(
                f"a global batch of {samples} sequences cannot be split into micro-batches of {micro_batch_size} "
                f"on {world_size} ranks: make global_batch_tokens a multiple of {unit * seq_len}")
        return cls(seq_len, samples, micro_batch_size, world_size)

    def check_fits(self, windows: TokenWindows) -> None:
        if self.samples_per_step > windows.n_train:
            raise DataConfigError(
                f"one step needs {self.tokens_per_step} tokens ({self.samples_per_step} windows of {self.seq_len}) "
                f"but the shards give only {windows.n_train} training windows ({windows.shards.total_tokens} "
                f"tokens): lower train.global_batch_tokens or add data")


class TrainBatches:
    """Micro-batches of one rank for the step that starts after `samples_consumed` samples."""

    def __init__(self, windows: TokenWindows, order: SampleOrder, plan: BatchPlan, rank: int):
        self.windows, self.order, self.plan, self.rank = windows, order, plan, rank

    def micro_batches(self, samples_consumed: int) -> Iterator[np.ndarray]:
        first = samples_consumed + self.rank * self.plan.samples_per_rank
        mb = self.plan.micro_batch_size
        for m in range(self.plan.accumulation_steps):
            positions = np.arange(first + m * mb, first + (m + 1) * mb)
            yield self.windows.read(self.order.windows_at(positions))


def validation_batches(windows: TokenWindows, samples: int, micro_batch_size: int, rank: int,
                       world_size: int) -> Iterator[np.ndarray]:
    """The first `samples` held-out windows in fixed order, split into equal contiguous slices per rank (every rank
    must run the same number of forwards under FSDP), rounded down to whole micro-batches."""
    unit = micro_batch_size * world_size
    usable = min(samples, windows.n_val) // unit * unit
    per_rank = usable // world_size
    for start in range(rank * per_rank, (rank + 1) * per_rank, micro_batch_size):
        yield windows.read(windows.val_window(np.arange(start, start + micro_batch_size)))


def _sha256_json(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()

"""Everything about the inputs that can be wrong, checked before the process group, the model or a GPU are
touched: shards vs model (vocab, tokenizer, missing / truncated files), batch shape vs data, resume checkpoint vs
sample order, Hugging Face init weights vs model shape."""
from __future__ import annotations

import os
from dataclasses import dataclass

from tokenizer.shards import file_sha256
from trainer_bridge.checkpoint import latest_checkpoint, read_train_state
from trainer_bridge.config import Config
from trainer_bridge.data import BatchPlan, DataConfigError, SampleOrder, ShardSet, TokenWindows
from trainer_bridge.hf import check_compatible, read_hf_args


@dataclass
class Data:
    windows: TokenWindows
    order: SampleOrder
    plan: BatchPlan
    fingerprint: str
    eval_samples: int


def open_data(cfg: Config, world_size: int, rank: int = 0) -> Data:
    """Open and check the shards against the model and the batch shape (no compute, no process group).
    Checksums are verified by rank 0 only: its failure ends the whole torchrun job, and N ranks re-reading
    terabytes would only repeat the same answer."""
    tokenizer_sha = None
    if cfg.data.tokenizer is not None:
        if not os.path.exists(cfg.data.tokenizer):
            raise DataConfigError(f"data.tokenizer {cfg.data.tokenizer} does not exist")
        tokenizer_sha = file_sha256(cfg.data.tokenizer)
    verify = cfg.data.verify_checksums and rank == 0
    shards = ShardSet(cfg.data.paths, cfg.model.vocab_size, tokenizer_sha, verify)
    windows = TokenWindows(shards, cfg.data.seq_len, cfg.data.val_fraction)
    plan = BatchPlan.create(cfg.train.global_batch_tokens, cfg.data.seq_len, cfg.train.micro_batch_size, world_size)
    plan.check_fits(windows)
    unit = cfg.train.micro_batch_size * world_size
    eval_samples = min(cfg.eval.samples, windows.n_val) // unit * unit
    if cfg.eval.samples and not eval_samples:
        raise DataConfigError(f"eval.samples {cfg.eval.samples}: only {windows.n_val} held-out windows, fewer than "
                              f"one micro-batch per rank ({unit}); raise data.val_fraction or set eval.samples: 0")
    return Data(windows, SampleOrder(windows, cfg.data.seed), plan, windows.fingerprint(cfg.data.seed), eval_samples)


def resume_path(cfg: Config, data: Data) -> str | None:
    """The checkpoint to resume from, checked against this run's sample order (before any compute)."""
    resume = cfg.checkpoint.resume
    if resume == "none":
        return None
    if resume == "auto":
        path = latest_checkpoint(cfg.checkpoint_dir) if os.path.isdir(cfg.checkpoint_dir) else None
    else:
        path = resume
    if path is None:
        return None
    state = read_train_state(path)
    if state["fingerprint"] != data.fingerprint:
        raise DataConfigError(f"{path} was trained on another sample order (data.seed, data.seq_len, "
                              f"data.val_fraction or the shards changed): its samples-consumed count would point "
                              f"elsewhere. Set checkpoint.dir (or checkpoint.resume: none) to start over.")
    return path


def check_init_weights(cfg: Config, resume_from: str | None) -> None:
    if cfg.checkpoint.init_from_hf and resume_from is None:
        check_compatible(cfg.model, read_hf_args(cfg.checkpoint.init_from_hf))


def check_parallel(cfg: Config, world_size: int) -> None:
    shard = cfg.parallel.shard_size
    if shard is not None and world_size % shard:
        raise ValueError(f"parallel.shard_size {shard} does not divide the {world_size} ranks: HSDP needs whole shard "
                         f"groups (e.g. {shard} GPUs = {max(1, shard // 8)} node(s) of 8 per group)")

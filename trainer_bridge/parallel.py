"""Process group, device, and the wrappers that scale the plain model: activation checkpointing, torch.compile
and FSDP2 (`fully_shard`), applied in that order per transformer block (as torchtitan does).

Data parallelism is FSDP over all ranks or HSDP (`parallel.shard_size`: shard inside groups, replicate across
them). Seam for tensor/sequence parallelism: a TP stage would add a "tp" mesh dimension and run
`parallelize_module` over each block's wq/wk/wv/wo/w1/w2/w3 before `apply_activation_checkpointing`, with
`fully_shard` then taking the data-parallel sub-mesh.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.algorithms._checkpoint.checkpoint_wrapper import checkpoint_wrapper
from torch.distributed.device_mesh import DeviceMesh, init_device_mesh
from torch.distributed.fsdp import FSDPModule, MixedPrecisionPolicy, fully_shard
from torch.utils.checkpoint import CheckpointPolicy, create_selective_checkpoint_contexts

from trainer_bridge.model import Transformer


@dataclass(frozen=True)
class DistEnv:
    rank: int
    world_size: int
    local_rank: int
    device: torch.device

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def world_size_from_env() -> int:
    """The data-parallel size torchrun will give us, known before the process group exists (for validation)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def resolve_device_type(preference: str) -> str:
    if preference == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if preference == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("runtime.device is cuda but no CUDA device is visible")
    return preference


def init_distributed(device_type: str, timeout_minutes: float | None = None) -> DistEnv:
    """Join torchrun's process group (env://), or make a one-process group when run without torchrun, so that
    one code path (FSDP, DCP) serves 1 and N processes alike. `timeout_minutes` bounds every collective
    (parallel.timeout_minutes): long enough for a checkpoint save of the largest model, short enough that a hung
    rank ends the job."""
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if device_type == "cuda":
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    backend = "nccl" if device_type == "cuda" else "gloo"
    if not dist.is_initialized():
        extra = {"timeout": timedelta(minutes=timeout_minutes)} if timeout_minutes else {}
        if "WORLD_SIZE" in os.environ:
            if device_type == "cuda":
                extra["device_id"] = device
            dist.init_process_group(backend, **extra)
        else:
            dist.init_process_group(backend, store=dist.HashStore(), rank=0, world_size=1, **extra)
    return DistEnv(dist.get_rank(), dist.get_world_size(), local_rank, device)


def shutdown_distributed() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()


# Selective activation checkpointing keeps, per block, what is expensive to recompute and cheap to hold: the
# attention kernel's outputs (output + log-sum-exp: recomputing attention costs O(seq^2)) and the output
# projection's (wo) output, so that the residual stream h = x + wo(attention) is rebuilt by an add. Everything
# else is recomputed in the backward: the norms, rotary, SiLU * gate, and the q/k/v and SwiGLU gate/up
# matmuls. Saved per token per block: 6 x dim + 4 x heads bytes, against 20 x dim + 4 x kv_dim + 8 x ffn_dim
# bytes without checkpointing (trainer_bridge.estimate.saved_bytes_per_token; measured in the README).
_ATTENTION_OPS = {
    torch.ops.aten._scaled_dot_product_flash_attention.default,
    torch.ops.aten._scaled_dot_product_efficient_attention.default,
    torch.ops.aten._scaled_dot_product_cudnn_attention.default,
    torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default,
}
_MATMUL_OPS = {torch.ops.aten.mm.default, torch.ops.aten.addmm.default}
# A block's forward runs its matmuls in this order: wq, wk, wv, wo, w1, w3, w2 (model.TransformerBlock).
_MATMULS_PER_BLOCK, _SAVED_MATMULS = 7, {3}


def _selective_policy():
    """A policy for one checkpointed call of a block (forward and recompute count their matmuls separately)."""
    counts = {True: 0, False: 0}

    def policy(ctx, op, *args, **kwargs) -> CheckpointPolicy:
        if op in _ATTENTION_OPS:
            return CheckpointPolicy.MUST_SAVE
        if op in _MATMUL_OPS:
            index = counts[ctx.is_recompute] % _MATMULS_PER_BLOCK
            counts[ctx.is_recompute] += 1
            if index in _SAVED_MATMULS:
                return CheckpointPolicy.MUST_SAVE
        return CheckpointPolicy.PREFER_RECOMPUTE

    return policy


def _selective_contexts():
    return create_selective_checkpoint_contexts(_selective_policy())


def apply_activation_checkpointing(model: Transformer, mode: str) -> None:
    if mode == "none":
        return
    for index, block in enumerate(model.layers):
        if mode == "full":
            wrapped = checkpoint_wrapper(block, preserve_rng_state=False)
        else:
            wrapped = checkpoint_wrapper(block, preserve_rng_state=False, context_fn=_selective_contexts)
        model.layers[index] = wrapped


def apply_compile(model: Transformer) -> None:
    # Per block: every block has the same graph, so one compilation serves all; `Module.compile` keeps names.
    for block in model.layers:
        block.compile(fullgraph=True)


def apply_fsdp(model: Transformer, mesh: DeviceMesh, compute_dtype: torch.dtype) -> None:
    """Shard parameters over `mesh` (1-D: FSDP; 2-D ("replicate", "shard"): HSDP); compute in `compute_dtype`,
    keep fp32 master weights and reduce gradients in fp32. Units: each block, the embedding, the output head, and
    the root (the final norm): FSDP gathers one unit at a time and prefetches the next while one computes, so the
    vocabulary-sized embedding and head are never gathered together with each other or with a block."""
    mp = MixedPrecisionPolicy(param_dtype=compute_dtype, reduce_dtype=torch.float32)
    fully_shard(model.tok_embeddings, mesh=mesh, mp_policy=mp)
    last = len(model.layers) - 1
    for index, block in enumerate(model.layers):
        # The last block and the head run last in the forward and first in the backward: resharding them in
        # between would only gather them again at once.
        fully_shard(block, mesh=mesh, mp_policy=mp, reshard_after_forward=index < last)
    fully_shard(model.output, mesh=mesh, mp_policy=mp, reshard_after_forward=False)
    fully_shard(model, mesh=mesh, mp_policy=mp)


def build_mesh(env: DistEnv, shard_size: int | None) -> DeviceMesh:
    """FSDP over all ranks, or HSDP: shard within groups of `shard_size` consecutive ranks (torchrun numbers a
    node's ranks consecutively, so a group of gpus_per_node is one node) and replicate across the groups."""
    shard = shard_size or env.world_size
    if env.world_size % shard:
        raise ValueError(f"parallel.shard_size {shard} does not divide the {env.world_size} ranks")
    if shard == env.world_size:
        return init_device_mesh(env.device.type, (env.world_size,), mesh_dim_names=("shard",))
    return init_device_mesh(env.device.type, (env.world_size // shard, shard), mesh_dim_names=("replicate", "shard"))


def set_gradient_sync(model: nn.Module, grad_sync: str, last_micro_batch: bool) -> None:
    """Before each micro-batch's backward (trainer_bridge.estimate explains when each mode pays):
    `defer_replica` skips HSDP's cross-replica all-reduce until the last micro-batch (gradients stay sharded);
    `defer_all` skips every gradient collective until then (unsharded fp32 gradients accumulate)."""
    if not isinstance(model, FSDPModule) or grad_sync == "every":
        return
    if grad_sync == "defer_replica":
        model.set_requires_all_reduce(last_micro_batch)
    elif grad_sync == "defer_all":
        model.set_requires_gradient_sync(last_micro_batch)
    else:
        raise ValueError(f"grad_sync {grad_sync!r}: every | defer_replica | defer_all")


def parallelize(model: Transformer, env: DistEnv, activation_checkpointing: str, compile_blocks: bool,
                compute_dtype: torch.dtype, shard_size: int | None = None) -> nn.Module:
    mesh = build_mesh(env, shard_size)
    apply_activation_checkpointing(model, activation_checkpointing)
    if compile_blocks:
        apply_compile(model)
    apply_fsdp(model, mesh, compute_dtype)
    return model

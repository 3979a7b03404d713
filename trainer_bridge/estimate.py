"""Before launching: will a config fit in GPU memory, and is it communication-bound? Arithmetic only (no torch
device, no process group); the trainer prints it at start and `python -m trainer_bridge.estimate` prints it for
any config and cluster shape:

    python -m trainer_bridge.estimate --config configs/train/llama1_65b.yaml --nodes 8 --gpus-per-node 8

Memory per GPU (bytes), FSDP2 with bf16 compute and fp32 master weights / gradient reduction:
- sharded training state: 16 bytes/parameter / shard_size (fp32 weights 4, fp32 gradients 4, AdamW moments 8);
- `defer_all` gradient sync keeps every gradient unsharded in fp32 until the last micro-batch: + 4 bytes/parameter;
- gathered units: the FSDP unit computing and the one prefetched (bf16), plus one unit's bf16 gradients and their
  fp32 copy for the reduce-scatter: 10 bytes x the largest unit's parameters;
- activations of one micro-batch of T = micro_batch x seq_len tokens: what each block keeps for its backward
  (`saved_bytes_per_token`, counted op by op for this model and checked against autograd's saved tensors in
  tests/test_trainer_estimate.py), plus one block's full working set while its backward runs, plus the output
  head (bf16 logits, fp32 log-softmax, fp32 gradient: 10 bytes x vocab per token).
A config fits when that total is below 90% of the GPU's memory (the rest: CUDA context, NCCL buffers, allocator
fragmentation).

Communication per GPU, ring collectives (each GPU moves (n - 1) / n of the buffer): per micro-batch two bf16
all-gathers of the weights (forward, and backward after resharding) and one fp32 reduce-scatter of the gradients
over the shard group; with HSDP one fp32 all-reduce of the gradient shard over the replicas. Inside a node the
links run at `cluster.intra_node_gbps`, across nodes at `cluster.inter_node_gbps` (GB/s per GPU). Compute time is
FLOPs / (peak x cluster.assumed_mfu), recomputation included. FSDP overlaps the two, so a step takes about the
larger: communication above compute means the config is communication-bound.

Gradient sync during accumulation (`parallel.grad_sync`):
- `every`: reduce-scatter (and the HSDP all-reduce) after every micro-batch.
- `defer_replica` (HSDP): the cross-node all-reduce only after the last micro-batch; the reduce-scatter inside the
  shard group still runs per micro-batch, so gradients stay sharded: no memory cost. Pays whenever there are
  replicas and more than one micro-batch.
- `defer_all`: no gradient communication until the last micro-batch, but every rank holds the whole model's fp32
  gradients (4 bytes/parameter): pays only for models small enough for that, when communication is exposed.
- `auto`: the fastest estimated of those that fit (ties: less memory, then less traffic).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from pipeline.cli import StrictParser
from trainer_bridge.config import Config, ConfigError, load_config
from trainer_bridge.data import BatchPlan, DataConfigError
from trainer_bridge.metrics import flops_per_token
from trainer_bridge.model import ModelArgs, count_parameters

BF16, FP32 = 2, 4
GIB = 2**30
USABLE_MEMORY_FRACTION = 0.9
GRAD_SYNC_MODES = ("every", "defer_replica", "defer_all")


@dataclass(frozen=True)
class Cluster:
    gpus_per_node: int
    gpu_memory_gib: float = 80.0
    intra_node_gbps: float = 300.0
    inter_node_gbps: float = 45.0
    peak_flops: float = 989e12  # H100 SXM dense bf16
    assumed_mfu: float = 0.5


@dataclass(frozen=True)
class Layout:
    world_size: int
    shard_size: int
    micro_batch: int
    seq_len: int
    accumulation: int  # micro-batches per optimizer step on each rank
    activation_checkpointing: str  # none | selective | full

    def __post_init__(self):
        if self.world_size % self.shard_size:
            raise ValueError(f"parallel.shard_size {self.shard_size} does not divide the {self.world_size} ranks")

    @property
    def replicas(self) -> int:
        return self.world_size // self.shard_size

    @property
    def tokens(self) -> int:
        return self.micro_batch * self.seq_len


def saved_bytes_per_token(args: ModelArgs, activation_checkpointing: str) -> int:
    """Bytes one transformer block keeps per token for its backward, bf16 compute (trainer_bridge.model; counted
    from autograd's saved tensors in tests/test_trainer_estimate.py):
    - none: each RMSNorm keeps its fp32 input, fp32 inverse RMS, bf16 normalized and bf16 scaled output
      (8 dim + 4, twice); attention keeps bf16 q, k, v, its output (4 dim + 4 kv_dim) and an fp32 log-sum-exp per
      head; the SwiGLU keeps gate, SiLU(gate), up and their product (4 x 2 ffn_dim). Rotary keeps nothing (its
      cos / sin are constants) and the output projection reads attention's output in place.
    - selective (parallel._selective_policy): the block input, attention's output and log-sum-exp and the output
      projection's output (6 dim + 4 heads); everything else is recomputed in the backward.
    - full: the block input only (2 dim).
    """
    d, kv, h, heads = args.dim, args.kv_heads * args.head_dim, args.hidden_dim, args.n_heads
    if activation_checkpointing == "full":
        return BF16 * d
    if activation_checkpointing == "selective":
        return 3 * BF16 * d + FP32 * heads
    if activation_checkpointing == "none":
        norms = 2 * (FP32 * d + FP32 + 2 * BF16 * d)
        attention = BF16 * (2 * d + 2 * kv) + FP32 * heads
        return norms + attention + 4 * BF16 * h
    raise ValueError(f"activation checkpointing {activation_checkpointing!r}: none | selective | full")


def head_bytes_per_token(args: ModelArgs) -> int:
    """The output head's working set per token: bf16 logits, fp32 log-softmax, fp32 gradient of the logits."""
    return (BF16 + FP32 + FP32) * args.vocab_size


def largest_unit_parameters(args: ModelArgs) -> int:
    """FSDP units: each block, the embedding, the output head (trainer_bridge.parallel.apply_fsdp)."""
    counts = count_parameters(args)
    block = (counts["non_embedding"] - args.vocab_size * args.dim - args.dim) // args.n_layers
    return max(block, args.vocab_size * args.dim)


def memory_per_gpu(args: ModelArgs, layout: Layout, grad_sync: str) -> dict[str, float]:
    """Bytes per GPU by component, and their total."""
    params = count_parameters(args)["total"]
    activations = layout.tokens * (args.n_layers * saved_bytes_per_token(args, layout.activation_checkpointing)
                                   + saved_bytes_per_token(args, "none") + head_bytes_per_token(args))
    parts = {
        "sharded_state": 16 * params / layout.shard_size,
        "unsharded_grads": FP32 * params if grad_sync == "defer_all" else 0,
        "gathered_units": 10 * largest_unit_parameters(args),
        "activations": activations,
    }
    parts["total"] = sum(parts.values())
    return parts


def recomputed_flops_per_token(args: ModelArgs, activation_checkpointing: str, seq_len: int) -> float:
    """Forward FLOPs the backward repeats: full recomputes each block's forward (matmuls and attention); selective
    recomputes the q/k/v projections and the SwiGLU's gate and up projections."""
    d, kv, h = args.dim, args.kv_heads * args.head_dim, args.hidden_dim
    if activation_checkpointing == "none":
        return 0.0
    if activation_checkpointing == "selective":
        return args.n_layers * 2 * (d * d + 2 * d * kv + 2 * d * h)
    block_matmul = 2 * d * d + 2 * d * kv + 3 * d * h
    return args.n_layers * (2 * block_matmul + 4 * d * seq_len)


def step_estimate(args: ModelArgs, layout: Layout, cluster: Cluster, grad_sync: str) -> dict[str, float]:
    """Seconds per optimizer step: compute, communication, and which one bounds the step."""
    params = count_parameters(args)["total"]
    shard, replicas = layout.shard_size, layout.replicas
    shard_gbps = cluster.intra_node_gbps if shard <= cluster.gpus_per_node else cluster.inter_node_gbps
    world_gbps = cluster.intra_node_gbps if layout.world_size <= cluster.gpus_per_node else cluster.inter_node_gbps
    ring_shard = (shard - 1) / shard
    all_gathers = 2 * BF16 * params * ring_shard  # forward + backward (resharded after the forward)
    reduce_scatter = FP32 * params * ring_shard
    all_reduce = 2 * FP32 * params / shard * (replicas - 1) / replicas  # HSDP: the gradient shard across replicas
    micro, last = layout.accumulation - 1, 1  # the last micro-batch always syncs
    per_step_bytes = {
        "every": (all_gathers + reduce_scatter, all_reduce),
        "defer_replica": (all_gathers + reduce_scatter, 0.0),
        "defer_all": (all_gathers, 0.0),
    }[grad_sync]
    shard_bytes = micro * per_step_bytes[0] + last * (all_gathers + reduce_scatter)
    replica_bytes = micro * per_step_bytes[1] + last * all_reduce
    comm = shard_bytes / (shard_gbps * 1e9) + replica_bytes / (world_gbps * 1e9)
    flops = flops_per_token(args, layout.seq_len) + recomputed_flops_per_token(
        args, layout.activation_checkpointing, layout.seq_len)
    compute = flops * layout.tokens * layout.accumulation / (cluster.peak_flops * cluster.assumed_mfu)
    return {"compute_s": compute, "comm_s": comm, "step_s": max(compute, comm), "comm_bytes": shard_bytes
            + replica_bytes, "comm_over_compute": comm / compute}


def fits(memory: dict[str, float], cluster: Cluster) -> bool:
    return memory["total"] <= USABLE_MEMORY_FRACTION * cluster.gpu_memory_gib * GIB


def choose_grad_sync(args: ModelArgs, layout: Layout, cluster: Cluster, requested: str) -> str:
    """`requested`, or for auto the fastest estimated mode that fits (ties: less memory, then less traffic)."""
    if requested != "auto":
        return requested
    candidates = [m for m in GRAD_SYNC_MODES if m != "defer_replica" or layout.replicas > 1]
    fitting = [m for m in candidates if fits(memory_per_gpu(args, layout, m), cluster)] or ["every"]
    def cost(mode: str) -> tuple:
        step = step_estimate(args, layout, cluster, mode)
        return round(step["step_s"], 6), memory_per_gpu(args, layout, mode)["total"], step["comm_s"]

    return min(fitting, key=cost)


def report(args: ModelArgs, layout: Layout, cluster: Cluster, grad_sync: str) -> str:
    memory = memory_per_gpu(args, layout, grad_sync)
    step = step_estimate(args, layout, cluster, grad_sync)
    nodes = -(-layout.world_size // cluster.gpus_per_node)
    kind = "HSDP" if layout.replicas > 1 else "FSDP"
    bound = "COMMUNICATION-BOUND" if step["comm_s"] > step["compute_s"] else "compute-bound"
    budget = USABLE_MEMORY_FRACTION * cluster.gpu_memory_gib
    verdict = "fits" if fits(memory, cluster) else "DOES NOT FIT"
    gib = {k: v / GIB for k, v in memory.items()}
    return "\n".join([
        f"estimate: {layout.world_size} GPUs ({nodes} node(s) x {cluster.gpus_per_node}), {kind} "
        f"{layout.replicas} replica(s) x shard {layout.shard_size}, micro-batch {layout.micro_batch} x "
        f"{layout.seq_len}, {layout.accumulation} micro-batch(es)/step, activation checkpointing "
        f"{layout.activation_checkpointing}, grad sync {grad_sync}",
        f"  memory/GPU {gib['total']:.1f} GiB ({verdict} in {budget:.0f} of {cluster.gpu_memory_gib:.0f}): "
        f"sharded state {gib['sharded_state']:.1f}, unsharded grads {gib['unsharded_grads']:.1f}, gathered units "
        f"{gib['gathered_units']:.1f}, activations {gib['activations']:.1f}",
        f"  step: compute {step['compute_s']:.2f} s (at {cluster.assumed_mfu:.0%} of "
        f"{cluster.peak_flops / 1e12:.0f} TFLOP/s), communication {step['comm_s']:.2f} s "
        f"({step['comm_bytes'] / 1e9:.0f} GB/GPU at {cluster.intra_node_gbps:.0f} GB/s in-node, "
        f"{cluster.inter_node_gbps:.0f} GB/s across nodes): comm/compute {step['comm_over_compute']:.2f}, {bound}",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = StrictParser(prog="python -m trainer_bridge.estimate", description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--gpus-per-node", type=int, default=8)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE")
    parser.add_argument("--peak-flops", type=float, default=Cluster.peak_flops)
    opts = parser.parse_args(argv)
    try:
        cfg = load_config(opts.config, opts.set)
        world = opts.nodes * opts.gpus_per_node
        plan = BatchPlan.create(cfg.train.global_batch_tokens, cfg.data.seq_len, cfg.train.micro_batch_size, world)
        layout = Layout(world, cfg.parallel.shard_size or world, cfg.train.micro_batch_size, cfg.data.seq_len,
                        plan.accumulation_steps, cfg.runtime.activation_checkpointing)
    except (ConfigError, DataConfigError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    cluster = cluster_from_config(cfg, opts.gpus_per_node, opts.peak_flops)
    grad_sync = choose_grad_sync(cfg.model, layout, cluster, cfg.parallel.grad_sync)
    print(report(cfg.model, layout, cluster, grad_sync))
    return 0


def cluster_from_config(cfg: Config, gpus_per_node: int, peak_flops: float | None) -> Cluster:
    c = cfg.cluster
    return Cluster(c.gpus_per_node or gpus_per_node, c.gpu_memory_gib, c.intra_node_gbps, c.inter_node_gbps,
                   peak_flops or Cluster.peak_flops, c.assumed_mfu)


if __name__ == "__main__":
    sys.exit(main())

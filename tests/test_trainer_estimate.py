"""trainer_bridge.estimate: the activation bytes it assumes are what autograd really keeps (counted on CPU in bf16),
its memory and communication arithmetic on hand-computed cases, the gradient-sync choice, and the shipped
33B/65B configs fit 80 GB and are compute-bound on their documented cluster shapes."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from trainer_bridge.config import load_config
from trainer_bridge.data import BatchPlan
from trainer_bridge.estimate import (
    GIB,
    Cluster,
    Layout,
    choose_grad_sync,
    fits,
    head_bytes_per_token,
    largest_unit_parameters,
    memory_per_gpu,
    saved_bytes_per_token,
    step_estimate,
)
from trainer_bridge.estimate import main as estimate_main
from trainer_bridge.model import ModelArgs, Transformer, count_parameters
from trainer_bridge.parallel import apply_activation_checkpointing

REPO = Path(__file__).resolve().parents[1]
ARGS = ModelArgs(dim=128, n_layers=1, n_heads=8, n_kv_heads=4, ffn_dim=352, vocab_size=512, max_seq_len=256)


def bf16_block(mode: str) -> Transformer:
    model = Transformer(ARGS)
    model.init_weights(0)
    model.to(torch.bfloat16).reset_rotary()
    apply_activation_checkpointing(model, mode)
    return model


def test_no_checkpointing_keeps_exactly_the_counted_bytes():
    """Every tensor autograd saves in one block's forward (except weights, the input and the rotary tables)."""
    model, tokens = bf16_block("none"), 96
    x = torch.randn(2, tokens // 2, ARGS.dim, dtype=torch.bfloat16, requires_grad=True)
    excluded = {t.untyped_storage().data_ptr() for t in [x, model.rope_cos, model.rope_sin, *model.parameters()]}
    saved = {}

    def pack(tensor):
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in excluded:
            saved[storage.data_ptr()] = storage.nbytes()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        model.layers[0](x, model.rope_cos[:tokens // 2], model.rope_sin[:tokens // 2])
    assert sum(saved.values()) == tokens * saved_bytes_per_token(ARGS, "none")


@pytest.mark.parametrize("mode", ["none", "selective", "full"])
def test_live_activation_bytes_after_the_forward_match_the_estimate(mode):
    """Bytes alive after a block's forward = what it saved + its output, for every checkpointing mode (the
    selective policy's cache included): a live-tensor tracker over the dispatcher."""
    mem_tracker = pytest.importorskip("torch.distributed._tools.mem_tracker")
    model, tokens = bf16_block(mode), 96
    x = torch.randn(2, tokens // 2, ARGS.dim, dtype=torch.bfloat16, requires_grad=True)
    tracker = mem_tracker.MemTracker()
    tracker.track_external(model, x)
    with tracker:
        before = tracker.get_tracker_snapshot()[torch.device("cpu")]["Total"]
        out = model.layers[0](x, model.rope_cos[:tokens // 2], model.rope_sin[:tokens // 2])
        after = tracker.get_tracker_snapshot()[torch.device("cpu")]["Total"]
    output = out.numel() * out.element_size()
    input_kept = 2 * ARGS.dim * tokens if mode != "none" else 0  # checkpointing holds the input (x, tracked)
    assert after - before + input_kept == tokens * saved_bytes_per_token(ARGS, mode) + output


def test_selective_saves_memory_between_none_and_full():
    for args in (ARGS, ModelArgs(dim=2048, n_layers=22, n_heads=32, n_kv_heads=4, ffn_dim=5632)):
        none, selective, full = (saved_bytes_per_token(args, m) for m in ("none", "selective", "full"))
        assert full < selective < 0.3 * none


def test_memory_arithmetic_on_a_hand_computed_case():
    args = ModelArgs(dim=1024, n_layers=4, n_heads=8, ffn_dim=2048, vocab_size=1000)
    params = count_parameters(args)["total"]
    layout = Layout(world_size=16, shard_size=8, micro_batch=2, seq_len=512, accumulation=4,
                    activation_checkpointing="full")
    memory = memory_per_gpu(args, layout, "every")
    block = 4 * 1024 * 1024 + 3 * 1024 * 2048 + 2 * 1024  # q, k, v, o + SwiGLU + two norms
    assert largest_unit_parameters(args) == block
    assert memory["sharded_state"] == 16 * params / 8
    assert memory["gathered_units"] == 10 * block
    tokens = 2 * 512
    none_per_token = 2 * (4 * 1024 + 4 + 4 * 1024) + (4 * 1024 + 4 * 1024 + 4 * 8) + 8 * 2048
    assert saved_bytes_per_token(args, "none") == none_per_token
    assert memory["activations"] == tokens * (4 * 2 * 1024 + none_per_token + 10 * 1000)
    assert head_bytes_per_token(args) == 10 * 1000
    assert memory["unsharded_grads"] == 0 and memory_per_gpu(args, layout, "defer_all")["unsharded_grads"] == 4 * params
    assert memory["total"] == sum(v for k, v in memory.items() if k != "total")


def test_communication_arithmetic_on_a_hand_computed_case():
    args = ModelArgs(dim=1024, n_layers=4, n_heads=8, ffn_dim=2048, vocab_size=1000)
    params = count_parameters(args)["total"]
    cluster = Cluster(gpus_per_node=8, intra_node_gbps=100.0, inter_node_gbps=10.0, peak_flops=1e15, assumed_mfu=0.5)
    layout = Layout(world_size=16, shard_size=8, micro_batch=2, seq_len=512, accumulation=4,
                    activation_checkpointing="none")
    shard_traffic = (2 * 2 * params + 4 * params) * 7 / 8  # two bf16 all-gathers + an fp32 reduce-scatter
    replica_traffic = 2 * 4 * params / 8 * 1 / 2  # fp32 all-reduce of the gradient shard over 2 replicas
    every = step_estimate(args, layout, cluster, "every")
    assert every["comm_s"] == pytest.approx(4 * shard_traffic / 100e9 + 4 * replica_traffic / 10e9)
    deferred = step_estimate(args, layout, cluster, "defer_replica")
    assert deferred["comm_s"] == pytest.approx(4 * shard_traffic / 100e9 + replica_traffic / 10e9)
    from trainer_bridge.metrics import flops_per_token

    assert every["compute_s"] == pytest.approx(flops_per_token(args, 512) * 2 * 512 * 4 / 0.5e15)
    # Full checkpointing adds each block's forward again: 2 x block matmuls + attention, per token.
    full = step_estimate(args, Layout(16, 8, 2, 512, 4, "full"), cluster, "every")
    block_matmul = 4 * 1024 * 1024 + 3 * 1024 * 2048
    assert full["compute_s"] - every["compute_s"] == pytest.approx(
        4 * (2 * block_matmul + 4 * 1024 * 512) * 2 * 512 * 4 / 0.5e15)


def test_gradient_sync_choice():
    cluster = Cluster(gpus_per_node=8)
    small = ModelArgs(dim=1024, n_layers=4, n_heads=8, ffn_dim=2048, vocab_size=1000)
    hsdp = Layout(world_size=32, shard_size=8, micro_batch=1, seq_len=128, accumulation=8,
                  activation_checkpointing="none")
    # A small model on a slow link: nothing until the last micro-batch is fastest, and it fits.
    assert choose_grad_sync(small, hsdp, Cluster(gpus_per_node=8, intra_node_gbps=1.0, inter_node_gbps=0.1),
                            "auto") == "defer_all"
    big = ModelArgs(dim=8192, n_layers=80, n_heads=64, norm_eps=1e-5)  # 65B: unsharded fp32 grads cannot fit
    hsdp_big = Layout(world_size=64, shard_size=32, micro_batch=8, seq_len=2048, accumulation=4,
                      activation_checkpointing="full")
    assert not fits(memory_per_gpu(big, hsdp_big, "defer_all"), cluster)
    assert choose_grad_sync(big, hsdp_big, cluster, "auto") == "defer_replica"
    fsdp_big = Layout(world_size=32, shard_size=32, micro_batch=8, seq_len=2048, accumulation=8,
                      activation_checkpointing="full")
    assert choose_grad_sync(big, fsdp_big, cluster, "auto") == "every"
    assert choose_grad_sync(big, fsdp_big, cluster, "defer_all") == "defer_all"  # asked for: kept


@pytest.mark.parametrize("config, nodes", [("llama1_33b", 2), ("llama1_33b", 4), ("llama1_65b", 4),
                                           ("llama1_65b", 8), ("llama1_7b", 1), ("llama1_13b", 1)])
def test_shipped_configs_fit_80_gb_and_are_compute_bound(config, nodes, capsys):
    cfg = load_config(str(REPO / "configs" / "train" / f"{config}.yaml"))
    world = nodes * 8
    plan = BatchPlan.create(cfg.train.global_batch_tokens, cfg.data.seq_len, cfg.train.micro_batch_size, world)
    layout = Layout(world, cfg.parallel.shard_size or world, plan.micro_batch_size, plan.seq_len,
                    plan.accumulation_steps, cfg.runtime.activation_checkpointing)
    cluster = Cluster(gpus_per_node=8)
    grad_sync = choose_grad_sync(cfg.model, layout, cluster, cfg.parallel.grad_sync)
    memory = memory_per_gpu(cfg.model, layout, grad_sync)
    assert fits(memory, cluster), memory["total"] / GIB
    step = step_estimate(cfg.model, layout, cluster, grad_sync)
    assert step["comm_s"] < step["compute_s"], step
    if layout.replicas > 1:
        assert grad_sync == "defer_replica"
    assert estimate_main(["--config", str(REPO / "configs" / "train" / f"{config}.yaml"), "--nodes", str(nodes)]) == 0
    assert "compute-bound" in capsys.readouterr().out


def test_micro_batch_one_65b_was_communication_bound(capsys):
    """The issue's reading of the old config (micro-batch 1, FSDP over 32 GPUs): ~0.5 TB per GPU per micro-batch."""
    config = str(REPO / "configs" / "train" / "llama1_65b.yaml")
    assert estimate_main(["--config", config, "--nodes", "4", "--set", "train.micro_batch_size=1"]) == 0
    assert "COMMUNICATION-BOUND" in capsys.readouterr().out
    big = load_config(config).model
    step = step_estimate(big, Layout(32, 32, 1, 2048, 64, "full"), Cluster(gpus_per_node=8), "every")
    assert step["comm_bytes"] / 64 == pytest.approx(8 * count_parameters(big)["total"] * 31 / 32)

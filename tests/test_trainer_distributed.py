"""Two gloo processes on CPU: FSDP (1 x 2 mesh) and HSDP (2 x 1 mesh: replicate x shard) give the update of one
process for every gradient-sync mode, and Hugging Face weights read by rank 0 alone reach both ranks' shards
(broadcast_from_rank0)."""
from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.distributed.checkpoint.state_dict import StateDictOptions, set_model_state_dict
from torch.distributed.tensor import DTensor

from trainer_bridge.config import OptimConfig
from trainer_bridge.hf import load_hf, save_hf
from trainer_bridge.model import Transformer
from trainer_bridge.optim import build_optimizer
from trainer_bridge.parallel import DistEnv, parallelize
from trainer_bridge.presets import model_args
from trainer_bridge.step import train_step

ARGS = model_args({"preset": "tiny", "vocab_size": 256, "dim": 32, "ffn_dim": 64, "max_seq_len": 32})
LAYOUTS = [(None, "every"), (1, "every"), (1, "defer_replica"), (1, "defer_all"), (2, "defer_all")]
WORLD, MICRO_BATCHES, STEPS = 2, 2, 2


def batches(step: int) -> torch.Tensor:
    """The global batch of a step: WORLD x MICRO_BATCHES micro-batches of 2 sequences of 17 tokens."""
    generator = torch.Generator().manual_seed(step)
    return torch.randint(0, ARGS.vocab_size, (WORLD * MICRO_BATCHES, 2, 17), generator=generator)


def run_steps(model, env_rank: int, world: int, grad_sync: str = "every") -> list[list[float]]:
    optimizer = build_optimizer(model, OptimConfig(lr=1e-2), "cpu")
    per_rank = WORLD * MICRO_BATCHES // world
    out = []
    for step in range(STEPS):
        mine = batches(step)[env_rank * per_rank:(env_rank + 1) * per_rank]
        loss, grad_norm = train_step(model, optimizer, list(mine), per_rank, 1.0, grad_sync)
        out.append([loss.item(), grad_norm.item()])
    return out


def full_weights(model) -> dict[str, torch.Tensor]:
    return {name: (p.full_tensor() if isinstance(p, DTensor) else p).detach().clone()
            for name, p in model.named_parameters()}


def worker(rank: int, port: int, out_dir: str, hf_dir: str) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=WORLD)
    env = DistEnv(rank, WORLD, rank, torch.device("cpu"))
    result = {}
    try:
        for shard_size, grad_sync in LAYOUTS:
            with torch.device("meta"):
                model = Transformer(ARGS)
            parallelize(model, env, "none", False, torch.float32, shard_size)
            model.to_empty(device="cpu")
            model.init_weights(0)
            mesh = model.output.weight.device_mesh
            losses = run_steps(model, rank, WORLD, grad_sync)
            # Sums of these (the losses differ per rank) are compared with one process's.
            loss_sums = torch.tensor([row[0] for row in losses])
            dist.all_reduce(loss_sums)
            weights = full_weights(model)
            result[f"{shard_size}-{grad_sync}"] = {
                "mesh": [list(mesh.mesh.shape), list(mesh.mesh_dim_names)],
                "loss_sums": loss_sums.tolist(), "grad_norms": [row[1] for row in losses],
                "weight_sums": {name: w.double().sum().item() for name, w in weights.items()},
            }
        # Hugging Face init: only rank 0 reads the files; both ranks end with the full weights in their shards.
        with torch.device("meta"):
            model = Transformer(ARGS)
        parallelize(model, env, "none", False, torch.float32, 1)
        model.to_empty(device="cpu")
        weights = load_hf(hf_dir)[1] if rank == 0 else {}
        set_model_state_dict(model, weights, options=StateDictOptions(full_state_dict=True, broadcast_from_rank0=True))
        expected = load_hf(hf_dir)[1]
        result["hf_equal"] = all(torch.equal(w, expected[name]) for name, w in full_weights(model).items())
    finally:
        dist.destroy_process_group()
    Path(out_dir, f"rank{rank}.json").write_text(json.dumps(result))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def two_ranks(tmp_path_factory):
    root = tmp_path_factory.mktemp("dist")
    reference = Transformer(ARGS)
    reference.init_weights(7)
    save_hf(str(root / "hf"), reference.state_dict(), ARGS, dtype="float32")
    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
    mp.spawn(worker, args=(free_port(), str(root), str(root / "hf")), nprocs=WORLD, join=True)
    return [json.loads((root / f"rank{r}.json").read_text()) for r in range(WORLD)]


def one_process_reference() -> tuple[list[list[float]], dict[str, float]]:
    model = Transformer(ARGS)
    model.init_weights(0)
    losses = run_steps(model, 0, 1)
    return losses, {name: w.double().sum().item() for name, w in full_weights(model).items()}


def test_meshes_are_fsdp_and_hsdp(two_ranks):
    meshes = two_ranks[0]
    assert meshes["None-every"]["mesh"] == [[2], ["shard"]]
    assert meshes["1-every"]["mesh"] == [[2, 1], ["replicate", "shard"]]
    assert meshes["2-defer_all"]["mesh"] == [[2], ["shard"]]


@pytest.mark.parametrize("layout", [f"{s}-{g}" for s, g in LAYOUTS])
def test_every_layout_and_gradient_sync_mode_gives_the_one_process_update(two_ranks, layout):
    losses, weight_sums = one_process_reference()
    for rank in range(WORLD):
        run = two_ranks[rank][layout]
        for step, (loss, grad_norm) in enumerate(losses):
            # One process's loss is the mean of its 4 micro-batches; each rank's the mean of its 2.
            assert run["loss_sums"][step] / WORLD == pytest.approx(loss, rel=1e-5)
            assert run["grad_norms"][step] == pytest.approx(grad_norm, rel=1e-4)
        for name, total in weight_sums.items():
            assert run["weight_sums"][name] == pytest.approx(total, rel=1e-4, abs=1e-4), name


def test_hugging_face_weights_read_by_rank_zero_reach_every_rank(two_ranks):
    assert two_ranks[0]["hf_equal"] and two_ranks[1]["hf_equal"]

"""Peak memory of one training forward + backward under activation checkpointing none / selective / full, measured
on CPU in bf16 (no GPU needed): a live-tensor tracker over the dispatcher (torch's MemTracker) records every
tensor alive at once, selective checkpointing's cache included. Also the recomputed FLOPs (FlopCounterMode) and
trainer_bridge.estimate's activation figure for the same shape, so the estimate is checked against a measurement.

    python -m bench.trainer_activation_memory            # d=512, 8 layers, GQA 8/2 heads, seq 1024 x 2
    python -m bench.trainer_activation_memory --layers 4 --seq-len 256   # quicker

Writes bench/results/trainer_activation_memory.json. Baseline: `none` in the same run.
"""
from __future__ import annotations

import argparse

import torch
import torch.nn.functional as F
from torch.distributed._tools.mem_tracker import MemTracker
from torch.utils.flop_counter import FlopCounterMode

from bench.common import save
from trainer_bridge.estimate import Layout, memory_per_gpu
from trainer_bridge.model import ModelArgs, Transformer
from trainer_bridge.parallel import apply_activation_checkpointing

MIB = 2**20


def one_step(model: Transformer, tokens: torch.Tensor) -> None:
    logits = model(tokens[:, :-1])
    F.cross_entropy(logits.flatten(0, 1).float(), tokens[:, 1:].flatten()).backward()


def measure(args: ModelArgs, mode: str, tokens: torch.Tensor) -> dict:
    torch.manual_seed(0)
    model = Transformer(args)
    model.init_weights(0)
    model.to(torch.bfloat16).reset_rotary()
    apply_activation_checkpointing(model, mode)
    params = sum(p.numel() * p.element_size() for p in model.parameters())
    tracker = MemTracker()
    tracker.track_external(model)
    with tracker:
        one_step(model, tokens)
    peak = tracker.get_tracker_snapshot("peak")[torch.device("cpu")]["Total"]
    model.zero_grad(set_to_none=True)
    with FlopCounterMode(display=False) as counter:
        one_step(model, tokens)
    # Peak minus weights and their gradients (both the same in every mode).
    return {"peak_mib": peak / MIB, "peak_minus_weights_and_grads_mib": (peak - 2 * params) / MIB,
            "flops": counter.get_total_flops()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.trainer_activation_memory",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--layers", type=int, default=8)
    parser.add_argument("--seq-len", type=int, default=1024)
    parser.add_argument("--micro-batch", type=int, default=2)
    parser.add_argument("--vocab", type=int, default=8192)
    opts = parser.parse_args(argv)
    args = ModelArgs(dim=opts.dim, n_layers=opts.layers, n_heads=8, n_kv_heads=2, ffn_dim=int(opts.dim * 2.75),
                     vocab_size=opts.vocab, max_seq_len=opts.seq_len)
    tokens = torch.randint(0, args.vocab_size, (opts.micro_batch, opts.seq_len + 1),
                           generator=torch.Generator().manual_seed(0))
    result = {"model": args.to_dict(), "micro_batch": opts.micro_batch, "seq_len": opts.seq_len,
              "torch": torch.__version__}
    for mode in ("none", "selective", "full"):
        figures = measure(args, mode, tokens)
        layout = Layout(1, 1, opts.micro_batch, opts.seq_len, 1, mode)
        figures["estimated_activations_mib"] = memory_per_gpu(args, layout, "every")["activations"] / MIB
        result[mode] = figures
    base = result["none"]
    for mode in ("none", "selective", "full"):
        r = result[mode]
        r["peak_vs_none"] = r["peak_minus_weights_and_grads_mib"] / base["peak_minus_weights_and_grads_mib"]
        r["flops_vs_none"] = r["flops"] / base["flops"]
        print(f"{mode:>9}: peak {r['peak_mib']:8.1f} MiB, without weights+grads "
              f"{r['peak_minus_weights_and_grads_mib']:8.1f} MiB ({r['peak_vs_none']:.2f}x none), estimate "
              f"{r['estimated_activations_mib']:8.1f} MiB | FLOPs {r['flops_vs_none']:.3f}x none", flush=True)
    print(f"wrote {save('trainer_activation_memory', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

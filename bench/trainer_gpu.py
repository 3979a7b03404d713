"""Training throughput of trainer_bridge vs Hugging Face LlamaForCausalLM, same model shape, same batch, same run.

    python -m bench.trainer_gpu                       # ~1.1B config, seq 2048, one GPU (H100: MFU vs 989 TFLOP/s)
    python -m bench.trainer_gpu --tiny --device cpu   # tiny model on CPU: checks the script end to end

Ours: the training step users run (trainer_bridge.step.train_step): FSDP2 mixed precision (bf16 compute, fp32
master weights and gradient reduction), torch.compile per block, fused AdamW, clipping 1.0.
Hugging Face: LlamaForCausalLM built from the same config (sdpa attention), fp32 weights under bf16 autocast,
torch.compile on the whole model, fused AdamW, clipping 1.0. Both get identical random token batches and the same
next-token loss. Timed steps follow untimed warmup steps (compilation); tokens/s = timed tokens / wall time.
MFU uses the same FLOPs per token for both (trainer_bridge.metrics.flops_per_token).
Writes bench/results/trainer_gpu.json (trainer_gpu_tiny.json with --tiny).
"""
from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from bench.common import machine, peak_rss_mib, save
from trainer_bridge.config import OptimConfig, load_config
from trainer_bridge.hf import hf_config
from trainer_bridge.metrics import detect_peak_flops, flops_per_token
from trainer_bridge.model import ModelArgs, Transformer, count_parameters
from trainer_bridge.optim import build_optimizer
from trainer_bridge.parallel import init_distributed, parallelize, shutdown_distributed
from trainer_bridge.presets import model_args
from trainer_bridge.step import train_step

DTYPES = {"bfloat16": torch.bfloat16, "float32": torch.float32}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.trainer_gpu", description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/train/llama_1b.yaml", help="model shape from this config")
    parser.add_argument("--tiny", action="store_true", help="tiny model on CPU, few steps (a smoke run)")
    parser.add_argument("--seq-len", type=int, help="default 2048 (128 with --tiny)")
    parser.add_argument("--micro-batch", type=int, help="sequences per step, default 8 (2 with --tiny)")
    parser.add_argument("--steps", type=int, help="timed optimizer steps, default 20 (4 with --tiny)")
    parser.add_argument("--warmup", type=int, help="untimed steps first (compilation, allocator), default 5 (2)")
    parser.add_argument("--device", default="auto", choices=["auto", "cuda", "cpu"])
    parser.add_argument("--dtype", default="bfloat16", choices=sorted(DTYPES))
    parser.add_argument("--compile", default="auto", choices=["auto", "true", "false"])
    parser.add_argument("--activation-checkpointing", default="none", choices=["none", "selective", "full"])
    parser.add_argument("--peak-flops", type=float, default=None, help="device peak FLOP/s (auto for A100/H100)")
    parser.add_argument("--only", choices=["ours", "hf"], default=None)
    parser.add_argument("--results", default=None, help="write the JSON here instead of bench/results/")
    opts = parser.parse_args(argv)
    defaults = dict(seq_len=128, micro_batch=2, steps=4, warmup=2) if opts.tiny else \
        dict(seq_len=2048, micro_batch=8, steps=20, warmup=5)
    for name, value in defaults.items():
        if getattr(opts, name) is None:
            setattr(opts, name, value)
    if opts.tiny and opts.device == "auto":
        opts.device = "cpu"
    if opts.device == "auto":
        opts.device = "cuda" if torch.cuda.is_available() else "cpu"
    if opts.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda but no CUDA device is visible")
    if min(opts.seq_len, opts.micro_batch, opts.steps) < 1 or opts.warmup < 0:
        parser.error("--seq-len, --micro-batch and --steps must be positive, --warmup >= 0")
    return opts


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def reset_memory(device: torch.device) -> None:
    gc.collect()
    torch._dynamo.reset()
    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)


def timed_steps(step, batches: list[torch.Tensor], warmup: int, device: torch.device) -> dict:
    losses = []
    for batch in batches[:warmup]:
        losses.append(step(batch).item())
    synchronize(device)
    start = time.perf_counter()
    for batch in batches[warmup:]:
        loss = step(batch)
    losses.append(loss.item())  # syncs
    seconds = time.perf_counter() - start
    tokens = sum(b.shape[0] * (b.shape[1] - 1) for b in batches[warmup:])
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if device.type == "cuda" else None
    return {"tokens_per_s": tokens / seconds, "seconds": seconds, "peak_memory_gib": peak,
            "first_loss": losses[0], "last_loss": losses[-1]}


def bench_ours(args: ModelArgs, batches, opts, device: torch.device) -> dict:
    env = init_distributed(device.type)
    try:
        with torch.device("meta"):
            model = Transformer(args)
        compile_blocks = opts.compile == "true" or (opts.compile == "auto" and device.type == "cuda")
        parallelize(model, env, opts.activation_checkpointing, compile_blocks, DTYPES[opts.dtype])
        model.to_empty(device=device)
        model.init_weights(0)
        optimizer = build_optimizer(model, OptimConfig(), device.type)

        def step(batch):
            loss, _ = train_step(model, optimizer, [batch], accumulation_steps=1, grad_clip=1.0)
            return loss

        result = timed_steps(step, batches, opts.warmup, device)
        return result
    finally:
        shutdown_distributed()


def bench_hf(args: ModelArgs, batches, opts, device: torch.device) -> dict:
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(**{**hf_config(args), "use_cache": False})
    config._attn_implementation = "sdpa"
    model = LlamaForCausalLM(config).to(device=device, dtype=torch.float32)
    model.train()
    if opts.compile == "true" or (opts.compile == "auto" and device.type == "cuda"):
        model = torch.compile(model)
    defaults = OptimConfig()
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=defaults.lr, betas=(defaults.beta1, defaults.beta2), eps=defaults.eps,
        weight_decay=defaults.weight_decay, **({"fused": True} if device.type == "cuda" else {"foreach": True}),
    )
    autocast = opts.dtype == "bfloat16"

    def step(batch):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=autocast):
            logits = model(input_ids=batch[:, :-1]).logits
        loss = F.cross_entropy(logits.flatten(0, 1).float(), batch[:, 1:].flatten())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss.detach()

    result = timed_steps(step, batches, opts.warmup, device)
    return result


def main(argv=None) -> int:
    opts = parse_args(argv)
    device = torch.device(opts.device, 0) if opts.device == "cuda" else torch.device("cpu")
    if opts.device == "cuda":
        torch.cuda.set_device(device)
    args = model_args({"preset": "tiny"}) if opts.tiny else load_config(opts.config).model
    if opts.seq_len > args.max_seq_len:
        raise SystemExit(f"--seq-len {opts.seq_len} exceeds the model's max_seq_len {args.max_seq_len}")
    generator = torch.Generator().manual_seed(0)
    batches = [torch.randint(0, args.vocab_size, (opts.micro_batch, opts.seq_len + 1), generator=generator)
               .to(device) for _ in range(opts.warmup + opts.steps)]
    flops = flops_per_token(args, opts.seq_len)
    peak = opts.peak_flops or detect_peak_flops(device)
    result = {
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "model": args.to_dict(), "parameters": count_parameters(args)["total"],
        "seq_len": opts.seq_len, "micro_batch": opts.micro_batch, "steps": opts.steps, "warmup": opts.warmup,
        "dtype": opts.dtype, "compile": opts.compile, "activation_checkpointing": opts.activation_checkpointing,
        "flops_per_token": flops, "peak_flops": peak, "torch": torch.__version__,
    }
    runners = {"ours": bench_ours, "hf": bench_hf}
    for name in [opts.only] if opts.only else ["ours", "hf"]:
        reset_memory(device)
        try:
            figures = runners[name](args, batches, opts, device)
        except torch.OutOfMemoryError as error:  # keep the other side's figures; say which shape did not fit
            result[name] = {"error": f"out of memory: {str(error)[:300]}"}
            print(f"{name:>4}: out of memory at micro-batch {opts.micro_batch} x {opts.seq_len} (try "
                  f"--micro-batch {max(1, opts.micro_batch // 2)} or --activation-checkpointing selective)")
            continue
        figures["mfu"] = figures["tokens_per_s"] * flops / peak if peak else None
        result[name] = figures
        mfu = f"{100 * figures['mfu']:.1f}%" if figures["mfu"] is not None else "n/a"
        memory = f"{figures['peak_memory_gib']:.1f} GiB" if figures["peak_memory_gib"] is not None else "n/a"
        print(f"{name:>4}: {figures['tokens_per_s']:,.0f} tokens/s | MFU {mfu} | peak memory {memory} | "
              f"loss {figures['first_loss']:.3f} -> {figures['last_loss']:.3f}", flush=True)
    if "tokens_per_s" in result.get("ours", {}) and "tokens_per_s" in result.get("hf", {}):
        result["speedup_vs_hf"] = result["ours"]["tokens_per_s"] / result["hf"]["tokens_per_s"]
        print(f"ours / hf tokens/s: {result['speedup_vs_hf']:.2f}x")
    result["process_peak_rss_mib"] = peak_rss_mib()
    if opts.results:
        path = Path(opts.results)
        path.write_text(json.dumps({"machine": machine(), **result}, indent=2) + "\n")
    else:
        path = save("trainer_gpu_tiny" if opts.tiny else "trainer_gpu", result)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

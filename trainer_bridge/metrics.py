"""Training metrics: FLOPs per token, MFU, and a logger writing the same records to stdout and a JSONL file."""
from __future__ import annotations

import json
import math
import os
import sys
import time

import torch

from trainer_bridge.model import ModelArgs, count_parameters

# Dense (no sparsity) bf16 tensor-core peaks, FLOP/s, from the vendor datasheets. Order matters: first match wins.
PEAK_BF16_FLOPS = (
    ("H100 PCIe", 756e12),
    ("H100 NVL", 835e12),
    ("GH200", 989e12),
    ("H200", 989e12),
    ("H100", 989e12),  # SXM
    ("H800", 989e12),
    ("A100", 312e12),
    ("A800", 312e12),
    ("L40S", 362e12),
)


def flops_per_token(args: ModelArgs, seq_len: int) -> float:
    """Training FLOPs per token: 6N for forward + backward through the N matmul weights (not the embedding
    lookup, not norm gains) plus 12 * layers * dim * seq_len for attention scores and values (PaLM's appendix B
    convention: the causal mask is not discounted, as torchtitan and nanoGPT count it)."""
    return 6 * count_parameters(args)["matmul"] + 12 * args.n_layers * args.dim * seq_len


def detect_peak_flops(device: torch.device) -> float | None:
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    for marker, peak in PEAK_BF16_FLOPS:
        if marker in name:
            return peak
    return None


def peak_memory_gib(device: torch.device) -> float | None:
    if device.type != "cuda":
        return None
    return torch.cuda.max_memory_allocated(device) / 2**30


class Throughput:
    """Tokens per second per device over the interval since the last `reset`; excludes eval and checkpoints."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.tokens = 0
        self.start = time.perf_counter()

    def add(self, tokens: int) -> None:
        self.tokens += tokens

    def tokens_per_second(self) -> float:
        return self.tokens / max(time.perf_counter() - self.start, 1e-9)


def mfu(tokens_per_second: float, flops_token: float, peak_flops: float | None) -> float | None:
    return tokens_per_second * flops_token / peak_flops if peak_flops else None


class MetricsLogger:
    """Only the main rank writes. Every record goes to the JSONL file as is and to stdout as one short line.

    The file holds one run's history, one record per logged step: a run resumed from step N first drops the
    records after N (written by the killed run past its last checkpoint, about to be written again), a fresh run
    (N = 0) starts an empty file."""

    def __init__(self, path: str, enabled: bool, start_step: int = 0, stream=sys.stdout):
        self.enabled, self.stream = enabled, stream
        self._file = None
        if enabled:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            truncate_records(path, start_step)
            self._file = open(path, "a", encoding="utf-8")

    def log(self, record: dict) -> None:
        if not self.enabled:
            return
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()
        shown = (_format(k, v) for k, v in record.items() if v is not None and k not in _NOT_PRINTED)
        print(" | ".join(shown), file=self.stream, flush=True)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def truncate_records(path: str, last_step: int) -> None:
    """Keep the records of steps <= last_step (atomically: a kill here leaves the old or the new file)."""
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    kept = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill
        if isinstance(record, dict) and isinstance(record.get("step"), int) and record["step"] <= last_step:
            kept.append(json.dumps(record) + "\n")
    if len(kept) == len(lines):
        return
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(kept)
    os.replace(tmp, path)


_NOT_PRINTED = {"time"}
_SHORT = {"tokens_per_s_per_device": "tok/s/dev", "peak_memory_gib": "mem_gib"}


def _format(key: str, value) -> str:
    label = _SHORT.get(key, key)
    if not isinstance(value, float):
        return f"{label} {value}"
    if key == "mfu":
        return f"mfu {100 * value:.1f}%"
    if key == "tokens_per_s_per_device":
        return f"{label} {value:,.0f}"
    if key == "lr" or not math.isfinite(value) or (value and abs(value) < 1e-3):
        return f"{label} {value:.3e}"
    return f"{label} {value:.4f}"

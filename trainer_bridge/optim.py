"""The paper's optimization (docs/RECIPE.md section 10): AdamW (0.9, 0.95, eps 1e-5, weight decay 0.1), linear warmup
then cosine decay to 10% of the peak learning rate. Gradient clipping lives in the training step."""
from __future__ import annotations

import math

import torch
from torch import nn
from torch.optim.lr_scheduler import LambdaLR

from trainer_bridge.config import OptimConfig
from trainer_bridge.model import clean_name


def parameter_kind(name: str) -> str:
    name = clean_name(name)
    if name.endswith("norm.weight"):
        return "norm"
    if name.startswith("tok_embeddings."):
        return "embedding"
    if name.startswith("output."):
        return "output"
    return "matrix"


def build_optimizer(model: nn.Module, cfg: OptimConfig, device_type: str) -> torch.optim.AdamW:
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (no_decay if parameter_kind(name) in cfg.no_decay else decay).append(param)
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    # Fused AdamW (one kernel for all parameters, DTensor-aware) on GPU; the foreach path elsewhere.
    implementation = {"fused": True} if device_type == "cuda" else {"foreach": True}
    return torch.optim.AdamW(
        [g for g in groups if g["params"]], lr=cfg.lr, betas=(cfg.beta1, cfg.beta2), eps=cfg.eps, **implementation
    )


def lr_multiplier(step: int, warmup_steps: int, total_steps: int, min_ratio: float) -> float:
    """Multiplier of the peak lr for optimizer step `step` (1-based): linear warmup to 1 over `warmup_steps`,
    then cosine from 1 to `min_ratio` at `total_steps`, flat after."""
    if step <= warmup_steps:
        return step / warmup_steps
    progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress))


def build_scheduler(optimizer: torch.optim.Optimizer, cfg: OptimConfig, total_steps: int) -> LambdaLR:
    # LambdaLR counts from 0 before the first optimizer step, so its index i is step i + 1.
    return LambdaLR(
        optimizer, lambda i: lr_multiplier(i + 1, cfg.warmup_steps, total_steps, cfg.min_lr_ratio)
    )

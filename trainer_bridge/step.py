"""The training step: next-token loss over micro-batches, gradient clipping, optimizer step. Shared by the
training loop and bench/trainer_gpu.py, so the benchmark times exactly what users run."""
from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.distributed.tensor import DTensor

from trainer_bridge.parallel import set_gradient_sync


def next_token_loss(model: nn.Module, batch: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of predicting batch[:, 1:] from batch[:, :-1] (logits upcast to fp32)."""
    logits = model(batch[:, :-1])
    return F.cross_entropy(logits.flatten(0, 1).float(), batch[:, 1:].flatten())


def to_device(batch: np.ndarray, device: torch.device) -> torch.Tensor:
    tensor = torch.from_numpy(batch)
    if device.type == "cuda":
        return tensor.pin_memory().to(device, non_blocking=True)
    return tensor


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, micro_batches: Iterable[torch.Tensor],
               accumulation_steps: int, grad_clip: float,
               grad_sync: str = "every") -> tuple[torch.Tensor, torch.Tensor]:
    """One optimizer step over this rank's micro-batches. Each micro-batch loss is divided by the accumulation
    count and FSDP averages gradients over ranks, so the update is the mean over the global batch whatever the
    world size. `grad_sync` (parallel.set_gradient_sync) may defer gradient collectives to the last micro-batch.
    Returns this rank's mean loss and the global gradient norm (before clipping), on device."""
    loss_sum = None
    for index, batch in enumerate(micro_batches):
        set_gradient_sync(model, grad_sync, last_micro_batch=index == accumulation_steps - 1)
        loss = next_token_loss(model, batch)
        (loss / accumulation_steps).backward()
        loss_sum = loss.detach() if loss_sum is None else loss_sum + loss.detach()
    grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip if grad_clip > 0 else math.inf)
    if isinstance(grad_norm, DTensor):
        grad_norm = grad_norm.full_tensor()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss_sum / accumulation_steps, grad_norm

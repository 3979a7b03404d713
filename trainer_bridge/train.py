"""LLaMA pretraining on the token shards.

    torchrun --nproc_per_node=8 -m trainer_bridge.train --config configs/train/llama_1b.yaml
    torchrun --nnodes=4 --nproc_per_node=8 --rdzv-backend=c10d --rdzv-endpoint=HOST:29500 \\
        -m trainer_bridge.train --config configs/train/llama1_7b.yaml
    python -m trainer_bridge.train --config configs/train/tiny_cpu.yaml --set train.steps=20   # one process

Everything that can be wrong with the inputs (config, shards vs model, batch shape vs data) is checked before
the process group, the model or the GPU are touched.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time

import torch
import torch.distributed as dist
from torch.distributed.checkpoint.state_dict import StateDictOptions, set_model_state_dict

from pipeline.cli import StrictParser
from tokenizer.shards import file_sha256, load_manifest
from trainer_bridge.checkpoint import Checkpointer
from trainer_bridge.config import Config, ConfigError, as_yaml, load_config
from trainer_bridge.data import DataConfigError, TrainBatches, validation_batches
from trainer_bridge.estimate import Cluster, Layout, choose_grad_sync, cluster_from_config, report
from trainer_bridge.export import export_checkpoint
from trainer_bridge.hf import load_hf
from trainer_bridge.metrics import MetricsLogger, Throughput, detect_peak_flops, flops_per_token, mfu, peak_memory_gib
from trainer_bridge.model import Transformer, count_parameters
from trainer_bridge.optim import build_optimizer, build_scheduler
from trainer_bridge.parallel import (
    DistEnv,
    init_distributed,
    parallelize,
    resolve_device_type,
    shutdown_distributed,
    world_size_from_env,
)
from trainer_bridge.preflight import Data, check_init_weights, check_parallel, open_data, resume_path
from trainer_bridge.step import next_token_loss, to_device, train_step

_DTYPES = {"bfloat16": torch.bfloat16, "float32": torch.float32}


def _mean_over_ranks(value: torch.Tensor) -> float:
    value = value.detach().float().clone()
    dist.all_reduce(value)  # SUM: gloo has no AVG
    return value.item() / dist.get_world_size()


class Trainer:
    def __init__(self, cfg: Config, data: Data, env: DistEnv, resume_from: str | None = None):
        self.cfg, self.data, self.env = cfg, data, env
        device_type = env.device.type
        compile_blocks = cfg.runtime.compile == "true" or (cfg.runtime.compile == "auto" and device_type == "cuda")
        torch.manual_seed(cfg.train.seed + env.rank)
        with torch.device("meta"):
            model = Transformer(cfg.model)
        self.model = parallelize(model, env, cfg.runtime.activation_checkpointing, compile_blocks,
                                 _DTYPES[cfg.runtime.dtype], cfg.parallel.shard_size)
        self.model.to_empty(device=env.device)
        self.model.init_weights(cfg.train.seed)
        self.optimizer = build_optimizer(self.model, cfg.optim, device_type)
        self.scheduler = build_scheduler(self.optimizer, cfg.optim, cfg.schedule_steps)
        self.batches = TrainBatches(data.windows, data.order, data.plan, env.rank)
        self.checkpointer = Checkpointer(cfg.checkpoint_dir, cfg.checkpoint.keep_last, env.rank, env.device)
        self.flops_per_token = flops_per_token(cfg.model, cfg.data.seq_len)
        self.peak_flops = cfg.log.peak_flops or detect_peak_flops(env.device)
        self.layout, self.cluster = self._layout()
        self.grad_sync = choose_grad_sync(cfg.model, self.layout, self.cluster, cfg.parallel.grad_sync)
        self.step, self.samples_consumed = 0, 0
        self._restore(resume_from)
        self.logger = MetricsLogger(cfg.metrics_path, enabled=env.is_main, start_step=self.step)
        self.final_checkpoint = resume_from  # the latest checkpoint: what the export writes out

    def _layout(self) -> tuple[Layout, Cluster]:
        cfg, plan = self.cfg, self.data.plan
        layout = Layout(self.env.world_size, cfg.parallel.shard_size or self.env.world_size, plan.micro_batch_size,
                        plan.seq_len, plan.accumulation_steps, cfg.runtime.activation_checkpointing)
        gpus_per_node = int(os.environ.get("LOCAL_WORLD_SIZE", self.env.world_size))
        return layout, cluster_from_config(cfg, gpus_per_node, self.peak_flops)

    def _restore(self, path: str | None) -> None:
        if path is not None:
            state = self.checkpointer.load(path, self.model, self.optimizer, self.scheduler)
            self.step, self.samples_consumed = int(state["step"]), int(state["samples_consumed"])
            self._print(f"resumed from {path}: step {self.step}, {self.samples_consumed} samples consumed")
        elif self.cfg.checkpoint.init_from_hf:
            # Rank 0 alone reads the weights (host memory: one copy per node group, not one per rank); they are
            # broadcast one tensor at a time and each rank keeps its shard.
            weights = load_hf(self.cfg.checkpoint.init_from_hf)[1] if self.env.is_main else {}  # shape checked
            set_model_state_dict(self.model, weights,
                                 options=StateDictOptions(full_state_dict=True, broadcast_from_rank0=True))
            del weights
            self._print(f"initialized from {self.cfg.checkpoint.init_from_hf}")

    def _print(self, message: str) -> None:
        if self.env.is_main:
            print(message, flush=True)

    def _summary(self) -> None:
        cfg, plan, windows = self.cfg, self.data.plan, self.data.windows
        params = count_parameters(cfg.model)
        self._print(
            f"model {params['total'] / 1e6:.1f}M parameters ({params['non_embedding'] / 1e6:.1f}M non-embedding), "
            f"{self.flops_per_token / 1e9:.2f} GFLOP/token | data {windows.shards.total_tokens} tokens, "
            f"{windows.n_train} train / {windows.n_val} held-out windows of {plan.seq_len} | "
            f"{self.env.world_size} ranks x {plan.accumulation_steps} micro-batches of {plan.micro_batch_size} = "
            f"{plan.tokens_per_step} tokens/step | schedule {cfg.schedule_steps} steps"
        )
        self._print(report(cfg.model, self.layout, self.cluster, self.grad_sync))

    def fit(self) -> None:
        cfg, plan = self.cfg, self.data.plan
        if self.env.is_main:
            os.makedirs(cfg.train.out_dir, exist_ok=True)
            with open(os.path.join(cfg.train.out_dir, "config.yaml"), "w", encoding="utf-8") as f:
                f.write(as_yaml(cfg))
        self._summary()
        last_step = cfg.train.stop_at_step or cfg.schedule_steps
        throughput, losses = Throughput(), []
        while self.step < last_step:
            self.step += 1
            lr = self.optimizer.param_groups[0]["lr"]
            micro = (to_device(b, self.env.device) for b in self.batches.micro_batches(self.samples_consumed))
            loss, grad_norm = train_step(self.model, self.optimizer, micro, plan.accumulation_steps,
                                         cfg.optim.grad_clip, self.grad_sync)
            self.scheduler.step()
            self.samples_consumed += plan.samples_per_step
            throughput.add(plan.tokens_per_step // self.env.world_size)
            losses.append(loss)
            if self.step % cfg.log.every_steps == 0 or self.step == last_step:
                self._log(torch.stack(losses).mean(), grad_norm, lr, throughput)
                losses = []
            evaluate = cfg.eval.every_steps and self.step % cfg.eval.every_steps == 0
            if self.data.eval_samples and (evaluate or self.step == last_step):
                self.logger.log({"step": self.step, "val_loss": self.evaluate()})
                throughput.reset()
            save = cfg.checkpoint.every_steps and self.step % cfg.checkpoint.every_steps == 0
            if save or self.step == last_step:
                self.save()
                throughput.reset()
        self.logger.close()

    def _log(self, loss: torch.Tensor, grad_norm: torch.Tensor, lr: float, throughput: Throughput) -> None:
        loss_value = _mean_over_ranks(loss)
        if not math.isfinite(loss_value):
            raise FloatingPointError(f"loss is {loss_value} at step {self.step}; stopping")
        tokens_per_s = throughput.tokens_per_second()
        self.logger.log({
            "step": self.step,
            "loss": loss_value,  # mean over the global batches since the previous record
            "lr": lr,
            "grad_norm": grad_norm.item(),
            "tokens_per_s_per_device": tokens_per_s,
            "mfu": mfu(tokens_per_s, self.flops_per_token, self.peak_flops),
            "tokens": self.samples_consumed * self.data.plan.seq_len,
            "peak_memory_gib": peak_memory_gib(self.env.device),
            "time": time.time(),
        })
        throughput.reset()

    @torch.no_grad()
    def evaluate(self) -> float:
        total, count = torch.zeros((), device=self.env.device), 0
        mb = self.cfg.train.micro_batch_size
        for batch in validation_batches(self.data.windows, self.data.eval_samples, mb, self.env.rank,
                                        self.env.world_size):
            total += next_token_loss(self.model, to_device(batch, self.env.device)).float()
            count += 1
        return _mean_over_ranks(total / count)

    def save(self) -> None:
        train_state = {"step": self.step, "samples_consumed": self.samples_consumed,
                       "fingerprint": self.data.fingerprint}
        path = self.checkpointer.save(self.step, self.model, self.optimizer, self.scheduler, train_state,
                                      self.cfg.model)
        self.final_checkpoint = path
        self._print(f"checkpoint {path}")


def tokenizer_for_export(cfg: Config) -> str | None:
    """The tokenizer.model to ship with the export: data.tokenizer, else the manifest's when it is a local file
    with the manifest's sha256."""
    if cfg.data.tokenizer:
        return cfg.data.tokenizer
    recorded = (load_manifest(cfg.data.paths[0]).get("tokenizer") or {})
    path = recorded.get("path")
    if path and "://" not in path and os.path.isfile(path) and file_sha256(path) == recorded.get("sha256"):
        return path
    return None


def export_hf(cfg: Config, data: Data, checkpoint: str) -> None:
    """Rank 0, after the process group is gone: streamed from the last checkpoint, so no rank waits in a
    collective (and no timeout applies) however long a 65B export takes. Declares the shards' BOS/EOS ids."""
    directory = os.path.join(cfg.train.out_dir, "hf")
    dtype = "bfloat16" if cfg.runtime.dtype == "bfloat16" else "float32"
    shards = data.windows.shards
    export_checkpoint(checkpoint, directory, dtype, tokenizer_for_export(cfg), bos_id=shards.bos_id,
                      eos_id=shards.eos_id)
    print(f"exported Hugging Face weights to {directory}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = StrictParser(prog="trainer_bridge.train", description="LLaMA pretraining on token shards")
    parser.add_argument("--config", required=True, help="YAML file, e.g. configs/train/llama_1b.yaml")
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="override a config value (repeatable), e.g. --set train.steps=100")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    try:
        cfg = load_config(opts.config, opts.set)
        data = open_data(cfg, world_size_from_env(), int(os.environ.get("RANK", "0")))
        check_parallel(cfg, world_size_from_env())
        resume_from = resume_path(cfg, data)
        check_init_weights(cfg, resume_from)
        device_type = resolve_device_type(cfg.runtime.device)
    except (ConfigError, DataConfigError, ValueError, RuntimeError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    env = init_distributed(device_type, cfg.parallel.timeout_minutes)
    try:
        trainer = Trainer(cfg, data, env, resume_from)
        trainer.fit()
    finally:
        shutdown_distributed()
    if cfg.checkpoint.export_hf and env.is_main and trainer.final_checkpoint:
        export_hf(cfg, data, trainer.final_checkpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())

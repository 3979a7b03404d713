"""Training configuration: YAML file + `--set section.key=value` overrides -> typed, validated dataclasses.

Unknown keys and wrong types are errors (a typo must not silently train with a default). Defaults are the
paper's optimization settings (docs/RECIPE.md section 10).
"""
from __future__ import annotations

import math
import os
import types
import typing
from dataclasses import dataclass, field, fields

import yaml

from trainer_bridge.model import ModelArgs
from trainer_bridge.presets import model_args


class ConfigError(ValueError):
    pass


@dataclass
class DataConfig:
    paths: list[str] = field(default_factory=list)  # token-shard directories (manifest.json each), in order
    seq_len: int = 2048
    seed: int = 1234  # sample order = f(seed, epoch, seq_len, shard list)
    val_fraction: float = 0.001  # held out: every round(1/val_fraction)-th window
    tokenizer: str | None = None  # tokenizer.model; its sha256 must match the manifests' when given
    verify_checksums: bool = False  # sha256 of every shard file at start (slow on TBs; sizes are always checked)


@dataclass
class OptimConfig:
    lr: float = 3.0e-4
    min_lr_ratio: float = 0.1  # cosine decays to 10% of peak
    warmup_steps: int = 2000
    beta1: float = 0.9
    beta2: float = 0.95
    eps: float = 1.0e-5
    weight_decay: float = 0.1
    no_decay: list[str] = field(default_factory=lambda: ["norm", "embedding"])  # parameter kinds without decay
    grad_clip: float = 1.0


@dataclass
class TrainConfig:
    out_dir: str = "out/train"
    global_batch_tokens: int = 4_194_304  # 4M tokens per optimizer step in the paper
    micro_batch_size: int = 1  # sequences per rank per forward; accumulation fills the global batch
    total_tokens: int | None = None  # schedule length in tokens (1.0T / 1.4T in the paper) ...
    steps: int | None = None  # ... or in optimizer steps
    stop_at_step: int | None = None  # end this job early; the schedule still spans the full length
    seed: int = 0  # weight init


@dataclass
class RuntimeConfig:
    device: str = "auto"  # auto | cuda | cpu
    dtype: str = "bfloat16"  # compute dtype; master weights and optimizer state stay fp32
    compile: str = "auto"  # auto (on for CUDA) | true | false
    activation_checkpointing: str = "selective"  # none | selective (keep attention outputs) | full


@dataclass
class ParallelConfig:
    shard_size: int | None = None  # ranks per FSDP shard group; None: all ranks (FSDP); fewer: HSDP (replicated)
    grad_sync: str = "auto"  # auto | every | defer_replica | defer_all (parallel.py: when each pays)
    timeout_minutes: float = 60.0  # collectives' timeout (a checkpoint save of 65B runs under it)


@dataclass
class ClusterConfig:
    """The hardware the start-of-run estimate assumes (memory per GPU, communication vs compute)."""
    gpus_per_node: int | None = None  # None: torchrun's LOCAL_WORLD_SIZE
    gpu_memory_gib: float = 80.0
    intra_node_gbps: float = 300.0  # GB/s per GPU inside a node (NVLink collectives' bus bandwidth)
    inter_node_gbps: float = 45.0  # GB/s per GPU across nodes (e.g. one 400 Gb/s NIC per GPU)
    assumed_mfu: float = 0.5  # compute time = FLOPs / (peak * assumed_mfu)


@dataclass
class CheckpointConfig:
    dir: str | None = None  # default: <out_dir>/checkpoints
    every_steps: int = 1000
    keep_last: int = 2
    resume: str = "auto"  # auto (latest committed in dir, if any) | none | a checkpoint directory
    init_from_hf: str | None = None  # start from Hugging Face Llama weights (ignored when resuming)
    export_hf: bool = True  # at the end, rank 0 streams the last checkpoint to <out_dir>/hf (after the ranks part)


@dataclass
class LogConfig:
    every_steps: int = 10
    jsonl: str | None = None  # default: <out_dir>/metrics.jsonl
    peak_flops: float | None = None  # per-device dense peak for MFU; detected for A100/H100/H200 when unset


@dataclass
class EvalConfig:
    every_steps: int = 1000  # 0: only at the end
    samples: int = 256  # validation windows per evaluation (rounded down to fill whole micro-batches)


@dataclass
class Config:
    model: ModelArgs
    data: DataConfig
    optim: OptimConfig
    train: TrainConfig
    runtime: RuntimeConfig
    parallel: ParallelConfig
    cluster: ClusterConfig
    checkpoint: CheckpointConfig
    log: LogConfig
    eval: EvalConfig
    raw: dict  # the merged YAML, saved beside the run

    @property
    def schedule_steps(self) -> int:
        if self.train.steps is not None:
            return self.train.steps
        return math.ceil(self.train.total_tokens / self.train.global_batch_tokens)

    @property
    def checkpoint_dir(self) -> str:
        return self.checkpoint.dir or os.path.join(self.train.out_dir, "checkpoints")

    @property
    def metrics_path(self) -> str:
        return self.log.jsonl or os.path.join(self.train.out_dir, "metrics.jsonl")


_SECTIONS = {
    "data": DataConfig, "optim": OptimConfig, "train": TrainConfig, "runtime": RuntimeConfig,
    "parallel": ParallelConfig, "cluster": ClusterConfig,
    "checkpoint": CheckpointConfig, "log": LogConfig, "eval": EvalConfig,
}


def load_config(path: str | None, overrides: list[str] = ()) -> Config:
    raw: dict = {}
    if path is not None:
        if not os.path.exists(path):
            raise ConfigError(f"config file not found: {path}")
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f) or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
    for item in overrides:
        _apply_override(raw, item)
    return build_config(raw)


def build_config(raw: dict) -> Config:
    unknown = set(raw) - set(_SECTIONS) - {"model"}
    if unknown:
        raise ConfigError(f"unknown config sections {sorted(unknown)}"
                          f"{_did_you_mean(unknown, set(_SECTIONS) | {'model'})}; "
                          f"known: {sorted(_SECTIONS) + ['model']}")
    try:
        model = model_args(raw.get("model") or {})
    except (TypeError, ValueError) as error:
        raise ConfigError(f"model: {error}") from None
    sections = {name: _build_section(name, cls, raw.get(name) or {}) for name, cls in _SECTIONS.items()}
    config = Config(model=model, raw=raw, **sections)
    _validate(config)
    return config


def _did_you_mean(unknown: set, known: set, section: str | None = None) -> str:
    """' (did you mean train.steps?)' for the unknown keys that have a close known spelling."""
    import difflib

    close = [f"{section + '.' if section else ''}{match[0]}" for key in sorted(unknown)
             for match in [difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.7)] if match]
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _apply_override(raw: dict, item: str) -> None:
    key, sep, value = item.partition("=")
    if not sep or "." not in key:
        raise ConfigError(f"override {item!r}: expected section.key=value")
    section, name = key.split(".", 1)
    target = raw.setdefault(section, {})
    if not isinstance(target, dict):
        raise ConfigError(f"override {item!r}: section {section!r} is not a mapping")
    target[name] = yaml.safe_load(value)


def _build_section(section: str, cls, values: dict):
    if not isinstance(values, dict):
        raise ConfigError(f"{section}: expected a mapping, got {type(values).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown keys in {section}: {sorted(unknown)}{_did_you_mean(unknown, known, section)}; "
                          f"known: {sorted(known)}")
    return cls(**{key: _coerce(f"{section}.{key}", value, hints[key]) for key, value in values.items()})


def _coerce(key: str, value, annotation):
    """Check `value` against a simple annotation; accept YAML's strings for floats ("3e-4" is a str in YAML 1.1)."""
    options = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    if value is None and type(None) in options:
        return None
    for option in options:
        origin = typing.get_origin(option)
        if option is bool and isinstance(value, bool):
            return value
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if option is float and isinstance(value, (int, float, str)) and not isinstance(value, bool):
            try:
                return float(value)
            except ValueError:
                continue
        if option is str and isinstance(value, (str, bool)):
            return str(value).lower() if isinstance(value, bool) else value
        if origin is list and isinstance(value, (list, str)):
            (item_type,) = typing.get_args(option)
            items = [value] if isinstance(value, str) else value  # `paths: out/tokens` means a list of one
            return [_coerce(key, item, item_type) for item in items]
    raise ConfigError(f"{key}: {value!r} is not a valid {annotation}")


def _validate(c: Config) -> None:
    def need(condition: bool, message: str):
        if not condition:
            raise ConfigError(message)

    need(bool(c.data.paths), "data.paths: give at least one token-shard directory")
    need(c.data.seq_len > 0, "data.seq_len must be positive")
    need(c.data.seq_len <= c.model.max_seq_len,
         f"data.seq_len {c.data.seq_len} exceeds model.max_seq_len {c.model.max_seq_len}")
    need(0.0 <= c.data.val_fraction <= 0.5, "data.val_fraction must be in [0, 0.5]")
    need(c.optim.lr > 0 and 0.0 <= c.optim.min_lr_ratio <= 1.0, "optim.lr > 0 and 0 <= optim.min_lr_ratio <= 1")
    need(c.optim.warmup_steps >= 0 and c.optim.grad_clip >= 0, "optim.warmup_steps and grad_clip must be >= 0")
    need(set(c.optim.no_decay) <= {"norm", "embedding", "output"},
         f"optim.no_decay: {c.optim.no_decay}; allowed kinds: norm, embedding, output")
    need(c.train.global_batch_tokens > 0 and c.train.micro_batch_size > 0,
         "train.global_batch_tokens and train.micro_batch_size must be positive")
    need((c.train.steps is None) != (c.train.total_tokens is None),
         "set exactly one of train.steps and train.total_tokens (the schedule length)")
    need(c.schedule_steps > 0, "the schedule has no steps")
    need(c.optim.warmup_steps < c.schedule_steps,
         f"optim.warmup_steps {c.optim.warmup_steps} must be below the schedule length {c.schedule_steps} steps: "
         f"shorten the warmup, e.g. --set optim.warmup_steps={max(0, c.schedule_steps // 10)}, or lengthen the "
         f"schedule, e.g. --set " + (f"train.steps={c.optim.warmup_steps * 10}" if c.train.steps is not None
                                     else "train.total_tokens=N"))
    need(c.train.stop_at_step is None or 0 < c.train.stop_at_step <= c.schedule_steps,
         f"train.stop_at_step must be in 1..{c.schedule_steps}")
    need(c.runtime.device in ("auto", "cuda", "cpu"), "runtime.device: auto | cuda | cpu")
    need(c.runtime.dtype in ("bfloat16", "float32"), "runtime.dtype: bfloat16 | float32")
    need(c.runtime.compile in ("auto", "true", "false"), "runtime.compile: auto | true | false")
    need(c.runtime.activation_checkpointing in ("none", "selective", "full"),
         "runtime.activation_checkpointing: none | selective | full")
    need(c.parallel.shard_size is None or c.parallel.shard_size > 0, "parallel.shard_size must be positive")
    need(c.parallel.grad_sync in ("auto", "every", "defer_replica", "defer_all"),
         "parallel.grad_sync: auto | every | defer_replica | defer_all")
    need(c.parallel.timeout_minutes > 0, "parallel.timeout_minutes must be positive")
    need(c.cluster.gpu_memory_gib > 0 and c.cluster.intra_node_gbps > 0 and c.cluster.inter_node_gbps > 0
         and 0 < c.cluster.assumed_mfu <= 1, "cluster: memory and bandwidths positive, 0 < assumed_mfu <= 1")
    need(c.cluster.gpus_per_node is None or c.cluster.gpus_per_node > 0, "cluster.gpus_per_node must be positive")
    for path in c.data.paths:
        need("://" not in path, f"data.paths: {path} is remote; the trainer memory-maps local files. Stage the shards "
             f"to a local disk on every node first (e.g. `gcloud storage cp -r` / `aws s3 sync` to "
             f"/local/tokens) and set data.paths to that directory")
    need(c.checkpoint.every_steps >= 0 and c.checkpoint.keep_last >= 1,
         "checkpoint.every_steps >= 0 and checkpoint.keep_last >= 1")
    need(c.log.every_steps > 0, "log.every_steps must be positive")
    need(c.eval.every_steps >= 0 and c.eval.samples >= 0, "eval.every_steps and eval.samples must be >= 0")


def as_yaml(config: Config) -> str:
    return yaml.safe_dump(config.raw, sort_keys=False)


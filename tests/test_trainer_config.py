"""trainer_bridge.config and optim: the YAML presets users run, overrides, refusals, the paper's schedule."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from trainer_bridge.config import ConfigError, build_config, load_config
from trainer_bridge.model import Transformer
from trainer_bridge.optim import build_optimizer, build_scheduler, lr_multiplier, parameter_kind
from trainer_bridge.presets import model_args

CONFIGS = Path(__file__).resolve().parents[1] / "configs" / "train"


@pytest.mark.parametrize("path", sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_loads_and_is_consistent(path):
    cfg = load_config(str(path))
    assert cfg.train.global_batch_tokens % cfg.data.seq_len == 0
    assert cfg.schedule_steps > cfg.optim.warmup_steps


def test_paper_configs_carry_the_paper_settings():
    cfg = load_config(str(CONFIGS / "llama1_65b.yaml"))
    assert (cfg.model.dim, cfg.model.n_layers, cfg.model.n_heads, cfg.model.norm_eps) == (8192, 80, 64, 1e-5)
    assert cfg.optim.lr == 1.5e-4 and cfg.train.global_batch_tokens == 4 * 2**20
    assert (cfg.optim.beta1, cfg.optim.beta2, cfg.optim.eps, cfg.optim.weight_decay) == (0.9, 0.95, 1e-5, 0.1)
    assert (cfg.optim.grad_clip, cfg.optim.warmup_steps, cfg.optim.min_lr_ratio) == (1.0, 2000, 0.1)
    assert cfg.schedule_steps == math.ceil(1.4e12 / 4194304)
    one_b = load_config(str(CONFIGS / "llama_1b.yaml"))
    assert (one_b.model.dim, one_b.model.n_layers, one_b.model.kv_heads, one_b.model.hidden_dim) == (2048, 22, 4, 5632)


def test_overrides_and_yaml_float_strings():
    overrides = ["optim.lr=1e-3", "train.steps=7", "optim.warmup_steps=2", "model.dim=32"]
    cfg = load_config(str(CONFIGS / "tiny_cpu.yaml"), overrides)
    assert cfg.optim.lr == 1e-3 and cfg.schedule_steps == 7 and cfg.model.dim == 32
    assert cfg.model.n_layers == 2  # the rest of the preset stays
    assert load_config(str(CONFIGS / "tiny_cpu.yaml"), ["data.paths=out/x"]).data.paths == ["out/x"]


@pytest.mark.parametrize("raw, message", [
    ({"optim": {"lrr": 1.0}}, "unknown keys in optim"),
    ({"trian": {}}, "unknown config sections"),
    ({"train": {"micro_batch_size": "four"}}, "train.micro_batch_size"),
    ({"train": {"steps": 10, "total_tokens": 10**9}}, "exactly one of"),
    ({"optim": {"warmup_steps": 20}}, "below the schedule length"),
    ({"data": {"seq_len": 4096}}, "exceeds model.max_seq_len"),
    ({"runtime": {"activation_checkpointing": "some"}}, "none | selective | full"),
    ({"parallel": {"grad_sync": "later"}}, "every | defer_replica | defer_all"),
    ({"parallel": {"shard_size": 0}}, "shard_size must be positive"),
    ({"data": {"paths": ["gs://bucket/tokens"]}}, "Stage the shards to a local disk"),
])
def test_config_mistakes_are_refused_before_anything_runs(raw, message):
    base = {"model": {"preset": "tiny"}, "data": {"paths": ["x"], "seq_len": 64}, "train": {"steps": 20},
            "optim": {"warmup_steps": 2}}
    build_config(base)  # valid as it is: each case below breaks one thing
    for section, values in raw.items():
        base[section] = {**base.get(section, {}), **values}
    with pytest.raises(ConfigError, match=message):
        build_config(base)


def test_schedule_warms_up_linearly_then_decays_by_cosine_to_ten_percent():
    assert lr_multiplier(1, 2000, 100000, 0.1) == pytest.approx(1 / 2000)
    assert lr_multiplier(2000, 2000, 100000, 0.1) == 1.0
    assert lr_multiplier(51000, 2000, 100000, 0.1) == pytest.approx(0.55)  # halfway through the cosine
    assert lr_multiplier(100000, 2000, 100000, 0.1) == pytest.approx(0.1)
    assert lr_multiplier(150000, 2000, 100000, 0.1) == pytest.approx(0.1)
    values = [lr_multiplier(s, 2000, 100000, 0.1) for s in range(2000, 100001, 500)]
    assert all(a >= b for a, b in zip(values, values[1:]))


def test_optimizer_excludes_norms_and_embeddings_from_weight_decay_and_scheduler_drives_lr():
    cfg = build_config({"model": {"preset": "tiny"}, "data": {"paths": ["x"], "seq_len": 64},
                        "train": {"steps": 10}, "optim": {"warmup_steps": 2, "lr": 1e-3}})
    model = Transformer(model_args({"preset": "tiny"}))
    optimizer = build_optimizer(model, cfg.optim, "cpu")
    decayed = {id(p) for p in optimizer.param_groups[0]["params"]}
    for name, param in model.named_parameters():
        assert (id(param) in decayed) == (parameter_kind(name) in ("matrix", "output")), name
    assert optimizer.param_groups[0]["weight_decay"] == 0.1 and optimizer.param_groups[1]["weight_decay"] == 0.0
    assert optimizer.defaults["betas"] == (0.9, 0.95) and optimizer.defaults["eps"] == 1e-5
    scheduler = build_scheduler(optimizer, cfg.optim, cfg.schedule_steps)
    seen = []
    for _ in range(10):
        seen.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    assert seen[0] == pytest.approx(5e-4) and seen[1] == pytest.approx(1e-3) and seen[-1] == pytest.approx(1e-4)
    assert parameter_kind("layers.0._checkpoint_wrapped_module.attention_norm.weight") == "norm"


def test_the_trainer_never_imports_apache_beam():
    import subprocess
    import sys

    code = ("import sys, trainer_bridge.train, trainer_bridge.hf, bench.trainer_gpu; "
            "sys.exit('apache_beam' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=CONFIGS.parents[1]).returncode == 0

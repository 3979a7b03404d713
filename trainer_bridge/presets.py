"""Named model shapes. LLaMA-1 rows are the paper's Table 2 (docs/RECIPE.md section 10); Llama 2 adds context 4096,
eps 1e-5 and grouped-query attention for 70B. The FFN width follows Meta's rule (2/3 * 4d, multiple of 256),
which reproduces the released 11008 / 13824 / 17920 / 22016 / 28672."""
from __future__ import annotations

from dataclasses import fields

from trainer_bridge.model import ModelArgs

MODEL_PRESETS: dict[str, dict] = {
    "llama1-7b": dict(dim=4096, n_layers=32, n_heads=32, norm_eps=1e-6),
    "llama1-13b": dict(dim=5120, n_layers=40, n_heads=40, norm_eps=1e-6),
    "llama1-33b": dict(dim=6656, n_layers=60, n_heads=52, norm_eps=1e-6),
    "llama1-65b": dict(dim=8192, n_layers=80, n_heads=64, norm_eps=1e-5),
    "llama2-7b": dict(dim=4096, n_layers=32, n_heads=32, norm_eps=1e-5, max_seq_len=4096),
    "llama2-13b": dict(dim=5120, n_layers=40, n_heads=40, norm_eps=1e-5, max_seq_len=4096),
    "llama2-70b": dict(
        dim=8192, n_layers=80, n_heads=64, n_kv_heads=8, ffn_dim_multiplier=1.3, multiple_of=4096,
        norm_eps=1e-5, max_seq_len=4096,
    ),
    # ~1.1B single-GPU model (TinyLlama's shape): 22 layers, GQA with 4 KV heads, FFN 5632.
    "llama-1.1b": dict(dim=2048, n_layers=22, n_heads=32, n_kv_heads=4, ffn_dim=5632, norm_eps=1e-5),
    # Test-sized models with the real 32000-token vocabulary.
    "tiny": dict(dim=64, n_layers=2, n_heads=4, n_kv_heads=2, ffn_dim=192, max_seq_len=256),
    "tiny-mha": dict(dim=64, n_layers=2, n_heads=4, ffn_dim=192, max_seq_len=256),
}

_ARG_NAMES = {f.name for f in fields(ModelArgs)}


def model_args(section: dict) -> ModelArgs:
    """A config's `model:` section: an optional `preset` name plus field overrides."""
    section = dict(section)
    preset = section.pop("preset", None)
    unknown = set(section) - _ARG_NAMES
    if unknown:
        raise ValueError(f"unknown model keys {sorted(unknown)}; known: {sorted(_ARG_NAMES | {'preset'})}")
    if preset is None:
        return ModelArgs(**section)
    if preset not in MODEL_PRESETS:
        raise ValueError(f"unknown model preset {preset!r}; known: {sorted(MODEL_PRESETS)}")
    return ModelArgs(**{**MODEL_PRESETS[preset], **section})

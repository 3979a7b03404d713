"""The mixture to sample: per-source proportion of training tokens and the most epochs a source may be seen.

Defaults are the LLaMA-1 mixture (docs/RECIPE.md section 1, paper Table 1). Configuration follows the project's
convention: code defaults <- the `mixture:` section of a YAML file <- `--set key.path=value` overrides, e.g.
`--set sources.github.proportion=0 --set target_tokens=1e9`.

`epochs` is read as a ceiling: the paper's figures are what 1.4T tokens at those proportions made of each
source, so a source may be repeated (epochs > 1) or subsampled (< 1) up to that many passes, never more.
"""
from __future__ import annotations

import dataclasses

from pipeline.config import apply_assignments, deep_merge
from sources.registry import SOURCES

LLAMA1_SOURCES = {
    "commoncrawl": {"proportion": 0.670, "epochs": 1.10},
    "c4": {"proportion": 0.150, "epochs": 1.06},
    "github": {"proportion": 0.045, "epochs": 0.64},
    "wikipedia": {"proportion": 0.045, "epochs": 2.45},
    "books": {"proportion": 0.045, "epochs": 2.23},
    "arxiv": {"proportion": 0.025, "epochs": 1.06},
    "stackexchange": {"proportion": 0.020, "epochs": 1.03},
}

DEFAULTS = {
    "seed": 0,
    # null: the largest budget every present source can fill at its proportion without exceeding its epochs
    "target_tokens": None,
    # a realized proportion further than this from its target (percentage points) is reported
    "tolerance_pp": 1.0,
    "sources": LLAMA1_SOURCES,
}


class MixtureConfigError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class SourceTarget:
    proportion: float
    epochs: float


@dataclasses.dataclass(frozen=True)
class MixtureConfig:
    sources: dict  # name -> SourceTarget, in registry order
    seed: int = 0
    target_tokens: int | None = None
    tolerance_pp: float = 1.0

    def as_dict(self) -> dict:
        return {
            "seed": self.seed,
            "target_tokens": self.target_tokens,
            "tolerance_pp": self.tolerance_pp,
            "sources": {name: dataclasses.asdict(t) for name, t in self.sources.items()},
        }


def mixture_config(file_config: dict | None = None, overrides: list[str] | None = None) -> MixtureConfig:
    """Defaults <- `file_config["mixture"]` <- overrides (keys relative to the mixture section)."""
    merged = deep_merge(DEFAULTS, (file_config or {}).get("mixture") or {})
    merged = apply_assignments(merged, [o.removeprefix("mixture.") for o in overrides or []])
    return validate(merged)


def config_keys() -> dict:
    """Every key a `mixture:` section may hold, as a tree (for a checker that names a typo's exact path)."""
    fields = dict.fromkeys(f.name for f in dataclasses.fields(SourceTarget))
    return {**dict.fromkeys(DEFAULTS), "sources": {name: dict(fields) for name in SOURCES}}


def validate(raw: dict) -> MixtureConfig:
    unknown_keys = set(raw) - set(DEFAULTS)
    if unknown_keys:
        raise MixtureConfigError(f"unknown mixture setting(s): {', '.join(sorted(unknown_keys))}; "
                                 f"known: {', '.join(DEFAULTS)}")
    unknown_sources = [s for s in raw["sources"] if s not in SOURCES]
    if unknown_sources:
        raise MixtureConfigError(f"unknown source(s) in the mixture: {', '.join(unknown_sources)}; "
                                 f"sources: {', '.join(SOURCES)}")
    sources = {}
    for name in SOURCES:
        entry = raw["sources"].get(name) or {"proportion": 0.0, "epochs": 0.0}
        extra = set(entry) - {"proportion", "epochs"}
        if extra:
            raise MixtureConfigError(f"{name}: unknown field(s) {', '.join(sorted(extra))} (proportion, epochs)")
        try:
            proportion, epochs = float(entry.get("proportion", 0.0)), float(entry.get("epochs", 0.0))
        except (TypeError, ValueError):
            raise MixtureConfigError(f"{name}: proportion and epochs must be numbers, got {entry}") from None
        if proportion < 0 or epochs < 0:
            raise MixtureConfigError(f"{name}: proportion and epochs must be >= 0, got {entry}")
        if proportion > 0 and epochs == 0:
            raise MixtureConfigError(f"{name}: proportion {proportion} with 0 epochs can never be drawn")
        sources[name] = SourceTarget(proportion, epochs)
    total = sum(t.proportion for t in sources.values())
    if total <= 0:
        raise MixtureConfigError("every source has proportion 0: nothing to sample")
    if abs(total - 1.0) > 1e-3:
        raise MixtureConfigError(f"proportions sum to {total:.4f}, expected 1")
    target = raw.get("target_tokens")
    if target is not None:
        target = int(float(target))
        if target <= 0:
            raise MixtureConfigError(f"target_tokens must be positive, got {raw.get('target_tokens')}")
    return MixtureConfig(sources=sources, seed=int(raw.get("seed") or 0), target_tokens=target,
                         tolerance_pp=float(raw.get("tolerance_pp", 1.0)))

"""The models step: CCNet language models and the Wikipedia-reference classifier for the commoncrawl source.

Given in the config (`models.lm.dir`, `models.wiki_ref.model`: e.g. cc_net's published models), they are used as
they are. Otherwise they are trained here, with cc_net's definitions: the perplexity cutoffs are percentiles of
crawled documents, and the classifier learns the pages cited by the Wikipedia input against the other crawled
pages. Both statistics come from a bounded, deterministic sample of the crawl: the `models.sample_files` crawl files
with the smallest hash of their path (the same files whatever the listing order), run through the commoncrawl
source's first stages (read, line dedup, language ID) as a Beam job. Not a second pass over the whole crawl.
"""
from __future__ import annotations

import hashlib

from pipeline.io import join_path, match_paths
from pipeline.runner import is_dry_run
from recipe.sources_job import RecipeError, run_sources
from sources.commoncrawl.transform import SAMPLE_PASS_OVERRIDES

DEFAULT_SAMPLE_FILES = 64

# Every key of the config's `models:` section that this step reads; recipe/run.py rejects any other before the run.
# `args` stays open: its keys are train-lm's and train-ref-classifier's own flags (see _flags).
CONFIG_KEYS = {"lm": {"dir": None, "train": None, "args": None},
               "wiki_ref": {"model": None, "train": None, "args": None},
               "sample_files": None}


def needs_training(config: dict, inputs: dict) -> tuple[bool, bool]:
    """(train the language models here, train the reference classifier here)."""
    if "commoncrawl" not in inputs:
        return False, False
    models = config.get("models") or {}
    lm, ref = models.get("lm") or {}, models.get("wiki_ref") or {}
    return (not lm.get("dir") and lm.get("train", True), not ref.get("model") and ref.get("train", True))


def sample_files(paths: list[str], count: int) -> list[str]:
    """The `count` paths with the smallest hash: a deterministic, evenly spread sample of the crawl's files."""
    return sorted(sorted(paths, key=lambda p: hashlib.blake2b(p.encode("utf-8"), digest_size=8).digest())[:count])


def _flags(args: dict | None) -> list[str]:
    """{"vocab_size": 8000, "languages": [en, de]} -> ["--vocab-size=8000", "--languages=en,de"]"""
    out = []
    for key, value in (args or {}).items():
        value = ",".join(map(str, value)) if isinstance(value, list) else value
        out.append(f"--{key.replace('_', '-')}={value}")
    return out


def _check(code: int, what: str) -> None:
    if code != 0:
        raise RecipeError(f"{what} failed (exit code {code})")


def commoncrawl_params(config: dict, output: str) -> dict:
    """The commoncrawl source's model parameters once this step has run (configured or trained paths)."""
    train_lm, train_ref = needs_training(config, config.get("inputs") or {})
    models = config.get("models") or {}
    lm_dir = join_path(output, "models", "lm") if train_lm else (models.get("lm") or {}).get("dir")
    ref_model = join_path(output, "models", "wiki_ref.bin") if train_ref else (models.get("wiki_ref") or {}).get("model")
    params: dict = {}
    if lm_dir:
        params["perplexity"] = {"models": lm_dir}
    if ref_model:
        params["wiki_ref"] = {"model": ref_model}
    return params


def prepare_quality_models(config: dict, output: str, options, step, log=print) -> dict:
    """Train the models the config does not give; returns {"lm_dir", "ref_model", "sample_files"}."""
    inputs = config.get("inputs") or {}
    train_lm_here, train_ref_here = needs_training(config, inputs)
    models = config.get("models") or {}
    lm, ref = models.get("lm") or {}, models.get("wiki_ref") or {}
    params = commoncrawl_params(config, output)
    outcome = {"lm_dir": (params.get("perplexity") or {}).get("models"),
               "ref_model": (params.get("wiki_ref") or {}).get("model")}
    if not (train_lm_here or train_ref_here):
        return outcome
    if "wikipedia" not in inputs:
        raise RecipeError("commoncrawl's quality models need a wikipedia input to train from, "
                          "or set models.lm.dir and models.wiki_ref.model")
    count = int(models.get("sample_files") or DEFAULT_SAMPLE_FILES)
    sample_dir = join_path(output, "work", "quality_sample")
    sample_docs = join_path(sample_dir, "docs", "commoncrawl", "*.parquet")
    if is_dry_run(options):
        # Listing gs:// from the launcher is exactly what a dry run must not do: the job is translated on the pattern.
        with step(f"models: crawl sample job (at most {count} files of the crawl; read, line dedup, language ID)"):
            run_sources(options, inputs, config, sample_dir, only=["commoncrawl"],
                        overrides={"commoncrawl": SAMPLE_PASS_OVERRIDES})
        log(f"  then on this machine: train-lm on {inputs['wikipedia']} -> {outcome['lm_dir']} (cutoffs from "
            f"{sample_docs}); train-ref-classifier -> {outcome['ref_model']}")
        return outcome
    chosen = sample_files(match_paths(inputs["commoncrawl"]), count)
    dumps = match_paths(inputs["wikipedia"])
    if not dumps:
        raise RecipeError(f"no Wikipedia dump matches {inputs['wikipedia']}")
    with step(f"models: crawl sample job ({len(chosen)} crawl files by path hash; read, line dedup, language ID)"):
        run_sources(options, {"commoncrawl": chosen}, config, sample_dir, only=["commoncrawl"],
                    overrides={"commoncrawl": SAMPLE_PASS_OVERRIDES})
    if train_lm_here:
        from sources.commoncrawl import train_lm

        with step(f"models: CCNet language models from {len(dumps)} Wikipedia dump(s) (train-lm)"):
            argv = [a for d in dumps for a in ("--dump", d)] + ["--output", outcome["lm_dir"],
                                                                 "--cutoff-docs", sample_docs]
            _check(train_lm.main(argv + _flags(lm.get("args"))), "train-lm")
    if train_ref_here:
        from sources.commoncrawl import train_ref_classifier

        with step("models: Wikipedia-reference classifier (train-ref-classifier)"):
            argv = ["--documents", sample_docs, "--output", outcome["ref_model"]]
            argv += [a for d in dumps for a in ("--wiki-dump", d)] + _flags(ref.get("args"))
            _check(train_ref_classifier.main(argv), "train-ref-classifier")
    return {**outcome, "sample_files": chosen}

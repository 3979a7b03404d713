"""The whole recipe in one command: `python -m recipe.run --source all --config configs/demo.yaml`.

Steps (each prints its progress; every artifact lands under the output directory):

  models     CCNet language models (`train-lm`) and the Wikipedia-reference classifier (`train-ref-classifier`),
             unless the config points at existing ones; their statistics come from a Beam job over a bounded,
             deterministic sample of the crawl's files (recipe/quality_models.py)
  sources    all seven sources in ONE Beam pipeline -> <out>/docs/<source>/, rejects, report/run_<source>.json
  tokenizer  a Beam job draws the sample, SentencePiece BPE (LLaMA spec) trains on it here -> <out>/tokenizer/
  shards     mixture draw + encoding into Megatron shards (`encode-shards`, a Beam job) -> <out>/tokens/
  train      here for a local run that fits this machine, else <out>/train/launch_train.sh for the cluster
  report     <out>/report/index.html with PNG plots

Resumable: each step records a manifest (recipe/manifest.py); a rerun skips the steps whose inputs, settings and
upstream outputs did not change and whose outputs are still there. `--force STEP` (repeatable, or `all`) redoes one.
A dry run (`--dry_run=True` on Dataflow) builds and translates every Beam job and prints what each would read and
write; it reads, lists and writes nothing (no manifest is consulted either).

The config (see configs/demo.yaml and configs/llama1.yaml) holds `output`, `inputs` (one glob per source),
`sources` (per-source parameters, as for single-source runs), `models`, `tokenizer`, `mixture`, `shards`, `train`.
Beam flags on the command line (--runner, --direct_running_mode, Dataflow/S3 options) apply to every Beam job.
"""
from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager

from apache_beam.io.filesystems import FileSystems

from pipeline.io import join_path, match_paths, open_raw
from pipeline.runner import is_dry_run
from pipeline.report import unreconciled_message
from recipe.manifest import Manifests, digest, listing
from recipe.quality_models import commoncrawl_params, needs_training, prepare_quality_models
from recipe.report_page import source_reports, write_report_page
from recipe.sources_job import RecipeError, run_sources
from recipe.tokenizer_step import train_tokenizer
from recipe.training import encode_shards, train_model
from sources.registry import SOURCES

STEPS = ("models", "sources", "tokenizer", "shards", "train", "report")
__all__ = ["RecipeError", "STEPS", "run_recipe"]


@contextmanager
def step(title: str, log=print):
    log(f"\n=== {title}", flush=True)
    start = time.monotonic()
    yield
    log(f"=== {title}: done in {time.monotonic() - start:.1f}s", flush=True)


def _file_digest(path: str) -> str:
    with open_raw(path) as f:
        return hashlib.sha256(f.read()).hexdigest()


class Recipe:
    """One `--source all` run: the steps in order, each skipped when its manifest still matches."""

    def __init__(self, options, config: dict, output: str, config_path: str | None, beam_argv: list[str],
                 force: list[str] | None = None, log=print):
        self.options, self.config, self.output = options, config, output
        self.config_path, self.beam_argv, self.log = config_path, beam_argv, log
        self.inputs = config.get("inputs") or {}
        self.sources = [n for n in SOURCES if n in self.inputs]
        self.dry_run = is_dry_run(options)
        force = set(force or ())
        unknown = force - set(STEPS) - {"all"}
        if unknown:
            raise RecipeError(f"--force: unknown step(s) {', '.join(sorted(unknown))}; steps: {', '.join(STEPS)}")
        self.manifests = Manifests(output, set(STEPS) if "all" in force else force, log=log)
        self.ran: list[str] = []

    def _step(self, name: str, title: str, key, run, files):
        """Run `run()` unless the manifest of `name` matches `key()`; returns the step's outputs."""
        if self.dry_run:
            with step(f"{name} (dry run): {title}", self.log):
                return run()
        key = key()
        done = self.manifests.done(name, key)
        if done is not None:
            self.log(f"\n=== {name}: already done with these inputs and settings, skipped "
                     f"({self.manifests.path(name)}; --force {name} redoes it)", flush=True)
            return done
        started = time.monotonic()
        with step(f"{name}: {title}", self.log):
            outputs = run()
        self.manifests.record(name, key, outputs, files(outputs), time.monotonic() - started)
        self.ran.append(name)
        return outputs

    def _section(self, name: str):
        return self.config.get(name)

    # -------------------------------------------------------------------------------------------- the steps

    def models(self) -> dict:
        if not any(needs_training(self.config, self.inputs)):
            return {"commoncrawl": commoncrawl_params(self.config, self.output)}

        def key():
            return {"commoncrawl": listing(self.inputs["commoncrawl"]),
                    "wikipedia": listing(self.inputs["wikipedia"]) if "wikipedia" in self.inputs else None,
                    "models": self._section("models"),
                    "commoncrawl_params": (self._section("sources") or {}).get("commoncrawl")}

        def run():
            prepare_quality_models(self.config, self.output, self.options, lambda t: step(t, self.log), self.log)
            return {"commoncrawl": commoncrawl_params(self.config, self.output)}

        def files(outputs):
            params = outputs["commoncrawl"]
            lm_dir = (params.get("perplexity") or {}).get("models")
            found = match_paths(join_path(lm_dir, "*")) if lm_dir else []
            return found + ([params["wiki_ref"]["model"]] if "wiki_ref" in params else [])

        return self._step("models", "quality models of the commoncrawl source", key, run, files)

    def sources_step(self, models: dict) -> dict:
        def key():
            return {"inputs": {name: listing(self.inputs[name]) for name in self.sources},
                    "sources": self._section("sources"), "models": models}

        def run():
            reports = run_sources(self.options, self.inputs, self.config, self.output,
                                  overrides={"commoncrawl": models["commoncrawl"]}, log=self.log)
            failed = [unreconciled_message(r) for r in reports if not r["reconciled"]]
            if failed:
                raise RecipeError("; ".join(failed) + " (see report/run_*.json)")
            return {"documents": {r["source"]: r["documents_out"] for r in reports}, "reports": digest(reports)}

        def files(outputs):
            return [join_path(self.output, "report", f"run_{name}.json") for name in self.sources]

        return self._step("sources", f"{', '.join(self.sources)} (one Beam job)", key, run, files)

    def tokenizer(self, sources: dict) -> dict:
        def key():
            return {"tokenizer": self._section("tokenizer"), "sources": sources}

        return self._step("tokenizer", "Beam sample job, then SentencePiece BPE with the LLaMA spec here", key,
                          lambda: train_tokenizer(self.config, self.output, self.sources, self.options, self.log),
                          lambda outputs: [outputs["model"]])

    def shards(self, sources: dict, tokenizer: dict) -> dict:
        manifest = join_path(self.output, "tokens", "manifest.json")

        def key():
            return {"mixture": self._section("mixture"), "shards": self._section("shards"), "sources": sources,
                    "tokenizer": tokenizer}

        def run():
            tokens = encode_shards(self.config, self.output, tokenizer["model"], self.config_path, self.beam_argv,
                                   self.options, self.log)
            return {"tokens": tokens, "manifest": None if self.dry_run else _file_digest(manifest)}

        return self._step("shards", "mixture draw and encoding (encode-shards, a Beam job)", key, run,
                          lambda outputs: [manifest])

    def train(self, shards: dict, tokenizer: dict) -> dict | None:
        train = self._section("train") or {}
        if not train.get("config"):
            return None

        def key():
            return {"train": train, "trainer_config": _file_digest(train["config"]), "shards": shards}

        def files(outputs):
            if outputs["where"] == "cluster":
                return [outputs["script"]]
            return [join_path(outputs["out_dir"], "metrics.jsonl")]

        return self._step("train", "pretraining on the shards (here, or a launch script for a cluster)", key,
                          lambda: train_model(self.config, self.output, shards["tokens"], tokenizer["vocab_size"],
                                              self.options, self.log), files)

    def report(self, upstream: dict, models: dict) -> str | None:
        if self.dry_run:
            self.log(f"\n=== report (dry run): would write {join_path(self.output, 'report', 'index.html')}")
            return None
        models_dir = (models["commoncrawl"].get("perplexity") or {}).get("models")
        wiki_ref_model = (models["commoncrawl"].get("wiki_ref") or {}).get("model")
        page = join_path(self.output, "report", "index.html")
        outputs = self._step("report", "HTML page and plots", lambda: {"upstream": upstream},
                             lambda: {"page": write_report_page(self.output, self.sources, models_dir, wiki_ref_model,
                                                                self.config, self.config_path)},
                             lambda outputs: [page])
        return outputs["page"]

    def run(self) -> dict:
        unknown = sorted(set(self.inputs) - set(SOURCES))
        if unknown:
            raise RecipeError(f"unknown source(s) in inputs: {', '.join(unknown)}")
        started = time.monotonic()
        models = self.models()
        sources = self.sources_step(models)
        tokenizer = self.tokenizer(sources)
        shards = self.shards(sources, tokenizer)
        train = self.train(shards, tokenizer)
        page = self.report({"models": models, "sources": sources, "tokenizer": tokenizer, "shards": shards,
                            "train": train}, models)
        summary = {"output": self.output, "steps_run": self.ran, "seconds": round(time.monotonic() - started, 1)}
        if self.dry_run:
            self.log(f"\ndry run: every Beam job of the recipe was built and translated in {summary['seconds']}s; "
                     "nothing was read, submitted or written")
            return summary
        summary.update({"sources": (sources or {}).get("documents"), "train": train, "report": page})
        if not self.ran:
            self.log(f"\nnothing to do: every step of {self.output} is done with these inputs and settings "
                     "(--force STEP redoes one)", flush=True)
        else:
            self.log(f"\nrecipe finished in {summary['seconds']}s (ran: {', '.join(self.ran)}); report: {page}",
                     flush=True)
        return summary


def run_recipe(options, file_config: dict, output: str, config_path: str | None, beam_argv: list[str],
               force: list[str] | None = None) -> dict:
    return Recipe(options, file_config, output, config_path, beam_argv, force).run()

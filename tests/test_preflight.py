"""Usage errors are one line (`error: ...` on stderr), exit code 2, and nothing is written (issue 12)."""
import gzip

import pytest

import pipeline.preflight as preflight_module
from tests.conftest import run_cli

GOOD_LINE = b'{"text": "hello world", "url": "https://u/", "timestamp": "2019-04-25T12:57:54Z"}\n'


@pytest.fixture
def c4_input(tmp_path):
    path = tmp_path / "in" / "c4-a.json.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress(GOOD_LINE))
    return path


def assert_one_line_error(capsys, code, *words):
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: ") and len(err.splitlines()) == 1, err
    for word in words:
        assert word in err, err


def test_an_input_glob_matching_nothing(tmp_path, capsys):
    code = run_cli(["--source", "c4", "--input", tmp_path / "nothing" / "*.json.gz", "--output", tmp_path / "out"])
    assert_one_line_error(capsys, code, "no input matches", "nothing")
    assert not (tmp_path / "out").exists()


def test_an_output_path_that_is_a_regular_file(tmp_path, capsys, c4_input):
    (tmp_path / "out").write_text("keep me")
    code = run_cli(["--source", "c4", "--input", c4_input, "--output", tmp_path / "out"])
    assert_one_line_error(capsys, code, "is a file")
    code = run_cli(["--source", "c4", "--input", c4_input, "--output", tmp_path / "out" / "sub"])
    assert_one_line_error(capsys, code, "is a file")
    assert (tmp_path / "out").read_text() == "keep me"


def test_an_unreadable_input(tmp_path, capsys, c4_input, monkeypatch):
    def refuse(path, mode="r", *args, **kwargs):  # permissions mean nothing to root, so refuse the open itself
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(preflight_module, "open", refuse, raising=False)
    code = run_cli(["--source", "c4", "--input", c4_input, "--output", tmp_path / "out"])
    assert_one_line_error(capsys, code, "cannot read input", str(c4_input), "Permission denied")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text,line", [
    ("source: c4\nsources:\n  c4: [a, b\n", 4),
    ("source: c4\ninput: x\n  output: y\n", 3),
    ("source: c4\n\tinput: x\n", 2),
])
def test_a_bad_yaml_config_names_the_file_and_line(tmp_path, capsys, text, line):
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    code = run_cli(["--config", config, "--output", tmp_path / "out"])
    assert_one_line_error(capsys, code, f"{config}:{line}:", "invalid YAML")
    assert not (tmp_path / "out").exists()


def test_an_unreadable_config(tmp_path, capsys):
    code = run_cli(["--config", tmp_path / "missing.yaml", "--output", tmp_path / "out"])
    assert_one_line_error(capsys, code, "cannot read config", "missing.yaml")


def test_a_good_command_line_passes(tmp_path, c4_input):
    preflight_module.preflight(["--source", "c4", "--input", str(c4_input), "--output", str(tmp_path / "new" / "out")])

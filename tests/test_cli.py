import json

import pytest

from pipeline.config import apply_assignments, source_config
from tests.conftest import run_cli


def test_help_lists_every_source_and_what_it_expects(capsys):
    assert run_cli(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ["commoncrawl", "c4", "github", "wikipedia", "books", "arxiv", "stackexchange"]:
        assert name in out
    assert "WET" in out and "Posts.xml" in out and "--runner" in out


def test_unknown_source_is_a_clear_error_not_a_traceback(capsys, tmp_path):
    assert run_cli(["--source", "nope", "--input", "x", "--output", tmp_path]) == 2
    assert "--source must be one of" in capsys.readouterr().err


def test_missing_input_names_what_the_source_expects(capsys, tmp_path):
    assert run_cli(["--source", "commoncrawl", "--output", tmp_path]) == 2
    assert "WET" in capsys.readouterr().err


def test_config_file_values_are_overridden_by_flags(tmp_path):
    defaults = {"min_doc_chars": 300, "langid": {"threshold": 0.5, "languages": None}}
    file_config = {"sources": {"commoncrawl": {"langid": {"threshold": 0.7}}}}
    params = source_config(defaults, file_config, "commoncrawl", ["langid.languages=[en, de]"])
    assert params == {"min_doc_chars": 300, "langid": {"threshold": 0.7, "languages": ["en", "de"]}}
    params = source_config(defaults, file_config, "commoncrawl", ["sources.commoncrawl.min_doc_chars=10"])
    assert params["min_doc_chars"] == 10 and params["langid"]["threshold"] == 0.7


def test_unknown_parameter_is_rejected():
    with pytest.raises(ValueError, match="unknown commoncrawl parameter"):
        source_config({"a": 1}, {}, "commoncrawl", ["b=2"])
    with pytest.raises(ValueError, match="key.path=value"):
        apply_assignments({}, ["novalue"])


def test_yaml_config_drives_a_run(tmp_path, corpora):
    config = tmp_path / "cc.yaml"
    config.write_text(
        "source: commoncrawl\n"
        f"input: {corpora}/commoncrawl/whirlwind*wet.gz\n"
        f"output: {tmp_path}/out\n"
        "sources:\n  commoncrawl:\n    langid: {languages: [en]}\n"
    )
    assert run_cli(["--config", config]) == 1  # the only page is not English: 0 documents is an error...
    assert run_cli(["--config", config, "--allow-empty"]) == 0  # ...unless allowed
    report = json.loads((tmp_path / "out" / "report" / "run_commoncrawl.json").read_text())
    langid = next(s for s in report["stages"] if s["name"] == "langid")
    assert langid["dropped"] == {"language_not_selected": 1}
    assert run_cli(["--config", config, "--output", tmp_path / "out2", "--set", "langid.languages=null"]) == 0
    report = json.loads((tmp_path / "out2" / "report" / "run_commoncrawl.json").read_text())
    assert report["documents_out"] == 1


def test_unknown_nested_parameter_is_a_usage_error(capsys, tmp_path, corpora):
    argv = ["--source", "commoncrawl", "--input", corpora / "commoncrawl" / "whirlwind*wet.gz", "--output", tmp_path,
            "--set", "langid.treshold=0.7"]
    assert run_cli(argv) == 2
    assert "unknown commoncrawl parameter langid.treshold (did you mean langid.threshold?" in capsys.readouterr().err


def test_typo_in_a_config_file_is_reported():
    with pytest.raises(ValueError, match=r"langid\.treshold"):
        source_config({"langid": {"threshold": 0.5}}, {"sources": {"commoncrawl": {"langid": {"treshold": 1}}}},
                      "commoncrawl", None)



def test_the_paper_config_names_only_known_parameters():
    import yaml

    from sources.registry import SOURCES

    config = yaml.safe_load(open("configs/llama1.yaml"))
    assert set(config["inputs"]) == set(SOURCES)
    for name, spec in SOURCES.items():
        source_config(spec.load().DEFAULTS, config, name, None)

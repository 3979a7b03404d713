"""The traps a new user meets, each answered by a message that says what to change (issue 14, deliverable 2)."""
import pytest
import yaml

from tests.conftest import REPO, run_cli


def test_github_tokenizer_model_checked_before_the_job(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text('{"repo_name": "a/b", "path": "x.py", "content": "print(1)\\n", '
                                             '"license": "mit"}\n')
    (tmp_path / "bad.model").write_text("not a model")
    argv = ["--source", "github", "--input", tmp_path / "in" / "*.jsonl", "--output", tmp_path / "out"]
    assert run_cli(argv + ["--set", f"tokenizer_model={tmp_path / 'bad.model'}"]) == 2
    err = capsys.readouterr().err
    assert "is not a SentencePiece model" in err and "GPT-NeoX-20B" in err
    assert not (tmp_path / "out" / "docs").exists()  # nothing ran
    assert run_cli(argv + ["--set", f"tokenizer_model={tmp_path / 'missing.model'}"]) == 2
    assert "model file not found" in capsys.readouterr().err


def test_commoncrawl_without_models_says_what_it_skips(tmp_path, capsys, corpora):
    from sources.commoncrawl.transform import DEFAULTS, launch_warnings

    assert len(launch_warnings(DEFAULTS)) == 2
    configured = {**DEFAULTS, "perplexity": {**DEFAULTS["perplexity"], "models": "lm/"},
                  "wiki_ref": {**DEFAULTS["wiki_ref"], "model": "ref.bin"}}
    assert launch_warnings(configured) == []
    argv = ["--source", "commoncrawl", "--input", corpora / "commoncrawl" / "whirlwind*wet.gz",
            "--output", tmp_path, "--allow-empty"]
    assert run_cli(argv) == 0
    err = capsys.readouterr().err
    assert "warning: commoncrawl: no perplexity.models" in err and "--set perplexity.models=DIR" in err
    assert "warning: commoncrawl: no wiki_ref.model" in err and "train-ref-classifier" in err


def test_a_classifier_that_learned_nothing_warns():
    from sources.commoncrawl.train_ref_classifier import quality_warning

    assert "no better than chance" in quality_warning({"validation_precision_at_1": 0.0, "validation_examples": 4})
    assert "not measured" in quality_warning({})
    assert quality_warning({"validation_precision_at_1": 0.9, "validation_examples": 40}) is None


def test_trainer_default_data_path_is_where_the_demo_writes():
    demo = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    tiny = yaml.safe_load((REPO / "configs" / "train" / "tiny_cpu.yaml").read_text())
    assert tiny["data"]["paths"] == [f"{demo['output']}/tokens"]
    assert demo["train"]["config"] == "configs/train/tiny_cpu.yaml"


def test_trainer_messages_name_the_set_to_use(tmp_path):
    from trainer_bridge.config import ConfigError, load_config
    from trainer_bridge.data import DataConfigError, ShardSet, _check_tokenizer

    with pytest.raises(DataConfigError, match=r"--set model\.vocab_size=4000"):
        _check_tokenizer(str(tmp_path), {"tokenizer": {"vocab_size": 4000}}, 32000, None)
    with pytest.raises(DataConfigError, match=r"does not exist.*--set data\.paths=\[DIR\]"):
        ShardSet([str(tmp_path / "nowhere")], 32000)
    with pytest.raises(ConfigError, match=r"--set optim\.warmup_steps=1\b.*--set train\.steps=200"):
        load_config(str(REPO / "configs" / "train" / "tiny_cpu.yaml"), ["train.steps=10"])


def test_trainer_set_typos_get_a_suggestion():
    from trainer_bridge.config import ConfigError, load_config

    config = str(REPO / "configs" / "train" / "tiny_cpu.yaml")
    with pytest.raises(ConfigError, match=r"unknown keys in train: \['stesp'\] \(did you mean train\.steps\?\)"):
        load_config(config, ["train.stesp=10"])
    with pytest.raises(ConfigError, match=r"\(did you mean train\?\)"):
        load_config(config, ["trian.steps=10"])

"""Every CLI: unknown flags are errors that name the flag (with a close match), both `--a-b` and `--a_b` work,
and Beam's pass-through flags are checked against the flags Beam's PipelineOptions declare."""
import importlib

import pytest

from pipeline.cli import StrictParser, UnknownFlagError, beam_args, canonical_argv
from pipeline.config import source_config
from tests.conftest import run_cli


def test_both_spellings_and_unknown_flag_named(capsys):
    parser = StrictParser(prog="x")
    parser.add_argument("--vocab-size", type=int)
    parser.add_argument("--shard_tokens", type=int)
    parsed = parser.parse_args(["--vocab_size", "3", "--shard-tokens=5"])
    assert (parsed.vocab_size, parsed.shard_tokens) == (3, 5)
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["--vocab_sise", "5"])
    assert exit_.value.code == 2
    assert "unknown flag --vocab_sise (did you mean --vocab-size?)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["--vocab"])  # no abbreviations: a prefix is not taken for a flag
    assert "unknown flag --vocab" in capsys.readouterr().err


def test_values_are_never_rewritten():
    assert canonical_argv(["--set", "a_b=--x_y", "--", "--shard_tokens"], {"--set", "--shard-tokens"}) == \
        ["--set", "a_b=--x_y", "--", "--shard_tokens"]


def test_beam_pass_through_is_checked_and_respelled():
    import pipeline.options  # noqa: F401 - CorpusOptions registers recipe.run's flags with Beam

    assert beam_args(["--runner", "FnApiRunner", "--num-workers", "3", "--num-output-shards", "2"]) == \
        ["--runner", "FnApiRunner", "--num_workers", "3", "--num_output_shards", "2"]
    with pytest.raises(UnknownFlagError, match=r"--direct_num_worker \(did you mean --direct_num_workers\?\)"):
        beam_args(["--direct_num_worker", "2"])
    with pytest.raises(UnknownFlagError, match="--vocab_sise"):
        beam_args(["--top_sites", "3", "--vocab_sise", "5"])


def test_recipe_run_names_an_unknown_flag(capsys, tmp_path):
    code = run_cli(["--source", "stackexchange", "--input", tmp_path / "x", "--output", tmp_path, "--top-site", "3"])
    assert code == 2
    assert "unknown flag --top-site (did you mean --top_sites?)" in capsys.readouterr().err


CLIS = {
    "tokenizer.train": ["--input", "x", "--output", "y"],
    "tokenizer.encode": ["--input", "x", "--tokenizer", "t", "--output", "y"],
    "sources.commoncrawl.train_lm": ["--dump", "x", "--output", "y"],
    "sources.commoncrawl.train_ref_classifier": ["--documents", "x", "--output", "y"],
    "trainer_bridge.train": ["--config", "c", "--set", "train.steps=1"],
    "trainer_bridge.export": ["--checkpoint", "c", "--output", "y"],
}


@pytest.mark.parametrize("module", sorted(CLIS))
def test_every_cli_rejects_an_unknown_flag(module, capsys):
    main = importlib.import_module(module).main
    with pytest.raises(SystemExit) as exit_:
        main(CLIS[module] + ["--sett", "z"] if module == "trainer_bridge.train" else CLIS[module] + ["--outptu", "z"])
    assert exit_.value.code == 2
    wanted = "--sett (did you mean --set?)" if module == "trainer_bridge.train" else "--outptu (did you mean --output?)"
    assert f"unknown flag {wanted}" in capsys.readouterr().err


def test_set_names_the_unknown_path_and_its_siblings():
    defaults = {"min_doc_chars": 300, "langid": {"threshold": 0.5, "languages": None}}
    with pytest.raises(ValueError) as error:
        source_config(defaults, {}, "commoncrawl", ["langid.treshold=0.6"])
    assert "langid.treshold (did you mean langid.threshold? langid holds: languages, threshold)" in str(error.value)
    with pytest.raises(ValueError, match=r"min_doc_chars is a value, not a section"):
        source_config(defaults, {}, "commoncrawl", ["min_doc_chars.x=1"])


def test_recipe_config_section_typo_is_named(capsys):
    from tests.conftest import REPO

    assert run_cli(["--source", "all", "--config", REPO / "configs" / "demo.yaml", "--set", "modles.lm.dir=x"]) == 2
    assert "unknown recipe config section modles (did you mean models?" in capsys.readouterr().err


@pytest.mark.parametrize("assignment, wanted", [
    ("models.lm.dri=x", "models.lm.dri (did you mean models.lm.dir? models.lm holds: args, dir, train)"),
    ("tokenizer.vocab_sise=5", "tokenizer.vocab_sise (did you mean tokenizer.vocab_size? tokenizer holds: "),
    ("mixture.sources.github.proportoin=1",
     "mixture.sources.github.proportoin (did you mean mixture.sources.github.proportion? "
     "mixture.sources.github holds: epochs, proportion)"),
    ("inputs.wikipeda=x", "inputs.wikipeda (did you mean inputs.wikipedia? inputs holds: arxiv, books, "),
    ("shards.shard_token=5", "shards.shard_token (did you mean shards.shard_tokens? shards holds: shard_tokens)"),
    ("train.sett=[]", "train.sett (did you mean train.set? train holds: config, resume, set, where)"),
])
def test_recipe_set_typo_at_any_depth_is_named(assignment, wanted, capsys):
    from tests.conftest import REPO

    # --dry_run=True: were the check to regress, the test fails without running the demo
    assert run_cli(["--source", "all", "--config", REPO / "configs" / "demo.yaml", "--dry_run=True",
                    "--set", assignment]) == 2
    err = capsys.readouterr().err
    assert f"error: unknown recipe config key {wanted}" in err and len(err.strip().splitlines()) == 1


def test_recipe_config_file_typo_at_depth_2_and_3_is_named(tmp_path, capsys):
    from tests.conftest import REPO

    text = (REPO / "configs" / "demo.yaml").read_text()
    for old, new, wanted in [("shard_tokens: 20000", "shard_tokns: 20000", "shards.shard_tokns (did you mean "
                                                                         "shards.shard_tokens?"),
                             ("args: {min_positives", "arg: {min_positives", "models.wiki_ref.arg (did you mean "
                                                                             "models.wiki_ref.args?")]:
        assert old in text
        path = tmp_path / "demo.yaml"
        path.write_text(text.replace(old, new))
        assert run_cli(["--source", "all", "--config", path, "--dry_run=True"]) == 2
        assert f"unknown recipe config key {wanted}" in capsys.readouterr().err


def test_recipe_subtrees_checked_by_their_own_step(capsys):
    from tests.conftest import REPO

    demo = ["--source", "all", "--config", REPO / "configs" / "demo.yaml", "--dry_run=True"]
    assert run_cli(demo + ["--set", "tokenizer.spec.vocab_sise=5"]) == 2
    assert "tokenizer: unknown tokenizer spec field 'vocab_sise'" in capsys.readouterr().err
    pytest.importorskip("torch", reason="train.set is checked by the trainer, which needs torch")
    assert run_cli(demo + ["--set", "train.set=[train.stepz=3]"]) == 2
    assert "(did you mean train.steps?)" in capsys.readouterr().err


def test_the_shipped_recipe_configs_pass_the_key_check():
    import yaml

    from recipe.run import check_recipe_config
    from tests.conftest import REPO

    check_recipe_config(yaml.safe_load((REPO / "configs" / "demo.yaml").read_text()))
    llama1 = (REPO / "configs" / "llama1.yaml").read_text().replace("YOUR_BUCKET", "example-bucket")
    check_recipe_config(yaml.safe_load(llama1))

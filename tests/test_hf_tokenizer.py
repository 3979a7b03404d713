"""The HF export's tokenizer (tokenizer/hf_export.py): AutoTokenizer on the written directory gives SentencePiece's
ids, BOS first, on every sample corpus, adversarial text and a tokenizer trained by train-tokenizer, in this
environment (protobuf 6: transformers' own SentencePiece conversion cannot run here)."""
import json

import pytest
import sentencepiece as spm

from tests.test_tokenizer_cached_encoder import ADVERSARIAL, corpus_texts
from tests.test_tokenizer_samples import build_sources, trained_tokenizer
from tokenizer.hf_export import NotConvertible, hf_tokenizer, write_hf_tokenizer
from tokenizer.model_proto import parse_model


def _assert_same_ids(model_path, directory, texts):
    from transformers import AutoTokenizer

    files = write_hf_tokenizer(str(model_path), str(directory), 4096)
    assert set(files) <= {p.name for p in directory.iterdir()}
    config = json.loads((directory / "tokenizer_config.json").read_text())
    assert (config["add_bos_token"], config["add_eos_token"]) == (True, False)
    hf = AutoTokenizer.from_pretrained(str(directory))
    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    assert (hf.bos_token_id, hf.eos_token_id) == (sp.bos_id(), sp.eos_id())
    ids = hf(texts)["input_ids"]
    expected = [[sp.bos_id()] + e for e in sp.encode(texts)]
    mismatched = [t[:80] for t, a, b in zip(texts, ids, expected) if a != b]
    assert not mismatched, f"{len(mismatched)} of {len(texts)} texts differ, e.g. {mismatched[:3]}"
    assert [hf.decode(i, skip_special_tokens=True) for i in ids[:50]] == [sp.decode(e) for e in expected[:50]]


def test_llama_tokenizer_same_ids_on_every_sample_corpus(corpora, tmp_path):
    texts = [t[:2000] for t in corpus_texts(corpora)] + ADVERSARIAL  # every document's opening: all scripts, half the time
    _assert_same_ids(corpora / "tokenizer" / "llama2_tokenizer.model", tmp_path / "hf", texts)


def test_tokenizer_trained_by_train_tokenizer_same_ids(corpora, tmp_path, tmp_path_factory):
    model = trained_tokenizer(tmp_path_factory.getbasetemp() / "shared", corpora) / "tokenizer.model"
    texts = [d["text"] for docs in build_sources(corpora).values() for d in docs[:150]] + ADVERSARIAL
    _assert_same_ids(model, tmp_path / "hf", texts)


def test_a_model_it_would_not_reproduce_is_refused(corpora):
    proto = parse_model((corpora / "tokenizer" / "llama2_tokenizer.model").read_bytes())
    proto.normalizer_spec.remove_extra_whitespaces = True
    with pytest.raises(NotConvertible, match="whitespace"):
        hf_tokenizer(proto.SerializeToString())


def test_the_cli_writes_the_files_and_names_a_bad_model(corpora, tmp_path, capsys):
    from tokenizer.hf_export import main

    assert main(["--model", str(corpora / "tokenizer" / "llama2_tokenizer.model"), "--output", str(tmp_path / "hf"),
                 "--model_max_length", "4096"]) == 0
    assert {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model"} <= \
        {p.name for p in (tmp_path / "hf").iterdir()}
    assert json.loads((tmp_path / "hf" / "tokenizer_config.json").read_text())["model_max_length"] == 4096
    assert main(["--model", str(tmp_path / "missing.model"), "--output", str(tmp_path / "x")]) == 2
    assert "missing.model" in capsys.readouterr().err

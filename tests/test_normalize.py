import hashlib
import json

import pytest

from tests import ccnet_reference as ccnet

from pipeline.normalize import line_hash, normalize_for_dedup, normalize_for_lm


def test_dedup_normalization_lowercases_zeroes_digits_and_deletes_unicode_punctuation():
    assert normalize_for_dedup("  Hello World 2023  ") == "hello world 0000"
    assert normalize_for_dedup("«Привет», — сказал он…") == "привет,  сказал он"
    assert normalize_for_dedup("你好，世界。") == "你好世界"
    # cc_net's table has no left single quote nor arrows: they stay, as in cc_net.
    assert normalize_for_dedup("“Curly” ‘quotes’ → arrows") == "curly ‘quotes → arrows"
    assert normalize_for_dedup("tab\tand\x07bell") == "tabandbell"


def test_dedup_normalization_keeps_ascii_punctuation_and_accents():
    assert normalize_for_dedup("Café, déjà-vu! (yes)") == "café, déjà-vu! (yes)"


def test_dedup_normalization_zeroes_every_unicode_digit():
    assert normalize_for_dedup("٣ Arabic-Indic, ３ fullwidth, 7") == "0 arabic-indic, 0 fullwidth, 0"


def test_lm_normalization_strips_accents_and_replaces_unicode_punctuation():
    assert normalize_for_lm("Café Déjà-Vu 42") == "cafe deja-vu 00"
    assert normalize_for_lm("«Bonjour» — dit-il…") == '"bonjour"  -  dit-il...'
    assert normalize_for_lm("你好，世界。") == "你好,世界."
    assert normalize_for_lm("a\x00b\x1fc") == "abc"


def test_blank_lines_normalize_to_empty():
    assert normalize_for_dedup("   \t ") == ""
    assert normalize_for_lm("\n") == ""


def test_line_hash_is_cc_nets_first_8_bytes_of_sha1_little_endian():
    expected = int.from_bytes(hashlib.sha1("hello world".encode()).digest()[:8], "little")
    assert line_hash("hello world") == expected
    assert 0 <= line_hash("x") < 2**64


def _real_lines(corpora):
    c4 = corpora / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl"
    ccnet_out = corpora / "commoncrawl" / "ccnet_output_cc_en_head-0091.jsonl"
    if not c4.is_file() or not ccnet_out.is_file():
        pytest.skip("real C4 / cc_net samples absent")
    docs = [json.loads(line)["text"] for path in (c4, ccnet_out) for line in path.open(encoding="utf-8")]
    wet = (corpora / "commoncrawl" / "ccnet_test_sample.warc.wet.txt").read_text(encoding="utf-8")
    return docs + [wet], [line for doc in docs for line in doc.split("\n")] + wet.split("\n")


def test_both_normalizations_equal_cc_nets_code_on_every_real_line(corpora):
    docs, lines = _real_lines(corpora)
    assert len(lines) > 9_000
    for line in lines:
        assert normalize_for_dedup(line) == ccnet.normalize_for_dedup(line), line
        assert line_hash(normalize_for_dedup(line)) == ccnet_hash(line)
        assert normalize_for_lm(line) == ccnet.normalize(line), line
    for doc in docs:  # whole documents, as cc_net normalizes them before perplexity
        assert normalize_for_lm(doc) == ccnet.normalize(doc)


def test_punctuation_table_is_cc_nets():
    assert ccnet.UNICODE_PUNCT == __import__("pipeline.normalize", fromlist=["x"]).UNICODE_PUNCT
    tricky = "‘a’ ‚b‛ ‹c› →←⇒ 『d』 ・ １２ “e” 【f】 ％ ► x\u0085y\u00a0z"
    assert normalize_for_dedup(tricky) == ccnet.normalize_for_dedup(tricky)
    assert normalize_for_lm(tricky) == ccnet.normalize(tricky)


def ccnet_hash(line: str) -> int:
    """cc_net dedup.compute_hashes of one line: sha1 prefix reinterpreted as a little-endian uint64."""
    import numpy as np

    digest = hashlib.sha1(bytes(ccnet.normalize_for_dedup(line), encoding="utf-8")).digest()[:8]
    return int(np.frombuffer(digest, dtype=np.uint64)[0])

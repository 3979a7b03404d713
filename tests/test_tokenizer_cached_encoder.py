"""tokenizer.cached_encoder gives SentencePiece's ids exactly: on every sample corpus (all sources, Japanese and
Ukrainian Wikipedia, whole books, raw WET text, URL lists), on adversarial text (whitespace runs, a literal "▁",
the separator character itself, control characters, byte-fallback characters), with the LLaMA tokenizer and with a
tokenizer trained by train-tokenizer; and it falls back to whole documents where the word argument does not hold.
"""
from __future__ import annotations

import bz2
import itertools
import lzma

import pytest
import sentencepiece as spm

from sources.wikipedia.dump import Page, iter_dump
from tests.test_tokenizer_samples import build_sources, trained_tokenizer
from tokenizer.cached_encoder import SEGMENT, CachedEncoder, why_not_decomposable
from tokenizer.model_proto import parse_model

ADVERSARIAL = [
    "", " ", "  ", "x", " x", "x ", "  x  ", "a  b   c    d", "\u2581", "\u2581 b", "a\u2581 \u2581b", "\u2581\u2581x \u2581",
    "x" + " " * 17 + "y", " " * 40, "\t\tdef f():\n        return 1\n", "\r\n  \r\n", "a\u00a0b\u3000c\u2009d\u200be",
    "\x00", "a\x00b \x00 c\x00", "\x01\x02 \x1f\x7f", "12345 3.14159 1,000,000 ١٢٣ ½ ⅷ", "👩‍👩‍👧 e\u0301 é ﬁ Ǆ",
    "<s> </s> <unk> <0x0A> <pad>", "ererere ----------- ............ ======= wwwww )))))) IIIII ________",
    "日本語のテキスト、句読点。 русский текст ελληνικά עברית العربية हिन्दी 한국어", "\U0010ffff \ue000 \ufffd \ufeff",
    "http://example.com/a_b-c?d=e&f=g#h " * 3, "a" * 5000, "ab " * 3000,
]


def _pages(stream, limit: int) -> list[str]:
    texts = []
    try:
        for page in iter_dump(stream):
            if isinstance(page, Page) and page.text.strip():
                texts.append(page.text[:20_000])
                if len(texts) >= limit:
                    break
    except Exception:  # noqa: BLE001 - the truncated dumps end mid-page; the pages before are what we want
        pass
    return texts


EXTRA_CHARS = 60_000  # of each whole book, WET file and URL list: the test stays at a few MB


def corpus_texts(corpora) -> list[str]:
    """Every sample corpus, a few MB in all."""
    texts = [d["text"] for docs in build_sources(corpora).values() for d in docs]
    texts += [p.read_text(encoding="utf-8", errors="replace")[:EXTRA_CHARS] for p in sorted((corpora / "books").glob("*.txt"))]
    with lzma.open(corpora / "wikipedia" / "jawiki-truncated-100k.xml.xz") as f:
        texts += _pages(f, 30)
    with lzma.open(corpora / "wikipedia" / "ukwiki-truncated-100k.xml.xz") as f:
        texts += _pages(f, 30)
    with bz2.open(corpora / "wikipedia" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2") as f:
        texts += _pages(f, 20)
    from defusedxml.ElementTree import parse

    root = parse(corpora / "stackexchange" / "beer.stackexchange.com" / "Posts.xml").getroot()
    texts += [row.get("Body") for row in itertools.islice(root.iter("row"), 1000) if row.get("Body")]
    texts.append((corpora / "commoncrawl" / "ccnet_test_sample.warc.wet.txt").read_text(errors="replace")[:EXTRA_CHARS])
    texts.append((corpora / "wikipedia_cited_urls" / "enwiki-20240420-extracted_urls_head10000.txt").read_text()[:EXTRA_CHARS])
    return texts


@pytest.fixture(scope="module")
def llama_model(corpora) -> bytes:
    return (corpora / "tokenizer" / "llama2_tokenizer.model").read_bytes()


def _assert_identical(model: bytes, texts: list[str], **kwargs) -> CachedEncoder:
    processor = spm.SentencePieceProcessor(model_proto=model)
    encoder = CachedEncoder(model, **kwargs)
    expected = processor.encode(texts)
    for _ in range(2):  # first with an empty memo, then with every word remembered
        mismatches = [i for i, text in enumerate(texts) if encoder.encode(text) != expected[i]]
        assert not mismatches, f"{len(mismatches)} documents differ, e.g. {texts[mismatches[0]][:200]!r}"
    return encoder


def test_the_llama_tokenizer_is_encoded_word_by_word(llama_model):
    assert why_not_decomposable(parse_model(llama_model)) is None


def test_identical_ids_on_every_sample_corpus_with_the_llama_tokenizer(llama_model, corpora):
    texts = corpus_texts(corpora)
    assert len(texts) > 3000 and sum(map(len, texts)) > 6_000_000
    assert any("\u3002" in t for t in texts) and any("\u0456" in t for t in texts)  # Japanese and Ukrainian text
    encoder = _assert_identical(llama_model, texts)
    assert encoder.decomposable and encoder.misses < encoder.words / 3  # the memo answered most words


def test_identical_ids_on_adversarial_text(llama_model):
    encoder = _assert_identical(llama_model, ADVERSARIAL)
    assert encoder.decomposable
    # the cases that make words interesting: a literal ▁ next to spaces, the separator inside a word
    assert SEGMENT.findall(" a\u2581 \u2581b") == [" a", "\u2581 \u2581b"]


def test_identical_ids_with_a_tokenizer_trained_by_train_tokenizer(tmp_path_factory, corpora):
    shared = tmp_path_factory.getbasetemp() / "shared"
    model = (trained_tokenizer(shared, corpora) / "tokenizer.model").read_bytes()
    texts = [d["text"] for docs in build_sources(corpora).values() for d in docs[:150]] + ADVERSARIAL
    assert _assert_identical(model, texts).decomposable


def test_a_small_memo_stays_bounded_and_exact(llama_model, corpora):
    texts = [d["text"] for d in build_sources(corpora)["c4"][:300]]
    encoder = _assert_identical(llama_model, texts, max_entries=500, max_word_chars=8)
    assert len(encoder._memo) <= 500 + max(len(SEGMENT.findall(t)) for t in texts)
    assert all(len(word) <= 8 for word in encoder._memo)


@pytest.mark.parametrize("change", ["remove_extra_whitespaces", "not_bpe", "inner_space_piece"])
def test_models_outside_the_argument_are_encoded_whole(llama_model, change):
    model = parse_model(llama_model)
    if change == "remove_extra_whitespaces":
        model.normalizer_spec.remove_extra_whitespaces = True
    elif change == "not_bpe":
        model.trainer_spec.model_type = 1  # UNIGRAM
    else:
        model.pieces[1000].piece = "a\u2581b"
    data = model.SerializeToString()
    reason = why_not_decomposable(model)
    assert reason
    encoder = _assert_identical(data, ADVERSARIAL[:-2] + ["a  b", "a\u2581b c"])
    assert not encoder.decomposable and encoder.reason == reason and encoder.words == 0

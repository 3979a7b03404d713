"""`train-lm` on the real Wikipedia sample dumps: SentencePiece + KenLM models and cutoffs per language.

The trained models are shared with test_perplexity.py and test_ccnet_pipeline.py through `trained_lms`
(trained once per session, whichever module asks first). Needs KenLM's lmplz/build_binary from `make setup`.
"""
from __future__ import annotations

import functools
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from sources.commoncrawl import train_lm
from sources.commoncrawl.perplexity import load_kenlm, load_sentencepiece, log10_score, perplexity
from sources.commoncrawl.train_lm import (
    KenLMToolsMissing,
    article_text,
    is_article,
    is_heldout,
    iter_dump_articles,
    lead_section,
    train_sentencepiece,
)

DUMPS = {
    "en": "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2",
    "ja": "jawiki-truncated-100k.xml.xz",
    "ltg": "ltgwiki_smallwiki-latest-pages-articles.xml",
    "uk": "ukwiki-truncated-100k.xml.xz",
}
HELDOUT_PERCENT = 15
_TRAINED: dict = {}


def train_once(output: Path, corpora: Path) -> tuple[Path, str]:
    """Run the `train-lm` CLI once per session on the four sample dumps (default vocabulary: it falls back)."""
    if "dir" not in _TRAINED:
        argv = [arg for lang in sorted(DUMPS) for arg in ("--dump", str(corpora / "wikipedia" / DUMPS[lang]))]
        argv += ["--output", str(output), "--heldout-percent", str(HELDOUT_PERCENT), "--memory", "200M"]
        proc = subprocess.run([sys.executable, "-m", "sources.commoncrawl.train_lm", *argv],
                              capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
        assert proc.returncode == 0, proc.stderr[-3000:]
        _TRAINED.update(dir=output, stdout=proc.stdout, stderr=proc.stderr)
    return _TRAINED["dir"], _TRAINED["stdout"] + _TRAINED["stderr"]


@pytest.fixture(scope="session")
def trained_lms(tmp_path_factory, corpora) -> Path:
    return train_once(tmp_path_factory.mktemp("lms"), corpora)[0]


@pytest.fixture(scope="session")
def train_lm_output(trained_lms) -> str:
    return _TRAINED["stdout"] + _TRAINED["stderr"]


@functools.lru_cache(maxsize=None)
def heldout_texts(corpora: Path, lang: str, opening_only: bool = True, heldout: bool = True, limit: int = 40):
    """Texts of (held-out) articles of a sample dump, as train-lm extracts them."""
    texts = []
    for site, page in iter_dump_articles(str(corpora / "wikipedia" / DUMPS[lang])):
        if not hasattr(page, "ns") or not is_article(page):
            continue
        if heldout and not is_heldout(lang, page.page_id, HELDOUT_PERCENT):
            continue
        text = article_text(page, site, opening_only)
        if text:
            texts.append(text)
        if len(texts) >= limit:
            break
    return tuple(texts)


# ------------------------------------------------------------------------------------------------ the command


def test_every_language_gets_loadable_models_cutoffs_and_provenance(trained_lms, train_lm_output):
    for lang in DUMPS:
        sp = load_sentencepiece(str(trained_lms / f"{lang}.sp.model"))
        lm = load_kenlm(str(trained_lms / f"{lang}.arpa.bin"))
        assert lm.order == 5
        assert sp.get_piece_size() > 1000
        cutoffs = json.loads((trained_lms / f"{lang}.cutoffs.json").read_text())
        assert 0 < cutoffs["p30"] <= cutoffs["p60"], lang
        assert cutoffs["source"] == "heldout_wikipedia_articles" and cutoffs["docs"] >= 5
        assert "not of crawled pages as cc_net's are" in cutoffs["note"]  # what these cutoffs mean, said loudly
        info = json.loads((trained_lms / f"{lang}.lm.json").read_text())
        assert info["lang"] == lang and info["train_docs"] > 50 and info["lmplz"].startswith("-o 5 --discount_fallback")
        # the sample dumps cannot fill 65536 pieces: the vocabulary fell back, and says so
        assert info["vocab_size_requested"] == 65536 and info["vocab_fallback"] and info["vocab_size"] < 65536
    assert not list(trained_lms.glob("*.arpa"))  # the text ARPA is not kept unless asked
    # the truncated ja/uk dumps: every complete page is used and the cut is reported, not fatal
    assert "truncated_dump" in train_lm_output
    assert "WARNING: cutoffs are p30/p60 of held-out WIKIPEDIA articles" in train_lm_output
    assert json.loads((trained_lms / "ja.lm.json").read_text())["malformed_pages"] == 1


def test_heldout_english_scores_better_than_japanese_and_shuffled_english(trained_lms, corpora):
    sp = load_sentencepiece(str(trained_lms / "en.sp.model"))
    lm = load_kenlm(str(trained_lms / "en.arpa.bin"))

    def ppl(text):
        return perplexity(*log10_score(sp, lm, text))

    english = heldout_texts(corpora, "en")
    assert len(english) >= 5
    rng = random.Random(0)
    shuffled = []
    for text in english:
        words = text.split()
        rng.shuffle(words)
        shuffled.append(" ".join(words))
    japanese = heldout_texts(corpora, "ja", heldout=False, limit=20)
    en, sh, ja = ([ppl(t) for t in texts] for texts in (english, shuffled, japanese))
    assert statistics.median(en) < statistics.median(sh) < statistics.median(ja)
    assert all(a < b for a, b in zip(en, sh))  # every held-out article is better in its own word order
    assert max(en) < min(ja)


def test_train_lm_held_out_exactly_the_deterministic_slice(trained_lms, corpora):
    info = json.loads((trained_lms / "en.lm.json").read_text())
    assert info["heldout_docs"] == len(heldout_texts(corpora, "en", limit=10**6))
    assert info["train_docs"] + info["heldout_docs"] <= 105  # the dump's non-redirect articles


def test_missing_kenlm_binaries_are_a_clear_error_naming_setup(monkeypatch, tmp_path, corpora, capsys):
    monkeypatch.setattr(train_lm.sys, "executable", str(tmp_path / "bin" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(KenLMToolsMissing, match="make setup"):
        train_lm.kenlm_tool("lmplz")
    rc = train_lm.main(["--dump", str(corpora / "wikipedia" / DUMPS["en"]), "--output", str(tmp_path / "out")])
    assert rc == 2 and "scripts/build_kenlm.sh" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------- pure helpers


def test_opening_text_is_section_zero():
    wikitext = "'''Foo''' is a bar.\n\nMore lead.\n== History ==\nOld times.\n=== Early ===\nEarlier."
    assert lead_section(wikitext) == "'''Foo''' is a bar.\n\nMore lead.\n"
    assert lead_section("No headings at all.") == "No headings at all."
    assert lead_section("a = b is not a heading\nx == y neither") == "a = b is not a heading\nx == y neither"


def test_heldout_slice_is_deterministic_and_about_the_requested_size():
    chosen = [pid for pid in range(20000) if is_heldout("en", pid, 10)]
    assert chosen == [pid for pid in range(20000) if is_heldout("en", pid, 10)]
    assert 1800 < len(chosen) < 2200
    assert chosen != [pid for pid in range(20000) if is_heldout("uk", pid, 10)]


def test_sentencepiece_keeps_the_requested_vocabulary_when_the_corpus_allows(tmp_path):
    corpus = tmp_path / "c.txt"
    rng = random.Random(1)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda", "sigma"]
    corpus.write_text("\n".join(" ".join(rng.choice(words) + str(rng.randint(0, 99)) for _ in range(12))
                                for _ in range(2000)))
    info = train_sentencepiece(str(corpus), str(tmp_path / "ok"), 100, 2000, threads=1)
    assert info == {"vocab_size_requested": 100, "vocab_size": 100, "vocab_fallback": False}
    info = train_sentencepiece(str(corpus), str(tmp_path / "small"), 65536, 2000, threads=1)
    assert info["vocab_fallback"] and 100 < info["vocab_size"] < 65536


def test_cutoffs_can_come_from_documents_of_a_run(tmp_path, corpora):
    """--cutoff-docs: p30/p60 of crawled documents in that language (cc_net's own definition of the buckets)."""
    from sources.commoncrawl.cutoffs import cutoffs_from_scores
    from tests.test_perplexity import write_parquet_docs

    texts = heldout_texts(corpora, "en", opening_only=False, heldout=False, limit=12)
    write_parquet_docs(tmp_path / "docs" / "part-0.parquet",
                       [{"text": t, "lang": "en"} for t in texts] + [{"text": "Ein deutscher Satz.", "lang": "de"}])
    out = tmp_path / "lm"
    rc = train_lm.main(["--dump", str(corpora / "wikipedia" / DUMPS["en"]), "--output", str(out), "--vocab-size",
                        "2000", "--cutoff-docs", str(tmp_path / "docs" / "*.parquet"), "--memory", "200M"])
    assert rc == 0
    cutoffs = json.loads((out / "en.cutoffs.json").read_text())
    assert cutoffs["source"].startswith("documents:") and cutoffs["docs"] == 12
    scores = train_lm.heldout_perplexities(str(out / "en.sp.model"), str(out / "en.arpa.bin"), texts)
    assert (cutoffs["p30"], cutoffs["p60"]) == cutoffs_from_scores(scores)
    assert json.loads((out / "en.lm.json").read_text())["vocab_size"] == 2000

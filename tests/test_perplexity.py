"""cc_net perplexity scoring, buckets and cutoffs (sources/commoncrawl/perplexity.py, cutoffs.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.models import MissingModelError
from pipeline.normalize import normalize_for_lm
from pipeline.schema import DOCUMENT_SCHEMA, make_document, to_row
from pipeline.stages import Drop
from sources.commoncrawl.cutoffs import CCNET_CUTOFFS, cutoffs_from_scores, read_cutoffs, write_cutoffs
from sources.commoncrawl.perplexity import (
    PerplexityScorer,
    bucket_of,
    discover_models,
    histogram_bin,
    lm_text,
    load_kenlm,
    log10_score,
    perplexity,
    resolve_cutoffs,
)
from tests.test_train_lm import heldout_texts, trained_lms  # noqa: F401 - session fixture shared with train-lm tests


def write_parquet_docs(path: Path, items: list[dict]) -> None:
    """Document Parquet as the pipeline writes it; items give text and optionally url, lang, metadata."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [to_row(make_document("commoncrawl", item.get("native_id", f"doc{i}"), item["text"], url=item.get("url"),
                                 lang=item.get("lang"), **item.get("metadata", {})))
            for i, item in enumerate(items)]
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA), path)


class SplitPieces:
    """A stand-in SentencePiece model: pieces are the whitespace-separated words."""

    @staticmethod
    def encode(line, out_type=str):
        return line.split()


@pytest.fixture(scope="module")
def toy_lm(corpora):
    return load_kenlm(str(corpora / "models" / "kenlm_test.arpa"))


# ---------------------------------------------------------------------------------------------------- scoring


def test_document_perplexity_is_ccnets_formula(toy_lm):
    """cc_net normalizes the whole document (the newline is a non-printing character it deletes) and scores the
    result as one sentence: "a sentence" + "is" becomes "a sentenceis"."""
    text = "This is a Sentence .\n\nThis IS 123 another one\n\x07\n"
    assert lm_text(text) == "this is a sentence .this is 000 another one"
    expected = toy_lm.score("this is a sentence .this is 000 another one", bos=True, eos=True)
    total, length = log10_score(SplitPieces, toy_lm, text)
    assert total == pytest.approx(expected) and length == 9 + 1
    assert perplexity(total, length) == round(10 ** (-expected / 10), 1)
    assert log10_score(SplitPieces, toy_lm, "\x07\n \t") == (0.0, 0)


def test_perplexity_equals_ccnets_own_code_on_real_documents(trained_lms, corpora):  # noqa: F811
    """cc_net's MultiSentencePiece + DocLM code (tests/ccnet_reference.py, verbatim) and ours, on the real cc_net
    output documents and real C4 pages, with a real SentencePiece + KenLM model pair."""
    from tests import ccnet_reference as ccnet

    docs = [json.loads(line)["text"] for line in (corpora / "commoncrawl" / "ccnet_output_cc_en_head-0091.jsonl").open()]
    c4 = corpora / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl"
    docs += [json.loads(line)["text"] for _, line in zip(range(60), c4.open(encoding="utf-8"))]
    scorer = PerplexityScorer("commoncrawl", "perplexity", str(trained_lms), languages=["en"])
    scorer.setup()
    sp, lm = scorer._models("en")
    ours = [scorer.score(text, "en") for text in docs]
    assert ours == [ccnet.doc_perplexity(sp, lm, text) for text in docs]
    per_line = [perplexity(*_sum_over_lines(sp, lm, text)) for text in docs]  # the old, per-line unit
    assert sum(a != b for a, b in zip(ours, per_line)) > len(docs) // 2


def _sum_over_lines(sp, lm, text):
    total, length = 0.0, 0
    for line in filter(None, (normalize_for_lm(line) for line in text.split("\n"))):
        pieces = sp.encode(line, out_type=str)
        total, length = total + lm.score(" ".join(pieces)), length + len(pieces) + 1
    return total, length


@pytest.mark.parametrize("ppl, bucket", [(0.5, "head"), (339.9, "head"), (340, "middle"), (519.9, "middle"),
                                         (520, "tail"), (9000, "tail")])
def test_buckets_split_at_p30_and_p60(ppl, bucket):
    assert bucket_of(ppl, (340, 520)) == bucket


def test_no_model_or_no_cutoffs_is_bucket_all():
    assert bucket_of(None, (340, 520)) == "all"
    assert bucket_of(120.0, None) == "all"


def test_histogram_bins():
    assert [histogram_bin(p) for p in (0, 99.9, 100, 340, 999, 1000, 12000)] == [
        "0-100", "0-100", "100-200", "300-400", "800-1000", "1000-1500", "10000+"]


# ---------------------------------------------------------------------------------------------------- cutoffs


def test_published_ccnet_cutoffs_are_the_recipes():
    recipe = {"en": (340, 520), "de": (370, 590), "fr": (180, 330), "es": (180, 290), "it": (220, 360),
              "ru": (210, 310), "pl": (160, 260), "nl": (430, 650), "pt": (170, 270), "bg": (450, 680),
              "ca": (210, 330), "cs": (820, 1140), "da": (380, 600), "hr": (720, 910), "hu": (80, 140),
              "ro": (180, 270), "uk": (140, 220)}
    assert {lang: CCNET_CUTOFFS[lang] for lang in recipe} == recipe
    assert not {"sv", "sl", "sr"} & set(CCNET_CUTOFFS)  # no cc_net model: bucket `all`
    assert all(p30 < p60 for p30, p60 in CCNET_CUTOFFS.values())


def test_cutoffs_from_a_score_distribution_and_their_file(tmp_path):
    scores = [float(x) for x in range(1, 101)]
    assert cutoffs_from_scores(scores) == (30.7, 60.4)
    write_cutoffs(str(tmp_path / "xx.cutoffs.json"), "xx", (30.7, 60.4), source="test", docs=100)
    assert read_cutoffs(str(tmp_path / "xx.cutoffs.json")) == (30.7, 60.4)
    (tmp_path / "bad.json").write_text(json.dumps({"p30": 9, "p60": 3}))
    with pytest.raises(ValueError, match="above"):
        read_cutoffs(str(tmp_path / "bad.json"))
    with pytest.raises(ValueError):
        cutoffs_from_scores([])


def test_ccnet_output_buckets_follow_the_published_english_cutoffs(corpora):
    """The 10 real CCNet output documents: their recorded bucket is what our bucketing gives their perplexity."""
    docs = [json.loads(line) for line in (corpora / "commoncrawl" / "ccnet_output_cc_en_head-0091.jsonl").open()]
    assert len(docs) == 10
    for doc in docs:
        meta = doc["metadata"]
        assert bucket_of(meta["perplexity"], CCNET_CUTOFFS[meta["language"]]) == meta["bucket"] == "head"


def test_language_id_agrees_with_ccnet_on_its_output_documents(corpora):
    from pipeline.langid import LanguageIdentifier

    lid = LanguageIdentifier()
    docs = [json.loads(line) for line in (corpora / "commoncrawl" / "ccnet_output_cc_en_head-0091.jsonl").open()]
    for doc in docs:
        lang, score = lid.identify(doc["text"])
        assert lang == doc["metadata"]["language"], doc["id"]
        assert score >= 0.5


# ------------------------------------------------------------------------------------------------ model files


def test_model_discovery_and_its_errors(trained_lms, tmp_path):  # noqa: F811
    found = discover_models(str(trained_lms))
    assert sorted(found) == ["en", "ja", "ltg", "uk"]
    assert found["en"].cutoffs.endswith("en.cutoffs.json")
    assert sorted(discover_models(str(trained_lms), ["en"])) == ["en"]
    with pytest.raises(MissingModelError, match="train_lm"):
        discover_models(str(tmp_path / "nothing-here"))
    with pytest.raises(MissingModelError, match=r"de\.arpa\.bin.*\n.*train_lm"):
        discover_models(str(trained_lms), ["en", "de"])
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    shutil.copy(trained_lms / "en.arpa.bin", lonely / "en.arpa.bin")
    with pytest.raises(MissingModelError, match=r"en\.sp\.model"):
        discover_models(str(lonely))


def test_ccnet_model_files_use_the_published_cutoffs(trained_lms, tmp_path):  # noqa: F811
    """cc_net's downloads are <lang>.arpa.bin + <lang>.sp.model without a cutoffs file."""
    ccnet_dir = tmp_path / "ccnet"
    ccnet_dir.mkdir()
    for name in ("en.sp.model", "en.arpa.bin"):
        shutil.copy(trained_lms / name, ccnet_dir / name)
    files = discover_models(str(ccnet_dir))["en"]
    assert files.cutoffs is None
    assert resolve_cutoffs(files, "auto") == (340, 520) == resolve_cutoffs(files, "ccnet")
    with pytest.raises(MissingModelError, match="cutoffs.json"):
        resolve_cutoffs(files, "model")
    own = discover_models(str(trained_lms))["en"]
    assert resolve_cutoffs(own, "auto") == resolve_cutoffs(own, "model") == read_cutoffs(own.cutoffs)
    assert resolve_cutoffs(own, "ccnet") == (340, 520)
    assert resolve_cutoffs(discover_models(str(trained_lms))["ltg"], "ccnet") is None  # not a cc_net language


# ----------------------------------------------------------------------------------------------- stage function


def _doc(text, lang):
    return {"id": f"d-{lang}", "text": text, "lang": lang, "metadata": {"digest": "sha1:X"}}


def test_without_models_every_document_is_bucket_all():
    scorer = PerplexityScorer("commoncrawl", "perplexity", None, keep_buckets=["head", "middle", "all"])
    out = scorer(_doc("Some English text here.", "en"))
    assert out["metadata"] == {"digest": "sha1:X", "bucket": "all"}
    strict = PerplexityScorer("commoncrawl", "perplexity", None, keep_buckets=["head", "middle"])
    assert strict(_doc("Some English text here.", "en")) == Drop("bucket_all")


def test_scorer_adds_perplexity_and_bucket_and_drops_unkept_buckets(trained_lms, corpora):  # noqa: F811
    scorer = PerplexityScorer("commoncrawl", "perplexity", str(trained_lms), languages=["en"],
                              keep_buckets=["head", "middle", "tail", "all"])
    scorer.setup()
    text = heldout_texts(corpora, "en", limit=1)[0]
    out = scorer(_doc(text, "en"))
    sp_lm = (scorer._models("en"))
    expected = perplexity(*log10_score(*sp_lm, text))
    p30, p60 = read_cutoffs(str(trained_lms / "en.cutoffs.json"))
    assert out["metadata"]["perplexity"] == expected
    assert out["metadata"]["bucket"] == bucket_of(expected, (p30, p60))
    assert out["text"] == text and out["metadata"]["digest"] == "sha1:X"
    # a language without a model (only en was asked for, though uk has one)
    assert scorer(_doc("Це речення українською мовою.", "uk"))["metadata"]["bucket"] == "all"
    assert scorer(_doc("\x07\x08\n\t", "en")) == Drop("nothing_to_score")
    tail_only = PerplexityScorer("commoncrawl", "perplexity", str(trained_lms), keep_buckets=["head"])
    words = text.split()
    gibberish = " ".join(reversed(words))
    ppl = tail_only.score(gibberish, "en")
    assert ppl > p60 and tail_only(_doc(gibberish, "en")) == Drop("bucket_tail")


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError, match="cutoffs"):
        PerplexityScorer("commoncrawl", "perplexity", None, cutoffs="p30")
    with pytest.raises(ValueError, match="keep_buckets"):
        PerplexityScorer("commoncrawl", "perplexity", None, keep_buckets=["good"])

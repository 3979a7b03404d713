"""`encode-shards` end to end on the FnApiRunner: Documents of several sources -> mixture -> Megatron shards.

Megatron-core's own IndexedDataset reads the shards back; the whole token stream is checked against a
reconstruction from the Documents, the tokenizer and the draw parameters in the manifest (so shard contents are a
pure function of the inputs, whatever the runner); the mixture report is checked on inputs large enough to hit
the targets within 1 pp and on inputs that are not.
"""
import json
import warnings

import numpy as np
import pytest
import sentencepiece as spm

from pipeline.io import read_documents
from sampling.hashing import draw_bucket, shuffle_key
from tests.conftest import read_rejects
from tests.test_tokenizer_samples import built_corpus, trained_tokenizer
from tokenizer.encode import main as encode_main
from tokenizer.shards import TokenShard, file_sha256, load_manifest


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    return tmp_path_factory.getbasetemp() / "shared"


@pytest.fixture(scope="module")
def model(shared, corpora):
    return str(trained_tokenizer(shared, corpora) / "tokenizer.model")


def _encode(corpus, model, out, *extra):
    return encode_main(["--input", str(corpus), "--tokenizer", model, "--output", str(out), *map(str, extra)])


@pytest.fixture(scope="module")
def small_run(shared, corpora, model, tmp_path_factory):
    """All six sample sources, 150 documents each at most (too few for the mixture), plus one corrupt file.
    Two workers in threads: the bytes must still be the reconstruction's."""
    corpus = built_corpus(shared, corpora, name="small", max_docs=150)
    (corpus / "docs" / "c4" / "broken.parquet").write_bytes(b"PAR1 this is no parquet file PAR1")
    out = tmp_path_factory.mktemp("tokens_small")
    rc = _encode(corpus, model, out, "--shard-tokens", 12000,
                 "--direct_running_mode=multi_threading", "--direct_num_workers=2")
    return corpus, out, rc


@pytest.fixture(scope="module")
def large_run(shared, corpora, model, tmp_path_factory):
    """Four sources with hundreds of documents each: enough to meet every target share within 1 pp."""
    corpus = built_corpus(shared, corpora, name="large", sources=("c4", "wikipedia", "books", "stackexchange"))
    out = tmp_path_factory.mktemp("tokens_large")
    return corpus, out, _encode(corpus, model, out, "--config", "configs/mixture_llama1.yaml")


def _expected_stream(corpus, manifest, model):
    """(source, tokens) of every drawn copy in shuffle-key order, recomputed from the Documents."""
    processor = spm.SentencePieceProcessor(model_file=model)
    mixture = manifest["mixture"]
    seed = mixture["seed"]
    copies = []
    for doc in read_documents(str(corpus / "docs" / "*" / "part-*.parquet")):
        draw = mixture["sources"][doc["source"]]["draw"]
        n = draw["full_repeats"] + (1 if draw_bucket(seed, doc["id"]) < draw["partial_bucket"] else 0)
        copies += [(shuffle_key(seed, doc["id"], k), doc["id"], k, doc) for k in range(n)]
    copies.sort(key=lambda c: c[:3])
    encoded = processor.encode([c[3]["text"] for c in copies])
    return [(c[3]["source"], [manifest["bos_id"]] + ids + [manifest["eos_id"]]) for c, ids in zip(copies, encoded)]


def _shards(out, manifest):
    return [TokenShard(str(out / entry["name"])) for entry in manifest["shards"]]


def test_the_run_succeeds_and_every_stage_reconciles(small_run):
    corpus, out, rc = small_run
    assert rc == 0
    report = json.loads((out / "report" / "run_tokens.json").read_text())
    assert report["reconciled"] and [s["name"] for s in report["stages"]] == ["read", "encode", "draw"]
    read, encode, draw = report["stages"]
    assert read["kept"] == encode["in"] and encode["kept"] == draw["in"]
    assert read["rejected"] == {"unreadable_parquet": 1}
    assert draw["kept"] + draw["dropped"].get("not_drawn", 0) == draw["in"]
    rejects = read_rejects(out, "tokens")
    assert [r["file"].rsplit("/", 1)[-1] for r in rejects] == ["broken.parquet"]


def test_megatron_reads_back_identical_documents_and_the_manifest_counts_match(small_run):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from megatron.core.datasets.indexed_dataset import IndexedDataset
    _, out, _ = small_run
    manifest = load_manifest(str(out))
    assert manifest["dtype"] == "uint16" and len(manifest["shards"]) >= 3
    assert (manifest["bos_id"], manifest["eos_id"], manifest["bos"], manifest["eos"]) == (1, 2, True, True)
    for entry, shard in zip(manifest["shards"], _shards(out, manifest)):
        prefix = str(out / entry["name"])
        megatron = IndexedDataset(prefix)
        assert len(megatron) == len(shard) == entry["documents"]
        assert int(megatron.sequence_lengths.sum()) == shard.num_tokens == entry["tokens"]
        assert all(np.array_equal(megatron[i], shard[i]) for i in range(len(shard)))
        assert all(shard[i][0] == manifest["bos_id"] and shard[i][-1] == manifest["eos_id"] for i in range(len(shard)))
        assert all(manifest["bos_id"] not in shard[i][1:-1] for i in range(len(shard)))  # one BOS per document
        assert file_sha256(prefix + ".bin") == entry["bin_sha256"] and file_sha256(prefix + ".idx") == entry["idx_sha256"]
        assert sum(s["tokens"] for s in entry["sources"].values()) == entry["tokens"]
    assert manifest["total_documents"] == sum(e["documents"] for e in manifest["shards"])
    assert manifest["total_tokens"] == sum(e["tokens"] for e in manifest["shards"])


def test_the_shards_hold_exactly_the_drawn_documents_in_shuffled_order(small_run, model):
    corpus, out, _ = small_run
    manifest = load_manifest(str(out))
    stream = [doc.tolist() for shard in _shards(out, manifest) for doc in (shard[i] for i in range(len(shard)))]
    expected = _expected_stream(corpus, manifest, model)
    assert stream == [tokens for _, tokens in expected]
    sources = [source for source, _ in expected]
    changes = sum(a != b for a, b in zip(sources, sources[1:]))
    assert len(set(sources)) >= 4 and changes > len(sources) // 3  # interleaved, not source after source
    with open(model, "rb") as f:
        import hashlib

        assert manifest["tokenizer"]["sha256"] == hashlib.sha256(f.read()).hexdigest()


def test_too_small_inputs_get_an_explicit_mixture_message(small_run):
    _, out, _ = small_run
    mixture = json.loads((out / "mixture.json").read_text())
    assert mixture == load_manifest(str(out))["mixture"]
    assert mixture["written_matches_plan"]
    assert not mixture["within_tolerance"]
    assert mixture["sources"]["github"]["status"] == "missing"
    assert mixture["messages"][0].startswith("missing sources (no documents): github")
    assert any("too small to draw its share precisely" in m for m in mixture["messages"])
    assert "differs from the target by more than 1 pp" in mixture["messages"][-1]


def test_large_enough_inputs_meet_every_target_share_within_one_point(large_run, model):
    corpus, out, rc = large_run
    assert rc == 0
    mixture = load_manifest(str(out))["mixture"]
    assert mixture["within_tolerance"] and mixture["written_matches_plan"]
    present = {s: r for s, r in mixture["sources"].items() if r["status"] != "missing"}
    assert set(present) == {"c4", "wikipedia", "books", "stackexchange"}
    for source, row in present.items():
        assert abs(row["proportion_realized"] - row["proportion_target"]) <= 0.01, source
        assert row["epochs_realized"] <= row["epochs_max"] * 1.01, source
        assert row["tokens_written"] == row["tokens_drawn"] and row["documents_written"] == row["documents_drawn"]
    limiting = mixture["sources"][mixture["limiting_source"]]
    assert limiting["epochs_realized"] == pytest.approx(limiting["epochs_max"], rel=0.02)
    assert mixture["sources"]["wikipedia"]["epochs_realized"] < 2.45  # repeated sources are capped too
    # stackexchange limits the total at 1.03 epochs: every post once, 3% of them twice
    stackexchange = mixture["sources"]["stackexchange"]
    assert stackexchange["draw"]["full_repeats"] == 1 and stackexchange["documents_drawn"] > stackexchange["documents_available"]
    assert mixture["messages"][0].startswith("missing sources (no documents): commoncrawl, github, arxiv")
    assert "within 1 pp" in mixture["messages"][-1]


def test_an_existing_shard_directory_is_not_overwritten_by_accident(small_run, model, capsys):
    corpus, out, _ = small_run
    assert _encode(corpus, model, out) == 2
    assert "--overwrite" in capsys.readouterr().err

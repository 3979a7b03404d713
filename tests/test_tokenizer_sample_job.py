"""The tokenizer's training sample drawn by a Beam job (tokenizer/sample.py: sample_sentences_transform): the same
sentences as the launcher's two-pass sample, at most `size`, sources weighted as configured."""
import json
from collections import Counter

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from pipeline.io import MatchInputs
from pipeline.schema import DOCUMENT_SCHEMA, make_document, to_row
from tokenizer.sample import SentenceSample, sample_sentences_transform, source_cutoffs


def _corpus(tmp_path, corpora) -> str:
    """c4 records and StackExchange-like paragraphs of a book, as Document Parquet files of two sources."""
    rows = [json.loads(line) for line in (corpora / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl")
            .read_text(encoding="utf-8").splitlines()[:200]]
    book = (corpora / "books" / "pg7256_the-gift-of-the-magi.txt").read_text(encoding="utf-8", errors="replace")
    docs = {"c4": [make_document("c4", r["url"], r["text"]) for r in rows],
            "books": [make_document("books", f"magi-{n}", part) for n, part in enumerate(book.split("\n\n")) if part]}
    for source, items in docs.items():
        (tmp_path / "docs" / source).mkdir(parents=True)
        for n in range(3):
            rows = [to_row(d) for d in items[n::3]]
            pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA),
                           tmp_path / "docs" / source / f"part-{n}.parquet")
    return str(tmp_path / "docs" / "*" / "*.parquet")


def _job(pattern: str, size: int, weights=None, seed=0) -> list[tuple[str, str]]:
    import glob
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        with beam.Pipeline(runner=FnApiRunner()) as pipeline:
            (pipeline | MatchInputs(pattern) | sample_sentences_transform(size, seed, 4192, weights)
             | beam.Map(json.dumps) | beam.io.WriteToText(os.path.join(tmp, "sample")))
        return [tuple(json.loads(line)) for path in glob.glob(os.path.join(tmp, "sample*"))
                for line in open(path, encoding="utf-8")]


def test_the_job_draws_the_launchers_sample_whatever_the_file_order(tmp_path, corpora):
    import glob

    pattern = _corpus(tmp_path, corpora)
    sample = SentenceSample(sorted(glob.glob(pattern)), size=500).count()
    expected = sorted(sample)  # the launcher's two-pass sample of the same documents
    drawn = _job(pattern, 500)
    assert 0 < len(drawn) <= 500
    assert sorted(text for _, text in drawn) == expected
    assert Counter(source for source, _ in drawn) == sample.sampled


def test_weights_bound_each_source_and_leave_out_the_unweighted(tmp_path, corpora):
    pattern = _corpus(tmp_path, corpora)
    drawn = Counter(source for source, _ in _job(pattern, 400, weights={"books": 3, "c4": 1}))
    assert 0 < drawn["c4"] <= 100 and 0 < drawn["books"] <= 300
    assert set(Counter(s for s, _ in _job(pattern, 400, weights={"books": 1}))) == {"books"}


def test_cutoffs_hold_at_most_size_sentences():
    import numpy as np

    from tokenizer.sample import NUM_BUCKETS

    rng = np.random.default_rng(0)
    hists = {s: np.bincount(rng.integers(0, NUM_BUCKETS, n), minlength=NUM_BUCKETS) for s, n in (("a", 5000),
                                                                                                  ("b", 800))}
    cut = source_cutoffs(hists, 1000, None)
    assert cut["a"] == cut["b"] and sum(int(h[: cut["a"]].sum()) for h in hists.values()) <= 1000
    weighted = source_cutoffs(hists, 1000, {"a": 1, "b": 1})
    assert int(hists["a"][: weighted["a"]].sum()) <= 500 and int(hists["b"][: weighted["b"]].sum()) <= 500
    assert source_cutoffs(hists, 1000, {"a": 1})["b"] == 0

"""The commoncrawl source end to end on real Common Crawl samples, through the CLI, on the FnApiRunner."""
import json

import pytest

from pipeline.io import read_documents
from tests.conftest import gzip_members, read_rejects, run_cli, wet_record

EXPECTED_LANGS = {  # the 16 pages of the real CC-MAIN-2020-34 WARC excerpt (PROVENANCE.md: 11 zh, 2 de, ru, nl, en)
    "http://01spb.ru/company/": "ru",
    "http://06.live-radsport.ch/fahrerstatistik_801/Anthony_Ravard.html": "de",
    "http://06.live-radsport.ch/tippspiel/stats_140_petzi.html": "de",
    "http://0900-hovenier.nl/gelderland/oosterbeek/": "nl",
    "http://037426.cn/": "en",
}


def _docs(output):
    return {d["id"]: d for d in read_documents(str(output / "docs" / "commoncrawl" / "*.parquet"))}


@pytest.fixture(scope="module")
def real_warc_run(tmp_path_factory, corpora):
    out = tmp_path_factory.mktemp("cc_real")
    assert run_cli(["--source", "commoncrawl", "--input", corpora / "commoncrawl" / "*.warc*", "--output", out]) == 0
    return out


def test_real_warc_pages_come_out_with_their_languages(real_warc_run):
    docs = [d for d in _docs(real_warc_run).values() if "resiliparse" in d["metadata"]["cc_segment"]]
    assert len(docs) == 16
    for d in docs:
        assert d["lang"] == EXPECTED_LANGS.get(d["url"], "zh"), d["url"]
        assert 0.5 <= d["lang_score"] <= 1.0


def test_every_stage_reconciles_and_languages_are_counted(real_warc_run):
    report = json.loads((real_warc_run / "report" / "run_commoncrawl.json").read_text())
    assert report["reconciled"]
    assert [s["name"] for s in report["stages"]][:3] == ["read", "line_dedup", "langid"]
    for stage in report["stages"]:
        assert stage["in"] == stage["kept"] + sum(stage["dropped"].values()) + sum(stage["rejected"].values())
    read, dedup, langid = report["stages"][:3]
    assert read["kept"] == dedup["in"] and dedup["kept"] == langid["in"]
    assert langid["tallies"]["lang"]["zh"] >= 11
    assert report["documents_out"] == len(_docs(real_warc_run))


def test_documents_have_deterministic_ids_and_the_schema(real_warc_run):
    docs = _docs(real_warc_run)
    for doc_id, d in docs.items():
        assert doc_id.startswith("commoncrawl-") and d["source"] == "commoncrawl"
        assert d["metadata"]["digest"].startswith("sha1:") and d["metadata"]["date"]
    # the same page is in both the WARC and the WET excerpt: line dedup removed their shared lines
    report = json.loads((real_warc_run / "report" / "run_commoncrawl.json").read_text())
    assert report["stages"][1]["stats"]["lines_shared"] > 10


def test_multiprocessing_runner_writes_the_same_documents(real_warc_run, tmp_path, corpora):
    out = tmp_path / "mp"
    argv = ["--source", "commoncrawl", "--input", corpora / "commoncrawl" / "*.warc*", "--output", out,
            "--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    assert run_cli(argv) == 0
    single = {k: d["text"] for k, d in _docs(real_warc_run).items()}
    multi = {k: d["text"] for k, d in _docs(out).items()}
    assert multi == single


def test_truncated_gzip_is_a_reject_and_the_run_goes_on(tmp_path):
    text = "\n".join(f"Sentence number {w} of a page that is long enough to be kept by the reader." for w in "abcdefgh")
    records = [wet_record(f"http://site{i}.org/page", "Title\n" + text + f"\nunique {chr(97 + i)}", f"r{i}")
               for i in range(4)]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.warc.wet.gz").write_bytes(gzip_members(records[:2]))
    whole = gzip_members(records[2:])
    (inputs / "cut.warc.wet.gz").write_bytes(whole[: len(whole) - 40])
    (inputs / "junk.warc.wet").write_bytes(b"this is not a WARC file at all\n")
    out = tmp_path / "out"
    assert run_cli(["--source", "commoncrawl", "--input", inputs / "*", "--output", out]) == 0
    rejects = read_rejects(out, "commoncrawl")
    reasons = sorted(r["reason"] for r in rejects)
    assert reasons == ["broken_warc_header", "truncated_or_corrupt_file"]
    cut = next(r for r in rejects if r["reason"] == "truncated_or_corrupt_file")
    assert cut["file"].endswith("cut.warc.wet.gz") and cut["offset"] >= 0 and cut["stage"] == "read"
    urls = {d["url"] for d in _docs(out).values()}
    # the complete record before the cut survives; line dedup removed the shared sentences, not the pages
    assert {"http://site0.org/page", "http://site1.org/page", "http://site2.org/page"} <= urls
    report = json.loads((out / "report" / "run_commoncrawl.json").read_text())
    assert report["reconciled"]
    assert sum(report["stages"][0]["rejected"].values()) == 2


def test_a_rerun_replaces_the_earlier_outputs_instead_of_mixing_with_them(tmp_path, corpora):
    from demo.make_inputs import INPUTS

    out = tmp_path / "out"
    argv = ["--source", "commoncrawl", "--input", INPUTS / "commoncrawl" / "*", "--output", out]
    assert run_cli([*argv, "--num_output_shards", "3"]) == 0
    first = _docs(out)
    assert len(list((out / "docs" / "commoncrawl").glob("*.parquet"))) == 3
    assert run_cli([*argv, "--num_output_shards", "1"]) == 0
    assert len(list((out / "docs" / "commoncrawl").glob("*.parquet"))) == 1
    assert _docs(out).keys() == first.keys()


def _block_digest(text: str) -> str:
    """WARC-Block-Digest as Common Crawl writes it: sha1 of the block, base32."""
    import base64
    import hashlib

    return "sha1:" + base64.b32encode(hashlib.sha1(text.encode("utf-8")).digest()).decode()


def _two_dumps(root, corpora):
    """The same real page captured in two crawls (new record id and date, same block), each crawl with two other
    pages that share a boilerplate line with it (so line dedup has work inside each dump)."""
    c4 = [json.loads(line) for _, line in zip(range(5), (corpora / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl")
                                               .open(encoding="utf-8"))]
    boiler = "Home | About us | Contact | Privacy policy"
    same = f"{c4[0]['url']}\n{c4[0]['text']}\n{boiler}"
    for dump, date, others in (("CC-MAIN-2019-30", "2019-07-20T10:00:00Z", c4[1:3]),
                               ("CC-MAIN-2019-35", "2019-08-21T11:00:00Z", c4[3:5])):
        folder = root / "crawl-data" / dump / "segments" / "1566027313501.0" / "wet"
        folder.mkdir(parents=True)
        records = [wet_record(c4[0]["url"], same, f"{dump}-same",
                              extra_headers={"WARC-Date": date, "WARC-Block-Digest": _block_digest(same)})]
        records += [wet_record(rec["url"], f"t\n{rec['text']}\n{boiler}", f"{dump}-{i}",
                               extra_headers={"WARC-Block-Digest": _block_digest(rec["text"] + dump)})
                    for i, rec in enumerate(others)]
        (folder / f"CC-MAIN-{dump[8:12]}-00000.warc.wet.gz").write_bytes(gzip_members(records))
    return c4[0]


@pytest.mark.parametrize("scope", ["dump", "run"])
def test_a_page_in_two_dumps_is_kept_once(tmp_path, corpora, scope):
    page = _two_dumps(tmp_path / "in", corpora)
    out = tmp_path / "out"
    argv = ["--source", "commoncrawl", "--input", tmp_path / "in" / "crawl-data" / "*" / "segments" / "*" / "wet" / "*",
            "--output", out, "--set", f"line_dedup_scope={scope}"]
    assert run_cli(argv) == 0
    docs = list(_docs(out).values())
    copies = [d for d in docs if d["url"] == page["url"]]
    report = json.loads((out / "report" / "run_commoncrawl.json").read_text())
    dedup = next(s for s in report["stages"] if s["name"] == "line_dedup")
    digest = next(s for s in report["stages"] if s["name"] == "digest_dedup")
    if scope == "dump":  # cc_net per dump, then one capture per digest (RedPajama)
        assert len(copies) == 1 and copies[0]["text"] == page["text"]
        assert copies[0]["metadata"]["cc_dump"] in ("CC-MAIN-2019-30", "CC-MAIN-2019-35")
        assert digest["dropped"] == {"duplicate_digest": 1}
        assert all("Privacy policy" not in d["text"] for d in docs)  # the boilerplate went, dump by dump
        assert len(docs) == 4  # 6 records: one C4 page is under min_doc_chars, one capture is a duplicate
    else:  # the whole run is one scope: every line of the page is shared by its two captures
        assert copies == [] and dedup["dropped"] == {"empty_after_line_dedup": 2}


def test_dump_comes_from_the_path_or_the_warcinfo(corpora):
    from sources.commoncrawl.records import dump_of_path, dump_of_warcinfo
    from sources.commoncrawl.warc import iter_records

    assert dump_of_path("s3://commoncrawl/crawl-data/CC-MAIN-2019-30/segments/1/wet/CC-MAIN-20190715-0.warc.wet.gz") \
        == "CC-MAIN-2019-30"
    assert dump_of_path("/data/CC-MAIN-20190318132220-20190318153634-00064.warc.wet.gz") == ""
    with (corpora / "commoncrawl" / "ccnet_test_sample.warc.wet.txt").open("rb") as stream:
        info = next(iter_records(stream))
    assert info.type == "warcinfo" and dump_of_warcinfo(info) == "CC-MAIN-2019-13"


def test_a_config_that_cannot_keep_a_document_fails_before_running(tmp_path, corpora, capsys):
    """keep_buckets [head, middle] (configs/llama1.yaml) without a language model: every document would get
    bucket `all` and be dropped. The run refuses to start, naming the model and the command that builds it."""
    out = tmp_path / "out"
    argv = ["--source", "commoncrawl", "--input", corpora / "commoncrawl" / "*.warc.wet*", "--output", out,
            "--config", "configs/llama1.yaml"]
    assert run_cli(argv) == 2
    err = capsys.readouterr().err
    assert "perplexity.models" in err and "train_lm" in err and "keep_buckets" in err
    assert not out.exists()
    empty_lm = tmp_path / "lm"
    empty_lm.mkdir()
    assert run_cli([*argv, "--set", f"perplexity.models={empty_lm}"]) == 2  # a directory without models
    assert "train_lm" in capsys.readouterr().err


def test_a_run_that_keeps_nothing_exits_non_zero_unless_allowed(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "short.warc.wet.gz").write_bytes(gzip_members([wet_record("http://a.org/", "T\nshort page", "a")]))
    argv = ["--source", "commoncrawl", "--input", inputs / "*", "--output", tmp_path / "out"]
    assert run_cli(argv) == 1
    assert "0 documents out of 1 input records" in capsys.readouterr().err
    assert run_cli([*argv, "--allow-empty"]) == 0
    (inputs / "short.warc.wet.gz").write_bytes(b"")  # no input record at all: nothing to complain about
    assert run_cli(argv) == 0


def test_the_recipe_s_crawl_sample_pass_can_keep_documents_under_the_llama1_config():
    """The models step reads a crawl sample before any model exists: with llama1.yaml's keep_buckets [head,
    middle] it would keep nothing, so it runs with SAMPLE_PASS_OVERRIDES (no perplexity filter, no classifier)."""
    import yaml

    from pipeline.models import MissingModelError
    from recipe.sources_job import source_params
    from sources.commoncrawl import transform

    config = yaml.safe_load(open("configs/llama1.yaml"))
    with pytest.raises(MissingModelError):
        transform.check_can_produce_documents(source_params(config, None, "commoncrawl", transform))
    sample = source_params(config, {"commoncrawl": transform.SAMPLE_PASS_OVERRIDES}, "commoncrawl", transform)
    transform.check_can_produce_documents(sample)
    assert sample["langid"]["languages"] == ["en"]  # the rest of the config still applies

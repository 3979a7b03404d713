"""The Python API (pipeline/plugins.py, docs/PLUGINS.md): the documented examples, a filter on an existing source
and a new source, each one short file, run with the same CLI through --plugin."""
import json

import pyarrow.parquet as pq
import pytest

import pipeline.plugins as plugins
from sources.registry import SOURCES
from tests.conftest import REPO, run_cli

EXAMPLES = REPO / "docs" / "examples"


@pytest.fixture(autouse=True)
def fresh_registries(monkeypatch):
    """A plugin registers into process-wide tables: each test starts and ends without them."""
    monkeypatch.setattr(plugins, "FILTERS", {})
    monkeypatch.setattr(plugins, "_loaded", set())
    before = dict(SOURCES)
    yield
    SOURCES.clear()
    SOURCES.update(before)


def _report(out, source):
    return json.loads((out / "report" / f"run_{source}.json").read_text())


def test_a_filter_plugin_joins_the_funnel(tmp_path):
    texts = ["A perfectly ordinary sentence about rivers and the sea, long enough to keep.",
             "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
             "Another ordinary sentence, this one about mountains and the weather in spring.",
             "A sentence with a NUL \x00 byte inside it, which no text should ever contain here."]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "c4-train.00000-of-01024.json").write_text("".join(
        json.dumps({"text": t, "url": f"https://e.org/{i}", "timestamp": "2019-04-20T10:00:00Z"}) + "\n"
        for i, t in enumerate(texts)))
    out = tmp_path / "out"
    # worker processes that cannot import the file: its functions travel in the job by value
    assert run_cli(["--source", "c4", "--input", tmp_path / "in" / "*.json", "--output", out,
                    "--plugin", EXAMPLES / "no_lorem_filter.py",
                    "--direct_running_mode=multi_processing", "--direct_num_workers=2"]) == 0
    report = _report(out, "c4")
    stage = report["stages"][-1]
    assert stage["name"] == "no_lorem_ipsum" and report["reconciled"]
    assert stage["dropped"] == {"lorem_ipsum": 1} and stage["rejected"] == {"nul_byte": 1}
    assert report["documents_out"] == 2
    kept = pq.read_table(sorted((out / "docs" / "c4").glob("*.parquet"))).column("text").to_pylist()
    assert sorted(kept) == sorted([texts[0], texts[2]])
    rejects = [json.loads(line) for f in (out / "rejects" / "c4").glob("*.jsonl") for line in f.read_text().splitlines()]
    assert [r["reason"] for r in rejects if r["stage"] == "no_lorem_ipsum"] == ["nul_byte"]


def test_a_source_plugin_runs_with_the_same_cli(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.tsv").write_text(
        "n1\tA note long enough to be kept by the length stage.\n"
        "n2\tshort\n"
        "no tab on this line\n"
        "n3\t\n")
    out = tmp_path / "out"
    assert run_cli(["--source", "tsv", "--input", tmp_path / "in" / "*.tsv", "--output", out,
                    "--plugin", EXAMPLES / "tsv_source.py", "--set", "min_chars=10"]) == 0
    report = _report(out, "tsv")
    assert [s["name"] for s in report["stages"]] == ["read", "length"] and report["reconciled"]
    assert report["stages"][0]["rejected"] == {"no_tab": 1} and report["stages"][0]["dropped"] == {"empty_text": 1}
    assert report["stages"][1]["dropped"] == {"too_short": 1} and report["documents_out"] == 1
    docs = pq.read_table(sorted((out / "docs" / "tsv").glob("*.parquet"))).to_pylist()
    assert [d["text"] for d in docs] == ["A note long enough to be kept by the length stage."]


def test_a_plugin_as_a_module_name_and_bad_plugins(tmp_path, monkeypatch, capsys):
    (tmp_path / "my_filters.py").write_text(
        "from pipeline.plugins import Drop, add_filter\n\n"
        "@add_filter('books')\ndef no_short_books(doc):\n    return doc if len(doc['text']) > 10 else Drop('short')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert plugins.load_plugins(["my_filters"]) == ["my_filters"]
    assert plugins.filter_stages("books") == ("no_short_books",)
    assert SOURCES["books"].load().STAGES[-1] == "no_short_books"
    assert run_cli(["--source", "c4", "--input", tmp_path / "*.json", "--output", tmp_path / "o",
                    "--plugin", "no_such_plugin_module"]) == 2
    assert "--plugin no_such_plugin_module" in capsys.readouterr().err

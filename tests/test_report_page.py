"""The run report says what the outputs hold: its figures are read back from the page and checked against the
Parquet documents, run reports and mixture they describe (`check_report_against_outputs`, also run on the demo
recipe's output in tests/test_recipe.py)."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.html_report import UNDETERMINED
from pipeline.report import build_source_report, write_report
from recipe.report_page import write_report_page


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.links, self._table, self._row, self._cell = {}, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id") or f"_{len(self.tables)}", [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "a":
            self.links.append(attrs["href"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def page_tables(page: str) -> tuple[dict[str, dict[str, dict[str, str]]], list[str]]:
    """{table id: {first cell: {header: cell}}} and the page's links."""
    parser = _Tables()
    parser.feed(page)
    tables = {}
    for name, rows in parser.tables.items():
        header, *body = rows
        tables[name] = {row[0]: dict(zip(header, row)) for row in body}
    return tables, parser.links


def check_report_against_outputs(out: Path, sources: list[str]) -> None:
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "None" not in re.sub(r"<details>.*?</details>", "", page, flags=re.S)  # the config may say null/None
    tables, links = page_tables(page)
    mixture = json.loads((out / "tokens" / "mixture.json").read_text())
    for source in sources:
        docs = pq.read_table(sorted((out / "docs" / source).glob("*.parquet")), columns=["lang", "text"]).to_pylist()
        report = json.loads((out / "report" / f"run_{source}.json").read_text())
        funnel = tables["funnel"][source]
        assert funnel["documents out"] == f"{len(docs):,}" == f"{report['documents_out']:,}"
        assert funnel["characters out"] == f"{sum(len(d['text']) for d in docs):,}"
        assert funnel["tokens (tokenizer)"] == f"{mixture['sources'][source]['tokens_available']:,}"
        languages = tables["languages"][source]
        assert languages["documents profiled"] == f"{len(docs):,}"
        counts: dict = {}
        for d in docs:
            label = d["lang"] or UNDETERMINED
            counts[label] = counts.get(label, 0) + 1
        shown = dict(item.split(": ") for item in languages["languages (top 8)"].split(", "))
        assert shown == {k: str(v) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:8]}
        lengths = tables["lengths"][source]
        assert lengths["median chars"] == f"{sorted(len(d['text']) for d in docs)[len(docs) // 2]:,}"
        assert lengths["max chars"] == f"{max(len(d['text']) for d in docs):,}"
        if (out / "tokenizer" / "tokenizer.model").exists():  # tokens as the shards count them: BOS + text + EOS
            import sentencepiece as spm

            sp = spm.SentencePieceProcessor(model_file=str(out / "tokenizer" / "tokenizer.model"))
            tokens = sorted(len(ids) + 2 for ids in sp.encode([d["text"] for d in docs]))
            assert lengths["median tokens"] == f"{tokens[len(tokens) // 2]:,}"
            assert sum(tokens) == mixture["sources"][source]["tokens_available"]
    tolerance = mixture["tolerance_pp"]
    for name, row in mixture["sources"].items():
        status = tables["mixture"][name]["status"]
        within = abs(row["proportion_realized"] - row["proportion_target"]) * 100 <= tolerance + 1e-9
        assert status.startswith("within" if within else "MISSED"), (name, status)
    assert len(tables["tokenizer"]) <= 10  # a summary, not the trainer's ~60 fields
    for link in links:
        assert (out / "report" / link).is_file(), link


def _write_docs(out: Path, source: str, docs: list[dict]) -> None:
    (out / "docs" / source).mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(docs), out / "docs" / source / "part-00000-of-00001.parquet")


def test_page_figures_match_synthetic_outputs(tmp_path):
    out = tmp_path / "out"
    web = [{"id": str(i), "source": "commoncrawl", "text": "word " * (10 + i) + "\nline", "lang": lang}
           for i, lang in enumerate(["en", "en", "de", "en"])]
    code = [{"id": "g", "source": "github", "text": "print(1)\n", "lang": None}]
    _write_docs(out, "commoncrawl", web)
    _write_docs(out, "github", code)
    chars = sum(len(d["text"]) for d in web)
    # langid tallies 5 documents (one Russian) that a later stage cut to the 4 written: the page shows the output
    write_report(build_source_report("commoncrawl", {
        "read|in": 6, "read|kept": 5, "read|drop|too_short": 1, "langid|in": 5, "langid|kept": 5,
        "langid|stat|lang:en": 3, "langid|stat|lang:de": 1, "langid|stat|lang:ru": 1, "langid|stat|chars_kept": 999,
        "perplexity|in": 5, "perplexity|kept": 4, "perplexity|drop|bucket_tail": 1,
        "perplexity|stat|chars_kept": chars}, ("read", "langid", "perplexity")), str(out))
    write_report(build_source_report("github", {"read|in": 1, "read|kept": 1, "quality|in": 1, "quality|kept": 1,
                                                "quality|stat|chars_kept": 9}, ("read", "quality")), str(out))
    (out / "rejects" / "github").mkdir(parents=True)
    (out / "rejects" / "github" / "rejects-00000-of-00001.jsonl").write_text('{"reason": "bad_json"}\n')
    (out / "tokens").mkdir()
    (out / "tokens" / "mixture.json").write_text(json.dumps({"tolerance_pp": 1.0, "within_tolerance": False, "sources": {
        "commoncrawl": {"status": "ok", "proportion_target": 0.955, "proportion_realized": 1.0, "epochs_max": 1.1,
                        "epochs_realized": 1.0, "tokens_available": 70, "tokens_drawn": 70},
        "github": {"status": "ok", "proportion_target": 0.045, "proportion_realized": 0.0, "epochs_max": 1.0,
                   "epochs_realized": 0.0, "tokens_available": 5, "tokens_drawn": 0}}}))
    (out / "tokenizer").mkdir()
    spec = {f"field_{i}": i for i in range(60)}
    (out / "tokenizer" / "tokenizer_summary.json").write_text(json.dumps({
        "vocab_size": 4000, "model_sha256": "ab" * 32, "trainer_spec": {"model_type": "BPE", **spec},
        "normalizer_spec": {"name": "identity"}, "sample": {"sentences": 10}, "seconds": {"total": 1.5},
        "source_shares": {"commoncrawl": {"sentences": 10, "sentence_share": 1.0, "character_share": 1.0}}}))
    (out / "train").mkdir()
    (out / "train" / "metrics.jsonl").write_text(json.dumps({"step": 1, "loss": 9.0, "mfu": None}) + "\n")

    (out / "report" / "dropped_commoncrawl.jsonl").write_text(json.dumps(
        {"stage": "perplexity", "reason": "bucket_tail", "id": "x", "url": None, "lang": "ru", "chars": 12,
         "text": "Привет, мир!"}, ensure_ascii=False) + "\n")
    write_report_page(str(out), ["commoncrawl", "github"], config={"output": str(out)}, config_path="c.yaml")
    check_report_against_outputs(out, ["commoncrawl", "github"])
    page = (out / "report" / "index.html").read_text()
    tables, _ = page_tables(page)
    assert "ru" not in tables["languages"]["commoncrawl"]["languages (top 8)"]
    assert tables["languages"]["github"]["languages (top 8)"] == f"{UNDETERMINED}: 1"
    assert tables["mixture"]["commoncrawl"]["status"] == "MISSED by +4.50 pp"
    assert tables["mixture"]["github"]["status"] == "MISSED by -4.50 pp"
    assert "n/a" in page and "None" not in page  # github's read stage measures no characters; mfu unmeasured
    assert "../rejects/github/rejects-00000-of-00001.jsonl" in page and 'href="dropped_commoncrawl.jsonl"' in page
    assert tables["dropped_commoncrawl"]["perplexity"]["text (start)"] == "Привет, мир!"
    assert tables["run"]["config"]["value"] == "c.yaml" and tables["run"]["version of apache-beam"]["value"]
    assert tables["run"]["git commit"]["value"] != "n/a"


def test_screenshot_captures_the_whole_page(tmp_path):
    import shutil
    import subprocess
    import sys

    import pytest
    from PIL import Image

    if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")):
        pytest.skip("needs Chromium (apt-get install chromium)")
    report = tmp_path / "out" / "report"
    (report / "plots").mkdir(parents=True)
    rows = "".join(f"<p>row {i}</p>" for i in range(600))  # taller than any fixed window
    (report / "index.html").write_text(f"<!doctype html><html><body>{rows}<p id='end'>THE END</p></body></html>")
    proc = subprocess.run([sys.executable, str(Path(__file__).parents[1] / "scripts" / "screenshot_report.py"),
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    height = int(re.search(r"1200x(\d+) px", proc.stdout).group(1))
    assert height > 600 * 30  # every row: the page, not a window
    assert Image.open(report / "screenshot.png").size == (1200, height)

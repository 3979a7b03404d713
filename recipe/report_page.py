"""The report step: what the HTML page shows, gathered from the run's outputs."""
from __future__ import annotations

import json

from apache_beam.io.filesystems import FileSystems

from pipeline.html_report import ReportInputs, write_html_report
from pipeline.io import join_path, read_text


def _json(path: str) -> dict | None:
    return json.loads(read_text(path)) if FileSystems.exists(path) else None


def _jsonl(path: str) -> list[dict]:
    if not FileSystems.exists(path):
        return []
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


def perplexity_histograms(report: dict | None, models_dir: str | None) -> dict:
    """{lang: {"bins": [(low, high, documents)], "p30", "p60"}} from the commoncrawl report's `ppl_bin` tallies
    (`<lang>:<low>-<high>`) and the cutoffs the run used (the model's own, else cc_net's published ones)."""
    from sources.commoncrawl.cutoffs import CCNET_CUTOFFS, read_cutoffs

    if not report:
        return {}
    stage = next((s for s in report["stages"] if "ppl_bin" in s.get("tallies", {})), None)
    if stage is None:
        return {}
    histograms: dict = {}
    for key, count in stage["tallies"]["ppl_bin"].items():
        lang, _, label = key.partition(":")
        low, _, high = label.partition("-")
        low_f = float(low.rstrip("+"))
        high_f = float(high) if high else low_f * 1.5  # the open last bin, drawn 50% wide
        histograms.setdefault(lang, {"bins": []})["bins"].append((low_f, high_f, count))
    for lang, hist in histograms.items():
        hist["bins"].sort()
        path = join_path(models_dir, f"{lang}.cutoffs.json") if models_dir else None
        cutoffs = read_cutoffs(path) if path and FileSystems.exists(path) else CCNET_CUTOFFS.get(lang)
        hist["p30"], hist["p60"] = cutoffs if cutoffs else (None, None)
    return histograms


def source_reports(output: str, sources: list[str]) -> list[dict]:
    return [r for r in (_json(join_path(output, "report", f"run_{s}.json")) for s in sources) if r]


def write_report_page(output: str, sources: list[str], models_dir: str | None = None) -> str:
    reports = source_reports(output, sources)
    cc = next((r for r in reports if r["source"] == "commoncrawl"), None)
    tokens_report = _json(join_path(output, "tokens", "report", "run_tokens.json"))
    inputs = ReportInputs(
        run_reports=reports + ([tokens_report] if tokens_report else []),
        mixture=_json(join_path(output, "tokens", "mixture.json")),
        tokenizer=_json(join_path(output, "tokenizer", "tokenizer_summary.json")),
        training_log=_jsonl(join_path(output, "train", "metrics.jsonl")),
        perplexity=perplexity_histograms(cc, models_dir),
    )
    return write_html_report(output, inputs)

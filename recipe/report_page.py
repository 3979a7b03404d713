"""The report step: what the HTML page shows, gathered from the run's outputs."""
from __future__ import annotations

import json

from apache_beam.io.filesystems import FileSystems

from pipeline.html_report import ReportInputs, write_html_report
from pipeline.io import join_path, match_paths, read_text


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


MAX_LINKS = 5  # dead-letter files linked per source (the rest are counted)
VERSIONS = ("apache-beam", "pyarrow", "sentencepiece", "tokenizers", "transformers", "torch", "fasttext", "kenlm")


def output_profiles(output: str, reports: list[dict]) -> dict:
    """{source: languages and lengths of its written documents} (pipeline/output_profile.py, bounded)."""
    from pipeline.output_profile import profile_documents

    count_tokens = _token_counter(join_path(output, "tokenizer", "tokenizer.model"))
    profiles = {}
    for report in reports:
        source = report["source"]
        profile = profile_documents(join_path(output, "docs", source, "*.parquet"), count_tokens=count_tokens)
        if profile["documents_read"]:
            profiles[source] = {**profile, "documents_out": report.get("documents_out")}
    return profiles


def _token_counter(model_path: str):
    """Tokens per document as the shards hold it (BOS + text + EOS) under the run's tokenizer; None without one."""
    if not FileSystems.exists(model_path):
        return None
    import sentencepiece as spm

    from pipeline.io import open_raw

    with open_raw(model_path) as f:
        processor = spm.SentencePieceProcessor(model_proto=f.read())
    return lambda text: len(processor.encode(text)) + 2


def run_metadata(output: str, config: dict | None, config_path: str | None) -> dict:
    """When, how and with what this report's run was made: date, command, config, package versions, commit."""
    import platform
    import shlex
    import subprocess
    import sys
    import time
    from importlib import metadata as md
    from pathlib import Path

    import yaml

    versions = {"python": platform.python_version()}
    for name in VERSIONS:
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    repo = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if commit and dirty:
            commit += " (with uncommitted changes)"
    except (OSError, subprocess.SubprocessError):  # no git on this machine, or not a checkout (an installed package)
        commit = None
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "command": " ".join(shlex.quote(a) for a in [_program(), *sys.argv[1:]]),
            "config": config_path, "git_commit": commit, "output": output, "versions": versions,
            "config_text": yaml.safe_dump(config, sort_keys=False, allow_unicode=True) if config else None}


def _program() -> str:
    """`python -m recipe.run` as the user typed it (sys.argv[0] is then the module's file path)."""
    import sys
    from pathlib import Path

    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return f"python -m {spec.name}" if spec is not None and spec.name else Path(sys.argv[0]).name


def step_seconds(output: str) -> dict:
    """{step: seconds} from the recipe's step manifests (<output>/work/steps/*.json), in the order they finished."""
    steps = [m for m in (_json(p) for p in match_paths(join_path(output, "work", "steps", "*.json"))) if m]
    steps = [m for m in steps if m.get("step") != "report"]  # this report's own time is not known yet
    return {m["step"]: m.get("seconds") for m in sorted(steps, key=lambda m: m.get("finished_at", ""))}


def output_links(output: str, sources: list[str]) -> dict:
    """{source: [paths relative to report/]}: the dead-letter files and near-duplicate cluster files."""
    links = {}
    for source in sources:
        rejects = match_paths(join_path(output, "rejects", source, "*"))
        found = [f"../rejects/{source}/{p.rsplit('/', 1)[-1]}" for p in rejects[:MAX_LINKS]]
        if len(rejects) > MAX_LINKS:
            found.append(f"../rejects/{source}/ ({len(rejects) - MAX_LINKS} more dead-letter files)")
        for name in (f"near_dup_clusters_{source}.jsonl", f"dropped_{source}.jsonl"):
            if FileSystems.exists(join_path(output, "report", name)):
                found.append(name)
        if found:
            links[source] = found
    return links


def model_metadata(models_dir: str | None, wiki_ref_model: str | None) -> dict:
    """The quality models' own figures: models/lm/<lang>.lm.json and the classifier's MODEL.json."""
    import posixpath

    models: dict = {}
    if models_dir:
        lms = {}
        for path in match_paths(join_path(models_dir, "*.lm.json")):
            meta = _json(path)
            if meta:
                lms[meta.get("lang") or posixpath.basename(path).split(".")[0]] = meta
        if lms:
            models["lm"] = lms
    if wiki_ref_model:
        meta = _json(posixpath.splitext(wiki_ref_model)[0] + ".json")
        if meta:
            from sources.commoncrawl.train_ref_classifier import quality_warning

            models["wiki_ref"] = {**meta, "warning": meta.get("warning") or quality_warning(meta)}
    return models


def write_report_page(output: str, sources: list[str], models_dir: str | None = None,
                      wiki_ref_model: str | None = None, config: dict | None = None,
                      config_path: str | None = None) -> str:
    reports = source_reports(output, sources)
    cc = next((r for r in reports if r["source"] == "commoncrawl"), None)
    tokens_report = _json(join_path(output, "tokens", "report", "run_tokens.json"))
    inputs = ReportInputs(
        run_reports=reports + ([tokens_report] if tokens_report else []),
        mixture=_json(join_path(output, "tokens", "mixture.json")),
        tokenizer=_json(join_path(output, "tokenizer", "tokenizer_summary.json")),
        training_log=_jsonl(join_path(output, "train", "metrics.jsonl")),
        perplexity=perplexity_histograms(cc, models_dir),
        output_profiles=output_profiles(output, reports),
        metadata=run_metadata(output, config, config_path),
        step_seconds=step_seconds(output),
        links=output_links(output, sources),
        models=model_metadata(models_dir, wiki_ref_model),
        dropped={s: _jsonl(join_path(output, "report", f"dropped_{s}.jsonl")) for s in sources},
    )
    return write_html_report(output, inputs)

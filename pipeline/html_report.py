"""The main job's report: one offline HTML page (no CDN, no scripts) plus PNG plots, beside the outputs.

    <output>/report/index.html
    <output>/report/plots/*.png

Inputs are the JSON files the stages already write: the per-source run reports (`report/run_<source>.json`),
the mixture report, the tokenizer summary, the trainer's JSONL log, the models' metadata, the recipe's step
manifests, and a bounded profile of the output documents (recipe/report_page.py gathers them). Every section
renders what it is given and says plainly when its input is missing, so a partial run still gets a readable
report; a figure that was not measured shows as "n/a", never as 0 or "None".
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only: no display, no GUI backend
import matplotlib.pyplot as plt  # noqa: E402

from pipeline.io import join_path, write_text  # noqa: E402

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;
color:#1d1d1f;line-height:1.45;padding:0 1rem}
h1{font-size:1.7rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .55rem;text-align:right}th{background:#f5f5f7}
td:first-child,th:first-child{text-align:left}
img{max-width:100%;border:1px solid #eee;margin:.4rem 0}
.bad{color:#b00020;font-weight:600}.ok{color:#1b7f3b}.note{color:#666;font-size:.9rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:.8rem}
"""


@dataclass
class ReportInputs:
    run_reports: list[dict] = field(default_factory=list)  # pipeline.report.build_source_report outputs
    mixture: dict | None = None  # sampling.report.mixture_report
    tokenizer: dict | None = None  # tokenizer training summary JSON
    training_log: list[dict] = field(default_factory=list)  # trainer JSONL records
    perplexity: dict | None = None  # {lang: {"bins": [(lo, hi, count)], "p30": x, "p60": y}}
    title: str = "LLaMA corpus: run report"
    # {source: OutputProfile.as_dict()}: languages and lengths of the documents written (recipe/report_page.py)
    output_profiles: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)  # date, command, config, versions, commit
    step_seconds: dict = field(default_factory=dict)  # recipe step -> seconds
    links: dict = field(default_factory=dict)  # {source: [relative paths]}: dead letters, near-duplicate clusters
    models: dict = field(default_factory=dict)  # {"wiki_ref": metadata, "lm": {lang: metadata}}
    dropped: dict = field(default_factory=dict)  # {source: [sampled dropped documents]} (pipeline/dropped.py)


# ------------------------------------------------------------------------------------------------- plots


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def plot_funnel(report: dict) -> bytes:
    stages = report["stages"]
    names = [s["name"] for s in stages]
    docs = [s["kept"] for s in stages]
    measured = [(s["name"], s["stats"]["chars_kept"]) for s in stages if "chars_kept" in s["stats"]]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.2))
    first_in = stages[0]["in"] if stages else 0
    ax1.bar(["input"] + names, [first_in] + docs, color="#4c78a8")
    ax1.set_title(f"{report['source']}: documents kept by stage")
    ax2.bar([n for n, _ in measured], [c for _, c in measured], color="#f58518")
    ax2.set_title("characters kept (stages that count them)", fontsize=10)
    for ax in (ax1, ax2):
        ax.tick_params(axis="x", rotation=35)
    return _png(fig)


def plot_languages(counts: dict[str, int], title: str) -> bytes:
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar([k for k, _ in top], [v for _, v in top], color="#54a24b")
    ax.set_title(title)
    ax.set_ylabel("documents")
    return _png(fig)


def plot_lengths(source: str, profile: dict) -> bytes:
    """Histograms of characters, words and lines per output document (log-spaced bins: lengths span decades)."""
    import numpy as np

    keys = [k for k in ("chars", "words", "lines", "tokens") if k in profile["lengths"]]
    fig, axes = plt.subplots(1, len(keys), figsize=(3.4 * len(keys), 2.8))
    for ax, key in zip(axes, keys):
        values = np.asarray(profile["lengths"][key], dtype=float)
        values = values[values > 0]
        if len(values):
            bins = np.unique(np.geomspace(max(1.0, values.min()), max(2.0, values.max()), 20).round())
            ax.hist(values, bins=bins if len(bins) > 1 else 10, color="#9d755d", edgecolor="white")
            ax.set_xscale("log")
        ax.set_title(f"{source}: {key} per document")
        ax.set_ylabel("documents")
    return _png(fig)


def plot_perplexity(lang: str, hist: dict) -> bytes:
    bins = hist["bins"]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar([lo for lo, _, _ in bins], [n for _, _, n in bins], width=[hi - lo for lo, hi, _ in bins],
           align="edge", color="#72b7b2", edgecolor="white")
    for name, color in (("p30", "#e45756"), ("p60", "#b279a2")):
        if hist.get(name) is not None:
            ax.axvline(hist[name], color=color, linestyle="--", label=f"{name} = {hist[name]:g}")
    ax.set_title(f"perplexity, {lang} (head < p30 <= middle < p60 <= tail)")
    ax.set_xlabel("perplexity")
    ax.set_ylabel("documents")
    if hist.get("p30") is not None or hist.get("p60") is not None:
        ax.legend()
    return _png(fig)


def plot_mixture(mixture: dict) -> bytes:
    names = list(mixture["sources"])
    target = [mixture["sources"][n]["proportion_target"] * 100 for n in names]
    realized = [mixture["sources"][n]["proportion_realized"] * 100 for n in names]
    x = range(len(names))
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.bar([i - 0.2 for i in x], target, width=0.4, label="target", color="#4c78a8")
    ax.bar([i + 0.2 for i in x], realized, width=0.4, label="realized", color="#f58518")
    ax.set_xticks(list(x), names, rotation=25)
    ax.set_ylabel("% of training tokens")
    ax.set_title("mixture: target vs realized proportions")
    ax.legend()
    return _png(fig)


def plot_loss(records: list[dict]) -> bytes:
    train = [(r["step"], r["loss"]) for r in records if "loss" in r and "step" in r]
    val = [(r["step"], r["val_loss"]) for r in records if "val_loss" in r and "step" in r]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    if train:
        ax.plot(*zip(*train), marker=".", label="train loss", color="#4c78a8")
    if val:
        ax.plot(*zip(*val), marker="o", label="validation loss", color="#e45756")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy")
    ax.set_title("training loss")
    ax.legend()
    return _png(fig)


# --------------------------------------------------------------------------------------------- sections


NA = "n/a"  # a figure that was not measured (never 0, never "None")


def _table(header: list[str], rows: list[list], table_id: str | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>" for row in rows)
    ident = f' id="{html.escape(table_id)}"' if table_id else ""  # tests read the figures back by table
    return f"<table{ident}><tr>{head}</tr>{body}</table>"


def _fmt(value) -> str:
    if value is None:
        return NA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


UNDETERMINED = "undetermined"  # a document without a language (sources that do not identify one)


def language_label(lang) -> str:
    return UNDETERMINED if lang in (None, "", "None", "null") else str(lang)


class _Page:
    def __init__(self, output: str):
        self.output = output
        self.parts: list[str] = []
        self.plots: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def image(self, name: str, png: bytes, alt: str) -> None:
        path = join_path(self.output, "report", "plots", name)
        from apache_beam.io.filesystems import FileSystems

        with FileSystems.create(path) as f:
            f.write(png)
        self.plots.append(name)
        self.add(f'<img src="plots/{html.escape(name)}" alt="{html.escape(alt)}">')


def _chars_out(report: dict):
    """Characters in a source's output: the last stage's chars_kept where that stage measures it, else n/a."""
    return report["stages"][-1]["stats"].get("chars_kept") if report["stages"] else None


def _metadata_section(page: _Page, metadata: dict) -> None:
    page.add("<h2>Run</h2>")
    if not metadata:
        page.add('<p class="note">No run metadata.</p>')
        return
    rows = [[key.replace("_", " "), metadata.get(key)] for key in ("date", "command", "config", "git_commit", "output")]
    rows += [[f"version of {name}", version] for name, version in sorted((metadata.get("versions") or {}).items())]
    page.add(_table(["", "value"], rows, "run"))
    if metadata.get("config_text"):
        page.add("<details><summary>effective configuration</summary><pre>"
                 f"{html.escape(metadata['config_text'])}</pre></details>")


def _funnel_section(page: _Page, reports: list[dict], mixture: dict | None, links: dict) -> None:
    page.add("<h2>Funnel per source</h2>")
    if not reports:
        page.add('<p class="note">No source run reports were found.</p>')
        return
    mixed = (mixture or {}).get("sources", {})
    summary = [[r["source"], r["stages"][0]["in"] if r["stages"] else None, r["documents_out"], _chars_out(r),
                (mixed.get(r["source"]) or {}).get("tokens_available"), "yes" if r["reconciled"] else "NO"]
               for r in reports]
    page.add(_table(["source", "first stage in", "documents out", "characters out", "tokens (tokenizer)",
                     "counts reconcile"], summary, "funnel"))
    page.add('<p class="note">tokens: the source\'s output under the trained tokenizer (BOS and EOS included), '
             'counted by encode-shards; n/a where a figure was not measured.</p>')
    for report in reports:
        page.add(f"<h3>{html.escape(report['source'])}</h3>")
        rows = []
        for s in report["stages"]:
            reasons = ", ".join(f"{k}: {v}" for k, v in {**s["dropped"], **{f"reject {k}": v for k, v in s["rejected"].items()}}.items())
            rows.append([s["name"], s["in"], s["kept"], sum(s["dropped"].values()), sum(s["rejected"].values()),
                         s["stats"].get("chars_kept"), reasons or "-"])
        page.add(_table(["stage", "in", "kept", "dropped", "rejected", "chars kept", "reasons"], rows))
        for path in links.get(report["source"], []):
            page.add(f'<p class="note"><a href="{html.escape(path)}">{html.escape(path)}</a></p>')
        if report["stages"]:
            page.image(f"funnel_{report['source']}.png", plot_funnel(report), f"funnel of {report['source']}")


def _language_section(page: _Page, reports: list[dict], profiles: dict) -> None:
    page.add("<h2>Languages of the output</h2>")
    if not profiles:
        page.add('<p class="note">n/a: the output documents were not profiled.</p>')
        return
    page.add('<div class="grid">')
    for source, profile in profiles.items():
        counts = {language_label(k): v for k, v in profile["languages"].items() if v}
        if counts:
            page.image(f"languages_{source}.png", plot_languages(counts, f"{source}: output documents by language"),
                       f"languages of {source}")
    page.add("</div>")
    rows = [[source, p["documents_read"], p.get("documents_out"),
             ", ".join(f"{language_label(k)}: {v}" for k, v in sorted(p["languages"].items(), key=lambda kv: -kv[1])[:8])]
            for source, p in profiles.items()]
    page.add(_table(["source", "documents profiled", "documents out", "languages (top 8)"], rows, "languages"))
    page.add('<p class="note">Counted on the documents written (docs/&lt;source&gt;/*.parquet): all of them, or the '
             'first documents of the files in name order where "documents profiled" is below "documents out".</p>')


def _lengths_section(page: _Page, profiles: dict) -> None:
    page.add("<h2>Document lengths</h2>")
    shown = [(source, p) for source, p in profiles.items() if p.get("lengths", {}).get("chars")]
    if not shown:
        page.add('<p class="note">n/a: the output documents were not profiled.</p>')
        return
    rows = []
    for source, p in shown:
        chars = sorted(p["lengths"]["chars"])
        tokens = sorted(p["lengths"].get("tokens") or [])
        rows.append([source, len(chars), chars[len(chars) // 2], round(sum(chars) / len(chars)), chars[-1],
                     sorted(p["lengths"]["words"])[len(chars) // 2], sorted(p["lengths"]["lines"])[len(chars) // 2],
                     tokens[len(tokens) // 2] if tokens else None])
    page.add(_table(["source", "documents", "median chars", "mean chars", "max chars", "median words",
                     "median lines", "median tokens"], rows, "lengths"))
    page.add('<p class="note">tokens: under the run\'s tokenizer, BOS and EOS included as in the shards; n/a without '
             'a trained tokenizer.</p>')
    for source, p in shown:
        page.image(f"lengths_{source}.png", plot_lengths(source, p), f"document lengths of {source}")


def _dropped_section(page: _Page, dropped: dict) -> None:
    page.add("<h2>What the filters dropped</h2>")
    if not any(dropped.values()):
        page.add('<p class="note">n/a: no sample of dropped documents (no filter dropped a whole document).</p>')
        return
    page.add('<p class="note">Per stage and reason, the documents with the smallest hash of their id (the same '
             'sample on every run); the full records are in report/dropped_&lt;source&gt;.jsonl.</p>')
    for source, records in dropped.items():
        if not records:
            continue
        records = sorted(records, key=lambda r: (r["stage"], r["reason"]))
        rows = [[r["stage"], r["reason"], r.get("lang"), r.get("chars"),
                 " ".join((r.get("text") or "").split())[:200]] for r in records]
        page.add(f"<details><summary>{html.escape(source)}: {len(records)} sampled documents over "
                 f"{len({(r['stage'], r['reason']) for r in records})} reasons</summary>")
        page.add(_table(["stage", "reason", "lang", "chars", "text (start)"], rows, f"dropped_{source}"))
        page.add("</details>")


def _perplexity_section(page: _Page, perplexity: dict | None) -> None:
    page.add("<h2>Perplexity by language</h2>")
    if not perplexity:
        page.add('<p class="note">No perplexity scores in this run (no language models configured).</p>')
        return
    page.add('<div class="grid">')
    for lang, hist in sorted(perplexity.items()):
        if hist.get("bins"):
            page.image(f"perplexity_{lang}.png", plot_perplexity(lang, hist), f"perplexity histogram {lang}")
    page.add("</div>")


def mixture_row_status(row: dict, tolerance_pp: float | None) -> str:
    """A row's own verdict against the tolerance (the plan's status says only whether the source could be drawn)."""
    deviation = row.get("deviation_pp")
    if deviation is None:
        deviation = (row["proportion_realized"] - row["proportion_target"]) * 100
    plan = row.get("status")
    plan_note = f" (plan: {plan})" if plan and plan != "ok" else ""
    if tolerance_pp is None:
        return f"{deviation:+.2f} pp{plan_note}"
    if abs(deviation) <= tolerance_pp:
        return f"within {tolerance_pp:g} pp{plan_note}"
    return f"MISSED by {deviation:+.2f} pp{plan_note}"


def _mixture_section(page: _Page, mixture: dict | None) -> None:
    page.add("<h2>Mixture: target vs realized</h2>")
    if not mixture:
        page.add('<p class="note">No mixture report.</p>')
        return
    tolerance = mixture.get("tolerance_pp")
    rows = [[name, f"{r['proportion_target']:.2%}", f"{r['proportion_realized']:.2%}", r.get("epochs_max"),
             r.get("epochs_realized"), r.get("tokens_available"), r.get("tokens_drawn"),
             mixture_row_status(r, tolerance)]
            for name, r in mixture["sources"].items()]
    page.add(_table(["source", "target", "realized", "epochs (config)", "epochs (realized)", "tokens available",
                     "tokens drawn", "status"], rows, "mixture"))
    ok = mixture.get("within_tolerance")
    page.add(f'<p class="{"ok" if ok else "bad"}">Realized proportions {"are" if ok else "are NOT"} within '
             f'{_fmt(tolerance)} percentage points of target.</p>')
    for message in mixture.get("messages", []):
        page.add(f'<p class="note">{html.escape(message)}</p>')
    page.image("mixture.png", plot_mixture(mixture), "mixture target vs realized")


def tokenizer_rows(summary: dict) -> list[list]:
    """The few fields a reader needs (the full spec stays in tokenizer_summary.json)."""
    trainer, normalizer = summary.get("trainer_spec") or {}, summary.get("normalizer_spec") or {}
    sample, seconds = summary.get("sample") or {}, summary.get("seconds") or {}
    sha = summary.get("model_sha256")
    return [
        ["model", f"{trainer.get('model_type', NA)}, vocabulary {_fmt(summary.get('vocab_size'))}"],
        ["normalization", normalizer.get("name")],
        ["character coverage", trainer.get("character_coverage")],
        ["byte fallback / split digits", f"{_fmt(trainer.get('byte_fallback'))} / {_fmt(trainer.get('split_digits'))}"],
        ["training sample", f"{_fmt(sample.get('sentences'))} sentences, {_fmt(sample.get('characters'))} characters "
                            f"from {_fmt(sample.get('input_documents'))} documents"],
        ["training time", f"{_fmt(seconds.get('total'))} s, peak memory {_fmt(summary.get('peak_rss_mib'))} MiB"],
        ["model sha256", sha[:16] + "…" if sha else None],
    ]


def _tokenizer_section(page: _Page, summary: dict | None) -> None:
    page.add("<h2>Tokenizer</h2>")
    if not summary:
        page.add('<p class="note">No tokenizer summary.</p>')
        return
    page.add(_table(["", "value"], tokenizer_rows(summary), "tokenizer"))
    shares = summary.get("source_shares") or {}
    if shares:
        page.add(_table(["source", "sentences in the sample", "share of sentences", "share of characters"],
                        [[name, v.get("sentences"), f"{v['sentence_share']:.1%}" if "sentence_share" in v else None,
                          f"{v['character_share']:.1%}" if "character_share" in v else None]
                         for name, v in shares.items()]))


def _models_section(page: _Page, models: dict) -> None:
    page.add("<h2>Quality models</h2>")
    if not models:
        page.add('<p class="note">No model metadata (models/*.json) in this run.</p>')
        return
    ref = models.get("wiki_ref")
    if ref:
        precision = ref.get("validation_precision_at_1")
        page.add("<h3>Wikipedia-reference classifier</h3>")
        page.add(_table(["positives", "positive examples", "negative examples", "validation examples",
                         "validation precision@1"],
                        [[ref.get("positives"), ref.get("positive_examples"), ref.get("negative_examples"),
                          ref.get("validation_examples"), precision]]))
        if ref.get("warning"):
            page.add(f'<p class="bad">{html.escape(ref["warning"])}</p>')
    lms = models.get("lm") or {}
    if lms:
        page.add("<h3>Perplexity language models</h3>")
        rows = []
        for lang, lm in sorted(lms.items()):
            cutoffs = lm.get("cutoffs") or {}
            rows.append([lang, lm.get("train_docs"), lm.get("heldout_docs"), lm.get("heldout_perplexity_median"),
                         cutoffs.get("p30"), cutoffs.get("p60"), cutoffs.get("source")])
        page.add(_table(["language", "training articles", "held-out articles", "held-out perplexity (median)", "p30", "p60",
                         "cutoffs from"], rows))


def _training_section(page: _Page, records: list[dict]) -> None:
    page.add("<h2>Training</h2>")
    steps = [r for r in records if "loss" in r]
    if not steps:
        page.add('<p class="note">No training log.</p>')
        return
    last = steps[-1]
    val = [r for r in records if "val_loss" in r]
    keys = [k for k in ("step", "loss", "lr", "grad_norm", "tokens", "tokens_per_s_per_device", "tokens_per_s",
                        "mfu", "peak_memory_gib") if k in last]
    header = keys + (["val_loss"] if val else [])
    page.add(_table(header, [[last[k] for k in keys] + ([val[-1]["val_loss"]] if val else [])]))
    page.add('<p class="note">mfu and peak memory are n/a where the device does not report them (CPU).</p>')
    page.image("loss.png", plot_loss(records), "training loss curve")


def _steps_section(page: _Page, step_seconds: dict) -> None:
    page.add("<h2>Time per step</h2>")
    if not step_seconds:
        page.add('<p class="note">n/a: no recipe step manifests (a single-source run).</p>')
        return
    total = sum(v for v in step_seconds.values() if v is not None)
    page.add(_table(["step", "seconds", "share"],
                    [[name, sec, f"{sec / total:.1%}" if sec is not None and total else None]
                     for name, sec in step_seconds.items()]))
    page.add('<p class="note">As recorded when each step last ran (a step skipped as done keeps its time).</p>')


def write_html_report(output: str, inputs: ReportInputs) -> str:
    """Render the report; returns the path of index.html."""
    page = _Page(output)
    page.add(f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(inputs.title)}"
             f"</title><style>{STYLE}</style></head><body><h1>{html.escape(inputs.title)}</h1>")
    _metadata_section(page, inputs.metadata)
    _funnel_section(page, inputs.run_reports, inputs.mixture, inputs.links)
    _language_section(page, inputs.run_reports, inputs.output_profiles)
    _lengths_section(page, inputs.output_profiles)
    _dropped_section(page, inputs.dropped)
    _perplexity_section(page, inputs.perplexity)
    _models_section(page, inputs.models)
    _mixture_section(page, inputs.mixture)
    _tokenizer_section(page, inputs.tokenizer)
    _training_section(page, inputs.training_log)
    _steps_section(page, inputs.step_seconds)
    page.add("</body></html>\n")
    path = join_path(output, "report", "index.html")
    write_text(path, "\n".join(page.parts))
    return path

"""The run report: Beam counters -> per-stage funnel (in = kept + dropped + rejected), the input files (in = whole +
read in part + rejected, = matched), JSON and a text table."""
from __future__ import annotations

import json
from collections import defaultdict

from apache_beam.metrics.metric import MetricsFilter

from pipeline.io import join_path, write_text
from pipeline.stages import SEP


def counters_from_result(result) -> dict[str, dict[str, int]]:
    """{namespace: {counter name: committed value}} summed over the steps that report it."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for counter in result.metrics().query(MetricsFilter())["counters"]:
        value = counter.committed if counter.committed is not None else counter.attempted
        out[counter.key.metric.namespace][counter.key.metric.name] += int(value or 0)
    return {ns: dict(names) for ns, names in out.items()}


def _empty_stage(name: str) -> dict:
    return {"name": name, "in": 0, "kept": 0, "dropped": {}, "rejected": {}, "stats": {}, "tallies": {}}


def _empty_files() -> dict:
    return {"matched": None, "files": 0, "in": 0, "whole": 0, "partial": {}, "rejected": {}}


def _add_file_counter(files: dict, parts: list[str], value: int) -> None:
    """`file|matched`, `file|files`, `file|in`, `file|whole`, `file|partial|reason`, `file|rejected|reason`
    (pipeline.files: `in` counts files and ranges of files, `files` the files begun)."""
    kind, reason = parts[0], SEP.join(parts[1:])
    if kind == "matched":
        files["matched"] = (files["matched"] or 0) + value
    elif kind in ("in", "files", "whole"):
        files[kind] += value
    elif kind in ("partial", "rejected"):
        files[kind][reason] = files[kind].get(reason, 0) + value


def unreconciled_message(report: dict) -> str:
    """What did not add up in a source's report: its stages (in = kept + dropped + rejected), its files (matched =
    read whole + in part + rejected), or both."""
    stages = [stage["name"] for stage in report.get("stages", []) if not stage["reconciled"]]
    files = report.get("files") or {}
    parts = ([f"stage counts ({', '.join(stages)})"] if stages else []) + (
        ["file counts (matched != read whole + in part + rejected)"] if files and not files["reconciled"] else [])
    return f"{report.get('source', '?')}: {' and '.join(parts) or 'counts'} do not reconcile"


def files_reconciled(files: dict) -> bool:
    """in = whole + partial + rejected, and every matched file was begun (where matching was counted)."""
    total = files["whole"] + sum(files["partial"].values()) + sum(files["rejected"].values())
    return files["in"] == total and files["matched"] in (None, files["files"])


def build_source_report(source: str, counters: dict[str, int], stage_order=()) -> dict:
    stages: dict[str, dict] = {}
    files = _empty_files()
    for name, value in counters.items():
        parts = name.split(SEP)
        if len(parts) < 2:
            continue
        if parts[1] == "file":
            _add_file_counter(files, parts[2:], value)
            continue
        stage = stages.setdefault(parts[0], _empty_stage(parts[0]))
        kind, rest = parts[1], SEP.join(parts[2:])
        if kind in ("in", "kept"):
            stage[kind] += value
        elif kind == "drop":
            stage["dropped"][rest] = stage["dropped"].get(rest, 0) + value
        elif kind == "reject":
            stage["rejected"][rest] = stage["rejected"].get(rest, 0) + value
        elif kind == "stat":
            field, sep, field_value = rest.partition(":")
            if sep:
                stage["tallies"].setdefault(field, {})[field_value] = value
            else:
                stage["stats"][rest] = value
    ordered = [stages.pop(name) for name in stage_order if name in stages]
    ordered += [stages[name] for name in sorted(stages)]
    for stage in ordered:
        stage["dropped"] = dict(sorted(stage["dropped"].items()))
        stage["rejected"] = dict(sorted(stage["rejected"].items()))
        stage["reconciled"] = stage["in"] == stage["kept"] + sum(stage["dropped"].values()) + sum(
            stage["rejected"].values()
        )
    report = {
        "source": source,
        "stages": ordered,
        "documents_out": ordered[-1]["kept"] if ordered else 0,
        "reconciled": all(stage["reconciled"] for stage in ordered),
    }
    if files["in"] or files["matched"]:  # a source whose read stage accounts for files (pipeline.files)
        files["partial"] = dict(sorted(files["partial"].items()))
        files["rejected"] = dict(sorted(files["rejected"].items()))
        files["reconciled"] = files_reconciled(files)
        report["files"] = files
        report["reconciled"] = report["reconciled"] and files["reconciled"]
    return report


def report_path(output: str, source: str) -> str:
    return join_path(output, "report", f"run_{source}.json")


def write_report(report: dict, output: str) -> str:
    path = report_path(output, report["source"])
    write_text(path, json.dumps(report, indent=2, sort_keys=False, ensure_ascii=False) + "\n")
    return path


def format_funnel(report: dict) -> str:
    rows = [("stage", "in", "kept", "dropped", "rejected", "ok")]
    reasons = []
    for stage in report["stages"]:
        dropped, rejected = sum(stage["dropped"].values()), sum(stage["rejected"].values())
        rows.append((stage["name"], stage["in"], stage["kept"], dropped, rejected, "yes" if stage["reconciled"] else "NO"))
        for kind, table in (("drop", stage["dropped"]), ("reject", stage["rejected"])):
            reasons += [f"  {stage['name']:<12} {kind:<6} {reason:<40} {n}" for reason, n in table.items()]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [f"== {report['source']}: {report['documents_out']} documents out"]
    lines += ["  " + "  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths))) for row in rows]
    files = report.get("files")
    if files:
        matched = "" if files["matched"] is None else f" of {files['matched']} matched"
        ranges = f" in {files['in']} ranges" if files["in"] != files["files"] else ""
        lines.append(f"  files: {files['files']} read{matched}{ranges}: {files['whole']} whole, "
                     f"{sum(files['partial'].values())} in part, {sum(files['rejected'].values())} rejected"
                     f"  ok={'yes' if files['reconciled'] else 'NO'}")
        lines += [f"  files        {kind:<8} {reason:<40} {n}" for kind in ("partial", "rejected")
                  for reason, n in files[kind].items()]
    if reasons:
        lines.append("  reasons:")
        lines += reasons
    for stage in report["stages"]:
        for field, values in stage["tallies"].items():
            top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            lines.append(f"  {stage['name']} {field}: " + ", ".join(f"{k}={v}" for k, v in top[:20]))
    return "\n".join(lines)

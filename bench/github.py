"""Throughput of the GitHub source: read -> license -> extension -> decode -> header removal -> quality -> dedup.

Input: checked-out repositories made of real source files from installed dependencies (Python, C, C++ and
headers of apache_beam, pyarrow, numpy, torch, mwparserfromhell, ...), one folder per package with a real license
text (identify's vendored texts), plus one GPL-licensed repository (license drop) and one fork that copies
another repository file for file (dedup). The same tree runs through

- the Beam pipeline (`python -m recipe.run --source github`, FnApiRunner, in-process), and
- a bare Python loop calling the same pure functions without Beam (with a per-step CPU breakdown),

in the same process, and the report gives files/s and documents/s per core (per CPU-second) for both, their ratio,
and peak memory.

    .venv/bin/python -m bench.github [--files 4000]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.common import peak_rss_mib, save, timed

# package -> (license of the bench repository, share of the files)
PACKAGES = {
    "apache_beam": ("Apache-2.0", 0.35),
    "pyarrow": ("Apache-2.0", 0.2),
    "numpy": ("BSD-3-Clause", 0.15),
    "torch": ("BSD-3-Clause", 0.15),
    "yaml": ("GPL-3.0", 0.05),
    "mwparserfromhell": ("MIT", 0.1),
}
SUFFIXES = (".py", ".c", ".h", ".cc", ".cpp", ".hpp", ".pyi", ".txt", ".json")


def make_input(directory: Path, target_files: int) -> tuple[int, int]:
    """Writes the repositories; returns (files, bytes) of the whole tree, license files and the fork included."""
    from identify.vendor.licenses import LICENSES

    texts = dict(LICENSES)
    for package, (spdx, share) in PACKAGES.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        source = Path(list(spec.submodule_search_locations)[0])
        repo = directory / package
        repo.mkdir()
        (repo / "LICENSE").write_text(texts[spdx].replace("[year]", "2024").replace("[fullname]", package))
        budget = int(target_files * share)
        for path in sorted(source.rglob("*")):
            if budget <= 0:
                break
            if path.is_file() and path.suffix in SUFFIXES and path.stat().st_size < 400_000:
                target = repo / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                budget -= 1
    if (directory / "mwparserfromhell").exists():
        shutil.copytree(directory / "mwparserfromhell", directory / "mwparserfromhell-fork")
    files = [p for p in directory.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bare_loop(directory: Path, steps: dict) -> tuple[int, int]:
    """The pipeline's pure functions in a plain loop: repository by repository, then a global content-hash set."""
    from pipeline.dedup import content_key
    from sources.github.filters import TokenCounter, Thresholds, alpha_per_token, cheap_filter_reason, text_stats
    from sources.github.headers import strip_license_header
    from sources.github.readers import iter_tree
    from sources.github.transform import DecodeFile, extension_outcome, license_outcome

    def step(name, fn, *args):
        t = time.process_time()
        out = fn(*args)
        steps[name] += time.process_time() - t
        return out

    count_tokens = TokenCounter()  # GPT-NeoX-20B, the default
    count_tokens.setup()
    decode = DecodeFile(1_000_000)
    limits = Thresholds()
    seen, files, kept = set(), 0, 0
    for repo in sorted(p for p in directory.iterdir() if p.is_dir()):
        paths = [str(p) for p in repo.rglob("*") if p.is_file()]
        entries = step("read", lambda: list(iter_tree(str(repo) + "/", paths, lambda p: open(p, "rb"))))
        for entry in entries:
            files += 1
            for name, fn in (("license", license_outcome), ("extension", extension_outcome), ("decode", decode)):
                entry = step(name, fn, entry) if isinstance(entry, dict) else entry
            if not isinstance(entry, dict):
                continue
            text, _ = step("strip_headers", strip_license_header, entry["content"], entry["path"])
            stats = step("text_stats", text_stats, text)
            if cheap_filter_reason(stats, limits):
                continue
            tokens = step("tokenize", count_tokens, text)
            if alpha_per_token(stats.alpha_chars, tokens) < limits.min_alpha_per_token:
                continue
            key = step("hash", content_key, text)
            if key not in seen:
                seen.add(key)
                kept += 1
    return files, kept


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=4000)
    args = parser.parse_args(argv)

    from recipe.run import run

    work = Path(tempfile.mkdtemp(prefix="bench-github-"))
    try:
        (work / "repos").mkdir()
        n_files, size = make_input(work / "repos", args.files)
        timings: dict = {}
        steps: dict = defaultdict(float)
        with timed(timings, "bare_loop"):
            bare_files, bare_kept = bare_loop(work / "repos", steps)
        with timed(timings, "beam_fnapi"):
            report = run(["--source", "github", "--input", f"{work / 'repos'}/**", "--output", str(work / "out")])
        result = {"input_files": n_files, "input_mib": size / 2**20, "bare_files": bare_files,
                  "bare_documents": bare_kept, "beam_documents": report["documents_out"],
                  "beam_funnel": {s["name"]: {"in": s["in"], "kept": s["kept"], **s["dropped"], **s["rejected"]}
                                  for s in report["stages"]},
                  "bare_step_cpu_s": {k: round(v, 3) for k, v in sorted(steps.items(), key=lambda kv: -kv[1])},
                  "peak_rss_mib": peak_rss_mib(), "timings": timings}
        for name, t in timings.items():
            result[f"{name}_files_per_cpu_s"] = n_files / t["cpu_s"]
            result[f"{name}_documents_per_cpu_s"] = report["documents_out"] / t["cpu_s"]
            result[f"{name}_mib_per_cpu_s"] = size / 2**20 / t["cpu_s"]
        result["beam_over_bare_cpu_ratio"] = timings["beam_fnapi"]["cpu_s"] / timings["bare_loop"]["cpu_s"]
        print(json.dumps(result, indent=2))
        print(f"saved: {save('github', result)}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

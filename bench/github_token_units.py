"""How much the token unit of GitHub's alpha-per-token filter changes its decisions.

RedPajama counted GPT-NeoX-20B tokens; the alternatives are GPT-NeoX's pre-tokens (its GPT-2 regex split, which
BPE never merges across) and the LLaMA SentencePiece tokens (which split every digit). Over real source files
(the whitelisted files of the installed Python packages: Python, C, C++ headers, ...) that pass the cheap filters,
the report gives each unit's alpha-per-token decision at 1.5 against GPT-NeoX's, and the CPU time of each count.

    .venv/bin/python -m bench.github_token_units [--files 4000] [--root .venv/lib/python3.11/site-packages]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sysconfig
import time
from pathlib import Path

from bench.common import save

LLAMA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "tokenizer" / "llama2_tokenizer.model"


def source_files(root: Path, limit: int, seed: int = 0) -> list[str]:
    from sources.github.filters import Thresholds, cheap_filter_reason, is_whitelisted, text_stats

    paths = sorted(p for p in root.rglob("*") if p.is_file() and is_whitelisted(p.name))
    random.Random(seed).shuffle(paths)
    texts = []
    for path in paths:
        if len(texts) == limit:
            break
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if text.strip() and len(text) < 1_000_000 and not cheap_filter_reason(text_stats(text), Thresholds()):
            texts.append(text)
    return texts


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--root", default=sysconfig.get_paths()["purelib"])
    args = parser.parse_args(argv)

    from sources.github.filters import TokenCounter, load_neox_tokenizer, text_stats

    texts = source_files(Path(args.root), args.files)
    neox = load_neox_tokenizer()
    counters = {
        "gpt_neox": TokenCounter(),
        "gpt_neox_pretokens": lambda text: len(neox.pre_tokenizer.pre_tokenize_str(neox.normalizer.normalize_str(text))),
    }
    if LLAMA.is_file():
        counters["llama"] = TokenCounter(str(LLAMA))
    alpha = [text_stats(t).alpha_chars for t in texts]
    ratios, cpu = {}, {}
    for name, count in counters.items():
        count("warm up")
        start = time.process_time()
        ratios[name] = [a / max(count(t), 1) for a, t in zip(alpha, texts)]
        cpu[name] = round(time.process_time() - start, 3)
    reference = [r >= 1.5 for r in ratios["gpt_neox"]]
    result = {"root": args.root, "files": len(texts), "kept_by_gpt_neox": sum(reference), "count_cpu_s": cpu}
    for name, values in ratios.items():
        if name == "gpt_neox":
            continue
        kept = [r >= 1.5 for r in values]
        result[name] = {
            "kept": sum(kept),
            "decisions_differing_from_gpt_neox": sum(k != r for k, r in zip(kept, reference)),
            "share_differing": round(sum(k != r for k, r in zip(kept, reference)) / max(len(texts), 1), 4),
            "median_ratio_over_gpt_neox": round(statistics.median(v / g for v, g in zip(values, ratios["gpt_neox"])), 4),
        }
    print(json.dumps(result, indent=2))
    print(f"saved: {save('github_token_units', result)}")
    return result


if __name__ == "__main__":
    main()

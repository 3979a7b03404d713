"""`train-tokenizer`: SentencePiece BPE with the LLaMA trainer spec (docs/RECIPE.md section 9) on Documents or text.

    train-tokenizer --input 'out/docs/*/*.parquet' --output out/tokenizer [--vocab-size 32000]
                    [--input-sentence-size 200000000] [--num-threads N] [--seed 0] [--set FIELD=VALUE ...]

`--input` is repeatable: globs of Document Parquet files or text files (any FileSystems path); a pipeline output
directory stands for its `docs/*/*.parquet`. Writes `<output>/tokenizer.model` and `<output>/tokenizer_summary.json`
(vocab, sample size, timings, peak memory, source shares in the sample, the effective spec).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import resource
import sys
import time

from pipeline.cli import StrictParser
from pipeline.io import join_path
from tokenizer.documents import expand_inputs
from tokenizer.sample import SentenceSample
from tokenizer.spec import SpecError, TokenizerSpec

MODEL_NAME = "tokenizer.model"
SUMMARY_NAME = "tokenizer_summary.json"


def build_parser() -> argparse.ArgumentParser:
    parser = StrictParser(  # --a-b or --a_b; unknown flags named
        prog="train-tokenizer",
        description="Train a SentencePiece BPE tokenizer with the LLaMA trainer spec on Documents or text files.",
    )
    parser.add_argument("--input", action="append", required=True, metavar="GLOB",
                        help="Document Parquet or text files (repeatable); a pipeline output dir means its docs/*/*.parquet")
    parser.add_argument("--output", required=True, help="directory for tokenizer.model and tokenizer_summary.json")
    parser.add_argument("--vocab-size", type=int, help="vocabulary size (LLaMA: 32000)")
    parser.add_argument("--input-sentence-size", type=int,
                        help="at most this many sentences (lines) in the deterministic training sample (LLaMA: 200M)")
    parser.add_argument("--num-threads", type=int, help="trainer threads (default: all cores)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sentence sample and of the trainer")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE",
                        help="any TrainerSpec / NormalizerSpec field, e.g. --set character_coverage=1.0 (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="show sentencepiece's own training log")
    return parser


def effective_spec(args) -> TokenizerSpec:
    spec = TokenizerSpec().override(args.overrides)
    flags = {"vocab_size": args.vocab_size, "input_sentence_size": args.input_sentence_size,
             "num_threads": args.num_threads}
    return spec.override({k: v for k, v in flags.items() if v is not None})


def train(inputs: list[str], output: str, spec: TokenizerSpec, seed: int = 0, verbose: bool = False,
          log=print) -> dict:
    """Sample, train, write the model and the summary; returns the summary."""
    import sentencepiece as spm

    from pipeline.io import write_text
    from apache_beam.io.filesystems import FileSystems

    paths = expand_inputs(inputs)
    if not paths:
        raise FileNotFoundError(f"no input files match {', '.join(inputs)}")
    started = time.perf_counter()
    sample = SentenceSample(paths, size=int(spec.trainer["input_sentence_size"]), seed=seed,
                            max_bytes=int(spec.trainer["max_sentence_length"]), progress=log).count()
    counted = time.perf_counter()
    if sample.expected == 0:
        raise ValueError(f"the inputs hold no text to train on ({sample.scan.files} files read)")
    log(f"training {spec.trainer['model_type']} vocab {spec.trainer['vocab_size']} on {sample.expected:,} sentences "
        f"with {spec.trainer['num_threads']} threads")
    rss_before_training = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    spm.set_random_generator_seed(seed)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(sample), model_writer=model,
                                   minloglevel=0 if verbose else 1, **spec.trainer_kwargs())
    trained = time.perf_counter()
    data = model.getvalue()
    processor = spm.SentencePieceProcessor(model_proto=data)  # proves the bytes load before we publish them
    model_path = join_path(output, MODEL_NAME)
    with FileSystems.create(model_path) as f:
        f.write(data)
    summary = {
        "model": model_path,
        "model_sha256": hashlib.sha256(data).hexdigest(),
        "vocab_size": processor.get_piece_size(),
        "seed": seed,
        "inputs": inputs,
        "sample": {
            "sentences": sum(sample.sampled.values()),
            "characters": sum(sample.sampled_chars.values()),
            "input_sentences": sample.scan.sentences,
            "input_documents": sample.scan.documents,
            "input_files": sample.scan.files,
            "long_lines_split": sample.scan.long_lines_split,
            "invalid_utf8_lines": sample.scan.invalid_utf8_lines,
            "unreadable_files": sample.scan.unreadable_files,
        },
        "source_shares": sample.source_shares(),
        "seconds": {"count": round(counted - started, 3), "sample_and_train": round(trained - counted, 3),
                    "total": round(time.perf_counter() - started, 3)},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "peak_rss_before_training_mib": round(rss_before_training, 1),  # interpreter, imports, counting pass
        **spec.as_dict(),
    }
    write_text(join_path(output, SUMMARY_NAME), json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    shares = ", ".join(f"{s}={v['sentence_share']:.1%}" for s, v in summary["source_shares"].items())
    log(f"wrote {model_path}: vocab {summary['vocab_size']}, {summary['sample']['sentences']:,} sentences "
        f"({shares}) in {summary['seconds']['total']:.1f}s, peak {summary['peak_rss_mib']:.0f} MiB")
    for bad in sample.scan.unreadable_files:
        log(f"warning: skipped unreadable input {bad['file']}: {bad['reason']}")
    return summary


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        spec = effective_spec(args)
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    log = lambda message: print(message, flush=True)  # noqa: E731
    try:
        train(args.input, args.output, spec, seed=args.seed, verbose=args.verbose, log=log)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, RuntimeError) as exc:  # sentencepiece reports bad specs / too small inputs as RuntimeError
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Beam wiring of the CommonCrawl source (the pure parts live in warc.py and records.py)."""
from __future__ import annotations

import apache_beam as beam

from pipeline.dedup import ExactDedup, LineDedup
from pipeline.io import INPUT_LIMITS, MatchInputs, open_decompressed
from pipeline.langid import LanguageIdentifier
from pipeline.models import MissingModelError, require
from pipeline.stages import Reject, SourceOutput, Stage
from pipeline.runner import may_check_at_launch
from sources.commoncrawl.perplexity import (
    BUILD_HINT,
    CUTOFFS_SUFFIX,
    NO_MODEL_BUCKET,
    PerplexityScorer,
    discover_models,
    resolve_cutoffs,
)
from sources.commoncrawl.records import SOURCE, dump_of_path, dump_of_warcinfo, record_outcome
from sources.commoncrawl.ref_classifier import TRAIN_HINT, WikiRefScorer
from sources.commoncrawl.warc import iter_records

STAGES = ("read", "line_dedup", "langid", "perplexity", "digest_dedup", "wiki_ref")
LINE_DEDUP_SCOPES = ("dump", "run")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "min_doc_chars": 300,
    # Line dedup scope. dump (cc_net): lines are shared only among documents of the same crawl dump (metadata
    # `cc_dump`, from the file's path `crawl-data/CC-MAIN-YYYY-WW/...` or its warcinfo `isPartOf`; files naming no
    # dump form one scope), so a page captured in several dumps keeps its text in each and digest_dedup then keeps
    # one capture (RedPajama ran cc_net per dump, then kept one document per digest). run: the whole run is one
    # scope (a page seen in two dumps loses every line in both).
    "line_dedup_scope": "dump",
    # WARC input only: true = resiliparse's main-content heuristic; false = all visible text, like CC's WET.
    "html_main_content": False,
    "langid": {"threshold": 0.5, "languages": None, "model": None},
    # cc_net perplexity buckets (sources/commoncrawl/perplexity.py).
    "perplexity": {
        # Directory (any FileSystems path) of <lang>.sp.model + <lang>.arpa.bin: built by `train-lm`
        # (python -m sources.commoncrawl.train_lm), or cc_net's published models. null = no language model: every
        # document gets bucket `all`, as cc_net does for languages without a model. A configured directory without
        # models is an error naming `train-lm`.
        "models": None,
        # Languages to score (null = every language with a model in the directory; the others get bucket `all`).
        "languages": None,
        # p30/p60: auto = <lang>.cutoffs.json beside the model (written by train-lm), else cc_net's published
        # cutoffs (right for cc_net's models); model = require the file; ccnet = always cc_net's.
        "cutoffs": "auto",
        # Buckets kept: head + middle as RedPajama did, and `all` (languages without a model). The others are
        # dropped under the reason bucket_<name>.
        "keep_buckets": ["head", "middle", "all"],
    },
    # Wikipedia-reference classifier (sources/commoncrawl/ref_classifier.py).
    "wiki_ref": {
        # fastText model built by `train-ref-classifier` from a first run's output. null = no classifier: documents
        # pass unscored (no wiki_prob). A configured path that does not exist is an error naming the command.
        "model": None,
        # Keep documents with wiki_prob >= threshold (RedPajama: 0.25).
        "threshold": 0.25,
        # Apply the threshold only to these languages (null = all); other languages are scored and kept.
        "languages": None,
    },
}


# The crawl sample the recipe's models step reads to compute cutoffs and train the classifier: no perplexity
# filter (the models do not exist yet; keeping only head/middle would keep nothing) and no classifier.
SAMPLE_PASS_OVERRIDES = {"perplexity": {"models": None, "keep_buckets": ["head", "middle", "tail", "all"]},
                         "wiki_ref": {"model": None}}


class ReadCommonCrawlFile:
    """Stage function: one WARC/WET file -> an outcome per record (and one reject for a cut or corrupt file)."""

    def __init__(self, min_chars: int, main_content: bool = False):
        self.min_chars = min_chars
        self.main_content = main_content

    def __call__(self, path: str):
        offset, records = 0, 0
        dump = path_dump = dump_of_path(path)  # the path wins; else the file's warcinfo names the dump
        try:
            with open_decompressed(path) as stream:
                for record in iter_records(stream):
                    offset, records = record.offset, records + 1
                    if not path_dump and getattr(record, "type", "") == "warcinfo":
                        dump = dump_of_warcinfo(record) or dump
                    yield record_outcome(record, path, self.min_chars, self.main_content, dump)
        except (EOFError, OSError, ValueError) as exc:  # truncated/corrupt gzip, bz2, xz; unreadable file
            yield Reject("truncated_or_corrupt_file", file=path, offset=offset,
                         detail=f"{type(exc).__name__}: {exc}"[:500])
            return
        if not records:  # a zero-byte (or all-blank) file is counted, not silently skipped
            yield Reject("empty_file", file=path, offset=0, detail="no WARC record in the file")


def launch_warnings(config: dict) -> list[str]:
    """What a single-source run skips for want of a model, said before it starts (the recipe's `--source all`
    trains both models first; its crawl sample pass runs without them on purpose and does not call this)."""
    warnings = []
    if not config["perplexity"]["models"]:
        warnings.append("commoncrawl: no perplexity.models, so no perplexity filtering: every document gets bucket "
                        f"`{NO_MODEL_BUCKET}` and is kept. Build the models with {BUILD_HINT}, then "
                        "--set perplexity.models=DIR")
    if not config["wiki_ref"]["model"]:
        warnings.append("commoncrawl: no wiki_ref.model, so no Wikipedia-reference classifier: documents pass "
                        "unscored. Train one on this run's output with `train-ref-classifier --documents "
                        "'OUT/docs/commoncrawl/*.parquet' --wiki-dump DUMP --output MODEL.bin`, then "
                        "--set wiki_ref.model=MODEL.bin")
    return warnings


def check_can_produce_documents(config: dict, may_list_models: bool = True) -> None:
    """Refuse, before anything runs, a configuration under which no document can come out: the perplexity stage
    would give every document bucket `all` (no language model, or models without any cutoffs) while
    `keep_buckets` drops `all`. Raises MissingModelError naming the missing model and the command that builds it."""
    params = config["perplexity"]
    keep = params["keep_buckets"]
    if keep is None or NO_MODEL_BUCKET in keep:
        return
    kept = f"perplexity.keep_buckets {list(keep)} drops bucket `{NO_MODEL_BUCKET}`"
    if not params["models"]:
        raise MissingModelError(
            f"{kept}, and without a language model (perplexity.models: null) every document gets bucket "
            f"`{NO_MODEL_BUCKET}`: this run could not keep a single document. Give the models with "
            f"--set perplexity.models=DIR\n  build them with: {BUILD_HINT}\n  (or keep `{NO_MODEL_BUCKET}` to run "
            "without perplexity filtering)")
    if not may_list_models:  # a dry run with remote models: the workers find them
        return
    models = discover_models(params["models"], params["languages"])
    if all(resolve_cutoffs(files, params["cutoffs"]) is None for files in models.values()):
        raise MissingModelError(
            f"{kept}, and no model in {params['models']} has cutoffs (no <lang>{CUTOFFS_SUFFIX}, not a cc_net "
            f"language): every document would get bucket `{NO_MODEL_BUCKET}`.\n  write the cutoffs with: "
            "python -m sources.commoncrawl.train_lm ... --cutoff-docs <a commoncrawl run's docs/*.parquet>")


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    check_can_produce_documents(config, may_check_at_launch(pipeline, config["perplexity"]["models"]))  # fail now
    langid = config["langid"]
    read = (
        pipeline
        | "MatchInputs" >> MatchInputs(input_pattern, SOURCE)
        | Stage(SOURCE, "read", ReadCommonCrawlFile(config["min_doc_chars"], config["html_main_content"]),
                files=True, limits=config.get("input_limits"))
    )
    docs = read.kept | "SpreadDocs" >> beam.Reshuffle()
    scope = config["line_dedup_scope"]
    if scope not in LINE_DEDUP_SCOPES:
        raise ValueError(f"line_dedup_scope must be one of {', '.join(LINE_DEDUP_SCOPES)}, got {scope!r}")
    deduped = docs | LineDedup(SOURCE, "line_dedup", scope=_dump_of if scope == "dump" else None)
    identified = deduped.kept | Stage(
        SOURCE,
        "langid",
        LanguageIdentifier(langid["model"], langid["threshold"], langid["languages"]),
        tally=("lang",),
    )
    scored = identified.kept | Stage(SOURCE, "perplexity", _perplexity_scorer(config["perplexity"], pipeline))
    # RedPajama, after bucketing: one document per Common Crawl block digest (the same capture in several crawls).
    unique = scored.kept | ExactDedup(SOURCE, "digest_dedup", key=_digest_key, reason="duplicate_digest")
    classified = unique.kept | Stage(SOURCE, "wiki_ref", _wiki_ref_scorer(config["wiki_ref"], pipeline))
    return SourceOutput(
        classified.kept,
        [read.rejects, deduped.rejects, identified.rejects, scored.rejects, unique.rejects, classified.rejects],
    )


def _perplexity_scorer(params: dict, pipeline) -> PerplexityScorer:
    if may_check_at_launch(pipeline, params["models"]):
        discover_models(params["models"], params["languages"])  # fail now, not on the workers
    return PerplexityScorer(SOURCE, "perplexity", params["models"], params["languages"], params["cutoffs"],
                            params["keep_buckets"])


def _wiki_ref_scorer(params: dict, pipeline) -> WikiRefScorer:
    if may_check_at_launch(pipeline, params["model"]):
        require(params["model"], TRAIN_HINT)  # fail now, not on the workers
    return WikiRefScorer(params["model"], params["threshold"], params["languages"], SOURCE, "wiki_ref")


def _dump_of(doc: dict) -> str:
    return (doc.get("metadata") or {}).get("cc_dump", "")


def _digest_key(doc: dict) -> str:
    """The record's WARC-Block-Digest; a document without one only collides with itself."""
    return (doc.get("metadata") or {}).get("digest") or f"id:{doc['id']}"

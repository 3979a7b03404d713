"""cc_net perplexity: score a document with its language's SentencePiece + KenLM 5-gram, bucket it head/middle/tail.

Scoring, exactly cc_net's (`perplexity.py`: `MultiSentencePiece(normalize=True)` then `DocLM`, as `mine.py` chains
them): the WHOLE document is normalized (cc_net LM normalization; its non-printing class holds the newline, so the
document becomes one line whose original lines are glued without a space, "end of line.next line"), cut into
SentencePiece pieces joined by spaces, and scored by KenLM as ONE sentence (log10, with <s> and </s>); the
perplexity is 10 ** (-score / (pieces + 1)), rounded to 0.1. cc_net's published models and cutoffs were made
with this unit, so they mean here what they meant there (tests/test_perplexity.py recomputes cc_net's own code).

Models live in one directory, cc_net's layout: `<lang>.sp.model` + `<lang>.arpa.bin` (+ `<lang>.cutoffs.json`
written by `train-lm`). Documents in a language without a model get bucket `all` (as cc_net does).
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import posixpath

from apache_beam.io.filesystems import FileSystems

from pipeline.io import join_path
from pipeline.models import MissingModelError, load_sentencepiece, local_path
from pipeline.normalize import normalize_for_lm
from pipeline.schema import with_metadata
from pipeline.stages import Drop, StageCounters
from sources.commoncrawl.cutoffs import CCNET_CUTOFFS, read_cutoffs

SP_SUFFIX = ".sp.model"
LM_SUFFIX = ".arpa.bin"
CUTOFFS_SUFFIX = ".cutoffs.json"
NO_MODEL_BUCKET = "all"
BUCKETS = ("head", "middle", "tail", NO_MODEL_BUCKET)
CUTOFF_MODES = ("auto", "model", "ccnet")
BUILD_HINT = (
    "python -m sources.commoncrawl.train_lm --dump <LANG>wiki-...-pages-articles.xml.bz2 --output DIR  (`train-lm`), "
    "or copy cc_net's <lang>.arpa.bin + <lang>.sp.model into DIR"
)
# Histogram bin edges of the perplexity distribution in the run report.
HISTOGRAM_EDGES = (0, 100, 200, 300, 400, 500, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000)

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------------- pure scoring


def lm_text(text: str) -> str:
    """The document as cc_net scores it: normalized whole, newlines removed (one line)."""
    return normalize_for_lm(text)


def log10_score(sp, lm, text: str) -> tuple[float, int]:
    """(KenLM log10 score of the document, its length in cc_net's unit: pieces + 1 for </s>); (0.0, 0) when the
    document normalizes to nothing. `sp` is a SentencePieceProcessor, `lm` a kenlm.Model."""
    normalized = lm_text(text)
    if not normalized:
        return 0.0, 0
    tokenized = " ".join(sp.encode(normalized, out_type=str))
    return lm.score(tokenized, bos=True, eos=True), len(tokenized.split()) + 1


def perplexity(log10_sum: float, length: int) -> float:
    """cc_net's pp(): 10 ** (-log10 score / length), rounded to 0.1 as cc_net writes it."""
    return round(10.0 ** (-log10_sum / length), 1)


def bucket_of(ppl: float | None, cutoffs: tuple[float, float] | None) -> str:
    """head below the 30th percentile, middle below the 60th, tail above; `all` without a model or cutoffs."""
    if ppl is None or cutoffs is None:
        return NO_MODEL_BUCKET
    head, middle = cutoffs
    if ppl < head:
        return "head"
    if ppl < middle:
        return "middle"
    return "tail"


def histogram_bin(ppl: float) -> str:
    """`300-400` style label of the report's perplexity histogram (the last bin is open: `10000+`)."""
    for low, high in zip(HISTOGRAM_EDGES, HISTOGRAM_EDGES[1:]):
        if ppl < high:
            return f"{low}-{high}"
    return f"{HISTOGRAM_EDGES[-1]}+"


# ------------------------------------------------------------------------------------------------ model files


@dataclasses.dataclass(frozen=True)
class LanguageModelFiles:
    lang: str
    sp_model: str
    kenlm_model: str
    cutoffs: str | None  # <lang>.cutoffs.json beside the model, when there is one


def discover_models(models_dir: str, languages: list[str] | None = None) -> dict[str, LanguageModelFiles]:
    """The languages with a complete model pair in `models_dir` (any FileSystems path).

    A configured directory without models, a `.arpa.bin` without its `.sp.model`, or a requested language without
    files are errors that name the command that builds the models.
    """
    found = {}
    pattern = join_path(models_dir, "*" + LM_SUFFIX)
    for metadata in FileSystems.match([pattern])[0].metadata_list:
        lang = posixpath.basename(metadata.path)[: -len(LM_SUFFIX)]
        found[lang] = metadata.path
    if not found:
        raise MissingModelError(f"no KenLM models (*{LM_SUFFIX}) in {models_dir}\n  build them with: {BUILD_HINT}")
    missing = sorted(set(languages or ()) - set(found))
    if missing:
        raise MissingModelError(
            f"no {', '.join(f'{lang}{LM_SUFFIX}' for lang in missing)} in {models_dir}\n  build them with: {BUILD_HINT}"
        )
    models = {}
    for lang, kenlm_path in sorted(found.items()):
        if languages and lang not in languages:
            continue
        sp_path = join_path(models_dir, lang + SP_SUFFIX)
        if not FileSystems.exists(sp_path):
            raise MissingModelError(f"{kenlm_path} has no SentencePiece model {sp_path}\n  build it with: {BUILD_HINT}")
        cutoffs_path = join_path(models_dir, lang + CUTOFFS_SUFFIX)
        models[lang] = LanguageModelFiles(lang, sp_path, kenlm_path,
                                          cutoffs_path if FileSystems.exists(cutoffs_path) else None)
    return models


def resolve_cutoffs(files: LanguageModelFiles, mode: str) -> tuple[float, float] | None:
    """`model`: the model's own <lang>.cutoffs.json (required); `ccnet`: cc_net's published values (for cc_net's
    models); `auto`: the model's own file when there is one, else cc_net's values. None: no cutoffs (bucket `all`)."""
    if mode not in CUTOFF_MODES:
        raise ValueError(f"perplexity.cutoffs must be one of {', '.join(CUTOFF_MODES)}, got {mode!r}")
    if mode in ("model", "auto") and files.cutoffs:
        return read_cutoffs(files.cutoffs)
    if mode == "model":
        raise MissingModelError(f"no {files.lang}{CUTOFFS_SUFFIX} beside {files.kenlm_model}\n  "
                                f"`train-lm` writes it: {BUILD_HINT}")
    cutoffs = CCNET_CUTOFFS.get(files.lang)
    if cutoffs is None:
        log.warning("perplexity: no cutoffs for %s (no %s, not a cc_net language): its bucket is `all`",
                    files.lang, CUTOFFS_SUFFIX)
    return cutoffs


@functools.lru_cache(maxsize=None)
def load_kenlm(path: str):
    import kenlm

    return kenlm.Model(local_path(path))


# ------------------------------------------------------------------------------------------------ stage function


class PerplexityScorer:
    """Stage function: adds `perplexity` and `bucket` metadata, drops documents whose bucket is not kept.

    Counts, per language, a histogram of perplexities (`ppl_bin:<lang>:<low>-<high>`) and every bucket
    (`bucket:<lang>:<bucket>`, dropped documents included). Models are loaded once per process: in setup() for
    the configured languages, on first use for the others found in the directory.
    """

    def __init__(self, source: str, stage: str, models_dir: str | None, languages: list[str] | None = None,
                 cutoffs: str = "auto", keep_buckets: list[str] | None = None):
        if cutoffs not in CUTOFF_MODES:
            raise ValueError(f"perplexity.cutoffs must be one of {', '.join(CUTOFF_MODES)}, got {cutoffs!r}")
        unknown = sorted(set(keep_buckets or ()) - set(BUCKETS))
        if unknown:
            raise ValueError(f"perplexity.keep_buckets: unknown bucket(s) {unknown}; buckets are {', '.join(BUCKETS)}")
        self.source, self.stage = source, stage
        self.models_dir = models_dir
        self.languages = list(languages) if languages else None
        self.cutoff_mode = cutoffs
        self.keep = frozenset(keep_buckets if keep_buckets is not None else BUCKETS)
        self._files: dict[str, LanguageModelFiles] | None = None

    def setup(self):
        self._counters = StageCounters(self.source, self.stage)
        self._files = discover_models(self.models_dir, self.languages) if self.models_dir else {}
        self._cutoffs = {lang: resolve_cutoffs(files, self.cutoff_mode) for lang, files in self._files.items()}
        for lang in self.languages or ():
            self._models(lang)

    def _models(self, lang: str):
        files = self._files[lang]
        return load_sentencepiece(files.sp_model), load_kenlm(files.kenlm_model)

    def score(self, text: str, lang: str | None) -> float | None:
        """The document's perplexity under its language's model; None without a model or scorable text."""
        if self._files is None:
            self.setup()
        if lang not in self._files:
            return None
        total, length = log10_score(*self._models(lang), text)
        return perplexity(total, length) if length else None

    def __call__(self, doc: dict):
        if self._files is None:
            self.setup()
        lang = doc.get("lang") or "unknown"
        if lang not in self._files:
            ppl, bucket = None, NO_MODEL_BUCKET
        else:
            ppl = self.score(doc["text"], lang)
            if ppl is None:
                return Drop("nothing_to_score")  # only blanks and control characters (cc_net: no score)
            bucket = bucket_of(ppl, self._cutoffs[lang])
            self._counters.stat(f"ppl_bin:{lang}:{histogram_bin(ppl)}")
        self._counters.stat(f"bucket:{lang}:{bucket}")
        if bucket not in self.keep:
            return Drop(f"bucket_{bucket}")
        return with_metadata(doc, bucket=bucket) if ppl is None else with_metadata(doc, perplexity=ppl, bucket=bucket)

"""File selection and quality filters of the GitHub source (docs/RECIPE.md section 4; pure functions, no Beam).

Extension whitelist and thresholds are RedPajama v1's (`data_prep/github/github_run_filter.py`): drop a file when
its longest line exceeds 1000 characters, its mean line length (characters / lines) exceeds 100, its fraction of
alphanumeric characters is under 0.25, or it has fewer than 1.5 alphabetic characters per token.

Tokens are counted as RedPajama counted them: `len(tokenizer.tokenize(text))` with the GPT-NeoX-20B tokenizer
(`EleutherAI/pythia-6.9b-deduped` on the HF hub). Its `tokenizer.json` ships with this package
(gpt_neox_20b_tokenizer.json.gz, Apache-2.0; provenance in docs/SAMPLES.md) and is run by HF `tokenizers`, so
nothing is downloaded. The unit matters: the LLaMA tokenizer splits every digit and GPT-NeoX's pre-tokens are
never split: over 4,000 real source files they decide 3.6% (LLaMA) and 4.7% (pre-tokens) of them differently at 1.5
(bench/github_token_units.py). `tokenizer_model: PATH` counts SentencePiece tokens instead, for a threshold
recalibrated to that unit.
"""
from __future__ import annotations

import dataclasses
import functools
import gzip
import posixpath
import string
from pathlib import Path

from pipeline.models import MissingModelError, load_sentencepiece, require

# RedPajama's whitelist, verbatim; it matches by suffix and is case-sensitive (`.C`/`.H` are C++ sources).
EXTENSION_WHITELIST = (
    ".asm", ".bat", ".cmd", ".c", ".h", ".cs", ".cpp", ".hpp", ".c++", ".h++", ".cc", ".hh", ".C", ".H", ".cmake",
    ".css", ".dockerfile", ".f90", ".f", ".f03", ".f08", ".f77", ".f95", ".for", ".fpp", ".go", ".hs", ".html",
    ".java", ".js", ".jl", ".lua", ".md", ".markdown", ".php", ".php3", ".php4", ".php5", ".phps", ".phpt", ".pl",
    ".pm", ".pod", ".perl", ".ps1", ".psd1", ".psm1", ".py", ".rb", ".rs", ".sql", ".scala", ".sh", ".bash",
    ".command", ".zsh", ".ts", ".tsx", ".tex", ".vb", "Dockerfile", "Makefile", ".xml", ".rst", ".m", ".smali",
)  # fmt: skip
_SUFFIXES = tuple(e for e in EXTENSION_WHITELIST if e.startswith("."))
_NAMES = frozenset(e for e in EXTENSION_WHITELIST if not e.startswith("."))


def is_whitelisted(path: str) -> bool:
    """Whitelisted by suffix, or named exactly `Dockerfile`/`Makefile` (RedPajama's `str.endswith` would also take
    `NotADockerfile`)."""
    name = posixpath.basename(path)
    return name in _NAMES or name.endswith(_SUFFIXES)


def language_of(path: str) -> str:
    name = posixpath.basename(path)
    return name if name in _NAMES else posixpath.splitext(name)[1].lstrip(".")


@dataclasses.dataclass(frozen=True)
class Thresholds:
    max_line_length: int = 1000
    max_mean_line_length: float = 100.0
    min_alnum_fraction: float = 0.25
    min_alpha_per_token: float = 1.5


@dataclasses.dataclass(frozen=True)
class TextStats:
    max_line_length: int
    mean_line_length: float
    alnum_fraction: float
    alpha_chars: int


_ASCII_ALNUM = (string.ascii_letters + string.digits).encode()
_ASCII_ALPHA = string.ascii_letters.encode()


def count_alnum_alpha(text: str) -> tuple[int, int]:
    """(alphanumeric, alphabetic) characters as `str.isalnum`/`str.isalpha` count them. Most source files are
    ASCII, where deleting the ASCII letters/digits with `bytes.translate` counts them ~6x faster."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_ALNUM)), len(raw) - len(raw.translate(None, _ASCII_ALPHA))
    return sum(map(str.isalnum, text)), sum(map(str.isalpha, text))


def text_stats(text: str) -> TextStats:
    """RedPajama's definitions: lines by `splitlines`, mean = characters (newlines included) / lines."""
    line_lengths = [len(line) for line in text.splitlines()] or [0]
    alnum, alpha = count_alnum_alpha(text)
    return TextStats(
        max_line_length=max(line_lengths),
        mean_line_length=len(text) / len(line_lengths),
        alnum_fraction=alnum / max(len(text), 1),
        alpha_chars=alpha,
    )


def cheap_filter_reason(stats: TextStats, limits: Thresholds) -> str | None:
    """The first failed line-length/alphanumeric rule, or None. Cheap: runs before any tokenization."""
    if stats.max_line_length > limits.max_line_length:
        return "max_line_length"
    if stats.mean_line_length > limits.max_mean_line_length:
        return "mean_line_length"
    if stats.alnum_fraction < limits.min_alnum_fraction:
        return "alnum_fraction"
    return None


def alpha_per_token(alpha_chars: int, tokens: int) -> float:
    return alpha_chars / tokens if tokens else 0.0


TOKENIZER_HINT = (
    "tokenizer_model names a SentencePiece model (e.g. one trained with `train-tokenizer`) whose tokens the GitHub "
    "alpha-per-token filter counts; leave it unset (null) to count GPT-NeoX-20B tokens as RedPajama did"
)

# GPT-NeoX-20B's tokenizer.json (the one Pythia uses), gzipped: 0.6 MB instead of 2.4 MB.
NEOX_TOKENIZER = Path(__file__).with_name("gpt_neox_20b_tokenizer.json.gz")


@functools.lru_cache(maxsize=None)
def load_neox_tokenizer():
    """The GPT-NeoX-20B tokenizer, loaded once per process."""
    import tokenizers

    return tokenizers.Tokenizer.from_str(gzip.decompress(NEOX_TOKENIZER.read_bytes()).decode("utf-8"))


def check_tokenizer_model(path: str) -> None:
    """Before the job: `tokenizer_model` exists and loads as a SentencePiece model (MissingModelError naming the
    path and TOKENIZER_HINT otherwise), instead of a traceback from a worker."""
    try:
        load_sentencepiece(require(path, TOKENIZER_HINT))
    except MissingModelError:
        raise
    except (OSError, RuntimeError, ValueError) as exc:  # sentencepiece: "Internal: ... ParseFromArray" etc.
        raise MissingModelError(f"tokenizer_model {path} is not a SentencePiece model ({str(exc).strip()[:200]})"
                                f"\n  {TOKENIZER_HINT}") from None


class TokenCounter:
    """Counts tokens without BOS/EOS: GPT-NeoX-20B's by default (RedPajama's unit), or a SentencePiece model's
    when `model_path` is given. The tokenizer is loaded once per worker in setup()."""

    def __init__(self, model_path: str | None = None):
        self.model_path = model_path
        self._encode = None

    def setup(self):
        if self.model_path:
            processor = load_sentencepiece(require(self.model_path, TOKENIZER_HINT))
            self._encode = processor.encode
        else:
            neox = load_neox_tokenizer()  # the fast path skips offsets, which a count does not need (~30% less CPU)
            self._encode = lambda text: neox.encode_batch_fast([text], add_special_tokens=False)[0].ids

    def __getstate__(self):  # Beam pickles the stage; the tokenizer is loaded again on the worker
        return {**self.__dict__, "_encode": None}

    def __call__(self, text: str) -> int:
        if self._encode is None:
            self.setup()
        return len(self._encode(text))

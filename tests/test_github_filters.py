"""GitHub file filters (docs/RECIPE.md): the extension whitelist and the four thresholds, each with a case on either
side; alpha-per-token counted in GPT-NeoX-20B tokens as RedPajama did."""
import pickle
from pathlib import Path

import pytest

from pipeline.models import MissingModelError
from pipeline.stages import Drop
from sources.github.filters import (
    EXTENSION_WHITELIST,
    Thresholds,
    TokenCounter,
    cheap_filter_reason,
    count_alnum_alpha,
    is_whitelisted,
    language_of,
    text_stats,
)
from sources.github.transform import QualityFilter


@pytest.fixture(scope="module")
def tokenizer_path(corpora):
    return str(corpora / "tokenizer" / "llama2_tokenizer.model")


def test_whitelist_is_redpajamas_and_matches_by_suffix_or_exact_name():
    assert len(EXTENSION_WHITELIST) == len(set(EXTENSION_WHITELIST)) == 66
    for path in ("a/b.py", "x.C", "x.H", "k.c++", "src/Makefile", "Dockerfile", "build.dockerfile", "doc.rst",
                 "deep/dir/readme.md", "lib.smali"):
        assert is_whitelisted(path), path
    for path in ("a.txt", "image.png", "x.json", "x.yaml", "NotADockerfile", "GNUmakefile", "x.PY", "Makefile.am"):
        assert not is_whitelisted(path), path
    assert language_of("src/Makefile") == "Makefile" and language_of("a/b.tsx") == "tsx"


LIMITS = Thresholds()


def reason(text):
    return cheap_filter_reason(text_stats(text), LIMITS)


def test_stats_follow_redpajamas_definitions():
    stats = text_stats("ab\ncd!\n")
    assert stats.max_line_length == 3
    assert stats.mean_line_length == 7 / 2  # characters including newlines / lines
    assert stats.alnum_fraction == 4 / 7 and stats.alpha_chars == 4


@pytest.mark.parametrize("text", ["int x = 42; // ok\n", "caf\u00e9 \u00bd \u0663\u0664 \u4e2d\u6587 x1\n", "", "\t\r\n"])
def test_ascii_fast_path_counts_like_str_methods(text):
    assert count_alnum_alpha(text) == (sum(map(str.isalnum, text)), sum(map(str.isalpha, text)))


def test_max_line_length_boundary():
    assert reason("x = 1\n" * 30 + "a" * 1000 + "\n") is None
    assert reason("x = 1\n" * 30 + "a" * 1001 + "\n") == "max_line_length"


def test_mean_line_length_boundary():
    assert reason("a" * 99 + "\n") is None  # 100 characters per line
    assert reason("a" * 100 + "\n") == "mean_line_length"  # 101


def test_alnum_fraction_boundary():
    assert reason("ab" + "-" * 6) is None  # 0.25
    assert reason("ab" + "-" * 7) == "alnum_fraction"


def entry(text, path="x.py"):
    return {"id": f"r/{path}", "repo": "r", "path": path, "content": text, "license": "MIT", "origin": "o",
            "header_lines_removed": 0}


def test_alpha_per_token_keeps_code_and_drops_data_blobs():
    quality = QualityFilter(LIMITS, None)
    quality.setup()
    code = "def greet(name):\n    return f'Hello, {name}!'\n\nprint(greet('world'))\n"
    doc = quality(entry(code))
    assert doc["metadata"]["alpha_per_token"] >= 1.5 and doc["metadata"]["tokens"] > 5
    # digits and hex: alphanumeric enough, but few letters per token
    blob = "DATA = [\n" + "".join(f"    0x{i:04x}, {i * 7919 % 100000},\n" for i in range(200)) + "]\n"
    assert reason(blob) is None
    assert quality(entry(blob)) == Drop("alpha_per_token")


@pytest.fixture(scope="module")
def real_c_file():
    """mwparserfromhell's C tokenizer (3,120 lines, MIT): real C that ships inside a dependency."""
    import mwparserfromhell

    path = Path(mwparserfromhell.__file__).parent / "parser" / "ctokenizer" / "tok_parse.c"
    if not path.is_file():
        pytest.skip(f"{path} is not installed (mwparserfromhell came without its C sources)")
    return path.read_text(encoding="utf-8")


def test_real_c_file_passes_in_gpt_neox_tokens_as_in_redpajama(real_c_file):
    """RedPajama counted GPT-NeoX tokens, and this ordinary C file passes in them."""
    alpha = text_stats(real_c_file).alpha_chars
    neox = TokenCounter()
    assert 1.5 <= alpha / neox(real_c_file) < 1.7
    doc = QualityFilter(LIMITS, None)(entry(real_c_file, "src/tok_parse.c"))
    assert doc["metadata"]["tokens"] == neox(real_c_file)


def test_the_llama_tokenizer_would_drop_that_c_file(real_c_file, tokenizer_path):
    """Why the unit matters: LLaMA splits every digit, which puts the same file under the threshold."""
    assert text_stats(real_c_file).alpha_chars / TokenCounter(tokenizer_path)(real_c_file) < 1.5


def test_token_counter_counts_gpt_neox_tokens_or_a_sentencepiece_models(tokenizer_path):
    neox = TokenCounter()
    # GPT-NeoX-20B: multi-space runs are single added tokens; digits are not split; no BOS/EOS
    assert neox("hello world") == 2
    assert neox("x = 123;") == 4  # x, " =", " 123", ";"
    assert neox("if (a) {\n        return;\n") == 10  # ..., "\n", 8 spaces, "return", ";", "\n"
    assert pickle.loads(pickle.dumps(neox))("hello world") == 2  # Beam pickles the stage after setup too
    llama = TokenCounter(tokenizer_path)
    llama.setup()
    assert llama("hello world") == 2 and llama("x = 12345;") == 9  # LLaMA splits every digit
    missing = TokenCounter("/nonexistent/tokenizer.model")
    with pytest.raises(MissingModelError, match="GPT-NeoX-20B"):
        missing.setup()

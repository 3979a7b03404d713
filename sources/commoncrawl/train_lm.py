"""`train-lm`: the per-language perplexity models of the commoncrawl source, trained as cc_net trains them.

For each language (from the dump's siteinfo: enwiki -> en), from Wikipedia dumps:

1. the opening text of every article (namespace 0, no redirects): the lead section, before the first heading,
   cleaned by the wikipedia source's `clean_wikitext` and normalized line by line (cc_net LM normalization);
   a deterministic slice of the articles (by page id) is held out;
2. SentencePiece unigram, vocab 65536, character_coverage 0.9995 (when the corpus cannot fill the vocabulary,
   training falls back to the largest vocabulary it supports, as cc_net falls back to a smaller one, and records
   it);
3. KenLM 5-gram: `lmplz -o 5 --discount_fallback` on the pieces, then `build_binary`;
4. head/middle/tail cutoffs: p30/p60 of the new model's perplexities of the documents given with --cutoff-docs
   (a commoncrawl run: cc_net's definition, percentiles of crawled documents), or else of the held-out articles,
   which is NOT cc_net's meaning (Wikipedia scores far better than the web, so most pages fall in `tail`): the
   command warns and the cutoffs file says so (`source`, `note`).

Writes `<lang>.sp.model`, `<lang>.arpa.bin`, `<lang>.cutoffs.json` and `<lang>.lm.json` (provenance) to --output,
the layout the commoncrawl source reads (`--set perplexity.models=DIR`).

    python -m sources.commoncrawl.train_lm --dump enwiki-...-pages-articles.xml.bz2 [--dump ...] --output DIR
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from typing import Iterable, Iterator

from pipeline.cli import StrictParser
from pipeline.io import join_path, open_decompressed, open_raw, read_documents, write_text
from pipeline.normalize import normalize_for_lm
from sources.commoncrawl.cutoffs import cutoffs_from_scores, write_cutoffs
from sources.commoncrawl.perplexity import CUTOFFS_SUFFIX, LM_SUFFIX, SP_SUFFIX, log10_score, perplexity
from sources.wikipedia.dump import MalformedPage, Page, SiteInfo, iter_dump

ORDER = 5
VOCAB_SIZE = 65536
CHARACTER_COVERAGE = 0.9995
MAX_DOCS = 1_000_000  # cc_net's NDOC_FOR_LM
MAX_SP_SENTENCES = 5_000_000  # SentencePiece samples this many lines at most (its memory grows with them)
MIN_CUTOFF_DOCS = 5
# What cutoffs from held-out Wikipedia mean, said wherever they are made (stderr and the cutoffs file).
WIKI_CUTOFFS_NOTE = (
    "cutoffs are p30/p60 of held-out WIKIPEDIA articles, not of crawled pages as cc_net's are: most ordinary web "
    "pages score above Wikipedia's p60 and land in `tail` (about 75% of real C4 pages). For cc_net's meaning, "
    "rerun with --cutoff-docs <a commoncrawl run's docs/*.parquet> (the recipe's first crawl pass does this)"
)
SETUP_HINT = "make setup   (or: bash scripts/build_kenlm.sh .venv)"

# A section heading: a line that starts and ends with `=` (MediaWiki's section 0 is everything before the first).
_HEADING = re.compile(r"^=[^\n]*=[ \t]*$", re.MULTILINE)


class KenLMToolsMissing(FileNotFoundError):
    pass


# ------------------------------------------------------------------------------------------------ corpus (pure)


def lead_section(wikitext: str) -> str:
    """Section 0 of an article: the wikitext before its first heading."""
    match = _HEADING.search(wikitext)
    return wikitext[: match.start()] if match else wikitext


def article_text(page: Page, site: SiteInfo, opening_only: bool = True) -> str:
    """Plain text of an article's opening (or whole article), cleaned by the wikipedia source's cleaner."""
    from sources.wikipedia.clean import clean_wikitext

    return clean_wikitext(lead_section(page.text) if opening_only else page.text, site)


def normalized_lines(text: str) -> list[str]:
    lines = (normalize_for_lm(line) for line in text.split("\n"))
    return [line for line in lines if line]


def is_heldout(lang: str, page_id: int, percent: float) -> bool:
    """A fixed, page-id-determined slice of `percent`% of the articles, the same on every run."""
    digest = hashlib.blake2b(f"{lang}:{page_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") % 10000 < percent * 100


def is_article(page: Page) -> bool:
    return page.ns == 0 and not page.redirect and bool(page.text)


@dataclasses.dataclass
class LanguageCorpus:
    """Where one language's training lines went and what was held out."""

    lang: str
    train_path: str
    dumps: list[str] = dataclasses.field(default_factory=list)
    train_docs: int = 0
    train_lines: int = 0
    train_chars: int = 0
    heldout: list[str] = dataclasses.field(default_factory=list)  # cleaned (not normalized) texts
    malformed: int = 0


def iter_dump_articles(path: str) -> Iterator[tuple[SiteInfo, Page | MalformedPage]]:
    """(site, page) for every page of a dump. A dump that cannot be used (no <siteinfo>, so no language) is
    skipped with a message, and a cut or corrupt file ends after its last complete page: a model-training
    command should use what it can read, as the pipeline's own readers do."""
    site = None
    try:
        with open_decompressed(path) as stream:
            for item in iter_dump(stream):
                if isinstance(item, SiteInfo):
                    site = item
                elif site is None:
                    print(f"skipping {path}: no <siteinfo> before the first page, so no language", file=sys.stderr)
                    return
                else:
                    yield site, item
    except (EOFError, OSError) as exc:  # truncated/corrupt compression: keep what came before the cut
        print(f"{path}: stopped at a cut or corrupt stream ({type(exc).__name__}: {exc})", file=sys.stderr)


def build_corpora(dumps: Iterable[str], workdir: str, languages: set[str] | None = None, max_docs: int = MAX_DOCS,
                  heldout_percent: float = 10.0, opening_only: bool = True,
                  max_heldout: int = 20000) -> dict[str, LanguageCorpus]:
    """Stream the dumps into one normalized training file per language (one paragraph per line)."""
    corpora: dict[str, LanguageCorpus] = {}
    files = {}
    try:
        for path in dumps:
            for site, item in iter_dump_articles(path):
                lang = site.lang
                if languages and lang not in languages:
                    break
                corpus = corpora.get(lang)
                if corpus is None:
                    corpus = corpora[lang] = LanguageCorpus(lang, os.path.join(workdir, f"{lang}.train.txt"))
                    files[lang] = open(corpus.train_path, "w", encoding="utf-8")
                if path not in corpus.dumps:
                    corpus.dumps.append(path)
                if isinstance(item, MalformedPage):
                    corpus.malformed += 1  # a truncated dump: every complete page before the cut was used
                    print(f"train-lm: {path}: {item.reason} after page {item.after_page_id}: {item.detail}",
                          file=sys.stderr)
                    continue
                if not is_article(item):
                    continue
                try:
                    text = article_text(item, site, opening_only)
                except Exception as exc:  # noqa: BLE001 - one page the cleaner cannot handle is skipped, not fatal
                    corpus.malformed += 1
                    print(f"train-lm: {path}: page {item.page_id} skipped: {type(exc).__name__}: {exc}"[:300],
                          file=sys.stderr)
                    continue
                if not text:
                    continue
                if is_heldout(lang, item.page_id, heldout_percent):
                    if len(corpus.heldout) < max_heldout:
                        corpus.heldout.append(text)
                    continue
                if corpus.train_docs >= max_docs:
                    continue
                lines = normalized_lines(text)
                if not lines:
                    continue
                files[lang].write("\n".join(lines) + "\n")
                corpus.train_docs += 1
                corpus.train_lines += len(lines)
                corpus.train_chars += sum(len(line) for line in lines)
    finally:
        for f in files.values():
            f.close()
    return corpora


# -------------------------------------------------------------------------------------------------- training


def kenlm_tool(name: str) -> str:
    """Path of lmplz/build_binary: the virtualenv's bin first (where scripts/build_kenlm.sh puts them), then PATH."""
    venv_bin = os.path.dirname(sys.executable)
    for candidate in (os.path.join(venv_bin, name), shutil.which(name)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise KenLMToolsMissing(
        f"KenLM's `{name}` was not found (looked in {venv_bin} and on PATH).\n  build it with: {SETUP_HINT}"
    )


def train_sentencepiece(train_path: str, model_prefix: str, vocab_size: int, lines: int,
                        threads: int = 0) -> dict:
    """Unigram SentencePiece as cc_net trains it. The vocabulary size is a soft limit: a corpus too small for
    `vocab_size` gives the largest vocabulary it supports (cc_net retrains a smaller model in that case), and the
    result says so. On a large corpus the model is the same as with a hard limit (the limit only gates a check)."""
    import sentencepiece as spm

    spm.set_random_generator_seed(0)  # the line sample (large corpora) is the same on every run
    args = dict(input=train_path, model_prefix=model_prefix, vocab_size=vocab_size, model_type="unigram",
                character_coverage=CHARACTER_COVERAGE, num_threads=threads or os.cpu_count() or 1,
                max_sentence_length=1 << 16, hard_vocab_limit=False, minloglevel=2)
    if lines > MAX_SP_SENTENCES:
        args.update(input_sentence_size=MAX_SP_SENTENCES, shuffle_input_sentence=True)
    spm.SentencePieceTrainer.train(**args)
    size = spm.SentencePieceProcessor(model_file=model_prefix + ".model").get_piece_size()
    return {"vocab_size_requested": vocab_size, "vocab_size": size, "vocab_fallback": size < vocab_size}


def encode_pieces(sp, train_path: str, pieces_path: str, batch: int = 10000) -> None:
    """The training lines as space-joined SentencePiece pieces (lmplz's input)."""
    with open(train_path, encoding="utf-8") as src, open(pieces_path, "w", encoding="utf-8") as dst:
        chunk = []
        for line in src:
            chunk.append(line.rstrip("\n"))
            if len(chunk) >= batch:
                dst.writelines(" ".join(p) + "\n" for p in sp.encode(chunk, out_type=str))
                chunk = []
        if chunk:
            dst.writelines(" ".join(p) + "\n" for p in sp.encode(chunk, out_type=str))


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode:
        raise RuntimeError(f"{os.path.basename(cmd[0])} failed ({proc.returncode}): {' '.join(cmd)}\n"
                           + proc.stderr[-2000:])


def train_kenlm(pieces_path: str, arpa_path: str, binary_path: str, memory: str, tmpdir: str) -> list[str]:
    lmplz = [kenlm_tool("lmplz"), "-o", str(ORDER), "--discount_fallback", "-S", memory, "-T", tmpdir + os.sep,
             "--text", pieces_path, "--arpa", arpa_path]
    _run(lmplz)
    _run([kenlm_tool("build_binary"), arpa_path, binary_path])
    return lmplz[1:6]


def heldout_perplexities(sp_path: str, lm_path: str, texts: Iterable[str]) -> list[float]:
    import kenlm
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=sp_path)
    lm = kenlm.Model(lm_path)
    out = []
    for text in texts:
        total, length = log10_score(sp, lm, text)
        if length:
            out.append(perplexity(total, length))
    return out


def documents_of_language(pattern: str, lang: str, limit: int) -> list[str]:
    return [d["text"] for d in read_documents(pattern) if d.get("lang") == lang][:limit]


def _publish(local: str, dest: str) -> None:
    """Copy a finished local file to the output (any FileSystems path)."""
    from apache_beam.io.filesystems import FileSystems

    if "://" not in dest:
        os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
        shutil.copyfile(local, dest)
        return
    with open(local, "rb") as src, FileSystems.create(dest) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def train_language(corpus: LanguageCorpus, output: str, workdir: str, vocab_size: int, memory: str,
                   cutoff_docs: str | None = None, keep_arpa: bool = False, opening_only: bool = True) -> dict:
    lang = corpus.lang
    if not corpus.train_lines:
        raise ValueError(f"{lang}: no article text to train on in {', '.join(corpus.dumps)}")
    prefix = os.path.join(workdir, lang + ".sp")
    sp_info = train_sentencepiece(corpus.train_path, prefix, vocab_size, corpus.train_lines)
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=prefix + ".model")
    pieces = os.path.join(workdir, f"{lang}.pieces.txt")
    encode_pieces(sp, corpus.train_path, pieces)
    arpa, binary = os.path.join(workdir, f"{lang}.arpa"), os.path.join(workdir, lang + LM_SUFFIX)
    lmplz_args = train_kenlm(pieces, arpa, binary, memory, workdir)

    if cutoff_docs:
        texts, cutoff_source = documents_of_language(cutoff_docs, lang, 100000), f"documents:{cutoff_docs}"
    else:
        texts, cutoff_source = corpus.heldout, "heldout_wikipedia_articles"
        print(f"train-lm: {lang}: WARNING: {WIKI_CUTOFFS_NOTE}", file=sys.stderr)
    scores = heldout_perplexities(prefix + ".model", binary, texts)
    cutoffs = cutoffs_from_scores(scores) if len(scores) >= MIN_CUTOFF_DOCS else None
    # the model's quality figure for the run report: perplexity of the held-out Wikipedia articles it never saw
    heldout = scores if not cutoff_docs else heldout_perplexities(prefix + ".model", binary, corpus.heldout)

    _publish(prefix + ".model", join_path(output, lang + SP_SUFFIX))
    _publish(binary, join_path(output, lang + LM_SUFFIX))
    if keep_arpa:
        _publish(arpa, join_path(output, f"{lang}.arpa"))
    if cutoffs:
        note = {} if cutoff_docs else {"note": WIKI_CUTOFFS_NOTE}
        write_cutoffs(join_path(output, lang + CUTOFFS_SUFFIX), lang, cutoffs, source=cutoff_source, docs=len(scores),
                      **note)
    else:
        print(f"train-lm: {lang}: only {len(scores)} documents to compute cutoffs on (< {MIN_CUTOFF_DOCS}); no "
              f"{lang}{CUTOFFS_SUFFIX} written, documents in {lang} get bucket `all`", file=sys.stderr)
    info = {
        "lang": lang, "dumps": corpus.dumps, "text": "opening" if opening_only else "article",
        "train_docs": corpus.train_docs, "train_lines": corpus.train_lines, "train_chars": corpus.train_chars,
        "heldout_docs": len(corpus.heldout), "malformed_pages": corpus.malformed, **sp_info,
        "heldout_perplexity_median": round(statistics.median(heldout), 1) if heldout else None,
        "character_coverage": CHARACTER_COVERAGE, "order": ORDER, "lmplz": " ".join(lmplz_args),
        "cutoffs": ({"p30": cutoffs[0], "p60": cutoffs[1], "source": cutoff_source, "docs": len(scores)}
                    if cutoffs else None),
    }
    write_text(join_path(output, f"{lang}.lm.json"), json.dumps(info, indent=2, sort_keys=True) + "\n")
    return info


def train(dumps: list[str], output: str, vocab_size: int = VOCAB_SIZE, max_docs: int = MAX_DOCS,
          heldout_percent: float = 10.0, languages: set[str] | None = None, opening_only: bool = True,
          cutoff_docs: str | None = None, memory: str = "2G", keep_arpa: bool = False) -> dict[str, dict]:
    for tool in ("lmplz", "build_binary"):
        kenlm_tool(tool)  # fail before an hour of reading dumps
    results = {}
    with tempfile.TemporaryDirectory(prefix="train-lm-") as workdir:
        corpora = build_corpora(dumps, workdir, languages, max_docs, heldout_percent, opening_only)
        if not corpora:
            raise ValueError(f"no articles in the selected languages in {', '.join(dumps)}")
        for lang, corpus in sorted(corpora.items()):
            results[lang] = train_language(corpus, output, workdir, vocab_size, memory, cutoff_docs, keep_arpa,
                                           opening_only)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = StrictParser(prog="train-lm", description=__doc__,  # --a-b or --a_b; unknown flags named
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", action="append", required=True,
                        help="a MediaWiki pages-articles XML dump (.xml, .bz2, .xz); repeat for more")
    parser.add_argument("--output", required=True, help="model directory (any FileSystems path)")
    parser.add_argument("--vocab-size", type=int, default=VOCAB_SIZE)
    parser.add_argument("--max-docs", type=int, default=MAX_DOCS, help="training articles per language")
    parser.add_argument("--heldout-percent", type=float, default=10.0,
                        help="articles held out of training to compute the cutoffs on")
    parser.add_argument("--languages", help="comma-separated; default: every language of the dumps")
    parser.add_argument("--text", choices=("opening", "article"), default="opening",
                        help="train on the articles' opening text (cc_net) or their whole text")
    parser.add_argument("--cutoff-docs", help="Document Parquet glob (e.g. a commoncrawl run) to compute p30/p60 on, "
                                              "cc_net's meaning of the buckets. Without it the cutoffs come from "
                                              "held-out Wikipedia articles, which put most web pages in `tail`")
    parser.add_argument("--memory", default="2G", help="lmplz -S sorting memory")
    parser.add_argument("--keep-arpa", action="store_true", help="also write the ARPA file")
    args = parser.parse_args(argv)
    languages = set(args.languages.split(",")) if args.languages else None
    try:
        for path in args.dump:
            open_raw(path).close()
        results = train(args.dump, args.output, args.vocab_size, args.max_docs, args.heldout_percent, languages,
                        args.text == "opening", args.cutoff_docs, args.memory, args.keep_arpa)
    except (OSError, ValueError, RuntimeError) as exc:  # missing tools or files, bad dumps, a failed lmplz
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for lang, info in results.items():
        cut = info["cutoffs"]
        print(f"{lang}: {info['train_docs']} articles, {info['train_lines']} lines, vocab {info['vocab_size']}"
              + (" (corpus too small for the requested vocabulary)" if info["vocab_fallback"] else "")
              + (f", cutoffs p30={cut['p30']} p60={cut['p60']} ({cut['docs']} docs)" if cut else ", no cutoffs"))
    print(f"models: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a source's output holds, for the run report: languages and per-document lengths (characters, words, lines)
of the Document Parquet files as written, read back on the launcher in bounded time and memory.

Why read the output and not the stage tallies: a stage's tallies describe the documents that reached it, not
those that survived the stages after it (Common Crawl's langid tallies count documents perplexity later drops).
Bounded: at most `max_documents` documents, taken from the files in name order, batch by batch, reading only the
`lang` and `text` columns; `documents_read` says how many were profiled, so a sample is labelled as one.
"""
from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"\S+")

MAX_DOCUMENTS = 20_000  # per source: ~20k lengths x 3 ints in memory, a few seconds of reading


def profile_documents(pattern: str, max_documents: int = MAX_DOCUMENTS, count_tokens=None) -> dict:
    """{"documents_read", "complete", "languages": {lang: n}, "lengths": {"chars", "words", "lines": [...]}};
    with `count_tokens(text) -> int` (e.g. the trained tokenizer) also lengths["tokens"]."""
    import pyarrow.parquet as pq

    from pipeline.io import match_paths, open_raw

    languages: Counter = Counter()
    lengths: dict[str, list[int]] = {"chars": [], "words": [], "lines": []}
    if count_tokens is not None:
        lengths["tokens"] = []
    read, complete = 0, True
    for path in match_paths(pattern):
        with open_raw(path) as f:
            parquet = pq.ParquetFile(f)
            for batch in parquet.iter_batches(batch_size=1024, columns=["lang", "text"]):
                for lang, text in zip(batch.column("lang").to_pylist(), batch.column("text").to_pylist()):
                    if read >= max_documents:
                        complete = False
                        break
                    read += 1
                    languages[lang if lang else None] += 1
                    text = text or ""
                    lengths["chars"].append(len(text))
                    lengths["words"].append(len(_WORD.findall(text)))
                    lengths["lines"].append(text.count("\n") + 1 if text else 0)
                    if count_tokens is not None:
                        lengths["tokens"].append(count_tokens(text))
                if not complete:
                    break
        if not complete:
            break
    return {"documents_read": read, "complete": complete,
            "languages": {str(k) if k is not None else None: v for k, v in languages.items()}, "lengths": lengths}

"""Example plugin: a new source (docs/PLUGINS.md). Tab-separated files, one document per line: `id<TAB>text`.

    python -m recipe.run --source tsv --input 'notes/*.tsv' --output out --plugin docs/examples/tsv_source.py
"""
from pipeline.plugins import (Drop, MatchInputs, Reject, SourceOutput, Stage, iter_lines, make_document,
                              open_decompressed)
from sources.registry import register_source

SOURCE = "tsv"
STAGES = ("read", "length")  # the funnel, in order: every Stage below, by name
DEFAULTS = {"min_chars": 20}  # parameters: --config sources.tsv.min_chars or --set min_chars=50

register_source(SOURCE, "tab-separated text files (*.tsv[.gz]), one document per line: id<TAB>text", __name__)


def read_tsv(path: str):
    """One input file -> a Document, Drop or Reject per line (a files=True stage: the framework accounts for the
    file, bounds line lengths, and turns an exception into a dead letter naming the file)."""
    with open_decompressed(path) as stream:
        for offset, line in iter_lines(stream):
            if line is None:  # longer than the input limits allow: skipped in bounded memory
                yield Reject("line_too_long", file=path, offset=offset)
                continue
            native_id, tab, text = line.decode("utf-8", errors="strict").rstrip("\n").partition("\t")
            if not tab:
                yield Reject("no_tab", file=path, offset=offset, detail=line[:80].decode("utf-8", "replace"))
            elif not text.strip():
                yield Drop("empty_text")
            else:
                yield make_document(SOURCE, native_id, text.replace("\\n", "\n"), line_offset=offset)


def build(pipeline, input_pattern: str, config: dict) -> SourceOutput:
    min_chars = int(config["min_chars"])
    read = pipeline | MatchInputs(input_pattern, SOURCE) | Stage(SOURCE, "read", read_tsv, files=True)
    length = read.kept | Stage(SOURCE, "length",
                               lambda doc: doc if len(doc["text"]) >= min_chars else Drop("too_short"))
    return SourceOutput(length.kept, [read.rejects, length.rejects])

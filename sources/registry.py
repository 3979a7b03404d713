"""The sources the CLI knows, what input each expects, and where its pipeline lives."""
from __future__ import annotations

import dataclasses
import importlib
import re


@dataclasses.dataclass(frozen=True)
class SourceSpec:
    name: str
    expects: str
    module: str | None  # module with build(pipeline, input_pattern, config), STAGES and DEFAULTS; None = not built
    # Parameters (dotted) that name model files or directories: remote jobs stage them (pipeline/staging.py).
    model_params: tuple[str, ...] = ()

    def load(self):
        if self.module is None:
            raise NotImplementedError(f"source {self.name!r} is not built yet")
        from pipeline.plugins import filter_stages

        module = importlib.import_module(self.module)
        return _WithPluginFilters(self.name, module) if filter_stages(self.name) else module


class _WithPluginFilters:
    """A source module with the plugin filters registered for it (pipeline/plugins.py) run after its own stages:
    its build() applies them and its STAGES lists them, so the funnel reconciles."""

    def __init__(self, name: str, module):
        from pipeline.plugins import filter_stages

        self._name, self._module = name, module
        self.STAGES = tuple(module.STAGES) + filter_stages(name)

    def build(self, pipeline, input_pattern, config):
        from pipeline.plugins import apply_filters

        return apply_filters(self._name, self._module.build(pipeline, input_pattern, config))

    def __getattr__(self, attribute):  # DEFAULTS, launch_warnings, ...: the module's own
        return getattr(self._module, attribute)


def register_source(name: str, expects: str, module: str, model_params: tuple[str, ...] = ()) -> None:
    """A plugin's new source: `module` (usually the plugin's own `__name__`) defines DEFAULTS, STAGES and
    build(pipeline, input_pattern, config) -> SourceOutput, like sources/*/transform.py. docs/PLUGINS.md."""
    from pipeline.plugins import PluginError

    if not re.match(r"^[a-z][a-z0-9_]*$", name) or name == "all":
        raise PluginError(f"source name {name!r}: use lowercase letters, digits and _")
    if name in SOURCES and SOURCES[name].module != module:
        raise PluginError(f"source {name!r} already exists ({SOURCES[name].module})")
    SOURCES[name] = SourceSpec(name, expects, module, tuple(model_params))


SOURCES = {
    spec.name: spec
    for spec in [
        SourceSpec(
            "commoncrawl",
            "Common Crawl WET files (WARC/1.0 `conversion` records, e.g. *.warc.wet.gz) or WARC files with HTML "
            "`response` records (*.warc.gz); gzip per record or whole file, or uncompressed",
            "sources.commoncrawl.transform",
            ("langid.model", "perplexity.models", "wiki_ref.model"),
        ),
        SourceSpec(
            "c4",
            "the public C4 release: c4-*.json.gz / *.jsonl with fields text, url, timestamp; with --from-wet, "
            "Common Crawl WET files (or WARC) cleaned with the TFDS C4 rules",
            "sources.c4.transform",
            ("langid.model", "badwords.path"),
        ),
        SourceSpec(
            "github",
            "a BigQuery-style export (JSON lines: repo_name, path, content, license; *.jsonl[.gz]) or repository "
            "tarballs (*.tar[.gz|.bz2|.xz], *.tgz) directly in the input folder, or checked-out repositories one "
            "folder each below it (--input 'checkouts/**')",
            "sources.github.transform",
            ("tokenizer_model",),
        ),
        SourceSpec(
            "wikipedia",
            "MediaWiki XML dumps (pages-articles): *.xml, *.xml.bz2 (also multistream), *.xml.xz, *.xml.gz; "
            "language from the dump's dbname, the recipe's 20 by default (--set languages=[en,ja] or null = all)",
            "sources.wikipedia.transform",
        ),
        SourceSpec(
            "books",
            "Project Gutenberg plain-text books (*.txt, any encoding; also gzip/bz2/xz/zstd) or Books3-style "
            "*.jsonl (one book per line: text, optional title/meta)",
            "sources.books.transform",
        ),
        SourceSpec(
            "arxiv",
            "arXiv LaTeX sources: per paper a *.tar / *.tar.gz (arXiv's e-print tarballs), a gzipped or plain .tex "
            "file or a local directory (e.g. --input 'papers/*'); also arXiv's bulk arXiv_src_*.tar of YYMM/<id>.gz",
            "sources.arxiv.transform",
        ),
        SourceSpec(
            "stackexchange",
            "StackExchange data dump: <site>/Posts.xml (also .gz/.bz2/.xz/.zst) or <site>.7z / <site>-Posts.7z "
            "archives, the site named by the folder or archive (--input 'dump/*/Posts.xml'); --top-sites N keeps "
            "the N sites with the most posts among the inputs",
            "sources.stackexchange.transform",
        ),
    ]
}

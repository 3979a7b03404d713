"""Command-line options of `python -m recipe.run` (Beam's own flags pass through untouched).

The framework floor knows no source by name: the CLI (recipe/run.py) lists them in its help."""
from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions


SHORTCUT_FLAGS = ("top_sites", "from_wet")


class CorpusOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--source",
            help="which source to build (see the list below for the input each expects), "
            "or `all`: the whole recipe from a --config (sources, models, tokenizer, shards, training, report)",
        )
        parser.add_argument("--input", help="input glob; any Beam FileSystems path (local, gs://, s3://)")
        parser.add_argument("--output", help="output directory; any Beam FileSystems path")
        parser.add_argument("--config", help="YAML config (configs/*.yaml); command-line flags override it")
        parser.add_argument(
            "--set",
            dest="overrides",
            action="append",
            default=None,
            metavar="KEY=VALUE",
            help="override one source parameter, e.g. --set langid.threshold=0.6 (repeatable)",
        )
        # Source-specific shortcuts for `--set NAME=VALUE` (a source that lacks the parameter rejects it).
        parser.add_argument(
            "--top_sites", "--top-sites", dest="top_sites", type=int, default=None,
            help="stackexchange: keep the N largest sites by number of posts among the inputs (28 in the recipe)",
        )
        parser.add_argument(
            "--from_wet", "--from-wet", dest="from_wet", action="store_true", default=None,
            help="c4: build C4-style data from Common Crawl WET input with the reference cleaning rules",
        )
        parser.add_argument(
            "--force",
            action="append",
            default=None,
            metavar="STEP",
            help="--source all: redo this step although its manifest says it is done (models, sources, tokenizer, "
            "shards, train, report, or all; repeatable)",
        )
        parser.add_argument(
            "--allow_empty", "--allow-empty", dest="allow_empty", action="store_true", default=None,
            help="exit 0 even when the run ends with 0 documents out of non-empty input (an error by default)",
        )
        parser.add_argument(
            "--plugin",
            dest="plugins",
            action="append",
            default=None,
            metavar="MODULE",
            help="import this module (or .py file) first: its filters and sources join the pipeline "
            "(pipeline/plugins.py, docs/PLUGINS.md; repeatable)",
        )
        parser.add_argument(
            "--num_output_shards",
            type=int,
            default=None,
            help="Parquet shards per source (default: chosen by the runner)",
        )


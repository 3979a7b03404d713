"""The Python API for extending the pipeline without touching it: extra filters on any source, loaded as plugins.

A filter is a stage function, the same idiom every source uses: it takes a Document dict and returns it (kept,
possibly changed), a `Drop(reason)` (filtered out, counted under the reason) or a `Reject(reason, ...)` (a dead
letter). Registered for a source, it runs after the source's own stages, shows in the funnel and the report as
its own stage, and its rejects go to `<output>/rejects/<source>/`:

    from pipeline.plugins import Drop, add_filter

    @add_filter("c4")
    def no_lorem(doc):
        return Drop("lorem_ipsum") if "lorem ipsum" in doc["text"].lower() else doc

A new source registers itself with `sources.registry.register_source` (docs/PLUGINS.md). Plugins are modules
named with `--plugin MODULE` (repeatable; a path to a .py file works with the local runner) or installed
packages that declare an entry point in the group `llama_corpus.plugins`; importing the module registers what it
defines. docs/PLUGINS.md has both examples.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import re
from typing import Callable

# The API a plugin imports from here (one import line): the stage idiom, the Document constructor, and what a
# new source's build() needs to match its input files and read them in bounded memory.
from pipeline.io import MatchInputs, iter_lines, open_decompressed  # noqa: F401
from pipeline.outcomes import Drop, Reject  # noqa: F401
from pipeline.schema import make_document  # noqa: F401
from pipeline.stages import SourceOutput, Stage

ENTRY_POINT_GROUP = "llama_corpus.plugins"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# source -> [(stage name, stage function)], in registration order
FILTERS: dict[str, list[tuple[str, Callable]]] = {}
_loaded: set[str] = set()


class PluginError(ValueError):
    """A plugin that cannot be loaded, or registers something invalid: one line for the CLI."""


def add_filter(source: str, name: str | None = None):
    """Decorator: run `fn(doc) -> doc | Drop | Reject` on `source`'s documents after its own stages, as stage
    `name` (default: the function's name)."""

    def register(fn: Callable) -> Callable:
        stage = name or fn.__name__
        if not _NAME.match(stage):
            raise PluginError(f"filter name {stage!r}: use lowercase letters, digits and _")
        existing = FILTERS.setdefault(source, [])
        if any(n == stage for n, _ in existing):
            raise PluginError(f"{source} already has a plugin filter named {stage!r}")
        existing.append((stage, fn))
        return fn

    return register


def filter_stages(source: str) -> tuple[str, ...]:
    return tuple(name for name, _ in FILTERS.get(source, []))


def apply_filters(source: str, output: SourceOutput) -> SourceOutput:
    """`output` with the plugin filters of `source` applied to its documents (each a Stage: counted, dead letters
    kept)."""
    documents, rejects = output.documents, list(output.rejects)
    for name, fn in FILTERS.get(source, []):
        result = documents | f"plugin {name}" >> Stage(source, name, fn)
        documents = result.kept
        rejects.append(result.rejects)
    return SourceOutput(documents, rejects, dict(output.reports))


def load_plugins(names: list[str] | None = None) -> list[str]:
    """Import the plugin modules (dotted names or .py paths) and every installed `llama_corpus.plugins` entry
    point; each is imported once per process. Returns the names loaded now."""
    loaded = []
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry.value not in _loaded:
            try:
                entry.load()
            except Exception as exc:  # noqa: BLE001 - a broken installed plugin: one line naming it
                raise PluginError(f"plugin entry point {entry.name} = {entry.value}: {type(exc).__name__}: {exc}")
            _loaded.add(entry.value)
            loaded.append(entry.value)
    for name in names or []:
        if name in _loaded:
            continue
        try:
            if name.endswith(".py"):
                if not os.path.isfile(name):
                    raise PluginError(f"--plugin {name}: no such file")
                module_name = "llama_corpus_plugin_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(name))[0])
                spec = importlib.util.spec_from_file_location(module_name, name)
                module = importlib.util.module_from_spec(spec)
                import sys

                sys.modules[module_name] = module
                spec.loader.exec_module(module)
                # a file is no module the workers could import: its functions travel by value in the job
                from apache_beam.internal.cloudpickle import cloudpickle

                cloudpickle.register_pickle_by_value(module)
            else:
                importlib.import_module(name)
        except PluginError:
            raise
        except ModuleNotFoundError as exc:
            raise PluginError(f"--plugin {name}: {exc} (a dotted module name on PYTHONPATH, or a path to a .py "
                              "file)") from None
        except Exception as exc:  # noqa: BLE001 - an error inside the plugin: one line naming it
            raise PluginError(f"--plugin {name}: {type(exc).__name__}: {exc}") from None
        _loaded.add(name)
        loaded.append(name)
    return loaded

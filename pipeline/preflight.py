"""Usage checks before anything is built or written: each problem is one line for `error: ...` (exit code 2).

An input glob matching nothing, an input file that cannot be read, an output path that is a file (or sits under
one, or cannot be written), a config file that is not valid YAML (with its file name and line): caught here, a
run fails in a second with one line instead of a Beam traceback, and leaves nothing behind.
"""
from __future__ import annotations

import glob
import os

import yaml
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.io import read_text
from pipeline.options import CorpusOptions


class PreflightError(Exception):
    """A usage problem, worded as one line."""


def check_config(path: str | None) -> dict:
    """The config file parsed; unreadable or invalid YAML is a PreflightError naming the file and line."""
    if not path:
        return {}
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise PreflightError(f"cannot read config {path}: {_why(exc)}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            problem += f" ({context} at line {context_mark.line + 1})"
        raise PreflightError(f"{where}: invalid YAML: {problem}") from None
    if data is not None and not isinstance(data, dict):
        raise PreflightError(f"{path}: a config must be a YAML mapping, got {type(data).__name__}")
    return data or {}


def check_inputs(pattern: str) -> list[str]:
    """The paths the glob matches (local directories too: arXiv reads paper folders); none, or a local file
    that cannot be opened for reading, is a PreflightError."""
    try:
        paths = [m.path for m in FileSystems.match([pattern])[0].metadata_list]
    except Exception as exc:  # noqa: BLE001 - a bad scheme, credentials, a malformed pattern: one line
        raise PreflightError(f"cannot list input {pattern!r}: {_why(exc)}") from None
    if "://" not in pattern:
        paths += [p for p in glob.glob(pattern) if os.path.isdir(p)]
    if not paths:
        raise PreflightError(f"no input matches {pattern!r}")
    for path in paths:
        if "://" not in path and not os.path.isdir(path):
            try:
                with open(path, "rb"):
                    pass
            except OSError as exc:
                raise PreflightError(f"cannot read input {path}: {exc.strerror or _why(exc)}") from None
    return sorted(paths)


def check_output(output: str) -> None:
    """The output must be a directory or not exist yet; locally, its nearest existing parent must be a
    writable directory."""
    if "://" in output:
        try:
            matched = FileSystems.match([output])[0].metadata_list
        except Exception:  # noqa: BLE001 - listing a bucket prefix can fail for reasons the run reports better
            return
        if any(m.path.rstrip("/") == output.rstrip("/") for m in matched):
            raise PreflightError(f"output {output} is a file, not a directory")
        return
    if os.path.exists(output) and not os.path.isdir(output):
        raise PreflightError(f"output {output} is a file, not a directory")
    parent = os.path.abspath(output)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise PreflightError(f"output {output} cannot be created: {parent} is a file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PreflightError(f"output {output} cannot be written: {parent} is not writable")


def preflight(argv: list[str], sources=()) -> None:
    """Every check that applies to this command line (single source or `--source all`). With `sources` (the
    known names), an unknown source is left to the CLI's own message."""
    options = PipelineOptions(argv)
    FileSystems.set_options(options)  # S3 settings for remote inputs and outputs
    corpus = options.view_as(CorpusOptions)
    config = check_config(corpus.config)
    source = corpus.source or config.get("source")
    output = corpus.output or config.get("output")
    if sources and source not in sources and source != "all":
        return
    if source == "all":
        inputs = config.get("inputs")
        patterns = list(inputs.values()) if isinstance(inputs, dict) else []
    else:
        patterns = [corpus.input or config.get("input")]
    # A dry run lists nothing remote from the launcher (offline, it would hang): the workers match the inputs.
    offline = bool(options.get_all_options().get("dry_run"))
    for pattern in patterns:
        if isinstance(pattern, str) and pattern and not (offline and "://" in pattern):
            check_inputs(pattern)
    if isinstance(output, str) and output and not (offline and "://" in output):
        check_output(output)


def _why(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]

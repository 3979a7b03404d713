"""How any Beam job of this project runs: the runner, shipping the project to remote workers, dry runs.

Shared by every job (single sources, the recipe's jobs, encode-shards), so it lives on the framework floor.
"""
from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from pipeline.worker_env import ship


def make_runner(options: PipelineOptions):
    """FnApiRunner by default: the 2.77 DirectRunner first tries to download the Prism binary."""
    name = options.view_as(StandardOptions).runner
    if name in (None, "FnApiRunner"):
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        options.view_as(StandardOptions).runner = None
        return FnApiRunner()
    if name in ("DataflowRunner", "apache_beam.runners.dataflow.dataflow_runner.DataflowRunner"):
        from pipeline.dataflow_job import AnnouncingDataflowRunner

        return AnnouncingDataflowRunner()  # prints the job id and console URL on submission
    return name


def is_dry_run(options: PipelineOptions) -> bool:
    """Dataflow's --dry_run=True: build and translate the job, submit nothing."""
    return bool(options.get_all_options().get("dry_run"))


def is_remote(options: PipelineOptions) -> bool:
    """A runner whose workers are other machines (they have only what the job ships)."""
    runner = str(options.view_as(StandardOptions).runner or "")
    return any(name in runner for name in ("Dataflow", "Portable", "Flink", "Spark", "Prism"))


def package_for_remote_workers(options) -> None:
    """Remote runners need this project and its pinned dependencies on their workers (pipeline/worker_env.py)."""
    if is_remote(options):
        ship(options)


def may_check_at_launch(pipeline, path: str | None) -> bool:
    """Whether a source may check `path` (a model file, a directory) while the job is built, to fail before the
    workers do: not for a remote path in a dry run, which reads nothing (offline, listing gs:// would hang)."""
    return bool(path) and not (is_dry_run(pipeline.options) and "://" in str(path))

"""A submitted Dataflow job is announced: its id and console URL are printed as soon as Dataflow accepts it
(the CLI keeps the root logger at WARNING, so Beam's own INFO line with the URL is never shown).

pipeline.runner.make_runner hands out AnnouncingDataflowRunner for --runner DataflowRunner, so every job of the
project (single sources, the recipe's jobs, encode-shards) says where to watch it.
"""
from __future__ import annotations

from apache_beam.options.pipeline_options import GoogleCloudOptions
from apache_beam.runners.dataflow.dataflow_runner import DataflowRunner

CONSOLE_URL = "https://console.cloud.google.com/dataflow/jobs/{region}/{job_id}?project={project}"


def console_url(project: str, region: str, job_id: str) -> str:
    return CONSOLE_URL.format(region=region, job_id=job_id, project=project)


def submission_message(result, options) -> str | None:
    """'Dataflow job <id> submitted: <console URL>' for a submitted job; None for a dry run or a template (no job)."""
    if not getattr(result, "has_job", False):
        return None
    job_id = result.job_id()
    gcp = options.view_as(GoogleCloudOptions)
    region = gcp.region or getattr(getattr(result, "_job", None), "location", None) or "-"
    return f"Dataflow job {job_id} submitted: {console_url(gcp.project, region, job_id)}"


class AnnouncingDataflowRunner(DataflowRunner):
    """DataflowRunner that prints the job id and console URL of what it submits."""

    def __init__(self, log=print):
        super().__init__()
        self._log = log

    def run_pipeline(self, pipeline, options):
        result = super().run_pipeline(pipeline, options)
        message = submission_message(result, options)
        if message:
            self._log(message, flush=True)
        return result

"""Progress while a Beam step runs: each source's read stage prints, at most every few seconds per worker process,
the files and documents it has done and its rate (stderr):

    progress: commoncrawl read: 12 files, 4,512 documents kept, 380 documents/s (process 4711)

Why from the workers: a local runner (FnApiRunner, multi_processing) returns only when the job is done, so the
launcher has nothing to poll; the read stage is the one whose files and documents a user can relate to the input.
Quiet on remote runners (Dataflow's console shows the stage counters live) and when LLAMA_CORPUS_PROGRESS_SECONDS
is 0. The counters in the run report stay the authoritative totals; these lines are per process, so with several
workers each prints its own share.
"""
from __future__ import annotations

import os
import sys
import time

ENV = "LLAMA_CORPUS_PROGRESS_SECONDS"
DEFAULT_SECONDS = 5.0


def progress_seconds(options) -> float:
    """Seconds between a worker's progress lines for this job; 0 = none (remote runner or turned off)."""
    from pipeline.runner import is_remote

    if options is not None and is_remote(options):
        return 0.0
    try:
        return max(0.0, float(os.environ.get(ENV, DEFAULT_SECONDS)))
    except ValueError:
        return DEFAULT_SECONDS


class Progress:
    """Files and documents done by one stage in this process, printed when `every` seconds have passed since the
    last line (never per element: one clock read per update)."""

    def __init__(self, label: str, every: float, clock=time.monotonic, out=None):
        self.label, self.every, self.clock = label, every, clock
        self.out = out
        self.files = self.documents = 0
        self.started = self.last = clock()

    def update(self, files: int = 0, documents: int = 0) -> None:
        self.files += files
        self.documents += documents
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(now), file=self.out or sys.stderr, flush=True)

    def line(self, now: float) -> str:
        rate = self.documents / max(now - self.started, 1e-9)
        return (f"progress: {self.label}: {self.files:,} files, {self.documents:,} documents kept, "
                f"{rate:,.0f} documents/s (process {os.getpid()})")

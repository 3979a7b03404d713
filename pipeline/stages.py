"""Stages: pure functions under thin Beam wiring, with a counter for every outcome.

A stage function maps one element to an outcome (or, for fan-out stages such as file readers, to an iterable
of outcomes). An outcome is one of:

- a Document dict (or any other element)  -> kept, goes to the main output
- `Drop(reason)`                           -> filtered on purpose, counted under that reason
- `Reject(reason, ...)`                    -> malformed input, counted and sent to the dead-letter output

Every outcome is one unit of the stage's `in` counter, so for every stage
`in == kept + sum(dropped) + sum(rejected)` holds by construction (the report checks it anyway).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterable

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.files import FileResult, read_file, starts_file
from pipeline.io import InputLimits
from pipeline.outcomes import Drop, Reject  # noqa: F401 - re-exported: sources import them from here
from pipeline.dropped import LocalSample, remember
from pipeline.progress import Progress, progress_seconds

REJECTS_TAG = "rejects"
DROPPED_TAG = "dropped_sample"
SEP = "|"


def counter_name(stage: str, kind: str, reason: str | None = None) -> str:
    """`stage|in`, `stage|kept`, `stage|drop|reason`, `stage|reject|reason`, `stage|stat|name`."""
    return SEP.join([stage, kind] + ([reason] if reason is not None else []))


class StageCounters:
    """Beam counters of one stage of one source (namespace = source)."""

    def __init__(self, source: str, stage: str):
        self.source = source
        self.stage = stage
        self._counters: dict[str, Any] = {}

    def _inc(self, name: str, n: int) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(self.source, name)
        counter.inc(n)

    def seen(self, n: int = 1) -> None:
        self._inc(counter_name(self.stage, "in"), n)

    def kept(self, n: int = 1) -> None:
        self._inc(counter_name(self.stage, "kept"), n)

    def dropped(self, reason: str, n: int = 1) -> None:
        self._inc(counter_name(self.stage, "drop", reason), n)

    def rejected(self, reason: str, n: int = 1) -> None:
        self._inc(counter_name(self.stage, "reject", reason), n)

    def file(self, result: FileResult, starts_file: bool = True) -> None:
        """One input file (or range of one) read by this stage: `stage|file|in`, `stage|file|files` (files begun)
        and `stage|file|whole`, `stage|file|partial|reason` or `stage|file|rejected|reason`."""
        self._inc(counter_name(self.stage, "file", "in"), 1)
        if starts_file:
            self._inc(counter_name(self.stage, "file", "files"), 1)
        self._inc(SEP.join([self.stage, "file", result.status] + ([result.reason] if result.status != "whole" else [])), 1)

    def stat(self, name: str, n: int = 1) -> None:
        """Extra figures that are not part of the funnel (lines removed, documents per language, ...)."""
        self._inc(counter_name(self.stage, "stat", name), n)


class _StageDoFn(beam.DoFn):
    def __init__(self, source: str, stage: str, fn: Callable, fan_out: bool, tally: tuple[str, ...],
                 files: bool = False, limits: InputLimits | None = None, progress_every: float = 0.0):
        self._source = source
        self._stage = stage
        self._fn = fn
        self._fan_out = fan_out
        self._tally = tally
        self._files = files
        self._limits = limits
        self._progress_every = progress_every

    def setup(self):
        self.counters = StageCounters(self._source, self._stage)
        self.dropped = LocalSample()
        self.progress = (Progress(f"{self._source} {self._stage}", self._progress_every) if self._progress_every
                         else None)
        # Stage functions that hold models expose setup(): called once per worker, never per element.
        if hasattr(self._fn, "setup"):
            self._fn.setup()

    def process(self, element):
        if self._files:
            yield from self._process_file(element)
            return
        try:
            outcomes = self._fn(element)
            if not self._fan_out:
                if isinstance(outcomes, Drop) and isinstance(element, dict) and "text" in element:
                    # a whole Document dropped: a candidate for the sample of what this filter removed
                    sample = self.dropped.offer(element, self._stage, outcomes.reason)
                    if sample is not None:
                        yield beam.pvalue.TaggedOutput(DROPPED_TAG, sample)
                outcomes = (outcomes,)
            for outcome in outcomes:
                yield from self._route(outcome)
            if self.progress is not None and isinstance(element, str):  # an input path, read whole
                self.progress.update(files=1)
        except Exception as exc:  # noqa: BLE001 - an unexpected failure on one element is a dead letter, not a crash
            yield from self._route(
                Reject(reason=f"error:{type(exc).__name__}", detail=str(exc)[:500], record_id=_element_id(element))
            )

    def _process_file(self, element):
        """A file-reading stage: the element is an input path (or a range of a file); pipeline.files accounts."""
        reading = read_file(self._fn, element, self._limits)
        while True:
            try:
                outcome = next(reading)
            except StopIteration as stop:
                self.counters.file(stop.value, starts_file(element))
                if self.progress is not None:
                    self.progress.update(files=int(starts_file(element)))
                return
            yield from self._route(outcome)

    def _route(self, outcome):
        self.counters.seen()
        if isinstance(outcome, Drop):
            self.counters.dropped(outcome.reason)
        elif isinstance(outcome, Reject):
            self.counters.rejected(outcome.reason)
            yield beam.pvalue.TaggedOutput(REJECTS_TAG, outcome.to_record(self._source, self._stage))
        else:
            self.counters.kept()
            if self.progress is not None:
                self.progress.update(documents=1)
            if isinstance(outcome, dict) and isinstance(outcome.get("text"), str):
                self.counters.stat("chars_kept", len(outcome["text"]))  # the funnel in characters, not only docs
            for field in self._tally:
                self.counters.stat(f"{field}:{_field_value(outcome, field)}")
            yield outcome


def _field_value(doc: dict, field: str):
    if field in doc:
        return doc[field]
    return (doc.get("metadata") or {}).get(field)


def _element_id(element) -> str | None:
    if isinstance(element, dict):
        return element.get("id")
    if isinstance(element, str):
        return element[:300]
    return None


class Stage(beam.PTransform):
    """Apply a stage function; returns a `StageResult` with `.kept` and `.rejects` PCollections.

    `fn(element)` returns an outcome, or an iterable of outcomes when `fan_out=True`. `tally` names Document
    fields (or metadata fields) whose values are counted over kept documents, e.g. `("lang",)`.
    `files=True` (a source's read stage: elements are input paths, fn yields each file's outcomes) adds the
    file-level accounting of pipeline.files, under the `InputLimits` given as `limits` (a dict or InputLimits;
    None: the defaults). `progress` (default: `files`) prints the stage's files and documents done while the job
    runs (pipeline/progress.py); a stage whose elements are input paths can ask for it too.
    """

    def __init__(
        self,
        source: str,
        stage: str,
        fn: Callable[[Any], Any | Iterable[Any]],
        fan_out: bool = False,
        tally: tuple[str, ...] = (),
        files: bool = False,
        limits: InputLimits | dict | None = None,
        progress: bool | None = None,
    ):
        super().__init__(label=stage)
        self._progress = files if progress is None else progress  # read stages report progress by default
        self._source = source
        self._stage = stage
        self._fn = fn
        self._fan_out = fan_out or files
        self._tally = tuple(tally)
        self._files = files
        self._limits = InputLimits.of(limits) if limits is not None else None

    def expand(self, pcoll):
        # a read stage reports progress while the job runs (pipeline/progress.py)
        every = progress_seconds(pcoll.pipeline.options) if self._progress else 0.0
        dofn = _StageDoFn(self._source, self._stage, self._fn, self._fan_out, self._tally, self._files, self._limits,
                          every)
        outputs = pcoll | beam.ParDo(dofn).with_outputs(REJECTS_TAG, DROPPED_TAG, main="kept")
        remember(pcoll, self._source, outputs[DROPPED_TAG])  # sampled by the source's writer (pipeline/dropped.py)
        return StageResult(outputs.kept, outputs[REJECTS_TAG])


@dataclasses.dataclass
class StageResult:
    kept: beam.PCollection
    rejects: beam.PCollection


@dataclasses.dataclass
class SourceOutput:
    """What a source's pipeline hands back to the runner: final documents, every dead letter, and extra report
    files (file name -> PCollection of text lines, written as `<output>/report/<name>`)."""

    documents: beam.PCollection
    rejects: list  # of PCollections, flattened by the writer
    reports: dict = dataclasses.field(default_factory=dict)

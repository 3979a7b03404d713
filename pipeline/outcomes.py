"""Outcomes of a stage function besides a kept element: a Drop (filtered on purpose) or a Reject (a dead letter).
Defined apart from pipeline.stages so the per-file accounting (pipeline.files) can use them; import them from
either module."""
from __future__ import annotations

import dataclasses
from typing import NamedTuple


class Drop(NamedTuple):
    reason: str


@dataclasses.dataclass(frozen=True)
class Reject:
    """A dead letter: what was wrong and where to find it."""

    reason: str
    file: str | None = None
    offset: int | None = None
    detail: str | None = None
    record_id: str | None = None

    def to_record(self, source: str, stage: str) -> dict:
        return {"source": source, "stage": stage, **dataclasses.asdict(self)}

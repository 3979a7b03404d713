"""File-level accounting of a source's read stage: every input file is read whole, read in part, or rejected.

A source's per-file read function (path -> outcomes) runs through `read_file`, which the framework's file-reading
Stage (`Stage(..., files=True)`) applies, so every source gets this without code of its own:

- the `InputLimits` of the stage are in effect while the function runs (pipeline.io.limits_in_effect);
- an `InputLimitExceeded` (a decompression bomb, ...) or any other exception that escapes the function ends
  the file with a dead letter naming the file and, where known, the offset: it never loses the records before;
- a file that yields nothing is a dead letter (`no_records`);
- the file's status is returned for the counters: `whole` (read to its end, with at least one record kept or
  dropped), `partial` (records, then the read was cut: the reason is a file-ending one, see FILE_ENDING_REASONS)
  or `rejected` (no record at all: every outcome was a dead letter).

A source that splits large files between workers (pipeline.splits.FileRange elements) is accounted per range:
`in` counts the ranges and files, `files` the files begun (a whole file or a first range). The report
(pipeline/report.py) checks in = whole + partial + rejected, and files begun = files matched where the source's
MatchInputs counts them: a run whose file accounting does not reconcile fails.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Generator, Iterable

from pipeline.io import InputLimitExceeded, InputLimits, limits_in_effect
from pipeline.outcomes import Drop, Reject

# Dead-letter reasons a reader uses when it gives up on the REST of a file (it may have read records before).
# Readers with a new file-ending reason add it here; "error:*" (an exception) always ends the file.
FILE_ENDING_REASONS = frozenset({
    "truncated_or_corrupt_file", "empty_file", "file_too_large", "unrecognized_input_file", "unreadable_file",
    "undecodable_file", "no_siteinfo", "no_pages", "truncated_dump", "truncated_xml", "xml_error", "forbidden_xml",
    "corrupt_archive",
    "decompressed_size_limit", "decompression_ratio_limit", "no_records",
})


@dataclasses.dataclass(frozen=True)
class FileResult:
    status: str  # whole | partial | rejected
    reason: str | None = None  # why it was cut or rejected


def ends_file(outcome: Any) -> bool:
    return isinstance(outcome, Reject) and (outcome.reason in FILE_ENDING_REASONS or outcome.reason.startswith("error:"))


def element_path(element: Any) -> str:
    """The file an element of a read stage reads: a path, or a range of a file (pipeline.splits.FileRange)."""
    return getattr(element, "path", element)


def is_piece(element: Any) -> bool:
    """A range of a file split between workers (not the whole file)."""
    return hasattr(element, "label") and element.label() != element_path(element)


def starts_file(element: Any) -> bool:
    """The element that counts its file as read: the file itself, or its first range."""
    return not is_piece(element) or getattr(element, "first", False)


def read_file(fn: Callable[[Any], Iterable], element: Any, limits: InputLimits | None = None
              ) -> Generator[Any, None, FileResult]:
    """Yield fn(element)'s outcomes (with the limits in effect), then a dead letter if the read broke or a whole
    file yielded nothing (a range of a file may hold nothing: a page can span ranges); return the FileResult
    of the file, or of the range."""
    path = element_path(element)
    records, reject_reasons, cut = 0, [], None
    try:
        with limits_in_effect(limits):
            outcomes = iter(fn(element))
    except Exception as exc:  # noqa: BLE001 - the function failed before its first outcome
        outcomes = iter((_error_reject(exc, path),))
    while True:
        try:
            with limits_in_effect(limits):  # around each step: a generator runs a little at every next()
                outcome = next(outcomes)
        except StopIteration:
            break
        except InputLimitExceeded as exc:
            outcome = Reject(exc.reason, file=path, offset=exc.offset, detail=exc.detail[:500])
            outcomes = iter(())
        except Exception as exc:  # noqa: BLE001 - the rest of this file is lost, not the run
            outcome = _error_reject(exc, path)
            outcomes = iter(())
        if isinstance(outcome, Reject):
            if outcome.file is None:
                outcome = dataclasses.replace(outcome, file=path)
            reject_reasons.append(outcome.reason)
            if ends_file(outcome):
                cut = outcome.reason
        elif isinstance(outcome, Drop) or outcome is not None:
            records += 1
        yield outcome
    if not records and not reject_reasons and is_piece(element):
        return FileResult("whole")
    if not records and not reject_reasons:
        reject = Reject("no_records", file=path, offset=0, detail="the file yielded no record")
        yield reject
        return FileResult("rejected", reject.reason)
    if not records:
        distinct = set(reject_reasons)
        return FileResult("rejected", cut or (reject_reasons[0] if len(distinct) == 1 else "all_records_rejected"))
    return FileResult("partial", cut) if cut else FileResult("whole")


def _error_reject(exc: Exception, path: str) -> Reject:
    return Reject(f"error:{type(exc).__name__}", file=path, offset=getattr(exc, "offset", None),
                  detail=str(exc)[:500])

"""Readers: a file in, a ``Submission`` out, by whichever installed reader takes the file.

``read_submission`` never raises for a bad file: a refusal becomes a submission holding
the D001 issue that says why. It does raise for auditor's own bugs, which the per-file
pipeline (``run.pipeline``) reports as internal errors.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.interface import Reader, unreadable_submission
from auditor.readers.registry import installed_readers, readable_suffixes, reader_for
from auditor.sources.refusal import Refused


def read_submission(path: Path) -> Submission:
    """The submission a file states; a file auditor cannot read gives one holding a D001 issue."""
    reader = reader_for(path)
    if reader is None:
        return unsupported_submission(path)
    try:
        return reader.read(path)
    except Refused as refused:
        return unreadable_submission(path, refused.reason_zh, refused.reason_en, reader.layout)


def unsupported_submission(path: Path) -> Submission:
    """The D001 submission of a file that no installed reader takes, naming what auditor reads."""
    shown = path.suffix or "（无扩展名）"
    readers = installed_readers()
    return unreadable_submission(
        path,
        f"不是 auditor 能读取的文件（扩展名为 {shown}）；请提交" + "或".join(r.description["zh"] for r in readers),
        f"not a file auditor reads (the file ends in {path.suffix or 'no extension'}); expected "
        + " or ".join(r.description["en"] for r in readers),
    )


__all__ = ["Reader", "read_submission", "readable_suffixes", "reader_for", "unreadable_submission", "unsupported_submission"]

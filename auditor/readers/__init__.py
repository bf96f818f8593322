"""Readers: a file in, a ``Submission`` out, by whichever installed reader takes the file.

``read_submission`` never raises for a bad file: a refusal becomes a submission holding
the D001 issue that says why. It does raise for auditor's own bugs, which the per-file
pipeline (``run.pipeline``) reports as internal errors.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.file_kinds import file_kind
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
    """The D001 submission of a file that no installed reader takes: what it is, and what to send instead."""
    kind = file_kind(path)
    readers = installed_readers()
    if kind is not None:
        return unreadable_submission(
            path,
            f"这是{kind.name_zh}，auditor 不读取这类文件；{kind.advice_zh}",
            f"this is {kind.name_en}, a kind of file auditor does not read; {kind.advice_en}",
            layout=None,
        )
    shown = path.suffix or "（无扩展名）"
    return unreadable_submission(
        path,
        f"无法识别的文件（扩展名为 {shown}）；auditor 读取的是：" + "；".join(r.description["zh"] for r in readers),
        f"an unrecognised file (ending in {path.suffix or 'no extension'}); auditor reads "
        + "; ".join(r.description["en"] for r in readers),
        layout=None,
    )


__all__ = ["Reader", "read_submission", "readable_suffixes", "reader_for", "unreadable_submission", "unsupported_submission"]

"""Readers: a file in, a ``Submission`` out — whatever the file holds, never an exception."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.submission_workbook import read_submission_workbook, unreadable_submission

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def read_submission(path: Path) -> Submission:
    """The submission a file states; a file auditor cannot read gives one holding a D001 issue."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        shown = path.suffix or "（无扩展名）"
        return unreadable_submission(
            path,
            f"不是 .xlsx 工作簿（扩展名为 {shown}）；请提交 .xlsx 或 .xlsm 格式的自评提交表",
            f"not an .xlsx workbook (the file ends in {path.suffix or 'no extension'}); expected an .xlsx or .xlsm submission workbook",
        )
    return read_submission_workbook(path)


__all__ = ["WORKBOOK_SUFFIXES", "read_submission", "unreadable_submission"]

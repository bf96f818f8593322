"""Readers: a file in, a ``Submission`` out — whatever the file holds, never an exception."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.narrative.document import NARRATIVE_SUFFIXES
from auditor.readers.narrative_report import read_narrative_report
from auditor.readers.submission_workbook import read_submission_workbook, unreadable_submission

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Every kind of file ``auditor check`` reads: submission workbooks and written reports.
READABLE_SUFFIXES = WORKBOOK_SUFFIXES + NARRATIVE_SUFFIXES


def read_submission(path: Path) -> Submission:
    """The submission a file states; a file auditor cannot read gives one holding a D001 issue."""
    suffix = path.suffix.lower()
    if suffix in NARRATIVE_SUFFIXES:
        return read_narrative_report(path)
    if suffix not in WORKBOOK_SUFFIXES:
        shown = path.suffix or "（无扩展名）"
        return unreadable_submission(
            path,
            f"不是 auditor 能读取的文件（扩展名为 {shown}）；请提交 .xlsx/.xlsm 自评提交表或 .docx/.txt/.md 自评报告",
            f"not a file auditor reads (the file ends in {path.suffix or 'no extension'}); "
            "expected an .xlsx/.xlsm submission workbook or a .docx/.txt/.md report",
        )
    return read_submission_workbook(path)


__all__ = ["READABLE_SUFFIXES", "WORKBOOK_SUFFIXES", "read_submission", "unreadable_submission"]

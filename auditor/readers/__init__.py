"""Readers: a file in, a ``Submission`` out — whatever the file holds, never an exception."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.narrative.document import NARRATIVE_SUFFIXES
from auditor.sources.refusal import Refused
from auditor.readers.report_files import read_narrative_report
from auditor.readers.national.form import read_national_form
from auditor.readers.workbook.reader import read_submission_workbook, unreadable_submission
from auditor.readers.spreadsheet import NATIONAL_FORM, SUBMISSION_WORKBOOK, unrecognised_submission, workbook_layout
from auditor.sources.xlsx import read_workbook_cells

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Every kind of file ``auditor check`` reads: submission workbooks, national tables and written reports.
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
    return read_workbook(path)


def read_workbook(path: Path) -> Submission:
    """A workbook in whichever layout it is in: submission workbook, national table, or neither (D002)."""
    try:
        workbook = read_workbook_cells(path)
    except Refused as exc:
        return unreadable_submission(path, exc.reason_zh, exc.reason_en)
    found, forms = workbook_layout(workbook)
    if found == SUBMISSION_WORKBOOK:
        return read_submission_workbook(path, workbook)
    if found == NATIONAL_FORM:
        return read_national_form(path, workbook, forms)
    return unrecognised_submission(path)


__all__ = ["READABLE_SUFFIXES", "WORKBOOK_SUFFIXES", "read_submission", "read_workbook", "unreadable_submission"]

"""Which layout a spreadsheet is in — our submission workbook, national 项目支出绩效自评表, or neither — and its reading.

The cells are read once, by whichever reader opened the file (.xlsx here; any
spreadsheet format that yields a grid of cells can hand it over); this module only
looks at sheet names, header rows and labels to decide which layout reader gets them. A workbook of neither layout gets one D002 that says
what was looked for in both, so that the reviewer can tell a wrong file from a damaged one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from auditor.model import DataIssue, Submission
from auditor.readers.national.form import LAYOUT_NAME as NATIONAL_FORM
from auditor.readers.national.form import is_national_sheet, read_national_form
from auditor.readers.national.sheet import FormSheet
from auditor.readers.workbook import columns as layout
from auditor.readers.workbook.reader import LAYOUT_NAME as SUBMISSION_WORKBOOK
from auditor.readers.workbook.reader import read_submission_workbook
from auditor.readers.workbook.sheets import find_header_row, find_sheet
from auditor.sources.grid import WorkbookCells

UNRECOGNISED = "unrecognised-workbook"
WorkbookLayout = Literal["submission-workbook", "national-form", "unrecognised-workbook"]


def workbook_layout(workbook: WorkbookCells) -> tuple[WorkbookLayout, list[FormSheet]]:
    """The layout a workbook is in, and for a national workbook its sheets indexed by label
    (for the national reader, which would otherwise index them again).

    A sheet named as one of ours makes it a submission workbook (its missing sheets and
    columns are then reported as such), unless only national tables have recognisable
    content: a national workbook may well have a sheet called 项目.
    """
    named = headed = False
    for sheet_layout in layout.ALL_SHEETS:
        sheet = find_sheet(workbook, sheet_layout)
        if sheet is not None:
            named = True
            headed = headed or find_header_row(sheet, sheet_layout.columns) is not None
    if named and headed:
        return SUBMISSION_WORKBOOK, []
    forms = [FormSheet.of(sheet) for sheet in workbook.sheets]
    if any(is_national_sheet(form) for form in forms):
        return NATIONAL_FORM, forms
    return (SUBMISSION_WORKBOOK if named else UNRECOGNISED), []


def read_spreadsheet(path: Path, workbook: WorkbookCells) -> Submission:
    """What a spreadsheet's cells state, read in the layout they are in (D002 when in neither)."""
    found, forms = workbook_layout(workbook)
    if found == SUBMISSION_WORKBOOK:
        return read_submission_workbook(path, workbook)
    if found == NATIONAL_FORM:
        return read_national_form(path, workbook, forms)
    return unrecognised_submission(path)


def unrecognised_submission(path: Path) -> Submission:
    """One D002 naming what both layouts were looked for by; every table unavailable."""
    sheets_zh = "、".join(s.name for s in layout.ALL_SHEETS if s.required)
    sheets_en = ", ".join(f"{s.name}/{s.alias}" for s in layout.ALL_SHEETS if s.required)
    issue = DataIssue(
        kind="missing_structure",
        detail_zh=(
            f"无法识别工作簿的格式：既不是自评提交表（应有工作表 {sheets_zh} 及其表头行），"
            "也不是项目支出绩效自评表（应有 项目名称、年度资金总额或预算执行情况、绩效指标或总分 等栏目）"
        ),
        detail_en=(
            f"unrecognised workbook: neither a submission workbook (sheets {sheets_en} with their header rows) "
            "nor a national 项目支出绩效自评表 (labels 项目名称 (project name), 年度资金总额 or 预算执行情况 (funds), "
            "绩效指标 or 总分 (indicators, total score))"
        ),
        locations=[path.name],
    )
    return Submission(
        path=str(path),
        layout=UNRECOGNISED,
        issues=[issue],
        unavailable=[s.alias for s in layout.ALL_SHEETS],
    )

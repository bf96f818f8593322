"""Writes the draft submission workbook that ``auditor extract`` makes from a narrative report.

A person completes or corrects the draft and then submits it, so it is an ordinary
submission workbook (``write_submission``, default layout: ``auditor check`` reads it
back) plus two things for that person: a 提取来源 sheet that shows, for every value
the reader extracted, the sentence and characters it came from; and a row in
基本信息 for every field the report does not state, left empty to fill in. What the
report does not state stays empty — unknown, never 0.

The text in the draft comes from prose other people wrote, so every text cell is a
string cell: a purpose or sentence that starts with ``=`` must never become a formula
(it would be run in the reviewer's spreadsheet, and read back as a formula without a
cached value).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.formats.cell_text import clean_text
from auditor.model import Submission, TextSource
from auditor.readers.workbook.columns import BASIC, BASIC_FIELDS
from auditor.writers.workbook import (
    DATE_FORMAT,
    WorkbookStyle,
    finish_sheet,
    put_value,
    save_reproducibly,
    submission_workbook,
    write_header_row,
)

SOURCES_SHEET = "提取来源"
SOURCES_HEADERS: tuple[str, ...] = ("序号", "内容", "提取值", "段落", "原文句子", "位置")
#: The draft is written in the canonical layout, the one the template shows.
DRAFT_STYLE = WorkbookStyle()

_SENTENCE_COLUMN = SOURCES_HEADERS.index("原文句子") + 1
_SENTENCE_WIDTH = 60
_NOTE_FONT = Font(bold=True)
_TOP = Alignment(vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")


class DraftOntoReport(ValueError):
    """The draft's path is the report it is extracted from."""


def write_draft(submission: Submission, path: Path, source_name: str, overwrite: bool = False) -> None:
    """Write ``submission`` as a draft workbook at ``path``, with a 提取来源 sheet naming ``source_name``.

    An existing file is replaced only with ``overwrite=True`` (``FileExistsError``
    otherwise); the report the submission was read from (``submission.path``) is never
    written onto, whatever ``overwrite`` says (``DraftOntoReport``).
    """
    path = Path(path)
    if _same_file(path, Path(submission.path)):
        raise DraftOntoReport(f"{path} is the report the draft is extracted from; not writing onto it")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; not overwriting it (pass overwrite=True to replace it)")
    workbook = submission_workbook(submission, DRAFT_STYLE)
    _add_unstated_basic_rows(workbook[BASIC.name], submission)
    _write_sources_sheet(workbook.create_sheet(SOURCES_SHEET), submission.extracted, source_name)
    save_reproducibly(workbook, path, overwrite=overwrite)


def character_span(source: TextSource) -> str:
    """Where the value is in its sentence, as people count: ``第12–18字`` (1-based, inclusive)."""
    first, last = source.start + 1, max(source.end, source.start + 1)
    return f"第{first}字" if first == last else f"第{first}–{last}字"


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _add_unstated_basic_rows(ws: Worksheet, submission: Submission) -> None:
    """A row with an empty 值 for each 基本信息 field the report does not state, so the person sees it is missing."""
    row = ws.max_row
    for field in BASIC_FIELDS:
        if getattr(submission.department, field.field) is None:
            row += 1
            ws.cell(row, 1, field.name)
            if field.type == "date":
                ws.cell(row, 2).number_format = DATE_FORMAT


def _write_sources_sheet(ws: Worksheet, sources: Sequence[TextSource], source_name: str) -> None:
    """One row per extracted value: what it is, the value as written, and the sentence it came from."""
    ws.cell(1, 1, clean_text(f"本表由 auditor 从《{source_name}》自动提取，未能从原文读出的内容留空，请核对、补全后再提交。")).font = _NOTE_FONT
    ws.cell(2, 1, clean_text(f"Extracted automatically by auditor from “{source_name}”; what the text does not state is left empty. Check and complete the draft before submitting it."))
    header_row = 4
    write_header_row(ws, header_row, SOURCES_HEADERS)
    for number, source in enumerate(sources, start=1):
        row = header_row + number
        values = (number, source.field, source.value, source.paragraph, source.sentence, character_span(source))
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column)
            if isinstance(value, str):
                _put_text(cell, value)
            else:
                put_value(cell, value)
            cell.alignment = _TOP
    finish_sheet(ws, header_row)
    last_row = header_row + len(sources)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(SOURCES_HEADERS))}{last_row}"
    sentence_letter = get_column_letter(_SENTENCE_COLUMN)
    ws.column_dimensions[sentence_letter].width = _SENTENCE_WIDTH
    for (cell,) in ws.iter_rows(min_row=header_row + 1, max_row=last_row, min_col=_SENTENCE_COLUMN, max_col=_SENTENCE_COLUMN):
        cell.alignment = _WRAP


def _put_text(cell: Cell, text: str) -> None:
    """A string cell holding ``text`` as written, whatever it starts with (openpyxl makes ``=...`` a formula)."""
    cell.value = clean_text(text)
    cell.data_type = "s"

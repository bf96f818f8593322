"""Writes the blank submission workbook that a finance bureau hands to every department (``auditor template``).

Every department fills the same file in Excel or WPS, so the template carries what
keeps their answers readable: the exact sheet and header names, a 说明 sheet that
explains each field, and drop-down lists for the fields that only take fixed words
(a typed 「优 秀」 or 「无结余」 would otherwise come back as a D003 finding).
Everything comes from ``auditor.readers.workbook.columns``, so template and reader cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from auditor.model import Department
from auditor.readers.workbook.columns import (
    BASIC,
    BASIC_FIELDS,
    TABLE_SHEETS,
    SheetLayout,
)
from auditor.writers.workbook import (
    DATE_FORMAT,
    NOTES_SHEET,
    finish_sheet,
    save_reproducibly,
    write_header_row,
    write_notes_sheet,
)

#: The last row of each table sheet that carries the drop-down lists.
TEMPLATE_LAST_ROW = 500
_TABLE_MIN_WIDTH = 12


def write_template(path: Path, overwrite: bool = False) -> None:
    """Write the blank workbook to ``path``; an existing file is replaced only with ``overwrite=True``.

    Refusing by default matters because a department's filled copy often keeps the
    template's file name: overwriting it would silently destroy their work.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; not overwriting it (pass overwrite=True to replace it)")
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_notes_sheet(workbook.create_sheet(NOTES_SHEET))
    _write_basic_sheet(workbook.create_sheet(BASIC.name))
    for layout in TABLE_SHEETS:
        _write_table_sheet(workbook.create_sheet(layout.name), layout)
    save_reproducibly(workbook, path, overwrite=overwrite)


def _write_basic_sheet(ws: Worksheet) -> None:
    """基本信息 with every field name in 字段 and an empty 值 (金额单位 preset to the default unit)."""
    write_header_row(ws, 1, [column.name for column in BASIC.columns])
    for row, field in enumerate(BASIC_FIELDS, start=2):
        ws.cell(row, 1, field.name)
        value_cell = ws.cell(row, 2)
        if field.field == "unit":
            value_cell.value = Department().unit
        if field.type == "date":
            value_cell.number_format = DATE_FORMAT
        if field.choices:
            _add_word_list(ws, field.choices, value_cell.coordinate)
    finish_sheet(ws, 1, min_width=_TABLE_MIN_WIDTH)


def _write_table_sheet(ws: Worksheet, layout: SheetLayout) -> None:
    """A table sheet's header row, with a drop-down list on every column that takes fixed words."""
    write_header_row(ws, 1, [column.name for column in layout.columns])
    for index, column in enumerate(layout.columns, start=1):
        if column.choices:
            letter = get_column_letter(index)
            _add_word_list(ws, column.choices, f"{letter}2:{letter}{TEMPLATE_LAST_ROW}")
    finish_sheet(ws, 1, min_width=_TABLE_MIN_WIDTH)


def _add_word_list(ws: Worksheet, words: Sequence[str], cells: str) -> None:
    """A list validation: Excel and WPS show the words as a drop-down and refuse anything else."""
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="无效的值",
        error="请从下拉列表中选择：" + "、".join(words),
    )
    validation.add(cells)
    ws.add_data_validation(validation)

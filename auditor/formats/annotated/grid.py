"""A .xls, WPS .et or .ods workbook, as auditor read it, written out as a new .xlsx to be marked.

openpyxl writes only .xlsx, and the reviewer's findings cite cells of the grid auditor
read (``sources``); so the copy is that grid: every value as the file stores it (numbers
exact, from their stored text, never through a float), percentages and dates in a
format that shows them so, merged ranges kept, columns wide enough to read. What the
grid does not hold — fonts, borders, formulas (their results are written), pictures,
charts — is not in the copy, and its 审核意见 sheet says so.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcswidth

from auditor.formats.cell_text import clean_text
from auditor.sources.grid import Cell, Sheet, WorkbookCells

_MIN_WIDTH, _MAX_WIDTH = 8, 60


def grid_workbook(cells: WorkbookCells) -> Workbook:
    """A workbook holding ``cells``: the same sheets, cells and merged ranges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    if cells.date1904:
        workbook.epoch = CALENDAR_MAC_1904  # date serials count from 1904, as in the file
    for sheet in cells.sheets:
        _write_sheet(workbook.create_sheet(_sheet_title(sheet.name, workbook)), sheet)
    if not workbook.worksheets:
        workbook.create_sheet("Sheet1")
    return workbook


def formula_count(cells: WorkbookCells) -> int:
    """How many cells hold a formula (the copy keeps their results only)."""
    return sum(cell.formula is not None for sheet in cells.sheets for cell in sheet.cells.values())


def _sheet_title(name: str, workbook: Workbook) -> str:
    # The grid keeps a sheet's name as the file has it; an .xlsx name is at most 31
    # characters without []:*?/\ — the readers cite the name as stored, so it is kept where it can be.
    return name if name and name not in workbook.sheetnames else f"Sheet{len(workbook.sheetnames) + 1}"


def _write_sheet(target: Worksheet, sheet: Sheet) -> None:
    widths: dict[int, int] = {}
    for (row, col), cell in sorted(sheet.cells.items()):
        written = target.cell(row, col)
        value, number_format = _value(cell)
        if value is None:
            continue
        written.value = value
        if isinstance(value, str):
            written.data_type = "e" if cell.kind == "error" else "s"
        if number_format:
            written.number_format = number_format
        widths[col] = max(widths.get(col, 0), wcswidth(str(cell.text)) if cell.kind == "text" else len(cell.text))
    for first_row, first_col, last_row, last_col in sheet.merged:
        target.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
    for col, width in widths.items():
        target.column_dimensions[get_column_letter(col)].width = max(_MIN_WIDTH, min(_MAX_WIDTH, width + 2))


def _value(cell: Cell) -> tuple[object | None, str | None]:
    """What to store for a cell of the grid, and the number format that shows it as the file did."""
    if cell.kind == "number":
        try:
            number = Decimal(cell.text)
        except InvalidOperation:
            return clean_text(cell.text), None
        if cell.is_percent:
            return number, "0" + ("." + "0" * cell.format_decimals if cell.format_decimals else "") + "%"
        if cell.is_date:
            return number, "yyyy-mm-dd"
        if cell.format_decimals is not None:
            return number, "0" + ("." + "0" * cell.format_decimals if cell.format_decimals else "")
        return number, None
    if cell.kind == "bool":
        return cell.text.upper() == "TRUE", None
    if cell.kind in ("text", "error"):
        return clean_text(cell.text), None
    return None, None

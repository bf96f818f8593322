"""Draws a printed form on a worksheet: merged cells, thin borders, wrapped text, column widths and row heights.

Government tables are drawn for paper, and departments fill and print them, so a
written table should look like one in Excel, WPS and LibreOffice. None of them grows
a row to fit wrapped text in a merged cell, so row heights are estimated here from
each text's display width (CJK characters count two) and the width it is merged across.

Every value goes in through ``FormSheet.put``: text is always a string cell (a text
starting with 「=」 is never a formula, 「#N/A」 never an error value), a ``Decimal``
keeps its exact decimal text in ``<v>`` (``put_value``) and is shown with as many
places as it was written with.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from auditor.writers.workbook import put_value

CellStyle = Literal["title", "subtitle", "head", "label", "text", "number", "note"]
CellContent = str | Decimal | None

_FONT = "宋体"
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_STYLES: dict[str, tuple[Font, Alignment]] = {
    "title": (Font(name=_FONT, size=16, bold=True), _CENTER),
    "subtitle": (Font(name=_FONT, size=11), _CENTER),
    "head": (Font(name=_FONT, size=10, bold=True), _CENTER),
    "label": (Font(name=_FONT, size=10), _CENTER),
    "text": (Font(name=_FONT, size=10), Alignment(horizontal="left", vertical="center", wrap_text=True)),
    "number": (Font(name=_FONT, size=10), Alignment(horizontal="center", vertical="center")),
    "note": (Font(name=_FONT, size=10), Alignment(horizontal="left", vertical="center")),
}
_LINE_HEIGHT = {"title": 24.0, "subtitle": 16.0}
_BODY_LINE_HEIGHT = 13.5
_ROW_PADDING = 4.0
_MIN_ROW_HEIGHT = 20.0
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


class FormSheet:
    """A worksheet being drawn as a form of fixed columns (widths in characters)."""

    def __init__(self, ws: Worksheet, widths: Sequence[float]) -> None:
        self.ws = ws
        self.widths = tuple(widths)
        self._heights: list[tuple[int, int, float]] = []  # (first row, last row, points needed)
        self._boxed: list[tuple[int, int]] = []
        self._last_row = 0

    @property
    def last_column(self) -> int:
        return len(self.widths)

    def put(
        self,
        row: int,
        column: int,
        value: CellContent,
        style: CellStyle = "text",
        *,
        to_column: int | None = None,
        to_row: int | None = None,
        number_format: str | None = None,
    ) -> None:
        """Put ``value`` at (row, column), merged across to ``to_column`` and down to ``to_row``."""
        last_column, last_row = to_column or column, to_row or row
        if (last_column, last_row) != (column, row):
            self.ws.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)
        cell = self.ws.cell(row, column)
        if isinstance(value, str):
            cell.value = value
            cell.data_type = "s"  # never a formula or an error value, whatever the text starts with
            if value.startswith("="):
                cell.quotePrefix = True
        elif isinstance(value, Decimal):
            put_value(cell, value, number_format or places_format(value))
        elif value is not None:
            raise TypeError(f"a form cell holds text or a Decimal, not {type(value).__name__}")
        font, alignment = _STYLES[style]
        cell.font, cell.alignment = font, alignment
        self._last_row = max(self._last_row, last_row)
        if isinstance(value, str) and value:
            width = sum(self.widths[column - 1 : last_column])
            lines = _lines_needed(value, width, wide=style == "title")
            self._heights.append((row, last_row, lines * _LINE_HEIGHT.get(style, _BODY_LINE_HEIGHT) + _ROW_PADDING))

    def box(self, first_row: int, last_row: int) -> None:
        """Draw thin borders around every cell of these rows, across all columns."""
        self._boxed.append((first_row, last_row))

    def finish(self) -> None:
        """Apply borders, column widths, row heights and an A4 page fitted to its width."""
        for first_row, last_row in self._boxed:
            for row in range(first_row, last_row + 1):
                for column in range(1, self.last_column + 1):
                    self.ws.cell(row, column).border = _BOX
        for column, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width
        self._set_row_heights()
        self.ws.sheet_view.showGridLines = False
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.orientation = "portrait"
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.horizontalCentered = True
        self.ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)

    def _set_row_heights(self) -> None:
        heights = dict.fromkeys(range(1, self._last_row + 1), _MIN_ROW_HEIGHT)
        # Single-row cells first; a cell merged down then grows its rows evenly if they are still too short.
        for first, last, needed in sorted(self._heights, key=lambda item: item[1] - item[0]):
            rows = range(first, last + 1)
            shortfall = needed - sum(heights[row] for row in rows)
            if shortfall > 0:
                for row in rows:
                    heights[row] += shortfall / len(rows)
        for row, height in heights.items():
            self.ws.row_dimensions[row].height = round(height, 1)


def places_format(value: Decimal) -> str | None:
    """The number format that shows ``value`` with the places it was written with (Decimal("0.00") → 「0.00」)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return None
    return "0." + "0" * -exponent


def _lines_needed(text: str, width: float, wide: bool) -> int:
    """Lines ``text`` wraps to in a cell ``width`` characters wide (a title's characters are about 1.6 times as wide)."""
    capacity = max(width - 0.5, 1.0) / (1.6 if wide else 1.0)
    return sum(max(1, math.ceil(_display_width(line) / capacity)) for line in text.split("\n"))


def _display_width(text: str) -> float:
    """Column-width units ``text`` takes: a CJK character at 10 pt is about 1.9 digit widths of the default font."""
    return sum(1.9 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1.0 for ch in text)

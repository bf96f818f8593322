"""Where a finding points, read back from the location strings every finding carries.

Workbook findings cite ``资金明细!C4:C10`` (a cell, a range, or whole rows ``项目!4:4``);
written reports cite ``第12段「…」`` (the paragraph as a reviewer counts it). The copy
marks what these name; a location it cannot read (a missing sheet named in words, a
file name) is still listed, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.sources.grid import column_index

_CELLS = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?")
_ROWS = re.compile(r"\$?(\d{1,7}):\$?(\d{1,7})")
_PARAGRAPH = re.compile(r"第(\d{1,7})段")
#: Excel's last column (XFD), so that a reference beyond it is not taken for a cell.
MAX_COLUMN = 16_384


@dataclass(frozen=True, slots=True)
class CellRange:
    """A rectangle of one sheet, 1-based and inclusive; ``last_col`` None for whole rows."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int | None

    @property
    def anchor(self) -> tuple[int, int]:
        """The cell a comment goes on: the range's top-left one."""
        return self.first_row, self.first_col


def cell_range(location: str) -> CellRange | None:
    """The cells ``Sheet!A1``, ``Sheet!A1:B2`` or ``Sheet!4:5`` name; None for anything else.

    The sheet is what stands before the last ``!`` (a sheet name may hold one) and may be
    quoted as formulas quote it (``'my sheet'!A1``).
    """
    sheet, bang, reference = location.rpartition("!")
    if not bang or not sheet:
        return None
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    if match := _CELLS.fullmatch(reference):
        first_col, first_row = column_index(match[1]), int(match[2])
        last_col = column_index(match[3]) if match[3] else first_col
        last_row = int(match[4]) if match[4] else first_row
        if max(first_col, last_col) > MAX_COLUMN or min(first_row, last_row) < 1:
            return None
        return CellRange(sheet, min(first_row, last_row), min(first_col, last_col), max(first_row, last_row), max(first_col, last_col))
    if match := _ROWS.fullmatch(reference):
        first, last = sorted((int(match[1]), int(match[2])))
        return CellRange(sheet, first, 1, last, None) if first >= 1 else None
    return None


def paragraph_number(location: str) -> int | None:
    """The paragraph a written report's location names (``第12段「…」`` → 12), else None."""
    match = _PARAGRAPH.match(location)
    return int(match[1]) if match and int(match[1]) >= 1 else None

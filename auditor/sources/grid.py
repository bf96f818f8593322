"""The grid of cells a spreadsheet holds, as the layout readers see it (no layout knowledge here).

A cell keeps the literal text the file stores for it (``"504.55"`` for a number), so
that amounts become ``Decimal`` without passing through a binary float, plus what a
layout reader needs to interpret it: whether it is formatted as a percentage or a
date, and whether it is a formula whose cached value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

CellKind = Literal["number", "text", "bool", "error", "empty"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One non-empty (or formula) cell of a sheet."""

    row: int  # 1-based
    col: int  # 1-based
    kind: CellKind
    #: For numbers the literal stored in the file ("504.55", "0.30000000000000004");
    #: for text the string; for booleans "TRUE"/"FALSE"; for errors "#DIV/0!"; "" when empty.
    text: str
    is_percent: bool = False
    is_date: bool = False
    #: The formula (without "="), when the cell holds one.
    formula: str | None = None
    #: How many decimals the number format shows ("0.00%" → 2, "#,##0" → 0); None for
    #: General and formats without a fixed count. Set on ``number`` and ``empty`` cells only.
    #: Display only, so not part of a cell's equality (like the font).
    format_decimals: int | None = field(default=None, compare=False)

    @property
    def ref(self) -> str:
        """The A1-style reference of the cell, e.g. ``C5``."""
        return f"{column_letter(self.col)}{self.row}"

    @property
    def formula_without_cache(self) -> bool:
        """A formula whose result was never calculated (written by a program, not a spreadsheet)."""
        return self.formula is not None and self.kind == "empty"


@dataclass(slots=True)
class Sheet:
    """One worksheet: its name and its cells by (row, col)."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    #: Cells that lay beyond the row/column caps and were not read.
    dropped_cells: int = 0
    #: Merged ranges as (first row, first col, last row, last col), in file order; the text
    #: of a merged range is in its first cell only.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def rows(self) -> list[list[Cell | None]]:
        """The sheet as a list of rows (1..max_row), each a list of cells (1..max_col) or None."""
        width = self.max_col
        grid: list[list[Cell | None]] = [[None] * width for _ in range(self.max_row)]
        for (r, c), cell in self.cells.items():
            grid[r - 1][c - 1] = cell
        return grid


@dataclass(slots=True)
class WorkbookCells:
    """Every sheet of a workbook, in the workbook's order."""

    sheets: list[Sheet] = field(default_factory=list)
    #: The workbook counts date serials from 1904-01-01 (``<workbookPr date1904="1">``)
    #: rather than from 1899-12-30.
    date1904: bool = False

    def sheet(self, name: str) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return None



@lru_cache(maxsize=16384)
def column_letter(col: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD (remembered: every cell a finding may cite asks)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AA → 27, XFD → 16384."""
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch.upper()) - 64)
    return index

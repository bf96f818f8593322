"""One sheet seen as a printed form: labels found by their text, values beside or below them.

The national table is a form, not a list: a label cell (「项目名称」) has its value to the
right, past the label's own merged cells; a column head (「预期目标」) may have its text
below. Nothing here knows which labels the table has (see national_labels); it only
finds cells by label key and says where a value sits, and what a cell shows as text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from auditor.parsing.numbers import decimal_from_stored_number
from auditor.readers.cell_values import CellValues
from auditor.readers.national.labels import ALL_LABELS, label_key
from auditor.sources.grid import Cell, Sheet, column_letter

#: Longer texts are values (a goal, a conclusion), never labels.
MAX_LABEL_LENGTH = 80


Merge = tuple[int, int, int, int]


@dataclass
class FormSheet:
    """A sheet with the label key of each of its text cells, indexed for the lookups a form needs."""

    sheet: Sheet
    keys: dict[tuple[int, int], str]
    _by_key: dict[str, list[Cell]] = field(default_factory=dict, repr=False)
    _by_row: dict[int, list[Cell]] = field(default_factory=dict, repr=False)
    _merges_by_col: dict[int, tuple[list[int], list[Merge]]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, sheet: Sheet) -> FormSheet:
        form = cls(sheet, {})
        for pos in sorted(sheet.cells):
            cell = sheet.cells[pos]
            form._by_row.setdefault(pos[0], []).append(cell)
            if cell.kind == "text" and len(cell.text) <= MAX_LABEL_LENGTH:
                key = form.keys[pos] = label_key(cell.text)
                form._by_key.setdefault(key, []).append(cell)
        return form

    @property
    def name(self) -> str:
        return self.sheet.name

    def ref(self, row: int, col: int) -> str:
        return f"{self.sheet.name}!{column_letter(col)}{row}"

    def cell(self, row: int, col: int) -> Cell | None:
        return self.sheet.cells.get((row, col))

    def key(self, cell: Cell | None) -> str | None:
        return None if cell is None else self.keys.get((cell.row, cell.col))

    def labels(self, wanted: Collection[str], rows: range | None = None) -> list[Cell]:
        """Cells whose key is one of ``wanted``, top to bottom, left to right."""
        found = [c for key in wanted for c in self._by_key.get(key, ()) if rows is None or c.row in rows]
        return sorted(found, key=lambda c: (c.row, c.col))

    def find(self, wanted: Collection[str], rows: range | None = None) -> Cell | None:
        found = self.labels(wanted, rows)
        return found[0] if found else None

    def row_cells(self, row: int) -> list[Cell]:
        """The cells of one row, left to right."""
        return self._by_row.get(row, [])

    def merge_at(self, row: int, col: int) -> Merge | None:
        """The merged range that covers (row, col), if any."""
        if col not in self._merges_by_col:
            covering = sorted(m for m in self.sheet.merged if m[1] <= col <= m[3])
            self._merges_by_col[col] = ([m[0] for m in covering], covering)
        starts, merges = self._merges_by_col[col]
        at = bisect_right(starts, row) - 1
        # Ranges do not overlap in a sound file: the last one starting above is the only candidate.
        return merges[at] if at >= 0 and merges[at][2] >= row else None

    def past(self, cell: Cell) -> tuple[int, int]:
        """The last (row, col) a cell's merged range covers (the cell itself when not merged)."""
        merge = self.merge_at(cell.row, cell.col)
        return (merge[2], merge[3]) if merge is not None else (cell.row, cell.col)

    def right_of(self, label: Cell) -> tuple[Cell | None, str]:
        """The value beside a label: the first filled cell to its right, unless that is another label.

        The address is where the value is, or the cell just past the label when none is.
        """
        first_col = self.past(label)[1] + 1
        for cell in self.row_cells(label.row):
            if cell.col < first_col or not _filled(cell):
                continue
            if self.keys.get((cell.row, cell.col)) in ALL_LABELS:
                break
            return cell, self.ref(cell.row, cell.col)
        return None, self.ref(label.row, first_col)

    def below(self, label: Cell, before_row: int, depth: int = 3) -> tuple[Cell | None, str | None]:
        """The text under a column head (within ``depth`` rows and above ``before_row``)."""
        first_row = self.past(label)[0] + 1
        for row in range(first_row, min(first_row + depth, before_row)):
            cell = self.cell(row, label.col)
            if cell is None or not _filled(cell):
                continue
            if self.keys.get((row, label.col)) in ALL_LABELS:
                return None, None
            return cell, self.ref(row, label.col)
        return None, None

    def merged_in(self, col: int, rows: range) -> bool:
        """Whether a range merged down starts in ``col`` within ``rows`` (the layout merges that column)."""
        return any(m[1] == col and m[0] in rows and m[2] > m[0] for m in self.sheet.merged)

    def anchor_of(self, row: int, col: int) -> Cell | None:
        """The first cell of the merged range over (row, col), when another cell holds its text."""
        merge = self.merge_at(row, col)
        if merge is None or (merge[0], merge[1]) == (row, col):
            return None
        return self.cell(merge[0], merge[1])


def _filled(cell: Cell) -> bool:
    return cell.formula_without_cache or not (cell.kind == "empty" or (cell.kind == "text" and not cell.text.strip()))


def shown_text(values: CellValues, cell: Cell | None) -> str | None:
    """What a cell shows, as text: a percent-formatted 0.95 is 「95%」; 「—」「/」「*」 are nothing."""
    number = stored_number(cell) if cell is not None and cell.is_percent else None
    if cell is not None and number is not None:
        percent = number * 100
        places = cell.format_decimals
        shown = rounded(percent, places) if places is not None else percent.normalize()
        return f"{shown:f}%"
    return text_of(values, cell)


def text_of(values: CellValues, cell: Cell | None) -> str | None:
    """A cell's value as text (D003 for error cells); a number too long for a Decimal as its literal."""
    if cell is not None and cell.kind == "number" and stored_number(cell) is None:
        return cell.text
    return values.text(cell)


def stored_number(cell: Cell | None) -> Decimal | None:
    """A number cell's exact value; None for other cells and for literals no Decimal can hold."""
    if cell is None or cell.kind != "number":
        return None
    try:
        return decimal_from_stored_number(cell.text)
    except InvalidOperation:
        return None


def written_text(cell: Cell | None) -> str | None:
    """A free-text cell as written (outer spaces trimmed); None for numbers, blanks and placeholders."""
    if cell is None or cell.kind != "text" or CellValues.is_empty(cell):
        return None
    return cell.text.strip()


def literal_decimals(number_text: str) -> int:
    """How many digits a typed number shows after its point, trailing zeros included (「50.00」 → 2)."""
    _, point, after = number_text.partition(".")
    return len(after) if point and after.isdigit() else 0


def rounded(value: Decimal, places: int) -> Decimal:
    """A number as a format with ``places`` decimals shows it (half away from zero, as Excel does);
    a number too long for that is left as it is."""
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value

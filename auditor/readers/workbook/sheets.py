"""Finding sheets by name and columns by header text, whatever title rows or column order a file has.

Departments add title rows, write ``金额（万元）`` instead of ``金额``, reorder columns,
use the English aliases: the layout is fixed by names, not positions. This module
turns a sheet into header-mapped rows; it knows nothing about what the columns mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from auditor.parsing.text import name_key, normalize_text
from auditor.readers.workbook.columns import Column, SheetLayout
from auditor.sources.grid import Cell, Sheet, WorkbookCells, column_letter

#: How far down a header row may sit below title rows.
HEADER_SEARCH_ROWS = 30
_UNIT_SUFFIX = re.compile(r"[\(\[（【]\s*(万元|元)\s*[\)\]）】]$")
_ANY_SUFFIX = re.compile(r"[\(\[（【][^\)\]）】]*[\)\]）】]$")




def find_sheet(workbook: WorkbookCells, layout: SheetLayout) -> Sheet | None:
    """The sheet named by the layout's Chinese name or its English alias."""
    wanted = {name_key(layout.name), name_key(layout.alias)}
    return next((s for s in workbook.sheets if name_key(s.name) in wanted), None)


@dataclass(frozen=True)
class Header:
    """A recognised header cell: which column it is and the unit its text names, if any."""

    column: Column
    col: int
    unit: str | None


#: parse_header's answers by (id of the columns, text); each entry holds its columns so that
#: the id cannot be reused while the entry lives. Bounded: cleared when full.
_HEADERS: dict[tuple[int, str], tuple[tuple[Column, ...], Header | None]] = {}
_HEADERS_KEPT = 8192


def parse_header(text: str, columns: tuple[Column, ...]) -> Header | None:
    """Match a header text to a column, allowing a unit suffix such as ``金额（万元）``.

    Every text cell of a sheet's top rows is tried against each layout, file after file,
    and the same few texts recur: answers are remembered.
    """
    key = (id(columns), text)
    known = _HEADERS.get(key)
    if known is not None and known[0] is columns:
        return known[1]
    header = _parse_header(text, columns)
    if len(_HEADERS) >= _HEADERS_KEPT:
        _HEADERS.clear()
    _HEADERS[key] = (columns, header)
    return header


def _parse_header(text: str, columns: tuple[Column, ...]) -> Header | None:
    cleaned = "".join(normalize_text(text).split())
    unit_match = _UNIT_SUFFIX.search(cleaned)
    unit = unit_match.group(1) if unit_match else None
    bare = _ANY_SUFFIX.sub("", cleaned).casefold()
    for column in columns:
        if bare in (name_key(column.name), name_key(column.alias)):
            return Header(column, 0, unit)
    return None


@dataclass
class HeaderRow:
    row: int
    headers: dict[str, Header]  # by column field

    @cached_property
    def units(self) -> dict[str, str]:
        """The unit each column's header names (``金额（万元）``), by field: once per table, not per row."""
        return {field: h.unit for field, h in self.headers.items() if h.unit}

    def missing(self, columns: tuple[Column, ...]) -> list[Column]:
        return [c for c in columns if c.required and c.field not in self.headers]


def find_header_row(sheet: Sheet, columns: tuple[Column, ...]) -> HeaderRow | None:
    """The first row (of the top rows) holding at least two of the layout's headers.

    Two, not all: a header row missing a required column must still be found so that
    the missing column can be named (D002) instead of the whole sheet.
    """
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, col), cell in sheet.cells.items():
        if row <= HEADER_SEARCH_ROWS and cell.kind == "text":
            by_row.setdefault(row, []).append((col, cell.text))
    enough = min(2, len(columns))
    for row in sorted(by_row):
        headers: dict[str, Header] = {}
        for col, text in sorted(by_row[row]):  # one text per (row, col): sorted by column
            header = parse_header(text, columns)
            if header and header.column.field not in headers:
                headers[header.column.field] = Header(header.column, col, header.unit)
        if len(headers) >= enough:
            return HeaderRow(row, headers)
    return None


@dataclass
class DataRow:
    """One non-blank row below the header: its cells by column field, and every field's cell address.

    ``refs`` names the cell even where it is empty, because an empty required cell is
    exactly what a finding must point at.
    """

    row: int
    cells: dict[str, Cell | None]
    refs: dict[str, str]


def data_rows(sheet: Sheet, header: HeaderRow) -> Iterator[DataRow]:
    """Rows below the header row that hold anything in a recognised column."""
    # The header → column map is made once per sheet; each row then costs a lookup per cell.
    rows: dict[int, dict[str, Cell | None]] = {}
    col_to_field = {h.col: field for field, h in header.headers.items()}
    header_row = header.row
    for (row, col), cell in sheet.cells.items():
        field = col_to_field.get(col)
        if field is not None and row > header_row:
            found = rows.get(row)
            if found is None:
                rows[row] = {field: cell}
            else:
                found[field] = cell
    fields = tuple(header.headers)
    prefixes = tuple((field, f"{sheet.name}!{column_letter(h.col)}") for field, h in header.headers.items())
    for row in sorted(rows):
        cells = rows[row]
        if all(_blank(c) for c in cells.values()):
            continue
        suffix = str(row)
        yield DataRow(
            row,
            {field: cells.get(field) for field in fields},
            {field: prefix + suffix for field, prefix in prefixes},
        )


def _blank(cell: Cell | None) -> bool:
    if cell is None:
        return True
    if cell.formula_without_cache:
        return False
    return cell.kind == "empty" or (cell.kind == "text" and not cell.text.strip())

"""Project tables inside a report (Word tables, Markdown pipe tables): 项目名称 | 预算数 | 执行数 | 结余.

Many reports put their funds in a small table instead of (or besides) the prose. A
table is read when one of its rows is a header naming the project column and at least
one money column; each following row with a name is a project, a 合计/总计 row is the
total. The unit comes from the header (「预算数（万元）」) or else from the report.
A cell that is not a plain number leaves its value unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.parsing.quantities import (
    converted,
    normalize_keeping_offsets,
    parse_number,
)
from auditor.readers.narrative.sentences import Sentence
from auditor.readers.value_ranges import amount_in_range

_NAME_HEADER = re.compile(r"项目(?:名称)?$|^项目")
_COLUMNS = (
    ("budget", re.compile(r"预算|安排|批复|下达|拨款")),
    ("executed", re.compile(r"执行|支出|实际|使用")),
    ("balance", re.compile(r"结余|余额")),
)
#: A column of rates, scores or counts, not of money (project tables and a table's 其中 rows alike).
NOT_MONEY = re.compile(r"率|%|得分|分值|等级|个数|比例|人数|数量")
_UNIT = re.compile(r"[（(]\s*(亿元|万元|元)\s*[)）]")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|小计|共计)$")
_CELL_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class TableRow:
    """A table row as a sentence (cells joined by tabs) and where each cell starts in it."""

    sentence: Sentence
    cells: tuple[str, ...]
    starts: tuple[int, ...]


@dataclass
class TableProject:
    name: tuple[str, TableRow, int]
    #: role → (value, row, start, end of the cell's text in the row's sentence)
    amounts: dict[str, tuple[Decimal, TableRow, int, int]] = field(default_factory=dict)


@dataclass
class ProjectTable:
    projects: list[TableProject] = field(default_factory=list)
    total: tuple[Decimal, TableRow, int, int] | None = None


def table_row(sentence: Sentence, cells: Sequence[str]) -> TableRow:
    starts, position = [], 0
    for cell in cells:
        at = sentence.text.find(cell.strip(), position) if cell.strip() else position
        starts.append(max(at, position))
        position = max(at, position) + len(cell.strip())
    return TableRow(sentence, tuple(cells), tuple(starts))


def read_project_tables(rows: Sequence[Sequence[TableRow]], unit: str) -> ProjectTable | None:
    """The first table (a run of rows) that has a project header; None when there is none."""
    for table in rows:
        for at, row in enumerate(table):
            columns = _header(row)
            if columns is not None:
                return _body(table[at + 1:], columns, unit)
    return None


def _header(row: TableRow) -> dict[str, tuple[int, str]] | None:
    """(role → (column, unit)) for a header row, or None when the row is not one."""
    cells = [normalize_keeping_offsets(c).replace(" ", "") for c in row.cells]
    name_columns = [i for i, c in enumerate(cells) if _NAME_HEADER.search(c) and not _COLUMNS[0][1].search(c)]
    if not name_columns:
        return None
    columns: dict[str, tuple[int, str]] = {"name": (name_columns[0], "")}
    for i, cell in enumerate(cells):
        if i == name_columns[0] or NOT_MONEY.search(cell):
            continue
        unit = _UNIT.search(cell)
        for role, pattern in _COLUMNS:
            if pattern.search(cell) and role not in columns:
                columns[role] = (i, unit.group(1) if unit else "")
                break
    return columns if len(columns) > 1 else None


def _body(rows: Sequence[TableRow], columns: dict[str, tuple[int, str]], unit: str) -> ProjectTable:
    table = ProjectTable()
    name_column = columns["name"][0]
    for row in rows:
        if name_column >= len(row.cells):
            continue
        name = row.cells[name_column].strip()
        if not name:
            continue
        amounts = {}
        for role, (column, written_unit) in columns.items():
            if role == "name" or column >= len(row.cells):
                continue
            value = _amount(row.cells[column], written_unit or unit, unit)
            if value is not None:
                start = row.starts[column]
                amounts[role] = (value, row, start, start + len(row.cells[column].strip()))
        if _TOTAL_ROW.match(normalize_keeping_offsets(name).replace(" ", "")):
            table.total = amounts.get("budget")
            continue
        table.projects.append(TableProject(name=(name, row, row.starts[name_column]), amounts=amounts))
    return table


def _amount(cell: str, written_unit: str, unit: str) -> Decimal | None:
    text = normalize_keeping_offsets(cell).strip().replace(" ", "")
    if not _CELL_NUMBER.match(text):
        return None
    value = parse_number(text)
    if value is None or not amount_in_range(value, written_unit):
        return None
    return converted(value, written_unit, unit)

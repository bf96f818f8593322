"""A table's 其中 rows under its total row, as a whole and its parts (F009, RULES.md "Statements").

Reports put their money in small tables as often as in sentences:

    | 资金来源 | 预算数（万元） | 执行数（万元） |
    | 合计     | 860            | 858.6          |
    | 其中：省级补助 | 520      | 520            |
    | 市级配套 | 300            | 298.6          |

Each money column of a total row (合计/总计/小计/资金总额 …) followed by a row labelled
「其中」 is a whole, and that column's cells in the 其中 row and the rows after it are its
parts, up to the table's end or the first row that is no part (another total, a rate, a
row without a number in the column). A 其中 list names some of the parts, so only an excess
is checked (F009), never a shortfall.

Precision first: a column is read only with its unit stated (in its header, 「预算数（万元）」,
or in the cells, 「860万元」) and only when every cell of it in those rows is a plain number;
otherwise it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from auditor.model import StatedFigure, Statement
from auditor.parsing.quantities import normalize_keeping_offsets, parse_number
from auditor.readers.narrative.sentences import passage_location
from auditor.readers.narrative.tables_text import NOT_MONEY, TableRow

_TOTAL = re.compile(r"^(?:合计|总计|小计|共计|总额|资金总额|年度资金总额|资金合计|预算合计|支出合计|合计金额)$")
_QIZHONG = re.compile(r"^其中\s*[:：]?\s*")
#: A row that ends the parts: another total, a rate or score, a note.
_NOT_A_PART = re.compile(r"合计|总计|小计|共计|总额|率|%|得分|分值|备注|说明|结余|余额")
_UNIT = re.compile(r"(亿元|万元|元)")
_PLAIN = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d+))?\s*(?P<unit>亿元|万元|元)?$")
#: How much of a table row a finding quotes (rows run long: every cell of the row).
_QUOTED_CELLS = 40
#: Rows of one table looked at: more than any report's table.
MAX_ROWS = 500

#: An amount already read by the project rules: paragraph, sentence words, start.
Consumed = set[tuple[int, str, int]]


def table_parts(tables: Sequence[Sequence[TableRow]], consumed: Consumed, project_of: Mapping[int, str | None]) -> Iterator[Statement]:
    """A whole-and-parts statement per money column of each total row followed by 其中 rows."""
    for table in tables:
        rows = list(table[:MAX_ROWS])
        for at, row in enumerate(rows[:-1]):
            if _TOTAL.match(_label(row)) and _QIZHONG.match(_label(rows[at + 1])):
                parts = _part_rows(rows[at + 1:])
                for column in range(1, len(row.cells)):
                    statement = _column(rows[:at], row, parts, column)
                    if statement is not None and not _rests_on(statement, row, parts, consumed):
                        project = project_of.get(row.sentence.paragraph)
                        yield statement.model_copy(update={"project": project}) if project else statement


def _label(row: TableRow) -> str:
    first = next((cell for cell in row.cells if cell.strip()), "")
    return normalize_keeping_offsets(first).replace(" ", "").replace("\u3000", "")


def _part_rows(rows: Sequence[TableRow]) -> list[TableRow]:
    parts = [rows[0]]
    for row in rows[1:]:
        label = _label(row)
        if not label or _NOT_A_PART.search(label) or _QIZHONG.match(label):
            break
        parts.append(row)
    return parts


def _column(header_rows: Sequence[TableRow], total: TableRow, parts: Sequence[TableRow], column: int) -> Statement | None:
    header = next((h.cells[column] for h in reversed(header_rows) if column < len(h.cells) and h.cells[column].strip()), "")
    if NOT_MONEY.search(header):
        return None
    header_unit = _UNIT.search(header)
    figures = [_figure(row, column, header_unit.group(1) if header_unit else None) for row in (total, *parts)]
    if any(f is None for f in figures) or len(figures) < 2:
        return None
    whole, *listed = figures
    return Statement(
        kind="parts", location=passage_location(total.sentence, parts[-1].sentence, "（表格）", _QUOTED_CELLS), subject=_label(total) + (f"（{header.strip()}）" if header.strip() else ""),
        whole=whole, parts=listed,  # type: ignore[arg-type]
    )


def _figure(row: TableRow, column: int, header_unit: str | None) -> StatedFigure | None:
    if column >= len(row.cells):
        return None
    cell = row.cells[column].strip()
    match = _PLAIN.match(normalize_keeping_offsets(cell))
    if match is None:
        return None
    unit = match.group("unit") or header_unit
    value = parse_number(cell[: match.start("unit")] if match.group("unit") else cell)
    if unit is None or value is None or (header_unit and match.group("unit") and match.group("unit") != header_unit):
        return None
    decimals = match.group("decimals")
    start = row.starts[column]
    return StatedFigure(
        value=value, unit=unit, precision=Decimal(1).scaleb(-len(decimals)) if decimals else Decimal(1),
        text=cell, paragraph=row.sentence.paragraph, start=start, end=start + len(cell),
    )


def _rests_on(statement: Statement, total: TableRow, parts: Sequence[TableRow], consumed: Consumed) -> bool:
    """Whether a figure of it was read by the project rules (a project table's 合计 row)."""
    rows = {row.sentence.paragraph: row.sentence.text for row in (total, *parts)}
    return any(
        (figure.paragraph, rows[figure.paragraph], figure.start) in consumed
        for figure in (statement.whole, *statement.parts) if figure is not None
    )

"""The 项目资金 block of a national table: 年度资金总额 and its 其中 rows, and the 执行率 line.

The block is found by its column heads (年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 ·
得分, or Sichuan's 年初预算 · 调整后预算数 · 预算执行数 · 预算执行率 · 权重 · 得分 · 原因), its rows
by their labels left of the heads, down to the next block (年度总体目标, 绩效指标 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditor.model import FundingRow, TextCell
from auditor.parsing.numbers import decimals_written, parse_decimal_text
from auditor.parsing.text import normalize_text
from auditor.readers.cell_values import CellValues
from auditor.readers.national.labels import (
    BLOCK_STARTS,
    FUNDS_COLUMNS,
    FUNDS_TITLE,
    MONEY_FIELDS,
    TOTAL_ROWS,
    label_weight,
)
from auditor.readers.national.sheet import (
    FormSheet,
    literal_decimals,
    rounded,
    stored_number,
    written_text,
)
from auditor.sources.grid import Cell

#: No printed rate shows more digits than this after the point (a longer literal is noise).
MAX_RATE_DECIMALS = 10
#: Project fields read from the 年度资金总额 row, by the block's column.
_PROJECT_FIELDS = {"initial": "budget_initial", "budget": "budget", "executed": "executed"}


@dataclass(frozen=True)
class FundsHead:
    """The row of column heads: each field's column, and the head cells themselves."""

    row: int
    columns: dict[str, int]
    cells: dict[str, Cell]


def find_funds_head(form: FormSheet) -> FundsHead | None:
    """The first row holding at least two of the money heads (年初预算数, 全年预算数, 全年执行数 …)."""
    rows: dict[int, list[Cell]] = {}
    for cell in form.labels(FUNDS_COLUMNS):
        rows.setdefault(cell.row, []).append(cell)
    for row in sorted(rows):
        cells: dict[str, Cell] = {}
        for cell in rows[row]:
            cells.setdefault(FUNDS_COLUMNS[form.keys[(cell.row, cell.col)]], cell)
        if sum(f in cells for f in MONEY_FIELDS) >= 2:
            return FundsHead(row, {f: c.col for f, c in cells.items()}, cells)
    return None


@dataclass(frozen=True)
class PrintedRate:
    """A printed 执行率 in percent, the digits it shows after the point, and whether it was a bare fraction."""

    percent: Decimal
    decimals: int
    from_fraction: bool = False


def printed_rate(values: CellValues, cell: Cell | None, project: str) -> PrintedRate | None:
    """「50%」 → 50/0; a 0.00%-formatted 0.4988 → 49.88/2; 「49.88」 → 49.88/2; a bare 0.4988 → 49.88 (a fraction).

    The percent keeps the digits printed (「50.00%」 → 50.00), so that its value and its
    decimals always agree.
    """
    read = _rate_of(cell)
    if read is None:
        if not CellValues.is_empty(cell):
            values.percent(cell, project)  # records why it is no percentage (D003)
        return None
    percent, decimals, from_fraction = read
    decimals = min(decimals, MAX_RATE_DECIMALS)
    return PrintedRate(rounded(percent, decimals), decimals, from_fraction)


def _rate_of(cell: Cell | None) -> tuple[Decimal, int, bool] | None:
    if cell is None or CellValues.is_empty(cell):
        return None
    value = stored_number(cell)
    if value is not None:
        places = cell.format_decimals
        if cell.is_percent:
            percent = value * 100
            return percent, places if places is not None else decimals_written(percent), False
        return _bare(rounded(value, places) if places is not None else value, places if places is not None else decimals_written(value))
    if cell.kind == "text":
        text = "".join(normalize_text(cell.text).split())
        number_text = text.removesuffix("%")
        value = parse_decimal_text(number_text)
        if value is not None:
            decimals = literal_decimals(number_text.replace(",", ""))
            return (value, decimals, False) if text.endswith("%") else _bare(value, decimals)
    return None


def _bare(value: Decimal, decimals: int) -> tuple[Decimal, int, bool]:
    """A rate printed without %: above 1 it is the number of percent, up to 1 a fraction of one."""
    if 0 <= value <= 1:
        return value * 100, max(0, decimals - 2), value != 0
    return value, decimals, False


@dataclass
class FundsBlock:
    """What the block states: its rows, the project's fields from 年度资金总额 and their cells."""

    rows: list[FundingRow] = field(default_factory=list)
    project: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    texts: list[TextCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The layout has a cell for the reason of a low 执行率 (Sichuan's 原因).
    has_reason_cell: bool = False


def read_funds(form: FormSheet, head: FundsHead, values: CellValues, project: str, unit: str, sheet_unit: str) -> FundsBlock:
    """The block under ``head``: one FundingRow per labelled row, the project's fields from the total row."""
    block = FundsBlock(has_reason_cell="reason" in head.columns)
    first_head_col = min(head.columns.values())
    end = _block_end(form, head.row)
    for row in range(head.row + 1, end):
        label = _row_label(form, row, first_head_col)
        if label is None:
            if any(form.cell(row, col) is not None and not CellValues.is_empty(form.cell(row, col)) for col in head.columns.values()):
                block.notes.append(f"{form.ref(row, first_head_col)} 所在行有金额但没有行名，已跳过")
            continue
        is_total = form.key(label) in TOTAL_ROWS
        funding = FundingRow(
            project=project,
            label=" ".join(label.text.split()),
            is_total=is_total,
            sources={"label": form.ref(row, label.col)} | {f: form.ref(row, head.columns[f]) for f in MONEY_FIELDS if f in head.columns},
            **{f: values.amount(form.cell(row, head.columns[f]), unit, sheet_unit, project) for f in MONEY_FIELDS if f in head.columns},
        )
        block.rows.append(funding)
        if is_total and not block.project:
            _total_row(form, head, values, project, funding, row, block)
    if not any(r.is_total for r in block.rows):
        block.notes.append(f"工作表“{form.name}”的项目资金栏中没有年度资金总额（总额）行")
    return block


def _total_row(form: FormSheet, head: FundsHead, values: CellValues, project: str, total: FundingRow, row: int, block: FundsBlock) -> None:
    """The project's budget, execution and 执行率 line, from the 年度资金总额 row."""
    for column, name in _PROJECT_FIELDS.items():
        if column in head.columns:
            block.project[name] = getattr(total, column)
            block.sources[name] = total.sources[column]
    if "budget" not in head.columns and "initial" in head.columns:
        # 2016–2019 forms have no 全年预算数: their 执行率 is B/A with A the 年初预算数.
        block.project["budget"] = total.initial
        block.sources["budget"] = total.sources["initial"]
        block.notes.append(f"工作表“{form.name}”没有全年预算数列，预算数取年初预算数（{total.sources['initial']}）")

    def cell_of(column: str) -> tuple[Cell | None, str | None]:
        col = head.columns.get(column)
        return (None, None) if col is None else (form.cell(row, col), form.ref(row, col))

    def put(name: str, value: object, ref: str | None) -> None:
        """A project field and its cell (named even when empty: a finding may point at it)."""
        if ref is not None:
            block.sources[name] = ref
        if value is not None:
            block.project[name] = value

    rate_cell, rate_ref = cell_of("rate")
    rate = printed_rate(values, rate_cell, project)
    put("execution_rate", None if rate is None else rate.percent, rate_ref)
    put("execution_rate_decimals", None if rate is None else rate.decimals, None)
    if rate is not None and rate.from_fraction and rate_cell is not None:
        block.notes.append(f"{rate_ref} 的执行率 {rate_cell.text} 没有百分号，按比例读作 {rate.percent}%")
    weight_cell, weight_ref = cell_of("weight")
    weight = values.number(weight_cell, project)
    if weight is None and CellValues.is_empty(weight_cell):
        weight, label_ref = _weight_in_labels(form, head)
        weight_ref = label_ref or weight_ref
    put("execution_weight", weight, weight_ref)
    points_cell, points_ref = cell_of("points")
    put("execution_points", values.number(points_cell, project), points_ref)
    reason_cell, reason_ref = cell_of("reason")
    reason = written_text(reason_cell)
    put("execution_reason", reason, reason_ref)
    if reason is not None and reason_ref is not None:
        block.texts.append(TextCell(project=project, label="执行率偏差原因", text=reason, sources={"text": reason_ref}))


def _weight_in_labels(form: FormSheet, head: FundsHead) -> tuple[Decimal | None, str | None]:
    """「分值(10分)」 or 「预算执行情况（10分）」: the weight a label states when no cell does."""
    candidates = [head.cells["weight"]] if "weight" in head.cells else []
    candidates += list(form.labels(FUNDS_TITLE, range(max(1, head.row - 3), head.row + 1)))
    for cell in candidates:
        weight = label_weight(cell.text)
        if weight is not None:
            return weight, form.ref(cell.row, cell.col)
    return None, None


def _block_end(form: FormSheet, head_row: int) -> int:
    """The first row after the heads that starts another block (年度总体目标, 绩效指标 …)."""
    following = range(head_row + 1, form.sheet.max_row + 1)
    start = form.find(BLOCK_STARTS, following)
    return start.row if start is not None else form.sheet.max_row + 1


def _row_label(form: FormSheet, row: int, first_head_col: int) -> Cell | None:
    """The row's label: its rightmost text left of the heads that is not the block's title."""
    label = None
    for cell in form.row_cells(row):
        if cell.col >= first_head_col:
            break
        if cell.kind == "text" and cell.text.strip() and form.key(cell) not in FUNDS_TITLE and form.key(cell):
            label = cell
    return label

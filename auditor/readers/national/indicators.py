"""The 绩效指标 block of a national table: one Indicator per 三级 row, and the 总分 (合计) after it.

一级 and 二级 cells are merged down over their rows in a filled form and unmerged in
many exports: a merged cell's text is carried to every row it spans; in a column with no
merges an empty cell takes the value above it (a new 一级 starts its 二级 afresh).
Sichuan's 指标性质 · 指标值 · 度量单位 become one target text (「≥」「50」「个」 → 「≥50个」).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from auditor.model import Indicator, TextCell
from auditor.parsing.indicator_kinds import indicator_kind
from auditor.readers.cell_values import CellValues
from auditor.readers.national.labels import (
    CONCLUSIONS,
    INDICATOR_COLUMNS,
    NATURE_COMPARATORS,
    SCORE_ROWS,
    folded,
)
from auditor.readers.national.sheet import FormSheet, shown_text, text_of, written_text
from auditor.sources.grid import Cell

#: Cells of an indicator row kept as free text (TextCell label by column).
_TEXT_COLUMNS = {"name": "三级指标", "target": "年度指标值", "actual": "实际完成值", "reason": "偏差原因"}
#: Columns whose value makes a row an indicator even without a 三级 name.
_VALUE_COLUMNS = ("name", "target", "actual", "weight", "points", "reason")


@dataclass(frozen=True)
class IndicatorHead:
    row: int
    columns: dict[str, int]


def find_indicator_head(form: FormSheet) -> IndicatorHead | None:
    """The first row holding a 三级指标 head and a 一级 or 二级 head."""
    rows: dict[int, dict[str, int]] = {}
    for cell in form.labels(INDICATOR_COLUMNS):
        rows.setdefault(cell.row, {}).setdefault(INDICATOR_COLUMNS[form.keys[(cell.row, cell.col)]], cell.col)
    for row in sorted(rows):
        columns = rows[row]
        if "name" in columns and ("level1" in columns or "level2" in columns):
            return IndicatorHead(row, columns)
    return None


@dataclass
class IndicatorBlock:
    indicators: list[Indicator] = field(default_factory=list)
    texts: list[TextCell] = field(default_factory=list)


@dataclass
class _Level:
    """One level column's value as rows go down: the text, where it is written, and whether the column merges."""

    col: int | None
    merges: bool
    value: str | None = None
    ref: str | None = None


def read_indicators(form: FormSheet, head: IndicatorHead, values: CellValues, project: str) -> IndicatorBlock:
    """The rows under ``head`` down to 总分/合计 (or 评价结论 …): one Indicator per row with a 三级 or a value."""
    block = IndicatorBlock()
    end = form.find(SCORE_ROWS | set(CONCLUSIONS), range(head.row + 1, form.sheet.max_row + 1))
    rows = range(head.row + 1, end.row if end is not None else form.sheet.max_row + 1)
    levels = {level: _level_column(form, head.columns.get(level), rows) for level in ("level1", "level2")}
    for row in rows:
        cells = {name: form.cell(row, col) for name, col in head.columns.items()}
        new_level1 = _advance(form, values, levels["level1"], row)
        if new_level1 and not levels["level2"].merges:
            levels["level2"].value = levels["level2"].ref = None
        _advance(form, values, levels["level2"], row)
        if all(CellValues.is_empty(cells.get(name)) for name in _VALUE_COLUMNS):
            continue  # a blank row, or a 二级 with no 三级 under it
        if _unused_template_row(cells):
            continue  # the blank form's spare 「指标2」「……」 row, left as printed: no indicator
        block.indicators.append(_indicator(form, values, head, row, cells, levels, project))
        for name, label in _TEXT_COLUMNS.items():
            text = written_text(cells.get(name))
            if text is not None:
                block.texts.append(TextCell(project=project, label=label, text=text, sources={"text": form.ref(row, head.columns[name])}))
    return block


#: The name a blank form gives its spare indicator rows: 「指标2」「指标3：」「……」「…」.
_TEMPLATE_NAME = re.compile(r"^(?:指标\s*\d+\s*[:：]?|[.…。·]{2,}|…)$")


def _unused_template_row(cells: dict[str, Cell | None]) -> bool:
    """A row holding only a template name (「指标2」) and nothing else: the form's spare row, not an indicator.

    Real 自评表 are printed from a blank form with two or three such rows per 二级; a department
    fills the ones it needs. Reading the rest as indicators would report each as one with no
    target and no actual (I002) — a finding about the form, not about the department.
    """
    name = cells.get("name")
    if name is None or name.kind != "text" or not _TEMPLATE_NAME.match("".join(name.text.split())):
        return False
    return all(CellValues.is_empty(cells.get(field)) for field in _VALUE_COLUMNS if field != "name")


def _level_column(form: FormSheet, col: int | None, rows: range) -> _Level:
    """A level column, in merge mode when the layout merges it within the block, else carried down."""
    return _Level(col, col is not None and form.merged_in(col, rows))


def _advance(form: FormSheet, values: CellValues, level: _Level, row: int) -> bool:
    """Move a level column to ``row``; True when the row writes a new value in its own cell."""
    if level.col is None:
        return False
    cell = form.cell(row, level.col)
    if not CellValues.is_empty(cell):
        level.value, level.ref = text_of(values, cell), form.ref(row, level.col)
        return True
    if level.merges:
        anchor = form.anchor_of(row, level.col)
        if anchor is None or CellValues.is_empty(anchor):
            level.value = level.ref = None
        elif (ref := form.ref(anchor.row, anchor.col)) != level.ref:
            level.value, level.ref = text_of(values, anchor), ref
    return False


def _indicator(
    form: FormSheet, values: CellValues, head: IndicatorHead, row: int,
    cells: dict[str, Cell | None], levels: dict[str, _Level], project: str,
) -> Indicator:
    sources = {name: form.ref(row, col) for name, col in head.columns.items() if name in _VALUE_COLUMNS}
    if "reason" in sources:
        sources["deviation_reason"] = sources.pop("reason")
    for name, level in levels.items():
        if level.ref is not None:
            sources[name] = level.ref
    return Indicator(
        project=project,
        level1=_kind(levels["level1"].value),
        level2=_kind(levels["level2"].value),
        name=text_of(values, cells.get("name")),
        target=_target(values, cells),
        actual=shown_text(values, cells.get("actual")),
        weight=values.number(cells.get("weight"), project),
        points=values.number(cells.get("points"), project),
        deviation_reason=text_of(values, cells.get("reason")),
        sources=sources,
    )


def _kind(text: str | None) -> str | None:
    """「产出指标(50分)」 → 产出指标; 2021+ cost kinds → 成本指标 (as in the submission workbook)."""
    if text is None:
        return None
    return indicator_kind(text) or None


def _target(values: CellValues, cells: dict[str, Cell | None]) -> str | None:
    """年度指标值, with Sichuan's 指标性质 before it and 度量单位 after it (「≥」「50」「个」 → 「≥50个」)."""
    value = shown_text(values, cells.get("target"))
    if value is None:
        return None
    nature = text_of(values, cells.get("nature"))
    comparator = NATURE_COMPARATORS.get(folded(nature), "") if nature is not None else ""
    unit = text_of(values, cells.get("unit"))
    if unit is not None and not value.endswith(unit):
        value += unit
    if comparator and not value.startswith(comparator):
        value = comparator + value
    return value

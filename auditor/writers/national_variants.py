"""The four layouts of the national 项目支出绩效自评表, drawn on a sheet from a ``NationalTable``.

Each layout is the real form's arrangement (docs/NATIONAL_FORM.md): the 2020 form of
财预〔2020〕10号 in ten columns A–J, the central departments' form with its A/B heads,
Beijing's 2016 form (分值 before the values, 得分计算方法 columns) and Sichuan's 2023
form 510000_0013zp in eleven columns. The blocks they share — 项目资金, 年度总体目标,
绩效指标, 总分 — are drawn by one function each, told where each column goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import groupby

from openpyxl.worksheet.worksheet import Worksheet

from auditor.writers.form_sheet import CellContent, CellStyle, FormSheet, places_format
from auditor.writers.national_table import (
    FundingLine,
    IndicatorLine,
    NationalTable,
    NationalVariant,
    check_fits,
)

TITLE = "项目支出绩效自评表"
SICHUAN_TITLE = "部门预算项目支出绩效自评表"
SICHUAN_FORM_NUMBER = "报表编号：510000_0013zp"
_WIDTHS: dict[NationalVariant, tuple[float, ...]] = {
    "2020": (15, 12, 15, 24, 12, 12, 8, 8, 12, 12),
    "central-ab": (15, 12, 15, 24, 13, 13, 8, 9, 12, 12),
    "beijing-2016": (15, 13, 15, 20, 13, 12, 12, 22, 8, 12),
    "sichuan-2023": (11, 12, 15, 20, 10, 10, 8, 10, 8, 8, 16),
}


@dataclass(frozen=True)
class Slot:
    """A column of a block: its head, what goes in it (a field name) and the columns it spans."""

    head: str | None
    key: str
    first: int
    last: int | None = None


def draw_table(ws: Worksheet, table: NationalTable, variant: NationalVariant) -> None:
    """Draw ``table`` on ``ws`` in the ``variant`` layout (``ValueError`` if it states what the layout cannot hold)."""
    check_fits(table, variant)
    form = FormSheet(ws, _WIDTHS[variant])
    _DRAWERS[variant](form, table)
    form.finish()


# --- the layouts ---------------------------------------------------------------------------


def _draw_2020(form: FormSheet, table: NationalTable) -> None:
    _draw_standard(form, table, budget="全年预算数", executed="全年执行数", rate="执行率", target="年度指标值", actual="实际完成值")


def _draw_central_ab(form: FormSheet, table: NationalTable) -> None:
    _draw_standard(
        form, table, budget="全年预算数（A）", executed="全年执行数（B）", rate="执行率（B/A）", target="年度指标值（A）", actual="实际完成值（B）"
    )


def _draw_standard(form: FormSheet, table: NationalTable, *, budget: str, executed: str, rate: str, target: str, actual: str) -> None:
    """The 2020 form and the central departments' one: the same ten columns, different heads."""
    form.put(1, 1, TITLE, "title", to_column=10)
    form.put(2, 1, _year_line(table.year), "subtitle", to_column=10)
    form.put(3, 1, "项目名称", "label")
    form.put(3, 2, table.project, to_column=10)
    form.put(4, 1, "主管部门", "label")
    form.put(4, 2, table.department, to_column=5)
    form.put(4, 6, "实施单位", "label")
    form.put(4, 7, table.implementer, to_column=10)
    funding = (
        Slot(None, "label", 2, 3),
        Slot("年初预算数", "initial", 4),
        Slot(budget, "budget", 5),
        Slot(executed, "executed", 6),
        Slot("分值", "weight", 7),
        Slot(rate, "rate", 8),
        Slot("得分", "points", 9, 10),
    )
    row = _funding_block(form, 5, f"项目资金（{table.unit}）", funding, table, "—")
    row = _goal_block(form, row, "年度总体目标", ("预期目标", table.goal_expected), ("实际完成情况", table.goal_actual), split=6)
    indicators = (
        Slot("一级指标", "level1", 2),
        Slot("二级指标", "level2", 3),
        Slot("三级指标", "name", 4),
        Slot(target, "target", 5),
        Slot(actual, "actual", 6),
        Slot("分值", "weight", 7),
        Slot("得分", "points", 8),
        Slot("偏差原因分析及改进措施", "reason", 9, 10),
    )
    row = _indicator_block(form, row, "绩效指标", indicators, table.indicators)
    _total_row(form, row, "总分", table, weight_column=7, points_column=8)
    form.box(3, row)


def _draw_beijing_2016(form: FormSheet, table: NationalTable) -> None:
    """Beijing's 2016 form: 主管部门及代码, one budget column (A), 得分计算方法, 分值 before the values."""
    form.put(1, 1, f"{TITLE}{_year_line(table.year)}", "title", to_column=10)
    form.put(2, 1, "项目名称", "label")
    form.put(2, 2, table.project, to_column=10)
    form.put(3, 1, "主管部门及代码", "label")
    form.put(3, 2, table.department, to_column=5)
    form.put(3, 6, "实施单位", "label")
    form.put(3, 7, table.implementer, to_column=10)
    funding = (
        Slot(None, "label", 2, 3),
        Slot("年初预算数(A)", "initial", 4),
        Slot("全年执行数(B)", "executed", 5),
        Slot("分值(10分)", "weight", 6),
        Slot("执行率(B/A)", "rate", 7),
        Slot("得分", "points", 8),
        Slot("得分计算方法", "method", 9, 10),
    )
    row = _funding_block(form, 4, f"项目资金（{table.unit}）", funding, table, None)
    row = _goal_block(form, row, "年度总体目标", ("预期目标", table.goal_expected), ("实际完成情况", table.goal_actual), split=6)
    indicators = (
        Slot("一级指标", "level1", 2),
        Slot("二级指标", "level2", 3),
        Slot("三级指标", "name", 4),
        Slot("分值", "weight", 5),
        Slot("年度指标值(A)", "target", 6),
        Slot("全年实际值(B)", "actual", 7),
        Slot("得分计算方法", "method", 8),
        Slot("得分", "points", 9),
        Slot("未完成原因分析", "reason", 10),
    )
    row = _indicator_block(form, row, "绩效指标", indicators, table.indicators)
    _total_row(form, row, "总分", table, weight_column=5, points_column=9)
    form.box(2, row)


def _draw_sichuan_2023(form: FormSheet, table: NationalTable) -> None:
    """Sichuan's 2023 form 510000_0013zp: 预算执行情况(10分) with a rate per row, 绩效指标(90分) with 指标性质/度量单位."""
    form.put(1, 8, SICHUAN_FORM_NUMBER, "note", to_column=11)
    form.put(2, 1, f"{SICHUAN_TITLE}{_year_line(table.year)}", "title", to_column=11)
    form.put(3, 1, "项目名称", "label", to_column=2)
    form.put(3, 3, table.project, to_column=11)
    form.put(4, 1, "主管部门", "label", to_column=2)
    form.put(4, 3, table.department, to_column=6)
    form.put(4, 7, "实施单位（盖章）", "label", to_column=8)
    form.put(4, 9, table.implementer, to_column=11)
    form.put(5, 1, "项目基本情况", "label", to_row=9)
    form.put(5, 2, "1.项目年度目标完成情况", "head", to_column=11)
    _goal_block(form, 6, None, ("项目年度目标", table.goal_expected), ("年度目标完成情况", table.goal_actual), split=7)
    form.put(8, 2, "2.项目实施内容及过程概述", "head", to_column=11)
    form.put(9, 2, table.implementation, to_column=11)
    funding = (
        Slot(f"年度预算数({table.unit})", "label", 2),
        Slot("年初预算", "initial", 3),
        Slot("调整后预算数", "budget", 4),
        Slot("预算执行数", "executed", 5),
        Slot("预算执行率", "rate", 6),
        Slot("权重", "weight", 7),
        Slot("得分", "points", 8),
        Slot("原因", "reason", 9, 11),
    )
    row = _funding_block(form, 10, "预算执行情况(10分)", funding, table, "/")
    indicators = (
        Slot("一级指标", "level1", 2),
        Slot("二级指标", "level2", 3),
        Slot("三级指标", "name", 4),
        Slot("指标性质", "nature", 5),
        Slot("指标值", "value", 6),
        Slot("度量单位", "unit", 7),
        Slot("完成值", "actual", 8),
        Slot("权重", "weight", 9),
        Slot("得分", "points", 10),
        Slot("未完成原因分析", "reason", 11),
    )
    row = _indicator_block(form, row, "绩效指标(90分)", indicators, table.indicators)
    _total_row(form, row, "合计", table, weight_column=9, points_column=10)
    for label, text in (("评价结论", table.conclusion), ("存在问题", table.problems), ("改进措施", table.improvements)):
        row += 1
        form.put(row, 1, label, "label", to_column=2)
        form.put(row, 3, text, to_column=11)
    form.box(3, row)
    form.put(row + 1, 1, "项目负责人：", "note", to_column=5)
    form.put(row + 1, 7, "财务负责人：", "note", to_column=11)


_DRAWERS: dict[NationalVariant, Callable[[FormSheet, NationalTable], None]] = {
    "2020": _draw_2020,
    "central-ab": _draw_central_ab,
    "beijing-2016": _draw_beijing_2016,
    "sichuan-2023": _draw_sichuan_2023,
}


# --- the blocks ----------------------------------------------------------------------------


def _funding_block(form: FormSheet, top: int, label: str, slots: Sequence[Slot], table: NationalTable, mark: str | None) -> int:
    """Heads on ``top``, then one row per funding line; the label and the reason/method cells are merged down."""
    last = top + len(table.funding)
    form.put(top, 1, label, "label", to_row=last)
    _heads(form, top, slots)
    marks = mark if table.not_applicable_marks else None
    for index, line in enumerate(table.funding):
        row = top + 1 + index
        for slot in slots:
            if slot.key in ("reason", "method"):
                if index == 0:
                    form.put(row, slot.first, getattr(table, f"execution_{slot.key}"), to_column=slot.last, to_row=last)
                continue
            value, number_format = _funding_value(slot.key, index, line, table, marks)
            form.put(row, slot.first, value, _style(slot.key, value), to_column=slot.last, number_format=number_format)
    return last + 1


def _funding_value(key: str, index: int, line: FundingLine, table: NationalTable, mark: str | None) -> tuple[CellContent, str | None]:
    if key in ("label", "initial", "budget", "executed"):
        return getattr(line, key), None
    if key == "rate":
        return _rate_content(table.execution_rate if index == 0 else line.rate, table.rates_as_text)
    if index > 0:
        return mark, None
    return (table.execution_weight if key == "weight" else table.execution_points), None


def _goal_block(form: FormSheet, top: int, label: str | None, expected: tuple[str, str | None], actual: tuple[str, str | None], split: int) -> int:
    """Two heads on ``top`` and their texts below, the first from column B to ``split`` − 1, the second to the end."""
    if label is not None:
        form.put(top, 1, label, "label", to_row=top + 1)
    for (head, text), (first, last) in zip((expected, actual), ((2, split - 1), (split, form.last_column))):
        form.put(top, first, head, "head", to_column=last)
        form.put(top + 1, first, text, to_column=last)
    return top + 2


def _indicator_block(form: FormSheet, top: int, label: str, slots: Sequence[Slot], indicators: Sequence[IndicatorLine]) -> int:
    """Heads on ``top``, then one row per indicator; 一级 and, within it, 二级 cells merged down over their runs."""
    last = top + len(indicators)
    form.put(top, 1, label, "label", to_row=last)
    _heads(form, top, slots)
    first_row = top + 1
    by_key = {slot.key: slot for slot in slots}
    for level1, run in _runs(indicators, first_row, lambda line: line.level1):
        form.put(run[0], by_key["level1"].first, level1, "label", to_row=run[-1])
        for level2, sub_run in _runs([indicators[row - first_row] for row in run], run[0], lambda line: line.level2):
            form.put(sub_run[0], by_key["level2"].first, level2, "label", to_row=sub_run[-1])
    for row, line in enumerate(indicators, start=first_row):
        for slot in slots:
            if slot.key not in ("level1", "level2"):
                value = getattr(line, slot.key)
                form.put(row, slot.first, value, _style(slot.key, value), to_column=slot.last)
    return last + 1


def _total_row(form: FormSheet, row: int, label: str, table: NationalTable, weight_column: int, points_column: int) -> None:
    """总分 (合计) across to the 分值 column, 100 under 分值, the total under 得分, the rest left blank."""
    form.put(row, 1, label, "head", to_column=weight_column - 1)
    form.put(row, weight_column, table.total_weight, "number")
    if points_column > weight_column + 1:
        form.put(row, weight_column + 1, None, to_column=points_column - 1)
    form.put(row, points_column, table.total_score, "number")
    if points_column < form.last_column:
        form.put(row, points_column + 1, None, to_column=form.last_column)


def _heads(form: FormSheet, row: int, slots: Sequence[Slot]) -> None:
    for slot in slots:
        form.put(row, slot.first, slot.head, "head", to_column=slot.last)


def _runs(lines: Sequence[IndicatorLine], first_row: int, key: Callable[[IndicatorLine], str]) -> list[tuple[str, list[int]]]:
    """Consecutive rows with the same key: (key, their row numbers)."""
    numbered = list(enumerate(lines, start=first_row))
    return [(value, [row for row, _ in group]) for value, group in groupby(numbered, key=lambda item: key(item[1]))]


def _style(key: str, value: CellContent) -> CellStyle:
    if isinstance(value, Decimal):
        return "number"
    return "text" if key in ("name", "reason") else "label"


def _rate_content(printed: str | None, as_text: bool) -> tuple[CellContent, str | None]:
    """A printed rate as the cell that shows it: 「50%」 → 0.5 in 「0%」, 「100.00%」 → 1 in 「0.00%」, 「49.88」 → 49.88."""
    if printed is None or as_text:
        return printed, None
    percent = printed.endswith("%")
    try:
        number = Decimal(printed.removesuffix("%"))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return printed, None  # 「—」 and other words stay words
    if not percent:
        return number, places_format(number)
    shown = places_format(number)
    return number.scaleb(-2), (shown + "%" if shown else "0%")


def _year_line(year: int | None) -> str:
    return f"（{year}年度）" if year is not None else "（    年度）"

"""Facts of the national table's 项目资金 block (F006, F007, F008, S003).

The national 项目支出绩效自评表 prints more than the submission workbook: 其中 rows under
年度资金总额, a 执行率, and that rate's 得分. Each is compared exactly: money in integer
fen, rates and scores as fractions rounded only at the last step, in the direction that
keeps "more than the tolerance" exact (a ceiling compared with an integer).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from auditor.facts.base import (
    SCORE_SCALE,
    FactKind,
    FactRow,
    Params,
    SubmissionView,
    ceil_fraction,
    cells_of,
    cited,
    clamped,
    fraction_text,
    printed_score_tolerance,
    score_units,
    tolerance_fen,
)
from auditor.facts.texts import unanswered
from auditor.model import FundingRow, Project
from auditor.parsing.numbers import decimals_written, format_decimal

#: The three money columns of the block: (FundingRow field, Chinese, English).
FUNDING_COLUMNS = (
    ("initial", "年初预算数", "initial budget"),
    ("budget", "全年预算数", "full-year budget"),
    ("executed", "全年执行数", "full-year execution"),
)


def _rate(view: SubmissionView, project: Project) -> Fraction | None:
    """全年执行数 / 全年预算数, or None when the budget is not above 0 or either is unknown."""
    if project.budget is None or project.executed is None or project.budget <= 0:
        return None
    budget = view.fen(project.budget)
    if budget <= 0:  # a budget under half a fen is no budget
        return None
    return Fraction(view.fen(project.executed), budget)


def _funding(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    precision = Decimal(str(params["precision"]))
    rows_by_project: dict[str, list[FundingRow]] = {}
    for row in view.submission.funding:
        rows_by_project.setdefault(row.project, []).append(row)
    for project, rows in rows_by_project.items():
        total = next((r for r in rows if r.is_total), None)
        parts = [r for r in rows if not r.is_total]
        if total is None or not parts:
            continue
        bad: list[tuple[str, str, int, int, int]] = []  # (zh, en, rows sum, stated, difference)
        cells: list[str] = []
        for field_name, zh, en in FUNDING_COLUMNS:
            amounts = [getattr(r, field_name) for r in parts if getattr(r, field_name) is not None]
            if not amounts:
                continue
            rows_sum = sum(view.fen(a) for a in amounts)
            stated_value = getattr(total, field_name)
            stated = view.fen(stated_value) if stated_value is not None else 0  # an empty total states nothing: 0
            difference = rows_sum - stated
            # RULES.md: a total left at 0 or empty while its 其中 rows hold money fires too — no
            # rounding makes money out of nothing.
            empty_total = stated == 0 and rows_sum != 0
            if empty_total or abs(difference) > tolerance_fen(len(amounts), precision, view.fen_per_unit):
                bad.append((zh, en, rows_sum, stated, difference))
                cells += [loc for loc in (total.source(field_name),) if loc] + cells_of(parts, field_name)
        first = bad[0] if bad else None
        yield FactRow(
            project=project,
            values={
                "columns_off": len(bad),
                "rows_total": first[2] if first else 0,
                "stated_total": first[3] if first else 0,
                "difference": first[4] if first else 0,
            },
            cells=cited(rows=cells),
            labels={
                "column": (first[0], first[1]) if first else ("", ""),
                "details": (
                    "；".join(f"{zh}：其中各行合计 {view.show(s, 'zh')}，年度资金总额 {view.show(t, 'zh')}" for zh, _, s, t, _ in bad),
                    "; ".join(f"{en}: the rows add up to {view.show(s, 'en')}, the total row says {view.show(t, 'en')}" for _, en, s, t, _ in bad),
                ),
            },
        )


def _execution_rate(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for project in view.submission.projects:
        rate = _rate(view, project)
        printed = project.execution_rate
        if rate is None or printed is None:
            continue
        places = project.execution_rate_decimals if project.execution_rate_decimals is not None else decimals_written(printed)
        computed = 100 * rate
        # h = (computed − printed) in halves of the printed rate's last digit. The printed figure
        # may be rounded or truncated, so it holds for −1 ≤ h < 2 (X − ½u ≤ a < X + u).
        half_digits = (computed - Fraction(printed)) * 2 * 10**places
        shown = format_decimal(printed, places)
        yield FactRow(
            project=project.name,
            values={
                # ceil(−h) > 1 ⇔ −h > 1 and floor(h) ≥ 2 ⇔ h ≥ 2, exactly, for a fraction h.
                "half_digits_under": clamped(ceil_fraction(-half_digits)),
                "half_digits_over": clamped(half_digits.numerator // half_digits.denominator),
                "printed_places": places,
            },
            cells=cited(rate=project.source("execution_rate"), budget=project.source("budget"), executed=project.source("executed")),
            labels={
                "printed_rate": (shown, shown),
                "computed_rate": (fraction_text(computed, places + 2), fraction_text(computed, places + 2)),
            },
        )


def _has_execution_block(project: Project, funded: set[str]) -> bool:
    """Whether the project comes from a layout that prints a 执行率 block (the national table).

    Every layout of the national table has 执行率 cells in its 项目资金 block, so a project with rows
    there has them even where 分值, 执行率 and 得分 were all left blank; its 执行率 is then the computed one.
    """
    stated = (project.execution_rate, project.execution_points, project.execution_weight)
    return any(value is not None for value in stated) or project.name in funded


def _low_execution(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    threshold = Decimal(str(params["threshold_percent"]))
    funded = {row.project for row in view.submission.funding}
    for project in view.submission.projects:
        if not _has_execution_block(project, funded) or (project.budget is not None and project.budget <= 0):
            continue  # a budget of 0 has no rate: F006 reports the empty total row that usually causes it
        rate = _rate(view, project)
        percent = 100 * rate if rate is not None else (Fraction(project.execution_rate) if project.execution_rate is not None else None)
        if percent is None:
            continue
        reason_cell = view.has_for(project.name, "execution_reason")

        yield FactRow(
            project=project.name,
            values={
                # floor(100·rate) < 100·threshold ⇔ rate < threshold, exactly.
                "rate_hundredths": clamped(int(percent * 100 // 1)),
                "threshold_hundredths": int(threshold * 100),
                "reason_empty": int(unanswered(project.execution_reason)),
                "reason_cell": int(reason_cell),
            },
            cells=cited(budget=project.source("budget"), executed=project.source("executed"), rate=project.source("execution_rate"), reason=project.source("execution_reason")),
            labels={
                "rate": (fraction_text(percent, 2), fraction_text(percent, 2)),
                "threshold": (format_decimal(threshold, 0), format_decimal(threshold, 0)),
            },
        )


def _execution_score(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    default_weight = Decimal(str(params["execution_points"]))
    for project in view.submission.projects:
        rate = _rate(view, project)
        if rate is None or project.execution_points is None:
            continue
        weight = project.execution_weight if project.execution_weight is not None else default_weight
        expected = min(rate, Fraction(1)) * Fraction(weight)
        gap = abs(Fraction(project.execution_points) - expected) * SCORE_SCALE
        yield FactRow(
            project=project.name,
            values={
                "abs_gap": clamped(ceil_fraction(gap)),
                "tolerance": printed_score_tolerance(project.execution_points, params["tolerance"]),
                "points": score_units(project.execution_points),
            },
            cells=cited(points=project.source("execution_points"), budget=project.source("budget"), executed=project.source("executed")),
            labels={
                "expected_points": (fraction_text(expected, 2), fraction_text(expected, 2)),
                "weight": (format_decimal(weight, 0), format_decimal(weight, 0)),
                "rate": (fraction_text(100 * rate, 2), fraction_text(100 * rate, 2)),
            },
        )


EXECUTION_KINDS = (
    FactKind(
        name="funding_rows",
        doc="One per project whose table has a 年度资金总额 row and 其中 rows: columns_off is how many of "
        "年初预算数/全年预算数/全年执行数 have 其中 rows (n of them with a value) whose sum differs from the total "
        "row by more than (n + 1) × precision / 2 (an empty total counts as 0); the first such column's sum, "
        "stated total and difference in fen.",
        attributes={"columns_off": "integer", "rows_total": "money", "stated_total": "money", "difference": "money"},
        labels=("column", "details"),
        cell_roles=("rows",),
        params={"precision": "0.01"},
        derive=_funding,
    ),
    FactKind(
        name="execution_rate",
        doc="One per project with a printed 执行率, a 全年预算数 above 0 and a 全年执行数: with h = (100·执行数/预算数 − "
        "printed) in halves of the printed rate's last digit, half_digits_under = ceil(−h) and half_digits_over = "
        "floor(h). A printed rate rounded or truncated to its digits has −1 ≤ h < 2.",
        attributes={"half_digits_under": "integer", "half_digits_over": "integer", "printed_places": "integer"},
        labels=("printed_rate", "computed_rate"),
        cell_roles=("rate", "budget", "executed"),
        derive=_execution_rate,
    ),
    FactKind(
        name="low_execution",
        doc="One per project from a layout with a 执行率 block (a project with 项目资金 rows, or stating its 执行率, "
        "分值 or 得分): its rate (执行数/预算数, else the printed one) "
        "in hundredths of a percent (rounded down), the threshold (a parameter), whether the layout has a "
        "reason cell for a low rate and whether it is empty (no cell counts as empty).",
        attributes={"rate_hundredths": "integer", "threshold_hundredths": "integer", "reason_empty": "integer", "reason_cell": "integer"},
        labels=("rate", "threshold"),
        cell_roles=("budget", "executed", "rate", "reason"),
        params={"threshold_percent": 90},
        derive=_low_execution,
    ),
    FactKind(
        name="execution_score",
        doc="One per project with a printed 预算执行率得分, a 全年预算数 above 0 and a 全年执行数: |得分 − "
        "min(执行数/预算数, 1) × 分值| in ten-thousandths of a point, rounded up (分值 from the table, else "
        "the execution_points parameter), and the tolerance.",
        attributes={"abs_gap": "score", "tolerance": "score", "points": "score"},
        labels=("expected_points", "weight", "rate"),
        cell_roles=("points", "budget", "executed"),
        params={"execution_points": 10, "tolerance": "0.1"},
        derive=_execution_score,
    ),
)

"""Indicator facts (I rules): each indicator's values and points, and each project's coverage and weights."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import partial

from auditor.facts.base import (
    SCORE_SCALE,
    FactKind,
    FactRow,
    Params,
    SubmissionView,
    cells_of,
    cited,
    on_one_scale,
    score_units,
)
from auditor.facts.texts import unanswered
from auditor.model import Indicator
from auditor.parsing.targets import (
    comparable,
    parse_measured_value,
    states_number,
    states_period,
)
from auditor.parsing.text import is_blank

INDICATOR_CELLS = ("name", "target", "actual", "weight", "points", "deviation_reason")
#: Target comparators as the words rules compare (≥ is ``ge`` …; a number alone is ``bare``).
COMPARATOR_WORDS = {"≥": "ge", ">": "gt", "=": "eq", "≤": "le", "<": "lt", "": "bare"}
_FAMILIES = (("成本", "cost"), ("数量", "quantity"), ("质量", "quality"), ("时效", "timeliness"), ("进度", "timeliness"))


def indicator_family(indicator: Indicator) -> str:
    """quantity, quality, timeliness or cost from the 二级 kind (any 成本 kind at either level is cost); else other."""
    level1, level2 = indicator.level1 or "", indicator.level2 or ""
    if "成本" in level1 or "成本" in level2:
        return "cost"
    return next((family for word, family in _FAMILIES if word in level2), "other")


def _indicator_row(indicator: Indicator) -> FactRow:
    target, actual = parse_measured_value(indicator.target), parse_measured_value(indicator.actual)
    scaled = on_one_scale(target.number, actual.number) if target and actual and comparable(target, actual) else None
    weight, points = indicator.weight, indicator.points
    return FactRow(
        project=indicator.project,
        values={
            "name": indicator.name or "",
            "family": indicator_family(indicator),
            "comparator": COMPARATOR_WORDS.get(target.comparator, "bare") if target else "none",
            "target_has_number": int(states_number(indicator.target)),
            "target_measured": int(target is not None),
            "target_has_period": int(states_period(indicator.target)),
            "actual_has_number": int(states_number(indicator.actual)),
            "level1": indicator.level1 or "",
            "level2": indicator.level2 or "",
            "target_empty": int(is_blank(indicator.target)),
            "actual_empty": int(is_blank(indicator.actual)),
            "comparable": int(scaled is not None),
            "direction": target.direction if target else "none",
            "target_value": scaled[0] if scaled else 0,
            "actual_value": scaled[1] if scaled else 0,
            "reason_empty": int(unanswered(indicator.deviation_reason)),
            "weight_known": int(weight is not None),
            "weight": score_units(weight) if weight is not None else 0,
            "points_known": int(points is not None),
            "points": score_units(points) if points is not None else 0,
        },
        cells=partial(_indicator_cells, indicator),
        labels=partial(_indicator_labels, indicator),
    )


def _indicator_cells(indicator: Indicator) -> dict[str, list[str]]:
    return cited(**{role: indicator.source(role) for role in INDICATOR_CELLS})


def _indicator_labels(indicator: Indicator) -> dict[str, tuple[str, str]]:
    return {
        "target": (indicator.target or "（空）", indicator.target or "(empty)"),
        "actual": (indicator.actual or "（空）", indicator.actual or "(empty)"),
        # An indicator whose 三级 cell is empty is named as such, not as 「指标“”」.
        **({} if indicator.name else {"name": ("（未命名）", "(unnamed)")}),
    }


def _indicators(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    return (_indicator_row(indicator) for indicator in view.submission.indicators)


_OUTPUT_LEVEL1 = {"产出指标", "成本指标", ""}
_KIND_NAMES_EN = {"数量指标": "quantity", "质量指标": "quality", "时效指标": "timeliness", "成本指标": "cost"}


def _coverage(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    required: list[str] = list(params["required_kinds"])
    if not view.has("indicators", "indicators.level2"):
        return
    for project in view.submission.projects:
        if not view.has_for(project.name, "indicators"):
            continue
        indicators = view.indicators_of(project)
        present_kinds = {
            "成本指标" if (i.level1 == "成本指标" or "成本" in (i.level2 or "")) else i.level2
            for i in indicators
            if (i.level1 or "") in _OUTPUT_LEVEL1
        }
        missing = [kind for kind in required if kind not in present_kinds]
        yield FactRow(
            project=project.name,
            values={"indicator_count": len(indicators), "missing_count": len(missing)},
            cells=cited(project=project.source("name"), kinds=cells_of(indicators, "level2")),
            labels={
                "missing_kinds": ("、".join(missing), ", ".join(_KIND_NAMES_EN.get(k, k) for k in missing)),
            },
        )


def _weights(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    expected = score_units(Decimal(str(params["total"])) - Decimal(str(params["execution_points"])))
    for project in view.submission.projects:
        weighted = [i for i in view.indicators_of(project) if i.weight is not None]
        if not weighted:
            continue
        total = sum(score_units(i.weight) for i in weighted if i.weight is not None)
        yield FactRow(
            project=project.name,
            values={"weighted_count": len(weighted), "weight_total": total, "expected_total": expected, "gap": total - expected},
            cells=cited(weights=cells_of(weighted, "weight")),
        )


INDICATOR_KINDS = (
    FactKind(
        name="indicator",
        doc="One per row of 绩效指标. target_value/actual_value are the two numbers on one integer scale, "
        "set only when comparable is 1 (both state a number in the same unit); direction is higher "
        "(≥, >, = or a bare number) or lower (≤, <) or none; comparator is ge, gt, eq, le, lt, bare (a number "
        "alone) or none (no number); family is quantity, quality, timeliness, cost (any 成本 kind) or other; "
        "*_has_number: the text holds a number at all, target_measured: the target is one number with its "
        "comparator and unit (not a date), target_has_period: a date or period (年/月/季度/周…); "
        "weight and points are in ten-thousandths of a point.",
        attributes={
            "name": "word",
            "family": "word",
            "comparator": "word",
            "target_has_number": "integer",
            "target_measured": "integer",
            "target_has_period": "integer",
            "actual_has_number": "integer",
            "level1": "word",
            "level2": "word",
            "target_empty": "integer",
            "actual_empty": "integer",
            "comparable": "integer",
            "direction": "word",
            "target_value": "integer",
            "actual_value": "integer",
            "reason_empty": "integer",
            "weight_known": "integer",
            "weight": "score",
            "points_known": "integer",
            "points": "score",
        },
        labels=("target", "actual", "name"),
        cell_roles=INDICATOR_CELLS,
        derive=_indicators,
    ),
    FactKind(
        name="indicator_coverage",
        doc="One per project: how many of the required 产出指标 kinds (a parameter) it has no indicator of.",
        attributes={"indicator_count": "integer", "missing_count": "integer"},
        labels=("missing_kinds",),
        cell_roles=("project", "kinds"),
        params={"required_kinds": ["数量指标", "质量指标", "时效指标", "成本指标"]},
        derive=_coverage,
    ),
    FactKind(
        name="indicator_weights",
        doc="One per project with any indicator 分值: their sum against total − execution_points (parameters).",
        attributes={"weighted_count": "integer", "weight_total": "score", "expected_total": "score", "gap": "score"},
        params={"total": 100, "execution_points": 10},
        cell_roles=("weights",),
        derive=_weights,
    ),
)

__all__ = ["INDICATOR_KINDS", "SCORE_SCALE"]

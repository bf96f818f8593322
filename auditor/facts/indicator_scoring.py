"""Facts for scoring an indicator against its completion (S004) and for targets set too low (I008).

S004 follows the scoring practice the national table is filled by (docs/NATIONAL_FORM.md):
a ≥/>/= or bare target not met allows 分值 × 实际/目标; a ≤/< target exceeded allows the
larger of 分值 × (1 − (实际 − 目标)/目标) (0 at twice the target) and 分值 × 目标/实际, since
both are in use; 部分达成 allows a share of 分值 and 未达成 a smaller one (parameters).
Everything is a ``Fraction`` until the last step, where the points above what is allowed
are rounded up: ``ceil(x) > tolerance`` ⇔ ``x > tolerance`` for the integer tolerance.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from functools import partial

from auditor.facts.base import (
    SCORE_SCALE,
    FactKind,
    FactRow,
    Params,
    SubmissionView,
    ceil_fraction,
    cited,
    clamped,
    fraction_text,
    printed_score_tolerance,
    score_units,
)
from auditor.facts.indicators import INDICATOR_CELLS
from auditor.facts.texts import unanswered
from auditor.model import Indicator
from auditor.parsing.numbers import format_decimal
from auditor.parsing.targets import MeasuredValue, comparable, parse_measured_value
from auditor.parsing.text import normalize_text


def _completion(indicator: Indicator) -> tuple[MeasuredValue, MeasuredValue] | None:
    """(target, actual) when both are numbers in one unit."""
    target, actual = parse_measured_value(indicator.target), parse_measured_value(indicator.actual)
    if target is None or actual is None or not comparable(target, actual):
        return None
    return target, actual


def _rating(indicator: Indicator) -> str | None:
    """未达成 or 部分达成 where the actual value is a qualitative rating (「部分达成」「未达成预期」)."""
    text = normalize_text(indicator.actual or "")
    if "未达成" in text or "未完成" in text:
        return "未达成"
    if "部分达成" in text or "部分完成" in text:
        return "部分达成"
    return None


def allowed_share(indicator: Indicator, params: Params) -> tuple[Fraction, str, str] | None:
    """The share of 分值 the completion allows, and the reasoning in Chinese and English; None when met."""
    rating = _rating(indicator)
    if rating is not None:
        percent = Fraction(Decimal(str(params["partial_percent" if rating == "部分达成" else "unmet_percent"])))
        return percent / 100, f"评为“{rating}”（按 {percent}% 分值）", f"rated “{rating}” ({percent}% of the weight)"
    completion = _completion(indicator)
    if completion is None:
        return None
    target, actual = completion
    t, a = Fraction(target.number), Fraction(actual.number)
    if target.direction == "higher":
        if a >= t or t <= 0:
            return None
        return max(a, Fraction(0)) / t, "未达到目标（按 分值×实际/目标）", "the target was not met (weight × actual / target)"
    if a <= t:
        return None
    linear = 1 - (a - t) / t if t > 0 else Fraction(0)
    ratio = t / a if a > 0 else Fraction(0)
    return max(linear, ratio, Fraction(0)), "超出上限（按两种通行公式中较高者）", "the ceiling was exceeded (the higher of the two formulas in use)"


def _indicator_scores(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for indicator in view.submission.indicators:
        if indicator.weight is None or indicator.points is None:
            continue
        allowed = allowed_share(indicator, params)
        if allowed is None:
            continue
        share, why_zh, why_en = allowed
        allowed_points = share * Fraction(indicator.weight)
        over = (Fraction(indicator.points) - allowed_points) * SCORE_SCALE
        yield FactRow(
            project=indicator.project,
            values={
                "name": indicator.name or "",
                "over_allowed": ceil_fraction(over),
                "tolerance": printed_score_tolerance(indicator.points, params["tolerance"]),
                "points": score_units(indicator.points),
                "weight": score_units(indicator.weight),
            },
            cells=partial(_score_cells, indicator),
            labels=partial(_score_labels, indicator, allowed_points, why_zh, why_en),
        )


def _score_cells(indicator: Indicator) -> dict[str, list[str]]:
    return cited(points=indicator.source("points"), target=indicator.source("target"), actual=indicator.source("actual"))


def _score_labels(indicator: Indicator, allowed_points: Fraction, why_zh: str, why_en: str) -> dict[str, tuple[str, str]]:
    shown = fraction_text(allowed_points)
    return {
        "allowed": (shown, shown),
        "reasoning": (why_zh, why_en),
        "target": (indicator.target or "", indicator.target or ""),
        "actual": (indicator.actual or "", indicator.actual or ""),
    }


def _overachievement(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    threshold = Decimal(str(params["threshold_percent"]))
    threshold_ratio = threshold.as_integer_ratio()
    for indicator in view.submission.indicators:
        completion = _completion(indicator)
        if completion is None:
            continue
        target, actual = completion
        if target.comparator not in ("≥", ">") or target.number <= 0:
            continue
        # ≥ 0 exactly when 实际 ≥ 目标 × (1 + threshold/100): 100·实际 − (100 + threshold)·目标, over the
        # common denominator of the three exact decimals (integers throughout: no Fraction to normalise).
        a, ad = actual.number.as_integer_ratio()
        t, td = target.number.as_integer_ratio()
        h, hd = threshold_ratio
        over_numerator = 100 * a * td * hd - (100 * hd + h) * t * ad
        yield FactRow(
            project=indicator.project,
            values={
                "name": indicator.name or "",
                "over": clamped(over_numerator // (ad * td * hd)),  # floor(x) ≥ 0 ⇔ x ≥ 0 (positive denominator)
                "reason_empty": int(unanswered(indicator.deviation_reason)),
            },
            cells=partial(_overachievement_cells, indicator),
            labels=partial(_overachievement_labels, indicator, threshold),
        )


def _overachievement_cells(indicator: Indicator) -> dict[str, list[str]]:
    return cited(**{role: indicator.source(role) for role in INDICATOR_CELLS if role in ("target", "actual", "deviation_reason")})


def _overachievement_labels(indicator: Indicator, threshold: Decimal) -> dict[str, tuple[str, str]]:
    return {
        "target": (indicator.target or "", indicator.target or ""),
        "actual": (indicator.actual or "", indicator.actual or ""),
        "threshold": (format_decimal(threshold, 0), format_decimal(threshold, 0)),
    }


INDICATOR_SCORING_KINDS = (
    FactKind(
        name="indicator_score",
        doc="One per indicator with 分值 and 得分 that falls short of its target (as in I003) or is rated "
        "部分达成/未达成: over_allowed is 得分 minus the points that completion allows, in ten-thousandths "
        "of a point, rounded up; tolerance: the parameter, or half a unit of the score's last printed digit "
        "when wider (a whole 「9」 stands for 8.5–9.5).",
        attributes={"name": "word", "over_allowed": "score", "tolerance": "score", "points": "score", "weight": "score"},
        labels=("allowed", "reasoning", "target", "actual"),
        cell_roles=("points", "target", "actual"),
        params={"tolerance": "0.1", "partial_percent": 80, "unmet_percent": 60},
        derive=_indicator_scores,
    ),
    FactKind(
        name="indicator_overachievement",
        doc="One per indicator with a ≥/> target above 0 and a comparable actual: over ≥ 0 exactly when the "
        "actual is at least (100 + threshold_percent)% of the target; reason_empty when 偏差原因 is empty.",
        attributes={"name": "word", "over": "integer", "reason_empty": "integer"},
        labels=("target", "actual", "threshold"),
        cell_roles=("target", "actual", "deviation_reason"),
        params={"threshold_percent": 20},
        derive=_overachievement,
    ),
)

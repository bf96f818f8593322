"""Properties of the national table's arithmetic rules: F006, F007, S003, S004, I008.

Each generates a table scored or printed the way the published rules say and checks
that nothing fires, then moves one number past its tolerance and checks that exactly
the right rule fires.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from auditor.model import Submission

CENT = Decimal("0.01")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
weights = st.sampled_from([Decimal(w) for w in (5, 8, 10, 15, 20, 30)])


def fired(result, code: str) -> list[str | None]:
    return [f.project for f in result.findings if f.rule == code]


def rounded(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def table(project: dict, indicators: list[dict] = (), funding: list[dict] = ()) -> Submission:
    return Submission(
        path="national.xlsx",
        layout="national-form",
        department={"name": "某厅", "year": 2023},
        projects=[{"name": "甲项目", **project}],
        indicators=[{"project": "甲项目", "name": f"指标{i}", **row} for i, row in enumerate(indicators)],
        funding=[{"project": "甲项目", **row} for row in funding],
    )


# ---- S004 -------------------------------------------------------------------------------

def indicator(target: str, actual: str, weight: Decimal, points: Decimal, level2: str = "数量指标") -> dict:
    return {"level1": "产出指标", "level2": level2, "target": target, "actual": actual, "weight": weight, "points": points}


short_targets = st.tuples(st.integers(2, 10_000), st.integers(0, 9_999)).filter(lambda ta: ta[1] < ta[0])


@settings(max_examples=150, deadline=None)
@given(short_targets, weights, st.sampled_from(["≥", "", "="]))
def test_an_unmet_target_scored_by_the_formula_never_fires_s004(check, target_actual, weight, comparator):
    target, actual = target_actual
    points = rounded(weight * actual / target)
    result = check(table({"budget": 1, "executed": 1}, [indicator(f"{comparator}{target}人", f"{actual}人", weight, points)]))
    assert fired(result, "S004") == []


@settings(max_examples=150, deadline=None)
@given(short_targets, weights, st.decimals(min_value=Decimal("0.11"), max_value=Decimal("30"), places=2))
def test_an_unmet_target_scored_above_the_formula_always_fires_s004(check, target_actual, weight, excess):
    target, actual = target_actual
    points = rounded(weight * actual / target) + excess
    # a score printed whole stands for ±0.5 (its last digit), one with decimals for ±0.1 at the least
    assume(points - weight * actual / target > max(Decimal("0.1"), Decimal("0.5") if points == points.to_integral_value() else Decimal(0)))
    result = check(table({"budget": 1, "executed": 1}, [indicator(f"≥{target}人", f"{actual}人", weight, points)]))
    assert fired(result, "S004") == ["甲项目"]


exceeded_ceilings = st.tuples(st.integers(1, 10_000), st.integers(1, 30_000)).filter(lambda ta: ta[1] > ta[0])


@settings(max_examples=150, deadline=None)
@given(exceeded_ceilings, weights, st.sampled_from(["linear", "ratio"]))
def test_an_exceeded_ceiling_scored_by_either_formula_never_fires_s004(check, target_actual, weight, formula):
    target, actual = target_actual
    if formula == "linear":
        points = max(Decimal(0), rounded(weight * (1 - Decimal(actual - target) / target)))
    else:
        points = rounded(weight * target / actual)
    result = check(table({"budget": 1, "executed": 1}, [indicator(f"≤{target}元", f"{actual}元", weight, points, "成本指标")]))
    assert fired(result, "S004") == []


@settings(max_examples=150, deadline=None)
@given(exceeded_ceilings, weights, st.decimals(min_value=Decimal("0.11"), max_value=Decimal("30"), places=2))
def test_an_exceeded_ceiling_scored_above_both_formulas_always_fires_s004(check, target_actual, weight, excess):
    target, actual = target_actual
    linear = max(Decimal(0), weight * (1 - Decimal(actual - target) / target))
    ratio = weight * target / actual
    points = rounded(max(linear, ratio), 2) + excess
    # a score landing on a whole number is printed whole and stands for ±0.5 (its last digit)
    assume(points != points.to_integral_value() or points - max(linear, ratio) > Decimal("0.5"))
    result = check(table({"budget": 1, "executed": 1}, [indicator(f"≤{target}元", f"{actual}元", weight, points, "成本指标")]))
    assert fired(result, "S004") == ["甲项目"]


# ---- S003 and F007 --------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(amounts, amounts, weights, st.integers(0, 2))
def test_execution_printed_by_the_formula_never_fires_s003_or_f007(check, budget, executed, weight, places):
    rate = 100 * executed / budget
    project = {
        "budget": budget,
        "executed": executed,
        "execution_rate": rounded(rate, places),
        "execution_rate_decimals": places,
        "execution_weight": weight,
        "execution_points": rounded(min(executed / budget, Decimal(1)) * weight),
    }
    result = check(table(project))
    assert fired(result, "S003") == [] and fired(result, "F007") == []


@settings(max_examples=150, deadline=None)
@given(amounts, amounts, weights, st.sampled_from([Decimal("0.11"), Decimal("-0.11"), Decimal("2")]))
def test_an_execution_score_off_by_more_than_a_tenth_fires_s003(check, budget, executed, weight, delta):
    points = rounded(min(executed / budget, Decimal(1)) * weight) + delta
    # a score that lands on a whole number (4.89 + 0.11 = 5) is printed whole and stands for ±0.5
    assume(points != points.to_integral_value() or abs(delta) > Decimal("0.5"))
    result = check(table({"budget": budget, "executed": executed, "execution_weight": weight, "execution_points": points}))
    assert fired(result, "S003") == ["甲项目"]


@settings(max_examples=150, deadline=None)
@given(amounts, amounts, st.integers(0, 2), st.sampled_from([1, -1]))
def test_a_printed_rate_a_digit_off_fires_f007(check, budget, executed, places, sign):
    unit = Decimal(1).scaleb(-places)
    rate = 100 * executed / budget
    printed = rounded(rate, places) + sign * unit  # a whole last digit away …
    # … unless it is then the truncated rate, or exactly half a digit from a rate ending in 5
    assume(not printed - unit / 2 <= rate < printed + unit)
    result = check(table({"budget": budget, "executed": executed, "execution_rate": printed, "execution_rate_decimals": places}))
    assert fired(result, "F007") == ["甲项目"]


@settings(max_examples=150, deadline=None)
@given(amounts, amounts, st.integers(0, 2))
def test_a_truncated_printed_rate_never_fires_f007(check, budget, executed, places):
    rate = 100 * executed / budget
    printed = rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)  # 99.985% printed as 99.98 or 99
    result = check(table({"budget": budget, "executed": executed, "execution_rate": printed, "execution_rate_decimals": places}))
    assert fired(result, "F007") == []


# ---- F006 -------------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(amounts, amounts, amounts), min_size=1, max_size=5), st.data())
def test_funds_rows_that_add_up_never_fire_and_one_moved_row_fires_f006(check, rows, data):
    columns = ("initial", "budget", "executed")
    totals = {c: sum((row[i] for row in rows), Decimal(0)) for i, c in enumerate(columns)}
    funding = [{"label": "年度资金总额", "is_total": True, **totals}] + [
        {"label": f"其中{i}", **dict(zip(columns, row))} for i, row in enumerate(rows)
    ]
    assert fired(check(table({}, funding=funding)), "F006") == []
    tolerance = (len(rows) + 1) * Decimal("0.005")
    moved = data.draw(st.integers(1, len(rows)))
    column = data.draw(st.sampled_from(columns))
    delta = data.draw(st.sampled_from([rounded(tolerance + CENT), -rounded(tolerance + CENT), Decimal(100)]))
    funding[moved] = {**funding[moved], column: funding[moved][column] + delta}
    assert fired(check(table({}, funding=funding)), "F006") == ["甲项目"]


# ---- I008 -------------------------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(st.integers(1, 10_000), st.integers(0, 30_000))
def test_i008_fires_exactly_from_twenty_percent_over(check, target, actual):
    row = {"level1": "产出指标", "level2": "数量指标", "target": f"≥{target}个", "actual": f"{actual}个"}
    fires = 100 * actual >= 120 * target
    assert fired(check(table({}, [row])), "I008") == (["甲项目"] if fires else [])

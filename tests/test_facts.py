"""Facts as a rule author sees them (``auditor rules facts``): each documented attribute means what its doc says.

A bureau's own rule (``--rules DIR``) may test any attribute of a fact, not only those
the shipped rules read: the signed ``difference`` (which way a breakdown is off), the
printed rate's ``printed_places``, whether a layout has a ``reason_cell``, an indicator's
``level1``/``level2``, how many indicators a project has. Those no shipped rule reads
are checked here against their documented meaning, on the facts themselves.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from auditor.engine.durable_adapter import check_payload
from auditor.facts import FACT_KINDS, build_facts
from auditor.facts.base import clamped
from auditor.facts.build import FactRequest
from auditor.model import Submission

PROJECT = "甲"


def facts_of(kind: str, submission: Submission, **params: Any) -> list[dict[str, Any]]:
    """The values of every fact of one kind, with the kind's default parameters (or these)."""
    request = FactRequest(kind, 0, {**FACT_KINDS[kind].params, **params})
    return [fact.row.values for fact in build_facts(submission, [request])]


def rows_of(kind: str, submission: Submission, **params: Any) -> list[Any]:
    request = FactRequest(kind, 0, {**FACT_KINDS[kind].params, **params})
    return [fact.row for fact in build_facts(submission, [request])]


def submission(**fields: Any) -> Submission:
    fields.setdefault("department", {"name": "某厅", "year": 2023})
    return Submission(path="facts.xlsx", **fields)


# ---- funds: signed differences, in fen ----------------------------------------------------


@pytest.mark.parametrize(("amounts", "difference"), [(("60", "40.5"), 500_000), (("60", "39.5"), -500_000)])
def test_breakdown_difference_is_the_breakdown_minus_its_basis(amounts, difference):
    rows = [{"project": PROJECT, "purpose": str(i), "amount": Decimal(a)} for i, a in enumerate(amounts)]
    [fact] = facts_of("breakdown", submission(projects=[{"name": PROJECT, "budget": Decimal(100)}], expenditures=rows))
    assert fact == {
        "items": 2, "breakdown_total": 100_000_000 + difference, "basis_amount": 100_000_000,
        "difference": difference, "abs_difference": abs(difference), "tolerance": 15_000,
    }


@pytest.mark.parametrize(("stated", "difference"), [("199", -1_000_000), ("201", 1_000_000)])
def test_allocation_difference_is_the_projects_total_minus_the_stated_one(stated, difference):
    projects = [{"name": "甲", "budget": Decimal(120)}, {"name": "乙", "budget": Decimal(80)}]
    department = {"name": "某厅", "year": 2023, "total_allocation": Decimal(stated)}
    [fact] = facts_of("allocation_total", submission(department=department, projects=projects))
    assert fact == {
        "items": 2, "projects_total": 200_000_000, "stated_total": int(Decimal(stated) * 1_000_000),
        "difference": -difference, "abs_difference": abs(difference), "tolerance": 15_000,
    }


def test_balance_difference_is_the_stated_balance_minus_budget_less_spending():
    project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(60), "balance": Decimal(45)}
    [fact] = facts_of("balance", submission(projects=[project]))
    assert fact == {
        "budget": 100_000_000, "executed": 60_000_000, "stated_balance": 45_000_000, "expected_balance": 40_000_000,
        "difference": 5_000_000, "abs_difference": 5_000_000, "tolerance": 15_000,
    }


def test_spending_facts_in_yuan_are_in_fen():
    department = {"name": "某厅", "year": 2023, "unit": "元"}
    [fact] = facts_of("spending", submission(department=department, projects=[{"name": PROJECT, "budget": Decimal(100), "executed": Decimal("100.5")}]))
    assert fact == {"budget": 10_000, "executed": 10_050, "overspend": 50, "tolerance": 1}


def test_zero_balance_claim_facts_hold_neutral_values_for_unknown_amounts():
    department = {"name": "某厅", "year": 2023, "balance_claim": "无余额"}
    stated = {"name": "甲", "budget": Decimal(100), "executed": Decimal(90), "balance": Decimal(-2)}
    unknown = {"name": "乙", "budget": Decimal(50)}
    rows = [{"project": "甲", "purpose": "a", "amount": Decimal(60)}, {"project": "甲", "purpose": "b", "amount": Decimal("40.5")}]
    first, second = facts_of("zero_balance_claim", submission(department=department, projects=[stated, unknown], expenditures=rows))
    assert first == {
        "budget": 100_000_000, "budget_known": 1, "executed_known": 1, "executed": 90_000_000, "unspent": 10_000_000, "unspent_tolerance": 10_000,
        "balance_known": 1, "balance": -2_000_000, "abs_balance": 2_000_000,
        "breakdown_known": 1, "breakdown_total": 100_500_000, "breakdown_gap": 500_000, "abs_breakdown_gap": 500_000,
        "breakdown_tolerance": 15_000,
    }
    assert second == {
        "budget": 50_000_000, "budget_known": 1, "executed_known": 0, "executed": 50_000_000, "unspent": 0, "unspent_tolerance": 10_000,
        "balance_known": 0, "balance": 0, "abs_balance": 0,
        "breakdown_known": 0, "breakdown_total": 50_000_000, "breakdown_gap": 0, "abs_breakdown_gap": 0,
        "breakdown_tolerance": 5_000,
    }


def test_no_zero_balance_claim_facts_without_the_claim():
    projects = [{"name": PROJECT, "budget": Decimal(100)}]
    assert facts_of("zero_balance_claim", submission(projects=projects)) == []
    department = {"name": "某厅", "year": 2023, "balance_claim": "有余额"}
    assert facts_of("zero_balance_claim", submission(department=department, projects=projects)) == []


def test_project_count_only_where_the_projects_sheet_is_there():
    department = {"name": "某厅", "year": 2023, "project_count": 2}
    assert facts_of("project_count", submission(department=department, projects=[{"name": PROJECT}])) == [{"stated_count": 2, "counted": 1}]
    assert facts_of("project_count", submission(department=department, unavailable=["projects"])) == []


# ---- the national table's execution block -------------------------------------------------


def funding_rows(*rows: dict[str, Any]) -> Submission:
    return submission(layout="national-form", projects=[{"name": PROJECT}], funding=[{"project": PROJECT, **row} for row in rows])


def test_funding_rows_need_a_total_row_and_rows_under_it():
    total = {"label": "年度资金总额", "is_total": True, "budget": Decimal(100)}
    part = {"label": "其中：财政拨款", "budget": Decimal(100)}
    assert facts_of("funding_rows", funding_rows(part)) == []
    assert facts_of("funding_rows", funding_rows(total)) == []
    assert facts_of("funding_rows", funding_rows(total, part)) == [{"columns_off": 0, "rows_total": 0, "stated_total": 0, "difference": 0}]
    [row] = rows_of("funding_rows", funding_rows(total, part))
    assert row.labels == {"column": ("", ""), "details": ("", "")}


def test_funding_rows_report_the_first_column_off():
    total = {"label": "年度资金总额", "is_total": True, "initial": Decimal(80), "budget": Decimal(100), "executed": Decimal(50)}
    part = {"label": "其中：财政拨款", "initial": Decimal(90), "budget": Decimal(90), "executed": Decimal(50)}
    [row] = rows_of("funding_rows", funding_rows(total, part))
    assert row.values == {"columns_off": 2, "rows_total": 90_000_000, "stated_total": 80_000_000, "difference": 10_000_000}
    assert row.labels["column"] == ("年初预算数", "initial budget")


@pytest.mark.parametrize(("budget", "fires"), [(Decimal("0.5"), True), (Decimal(0), False)])
def test_low_execution_of_a_budget_below_one_still_has_a_rate(check, budget, fires):
    project = {"name": PROJECT, "budget": budget, "executed": Decimal(0), "execution_rate": Decimal(0)}
    assert [f.project for f in check(submission(layout="national-form", projects=[project])).findings if f.rule == "F008"] == ([PROJECT] if fires else [])


def test_low_execution_with_no_rate_at_all_makes_no_fact():
    """A table that prints only a score, with no 预算数 or 执行数: there is no rate to judge."""
    assert facts_of("low_execution", submission(layout="national-form", projects=[{"name": PROJECT, "execution_points": Decimal(5)}])) == []


def test_score_units_round_half_up_to_ten_thousandths():
    from auditor.facts.base import score_units

    assert (score_units(Decimal("10.00005")), score_units(Decimal("10.00004")), score_units(Decimal("-0.00005"))) == (100_001, 100_000, -1)


@pytest.mark.parametrize(("printed", "decimals", "places"), [("49.88", None, 2), ("49.90", None, 1), ("49.90", 2, 2), ("50", None, 0)])
def test_execution_rate_printed_places_are_the_stated_decimals_else_the_written_ones(printed, decimals, places):
    project = {"name": PROJECT, "budget": Decimal("310.2"), "executed": Decimal("154.74"), "execution_rate": Decimal(printed), "execution_rate_decimals": decimals}
    [fact] = facts_of("execution_rate", submission(layout="national-form", projects=[project]))
    assert fact["printed_places"] == places


def test_execution_rate_halves_of_a_digit_either_way():
    """154.74 / 310.2 = 49.8839…%: printed 50, h = (49.8839 − 50) × 2 = −0.23, so under = ceil(0.23) = 1 and over = floor(−0.23) = −1."""
    project = {"name": PROJECT, "budget": Decimal("310.2"), "executed": Decimal("154.74"), "execution_rate": Decimal(50), "execution_rate_decimals": 0}
    [fact] = facts_of("execution_rate", submission(layout="national-form", projects=[project]))
    assert fact == {"half_digits_under": 1, "half_digits_over": -1, "printed_places": 0}


def test_low_execution_says_whether_the_layout_has_a_reason_cell():
    project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal("80.555"), "execution_rate": Decimal("80.56")}
    with_cell = submission(layout="national-form", projects=[project])
    without = submission(layout="national-form", projects=[project], unavailable=[f"execution_reason:{PROJECT}"])
    assert facts_of("low_execution", with_cell) == [{"rate_hundredths": 8055, "threshold_hundredths": 9000, "reason_empty": 1, "reason_cell": 1}]
    assert facts_of("low_execution", without)[0]["reason_cell"] == 0
    assert facts_of("low_execution", with_cell, threshold_percent="85.5")[0]["threshold_hundredths"] == 8550
    answered = submission(layout="national-form", projects=[{**project, "execution_reason": "工程款跨年支付"}])
    assert facts_of("low_execution", answered)[0]["reason_empty"] == 0


def test_low_execution_without_a_reason_column_has_no_reason_cell():
    """A layout without the 原因 column at all (``execution_reason`` unavailable) has no cell for any project."""
    project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(50), "execution_rate": Decimal(50)}
    assert facts_of("low_execution", submission(layout="national-form", projects=[project], unavailable=["execution_reason"]))[0]["reason_cell"] == 0


def test_execution_score_facts_in_ten_thousandths_of_a_point():
    project = {"name": PROJECT, "budget": Decimal(3), "executed": Decimal(1), "execution_points": Decimal("3.4"), "execution_weight": Decimal(10)}
    [fact] = facts_of("execution_score", submission(layout="national-form", projects=[project]))
    assert fact == {"abs_gap": 667, "tolerance": 1000, "points": 34_000}  # |3.4 − 10/3| = 0.0666…, rounded up


# ---- indicators ---------------------------------------------------------------------------


def test_an_indicator_fact_keeps_its_levels_and_kind():
    row = {"project": PROJECT, "level1": "成本指标", "level2": "经济成本指标", "name": "单价", "target": "≤50元", "actual": "52元", "weight": Decimal(10), "points": Decimal("9.5")}
    [fact] = facts_of("indicator", submission(projects=[{"name": PROJECT}], indicators=[row]))
    assert fact == {
        "name": "单价", "family": "cost", "comparator": "le", "target_has_number": 1, "target_measured": 1, "target_has_period": 0,
        "actual_has_number": 1, "level1": "成本指标", "level2": "经济成本指标", "target_empty": 0, "actual_empty": 0,
        "comparable": 1, "direction": "lower", "target_value": 50, "actual_value": 52, "reason_empty": 1,
        "weight_known": 1, "weight": 100_000, "points_known": 1, "points": 95_000,
    }


@pytest.mark.parametrize(
    ("level1", "level2", "family"),
    [("产出指标", "数量指标", "quantity"), ("产出指标", "质量指标", "quality"), ("产出指标", "时效指标", "timeliness"),
     ("产出指标", "进度指标", "timeliness"), ("产出指标", "成本指标", "cost"), ("成本指标", "社会成本指标", "cost"),
     ("成本指标", None, "cost"), ("成本指标", "其他", "cost"), ("效益指标", "社会效益指标", "other"), (None, None, "other")],
)
def test_an_indicator_family_comes_from_its_kind(level1, level2, family):
    row = {"project": PROJECT, "level1": level1, "level2": level2, "name": "x"}
    [fact] = facts_of("indicator", submission(projects=[{"name": PROJECT}], indicators=[row]))
    assert (fact["family"], fact["level1"], fact["level2"], fact["comparator"], fact["direction"]) == (family, level1 or "", level2 or "", "none", "none")


def test_an_indicator_without_comparable_numbers_holds_neutral_values():
    row = {"project": PROJECT, "level1": "产出指标", "level2": "时效指标", "name": None, "target": "2023年12月底前", "actual": "按期完成"}
    [fact] = facts_of("indicator", submission(projects=[{"name": PROJECT}], indicators=[row]))
    assert fact == {
        "name": "", "family": "timeliness", "comparator": "none", "target_has_number": 1, "target_measured": 0, "target_has_period": 1,
        "actual_has_number": 0, "level1": "产出指标", "level2": "时效指标", "target_empty": 0, "actual_empty": 0,
        "comparable": 0, "direction": "none", "target_value": 0, "actual_value": 0, "reason_empty": 1,
        "weight_known": 0, "weight": 0, "points_known": 0, "points": 0,
    }


def test_an_indicator_in_another_unit_is_not_comparable():
    row = {"project": PROJECT, "level2": "数量指标", "name": "场次", "target": "8场", "actual": "9次"}
    [fact] = facts_of("indicator", submission(projects=[{"name": PROJECT}], indicators=[row]))
    assert (fact["comparator"], fact["direction"], fact["comparable"], fact["target_value"], fact["actual_value"]) == ("bare", "higher", 0, 0, 0)


def test_coverage_counts_a_projects_indicators_and_the_kinds_it_lacks():
    rows = [
        {"project": PROJECT, "level1": "产出指标", "level2": "数量指标", "name": "a"},
        {"project": PROJECT, "level1": "效益指标", "level2": "社会效益指标", "name": "b"},
        {"project": PROJECT, "level1": "成本指标", "level2": "经济成本指标", "name": "c"},
    ]
    [row] = rows_of("indicator_coverage", submission(projects=[{"name": PROJECT}], indicators=rows))
    assert row.values == {"indicator_count": 3, "missing_count": 2}
    assert row.labels["missing_kinds"] == ("质量指标、时效指标", "quality, timeliness")


def test_coverage_counts_only_output_indicators_and_any_cost_kind_as_cost():
    rows = [
        {"project": PROJECT, "level1": None, "level2": "数量指标", "name": "一级空白"},  # a workbook may leave 一级 blank
        {"project": PROJECT, "level1": "效益指标", "level2": "质量指标", "name": "不是产出"},
        {"project": PROJECT, "level1": "产出指标", "level2": "项目成本", "name": "成本"},
    ]
    [row] = rows_of("indicator_coverage", submission(projects=[{"name": PROJECT}], indicators=rows))
    assert row.labels["missing_kinds"] == ("质量指标、时效指标", "quality, timeliness")
    merged = [{"project": PROJECT, "level1": "成本指标", "level2": None, "name": "一级成本、二级合并"}]
    [row] = rows_of("indicator_coverage", submission(projects=[{"name": PROJECT}], indicators=merged))
    assert row.labels["missing_kinds"] == ("数量指标、质量指标、时效指标", "quantity, quality, timeliness")


def test_coverage_of_a_kind_a_bureau_requires_is_named_as_written_in_english():
    rows = [{"project": PROJECT, "level1": "产出指标", "level2": "数量指标", "name": "a"}]
    [row] = rows_of("indicator_coverage", submission(projects=[{"name": PROJECT}], indicators=rows), required_kinds=["数量指标", "满意度指标", "质量指标"])
    assert row.values == {"indicator_count": 1, "missing_count": 2}
    assert row.labels["missing_kinds"] == ("满意度指标、质量指标", "满意度指标, quality")


def test_coverage_is_not_judged_where_indicators_are_not_stated():
    projects = [{"name": PROJECT}, {"name": "乙"}]
    assert facts_of("indicator_coverage", submission(projects=projects, unavailable=["indicators.level2"])) == []
    assert facts_of("indicator_coverage", submission(projects=projects, unavailable=["indicators"])) == []
    partial = submission(projects=projects, unavailable=[f"indicators:{PROJECT}"])
    assert [row.project for row in rows_of("indicator_coverage", partial)] == ["乙"]


def test_weights_count_only_the_indicators_with_a_weight():
    rows = [
        {"project": PROJECT, "level2": "数量指标", "name": "a", "weight": Decimal(40)},
        {"project": PROJECT, "level2": "质量指标", "name": "b", "weight": Decimal("49.5")},
        {"project": PROJECT, "level2": "时效指标", "name": "c"},
    ]
    assert facts_of("indicator_weights", submission(projects=[{"name": PROJECT}], indicators=rows)) == [
        {"weighted_count": 2, "weight_total": 895_000, "expected_total": 900_000, "gap": -5_000}
    ]
    assert facts_of("indicator_weights", submission(projects=[{"name": PROJECT}], indicators=rows), total=95, execution_points=5)[0]["expected_total"] == 900_000


def test_indicator_score_facts_carry_points_and_weight():
    row = {"project": PROJECT, "level2": "数量指标", "name": "人数", "target": "≥8人", "actual": "6人", "weight": Decimal(20), "points": Decimal(18)}
    [fact] = rows_of("indicator_score", submission(projects=[{"name": PROJECT}], indicators=[row]))
    # 18 printed whole stands for 17.5–18.5: half a point, wider than the rule's 0.1
    assert fact.values == {"name": "人数", "over_allowed": 30_000, "tolerance": 5000, "points": 180_000, "weight": 200_000}
    assert fact.labels["allowed"] == ("15.00", "15.00")
    two_places = {**row, "points": Decimal("18.25")}
    [fact] = rows_of("indicator_score", submission(projects=[{"name": PROJECT}], indicators=[two_places]))
    assert fact.values["tolerance"] == 1000  # 0.005 of a point is narrower than 0.1


def test_indicator_score_needs_both_weight_and_points_and_scores_every_indicator():
    """An indicator without 分值, or one that met its target, does not stop the ones after it from being scored."""
    rows = [
        {"project": PROJECT, "name": "无分值", "target": "≥8人", "actual": "6人", "points": Decimal(18)},
        {"project": PROJECT, "name": "无得分", "target": "≥8人", "actual": "6人", "weight": Decimal(20)},
        {"project": PROJECT, "name": "达成", "target": "≥8人", "actual": "8人", "weight": Decimal(20), "points": Decimal(20)},
        {"project": PROJECT, "name": None, "target": "≥8人", "actual": "6人", "weight": Decimal(20), "points": Decimal(20)},
    ]
    assert facts_of("indicator_score", submission(projects=[{"name": PROJECT}], indicators=rows)) == [
        {"name": "", "over_allowed": 50_000, "tolerance": 5000, "points": 200_000, "weight": 200_000}
    ]


def test_indicator_score_rating_shares_are_parameters():
    rows = [
        {"project": PROJECT, "name": "a", "target": "按期完成", "actual": "部分达成", "weight": Decimal(10), "points": Decimal(10)},
        {"project": PROJECT, "name": "b", "target": "按期完成", "actual": "未达成", "weight": Decimal(10), "points": Decimal(10)},
    ]
    first, second = facts_of("indicator_score", submission(projects=[{"name": PROJECT}], indicators=rows), partial_percent=50, unmet_percent=30)
    assert (first["over_allowed"], second["over_allowed"]) == (50_000, 70_000)


# ---- the engine's exact range ------------------------------------------------------------


def test_clamped_keeps_integers_in_the_range_the_engine_accepts():
    limit = 2**53
    assert clamped(10**30) == limit - 1 and clamped(-(10**30)) == -(limit - 1)
    assert clamped(limit - 1) == limit - 1 and clamped(-(limit - 1)) == -(limit - 1) and clamped(0) == 0
    check_payload({"t": "x", "high": clamped(10**30), "low": clamped(-(10**30))})


def test_a_rate_past_the_engines_range_still_reaches_it_clamped(check):
    """1 fen of budget and 10^9 万元 spent: h is about 2·10^17, past 2^53; F007 still fires."""
    project = {"name": PROJECT, "budget": Decimal("0.000001"), "executed": Decimal(10**9), "execution_rate": Decimal(50)}
    [fact] = facts_of("execution_rate", submission(layout="national-form", projects=[project]))
    assert (fact["half_digits_under"], fact["half_digits_over"]) == (-(2**53 - 1), 2**53 - 1)
    assert [f.rule for f in check(submission(layout="national-form", projects=[project])).findings if f.rule == "F007"] == ["F007"]


def test_counts_beyond_the_engines_exact_range_make_no_fact():
    """2^53 is the first integer the engine cannot compare exactly: such counts are left out, not sent."""
    for whole in (Decimal(2**53), Decimal(2**53 + 10)):
        claim = {"statement": "占比", "part": Decimal(1), "whole": whole, "claimed_percent": Decimal(0), "comparator": "约"}
        assert facts_of("share_counts", submission(claims=[claim])) == []
        assert facts_of("share_claim", submission(claims=[claim])) == []
    within = {"statement": "占比", "part": Decimal(1), "whole": Decimal(2**53 - 1), "claimed_percent": Decimal(0), "comparator": "约"}
    assert facts_of("share_counts", submission(claims=[within])) == [{"part": 1, "whole": 2**53 - 1}]


def test_a_claim_whose_integers_would_leave_the_engines_range_is_not_sent(check):
    """|excess| = x·w = 4 × 2^50 = 2^52, so 2·|excess| = 2^53: the first value the engine cannot hold."""
    at_limit = {"statement": "占比4%", "part": Decimal(0), "whole": Decimal(2**50), "claimed_percent": Decimal(4), "comparator": "约"}
    assert facts_of("share_claim", submission(claims=[at_limit])) == []
    below = {**at_limit, "whole": Decimal(2**50 - 1)}
    assert [fact["twice_shortfall"] for fact in facts_of("share_claim", submission(claims=[below]))] == [2 * 4 * (2**50 - 1)]
    wrong = {"statement": "占比90%", "part": Decimal(1), "whole": Decimal(2), "claimed_percent": Decimal(90), "comparator": None}
    result = check(submission(claims=[at_limit, wrong]))  # nothing out of range reaches durable-rules, and the next claim is checked
    assert [f.rule for f in result.findings] == ["P001"]
    p_over, p_under = 45_035_996_273_705, 45_035_996_273_704  # 200·p just above and just below 2^53
    for part, kept in ((p_over, False), (p_under, True)):
        claim = {"statement": "占比0%", "part": Decimal(part), "whole": Decimal(part), "claimed_percent": Decimal(0), "comparator": "约"}
        assert bool(facts_of("share_claim", submission(claims=[claim]))) == kept
        assert [f.rule for f in check(submission(claims=[claim])).findings] == (["P001"] if kept else [])


@pytest.mark.parametrize("missing", ["part", "whole", "claimed_percent"])
def test_a_claim_missing_a_figure_makes_no_share_fact_and_hides_no_other(check, missing):
    incomplete = {"statement": "占比", "part": Decimal(1), "whole": Decimal(2), "claimed_percent": Decimal(50), "comparator": None, missing: None}
    wrong = {"statement": "占比90%", "part": Decimal(1), "whole": Decimal(2), "claimed_percent": Decimal(90), "comparator": None}
    facts = facts_of("share_claim", submission(claims=[incomplete, wrong]))
    assert [fact["excess"] for fact in facts] == [100 * 1 - 90 * 2]
    counts = facts_of("share_counts", submission(claims=[incomplete, wrong]))
    assert counts == ([{"part": 1, "whole": 2}] * (2 if missing == "claimed_percent" else 1))
    assert [f.rule for f in check(submission(claims=[incomplete, wrong])).findings] == ["P001"]


def test_a_part_over_the_whole_or_counts_too_fine_hide_no_other_claim(check):
    over = {"statement": "占比", "part": Decimal(3), "whole": Decimal(2), "claimed_percent": Decimal(50), "comparator": None}
    fine = {"statement": "占比", "part": Decimal("0.0000001"), "whole": Decimal(2), "claimed_percent": Decimal(50), "comparator": None}
    wrong = {"statement": "占比90%", "part": Decimal(1), "whole": Decimal(2), "claimed_percent": Decimal(90), "comparator": None}
    assert [fact["excess"] for fact in facts_of("share_claim", submission(claims=[over, fine, wrong]))] == [100 * 1 - 90 * 2]
    assert facts_of("share_counts", submission(claims=[fine, over])) == [{"part": 3, "whole": 2}]


def test_the_project_attribute_every_fact_carries_is_a_word():
    assert all(kind.all_attributes()["project"] == "word" for kind in FACT_KINDS.values())


# ---- scores, claims, texts ----------------------------------------------------------------


def test_score_total_uses_the_execution_points_parameter():
    project = {"name": PROJECT, "budget": Decimal(4), "executed": Decimal(3), "score": Decimal(80)}
    rows = [{"project": PROJECT, "name": "a", "weight": Decimal(90), "points": Decimal(70)}]
    [fact] = facts_of("score_total", submission(projects=[project], indicators=rows), execution_points=20)
    assert fact == {"score": 800_000, "abs_gap": 50_000, "tolerance": 5000}  # 80 − (20 × 3/4 + 70) = −5


def test_score_total_needs_a_printed_execution_score_or_a_budget_above_zero(check):
    """Without either, the execution part of 总分 is unknown: no S001, and the projects after it are still checked."""
    unknown = [{"name": "预算为零", "budget": Decimal(0), "executed": Decimal(1), "score": Decimal(80)}, {"name": "无预算", "executed": Decimal(1), "score": Decimal(80)}]
    wrong = {"name": PROJECT, "budget": Decimal(4), "executed": Decimal(4), "score": Decimal(50)}
    rows = [{"project": name, "name": "a", "points": Decimal(70)} for name in ("预算为零", "无预算", PROJECT)]
    result = check(submission(projects=[*unknown, wrong], indicators=rows))
    assert [f.project for f in result.findings if f.rule == "S001"] == [PROJECT]


def test_low_execution_goes_on_past_a_table_with_no_rate(check):
    projects = [{"name": "只有得分", "execution_points": Decimal(5)}, {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(50), "execution_rate": Decimal(50)}]
    assert [f.project for f in check(submission(layout="national-form", projects=projects)).findings if f.rule == "F008"] == [PROJECT]


def test_grade_band_facts_and_bands_as_parameters():
    project = {"name": PROJECT, "score": Decimal(85), "grade": "良好"}
    assert facts_of("grade_band", submission(projects=[project])) == [{"grade": "良好", "expected_grade": "良好", "score": 850_000}]
    bands = [{"grade": "A", "min": 85}, {"grade": "B", "min": None}]
    assert facts_of("grade_band", submission(projects=[project]), bands=bands)[0]["expected_grade"] == "A"
    low = [{"grade": "C", "min": 0}, {"grade": "B", "min": "0.5"}, {"grade": "D", "min": None}]  # bands in any order
    graded = {"name": PROJECT, "score": Decimal("0.7"), "grade": "B"}
    assert facts_of("grade_band", submission(projects=[graded]), bands=low)[0]["expected_grade"] == "B"


@pytest.mark.parametrize(
    ("word", "meaning"), [("以上", "at_least"), ("＞", "more_than"), ("～", "approx"), ("~", "approx"), (None, "plain"), ("差不多", "unknown")]
)
def test_share_claim_comparator_class_is_read_in_normal_form(word, meaning):
    claim = {"statement": "占比", "part": Decimal(73), "whole": Decimal(99), "claimed_percent": Decimal(70), "comparator": word}
    [fact] = facts_of("share_claim", submission(claims=[claim]))
    assert fact == {
        "comparator_class": meaning, "excess": 100 * 73 - 70 * 99, "abs_excess": 100 * 73 - 70 * 99,
        "twice_shortfall": -2 * (100 * 73 - 70 * 99), "whole_units": 99, "denominator": 99,
    }


def test_share_claim_labels_show_the_share_the_claim_and_the_counts():
    claim = {"statement": "共11.5万人次，其中4.2万人次，占比40.0%", "part": Decimal("4.2"), "whole": Decimal("11.5"), "claimed_percent": Decimal("40.0"), "comparator": "以上"}
    [row] = rows_of("share_claim", submission(claims=[claim]))
    assert row.values["denominator"] == 115 and row.values["excess"] == 100 * 42 - 40 * 115
    assert {k: v[0] for k, v in row.labels.items()} == {
        "statement": claim["statement"], "comparator": "以上", "share": "36.52", "claimed": "40", "claim": "40%以上", "part": "4.2", "whole": "11.5",
    }
    [counts] = rows_of("share_counts", submission(claims=[{**claim, "comparator": None}]))
    assert counts.values == {"part": 42, "whole": 115}
    assert counts.labels == {"statement": (claim["statement"],) * 2, "comparator": ("", ""), "part": ("4.2", "4.2"), "whole": ("11.5", "11.5")}


def test_placeholder_text_names_the_prompt_found():
    texts = [{"project": PROJECT, "label": "评价结论", "text": "(200字以内)"}, {"project": PROJECT, "label": "存在问题", "text": "无"}]
    [row] = rows_of("placeholder_text", submission(texts=texts))
    assert row.values == {"prompts_found": 1}
    assert row.labels == {"label": ("评价结论", "评价结论"), "prompt": ("（200字以内）", "（200字以内）"), "text": ("(200字以内)", "(200字以内)")}
    assert rows_of("placeholder_text", submission(texts=texts), placeholders=["无"])[0].labels["label"] == ("存在问题", "存在问题")


# ---- every row is judged, whatever the rows before it ---------------------------------------


def test_a_project_or_indicator_with_nothing_stated_does_not_hide_the_ones_after_it(check):
    """Each derivation skips a row it cannot judge and goes on to the next (a break would hide the rest)."""
    bare = {"name": "空"}
    full = {
        "name": PROJECT, "budget": Decimal(100), "executed": Decimal(120), "balance": Decimal(5), "score": Decimal(50), "grade": "优秀",
        "execution_rate": Decimal(50), "execution_points": Decimal(3),
    }
    indicators = [
        {"project": "空", "name": "无"},
        {"project": PROJECT, "level1": "产出指标", "level2": "成本指标", "name": "成本", "target": "≥10万元", "actual": "8万元", "weight": Decimal(10), "points": Decimal(12)},
    ]
    texts = [{"project": "空", "label": "评价结论", "text": "良好"}, {"project": PROJECT, "label": "存在问题", "text": "（200字以内）"}]
    funding = [
        {"project": "空", "label": "年度资金总额", "is_total": True},
        {"project": PROJECT, "label": "年度资金总额", "is_total": True, "budget": Decimal(100)},
        {"project": PROJECT, "label": "其中：财政拨款", "budget": Decimal(90)},
    ]
    result = check(submission(
        layout="national-form",
        department={"name": "某厅", "year": 2023, "balance_claim": "无余额"},
        projects=[bare, full],
        expenditures=[{"project": PROJECT, "purpose": "a", "amount": Decimal(90)}],
        indicators=indicators, texts=texts, funding=funding,
    ))
    fired = {(f.rule, f.project) for f in result.findings}
    for rule in ("F001", "F003", "F004", "F006", "F007", "S001", "S002", "S003", "B001", "I001", "I003", "I004", "I005", "I009", "S004", "D006"):
        assert (rule, PROJECT) in fired, rule

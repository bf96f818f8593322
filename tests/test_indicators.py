"""I rules: indicator coverage, empty values, unexplained shortfalls, points and weights."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model import Submission
from tests.strategies import consistent_submissions


def one_indicator(**fields) -> Submission:
    row = {"project": "甲", "level1": "产出指标", "level2": "数量指标", "name": "人数", **fields}
    return Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": "甲", "budget": Decimal(1)}], indicators=[row])


def fired(result, code):
    return [f for f in result.findings if f.rule == code]


@pytest.mark.parametrize(
    ("target", "actual", "fires"),
    [
        ("≥99人", "98人", True), ("≥99人", "99人", False), (">=99", "98", True), ("99人", "98", True), ("100%", "98.5%", True),
        ("≤50万元", "51万元", True), ("≤50万元", "50万元", False), ("<50", "49", False), ("≥90%", "95%", False),
        ("按期完成", "未按期", False), ("2023年10月前", "2023年11月", False), ("≥99人", "98场", False),
        ("≥1,000人", "999人", True), ("≥９９人", "９８人", True),
    ],
)
def test_i003_compares_numbers_in_the_same_unit_only(check, target, actual, fires):
    assert bool(fired(check(one_indicator(target=target, actual=actual)), "I003")) == fires


def test_i003_is_silent_when_the_shortfall_is_explained(check):
    assert not fired(check(one_indicator(target="≥99人", actual="98人", deviation_reason="1人因病缺席")), "I003")


@settings(max_examples=60, deadline=None)
@given(consistent_submissions(), st.data())
def test_lowering_an_actual_below_its_target_fires_i003_for_that_indicator(check, submission, data):
    quantities = [i for i, indicator in enumerate(submission.indicators) if indicator.level2 == "数量指标"]
    assert quantities, "every consistent project has a 数量指标"
    index = data.draw(st.sampled_from(quantities))
    indicator = submission.indicators[index]
    target = int(indicator.target.strip("≥人"))
    moved = indicator.model_copy(update={"actual": f"{target - 1}人"})
    indicators = [*submission.indicators[:index], moved, *submission.indicators[index + 1:]]
    found = fired(check(submission.model_copy(update={"indicators": indicators})), "I003")
    assert [(f.project, f.values["indicator"]) for f in found] == [(indicator.project, indicator.name)]


@pytest.mark.parametrize(("target", "actual", "expected"), [(None, "5", 1), ("5", None, 1), (None, None, 1), ("5", "5", 0), ("—", "5", 1)])
def test_i002_one_finding_per_indicator(check, target, actual, expected):
    assert len(fired(check(one_indicator(target=target, actual=actual)), "I002")) == expected


@pytest.mark.parametrize(("weight", "points", "fires"), [("10", "10", False), ("10", "10.01", True), ("10", "-1", True), (None, "-0.5", True), (None, "50", False)])
def test_i004_points_within_weight_and_not_negative(check, weight, points, fires):
    submission = one_indicator(target="1", actual="1", weight=None if weight is None else Decimal(weight), points=Decimal(points))
    assert bool(fired(check(submission), "I004")) == fires


def test_i001_names_every_missing_kind_once_per_project(check):
    submission = one_indicator(target="1", actual="1")
    [finding] = fired(check(submission), "I001")
    assert finding.values["missing"] == "质量指标、时效指标、成本指标"


def test_i001_counts_2021_cost_kinds_as_cost(check):
    rows = [
        {"project": "甲", "level1": "产出指标", "level2": kind, "name": kind, "target": "1", "actual": "1"}
        for kind in ("数量指标", "质量指标", "时效指标", "成本指标")
    ]
    rows[3]["level1"] = "成本指标"
    submission = Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": "甲", "budget": Decimal(1)}], indicators=rows)
    assert not fired(check(submission), "I001")


def test_i005_sums_only_the_weights_given(check):
    rows = [
        {"project": "甲", "level1": "产出指标", "level2": "数量指标", "name": "a", "weight": Decimal(45)},
        {"project": "甲", "level1": "产出指标", "level2": "质量指标", "name": "b", "weight": Decimal("44.5")},
        {"project": "甲", "level1": "产出指标", "level2": "时效指标", "name": "c"},
    ]
    submission = Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": "甲", "budget": Decimal(1)}], indicators=rows)
    [finding] = fired(check(submission), "I005")
    assert finding.values == {"expected": "90", "actual": "89.5"}

"""S rules: a project's score against its parts (within 0.5) and its grade against its band."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model import Submission
from tests.strategies import consistent_submissions


def fired(result, code):
    return [f.project for f in result.findings if f.rule == code]


def scored(score: str, grade: str | None = None, executed: str = "18") -> Submission:
    """10 × 18/20 + 40 + 30 = 79 exactly."""
    return Submission(
        path="x.xlsx",
        department={"name": "某厅", "year": 2023},
        projects=[{"name": "甲", "budget": Decimal(20), "executed": Decimal(executed), "score": Decimal(score), "grade": grade}],
        indicators=[
            {"project": "甲", "level1": "产出指标", "level2": "数量指标", "name": "a", "weight": Decimal(50), "points": Decimal(40)},
            {"project": "甲", "level1": "效益指标", "level2": "社会效益指标", "name": "b", "weight": Decimal(40), "points": Decimal(30)},
        ],
    )


@pytest.mark.parametrize(("score", "fires"), [("79", False), ("79.5", False), ("78.5", False), ("79.51", True), ("78.49", True)])
def test_s001_allows_exactly_half_a_point(check, score, fires):
    assert fired(check(scored(score)), "S001") == (["甲"] if fires else [])


def test_s001_caps_the_execution_points_at_ten(check):
    """Spending 30 of 20 still earns 10, not 15: 10 + 70 = 80."""
    assert fired(check(scored("80", executed="30")), "S001") == []
    assert fired(check(scored("85", executed="30")), "S001") == ["甲"]


@settings(max_examples=80, deadline=None)
@given(consistent_submissions(), st.sampled_from([Decimal("0.51"), Decimal("-0.51"), Decimal("3")]))
def test_moving_a_score_beyond_half_a_point_fires_s001(check, submission, delta):
    project = submission.projects[0]
    moved = project.model_copy(update={"score": project.score + delta, "grade": None})
    result = check(submission.model_copy(update={"projects": [moved, *submission.projects[1:]]}))
    assert fired(result, "S001") == [project.name]


@pytest.mark.parametrize(
    ("score", "grade", "fires"),
    [
        ("90", "优秀", False), ("89.99", "优秀", True), ("89.99", "良好", False), ("80", "良好", False),
        ("79.99", "良好", True), ("60", "中", False), ("59.99", "中", True), ("59.99", "差", False), ("95", "差", True),
    ],
)
def test_s002_grade_bands(check, score, grade, fires):
    submission = Submission(
        path="x.xlsx",
        department={"name": "某厅", "year": 2023},
        projects=[{"name": "甲", "budget": Decimal(1), "score": Decimal(score), "grade": grade}],
    )
    assert fired(check(submission), "S002") == (["甲"] if fires else [])

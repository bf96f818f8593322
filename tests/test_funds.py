"""F and B rules: arithmetic of amounts, exact to the fen, at the tolerance (n + 1) × precision / 2."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from auditor.model import Submission
from tests.strategies import CENT, consistent_submissions

PROPERTY = settings(max_examples=120, deadline=None)


def codes_by_project(result, code):
    return sorted((f.project or "") for f in result.findings if f.rule == code)


def tolerance_steps(items: int) -> int:
    """The largest whole number of 0.01-steps within (items + 1) × 0.01 / 2."""
    return (items + 1) // 2


def with_expenditure_moved(submission: Submission, index: int, steps: int) -> Submission:
    rows = list(submission.expenditures)
    rows[index] = rows[index].model_copy(update={"amount": rows[index].amount + steps * CENT})
    return submission.model_copy(update={"expenditures": rows})


@PROPERTY
@given(consistent_submissions(), st.data())
def test_moving_one_breakdown_amount_fires_f001_beyond_the_tolerance_only(check, submission, data):
    assume(submission.expenditures)
    index = data.draw(st.integers(0, len(submission.expenditures) - 1))
    project = submission.expenditures[index].project
    items = sum(1 for e in submission.expenditures if e.project == project)
    sign = data.draw(st.sampled_from([1, -1]))
    within = tolerance_steps(items)
    assert codes_by_project(check(with_expenditure_moved(submission, index, sign * within)), "F001") == []
    beyond = with_expenditure_moved(submission, index, sign * (within + 1))
    assert codes_by_project(check(beyond), "F001") == [project]


def test_the_boundary_is_exactly_half_a_unit_per_item_and_total(check):
    """Seven items and a total: 8 × 0.005 = 0.04 万元 is consistent, 0.05 is not (the seed)."""
    base = {
        "department": {"name": "某厅", "year": 2023},
        "projects": [{"name": "甲", "budget": Decimal("1000"), "executed": Decimal("1000")}],
    }
    amounts = [Decimal(x) for x in ("50", "60", "225.7", "15", "22", "504.5", "122.8")]
    for extra, fires in ((Decimal("0.04"), False), (Decimal("0.05"), True)):
        rows = [{"project": "甲", "purpose": str(i), "amount": a} for i, a in enumerate(amounts)]
        rows[-1]["amount"] += extra
        result = check(Submission(path="x.xlsx", expenditures=rows, **base))
        assert codes_by_project(result, "F001") == (["甲"] if fires else [])


def test_in_yuan_the_tolerance_is_in_fen(check):
    """With 金额单位 元, precision 0.01 元: two items may be off by 0.01 元 (floor of 0.015), not 0.02."""
    for amount, fires in ((Decimal("100.01"), False), (Decimal("100.02"), True)):
        result = check(
            Submission(
                path="x.xlsx",
                department={"name": "某厅", "year": 2023, "unit": "元"},
                projects=[{"name": "甲", "budget": Decimal("200")}],
                expenditures=[
                    {"project": "甲", "purpose": "a", "amount": amount},
                    {"project": "甲", "purpose": "b", "amount": Decimal("100")},
                ],
            )
        )
        assert codes_by_project(result, "F001") == (["甲"] if fires else [])


@PROPERTY
@given(consistent_submissions(), st.sampled_from([1, -1]))
def test_moving_the_stated_total_fires_f002_beyond_the_tolerance_only(check, submission, sign):
    department = submission.department
    within = tolerance_steps(len(submission.projects))
    for steps, expected in ((within, []), (within + 1, [""])):
        moved = department.model_copy(update={"total_allocation": department.total_allocation + sign * steps * CENT})
        assert codes_by_project(check(submission.model_copy(update={"department": moved})), "F002") == expected


@PROPERTY
@given(consistent_submissions(), st.data())
def test_moving_a_balance_fires_f003_beyond_one_and_a_half_units(check, submission, data):
    index = data.draw(st.integers(0, len(submission.projects) - 1))
    sign = data.draw(st.sampled_from([1, -1]))
    for steps, fires in ((1, False), (2, True)):
        projects = list(submission.projects)
        projects[index] = projects[index].model_copy(update={"balance": projects[index].balance + sign * steps * CENT})
        result = check(submission.model_copy(update={"projects": projects}))
        assert codes_by_project(result, "F003") == ([projects[index].name] if fires else [])


@PROPERTY
@given(consistent_submissions(), st.data())
def test_spending_above_the_budget_fires_f004_beyond_one_unit(check, submission, data):
    index = data.draw(st.integers(0, len(submission.projects) - 1))
    for steps, fires in ((1, False), (2, True)):
        projects = list(submission.projects)
        budget = projects[index].budget
        projects[index] = projects[index].model_copy(update={"executed": budget + steps * CENT, "balance": -steps * CENT})
        result = check(submission.model_copy(update={"projects": projects}))
        assert codes_by_project(result, "F004") == ([projects[index].name] if fires else [])


@PROPERTY
@given(consistent_submissions(), st.data())
def test_a_zero_balance_claim_with_money_left_fires_b001_for_that_project(check, submission, data):
    index = data.draw(st.integers(0, len(submission.projects) - 1))
    steps = data.draw(st.integers(2, 10_000))
    projects = list(submission.projects)
    project = projects[index]
    assume(project.executed > steps * CENT)
    projects[index] = project.model_copy(update={"executed": project.executed - steps * CENT})
    department = submission.department.model_copy(update={"balance_claim": "无余额"})
    # Make every other project fully spent so that only the moved one contradicts the claim.
    rest = [
        p if i == index else p.model_copy(update={"executed": p.budget, "balance": Decimal(0)})
        for i, p in enumerate(projects)
    ]
    spent = submission.model_copy(update={"projects": rest, "department": department, "expenditures": []})
    assert codes_by_project(check(spent), "B001") == [project.name]


def test_b001_gives_one_finding_per_project_whatever_number_of_contradictions(check):
    result = check(
        Submission(
            path="x.xlsx",
            department={"name": "某厅", "year": 2023, "balance_claim": "无余额"},
            projects=[{"name": "甲", "budget": Decimal(100), "executed": Decimal(90), "balance": Decimal(10)}],
            expenditures=[{"project": "甲", "purpose": "a", "amount": Decimal(80)}],
        )
    )
    [finding] = [f for f in result.findings if f.rule == "B001"]
    assert "90.00" in finding.message and "10.00" in finding.message and "80.00" in finding.message
    assert finding.values == {"expected": "100.00", "actual": "90.00", "difference": "10.00"}

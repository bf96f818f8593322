"""durable-rules and the plain evaluator of the same rule files agree, finding for finding."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model import Submission
from tests.strategies import consistent_submissions

CENT = Decimal("0.01")


@st.composite
def disturbed_submissions(draw) -> Submission:
    """A consistent submission with a few figures moved at random: many rules fire, some do not."""
    submission = draw(consistent_submissions())
    projects = [
        p.model_copy(update={field: getattr(p, field) + draw(st.integers(-300, 300)) * CENT})
        if draw(st.booleans()) else p
        for p in submission.projects
        for field in [draw(st.sampled_from(["budget", "executed", "balance", "score"]))]
    ]
    expenditures = [
        e.model_copy(update={"amount": e.amount + draw(st.integers(-5, 5)) * CENT}) for e in submission.expenditures
    ]
    indicators = [
        i.model_copy(update={"points": i.points + draw(st.integers(-2, 2)), "actual": draw(st.sampled_from([i.actual, "0", None]))})
        for i in submission.indicators
    ]
    department = submission.department.model_copy(
        update={"balance_claim": draw(st.sampled_from(["无余额", "有余额", None])), "project_count": draw(st.integers(0, 5))}
    )
    return submission.model_copy(
        update={"projects": projects, "expenditures": expenditures, "indicators": indicators, "department": department}
    )


@settings(max_examples=200, deadline=None)
@given(disturbed_submissions())
def test_durable_rules_and_the_plain_evaluator_agree(check, check_plain, submission):
    assert check(submission) == check_plain(submission)

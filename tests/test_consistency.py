"""A submission whose every figure agrees with every other gets no finding, from either engine."""

from __future__ import annotations

from hypothesis import given, settings

from tests.strategies import consistent_submissions


@settings(max_examples=150, deadline=None)
@given(consistent_submissions())
def test_a_consistent_submission_fires_no_rule(check, check_plain, submission):
    result = check(submission)
    assert result.findings == []
    assert check_plain(submission) == result

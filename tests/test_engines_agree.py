"""durable-rules and the plain evaluator of the same rule files agree, finding for finding."""

from __future__ import annotations

from hypothesis import given, settings

from tests.strategies import disturbed_submissions


@settings(max_examples=200, deadline=None)
@given(disturbed_submissions())
def test_durable_rules_and_the_plain_evaluator_agree(check, check_plain, submission):
    assert check(submission) == check_plain(submission)

"""durable-rules and the plain evaluator of the same rule files agree, finding for finding.

On new generated submissions of every kind each run (``test_rule_coverage.py`` holds them to
a fixed sample that reaches every rule).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.strategies import rule_reaching_submissions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_reaching_submissions())
def test_durable_rules_and_the_plain_evaluator_agree(check, check_plain, submission):
    assert check(submission) == check_plain(submission)

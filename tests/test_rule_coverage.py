"""Generated data reaches every rule and builds every kind of fact, and both engines agree on all of it.

That durable-rules and the plain evaluator agree says nothing about a rule that never fires
in the data they are compared on, nor about a fact kind never built from it. These tests run
on a fixed sample of generated submissions (``tests.strategies.fixed_sample``: every plant
several times over, national tables, data issues, unreadable files, consistent data) and
assert that every rule code of the catalogue fires somewhere in it, that every fact kind is
built from it, and that the two engines give identical results on every submission of it.
Which findings are the right ones is ``test_oracle.py``'s question.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from auditor.catalogue.rule_files import Catalogue
from auditor.facts import FACT_KINDS, FactRequest, build_facts
from auditor.model import FileResult, Submission
from tests.strategies import consistent_national_submissions, fixed_sample


@pytest.fixture(scope="module")
def checked(check) -> list[tuple[str, Submission, FileResult]]:
    """Every submission of the fixed sample with what durable-rules finds in it."""
    return [(name, submission, check(submission)) for name, submission in fixed_sample()]


def test_every_rule_of_the_catalogue_fires_in_the_generated_data(catalogue: Catalogue, checked):
    fired = Counter(finding.rule for _, _, result in checked for finding in result.findings)
    assert len(catalogue.rules) >= 30
    assert sorted({rule.code for rule in catalogue.rules} - set(fired)) == []


def test_every_kind_of_fact_is_built_from_the_generated_data():
    every_kind = [FactRequest(name, 0, kind.params) for name, kind in FACT_KINDS.items()]
    built = Counter(fact.kind for _, submission in fixed_sample() for fact in build_facts(submission, every_kind))
    assert len(FACT_KINDS) >= 21
    assert sorted(set(FACT_KINDS) - set(built)) == []


def test_durable_rules_and_the_plain_evaluator_agree_on_every_generated_submission(check_plain, checked):
    for name, submission, result in checked:
        assert check_plain(submission) == result, name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_national_submissions())
def test_a_consistent_national_table_fires_no_rule(check, check_plain, submission):
    """The national tables the plants start from agree with themselves, as ``consistent_submissions`` do."""
    result = check(submission)
    assert result.findings == []
    assert check_plain(submission) == result

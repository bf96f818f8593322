"""Every rule file's examples, run as tests: each gives exactly the findings it expects."""

from __future__ import annotations

import pytest

from auditor.catalogue.rule_files import load_catalogue
from auditor.model import Submission
from tests.conftest import RULES

EXAMPLES = [
    pytest.param(rule.code, index, id=f"{rule.code}-{index}-{'fires' if example.expect else 'passes'}")
    for rule in load_catalogue(RULES).rules
    for index, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("code", "index"), EXAMPLES)
def test_rule_example(code, index, catalogue, check, check_plain):
    rule = catalogue.rule(code)
    example = rule.examples[index]
    submission = Submission(path=f"{code}-example-{index}.xlsx", **example.submission)
    result = check(submission)
    found = [f for f in result.findings if f.rule == code]
    assert [f.project for f in found] == [e.project for e in example.expect]
    for expected, finding in zip(example.expect, found):
        assert {k: finding.values.get(k) for k in expected.values} == expected.values
        assert finding.message and "{" not in finding.message
    assert check_plain(submission) == result, "durable-rules and the plain evaluator disagree"

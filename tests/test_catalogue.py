"""Rule files: the shipped catalogue is complete and valid, and a broken file is named with its problem."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.catalogue.rule_files import (
    Rule,
    RuleFileError,
    load_catalogue,
    load_rule,
    load_yaml,
)
from tests.conftest import RULES

CATALOGUE_CODES = [
    "B001", "D001", "D002", "D003", "D004", "D005", "D006", "D007", "F001", "F002", "F003", "F004", "F005", "F006", "F007", "F008", "F009", "F010", "F011",
    "I001", "I002", "I003", "I004", "I005", "I006", "I007", "I008", "I009", "P001", "P002", "P003", "S001", "S002", "S003", "S004",
]
SEVERITIES = {
    "F001": "error", "F002": "error", "F003": "error", "F004": "error", "F005": "warning", "B001": "error",
    "I001": "warning", "I002": "warning", "I003": "warning", "I004": "error", "I005": "warning",
    "P001": "error", "P002": "error", "S001": "warning", "S002": "error",
    "D001": "error", "D002": "error", "D003": "error", "D004": "error", "D005": "error",
    # Rules that the national form brings (docs/RULES.md).
    "F006": "error", "F007": "error", "F008": "warning", "S003": "error", "S004": "error",
    "I006": "warning", "I007": "warning", "I008": "warning", "I009": "warning", "D006": "warning",
    # Statements in a written report, and figures in another unit (docs/RULES.md, last section).
    "D007": "warning", "F009": "error", "F010": "warning", "F011": "error", "P003": "warning",
}


def test_the_shipped_catalogue_holds_the_rules_of_the_contract(catalogue):
    assert [r.code for r in catalogue.rules] == CATALOGUE_CODES
    assert {r.code: r.severity for r in catalogue.rules} == SEVERITIES


def test_every_rule_documents_itself_in_both_languages(catalogue):
    for rule in catalogue.rules:
        for text in (rule.title, rule.message, rule.why):
            assert text.zh.strip() and text.en.strip()
        assert any(e.expect for e in rule.examples) and any(not e.expect for e in rule.examples)


def test_decimals_in_rule_files_are_read_exactly(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("amount: 504.55\ncount: 3\n", encoding="utf-8")
    assert load_yaml(path) == {"amount": Decimal("504.55"), "count": 3}


def broken(tmp_path: Path, old: str, new: str, code: str = "F001") -> Path:
    text = (RULES / f"{code}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{code}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "complaint", "code"),
    [
        ("attr: abs_difference", "attr: abs_diference", "unknown attribute 'abs_diference'", "F001"),
        ("fact: breakdown", "fact: breakdowns", "unknown fact kind 'breakdowns'", "F001"),
        ("severity: error", "severity: fatal", "severity", "F001"),
        ("code: F001", "code: F009", "does not match the file name", "F001"),
        ("gt: {attr: tolerance}", "gt: 0.5", "whole number", "F001"),
        ("gt: {attr: tolerance}", "gt: '10'", "holds a whole number", "F001"),
        ("{breakdown_total}", "{breakdown_sum}", "unknown placeholder {breakdown_sum}", "F001"),
        ('precision: "0.01"', 'precison: "0.01"', "params.precison", "F001"),
        ("values:\n", "locations: [nowhere]\nvalues:\n", "has no cells 'nowhere'", "F001"),
        ("    expect: []\n", "    expect: [{project: null}]\n", "one that passes", "F002"),
        ("name: breakdown-sum", "name: Breakdown Sum", "name", "F001"),
        ("when:\n  attr", "when:\n  all: []\n  attr", "non-empty list", "F001"),
    ],
)
def test_a_broken_rule_file_is_refused_naming_the_file_and_the_problem(tmp_path, old, new, complaint, code):
    path = broken(tmp_path, old, new, code)
    with pytest.raises(RuleFileError) as error:
        load_rule(path)
    assert str(path) in str(error.value)
    assert complaint in str(error.value)


def test_a_yaml_syntax_error_names_the_file(tmp_path):
    path = tmp_path / "F001.yaml"
    path.write_text("code: F001\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="F001.yaml: not readable YAML"):
        load_rule(path)


def test_a_folder_reports_every_broken_file_at_once(tmp_path):
    broken(tmp_path, "severity: error", "severity: fatal", "F001")
    broken(tmp_path, "severity: error", "severity: fatal", "F002")
    with pytest.raises(RuleFileError) as error:
        load_catalogue(tmp_path)
    assert "F001.yaml" in str(error.value) and "F002.yaml" in str(error.value)


def test_an_empty_folder_is_refused(tmp_path):
    with pytest.raises(RuleFileError, match="no rule files"):
        load_catalogue(tmp_path)


def test_a_bureau_folder_with_its_own_rule_loads_beside_the_shipped_ones(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    text = (RULES / "F004.yaml").read_text(encoding="utf-8").replace("code: F004", "code: X104").replace("name: overspend", "name: bureau-overspend")
    (tmp_path / "rules" / "X104.yaml").write_text(text, encoding="utf-8")
    codes = [r.code for r in load_catalogue(tmp_path / "rules").rules]
    assert "X104" in codes and len(codes) == len(CATALOGUE_CODES) + 1


def test_a_bureau_rule_may_compare_the_project_as_a_word(tmp_path):
    text = (RULES / "F004.yaml").read_text(encoding="utf-8").replace("code: F004", "code: X105").replace("name: overspend", "name: one-project")
    (tmp_path / "X105.yaml").write_text(text.replace("attr: overspend\n  gt: {attr: tolerance}", "attr: project\n  eq: 送温暖资金"), encoding="utf-8")
    assert load_catalogue(tmp_path).rule("X105").condition.attr == "project"
    (tmp_path / "X105.yaml").write_text(text.replace("attr: overspend\n  gt: {attr: tolerance}", "attr: project\n  gt: 5"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="project is compared with 5, but it holds a word"):
        load_catalogue(tmp_path)


def test_the_schema_can_be_published_as_json_schema():
    schema = Rule.model_json_schema()
    assert {"code", "name", "severity", "fact", "when", "examples"} <= set(schema["required"])

"""The condition language of rule files: what it accepts, what it refuses (saying where), and what it means.

A bureau writes its own rules in this language (``--rules DIR``), so a refusal must name
the offending part of the file, and every operator must mean the same in the plain
evaluator and, compiled, in durable-rules: each operator is checked at the values just
below, at and just above its operand, with a number and with another attribute.
"""

from __future__ import annotations

import operator

import pytest

from auditor.catalogue.conditions import (
    AllOf,
    AnyOf,
    AttrRef,
    Comparison,
    ConditionError,
    comparisons,
    evaluate,
    labelled,
    parse_condition,
)
from auditor.catalogue.rule_files import Catalogue, load_catalogue
from auditor.engine.durable_adapter import DurableEngine, compile_condition, compile_rule
from auditor.engine.interface import Firing
from auditor.engine.plain import PlainEngine
from auditor.facts import EngineFact, FactRow
from tests.conftest import RULES

MEANING = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


# ---- parsing ------------------------------------------------------------------------------


def test_a_comparison_with_a_number_a_word_or_another_attribute():
    assert parse_condition({"attr": "abs_difference", "gt": {"attr": "tolerance"}}) == Comparison("abs_difference", "gt", AttrRef("tolerance"))
    assert parse_condition({"attr": "comparator_class", "eq": "plain", "id": "p"}) == Comparison("comparator_class", "eq", "plain", "p")
    assert parse_condition({"attr": "excess", "lte": -3}) == Comparison("excess", "lte", -3)
    for op in MEANING:
        assert parse_condition({"attr": "a", op: 0}).op == op


def test_all_and_any_nest_and_keep_their_ids():
    parsed = parse_condition({"all": [{"attr": "a", "eq": 1}, {"any": [{"attr": "b", "gt": 0, "id": "x"}], "id": "y"}], "id": "z"})
    assert parsed == AllOf((Comparison("a", "eq", 1), AnyOf((Comparison("b", "gt", 0, "x"),), "y")), "z")
    assert [c.attr for c in comparisons(parsed)] == ["a", "b"]
    assert [part.id for part in labelled(parsed)] == ["z", "y", "x"]


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ([{"attr": "a", "eq": 1}], "when: expected a mapping with all, any or attr, got [{'attr': 'a', 'eq': 1}]"),
        ({"attr": "a", "eq": 1, "id": 3}, "when: id must be text"),
        ({"all": []}, "when: 'all' takes a non-empty list and nothing beside it but id"),
        ({"any": {"attr": "a", "eq": 1}}, "when: 'any' takes a non-empty list and nothing beside it but id"),
        ({"all": [{"attr": "a", "eq": 1}], "attr": "b"}, "when: 'all' takes a non-empty list and nothing beside it but id"),
        ({"eq": 1}, "when: expected all, any or attr, got keys ['eq']"),
        ({"attr": "a"}, "when: a comparison has attr and exactly one of ['eq', 'gt', 'gte', 'lt', 'lte', 'ne'] (got ['attr'])"),
        ({"attr": "a", "eq": 1, "gt": 0}, "when: a comparison has attr and exactly one of ['eq', 'gt', 'gte', 'lt', 'lte', 'ne'] (got ['attr', 'eq', 'gt'])"),
        ({"attr": "a", "eq": 1, "note": "x"}, "when: a comparison has attr and exactly one of ['eq', 'gt', 'gte', 'lt', 'lte', 'ne'] (got ['attr', 'eq', 'note'])"),
        ({"attr": "a", "gt": {"attr": "b", "id": "c"}}, "when.gt: a reference is written {attr: NAME}"),
        ({"attr": "a", "gt": 0.5}, "when.gt: compare with a whole number, a word or {attr: NAME}, not 0.5"),
        ({"attr": "a", "eq": True}, "when.eq: compare with a whole number, a word or {attr: NAME}, not True"),
        ({"attr": "a", "eq": None}, "when.eq: compare with a whole number, a word or {attr: NAME}, not None"),
        ({"any": [{"attr": "a", "eq": 1}, {"all": [{"attr": "b", "lt": 1.5}]}]}, "when.any[1].all[0].lt: compare with a whole number, a word or {attr: NAME}, not 1.5"),
        ({"all": [{"attr": "a", "eq": 1}, "b"]}, "when.all[1]: expected a mapping with all, any or attr, got 'b'"),
    ],
)
def test_a_condition_outside_the_language_is_refused_naming_where(raw, complaint):
    with pytest.raises(ConditionError) as refused:
        parse_condition(raw)
    assert str(refused.value) == complaint


def test_the_place_named_is_the_one_given():
    with pytest.raises(ConditionError, match=r"^rules/X001.yaml when\.gt: "):
        parse_condition({"attr": "a", "gt": 0.5}, "rules/X001.yaml when")


# ---- meaning, in both engines -------------------------------------------------------------


@pytest.fixture(scope="module")
def f005_catalogue(tmp_path_factory) -> Catalogue:
    """A one-rule catalogue whose condition each test replaces (F005's fact has two integers)."""
    folder = tmp_path_factory.mktemp("rules")
    (folder / "F005.yaml").write_text((RULES / "F005.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return load_catalogue(folder)


def counts_fact(key: str, stated: int, counted: int) -> EngineFact:
    return EngineFact(key, "project_count", 0, FactRow(project=None, values={"stated_count": stated, "counted": counted}))


def fired_by_both(catalogue: Catalogue, raw: dict, facts: list[EngineFact]) -> list[str]:
    """The keys of the facts a condition fires on; durable-rules and the plain evaluator must agree."""
    [rule] = catalogue.rules
    replaced = Catalogue([rule.model_copy(update={"when": parse_condition(raw)})], catalogue.folder)
    plain = PlainEngine(replaced).fire(facts)
    durable = DurableEngine(replaced).fire(facts)
    assert durable == plain
    assert all(isinstance(firing, Firing) and firing.rule == "F005" for firing in plain)
    return [firing.fact_key for firing in plain]


@pytest.mark.parametrize("op", list(MEANING))
def test_every_operator_means_the_same_in_both_engines_at_below_and_above_its_operand(f005_catalogue, op):
    facts = [counts_fact(f"k{value}", value, 5) for value in (4, 5, 6)]
    expected = [f"k{value}" for value in (4, 5, 6) if MEANING[op](value, 5)]
    assert fired_by_both(f005_catalogue, {"attr": "stated_count", op: 5}, facts) == expected
    assert fired_by_both(f005_catalogue, {"attr": "stated_count", op: {"attr": "counted"}}, facts) == expected


def test_all_needs_every_part_and_any_one(f005_catalogue):
    facts = [counts_fact(f"k{s}{c}", s, c) for s in (0, 1) for c in (0, 1)]
    both = {"all": [{"attr": "stated_count", "eq": 1}, {"attr": "counted", "eq": 1}]}
    either = {"any": [{"attr": "stated_count", "eq": 1}, {"attr": "counted", "eq": 1}]}
    assert fired_by_both(f005_catalogue, both, facts) == ["k11"]
    assert fired_by_both(f005_catalogue, either, facts) == ["k01", "k10", "k11"]


def test_a_word_is_compared_as_a_word():
    condition = parse_condition({"attr": "grade", "ne": {"attr": "expected_grade"}})
    assert evaluate(condition, {"grade": "优秀", "expected_grade": "良好"})
    assert not evaluate(condition, {"grade": "良好", "expected_grade": "良好"})
    assert evaluate(parse_condition({"attr": "grade", "eq": "优秀"}), {"grade": "优秀"})


def test_the_compiled_form_is_durable_rules_json():
    assert compile_condition(Comparison("a", "eq", 1)) == {"a": 1}
    assert compile_condition(Comparison("a", "ne", "x")) == {"$neq": {"a": "x"}}
    assert compile_condition(Comparison("a", "gte", AttrRef("b"))) == {"$gte": {"a": {"$m": "b"}}}
    nested = AllOf((Comparison("a", "lt", 0), AnyOf((Comparison("b", "lte", 1), Comparison("c", "gt", 2)))))
    assert compile_condition(nested) == {"$and": [{"$lt": {"a": 0}}, {"$or": [{"$lte": {"b": 1}}, {"$gt": {"c": 2}}]}]}


def test_a_compiled_rule_tests_the_fact_kind_and_parameter_set_then_runs_its_code(catalogue):
    rule = catalogue.rule("F004")
    assert compile_rule(rule, 3) == {
        "all": [{"m": {"$and": [{"t": "spending"}, {"v": 3}, {"$gt": {"overspend": {"$m": "tolerance"}}}]}}],
        "run": "F004",
    }

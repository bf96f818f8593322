"""durable-rules' sharp edges (docs/ENGINE_NOTES.md): one regression test for each way around them."""

from __future__ import annotations

import threading
import warnings
from decimal import Decimal

import pytest
from durable.engine import MessageNotHandledException
from hypothesis import given, settings

from auditor.catalogue.conditions import ConditionError, parse_condition
from auditor.catalogue.rule_files import Catalogue, load_catalogue
from auditor.engine.durable_adapter import (
    DurableEngine,
    EngineError,
    check_payload,
    compile_ruleset,
    engine_for,
    engine_payload,
    rule_attributes,
)
from auditor.facts import FACT_KINDS, EngineFact, FactRow, build_facts
from auditor.model import Submission
from tests.conftest import RULES
from tests.strategies import consistent_submissions


def breakdown_fact(key: str, difference: int, tolerance: int = 4000) -> EngineFact:
    values = {"items": 7, "breakdown_total": 0, "basis_amount": 0, "difference": difference, "abs_difference": abs(difference), "tolerance": tolerance}
    return EngineFact(key, "breakdown", 0, FactRow(project="甲", values=values))


@pytest.fixture(scope="module")
def f001_only(tmp_path_factory) -> Catalogue:
    folder = tmp_path_factory.mktemp("rules")
    (folder / "F001.yaml").write_text((RULES / "F001.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return load_catalogue(folder)


def test_a_fact_no_rule_matches_does_not_hide_the_other_facts_firings(f001_only):
    """Host.assert_facts raises MessageNotHandledException and skips every action; our batch call does not."""
    engine = engine_for(f001_only)
    orphan = EngineFact("orphan", "project_count", 0, FactRow(project=None, values={"stated_count": 1, "counted": 2}))
    facts = [orphan, breakdown_fact("k1", 5000)]
    assert [(f.rule, f.fact_key) for f in engine.fire(facts)] == [("F001", "k1")]
    with pytest.raises(MessageNotHandledException):
        engine._host.assert_facts(engine._name, [{**orphan.payload, "sid": "raw"}])


def test_every_session_is_deleted_so_more_than_1024_submissions_run(f001_only):
    engine = DurableEngine(f001_only)
    for n in range(1100):
        assert engine.fire([breakdown_fact(f"k{n}", 5000 if n % 2 else 0)]) == ([("F001", f"k{n}")] if n % 2 else [])
    assert engine._abandoned == 0


def test_a_session_with_no_fact_of_any_rule_still_completes(f001_only):
    """The sentinel makes an action run in every session, so delete_state is always safe."""
    engine = DurableEngine(f001_only)
    for _ in range(50):
        assert engine.fire([]) == []


def test_creating_an_engine_starts_no_timer_threads(f001_only):
    before = threading.active_count()
    DurableEngine(f001_only)
    DurableEngine(f001_only)
    assert threading.active_count() == before


def test_one_engine_per_catalogue_is_reused(catalogue):
    assert engine_for(catalogue) is engine_for(catalogue)


@settings(max_examples=60, deadline=None)
@given(consistent_submissions())
def test_every_fact_carries_every_declared_attribute_as_an_integer_or_word(catalogue, submission):
    """No $m reference can meet a missing attribute, and nothing but integers and words is sent."""
    for fact in build_facts(submission, catalogue.fact_requests):
        payload = fact.payload
        assert set(FACT_KINDS[fact.kind].all_attributes()) <= set(payload)
        check_payload(payload)


@pytest.mark.parametrize("value", [0.5, 1e-05, float("inf"), True, 2**53, [1], None])
def test_floats_booleans_huge_integers_and_nesting_never_reach_the_engine(value):
    with pytest.raises(EngineError):
        check_payload({"t": "breakdown", "x": value})


@pytest.mark.parametrize("value", [0.5, True, 2**53, None])
def test_a_tested_attribute_the_engine_would_mishandle_stops_the_evaluation_before_it_is_sent(f001_only, value):
    engine = DurableEngine(f001_only)
    with pytest.raises(EngineError):
        engine.fire([breakdown_fact("k1", 5000, tolerance=value)])
    assert engine._abandoned == 0  # nothing was asserted, so no session was left behind
    assert engine.fire([breakdown_fact("k2", 5000)]) == [("F001", "k2")]


def test_only_the_attributes_the_rules_test_are_sent(f001_only):
    """The C core parses all it is sent; the rest of a fact is for messages."""
    tested = rule_attributes(f001_only)["breakdown"]
    assert {"abs_difference", "tolerance"} <= set(tested)
    payload = engine_payload(breakdown_fact("k1", 5000), tested, "s0")
    assert set(payload) == {"t", "v", "key", "sid", *tested}


def test_rule_conditions_compare_with_whole_numbers_or_words_only():
    with pytest.raises(ConditionError):
        parse_condition({"attr": "abs_difference", "gt": 0.5})
    with pytest.raises(ConditionError):
        parse_condition({"attr": "abs_difference", "gt": True})


def test_identical_facts_with_distinct_keys_both_fire(f001_only):
    engine = engine_for(f001_only)
    fired = engine.fire([breakdown_fact("a", 5000), breakdown_fact("b", 5000)])
    assert [f.fact_key for f in fired] == ["a", "b"]


def test_every_compiled_pattern_tests_the_fact_type_and_parameter_set_first(catalogue):
    for code, rule in compile_ruleset(catalogue).items():
        pattern = rule["all"][0]["m"]
        if code == "__sentinel__":
            assert pattern == {"t": "__sentinel__"}
            continue
        assert pattern["$and"][0] == {"t": catalogue.rule(code).fact}
        assert pattern["$and"][1] == {"v": catalogue.variant_of(catalogue.rule(code))}


def test_an_or_whose_branches_all_hold_fires_its_rule_once(check):
    submission = Submission(
        path="x.xlsx",
        department={"name": "某厅", "year": 2023, "balance_claim": "无余额"},
        projects=[{"name": "甲", "budget": Decimal(100), "executed": Decimal(90), "balance": Decimal(10)}],
        expenditures=[{"project": "甲", "purpose": "a", "amount": Decimal(80)}],
    )
    assert [f.rule for f in check(submission).findings].count("B001") == 1


def test_the_per_action_deprecation_warning_of_python_3_12_does_not_fail_an_evaluation(f001_only, monkeypatch):
    """On 3.12+ every action warns (utcfromtimestamp); with warnings as errors that must not break a session."""
    import durable.engine

    def warning_now() -> float:
        warnings.warn("datetime.datetime.utcfromtimestamp() is deprecated", DeprecationWarning, stacklevel=2)
        return 0.0

    monkeypatch.setattr(durable.engine, "_unix_now", warning_now)
    engine = DurableEngine(f001_only)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [f.rule for f in engine.fire([breakdown_fact("k", 5000)])] == ["F001"]


def test_rules_sharing_a_fact_kind_with_different_parameters_get_their_own_facts(tmp_path):
    """Two rules over `breakdown` with different precision: each sees facts built with its own tolerance."""
    source = (RULES / "F001.yaml").read_text(encoding="utf-8")
    (tmp_path / "F001.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "X001.yaml").write_text(
        source.replace("code: F001", "code: X001").replace('precision: "0.01"', 'precision: "1"'), encoding="utf-8"
    )
    catalogue = load_catalogue(tmp_path)
    submission = Submission(
        path="x.xlsx",
        department={"name": "某厅", "year": 2023},
        projects=[{"name": "甲", "budget": Decimal(100)}],
        expenditures=[{"project": "甲", "purpose": "a", "amount": Decimal("100.5")}],
    )
    fired = engine_for(catalogue).fire(build_facts(submission, catalogue.fact_requests))
    assert [f.rule for f in fired] == ["F001"]  # 0.5 is beyond 0.01 but within 1 × 2 / 2

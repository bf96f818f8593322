"""The one module that talks to durable-rules: compiles rule conditions and runs a session per submission.

durable-rules 2.0.28's C core has sharp edges (docs/ENGINE_NOTES.md); each is handled
here, and tests/test_engine_durable.py keeps a regression test for each:

- ``Host.assert_facts`` raises on a fact no rule matches and then skips the other
  facts' actions → we call the raw batch assert and run the actions ourselves;
- ``delete_state`` on a session where no action ran can segfault → a sentinel rule
  fires in every session before it is deleted;
- ``Host.__init__`` starts timer threads that never stop → ``_run`` is a no-op and one
  engine per catalogue per process is reused (``engine_for``);
- joins, ``$or`` mixing plain and join tests, ``$m`` to a missing attribute misbehave →
  every rule is one pattern on one flat fact whose attributes are always present;
- exponent floats, ``inf`` and string/number mixes break comparisons → payloads are
  checked to hold only integers (within 2^53) and strings;
- a fact asserted twice in a session is dropped → every fact has a unique ``key``;
- the C core parses every attribute it is sent → a fact goes with only the attributes
  its kind's rules test (``rule_attributes``), all of them, always present;
- an ``$or`` whose branches hold together fires its rule once per branch → firings
  are de-duplicated;
- a pattern without a type test also matches the session state → every pattern
  tests ``t`` first;
- Python 3.12+ warns on every action → DeprecationWarning is ignored while actions run.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable
from typing import Any

import durable_rules_engine
import orjson
from durable import engine as durable_engine

from auditor.catalogue.conditions import AllOf, AnyOf, AttrRef, Comparison, Condition, comparisons
from auditor.catalogue.rule_files import Catalogue, Rule
from auditor.engine.interface import Firing
from auditor.facts import EngineFact
from auditor.facts.base import ENGINE_INTEGER_LIMIT

SENTINEL = "__sentinel__"
#: Live sessions per ruleset are capped at 1024 by the C core; past this many sessions
#: left behind by failed evaluations, the ruleset is rebuilt.
_MAX_ABANDONED_SESSIONS = 256
_DURABLE_OPS = {"eq": None, "ne": "$neq", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}
_names = itertools.count()


class EngineError(RuntimeError):
    """durable-rules refused or failed an evaluation."""


def compile_condition(condition: Condition) -> dict[str, Any]:
    """A rule condition as a durable-rules JSON expression over the attributes of one fact."""
    if isinstance(condition, Comparison):
        operand: Any = {"$m": condition.operand.attr} if isinstance(condition.operand, AttrRef) else condition.operand
        op = _DURABLE_OPS[condition.op]
        return {condition.attr: operand} if op is None else {op: {condition.attr: operand}}
    joiner = "$and" if isinstance(condition, AllOf) else "$or"
    assert isinstance(condition, AllOf | AnyOf)
    return {joiner: [compile_condition(item) for item in condition.items]}


def compile_rule(rule: Rule, variant: int) -> dict[str, Any]:
    """One rule: a single pattern testing the fact type and parameter set first."""
    pattern = {"$and": [{"t": rule.fact}, {"v": variant}, compile_condition(rule.condition)]}
    return {"all": [{"m": pattern}], "run": rule.code}


def compile_ruleset(catalogue: Catalogue) -> dict[str, Any]:
    rules = {rule.code: compile_rule(rule, catalogue.variant_of(rule)) for rule in catalogue.rules}
    rules[SENTINEL] = {"all": [{"m": {"t": SENTINEL}}], "run": SENTINEL}
    return rules


def rule_attributes(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Per fact kind, every attribute a rule's condition names (tested, or referred to by ``{attr: …}``).

    Only these reach the engine: the rest of a fact is for messages, and parsing it in
    the C core cost more than the rules' own tests.
    """
    tested: dict[str, set[str]] = {}
    for rule in catalogue.rules:
        names = tested.setdefault(rule.fact, set())
        for comparison in comparisons(rule.condition):
            names.add(comparison.attr)
            if isinstance(comparison.operand, AttrRef):
                names.add(comparison.operand.attr)
    return {kind: tuple(sorted(names)) for kind, names in tested.items()}


def engine_payload(fact: EngineFact, attributes: tuple[str, ...], sid: str) -> dict[str, Any]:
    """What the engine is sent for one fact: its identity, the session and the attributes its rules test,
    each checked as ``check_payload`` checks (in the same pass: this runs for every fact of every file)."""
    payload: dict[str, Any] = {"t": fact.kind, "v": fact.variant, "key": fact.key, "sid": sid}
    values = fact.row.values
    for name in attributes:
        value = (fact.row.project or "") if name == "project" else values[name]
        kind = type(value)
        if not (kind is str or (kind is int and -ENGINE_INTEGER_LIMIT < value < ENGINE_INTEGER_LIMIT)):
            raise _refused(name, value)
        payload[name] = value
    return payload


class _QuietHost(durable_engine.Host):
    """A Host without the timer threads (we never use timers) whose actions record matches."""

    def __init__(self, rulesets: dict[str, Any], record: Callable[[str, Any], None]) -> None:
        self._record = record
        super().__init__(rulesets)

    def _run(self) -> None:  # no background dispatch threads
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        record = self._record

        def action(closure: Any) -> None:
            record(action_name, closure.m["key"])

        return action


def check_payload(payload: dict[str, Any]) -> None:
    """Refuse what the C core mis-handles: floats, booleans, huge integers, nested values."""
    for name, value in payload.items():
        kind = type(value)  # exact types: bool is not an int here
        if kind is str or (kind is int and -ENGINE_INTEGER_LIMIT < value < ENGINE_INTEGER_LIMIT):
            continue
        raise _refused(name, value)


def _refused(name: str, value: Any) -> EngineError:
    return EngineError(f"fact attribute {name}={value!r}: only integers within 2^53 and words reach the engine")


class DurableEngine:
    """A durable-rules ruleset for one catalogue; one session per submission, deleted at once."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._definition = compile_ruleset(catalogue)
        self._tested = rule_attributes(catalogue)
        self._fired: list[Firing] = []
        self._sentinel_fired = False
        self._abandoned = 0
        self._build()

    def _build(self) -> None:
        self._name = f"auditor{next(_names)}"
        definition = json.loads(json.dumps(self._definition))  # Ruleset() consumes its input
        self._host = _QuietHost({self._name: definition}, self._record)
        self._ruleset = self._host.get_ruleset(self._name)
        self._sessions = itertools.count()
        self._abandoned = 0

    def _record(self, action: str, fact_key: Any) -> None:
        if action == SENTINEL:
            self._sentinel_fired = True
        else:
            self._fired.append(Firing(action, str(fact_key)))

    def fire(self, facts: list[EngineFact]) -> list[Firing]:
        sid = f"s{next(self._sessions)}"
        tested = self._tested
        payloads = [engine_payload(fact, tested.get(fact.kind, ()), sid) for fact in facts]  # checked as built
        payloads.append({"t": SENTINEL, "key": SENTINEL, "sid": sid})
        self._fired = []
        self._sentinel_fired = False
        errors: list[Any] = []
        try:
            # orjson: a fifth of json.dumps's time on these flat integer/word facts (same text for the C parser).
            batch = orjson.dumps(payloads).decode()
            code, state = durable_rules_engine.assert_facts(self._ruleset._handle, batch)
            if code not in (0, 1, 2):  # 1: some fact matched no rule; 2: a duplicate; both harmless here
                raise EngineError(f"durable-rules refused the facts (code {code})")
            with warnings.catch_warnings():
                # durable-rules calls datetime.utcfromtimestamp for every action, which
                # Python 3.12+ deprecates; where warnings are errors that would fail it.
                warnings.simplefilter("ignore", DeprecationWarning)
                self._ruleset.do_actions(state, lambda error, _result: errors.append(error))
        except Exception as exc:
            self._abandon()
            raise EngineError(f"durable-rules failed: {exc}") from exc
        if not self._sentinel_fired or any(e is not None for e in errors):
            self._abandon()
            raise EngineError(f"durable-rules did not complete the session: {errors}")
        durable_rules_engine.delete_state(self._ruleset._handle, sid)
        # An $or with several true branches activates its rule once per branch.
        return sorted(set(self._fired))

    def _abandon(self) -> None:
        """A session whose actions did not all run cannot be deleted safely; leave it, rebuild if many."""
        self._abandoned += 1
        if self._abandoned >= _MAX_ABANDONED_SESSIONS:
            self._build()


_engines: dict[int, DurableEngine] = {}


def engine_for(catalogue: Catalogue) -> DurableEngine:
    """The process's one engine for a catalogue (a Host is costly and cannot be torn down)."""
    engine = _engines.get(id(catalogue))
    if engine is None or engine.catalogue is not catalogue:
        engine = _engines[id(catalogue)] = DurableEngine(catalogue)
    return engine

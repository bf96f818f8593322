"""The condition language of rule files: comparisons of one fact's attributes, joined by all/any.

Kept deliberately small — what durable-rules evaluates reliably on a single flat fact
(see docs/ENGINE_NOTES.md) — and engine-neutral: the durable-rules adapter compiles
it, and ``evaluate`` here is the plain-Python meaning both must agree on.

In YAML::

    when:
      all:
        - {attr: breakdown_known, eq: 1}
        - {attr: abs_breakdown_gap, gt: {attr: breakdown_tolerance}}
        - any:
            - {attr: comparator_class, eq: plain, id: plain}
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class ConditionError(ValueError):
    """A condition that does not follow the language; the message says where."""


@dataclass(frozen=True)
class AttrRef:
    """The right-hand side naming another attribute of the same fact."""

    attr: str


Operand = int | str | AttrRef


@dataclass(frozen=True)
class Comparison:
    attr: str
    op: str
    operand: Operand
    id: str | None = None


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]
    id: str | None = None


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]
    id: str | None = None


Condition = Comparison | AllOf | AnyOf


def parse_condition(raw: Any, where: str = "when") -> Condition:
    """A condition from its YAML form; ConditionError names the offending part."""
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: expected a mapping with all, any or attr, got {raw!r}")
    ident = raw.get("id")
    if ident is not None and not isinstance(ident, str):
        raise ConditionError(f"{where}: id must be text")
    for joiner, cls in (("all", AllOf), ("any", AnyOf)):
        if joiner in raw:
            extra = set(raw) - {joiner, "id"}
            items = raw[joiner]
            if extra or not isinstance(items, list) or not items:
                raise ConditionError(f"{where}: '{joiner}' takes a non-empty list and nothing beside it but id")
            return cls(tuple(parse_condition(item, f"{where}.{joiner}[{i}]") for i, item in enumerate(items)), ident)
    if "attr" not in raw:
        raise ConditionError(f"{where}: expected all, any or attr, got keys {sorted(raw)}")
    ops = [key for key in raw if key in OPERATORS]
    extra = set(raw) - {"attr", "id", *OPERATORS}
    if len(ops) != 1 or extra:
        raise ConditionError(f"{where}: a comparison has attr and exactly one of {sorted(OPERATORS)} (got {sorted(raw)})")
    op = ops[0]
    return Comparison(str(raw["attr"]), op, _operand(raw[op], f"{where}.{op}"), ident)


def _operand(raw: Any, where: str) -> Operand:
    if isinstance(raw, Mapping):
        if set(raw) != {"attr"}:
            raise ConditionError(f"{where}: a reference is written {{attr: NAME}}")
        return AttrRef(str(raw["attr"]))
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        # Floats are refused: the engine compares exact integers (fen, basis points) only.
        raise ConditionError(f"{where}: compare with a whole number, a word or {{attr: NAME}}, not {raw!r}")
    return raw


def comparisons(condition: Condition) -> Iterator[Comparison]:
    """Every comparison inside a condition, for validation."""
    if isinstance(condition, Comparison):
        yield condition
    else:
        for item in condition.items:
            yield from comparisons(item)


def labelled(condition: Condition) -> Iterator[Condition]:
    """Every part of a condition that carries an id (the clauses a message can name)."""
    if condition.id is not None:
        yield condition
    if not isinstance(condition, Comparison):
        for item in condition.items:
            yield from labelled(item)


def evaluate(condition: Condition, fact: Mapping[str, Any]) -> bool:
    """Whether a fact satisfies a condition — the reference meaning the engine must match."""
    if isinstance(condition, Comparison):
        right = fact[condition.operand.attr] if isinstance(condition.operand, AttrRef) else condition.operand
        return OPERATORS[condition.op](fact[condition.attr], right)
    if isinstance(condition, AllOf):
        return all(evaluate(item, fact) for item in condition.items)
    return any(evaluate(item, fact) for item in condition.items)

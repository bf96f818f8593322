"""Flat, typed facts derived from a submission: what the rules in ``rules/`` look at.

A rule engine compares attributes of one fact; it cannot add up a breakdown, find
the tolerance for n rounded items, or tell whether 73 of 99 is "70% 以上". Python
derives all of that here, exactly (integer fen, integer-scaled counts), so that each
rule's condition is a plain comparison of attributes of a single fact.
"""

from auditor.facts.build import EngineFact, FactRequest, build_facts
from auditor.facts.kinds import FACT_KINDS, AttrType, FactKind, FactRow

__all__ = ["FACT_KINDS", "AttrType", "FactKind", "FactRow", "EngineFact", "FactRequest", "build_facts"]

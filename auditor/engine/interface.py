"""What an engine does for auditor: given a catalogue's facts, say which rule fired on which fact."""

from __future__ import annotations

from typing import NamedTuple, Protocol

from auditor.facts import EngineFact


class Firing(NamedTuple):
    """Rule ``rule`` matched the fact whose key is ``fact_key``."""

    rule: str
    fact_key: str


class RuleEngine(Protocol):
    def fire(self, facts: list[EngineFact]) -> list[Firing]:
        """Every (rule, fact) match for one submission's facts, in a deterministic order."""
        ...

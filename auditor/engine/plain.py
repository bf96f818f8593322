"""The rule files evaluated in plain Python: the reference the durable-rules engine is tested against."""

from __future__ import annotations

from auditor.catalogue.conditions import evaluate
from auditor.catalogue.rule_files import Catalogue
from auditor.engine.interface import Firing
from auditor.facts import EngineFact


class PlainEngine:
    """Evaluates each rule's condition on each fact of its kind and parameter set."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def fire(self, facts: list[EngineFact]) -> list[Firing]:
        firings: list[Firing] = []
        for rule in self.catalogue.rules:
            variant = self.catalogue.variant_of(rule)
            for fact in facts:
                if fact.kind == rule.fact and fact.variant == variant and evaluate(rule.condition, fact.payload):
                    firings.append(Firing(rule.code, fact.key))
        return sorted(firings)

"""Deciding which rules fire on which facts: durable-rules for real, plain Python as a cross-check."""

from auditor.engine.interface import Firing, RuleEngine

__all__ = ["Firing", "RuleEngine"]

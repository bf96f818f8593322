"""Deriving every fact the loaded rules need from one submission, once per (kind, parameter set)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from auditor.facts.base import FactRow, SubmissionView
from auditor.facts.kinds import FACT_KINDS

if TYPE_CHECKING:
    from auditor.catalogue.rule_files import Catalogue


@dataclass
class EngineFact:
    """A derived fact with its identity: ``payload`` is what an engine sees, ``row`` what a message shows."""

    key: str
    kind: str
    variant: int
    row: FactRow

    @cached_property
    def payload(self) -> dict[str, Any]:
        """Flat attributes, all present, integers or words only; ``t``/``v``/``key`` identify it."""
        return {"t": self.kind, "v": self.variant, "key": self.key, "project": self.row.project or "", **self.row.values}


def build_facts(submission: Any, catalogue: Catalogue) -> list[EngineFact]:
    """The facts of a submission for every (fact kind, parameter set) the catalogue's rules use."""
    view = SubmissionView(submission)
    params_of: dict[tuple[str, str], Mapping[str, Any]] = {}
    for rule in catalogue.rules:
        params_of.setdefault((rule.fact, rule.variant), rule.effective_params)
    facts: list[EngineFact] = []
    for (kind_name, variant_key), params in params_of.items():
        variant = catalogue.variants[(kind_name, variant_key)]
        for row in FACT_KINDS[kind_name].derive(view, params):
            facts.append(EngineFact(f"f{len(facts)}", kind_name, variant, row))
    return facts

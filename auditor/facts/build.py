"""Deriving every fact the loaded rules need from one submission, once per (kind, parameter set)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from auditor.facts.base import FactRow, SubmissionView
from auditor.facts.kinds import FACT_KINDS
from auditor.model import Submission


class FactRequest(NamedTuple):
    """Facts of one kind derived with one parameter set, which the engine tells apart by ``variant``.

    The catalogue says which it needs (``Catalogue.fact_requests``); facts know nothing of rules.
    """

    kind: str
    variant: int
    params: Mapping[str, Any]


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


def build_facts(submission: Submission, requests: Iterable[FactRequest]) -> list[EngineFact]:
    """The facts of a submission for every requested (fact kind, parameter set)."""
    view = SubmissionView(submission)
    facts: list[EngineFact] = []
    for request in requests:
        for row in FACT_KINDS[request.kind].derive(view, request.params):
            facts.append(EngineFact(f"f{len(facts)}", request.kind, request.variant, row))
    return facts

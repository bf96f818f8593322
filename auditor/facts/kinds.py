"""The registry of fact kinds a rule file may name in its ``fact:`` field."""

from __future__ import annotations

from auditor.facts.base import AttrType, FactKind, FactRow
from auditor.facts.claims import CLAIM_KINDS
from auditor.facts.data import DATA_KINDS
from auditor.facts.execution import EXECUTION_KINDS
from auditor.facts.funds import FUND_KINDS
from auditor.facts.indicator_scoring import INDICATOR_SCORING_KINDS
from auditor.facts.indicators import INDICATOR_KINDS
from auditor.facts.scores import SCORE_KINDS
from auditor.facts.statements import STATEMENT_KINDS
from auditor.facts.texts import TEXT_KINDS

FACT_KINDS: dict[str, FactKind] = {
    kind.name: kind
    for kind in (
        *FUND_KINDS, *EXECUTION_KINDS, *INDICATOR_KINDS, *INDICATOR_SCORING_KINDS,
        *CLAIM_KINDS, *SCORE_KINDS, *TEXT_KINDS, *DATA_KINDS, *STATEMENT_KINDS,
    )
}

__all__ = ["FACT_KINDS", "AttrType", "FactKind", "FactRow"]

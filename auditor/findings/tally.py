"""Counting findings: per file and per run, a risk score, and how often each rule fires.

The score orders the screening report worst first. It is deliberately simple, so a
reviewer can recompute it by hand: every error counts 10, every warning 3, every
info 1, and a file that could not be read at all counts 100 (nobody has seen what
is in it, so it must be looked at first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.model import FileResult, Finding

SEVERITY_POINTS = {"error": 10, "warning": 3, "info": 1}
UNREADABLE_POINTS = 100
#: A rule firing on more than this share of submissions is probably mis-calibrated.
CALIBRATION_SHARE = 0.5


def risk_score(result: FileResult) -> int:
    """10 per error, 3 per warning, 1 per info; 100 for a file that could not be read or checked."""
    if result.status != "ok":  # unreadable, or auditor failed on it: nobody has seen inside
        return UNREADABLE_POINTS
    return findings_score(result.findings)


def findings_score(findings: Iterable[Finding]) -> int:
    """10 per error, 3 per warning, 1 per info."""
    return sum(SEVERITY_POINTS[f.severity] for f in findings)


@dataclass
class RuleStatistics:
    """On how many submissions each rule fired, accumulated one result at a time."""

    submissions: int = 0
    fired_on: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        self.submissions += 1
        self.fired_on.update({f.rule for f in result.findings})
        self.findings.update(f.rule for f in result.findings)

    def share(self, rule: str) -> float:
        return self.fired_on[rule] / self.submissions if self.submissions else 0.0

    def needs_calibration(self, rule: str) -> bool:
        """Fires on more than half of the submissions; D rules (the file itself) have nothing to calibrate."""
        return not rule.startswith("D") and self.share(rule) > CALIBRATION_SHARE


def counts(result: FileResult | Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity a result (or any findings) holds."""
    found = {"error": 0, "warning": 0, "info": 0}
    for finding in result.findings if isinstance(result, FileResult) else result:
        found[finding.severity] += 1
    return found


@dataclass
class RunTally:
    """Totals over a run, added up one result at a time."""

    files: int = 0
    unreadable: int = 0
    #: Files auditor itself failed on (status ``internal-error``): the run exits 3.
    internal_errors: int = 0
    severities: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.unreadable += result.status == "error"
        self.internal_errors += result.status == "internal-error"
        for severity, number in counts(result).items():
            self.severities[severity] += number

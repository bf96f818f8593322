"""What a reviewer screening many submissions needs beyond the findings: a risk score and rule statistics.

The score orders the screening report worst first. It is deliberately simple, so a
reviewer can recompute it by hand: every error counts 10, every warning 3, every
info 1, and a file that could not be read at all counts 100 (nobody has seen what
is in it, so it must be looked at first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from auditor.model import FileResult

SEVERITY_POINTS = {"error": 10, "warning": 3, "info": 1}
UNREADABLE_POINTS = 100
#: A rule firing on more than this share of submissions is probably mis-calibrated.
CALIBRATION_SHARE = 0.5


def risk_score(result: FileResult) -> int:
    """10 per error, 3 per warning, 1 per info; 100 for a file that could not be read."""
    if result.status == "error":
        return UNREADABLE_POINTS
    return sum(SEVERITY_POINTS[f.severity] for f in result.findings)


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

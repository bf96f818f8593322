"""Counting findings: per file and per run, a risk score, and how often each rule fires.

The score orders the screening report worst first. It is deliberately simple, so a
reviewer can recompute it by hand: every error counts 10, every warning 3, every
info 1, and a file that could not be checked counts 100 (nobody has seen what is in
it, so it must be looked at first). "Could not be checked" is a file problem: the
file could not be read (D001), auditor failed on it (E000), or a sheet or column the
rules need is missing (D002 as an error), so the rules that need it were skipped. A
file problem counts 100 once, however many D002s say what is missing, plus the points
of the file's other findings: an empty workbook, whose one D002 would otherwise have
scored 10 like a single real error, now ranks with the unreadable files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from auditor.model import FileResult, Finding

SEVERITY_POINTS = {"error": 10, "warning": 3, "info": 1}
#: What a file problem counts (once per file), whatever else the file holds.
UNREADABLE_POINTS = 100
#: The rules that say a file could not be checked (D002 only as an error: in a written report
#: a D002 is an info saying what was not found, and the report's statements are still checked).
FILE_PROBLEM_RULES = ("D001", "D002", "E000")
FileProblem = Literal["unreadable", "incomplete"]
#: A rule firing on more than this share of submissions is probably mis-calibrated.
CALIBRATION_SHARE = 0.5


def risk_score(result: FileResult) -> int:
    """10 per error, 3 per warning, 1 per info; 100 for a file that could not be read or checked."""
    if result.status != "ok":  # unreadable, or auditor failed on it: nobody has seen inside
        return UNREADABLE_POINTS
    return findings_score(result.findings)


def findings_score(findings: Iterable[Finding]) -> int:
    """10 per error, 3 per warning, 1 per info; a file problem among them counts 100, once."""
    points, problem = 0, False
    for finding in findings:
        if is_file_problem(finding):
            problem = True
        else:
            points += SEVERITY_POINTS[finding.severity]
    return points + UNREADABLE_POINTS * problem


def is_file_problem(finding: Finding) -> bool:
    """Whether a finding says the file could not be (fully) checked, rather than what its content says."""
    return finding.rule in FILE_PROBLEM_RULES and finding.severity == "error"


def file_problem(result: FileResult) -> FileProblem | None:
    """``unreadable`` (not read, or auditor failed on it), ``incomplete`` (read, but a sheet or column
    the rules need is missing), or None for a file that was checked in full."""
    if result.status != "ok":
        return "unreadable"
    return "incomplete" if any(is_file_problem(f) for f in result.findings) else None


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

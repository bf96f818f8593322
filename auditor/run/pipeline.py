"""The pipeline for one file: read → facts → engine → findings, and never an exception out of it.

Whose error is it decides what the reviewer is told: a file a reader refuses gets D001
(the submitter's problem, see ``readers``); anything else that raises here is auditor's
own bug, and the file gets status ``internal-error`` with an E000 finding and its
traceback (for stderr), so that a defect is never reported as the user's broken file.
With ``debug`` the exception is raised instead, for a maintainer to see it where it happens.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from auditor.catalogue.rule_files import Catalogue
from auditor.engine import RuleEngine
from auditor.facts import build_facts
from auditor.findings.internal import internal_error_result
from auditor.findings.render import build_findings
from auditor.model import FileResult, Finding, Submission
from auditor.readers import read_submission
from auditor.readers.interface import unreadable_submission
from auditor.sources.digest import content_digest


@dataclass
class StageTimes:
    """Seconds spent reading files and applying rules (facts, engine, messages), for benchmarks."""

    reading: float = 0.0
    rules: float = 0.0

    def add(self, other: StageTimes) -> None:
        self.reading += other.reading
        self.rules += other.rules


def check_submission(submission: Submission, catalogue: Catalogue, engine: RuleEngine, lang: str = "zh") -> FileResult:
    """The findings the catalogue's rules give on one submission."""
    facts = build_facts(submission, catalogue.fact_requests)
    firings = engine.fire(facts)
    findings = build_findings(catalogue, facts, firings, submission.department.unit, lang)
    return file_result(submission, findings)


def file_result(submission: Submission, findings: list[Finding]) -> FileResult:
    """A submission's result: its findings, each with the department and year it is about."""
    return FileResult(
        path=submission.path,
        department=submission.department.name,
        year=submission.department.year,
        status="error" if submission.unreadable else "ok",
        layout=submission.layout,
        findings=[_whose(finding, submission) for finding in findings],
        notes=list(submission.notes),
    )


def _whose(finding: Finding, submission: Submission) -> Finding:
    """The finding with the department and year it is about: its project's own table's, else the file's."""
    department, year = submission.department.name, submission.department.year
    project = next((p for p in submission.projects if p.name == finding.project), None) if finding.project else None
    if project is not None:
        department, year = project.department or department, project.year or year
    return finding.model_copy(update={"department": department, "year": year})


def failure_result(shown_path: str, reason_zh: str, reason_en: str, catalogue: Catalogue, engine: RuleEngine, lang: str) -> FileResult:
    """The D001 result of a file that could not be checked (its worker crashed or ran out of time)."""
    submission = unreadable_submission(Path(shown_path), reason_zh, reason_en)
    submission.path = shown_path
    return check_submission(submission, catalogue, engine, lang)


def check_file(
    path: Path,
    catalogue: Catalogue,
    engine: RuleEngine,
    lang: str = "zh",
    shown_path: str | None = None,
    times: StageTimes | None = None,
    debug: bool = False,
) -> FileResult:
    """Check one file; auditor's own failure becomes an ``internal-error`` result so that a batch goes on."""
    shown = shown_path if shown_path is not None else str(path)
    try:
        started = time.perf_counter()
        submission = read_submission(path)
        submission.path = shown
        read = time.perf_counter()
        result = check_submission(submission, catalogue, engine, lang)
        if times is not None:
            times.reading += read - started
            times.rules += time.perf_counter() - read
    except Exception as exc:  # a bug or an engine failure: auditor's, not the file's
        if debug:
            raise
        result = internal_error_result(shown, exc, traceback.format_exc(), lang)
    result.digest = content_digest(path)
    return result

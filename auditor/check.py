"""The pipeline for one file: read → facts → engine → findings, and never an exception out of it."""

from __future__ import annotations

import logging
from pathlib import Path

from auditor.catalogue import Catalogue
from auditor.engine import RuleEngine
from auditor.facts import build_facts
from auditor.findings import build_findings
from auditor.model import FileResult, Submission
from auditor.readers import read_submission, unreadable_submission

log = logging.getLogger(__name__)


def check_submission(submission: Submission, catalogue: Catalogue, engine: RuleEngine, lang: str = "zh") -> FileResult:
    """The findings the catalogue's rules give on one submission."""
    facts = build_facts(submission, catalogue)
    firings = engine.fire(facts)
    return FileResult(
        path=submission.path,
        department=submission.department.name,
        year=submission.department.year,
        status="error" if submission.unreadable else "ok",
        layout=submission.layout,
        findings=build_findings(catalogue, facts, firings, submission.department.unit, lang),
        notes=list(submission.notes),
    )


def check_file(path: Path, catalogue: Catalogue, engine: RuleEngine, lang: str = "zh", shown_path: str | None = None) -> FileResult:
    """Check one file; anything unexpected becomes a D001 finding so that a batch goes on."""
    try:
        submission = read_submission(path)
        if shown_path is not None:
            submission.path = shown_path
        return check_submission(submission, catalogue, engine, lang)
    except Exception as exc:  # a bug or an engine failure must not stop the batch
        log.exception("checking %s failed", path)
        fallback = unreadable_submission(
            Path(shown_path or str(path)),
            f"auditor 处理此文件时出错（{type(exc).__name__}: {exc}）；请将此文件反馈给维护者",
            f"auditor failed while processing this file ({type(exc).__name__}: {exc}); please report it to the maintainers",
        )
        return check_submission(fallback, catalogue, engine, lang)

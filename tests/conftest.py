"""Shared fixtures: the shipped catalogue, both engines, and a one-call checker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.catalogue.rule_files import Catalogue, load_catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.engine.plain import PlainEngine
from auditor.model import FileResult, Submission
from auditor.run.pipeline import check_submission

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
SAMPLES = REPO / "sample_submissions"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(RULES)


@pytest.fixture(scope="session")
def check(catalogue: Catalogue) -> Callable[[Submission], FileResult]:
    """Check a submission with durable-rules, as the CLI does."""
    engine = engine_for(catalogue)
    return lambda submission: check_submission(submission, catalogue, engine)


@pytest.fixture(scope="session")
def check_plain(catalogue: Catalogue) -> Callable[[Submission], FileResult]:
    """Check a submission with the plain-Python evaluator of the same rule files."""
    engine = PlainEngine(catalogue)
    return lambda submission: check_submission(submission, catalogue, engine)

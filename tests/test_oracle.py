"""Generated workbooks this project has never seen get exactly the findings the catalogue defines.

"Defines" is said by ``tests/catalogue_oracle.py``, an independent reading of docs/RULES.md:
for each generated submission it gives the (rule, project) pairs that must be found, as many
times as each must be, and auditor must find exactly those — none missing, none extra.

- Workbooks: consistent submissions with several problems planted at once (amounts moved to
  a tolerance or one step past it, amounts and counts left unknown, unmet targets, every
  comparator word, rows of unknown and repeated projects …) are written as .xlsx in the
  layout variants departments send and checked from the file, as ``auditor check`` does. An
  unknown amount is sometimes written as words (「约五十万」) instead of left empty: then
  the cell is also a D003, and the value stays unknown.
- Submissions: what no workbook of ours can state — the national table's fields, data issues,
  unreadable files — is checked as a ``Submission``.

Both run on a fixed sample that holds every plant (the same every run) and on new examples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import DurableEngine, engine_for
from auditor.model import FileResult, Submission
from auditor.run.pipeline import check_file
from auditor.writers.workbook import WorkbookStyle, cell_of, write_submission
from tests.catalogue_oracle import Expected, expected_findings
from tests.strategies import fixed_sample, planted_submissions, rule_reaching_submissions

STYLES = (
    WorkbookStyle(),
    WorkbookStyle(title_rows=2),
    WorkbookStyle(english_names=True),
    WorkbookStyle(amounts_as_text="thousands", percent_cells=True),
    WorkbookStyle(amounts_as_text="fullwidth", header_units=True),
    WorkbookStyle(shuffle_columns=7, header_units=True, extra_sheets=True),
    WorkbookStyle(title_rows=3, amounts_as_text="padded", percent_cells=True, english_names=True),
)
#: Words where a number was expected: the reader reports the cell (D003) and the value stays unknown.
WORDS_FOR_A_NUMBER = "约五十万"
#: Unknown values a workbook may hold as words instead of an empty cell: (sheet, record list, field).
GARBLEABLE = (
    ("项目", "projects", ("budget", "executed", "balance", "score")),
    ("资金明细", "expenditures", ("amount",)),
    ("绩效指标", "indicators", ("weight", "points")),
    ("数据声明", "claims", ("part", "whole", "claimed_percent")),
)


@pytest.fixture(scope="module")
def engine(catalogue: Catalogue) -> DurableEngine:
    return engine_for(catalogue)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("oracle")


def found(result: FileResult) -> Counter[Expected]:
    return Counter((finding.rule, finding.project) for finding in result.findings)


def garbled_unknowns(submission: Submission, style: WorkbookStyle, garble: Callable[[], bool]) -> tuple[dict, Counter[Expected]]:
    """Overrides that write the unknown values ``garble()`` picks as words, and the D003 findings they must give."""
    overrides: dict[tuple[str, str], object] = {}
    expected: Counter[Expected] = Counter()
    for sheet, records, fields in GARBLEABLE:
        for index, record in enumerate(getattr(submission, records)):
            for field in fields:
                if getattr(record, field) is None and garble():
                    ref = cell_of(submission, style, sheet, index, field).rpartition("!")[2]
                    overrides[(sheet, ref)] = WORDS_FOR_A_NUMBER
                    expected[("D003", record.name if records == "projects" else record.project)] += 1
    return overrides, expected


def explain(submission: Submission, result: FileResult, expected: Counter[Expected]) -> str:
    """What differs, with auditor's messages and the submission, for whoever reads a failure."""
    got = found(result)
    lines = [f"catalogue only: {sorted((expected - got).elements(), key=str)}", f"auditor only: {sorted((got - expected).elements(), key=str)}"]
    lines += [f"  {f.rule} {f.project}: {f.message}" for f in result.findings if (f.rule, f.project) in (got - expected)]
    lines.append(submission.model_dump_json(indent=1, exclude_defaults=True))
    return "\n".join(lines)


def check_as_workbook(submission: Submission, style: WorkbookStyle, garble: Callable[[], bool], catalogue: Catalogue, engine: DurableEngine, path: Path) -> None:
    overrides, garbled = garbled_unknowns(submission, style, garble)
    write_submission(submission, path, style, overrides)
    result = check_file(path, catalogue, engine, debug=True)
    expected = expected_findings(submission) + garbled
    assert result.status == "ok"
    assert found(result) == expected, explain(submission, result, expected)


# --- workbooks ---------------------------------------------------------------------------------


def test_the_fixed_sample_written_as_workbooks_gets_exactly_the_catalogues_findings(catalogue, engine, workdir):
    workbook_plants = [(name, s) for name, s in fixed_sample() if s.layout == "submission-workbook" and not s.unreadable and not s.issues]
    assert len(workbook_plants) >= 100
    for n, (name, submission) in enumerate(workbook_plants):
        style = STYLES[n % len(STYLES)]
        check_as_workbook(submission, style, lambda n=n: n % 2 == 1, catalogue, engine, workdir / f"sample-{n}.xlsx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(planted_submissions(), st.sampled_from(STYLES), st.data())
def test_a_new_generated_workbook_gets_exactly_the_catalogues_findings(catalogue, engine, workdir, submission, style, data):
    check_as_workbook(submission, style, lambda: data.draw(st.booleans()), catalogue, engine, workdir / "new.xlsx")


# --- submissions -------------------------------------------------------------------------------


def test_every_submission_of_the_fixed_sample_gets_exactly_the_catalogues_findings(check):
    for name, submission in fixed_sample():
        result = check(submission)
        expected = expected_findings(submission)
        assert found(result) == expected, f"{name}\n{explain(submission, result, expected)}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_reaching_submissions())
def test_a_new_generated_submission_gets_exactly_the_catalogues_findings(check, submission):
    result = check(submission)
    expected = expected_findings(submission)
    assert found(result) == expected, explain(submission, result, expected)

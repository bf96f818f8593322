"""A national 自评表 printed to PDF or saved as a web page is read from its table as the workbook is:
the same findings, rule for rule and value for value, each citing where it stands in the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.readers import read_submission
from tests.conftest import REPO, SAMPLES

NATIONAL = ["national-clean", "national-real-cases", "national-sichuan"]


def findings(check, path: Path) -> tuple[str, list[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    result = check(read_submission(path))
    return result.layout, sorted((f.rule, f.project or "", json.dumps(f.values, sort_keys=True, ensure_ascii=False)) for f in result.findings)


@pytest.mark.parametrize("name", NATIONAL)
@pytest.mark.parametrize("printed", ["pdf/{}.pdf", "html/{}.html"])
def test_a_printed_or_saved_national_table_gets_the_workbooks_findings(check, name: str, printed: str) -> None:  # type: ignore[no-untyped-def]
    document = REPO / "tests" / "fixtures" / printed.format(name)
    layout, found = findings(check, document)
    assert layout == "national-form"
    assert found == findings(check, SAMPLES / f"{name}.xlsx")[1]


def test_findings_on_a_table_in_a_document_cite_paragraph_and_cell(check) -> None:  # type: ignore[no-untyped-def]
    result = check(read_submission(REPO / "tests" / "fixtures" / "html" / "national-real-cases.html"))
    [f006, *_] = [f for f in result.findings if f.rule == "F006"]
    assert f006.locations and all(location.startswith("第") and "段“" in location for location in f006.locations)
    assert any("“年度资金总额”行的全年预算数「" in location for location in f006.locations), f006.locations
    assert "!" not in " ".join(f006.locations)  # no sheet nobody can open

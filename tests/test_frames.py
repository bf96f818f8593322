"""The tables the workbook and the API share (``findings.frames``) against the plain definitions.

``tally`` defines the risk score one result at a time; ``frames`` computes it column-wise
with pandas. On generated batches — files unread or read, with file problems, workbooks
holding tables of several departments, repeated bytes — both must give the same numbers,
and 汇总's rows must be those a straightforward per-result ranking gives.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.findings import frames
from auditor.findings.ledger import Ledger
from auditor.findings.tally import counts, findings_score, risk_score
from auditor.model import FileResult, Finding

RULES = ("D001", "D002", "E000", "F001", "I001", "B001")
DEPARTMENTS = (None, "甲局", "乙局")
YEARS = (None, 2019, 2020)

findings = st.builds(
    lambda rule, severity, department, year: Finding(
        rule=rule, name=f"name-{rule}", severity=severity, message=f"{rule} 问题", department=department, year=year
    ),
    st.sampled_from(RULES), st.sampled_from(("error", "warning", "info")), st.sampled_from(DEPARTMENTS), st.sampled_from(YEARS),
)
results = st.builds(
    lambda status, department, year, digest, found: (status, department, year, digest, found),
    st.sampled_from(("ok", "ok", "ok", "error", "internal-error")), st.sampled_from(DEPARTMENTS), st.sampled_from(YEARS),
    st.sampled_from((None, "d1", "d2", "d3", "d4")), st.lists(findings, max_size=6),
)


def batch(drawn: list[tuple]) -> list[FileResult]:
    return [
        FileResult(path=f"f{index:02d}.xlsx", status=status, department=department, year=year, digest=digest, findings=found)
        for index, (status, department, year, digest, found) in enumerate(drawn)
    ]


def frames_of(batch: list[FileResult]) -> tuple:
    ledger = Ledger(with_text=False)
    for result in batch:
        ledger.add(result)
    found = frames.findings_frame(ledger)
    return frames.files_frame(ledger, found), found


def ranked(batch: list[FileResult]) -> list[tuple]:
    """汇总 by hand: one row per file, or per (department, year) of a read file whose findings are about several."""
    rows = []
    for result in batch:
        owners: dict[tuple, list[Finding]] = {}
        for finding in result.findings:
            owners.setdefault((finding.department or result.department, finding.year or result.year), []).append(finding)
        if result.status != "ok" or len(owners) <= 1:
            found = counts(result)
            rows.append((risk_score(result), result.path, result.department, result.year, found["error"], found["warning"]))
        else:
            for (department, year), own in owners.items():
                found = counts(own)
                rows.append((findings_score(own), result.path, department, year, found["error"], found["warning"]))
    return sorted(rows, key=lambda row: (-row[0], row[1]))


@settings(max_examples=60, deadline=None)
@given(st.lists(results, max_size=12))
def test_files_and_submissions_agree_with_the_plain_definitions(drawn: list[tuple]) -> None:
    results = batch(drawn)
    files, found = frames_of(results)
    assert files["risk_score"].tolist() == [risk_score(result) for result in results]
    for severity, column in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        assert files[column].tolist() == [counts(result)[severity] for result in results]
    table = frames.submissions_table(files, found)
    got = [
        (row.risk_score, row.path, row.department, row.year, row.errors, row.warnings)
        for row in frames.records(table)
    ]
    assert got == ranked(results)
    rules = frames.rules_table(files, found)
    fired = Counter(rule for result in results for rule in {f.rule for f in result.findings})
    assert dict(zip(rules["rule"], rules["files"])) == dict(fired)


@settings(max_examples=60, deadline=None)
@given(st.lists(results, max_size=12))
def test_every_repeat_names_another_file_of_its_group(drawn: list[tuple]) -> None:
    results = batch(drawn)
    files, _ = frames_of(results)
    by_path = {result.path: result for result in results}
    for row in frames.records(files):
        same_bytes = [r for r in results if r.digest is not None and r.digest == by_path[row.path].digest]
        if len(same_bytes) > 1:
            assert row.duplicate_kind == "same-bytes" and row.copies == len(same_bytes)
            assert row.duplicate_of != row.path and by_path[row.duplicate_of].digest == by_path[row.path].digest
        elif row.duplicate_kind is not None:
            other = by_path[row.duplicate_of]
            assert row.duplicate_kind == "same-department-year" and row.duplicate_of != row.path
            assert (other.department, other.year) == (row.department, row.year) and None not in (row.department, row.year)
        else:
            me = by_path[row.path]
            assert me.department is None or me.year is None or sum(
                (r.department, r.year) == (me.department, me.year) for r in results
            ) == 1

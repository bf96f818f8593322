"""The Python API: ``auditor.check`` on the samples against the JSON report and the screening workbook,
repeated submissions found by bytes and by department and year, and pandas left unimported where unused.

The samples are checked once (module fixture); the command line runs in subprocesses,
as a user runs it, so that what it prints and what it imports are its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import auditor
from auditor.findings.tally import counts, risk_score
from tests.conftest import REPO, SAMPLES

SEED = SAMPLES / "guizhou-federation-2019.xlsx"


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "auditor", *args], cwd=REPO, capture_output=True, check=False)


@pytest.fixture(scope="module")
def samples_json() -> tuple[bytes, dict]:
    printed = cli("check", "sample_submissions/", "--format", "json", "--fail-on", "never", "-q")
    assert printed.returncode == 0, printed.stderr
    return printed.stdout, json.loads(printed.stdout)


@pytest.fixture(scope="module")
def api_run() -> auditor.Run:
    """The samples checked through the API exactly as the command line was given them."""
    here = os.getcwd()
    os.chdir(REPO)
    try:
        return auditor.check("sample_submissions/", jobs=2)
    finally:
        os.chdir(here)


def test_one_row_per_finding_of_the_json_report(api_run: auditor.Run, samples_json: tuple[bytes, dict]) -> None:
    report = samples_json[1]
    expected = [
        (result["path"], finding["rule"], finding["severity"], finding["project"], finding["message"], tuple(finding["locations"]))
        for result in report["results"]
        for finding in result["findings"]
    ]
    frame = api_run.findings
    assert len(frame) == len(expected) > 0
    got = [
        (row.path, row.rule, row.severity, None if pd.isna(row.project) else row.project, row.message, row.locations)
        for row in frame.itertuples()
    ]
    assert got == expected


def test_compared_values_are_exact_decimal_strings(api_run: auditor.Run) -> None:
    frame = api_run.findings
    seed = frame[(frame["path"] == "sample_submissions/guizhou-federation-2019.xlsx") & (frame["rule"] == "F001")]
    assert seed[["expected", "actual", "difference"]].iloc[0].tolist() == ["1000.00", "1000.05", "0.05"]
    for column in ("expected", "actual", "difference"):
        assert str(frame[column].dtype) == "string"
        present = frame[column].dropna()
        assert len(present) and all(isinstance(value, str) for value in present)
        Decimal(present.iloc[0])  # exact, as written
    assert all(isinstance(value, str) for values in frame["values"] for value in values.values())


def test_json_is_byte_identical_to_the_command_line(api_run: auditor.Run, samples_json: tuple[bytes, dict], tmp_path: Path) -> None:
    target = api_run.to_json(tmp_path / "report.json")
    assert target.read_bytes() == samples_json[0]


def test_per_rule_counts_equal_the_workbooks_rule_statistics(api_run: auditor.Run, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(api_run.to_excel(tmp_path / "screening.xlsx"))
    sheet = [[cell.value for cell in row] for row in book["规则统计"].iter_rows(min_row=2)]
    from_workbook = {row[0]: (row[2], row[4]) for row in sheet}
    per_rule = api_run.findings.groupby("rule", observed=True).agg(files=("file", "nunique"), findings=("file", "size"))
    assert from_workbook == {rule: (int(row.files), int(row.findings)) for rule, row in per_rule.iterrows()}
    assert list(from_workbook) == sorted(from_workbook)
    summary = [[cell.value for cell in row] for row in book["汇总"].iter_rows(min_row=3)]
    assert [(row[2], row[6]) for row in summary] == list(zip(api_run.submissions["path"], api_run.submissions["risk_score"]))


def test_files_agree_with_the_results(api_run: auditor.Run) -> None:
    files = api_run.files
    assert files["path"].tolist() == [result.path for result in api_run.results]
    assert files["risk_score"].tolist() == [risk_score(result) for result in api_run.results]
    assert files["errors"].tolist() == [counts(result)["error"] for result in api_run.results]
    assert files["digest"].str.len().eq(32).all()
    assert files["duplicate_of"].isna().all()  # the report and the table of 贵州省总工会 2019 are a pair, not a repeat
    assert api_run.findings["file"].map(files["path"]).tolist() == api_run.findings["path"].tolist()


def test_a_copy_sent_twice_and_a_resubmission_are_named_and_counted(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SEED, batch / "a.xlsx")
    shutil.copy(SEED, batch / "b.xlsx")
    book = openpyxl.load_workbook(SEED)
    book["项目"]["B4"] = 999  # other bytes, the same department and year
    book.save(batch / "c.xlsx")
    shutil.copy(SAMPLES / "clean-example.xlsx", batch / "d.xlsx")
    run = auditor.check(batch, jobs=1)
    files = run.files.set_index(run.files["path"].str.rsplit("/", n=1).str[-1])
    assert files.loc["a.xlsx", ["duplicate_of", "duplicate_kind", "copies"]].tolist() == [str(batch / "b.xlsx"), "same-bytes", 2]
    assert files.loc["b.xlsx", ["duplicate_of", "duplicate_kind"]].tolist() == [str(batch / "a.xlsx"), "same-bytes"]
    assert files.loc["c.xlsx", ["duplicate_of", "duplicate_kind", "copies"]].tolist() == [str(batch / "a.xlsx"), "same-department-year", 3]
    assert pd.isna(files.loc["d.xlsx", "duplicate_of"])
    sheet = openpyxl.load_workbook(run.to_excel(tmp_path / "screening.xlsx"))["汇总"]
    title = sheet["A1"].value
    assert "重复提交 3 个文件（内容完全相同 2 个，同一部门同一年度 1 个）" in title
    marks = {Path(row[2]).name: row[7] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert marks["a.xlsx"] == f"与 {batch / 'b.xlsx'} 内容完全相同"
    assert marks["c.xlsx"] == f"与 {batch / 'a.xlsx'} 同为 贵州省总工会 2019 年度（共 3 份）"
    assert marks["d.xlsx"] is None


def test_a_subset_of_rules(tmp_path: Path) -> None:
    run = auditor.check([SEED], rules=["F001"], jobs=1)
    assert set(run.findings["rule"].astype(str)) == {"F001"}
    with pytest.raises(ValueError, match="no rule X999"):
        auditor.check(SEED, rules=["X999"])
    with pytest.raises(FileNotFoundError):
        auditor.check(tmp_path / "missing.xlsx")


PROBE = """
import sys
from auditor.cli import app
try:
    app({args})
except SystemExit:
    pass
print("pandas" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["check", "sample_submissions/guizhou-federation-2019.xlsx", "-q"],
        # --output loads every installed format to find the one for the ending: the workbook's among them.
        ["check", "sample_submissions/guizhou-federation-2019.xlsx", "-q", "--output", "{tmp}/report.json"],
    ],
)
def test_the_command_line_does_not_import_pandas_unless_writing_a_workbook(args: list[str], tmp_path: Path) -> None:
    args = [arg.format(tmp=tmp_path) for arg in args]
    probe = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=REPO, capture_output=True, text=True, check=False)
    assert probe.stderr.strip().splitlines()[-1] == "False"
    with_workbook = [*args, "--force", "--output", str(tmp_path / "screening.xlsx")] if args[0] == "check" else None
    if with_workbook:  # and the probe can tell: writing a workbook does import it
        probe = subprocess.run([sys.executable, "-c", PROBE.format(args=with_workbook)], cwd=REPO, capture_output=True, text=True, check=False)
        assert probe.stderr.strip().splitlines()[-1] == "True"


def test_import_auditor_does_not_import_pandas_until_check_is_used() -> None:
    code = "import sys, auditor; a = 'pandas' in sys.modules; auditor.check; print(a, 'pandas' in sys.modules)"
    probe = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert probe.stdout.split() == ["False", "True"]

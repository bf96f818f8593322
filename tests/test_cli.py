"""The ``auditor`` command end to end (typer's CliRunner): formats, exit codes, rule folders, batches, template."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from auditor.cli import app
from auditor.readers.workbook.columns import BASIC

REPO = Path(__file__).resolve().parent.parent
SEED = "sample_submissions/guizhou-federation-2019.xlsx"
CLEAN = "sample_submissions/clean-example.xlsx"
MANY = "sample_submissions/many-problems.xlsx"
ALL_CODES = [
    "B001", "D001", "D002", "D003", "D004", "D005", "D006", "D007", "F001", "F002", "F003", "F004", "F005", "F006", "F007", "F008", "F009", "F010", "F011",
    "I001", "I002", "I003", "I004", "I005", "I006", "I007", "I008", "I009", "P001", "P002", "P003", "S001", "S002", "S003", "S004",
]
LOCATION = re.compile(r"^[^!]+![A-Z]+\d+(:[A-Z]+\d+)?$")


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sample paths are given as a reviewer types them, relative to the repository."""
    monkeypatch.chdir(REPO)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def report(*args: str) -> tuple[dict, int]:
    result = run("check", *args, "--format", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout), result.exit_code


def codes(result: dict) -> list[str]:
    return [f["rule"] for f in result["findings"]]


def walk(value: object):
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# --- check --format json -------------------------------------------------------------------


def test_json_report_of_the_seed() -> None:
    document, exit_code = report(SEED)
    assert exit_code == 1
    assert document["version"] == 1
    [result] = document["results"]
    assert result["path"] == SEED
    assert (result["department"], result["year"], result["status"]) == ("贵州省总工会", 2019, "ok")
    found = codes(result)
    assert "P001" not in found and "F002" not in found and "F005" not in found
    for code in ("F001", "B001"):
        [finding] = [f for f in result["findings"] if f["rule"] == code]
        assert finding["project"] == "送温暖资金"
        assert finding["severity"] == "error"
        assert {k: finding["values"][k] for k in ("expected", "actual", "difference")} == {
            "expected": "1000.00", "actual": "1000.05", "difference": "0.05",
        }
    [f001] = [f for f in result["findings"] if f["rule"] == "F001"]
    assert "1000.05" in f001["message"] and "送温暖资金" in f001["message"]
    assert any(location.startswith("资金明细!") for location in f001["locations"])
    for finding in result["findings"]:
        assert {"rule", "name", "severity", "project", "message", "locations", "values"} <= finding.keys()
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["message"]
        assert finding["locations"] and all(LOCATION.match(location) for location in finding["locations"]), finding
        assert all(isinstance(value, str) for value in finding["values"].values()), finding


def test_json_never_holds_a_float() -> None:
    document, _ = report(SEED, MANY, CLEAN)
    assert len(document["results"]) == 3
    values = list(walk(document))
    assert not any(isinstance(value, float) for value in values)
    for result in document["results"]:
        for finding in result["findings"]:
            assert all(isinstance(value, str) for value in finding["values"].values())
    # Amounts appear as decimal strings, never as numbers.
    text = run("check", MANY, "--format", "json").stdout
    assert not re.search(r":\s*-?\d+\.\d", text)


# --- exit codes ----------------------------------------------------------------------------


def test_fail_on() -> None:
    assert run("check", SEED, "--format", "json").exit_code == 1
    assert run("check", SEED, "--fail-on", "error").exit_code == 1
    assert run("check", SEED, "--fail-on", "never").exit_code == 0
    assert run("check", SEED, "--fail-on", "warning").exit_code == 1
    document, _ = report(CLEAN)
    assert document["results"][0]["findings"] == []
    assert run("check", CLEAN, "--fail-on", "warning").exit_code == 0
    assert run("check", CLEAN).exit_code == 0


def test_a_missing_path_is_exit_2(tmp_path: Path) -> None:
    result = run("check", tmp_path / "nope.xlsx")
    assert result.exit_code == 2
    assert "nope.xlsx" in result.output


def copy_of_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    return folder


def test_a_broken_rule_file_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    folder = copy_of_rules(tmp_path)
    (folder / "X001.yaml").write_text("code: X001\nname: [unclosed\n", encoding="utf-8")
    result = run("check", SEED, "--rules", folder)
    assert result.exit_code == 2
    assert "X001.yaml" in result.output
    assert "F001" not in result.stdout  # nothing was checked
    # A schema error (not a YAML one) names the file too.
    (folder / "X001.yaml").write_text("code: X001\nname: broken\nseverity: fatal\n", encoding="utf-8")
    result = run("check", SEED, "--rules", folder)
    assert result.exit_code == 2 and "X001.yaml" in result.output


def test_a_rules_folder_without_f001_changes_only_f001(tmp_path: Path) -> None:
    folder = copy_of_rules(tmp_path)
    (folder / "F001.yaml").unlink()
    full, _ = report(SEED)
    reduced, exit_code = report(SEED, "--rules", folder)
    assert exit_code == 1  # B001 is still an error
    assert "F001" in codes(full["results"][0])
    assert "F001" not in codes(reduced["results"][0])
    without_f001 = [f for f in full["results"][0]["findings"] if f["rule"] != "F001"]
    assert reduced["results"][0]["findings"] == without_f001
    assert {k: v for k, v in reduced["results"][0].items() if k != "findings"} == {k: v for k, v in full["results"][0].items() if k != "findings"}


# --- batches -------------------------------------------------------------------------------


def test_a_folder_is_checked_recursively_in_path_order() -> None:
    document, exit_code = report("sample_submissions/")
    assert exit_code == 1
    assert [r["path"] for r in document["results"]] == [
        "sample_submissions/clean-example.xlsx",
        "sample_submissions/guizhou-federation-2019-report.docx",
        "sample_submissions/guizhou-federation-2019.xlsx",
        "sample_submissions/many-problems.xlsx",
        "sample_submissions/national-clean.xlsx",
        "sample_submissions/national-real-cases.xlsx",
        "sample_submissions/national-sichuan.xlsx",
    ]
    assert all(r["status"] == "ok" for r in document["results"])


def test_nested_folders_every_file_accounted_for_and_a_non_workbook_named_explicitly(tmp_path: Path) -> None:
    nested = tmp_path / "batch" / "2019" / "省总工会"
    nested.mkdir(parents=True)
    shutil.copy(REPO / SEED, nested / "seed.xlsx")
    shutil.copy(REPO / CLEAN, tmp_path / "batch" / "clean.xlsx")
    shutil.copy(REPO / "tests" / "fixtures" / "guizhou-federation-2019-seed.txt", nested / "seed-report.txt")
    (tmp_path / "batch" / "notes.log").write_text("not a submission")
    csv = tmp_path / "x.csv"
    csv.write_text("项目名称,预算数\n甲,100\n", encoding="utf-8")
    document, exit_code = report(csv, tmp_path / "batch")
    assert exit_code == 1
    results = document["results"]
    assert [Path(r["path"]).name for r in results] == ["x.csv", "seed-report.txt", "seed.xlsx", "clean.xlsx", "notes.log"]
    log = results.pop()
    assert log["status"] == "error" and codes(log) == ["D001"] and ".log" in log["findings"][0]["message"]
    report_result = results.pop(1)
    assert report_result["layout"] == "narrative-report" and codes(report_result) == ["B001", "F001"]
    assert results[0]["status"] == "error" and codes(results[0]) == ["D001"]
    assert "x.csv" in results[0]["findings"][0]["message"] or ".csv" in results[0]["findings"][0]["message"]
    assert results[1]["status"] == "ok" and results[1]["department"] == "贵州省总工会" and "F001" in codes(results[1])
    assert results[2]["status"] == "ok" and results[2]["findings"] == []


# --- other formats -------------------------------------------------------------------------


def test_markdown_report_with_cells() -> None:
    """``--with-cells``: each problem keeps its rule, its severity and the cells it rests on."""
    result = run("check", MANY, "--format", "markdown", "--with-cells")
    assert result.exit_code == 1
    text = result.stdout
    assert "存在的问题" in text
    assert f"文件：`{MANY}`" in text
    assert re.search(r"^#+ .*存在的问题", text, re.MULTILINE)
    items = re.findall(r"^(\d+)\. (.+)$", text, re.MULTILINE)
    document, _ = report(MANY)
    findings = document["results"][0]["findings"]
    assert [int(number) for number, _ in items] == list(range(1, len(findings) + 1))
    errors = text.index("数据矛盾")
    warnings = text.index("资料不完整或未说明")
    about_file = text.index("文件与数据格式问题")
    assert errors < warnings < about_file
    content = [(n, line) for n, line in items if not re.search(r"（[DE]\d{3}，", line)]
    first_warning = next(i for i, (_, line) in enumerate(content) if "警告" in line)
    assert all("错误" in line for _, line in content[:first_warning])
    assert all("警告" in line for _, line in content[first_warning:])
    # the D findings stand in their own, last section, not under 数据矛盾
    data = [line for _, line in items if re.search(r"（D\d{3}，", line)]
    assert data and all(text.index(line) > about_file for line in data)
    assert {f["rule"] for f in findings if f["rule"].startswith("D")} == {re.search(r"（(D\d{3})，", line).group(1) for line in data}
    for _, line in items:
        assert re.search(r"[^\s!（]+![A-Z]+\d+", line), line
    assert "约八十万" in text


def test_markdown_report_as_published_has_no_codes_or_cells() -> None:
    """By default the section is what a published report carries: the same problems, in the same
    order and numbering, each its plain message without the project's name it stands under."""
    text = run("check", MANY, "--format", "markdown").stdout
    items = re.findall(r"^(\d+)\. (.+)$", text, re.MULTILINE)
    document, _ = report(MANY)
    findings = document["results"][0]["findings"]
    assert [int(number) for number, _ in items] == list(range(1, len(findings) + 1))
    sentences = [line for _, line in items]
    for finding in findings:
        own = finding["message"].removeprefix(f"{finding['project']}：") if finding["project"] else finding["message"]
        assert own in sentences, own
        # a cell in the sentence is the message's own only where the file itself is the problem (D003:
        # 「资金明细!C10 应为金额」), never an added reference
        assert finding["rule"].startswith("D") or not re.search(r"![A-Z]+\d+", own), own
    for line in sentences:
        assert not re.search(r"[A-Z]\d{3}", line), line
        assert "错误；" not in line and "警告；" not in line and "见 " not in line
    assert MANY not in text  # the file's path is a reviewer's reference too


def test_markdown_report_in_english() -> None:
    result = run("check", SEED, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 1
    text = result.stdout
    assert "Existing problems" in text and "存在的问题" not in text
    assert "the breakdown adds up to 1000.05" in text
    assert "资金明细合计" not in text  # the Chinese message is not used
    assert text.index("Contradictions") < text.index("Incomplete or unexplained")


def test_table_report() -> None:
    result = run("check", SEED, MANY, "--format", "table")
    assert result.exit_code == 1
    text = result.stdout
    for code in ("F001", "B001", "D003", "D004", "D005", "P001", "P002", "S002"):
        assert code in text
    document, _ = report(SEED, MANY)
    errors = sum(f["severity"] == "error" for r in document["results"] for f in r["findings"])
    warnings = sum(f["severity"] == "warning" for r in document["results"] for f in r["findings"])
    assert f"共 2 个文件：{errors} 个错误，{warnings} 个警告。" in text
    english = run("check", SEED, "--format", "table", "--lang", "en").stdout
    assert re.search(r"1 file\(s\): \d+ error\(s\), \d+ warning\(s\)\.", english)


# --- rules ---------------------------------------------------------------------------------


def test_rules_lists_every_code() -> None:
    result = run("rules")
    assert result.exit_code == 0
    listed = re.findall(r"^([A-Z]\d{3})\s", result.stdout, re.MULTILINE)
    assert listed == ALL_CODES


def test_rules_show() -> None:
    result = run("rules", "show", "F001")
    assert result.exit_code == 0
    text = result.stdout
    assert "资金明细合计与执行数不一致" in text  # title
    assert "XBRL" in text  # why
    assert "1000.05" in text and "504.55" in text  # an example
    english = run("rules", "show", "f001", "--lang", "en")
    assert english.exit_code == 0 and "F001" in english.stdout
    missing = run("rules", "show", "XYZ")
    assert missing.exit_code == 2
    assert "XYZ" in missing.output


# --- template ------------------------------------------------------------------------------


def test_template_is_a_readable_workbook_and_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    result = run("template", path)
    assert result.exit_code == 0 and path.exists()
    document, _ = report(path)
    [blank] = document["results"]
    assert blank["status"] == "ok"
    assert "D001" not in codes(blank)
    # Left blank, only the two required 基本信息 values are reported missing: every sheet and
    # column is there.
    assert all(f["rule"] == "D002" and ("部门名称" in f["message"] or "年度" in f["message"]) for f in blank["findings"]), blank
    # Filled in as a department would, the template reads with no structural finding at all.
    filled = tmp_path / "filled.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[BASIC.name]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "部门名称":
            row[1].value = "测试厅"
        elif row[0].value == "年度":
            row[1].value = 2023
    workbook.save(filled)
    document, _ = report(filled)
    [result_filled] = document["results"]
    assert result_filled["status"] == "ok" and (result_filled["department"], result_filled["year"]) == ("测试厅", 2023)
    assert not {"D001", "D002"} & set(codes(result_filled)), result_filled["findings"]
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    again = run("template", path)
    assert again.exit_code == 2
    assert "--force" in again.output
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert run("template", path, "--force").exit_code == 0

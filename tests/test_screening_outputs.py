"""The screening workbook and the findings CSV: what a reviewer sees, and that no submission text runs as a formula.

Results are built by hand so every expected row, score and link is known; the
workbook is re-opened with openpyxl and, for formula injection, read as raw XML.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from auditor.formats.cell_text import clean_text, csv_safe, is_formula_like
from auditor.formats.findings_csv import FORMAT as CSV
from auditor.formats.interface import OutputOptions
from auditor.formats.screening_workbook import ScreeningWorkbook
from auditor.model import FileResult, Finding

INJECTED_DEPARTMENT = '=HYPERLINK("http://x","y")'
INJECTED_PROJECT = "+1"
INJECTED_MESSAGE = "@SUM(A1)"
INJECTED_LOCATION = "-A1"
ZH_SHEETS = ["汇总", "问题清单", "规则统计", "未能读取", "说明"]
SUMMARY_HEADERS = ["部门", "年度", "文件", "状态", "错误", "警告", "风险分", "重复"]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FINDING_HEADERS = ["文件", "部门", "项目", "规则", "级别", "问题", "位置"]


def finding(rule: str, severity: str, message: str, project: str | None = None, locations: list[str] | None = None) -> Finding:
    return Finding(rule=rule, name=f"name-{rule}", severity=severity, project=project, message=message, locations=locations or [])  # type: ignore[arg-type]


def batch() -> list[FileResult]:
    """Five submissions in path order: I001 fires on 3 of 5 (60 %), F001 on 2 of 5 (40 %)."""
    return [
        FileResult(
            path="a.xlsx", department="甲局", year=2019,
            findings=[
                finding("F001", "error", "送温暖资金：资金明细合计不符。", "送温暖资金", ["项目!C4", "资金明细!C4:C10"]),
                finding("I001", "warning", "送温暖资金：缺少质量指标。", "送温暖资金", ["项目!A4"]),
            ],
        ),
        FileResult(
            path="b.xlsx", department="乙局", year=2020,
            findings=[finding("I001", "warning", "项目一：缺少时效指标。", "项目一"), finding("I001", "warning", "项目二：缺少成本指标。", "项目二")],
        ),
        FileResult(path="c.xlsx", status="error", findings=[finding("D001", "error", "文件无法读取：不是 xlsx 文件。")]),
        FileResult(
            path="d.xlsx", department=INJECTED_DEPARTMENT, year=2019,
            findings=[
                finding("F001", "error", INJECTED_MESSAGE, INJECTED_PROJECT, [INJECTED_LOCATION]),
                finding("I001", "warning", "指标缺失。", INJECTED_PROJECT),
            ],
        ),
        FileResult(path="e.xlsx", department="戊局", year=2019),
    ]


def write(tmp_path: Path, results: list[FileResult], **options: object) -> Path:
    target = tmp_path / "screening.xlsx"
    sink = ScreeningWorkbook(target, **options)  # type: ignore[arg-type]
    for result in results:
        sink.add(result)
    sink.close()
    return target


def rows(sheet) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture()
def workbook_path(tmp_path: Path) -> Path:
    return write(tmp_path, batch(), rule_titles={"F001": "资金明细合计与执行数一致"})


@pytest.fixture()
def workbook(workbook_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook_path)


def test_sheets_in_order(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ZH_SHEETS
    assert workbook.active.title == "汇总"


def test_english_sheet_and_header_names(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(tmp_path, batch(), lang="en"))
    assert book.sheetnames == ["Summary", "Findings", "Rules", "Unreadable", "Notes"]
    assert rows(book["Findings"])[0] == ["File", "Department", "Project", "Rule", "Severity", "Message", "Where"]
    assert rows(book["Summary"])[2][3] == "unreadable"


def test_summary_worst_first_with_counts_and_scores(workbook: openpyxl.Workbook) -> None:
    summary = rows(workbook["汇总"])
    assert summary[1] == SUMMARY_HEADERS
    assert summary[2:] == [
        [None, None, "c.xlsx", "无法读取", 1, 0, 100, None],
        ["甲局", 2019, "a.xlsx", "读取成功", 1, 1, 13, None],
        [INJECTED_DEPARTMENT, 2019, "d.xlsx", "读取成功", 1, 1, 13, None],  # ties sorted by path
        ["乙局", 2020, "b.xlsx", "读取成功", 0, 2, 6, None],
        ["戊局", 2019, "e.xlsx", "读取成功", 0, 0, 0, None],
    ]
    assert summary[0][0].startswith("共 5 个文件、5 份自评：错误 3 条，警告 4 条，提示 0 条；无法读取或未能完整检查 1 个文件。")
    comment = workbook["汇总"]["G2"].comment
    assert comment is not None and "10" in comment.text and "100" in comment.text


def test_summary_links_to_first_finding_row(workbook: openpyxl.Workbook) -> None:
    summary, findings = workbook["汇总"], workbook["问题清单"]
    links = {}
    for row in range(3, summary.max_row + 1):
        cell = summary.cell(row, 3)
        links[cell.value] = cell.hyperlink.location if cell.hyperlink else None
    assert links == {"c.xlsx": "'问题清单'!A6", "a.xlsx": "'问题清单'!A2", "d.xlsx": "'问题清单'!A7", "b.xlsx": "'问题清单'!A4", "e.xlsx": None}
    for path, location in links.items():
        if location:
            row = int(location.rsplit("A", 1)[1])
            assert findings.cell(row, 1).value == path
            assert findings.cell(row - 1, 1).value != path  # the first of the file's rows


def test_findings_rows_filter_freeze_and_colours(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["问题清单"]
    table = rows(sheet)
    assert table[0] == FINDING_HEADERS
    assert [row[0] for row in table[1:]] == ["a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "d.xlsx"]
    assert table[1] == ["a.xlsx", "甲局", "送温暖资金", "F001", "错误", "送温暖资金：资金明细合计不符。", "项目!C4、资金明细!C4:C10"]
    assert table[5] == ["c.xlsx", None, None, "D001", "错误", "文件无法读取：不是 xlsx 文件。", None]
    assert sheet.auto_filter.ref == "A1:G8"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width >= 60
    assert sheet["F2"].alignment.wrap_text
    assert sheet["E2"].fill.fgColor.rgb.endswith("FFC7CE")  # error: light red
    assert sheet["E3"].fill.fgColor.rgb.endswith("FFEB9C")  # warning: light yellow


def test_rule_statistics_shares_and_calibration_note(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["规则统计"]
    table = rows(sheet)
    assert table[0] == ["规则", "名称", "触发文件数", "占比", "问题条数", "备注"]
    assert table[1:] == [
        ["D001", "name-D001", 1, pytest.approx(0.2), 1, None],
        ["F001", "资金明细合计与执行数一致", 2, pytest.approx(0.4), 2, None],
        ["I001", "name-I001", 3, pytest.approx(0.6), 4, "触发超过半数文件，请检查该规则的参数是否合适"],
    ]
    assert sheet["D2"].number_format == "0.0%"


def test_unreadable_sheet_lists_the_unreadable_file(workbook: openpyxl.Workbook) -> None:
    assert rows(workbook["未能读取"]) == [["文件", "原因"], ["c.xlsx", "文件无法读取：不是 xlsx 文件。"]]


def test_injected_text_is_stored_as_string_never_formula(workbook_path: Path, workbook: openpyxl.Workbook) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}
    assert not any(re.search(r"<(\w+:)?f[ >/]", xml) for xml in parts.values())
    for part, texts in (("sheet1", [INJECTED_DEPARTMENT]), ("sheet2", [INJECTED_DEPARTMENT, INJECTED_PROJECT, INJECTED_MESSAGE, INJECTED_LOCATION])):
        cells = ElementTree.fromstring(parts[f"xl/worksheets/{part}.xml"]).iter(f"{MAIN}c")
        types = {"".join(cell.itertext()): cell.get("t") for cell in cells}
        for text in texts:
            assert types[text] in ("inlineStr", "s"), (part, text)
    findings = workbook["问题清单"]
    assert findings["B7"].value == INJECTED_DEPARTMENT and findings["B7"].data_type == "s"
    assert findings["C7"].value == INJECTED_PROJECT and findings["F7"].value == INJECTED_MESSAGE


def test_csv_has_bom_header_one_row_per_finding_and_defused_fields(tmp_path: Path) -> None:
    target = tmp_path / "findings.csv"
    sink = CSV.open_file(target, OutputOptions())
    for result in batch():
        sink.add(result)
    sink.close()
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0] == FINDING_HEADERS
    assert len(table) == 1 + sum(len(r.findings) for r in batch())
    assert table[5] == ["c.xlsx", "", "", "D001", "错误", "文件无法读取：不是 xlsx 文件。", ""]
    injected = table[6]
    assert injected[1] == "'" + INJECTED_DEPARTMENT
    assert injected[2] == "'+1"
    assert injected[5] == "'@SUM(A1)"
    assert injected[6] == "'-A1"
    assert table[1][6] == "项目!C4、资金明细!C4:C10"
    assert list(tmp_path.iterdir()) == [target]  # the temporary file was renamed away


def test_cell_text_rules() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert is_formula_like(text)
        assert csv_safe(text) == "'" + text
    assert not is_formula_like("送温暖资金") and csv_safe("a=1") == "a=1"
    assert csv_safe(None) == ""
    assert clean_text("a\x00b\x1fc\udcff") == "a\ufffdb\ufffdc\ufffd"
    assert clean_text("line\nbreak\ttab") == "line\nbreak\ttab"


def test_unwritable_characters_do_not_stop_the_batch(tmp_path: Path) -> None:
    result = FileResult(path="bad\udcffname.xlsx", department="局\x01", findings=[finding("D003", "error", "值\x07错误")])
    book = openpyxl.load_workbook(write(tmp_path, [result]))
    assert rows(book["问题清单"])[1][:2] == ["bad\ufffdname.xlsx", "局\ufffd"]


def test_two_hundred_results_smoke(tmp_path: Path) -> None:
    results = [
        FileResult(path=f"dept{i:03d}.xlsx", department=f"局{i}", year=2019, findings=[finding("F001", "error", f"问题 {i}")] * (i % 3))
        for i in range(200)
    ]
    book = openpyxl.load_workbook(write(tmp_path, results))
    assert book["汇总"].max_row == 202
    assert book["问题清单"].max_row == 1 + sum(i % 3 for i in range(200))
    assert rows(book["汇总"])[2][6] == 20


def test_close_without_results_writes_headers_only(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(tmp_path, []))
    assert book.sheetnames == ZH_SHEETS
    assert rows(book["问题清单"]) == [FINDING_HEADERS]
    assert rows(book["汇总"])[1:] == [SUMMARY_HEADERS]
    assert len(rows(book["规则统计"])) == 1 and len(rows(book["未能读取"])) == 1
    empty_csv = tmp_path / "empty.csv"
    CSV.open_file(empty_csv, OutputOptions()).close()
    assert empty_csv.read_text(encoding="utf-8-sig").splitlines() == [",".join(FINDING_HEADERS)]


def test_written_atomically_and_reproducibly(tmp_path: Path) -> None:
    target = tmp_path / "screening.xlsx"
    sink = ScreeningWorkbook(target)
    for result in batch():
        sink.add(result)
    assert not target.exists()  # nothing under the final name before close
    sink.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["screening.xlsx"]
    again = tmp_path / "again"
    again.mkdir()
    assert write(again, batch()).read_bytes() == target.read_bytes()


def test_findings_beyond_a_sheet_continue_on_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ScreeningWorkbook, "rows_per_sheet", 4)  # header + 3 findings per sheet
    book = openpyxl.load_workbook(write(tmp_path, batch()))
    assert book.sheetnames == ["汇总", "问题清单", "问题清单 (2)", "问题清单 (3)", "规则统计", "未能读取", "说明"]
    assert [row[0] for row in rows(book["问题清单 (2)"])] == ["文件", "b.xlsx", "c.xlsx", "d.xlsx"]
    assert [row[0] for row in rows(book["问题清单 (3)"])] == ["文件", "d.xlsx"]
    links = {c.value: c.hyperlink.location for c in book["汇总"]["C"][2:] if c.hyperlink}
    assert links == {"a.xlsx": "'问题清单'!A2", "b.xlsx": "'问题清单'!A4", "c.xlsx": "'问题清单 (2)'!A3", "d.xlsx": "'问题清单 (2)'!A4"}
    assert book["问题清单"].auto_filter.ref == "A1:G4"
    assert book["问题清单 (3)"].auto_filter.ref == "A1:G2"


def test_a_workbook_of_several_departments_is_ranked_per_department(tmp_path: Path) -> None:
    def owned(rule: str, severity: str, department: str, year: int) -> Finding:
        return finding(rule, severity, f"{department}：问题。", f"{department}项目").model_copy(update={"department": department, "year": year})

    result = FileResult(
        path="tables.xlsx", department="甲局", year=2019,
        findings=[owned("F006", "error", "甲局", 2019), owned("I002", "warning", "乙局", 2023), owned("F006", "error", "乙局", 2023)],
    )
    book = openpyxl.load_workbook(write(tmp_path, [result, FileResult(path="other.xlsx", department="丙局", year=2019)]))
    summary = rows(book["汇总"])[2:]
    assert [(r[0], r[1], r[2], r[4], r[5], r[6]) for r in summary] == [
        ("乙局", 2023, "tables.xlsx", 1, 1, 13),
        ("甲局", 2019, "tables.xlsx", 1, 0, 10),
        ("丙局", 2019, "other.xlsx", 0, 0, 0),
    ]
    links = {(c.row, c.hyperlink.location) for c in book["汇总"]["C"][2:] if c.hyperlink}
    assert links == {(3, "'问题清单'!A3"), (4, "'问题清单'!A2")}
    assert [r[1] for r in rows(book["问题清单"])[1:]] == ["甲局", "乙局", "乙局"]


# -- print setup, 说明, file problems, repeated submissions --------------------------------------


def test_every_sheet_prints_a4_landscape_fitted_to_width_with_its_header_on_every_page(workbook: openpyxl.Workbook) -> None:
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        header_row = 2 if sheet.title == "汇总" else 1
        assert sheet.print_title_rows == f"${header_row}:${header_row}", sheet.title
        assert sheet.freeze_panes == f"A{header_row + 1}", sheet.title
        assert "&P" in sheet.oddFooter.center.text


def test_long_text_rows_are_stored_tall_enough_to_print_whole(tmp_path: Path) -> None:
    long = finding("F001", "error", "送温暖资金：" + "资金明细合计与执行数不一致，" * 12, "送温暖资金")
    book = openpyxl.load_workbook(write(tmp_path, [FileResult(path="a.xlsx", findings=[long, finding("I001", "warning", "短。")])]))
    sheet = book["问题清单"]
    assert sheet.row_dimensions[2].height >= 4 * 15  # about 170 characters in a column of 60
    assert sheet.row_dimensions[3].height is None  # one line: the default height


def test_the_guide_says_what_each_sheet_holds_and_how_the_score_is_computed(workbook: openpyxl.Workbook) -> None:
    guide = {row[0]: row[1] for row in rows(workbook["说明"])[1:]}
    assert set(ZH_SHEETS[:4]) <= set(guide) and {"风险分", "级别", "状态", "重复", "打印"} <= set(guide)
    score = guide["风险分"]
    for term in ("错误条数 × 10", "警告条数 × 3", "提示条数 × 1", "100", "D001", "D002", "E000", "只记一次"):
        assert term in score
    assert rows(workbook["说明"])[0] == ["项目", "说明"]


def _scores(tmp_path: Path, results: list[FileResult]) -> dict[str, tuple[str, int]]:
    book = openpyxl.load_workbook(write(tmp_path, results))
    return {row[2]: (row[3], row[6]) for row in rows(book["汇总"])[2:]}


def test_the_score_is_what_the_guide_says(tmp_path: Path) -> None:
    missing = finding("D002", "error", "缺少工作表「绩效指标」。")
    results = [
        FileResult(path="empty.xlsx", findings=[finding("D002", "error", "无法识别工作簿的格式。")]),
        FileResult(path="one-error.xlsx", findings=[finding("F001", "error", "不符。")]),
        FileResult(path="missing-two.xlsx", findings=[missing, missing.model_copy(update={"message": "缺少栏目「偏差原因」。"})]),
        FileResult(path="missing-and-wrong.xlsx", findings=[missing, finding("F001", "error", "不符。"), finding("I001", "warning", "缺指标。")]),
        FileResult(path="report.docx", findings=[finding("D002", "info", "未找到年度。"), finding("F009", "warning", "合计不符。")]),
        FileResult(path="broken.xlsx", status="error", findings=[finding("D001", "error", "无法读取。"), finding("D002", "error", "x")]),
    ]
    assert _scores(tmp_path, results) == {
        "missing-and-wrong.xlsx": ("未能完整检查", 100 + 10 + 3),
        "broken.xlsx": ("无法读取", 100),
        "empty.xlsx": ("未能完整检查", 100),  # not 10, like one real error
        "missing-two.xlsx": ("未能完整检查", 100),  # once, however many are missing
        "one-error.xlsx": ("读取成功", 10),
        "report.docx": ("读取成功", 1 + 3),  # a report's D002 is an info: its statements were checked
    }


def test_repeated_submissions_are_named_both_ways_and_counted(tmp_path: Path) -> None:
    def result(path: str, digest: str, department: str = "甲局", year: int = 2019, layout: str = "submission-workbook") -> FileResult:
        return FileResult(path=path, department=department, year=year, digest=digest, layout=layout, findings=[finding("I001", "warning", "缺指标。")])

    results = [
        result("a.xlsx", "d1"), result("b.xlsx", "d1"), result("c.xlsx", "d2"),
        result("d.docx", "d3", layout="narrative-report"),  # 甲局's report beside its table: a pair
        result("e.xlsx", "d4", department="乙局"), result("f.xlsx", "d5", department="乙局", year=2020),
    ]
    book = openpyxl.load_workbook(write(tmp_path, results))
    marks = {row[2]: row[7] for row in rows(book["汇总"])[2:]}
    assert marks == {
        "a.xlsx": "与 b.xlsx 内容完全相同",
        "b.xlsx": "与 a.xlsx 内容完全相同",
        "c.xlsx": "与 a.xlsx 同为 甲局 2019 年度（共 3 份）",
        "d.docx": None, "e.xlsx": None, "f.xlsx": None,
    }
    assert "重复提交 3 个文件（内容完全相同 2 个，同一部门同一年度 1 个）" in book["汇总"]["A1"].value
    (tmp_path / "en").mkdir()
    english = openpyxl.load_workbook(write(tmp_path / "en", results, lang="en"))
    assert {row[2]: row[7] for row in rows(english["Summary"])[2:]}["c.xlsx"] == "same department and year (甲局 2019) as a.xlsx (3 copies)"

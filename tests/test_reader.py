"""The submission-workbook reader (docs/SUBMISSION_FORMAT.md): every layout variant, every value with its cell.

Workbooks are built with ``auditor.writers.workbook`` (and ``overrides`` to plant raw
values), or by hand with openpyxl where the writer cannot express the case; a few are
patched at the XML level (formula results) since no Python library writes cached values.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.model import (
    Claim,
    Department,
    Expenditure,
    FileResult,
    Project,
    Submission,
)
from auditor.readers import read_submission
from auditor.run.pipeline import check_file
from auditor.writers.workbook import WorkbookStyle, cell_of, put_value, write_submission
from tests.sample_builders import (
    SAMPLE_FILES,
    clean_example,
    guizhou_federation_2019,
    many_problems_example,
)
from tests.strategies import consistent_submissions

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_submissions"
RECORD_LISTS = ("projects", "expenditures", "indicators", "claims")
SHEET_OF = {"projects": "项目", "expenditures": "资金明细", "indicators": "绩效指标", "claims": "数据声明"}


# --- helpers -------------------------------------------------------------------------------


def stated(submission: Submission) -> dict:
    """What a submission states, without where it was read from (sources, path, notes, issues)."""
    without_sources = {"__all__": {"sources"}}
    return submission.model_dump(
        include={"department", *RECORD_LISTS},
        exclude={"department": {"sources"}, **{name: without_sources for name in RECORD_LISTS}},
    )


def written(tmp_path: Path, submission: Submission, style: WorkbookStyle = WorkbookStyle(), name: str = "book.xlsx", **kwargs) -> Path:
    path = tmp_path / name
    write_submission(submission, path, style, **kwargs)
    return path


def bare_ref(qualified: str) -> str:
    return qualified.rpartition("!")[2]


def small(unit: str = "万元", **changes: object) -> Submission:
    """One project (甲) of 100 spent as 60 + 40; no indicators or claims unless given."""
    fields: dict[str, object] = {
        "path": "small.xlsx",
        "department": Department(name="测试厅", year=2023, unit=unit),  # type: ignore[arg-type]
        "projects": [Project(name="甲", budget=Decimal(100), executed=Decimal(100), balance=Decimal(0), score=Decimal(95), grade="优秀")],
        "expenditures": [
            Expenditure(project="甲", purpose="设备", amount=Decimal(60)),
            Expenditure(project="甲", purpose="服务", amount=Decimal(40)),
        ],
    }
    fields.update(changes)
    return Submission(**fields)  # type: ignore[arg-type]


def make_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook written cell by cell with openpyxl (None leaves a cell empty)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    put_value(ws.cell(row, column), value)
    workbook.save(path)
    return path


def patch_sheets(path: Path, replacements: dict[str, str]) -> None:
    """Replace XML text inside the worksheet parts (each replacement must happen exactly once)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    done = dict.fromkeys(replacements, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    done[old] += text.count(old)
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            archive.writestr(info.filename, data)
    assert all(count == 1 for count in done.values()), done


def issues_of(submission: Submission, kind: str) -> list:
    return [issue for issue in submission.issues if issue.kind == kind]


@pytest.fixture(scope="module")
def check_path(catalogue: Catalogue) -> Callable[[Path], FileResult]:
    engine = engine_for(catalogue)
    return lambda path: check_file(path, catalogue, engine)


def rules_fired(result: FileResult, code: str) -> list:
    return [finding for finding in result.findings if finding.rule == code]


# --- round trip ----------------------------------------------------------------------------

styles = st.builds(
    WorkbookStyle,
    title_rows=st.integers(0, 3),
    english_names=st.booleans(),
    amounts_as_text=st.sampled_from(["no", "plain", "thousands", "fullwidth", "padded"]),
    percent_cells=st.booleans(),
    shuffle_columns=st.none() | st.integers(0, 10_000),
    header_units=st.booleans(),
    extra_sheets=st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(submission=consistent_submissions(), style=styles)
def test_any_submission_in_any_layout_variant_reads_back_the_same(tmp_path: Path, submission: Submission, style: WorkbookStyle) -> None:
    read = read_submission(written(tmp_path, submission, style, name="round-trip.xlsx"))
    assert read.issues == []
    assert not read.unreadable
    expected = stated(submission)
    # The strategy writes a plain claim's comparator as "", which is an empty cell: read back as None.
    for claim in expected["claims"]:
        claim["comparator"] = claim["comparator"] or None
    assert stated(read) == expected


# --- sources -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "style",
    [
        WorkbookStyle(),
        WorkbookStyle(title_rows=2, english_names=True, shuffle_columns=11, extra_sheets=True, header_units=True, percent_cells=True),
    ],
    ids=["plain", "every-variant"],
)
def test_every_value_keeps_the_cell_it_was_read_from(tmp_path: Path, style: WorkbookStyle) -> None:
    submission = clean_example()
    read = read_submission(written(tmp_path, submission, style))
    checked = 0
    for name in RECORD_LISTS:
        records = getattr(submission, name)
        assert len(getattr(read, name)) == len(records)
        for index, (record, got) in enumerate(zip(records, getattr(read, name))):
            for field, value in record.model_dump(exclude={"sources"}).items():
                if value is not None:
                    assert got.sources[field] == cell_of(submission, style, SHEET_OF[name], index, field), (name, index, field)
                    checked += 1
    for field, value in submission.department.model_dump(exclude={"sources"}).items():
        if value is not None:
            assert read.department.sources[field] == cell_of(submission, style, "基本信息", 0, field), field
            checked += 1
    assert checked > 50


def test_sources_name_the_sheet_and_cell_literally(tmp_path: Path) -> None:
    submission = small()
    read = read_submission(written(tmp_path, submission))
    assert read.projects[0].sources["budget"] == "项目!B2"
    assert read.projects[0].sources["executed"] == "项目!C2"
    assert [e.sources["amount"] for e in read.expenditures] == ["资金明细!C2", "资金明细!C3"]
    assert read.department.sources["name"] == "基本信息!B2"
    assert read.department.sources["year"] == "基本信息!B3"
    english = WorkbookStyle(english_names=True, title_rows=3)
    read = read_submission(written(tmp_path, submission, english, name="english.xlsx"))
    assert read.projects[0].sources["budget"] == "projects!B5"
    assert read.expenditures[1].sources["amount"] == "expenditures!C6"


# --- units ---------------------------------------------------------------------------------


def test_amounts_in_yuan_are_read_as_written(tmp_path: Path) -> None:
    submission = small(
        unit="元",
        projects=[Project(name="甲", budget=Decimal("12345.67"), executed=Decimal("12345.67"))],
        expenditures=[Expenditure(project="甲", purpose="设备", amount=Decimal("12345.67"))],
    )
    read = read_submission(written(tmp_path, submission))
    assert read.department.unit == "元"
    assert read.projects[0].budget == Decimal("12345.67")
    assert read.expenditures[0].amount == Decimal("12345.67")


def test_a_unit_in_the_header_overrides_the_workbook_unit(tmp_path: Path) -> None:
    submission = small(expenditures=[Expenditure(project="甲", purpose="设备", amount=Decimal(12345))])
    read = read_submission(written(tmp_path, submission, overrides={("资金明细", "C1"): "金额（元）"}))
    assert read.department.unit == "万元"
    amount = read.expenditures[0].amount
    assert amount == Decimal("1.2345") and str(amount) == "1.2345"
    assert read.projects[0].budget == Decimal(100)  # other columns keep the workbook's unit
    # and the other way round: 万元 in the header of a 元 workbook
    in_yuan = small(unit="元", expenditures=[Expenditure(project="甲", purpose="设备", amount=Decimal("1.5"))])
    read = read_submission(written(tmp_path, in_yuan, name="yuan.xlsx", overrides={("资金明细", "C1"): "金额(万元)"}))
    assert read.expenditures[0].amount == Decimal(15000)
    assert read.issues == []


def test_an_amount_text_may_name_its_own_unit(tmp_path: Path) -> None:
    read = read_submission(written(tmp_path, small(unit="元"), overrides={("资金明细", "C2"): "50万元", ("资金明细", "C3"): "40元"}))
    assert [e.amount for e in read.expenditures] == [Decimal(500000), Decimal(40)]
    read = read_submission(written(tmp_path, small(), name="wan.xlsx", overrides={("资金明细", "C2"): "60万元", ("资金明细", "C3"): "4000 元"}))
    assert [e.amount for e in read.expenditures] == [Decimal(60), Decimal("0.4")]
    assert read.issues == []


# --- numbers in text cells and percentages -------------------------------------------------


def test_numbers_typed_as_text_are_accepted(tmp_path: Path) -> None:
    overrides = {("项目", "B2"): "1,000.00", ("项目", "C2"): "１０００", ("项目", "D2"): " 50 ", ("项目", "E2"): "９５"}
    read = read_submission(written(tmp_path, small(), overrides=overrides))
    project = read.projects[0]
    assert (project.budget, project.executed, project.balance, project.score) == (Decimal(1000), Decimal(1000), Decimal(50), Decimal(95))
    assert read.issues == []


def claims_submission(*claims: Claim) -> Submission:
    return small(claims=list(claims))


def test_percentages_as_numbers_percent_cells_and_text(tmp_path: Path) -> None:
    claim = Claim(statement="其中73人，占比70%以上", part=Decimal(73), whole=Decimal(99), claimed_percent=Decimal(70), comparator="以上")
    submission = claims_submission(claim, claim.model_copy(update={"claimed_percent": Decimal("73.5")}))
    ref = bare_ref(cell_of(submission, WorkbookStyle(), "数据声明", 0, "claimed_percent"))
    assert ref == "E2"
    plain = read_submission(written(tmp_path, submission))
    assert [c.claimed_percent for c in plain.claims] == [Decimal(70), Decimal("73.5")]
    percent_cells = read_submission(written(tmp_path, submission, WorkbookStyle(percent_cells=True), name="pct.xlsx"))
    assert [c.claimed_percent for c in percent_cells.claims] == [Decimal(70), Decimal("73.5")]
    text = read_submission(written(tmp_path, submission, name="text.xlsx", overrides={("数据声明", "E2"): "70%", ("数据声明", "E3"): "７３.５％"}))
    assert [c.claimed_percent for c in text.claims] == [Decimal(70), Decimal("73.5")]
    # A plain 0.7 in a cell not formatted as a percentage is 0.7 %, not 70 %.
    unformatted = read_submission(written(tmp_path, submission, name="bare.xlsx", overrides={("数据声明", "E2"): Decimal("0.7")}))
    assert unformatted.claims[0].claimed_percent == Decimal("0.7")
    for read in (plain, percent_cells, text, unformatted):
        assert read.issues == []


# --- formulas ------------------------------------------------------------------------------


def test_a_formula_s_cached_value_is_used_without_float_noise(tmp_path: Path) -> None:
    path = written(tmp_path, small(), overrides={("项目", "B2"): "=50+50", ("资金明细", "C2"): "=0.1+0.2"})
    patch_sheets(path, {"<f>50+50</f><v />": "<f>50+50</f><v>100</v>", "<f>0.1+0.2</f><v />": "<f>0.1+0.2</f><v>0.30000000000000004</v>"})
    read = read_submission(path)
    assert read.issues == []
    assert read.projects[0].budget == Decimal(100)
    assert read.expenditures[0].amount == Decimal("0.3")
    assert read.expenditures[0].sources["amount"] == "资金明细!C2"


def test_a_formula_without_cached_value_is_a_d003_and_an_unknown_value(tmp_path: Path, check_path) -> None:
    # 60 + 40 = 100; with the 40 unknown, F001 must not compare 60 with 100.
    path = written(tmp_path, small(), overrides={("资金明细", "C3"): "=SUM(10,30)"})
    read = read_submission(path)
    assert read.expenditures[1].amount is None
    assert read.expenditures[0].amount == Decimal(60)
    [issue] = read.issues
    assert issue.kind == "bad_value" and issue.locations == ["资金明细!C3"] and issue.project == "甲"
    assert "SUM(10,30)" in issue.detail_zh and "资金明细!C3" in issue.detail_en
    result = check_path(path)
    [d003] = rules_fired(result, "D003")
    assert d003.locations == ["资金明细!C3"]
    assert rules_fired(result, "F001") == []
    # Control: the same workbook with a real (wrong) number there does fire F001.
    control = check_path(written(tmp_path, small(), name="control.xlsx", overrides={("资金明细", "C3"): 30}))
    assert [f.project for f in rules_fired(control, "F001")] == ["甲"]


# --- structure -----------------------------------------------------------------------------


def test_a_missing_required_sheet_is_d002_and_other_rules_still_run(tmp_path: Path, check_path) -> None:
    path = written(tmp_path, small(), overrides={("资金明细", "C3"): 30})  # 60 + 30 ≠ 100
    workbook = openpyxl.load_workbook(path)
    del workbook["绩效指标"]
    workbook.save(path)
    read = read_submission(path)
    [missing] = read.issues
    assert missing.kind == "missing_structure" and "绩效指标" in missing.detail_zh and "绩效指标" in missing.detail_en
    assert read.projects and read.expenditures
    result = check_path(path)
    assert result.status == "ok"
    [d002] = rules_fired(result, "D002")
    assert "绩效指标" in d002.message
    assert [f.project for f in rules_fired(result, "F001")] == ["甲"]
    # The indicator rules are skipped, not run as if the project had no indicators.
    assert rules_fired(result, "I001") == []


def test_the_optional_claims_sheet_may_be_missing(tmp_path: Path) -> None:
    read = read_submission(written(tmp_path, small()))
    assert read.claims == [] and read.issues == []


def test_a_missing_required_column_is_d002_naming_it(tmp_path: Path, check_path) -> None:
    path = written(tmp_path, small(), overrides={("资金明细", "B1"): "说明"})
    read = read_submission(path)
    [missing] = read.issues
    assert missing.kind == "missing_structure"
    assert "用途" in missing.detail_zh and "purpose" in missing.detail_en
    assert missing.locations == ["资金明细!1:1"]
    result = check_path(path)
    [d002] = rules_fired(result, "D002")
    assert "用途" in d002.message
    # 60 + 30 ≠ 100 needs no 用途: F001 still runs. Without 金额 it cannot, and is skipped.
    overrides = {("资金明细", "C3"): 30}
    result = check_path(written(tmp_path, small(), name="no-purpose.xlsx", overrides={**overrides, ("资金明细", "B1"): "说明"}))
    assert sorted(f.rule for f in result.findings if f.rule in ("D002", "F001")) == ["D002", "F001"]
    result = check_path(written(tmp_path, small(), name="no-amount.xlsx", overrides={**overrides, ("资金明细", "C1"): "说明"}))
    [d002] = rules_fired(result, "D002")
    assert "金额" in d002.message
    assert rules_fired(result, "F001") == []


def test_the_header_row_is_found_below_title_rows(tmp_path: Path) -> None:
    submission = small()
    for title_rows in (1, 2, 3):
        read = read_submission(written(tmp_path, submission, WorkbookStyle(title_rows=title_rows), name=f"t{title_rows}.xlsx"))
        assert stated(read) == stated(submission)
        assert read.projects[0].sources["budget"] == f"项目!B{title_rows + 2}"
    # A free-form title block (merged-looking text, a unit line, a blank row) above the header.
    path = make_book(
        tmp_path / "titled.xlsx",
        {
            "基本信息": [["2023年度绩效自评"], [None], ["字段", "值"], ["部门名称", "测试厅"], ["年度", 2023]],
            "项目": [["项目情况表"], ["单位：万元", None, "填报日期：2024-03-01"], [None], ["项目名称", "预算数", "执行数"], ["甲", 100, 100]],
            "资金明细": [["资金明细"], ["项目名称", "用途", "金额"], ["甲", "设备", 100]],
            "绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标"]],
        },
    )
    read = read_submission(path)
    assert read.issues == []
    assert read.department.name == "测试厅" and read.department.sources["name"] == "基本信息!B4"
    assert [(p.name, p.budget, p.sources["budget"]) for p in read.projects] == [("甲", Decimal(100), "项目!B5")]
    assert [e.amount for e in read.expenditures] == [Decimal(100)]


def test_extra_columns_and_extra_sheets_are_ignored(tmp_path: Path) -> None:
    submission = clean_example()
    read = read_submission(written(tmp_path, submission, WorkbookStyle(extra_sheets=True)))
    assert read.issues == [] and read.notes == []
    assert stated(read) == stated(submission)
    path = make_book(
        tmp_path / "extra.xlsx",
        {
            "说明": [["项目名称", "预算数"], ["说明里的表", 999]],
            "基本信息": [["字段", "值", "备注"], ["部门名称", "测试厅", "全称"], ["年度", 2023, None], ["联系人", "张三", None]],
            "项目": [["序号", "项目名称", "备注", "预算数", "合计"], [1, "甲", "重点", 100, "x"]],
            "资金明细": [["项目名称", "用途", "金额", "金额占比"], ["甲", "设备", 100, "100%"]],
            "绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标"]],
            "项目支出绩效自评表": [["项目名称", "预算数"], ["乙", 5]],
        },
    )
    read = read_submission(path)
    assert read.issues == []
    assert [(p.name, p.budget, p.sources["budget"]) for p in read.projects] == [("甲", Decimal(100), "项目!D2")]
    assert [(e.purpose, e.amount) for e in read.expenditures] == [("设备", Decimal(100))]


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "blank.xlsx",
        {
            "基本信息": [["字段", "值"], [None], ["部门名称", "测试厅"], ["  ", "  "], ["年度", 2023]],
            "项目": [["项目名称", "预算数"], ["甲", 100], [None], ["   ", None], ["乙", 50]],
            "资金明细": [["项目名称", "用途", "金额"], [None], ["甲", "设备", 100], [None, None, " "], ["乙", "服务", 50]],
            "绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标"], [None], [None]],
        },
    )
    read = read_submission(path)
    assert read.issues == [] and read.notes == []
    assert (read.department.name, read.department.year) == ("测试厅", 2023)
    assert [(p.name, p.budget, p.sources["name"]) for p in read.projects] == [("甲", Decimal(100), "项目!A2"), ("乙", Decimal(50), "项目!A5")]
    assert [(e.project, e.amount) for e in read.expenditures] == [("甲", Decimal(100)), ("乙", Decimal(50))]


def test_english_sheet_and_column_names_are_accepted(tmp_path: Path) -> None:
    submission = guizhou_federation_2019()
    read = read_submission(written(tmp_path, submission, WorkbookStyle(english_names=True)))
    assert read.issues == []
    assert stated(read) == stated(submission)
    assert read.projects[0].sources["budget"] == "projects!B2"
    # Case and spacing of the aliases do not matter.
    path = make_book(
        tmp_path / "mixed.xlsx",
        {
            "Basic": [["Field", "Value"], ["Department", "测试厅"], ["YEAR", 2023], ["Unit", "元"]],
            "Projects": [["Project", "Budget", "Executed"], ["甲", 100, 90]],
            "EXPENDITURES": [["project", "purpose", "amount"], ["甲", "设备", 90]],
            "Indicators": [["Project", "Level1", "Level2", "Name"], ["甲", "产出", "数量", "培训人数"]],
        },
    )
    read = read_submission(path)
    assert read.issues == []
    assert (read.department.name, read.department.year, read.department.unit) == ("测试厅", 2023, "元")
    assert [(p.name, p.budget, p.executed) for p in read.projects] == [("甲", Decimal(100), Decimal(90))]
    assert [(i.level1, i.level2, i.name) for i in read.indicators] == [("产出指标", "数量指标", "培训人数")]


# --- bad values ----------------------------------------------------------------------------


def test_a_non_numeric_amount_is_d003_naming_the_cell_and_its_content(tmp_path: Path, check_path) -> None:
    path = written(tmp_path, small(), overrides={("资金明细", "C2"): "约五十万"})
    read = read_submission(path)
    assert read.expenditures[0].amount is None
    [issue] = read.issues
    assert issue.kind == "bad_value" and issue.locations == ["资金明细!C2"] and issue.project == "甲"
    assert "资金明细!C2" in issue.detail_zh and "约五十万" in issue.detail_zh and "约五十万" in issue.detail_en
    result = check_path(path)
    [d003] = rules_fired(result, "D003")
    assert "约五十万" in d003.message and d003.locations == ["资金明细!C2"]
    assert rules_fired(result, "F001") == []


def test_an_unknown_grade_word_is_d003(tmp_path: Path) -> None:
    read = read_submission(written(tmp_path, small(), overrides={("项目", "F2"): "很好"}))
    assert read.projects[0].grade is None
    [issue] = read.issues
    assert issue.kind == "bad_value" and issue.locations == ["项目!F2"]
    assert "很好" in issue.detail_zh and "优秀" in issue.detail_zh


def test_an_error_cell_is_d003(tmp_path: Path) -> None:
    read = read_submission(written(tmp_path, small(), overrides={("资金明细", "C3"): "#DIV/0!"}))
    assert read.expenditures[1].amount is None
    [issue] = read.issues
    assert issue.kind == "bad_value" and issue.locations == ["资金明细!C3"]
    assert "#DIV/0!" in issue.detail_zh and "#DIV/0!" in issue.detail_en


def test_unknown_and_duplicated_projects_through_a_workbook(tmp_path: Path, check_path) -> None:
    submission = small(
        projects=[
            Project(name="甲", budget=Decimal(100), executed=Decimal(100)),
            Project(name="乙", budget=Decimal(10)),
            Project(name="乙", budget=Decimal(10)),
        ],
        expenditures=[
            Expenditure(project="甲", purpose="设备", amount=Decimal(100)),
            Expenditure(project="丙", purpose="演出", amount=Decimal(5)),
        ],
    )
    result = check_path(written(tmp_path, submission))
    [d004] = rules_fired(result, "D004")
    assert d004.project == "丙" and d004.locations == ["资金明细!A3"]
    [d005] = rules_fired(result, "D005")
    assert d005.project == "乙" and "项目!A3" in d005.message and "项目!A4" in d005.message
    assert rules_fired(result, "F001") == []


# --- 数据声明 -------------------------------------------------------------------------------


def test_claim_numbers_left_empty_are_read_from_the_statement(tmp_path: Path) -> None:
    sentence = "3批次劳模共99人，其中来自基层和一线的劳模有73人，占比70%以上"
    submission = claims_submission(Claim(project="甲", statement=sentence), Claim(statement="劳模满意度较高"))
    read = read_submission(written(tmp_path, submission))
    assert read.issues == []
    [claim] = read.claims
    assert (claim.project, claim.statement) == ("甲", sentence)
    assert (claim.part, claim.whole, claim.claimed_percent, claim.comparator) == (Decimal(73), Decimal(99), Decimal(70), "以上")
    assert claim.sources["part"] == claim.sources["whole"] == claim.sources["claimed_percent"] == "数据声明!B2"
    [note] = read.notes
    assert "数据声明" in note and "第 3 行" in note


def test_claim_cells_that_are_filled_win_over_the_statement(tmp_path: Path) -> None:
    sentence = "共99人，其中73人，占比70%以上"
    submission = claims_submission(Claim(statement=sentence, part=Decimal(72), claimed_percent=Decimal(72), comparator="约"))
    [claim] = read_submission(written(tmp_path, submission)).claims
    assert (claim.part, claim.whole, claim.claimed_percent, claim.comparator) == (Decimal(72), Decimal(99), Decimal(72), "约")
    assert claim.sources["part"] == "数据声明!C2" and claim.sources["whole"] == "数据声明!B2"


# --- the sample files ----------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda sample: sample.file_name)
def test_each_sample_file_reads_to_its_submission(sample) -> None:  # type: ignore[no-untyped-def]
    read = read_submission(SAMPLES / sample.file_name)
    assert not read.unreadable
    assert stated(read) == stated(sample.build())
    if sample.build is many_problems_example:
        [(sheet, ref)] = sample.overrides(sample.style)
        [worded] = [e for e in read.expenditures if e.amount is None]
        assert worded.sources["amount"] == f"{sheet}!{ref}"
        [issue] = read.issues
        assert issue.kind == "bad_value" and issue.locations == [f"{sheet}!{ref}"]
    else:
        assert read.issues == []


def test_the_seed_sample_is_the_seed_report() -> None:
    read = read_submission(SAMPLES / "guizhou-federation-2019.xlsx")
    assert stated(read) == stated(guizhou_federation_2019())
    warmth = [e.amount for e in read.expenditures if e.project == "送温暖资金"]
    assert sum(warmth) == Decimal("1000.05")


# --- the input is never touched ------------------------------------------------------------


def test_reading_never_modifies_the_file(tmp_path: Path) -> None:
    path = tmp_path / "seed.xlsx"
    path.write_bytes((SAMPLES / "guizhou-federation-2019.xlsx").read_bytes())
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    first = read_submission(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        second = read_submission(path)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert not second.unreadable and second.issues == []
    assert stated(second) == stated(first) == stated(guizhou_federation_2019())

"""The workbook writer, the blank template and the sample files: what they put in the file, byte for byte where it matters.

The reader's tests trust these files, so the writer is checked against the raw XML
(the exact ``<v>`` text of every number) and against openpyxl's view of each cell.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.model import Claim, Department, Expenditure, Project, Submission
from auditor.readers.workbook.columns import (
    ALL_SHEETS,
    BASIC,
    BASIC_FIELDS,
    CLAIMS,
    EXPENDITURES,
    INDICATORS,
    PROJECTS,
    TABLE_SHEETS,
)
from auditor.writers.template import TEMPLATE_LAST_ROW, write_template
from auditor.writers.workbook import (
    COVER_SHEET,
    NOTES_SHEET,
    REMARKS_HEADER,
    WorkbookStyle,
    cell_of,
    write_submission,
)
from tests.sample_builders import (
    MANY_PROBLEMS_FILE,
    SAMPLE_FILES,
    clean_example,
    guizhou_federation_2019,
    many_problems_example,
    many_problems_overrides,
)

REPO = Path(__file__).resolve().parent.parent
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- helpers -------------------------------------------------------------------------------


def raw_cells(path: Path, sheet_name: str) -> dict[str, tuple[str | None, str]]:
    """Each cell of a sheet as the file stores it: ref -> (t attribute, the <v> or inline string text)."""
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rel_id = next(s.get(f"{{{REL_NS}}}id") for s in workbook.iter(f"{{{MAIN_NS}}}sheet") if s.get("name") == sheet_name)
        target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
        sheet = ElementTree.fromstring(archive.read(target.lstrip("/") if target.startswith("/") else f"xl/{target}"))
    cells = {}
    for cell in sheet.iter(f"{{{MAIN_NS}}}c"):
        value = cell.find(f"{{{MAIN_NS}}}v")
        text = value.text if value is not None else "".join(t.text or "" for t in cell.iter(f"{{{MAIN_NS}}}t"))
        cells[cell.get("r")] = (cell.get("t"), text or "")
    return cells


def split_ref(qualified: str) -> tuple[str, str]:
    sheet, _, ref = qualified.rpartition("!")
    return sheet, ref


def small_submission(**department: object) -> Submission:
    """Amounts that openpyxl's own "%.16g" would spoil (8.45 -> 8.449999999999999)."""
    return Submission(
        path="small.xlsx",
        department=Department(name="测试厅", year=2023, report_date=date(2024, 3, 1), total_allocation=Decimal("1008.45"), **department),
        projects=[
            Project(name="甲项目", budget=Decimal("1000.05"), executed=Decimal("93.57"), balance=None, sources={"budget": "项目!B2"}),
            Project(name="乙项目", budget=Decimal("8.45"), executed=Decimal("8.45"), balance=Decimal("0")),
        ],
        expenditures=[
            Expenditure(project="甲项目", purpose="购置", amount=Decimal("504.55")),
            Expenditure(project="甲项目", purpose="服务", amount=None),
        ],
        claims=[
            Claim(project="甲项目", statement="占比70%以上", part=Decimal("73"), whole=Decimal("99"), claimed_percent=Decimal("70"), comparator="以上"),
            Claim(statement="约73.5%", part=Decimal("735"), whole=Decimal("1000"), claimed_percent=Decimal("73.5"), comparator="约"),
        ],
    )


def written(tmp_path: Path, submission: Submission, style: WorkbookStyle = WorkbookStyle(), **kwargs: object) -> Path:
    path = tmp_path / "out.xlsx"
    write_submission(submission, path, style, **kwargs)
    return path


def header_row(ws: openpyxl.worksheet.worksheet.Worksheet, row: int) -> list[object]:
    return [cell.value for cell in ws[row]]


# --- exact numbers -------------------------------------------------------------------------


def test_decimal_amounts_are_stored_with_their_exact_text(tmp_path: Path) -> None:
    submission = small_submission()
    path = written(tmp_path, submission)
    expected = {
        cell_of(submission, WorkbookStyle(), "项目", 0, "budget"): "1000.05",
        cell_of(submission, WorkbookStyle(), "项目", 0, "executed"): "93.57",
        cell_of(submission, WorkbookStyle(), "项目", 1, "budget"): "8.45",
        cell_of(submission, WorkbookStyle(), "资金明细", 0, "amount"): "504.55",
        cell_of(submission, WorkbookStyle(), "基本信息", 0, "total_allocation"): "1008.45",
    }
    for qualified, text in expected.items():
        sheet, ref = split_ref(qualified)
        assert raw_cells(path, sheet)[ref] == ("n", text), qualified


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_any_decimal_amount_round_trips_through_the_v_text(tmp_path: Path, amount: Decimal) -> None:
    submission = Submission(path="x.xlsx", department=Department(name="测试", year=2023), projects=[Project(name="甲", budget=amount)])
    path = written(tmp_path, submission)
    kind, text = raw_cells(path, "项目")[split_ref(cell_of(submission, WorkbookStyle(), "项目", 0, "budget"))[1]]
    assert kind == "n"
    assert "e" not in text.lower()
    assert Decimal(text) == amount


def test_none_leaves_the_cell_empty_and_basic_info_lists_only_set_fields(tmp_path: Path) -> None:
    submission = small_submission()
    path = written(tmp_path, submission)
    ws = openpyxl.load_workbook(path)["项目"]
    assert ws[split_ref(cell_of(submission, WorkbookStyle(), "项目", 0, "balance"))[1]].value is None
    basic = openpyxl.load_workbook(path)["基本信息"]
    fields = [row[0] for row in basic.iter_rows(min_row=2, values_only=True)]
    assert fields == ["部门名称", "年度", "报告日期", "金额单位", "财政拨款合计"]
    with pytest.raises(KeyError):
        cell_of(submission, WorkbookStyle(), "基本信息", 0, "project_count")


def test_dates_are_real_dates(tmp_path: Path) -> None:
    submission = small_submission()
    path = written(tmp_path, submission)
    sheet, ref = split_ref(cell_of(submission, WorkbookStyle(), "基本信息", 0, "report_date"))
    cell = openpyxl.load_workbook(path)[sheet][ref]
    assert cell.value == datetime(2024, 3, 1)
    assert cell.number_format == "yyyy-mm-dd"
    assert raw_cells(path, sheet)[ref][0] == "n"


def test_claims_sheet_only_when_there_are_claims(tmp_path: Path) -> None:
    without = small_submission().model_copy(update={"claims": []})
    assert openpyxl.load_workbook(written(tmp_path, without)).sheetnames == [BASIC.name, PROJECTS.name, EXPENDITURES.name, INDICATORS.name]
    assert CLAIMS.name in openpyxl.load_workbook(written(tmp_path, small_submission())).sheetnames


def test_same_submission_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_submission(clean_example(), first)
    write_submission(clean_example(), second)
    assert first.read_bytes() == second.read_bytes()


# --- layout variants -----------------------------------------------------------------------


@pytest.mark.parametrize("title_rows", [0, 1, 2, 3])
def test_title_rows_push_every_header_down(tmp_path: Path, title_rows: int) -> None:
    workbook = openpyxl.load_workbook(written(tmp_path, small_submission(), WorkbookStyle(title_rows=title_rows)))
    for layout in ALL_SHEETS:
        ws = workbook[layout.name]
        assert header_row(ws, title_rows + 1) == [column.name for column in layout.columns]
    if title_rows:
        assert workbook["项目"]["A1"].value == "2023年度部门项目支出绩效自评提交表"
    if title_rows >= 2:
        assert workbook["项目"]["A2"].value == "单位：万元"


def test_english_names_use_every_alias(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(written(tmp_path, small_submission(), WorkbookStyle(english_names=True)))
    assert workbook.sheetnames == [layout.alias for layout in ALL_SHEETS]
    for layout in ALL_SHEETS:
        assert header_row(workbook[layout.alias], 1) == [column.alias for column in layout.columns]
    fields = [row[0] for row in workbook[BASIC.alias].iter_rows(min_row=2, values_only=True)]
    assert fields == ["department", "year", "report_date", "unit", "total_allocation"]


@pytest.mark.parametrize(
    ("form", "budget_text", "small_text"),
    [
        ("plain", "1000.05", "8.45"),
        ("thousands", "1,000.05", "8.45"),
        ("fullwidth", "１０００．０５", "８．４５"),
        ("padded", " 1000.05 ", " 8.45 "),
    ],
)
def test_amounts_as_text(tmp_path: Path, form: str, budget_text: str, small_text: str) -> None:
    submission = small_submission()
    style = WorkbookStyle(amounts_as_text=form)  # type: ignore[arg-type]
    path = written(tmp_path, submission, style)
    cells = raw_cells(path, "项目")
    assert cells[split_ref(cell_of(submission, style, "项目", 0, "budget"))[1]] == ("inlineStr", budget_text)
    assert cells[split_ref(cell_of(submission, style, "项目", 1, "budget"))[1]] == ("inlineStr", small_text)
    # Only amounts become text: 自评得分-like numbers and 声称比例 stay numbers.
    claim_kind, _ = raw_cells(path, "数据声明")[split_ref(cell_of(submission, style, "数据声明", 0, "claimed_percent"))[1]]
    assert claim_kind == "n"
    workbook = openpyxl.load_workbook(path)
    assert workbook["项目"][split_ref(cell_of(submission, style, "项目", 0, "budget"))[1]].value == budget_text


def test_thousands_never_rounds_away_digits(tmp_path: Path) -> None:
    submission = Submission(path="x.xlsx", projects=[Project(name="甲", budget=Decimal("1234567.125")), Project(name="乙", budget=Decimal("1000"))])
    style = WorkbookStyle(amounts_as_text="thousands")
    cells = raw_cells(written(tmp_path, submission, style), "项目")
    assert cells[split_ref(cell_of(submission, style, "项目", 0, "budget"))[1]][1] == "1,234,567.125"
    assert cells[split_ref(cell_of(submission, style, "项目", 1, "budget"))[1]][1] == "1,000.00"


def test_percent_cells_hold_the_fraction_with_a_percent_format(tmp_path: Path) -> None:
    submission = small_submission()
    style = WorkbookStyle(percent_cells=True)
    path = written(tmp_path, submission, style)
    sheet = openpyxl.load_workbook(path)["数据声明"]
    raw = raw_cells(path, "数据声明")
    for index, (text, number_format) in enumerate([("0.7", "0%"), ("0.735", "0.0%")]):
        ref = split_ref(cell_of(submission, style, "数据声明", index, "claimed_percent"))[1]
        assert raw[ref] == ("n", text)
        assert sheet[ref].number_format == number_format


def test_plain_percent_is_the_number_of_percent(tmp_path: Path) -> None:
    submission = small_submission()
    path = written(tmp_path, submission)
    ref = split_ref(cell_of(submission, WorkbookStyle(), "数据声明", 0, "claimed_percent"))[1]
    assert raw_cells(path, "数据声明")[ref] == ("n", "70")
    assert openpyxl.load_workbook(path)["数据声明"][ref].number_format == "General"


def test_shuffled_columns_keep_header_and_data_together(tmp_path: Path) -> None:
    submission = clean_example()
    style = WorkbookStyle(shuffle_columns=7)
    workbook = openpyxl.load_workbook(written(tmp_path, submission, style))
    reordered = 0
    for layout in TABLE_SHEETS:
        headers = header_row(workbook[layout.name], 1)
        canonical = [column.name for column in layout.columns]
        assert sorted(headers) == sorted(canonical)
        reordered += headers != canonical
    assert reordered >= 2
    for index, project in enumerate(submission.projects):
        for field in ("name", "budget", "grade"):
            sheet, ref = split_ref(cell_of(submission, style, "项目", index, field))
            value = workbook[sheet][ref].value
            assert (Decimal(str(value)) if field == "budget" else value) == getattr(project, field)
    assert header_row(workbook[BASIC.name], 1) == ["字段", "值"]


def test_header_units_alternate_bracket_widths(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(written(tmp_path, small_submission(unit="元"), WorkbookStyle(header_units=True)))
    assert header_row(workbook["项目"], 1) == ["项目名称", "预算数（元）", "执行数(元)", "结余（元）", "自评得分", "自评等级"]
    assert header_row(workbook["资金明细"], 1) == ["项目名称", "用途", "金额（元）"]


def test_extra_sheets_and_remarks_column(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(written(tmp_path, small_submission(), WorkbookStyle(extra_sheets=True)))
    assert workbook.sheetnames[:2] == [COVER_SHEET, NOTES_SHEET]
    assert workbook.sheetnames[2:] == [layout.name for layout in ALL_SHEETS]
    for layout in ALL_SHEETS:
        assert header_row(workbook[layout.name], 1) == [*(column.name for column in layout.columns), REMARKS_HEADER]


def test_every_variant_at_once_puts_each_value_where_cell_of_says(tmp_path: Path) -> None:
    submission = guizhou_federation_2019()
    style = WorkbookStyle(title_rows=3, english_names=True, amounts_as_text="thousands", percent_cells=True, shuffle_columns=3, header_units=True, extra_sheets=True)
    workbook = openpyxl.load_workbook(written(tmp_path, submission, style))
    for index, use in enumerate(submission.expenditures):
        sheet, ref = split_ref(cell_of(submission, style, "资金明细", index, "amount"))
        assert sheet == "expenditures"
        assert Decimal(workbook[sheet][ref].value.replace(",", "")) == use.amount
        sheet, ref = split_ref(cell_of(submission, style, "expenditures", index, "purpose"))
        assert workbook[sheet][ref].value == use.purpose
    sheet, ref = split_ref(cell_of(submission, style, "claims", 1, "claimed_percent"))
    assert workbook[sheet][ref].value == 0.2 and workbook[sheet][ref].number_format == "0%"


def test_invalid_styles_are_refused() -> None:
    with pytest.raises(ValueError):
        WorkbookStyle(title_rows=4)
    with pytest.raises(ValueError):
        WorkbookStyle(amounts_as_text="words")  # type: ignore[arg-type]


# --- overrides -----------------------------------------------------------------------------


def test_overrides_land_in_their_cell_last(tmp_path: Path) -> None:
    submission = small_submission()
    path = written(tmp_path, submission, overrides={("资金明细", "C3"): "约五十万", ("项目", "B2"): Decimal("8.45"), ("项目", "C2"): 0.1 + 0.2})
    raw = raw_cells(path, "资金明细")
    assert raw["C3"] == ("inlineStr", "约五十万")
    assert raw_cells(path, "项目")["B2"] == ("n", "8.45")
    assert raw_cells(path, "项目")["C2"] == ("n", "0.30000000000000004")


def test_overrides_accept_the_alias_and_refuse_unknown_sheets(tmp_path: Path) -> None:
    style = WorkbookStyle(english_names=True)
    path = written(tmp_path, small_submission(), style, overrides={("资金明细", "A2"): "无此项目", ("projects", "B3"): "=1/0"})
    workbook = openpyxl.load_workbook(path)
    assert workbook["expenditures"]["A2"].value == "无此项目"
    assert workbook["projects"]["B3"].value == "=1/0"
    with pytest.raises(KeyError):
        written(tmp_path, small_submission().model_copy(update={"claims": []}), overrides={("数据声明", "A2"): "x"})


# --- template ------------------------------------------------------------------------------


@pytest.fixture
def template(tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "template.xlsx"
    write_template(path)
    return openpyxl.load_workbook(path)


def test_template_has_the_notes_and_every_sheet_with_its_headers(template: openpyxl.Workbook) -> None:
    assert template.sheetnames == [NOTES_SHEET, *(layout.name for layout in ALL_SHEETS)]
    for layout in ALL_SHEETS:
        ws = template[layout.name]
        assert header_row(ws, 1)[: len(layout.columns)] == [column.name for column in layout.columns]
        assert all(ws.cell(1, column).font.bold for column in range(1, len(layout.columns) + 1))
        assert ws.freeze_panes == "A2"


def test_template_basic_info_lists_every_field_with_unit_preset(template: openpyxl.Workbook) -> None:
    rows = list(template[BASIC.name].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [field.name for field in BASIC_FIELDS]
    assert {row[0]: row[1] for row in rows} == {field.name: ("万元" if field.field == "unit" else None) for field in BASIC_FIELDS}


def test_template_notes_explain_every_field(template: openpyxl.Workbook) -> None:
    texts = {str(value) for row in template[NOTES_SHEET].iter_rows(values_only=True) for value in row if value is not None}
    for layout in ALL_SHEETS:
        assert {layout.name, layout.alias, layout.meaning} <= texts
        explained = (*layout.columns, *BASIC_FIELDS) if layout is BASIC else layout.columns
        for column in explained:
            assert {column.name, column.alias, column.meaning} <= texts, column.name
            if column.choices:
                assert "、".join(column.choices) in texts


def test_template_drop_down_lists(template: openpyxl.Workbook) -> None:
    def lists(sheet: str) -> dict[str, list[str]]:
        return {str(v.sqref): v.formula1.strip('"').split(",") for v in template[sheet].data_validations.dataValidation if v.type == "list"}

    basic_rows = {field.field: row for row, field in enumerate(BASIC_FIELDS, start=2)}
    assert lists(BASIC.name) == {
        f"B{basic_rows['unit']}": ["万元", "元"],
        f"B{basic_rows['balance_claim']}": ["无余额", "有余额"],
        f"B{basic_rows['grade']}": ["优秀", "良好", "中", "差"],
    }
    assert lists(PROJECTS.name) == {f"F2:F{TEMPLATE_LAST_ROW}": ["优秀", "良好", "中", "差"]}
    indicator_lists = lists(INDICATORS.name)
    assert indicator_lists[f"B2:B{TEMPLATE_LAST_ROW}"] == ["产出指标", "效益指标", "满意度指标", "成本指标"]
    assert indicator_lists[f"C2:C{TEMPLATE_LAST_ROW}"][:4] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    assert "服务对象满意度指标" in indicator_lists[f"C2:C{TEMPLATE_LAST_ROW}"]
    assert lists(CLAIMS.name) == {f"F2:F{TEMPLATE_LAST_ROW}": ["以上", "超过", "以下", "不足", "约"]}
    assert lists(EXPENDITURES.name) == {}


def test_template_never_overwrites_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(b"a department's filled workbook")
    with pytest.raises(FileExistsError):
        write_template(path)
    assert path.read_bytes() == b"a department's filled workbook"
    write_template(path, overwrite=True)
    assert openpyxl.load_workbook(path).sheetnames[0] == NOTES_SHEET


# --- samples -------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda sample: sample.file_name)
def test_sample_files_are_up_to_date(tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / sample.file_name
    write_submission(sample.build(), path, sample.style, sample.overrides(sample.style))
    assert (REPO / "sample_submissions" / sample.file_name).read_bytes() == path.read_bytes(), "run scripts/make_samples.py"


def test_seed_sample_states_what_the_report_states() -> None:
    seed = guizhou_federation_2019()
    warmth = [use.amount for use in seed.expenditures if use.project == "送温暖资金"]
    assert warmth == [Decimal(x) for x in ("50", "60", "225.7", "15", "22", "504.55", "122.8")]
    assert sum(warmth) == Decimal("1000.05")
    assert sum(project.budget for project in seed.projects) == seed.department.total_allocation == Decimal("1114.36")
    assert all(indicator.target is None for indicator in seed.indicators)


def test_many_problems_plants_the_worded_amount_in_the_right_cell(tmp_path: Path) -> None:
    path = REPO / "sample_submissions" / MANY_PROBLEMS_FILE
    submission = many_problems_example()
    (sheet, ref), words = next(iter(many_problems_overrides().items()))
    index = next(i for i, use in enumerate(submission.expenditures) if use.amount is None)
    assert cell_of(submission, WorkbookStyle(), sheet, index, "amount") == f"{sheet}!{ref}"
    assert raw_cells(path, sheet)[ref] == ("inlineStr", words)
    style = WorkbookStyle(title_rows=2, shuffle_columns=1)
    assert split_ref(cell_of(submission, style, sheet, index, "amount"))[1] == next(iter(many_problems_overrides(style)))[1]

"""The national-form reader (docs/NATIONAL_FORM.md): every layout variant, drifted and damaged, every value with its cell.

The tables are drawn here by hand with openpyxl, one builder per layout variant, as
departments fill them in Excel, WPS or the budget system's export — never with our own
writer, so that reader and writer cannot share a misunderstanding. A builder writes at
logical rows and columns; a ``Form`` places them (shifted, with blank rows inserted,
merged or unmerged, every value typed as text), and ``Form.ref`` says where each landed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.formats.table import file_block
from auditor.model import FileResult, FundingRow, Indicator, Project, Submission
from auditor.parsing.targets import comparable, parse_measured_value
from auditor.readers import read_submission
from auditor.readers.national.labels import label_key, label_unit, label_weight
from auditor.run.pipeline import check_file
from auditor.sources import xlsx as xc
from auditor.sources.xlsx import read_workbook_cells

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_submissions"
D = Decimal


# --- drawing a form ------------------------------------------------------------------------


@dataclass
class Form:
    """One worksheet being filled: logical (row, column) → where the cell really goes."""

    ws: Worksheet
    top: int = 1
    left: int = 1
    merges: bool = True
    as_text: bool = False
    #: Logical rows before which a blank row is inserted.
    gaps: frozenset[int] = frozenset()
    #: How labels are typed (spaces, colons, brackets …).
    label: Callable[[str], str] = field(default=lambda text: text)

    def row(self, r: int) -> int:
        return self.top - 1 + r + sum(1 for gap in self.gaps if gap <= r)

    def col(self, c: str) -> int:
        return self.left - 1 + column_index_from_string(c)

    def ref(self, r: int, c: str) -> str:
        return f"{self.ws.title}!{get_column_letter(self.col(c))}{self.row(r)}"

    def put(self, r: int, c: str, value: object, to_row: int | None = None, to_col: str | None = None, fmt: str | None = None) -> None:
        cell = self.ws.cell(self.row(r), self.col(c))
        if self.as_text and isinstance(value, (int, float)):
            value = _as_shown(value, fmt)
        elif fmt:
            cell.number_format = fmt
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # 「=8个」 is a target typed as text, not a formula
        if self.merges and (to_row or to_col):
            self.ws.merge_cells(
                start_row=self.row(r), start_column=self.col(c),
                end_row=self.row(to_row or r), end_column=self.col(to_col or c),
            )

    def put_label(self, r: int, c: str, text: str, to_row: int | None = None, to_col: str | None = None) -> None:
        self.put(r, c, self.label(text), to_row, to_col)

    def shown_label(self, text: str) -> str:
        return " ".join(self.label(text).split())


def _as_shown(value: float, fmt: str | None) -> str:
    """A number as an export that turned every value into text writes it."""
    if fmt and fmt.endswith("%"):
        places = len(fmt.partition(".")[2].rstrip("%"))
        return f"{value * 100:.{places}f}%"
    return str(value)


def book(tmp_path: Path, name: str = "table.xlsx", **sheets: Callable[[Worksheet], object]) -> Path:
    """A workbook with one sheet per keyword, each drawn by its function."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, draw in sheets.items():
        draw(workbook.create_sheet(title))
    path = tmp_path / name
    workbook.save(path)
    return path


def one_table(tmp_path: Path, builder: Callable[..., None], sheet: str = "表1", **options: object) -> tuple[Submission, Form]:
    """A workbook of one table; ``options`` go to the Form (top, merges, …) or else to the builder."""
    form_fields = set(Form.__dataclass_fields__)
    forms: list[Form] = []

    def draw(ws: Worksheet) -> None:
        form = Form(ws, **{k: v for k, v in options.items() if k in form_fields})  # type: ignore[arg-type]
        builder(form, **{k: v for k, v in options.items() if k not in form_fields})
        forms.append(form)

    return read_submission(book(tmp_path, **{sheet: draw})), forms[0]


def amounts(form: Form, r: int, *values: object, columns: str = "CDE") -> None:
    for column, value in zip(columns, values):
        form.put(r, column, value)


# --- 2020 national layout ------------------------------------------------------------------


def national_2020(
    form: Form,
    name: str = "送温暖资金",
    department: str = "某市总工会",
    year: int = 2019,
    rate: tuple[object, str | None] = ("50%", None),
    cost_level1: bool = False,
    title: bool = True,
    other_initial: object = "/",
) -> None:
    """财预〔2020〕10号's table, A–J, 一级/二级 merged down, 「—」「/」「*」 in empty cells."""
    f, label = form, form.put_label
    if title:
        label(1, "A", "项目支出绩效自评表", to_col="J")
    f.put(2, "A", f"（{year}年度）", to_col="J")
    label(3, "A", "项目名称")
    f.put(3, "B", name, to_col="J")
    label(4, "A", "主管部门")
    f.put(4, "B", department, to_col="E")
    label(4, "F", "实施单位")
    f.put(4, "G", "某市总工会机关", to_col="J")
    label(5, "A", "项目资金（万元）", to_row=9)
    for column, head in zip("CDEFGH", ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        label(5, column, head)
    label(6, "B", "年度资金总额")
    amounts(f, 6, 310.2, 310.2, 154.74)
    f.put(6, "F", 10)
    f.put(6, "G", rate[0], fmt=rate[1])
    f.put(6, "H", 5)
    label(7, "B", "其中：当年财政拨款")
    amounts(f, 7, 300, 300, 150)
    f.put(7, "F", "—")
    f.put(7, "H", "—")
    label(8, "B", "上年结转资金")
    amounts(f, 8, 10.2, 10.2, 4.74)
    label(9, "B", "其他资金")
    amounts(f, 9, other_initial, "*", "—")
    label(10, "A", "年度总体目标", to_row=11)
    label(10, "B", "预期目标", to_col="F")
    label(10, "G", "实际完成情况", to_col="J")
    f.put(11, "B", "全年慰问困难职工1000户", to_col="F")
    f.put(11, "G", "慰问困难职工998户", to_col="J")
    last = 19 if cost_level1 else 17
    label(12, "A", "绩效指标", to_row=last)
    for column, head in zip("BCDEFGHI", ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")):
        label(12, column, head, to_col="J" if column == "I" else None)
    f.put(13, "B", "产出指标(50分)", to_row=15)
    f.put(13, "C", "数量指标", to_row=14)
    indicator_row(f, 13, "慰问户数", "≥1000户", "998户", 30, 30, "个别困难职工联系不上")
    indicator_row(f, 14, "覆盖区县", "=8个", "8个", 10, 10)
    f.put(15, "C", "时效指标")
    indicator_row(f, 15, "完成时间", "2019年12月底前", "2019年12月", 10, 10)
    f.put(16, "B", "效益指标（30分）", to_row=17)
    f.put(16, "C", "经济效益指标")  # kept empty in the template: no 三级 under it
    f.put(17, "C", "社会效益指标")
    indicator_row(f, 17, "困难职工生活改善", "效果明显", "达成预期指标", 30, 28)
    if cost_level1:
        f.put(18, "B", "成本指标", to_row=19)
        f.put(18, "C", "经济成本指标")
        indicator_row(f, 18, "人均慰问成本", "≤500元", "480元", 5, 5)
        f.put(19, "C", "社会成本指标")
        indicator_row(f, 19, "负面舆情", "≤1起", "0起", 5, 5)
    label(last + 1, "A", "总分", to_col="F")
    f.put(last + 1, "G", 100)
    f.put(last + 1, "H", 93 if cost_level1 else 83)


def indicator_row(f: Form, r: int, name: str, target: object, actual: object, weight: object, points: object, reason: str | None = None) -> None:
    for column, value in zip("DEFGH", (name, target, actual, weight, points)):
        f.put(r, column, value)
    if reason is not None:
        f.put(r, "I", reason, to_col="J")


def expected_2020(f: Form, name: str = "送温暖资金", cost_level1: bool = False) -> Submission:
    """What the 2020 table states, every value with the cell it is written in."""
    last = 19 if cost_level1 else 17
    project = Project(
        name=name, budget_initial=D("310.2"), budget=D("310.2"), executed=D("154.74"),
        execution_rate=D(50), execution_rate_decimals=0, execution_weight=D(10), execution_points=D(5),
        score=D(93 if cost_level1 else 83),
        sources={
            "name": f.ref(3, "B"), "budget_initial": f.ref(6, "C"), "budget": f.ref(6, "D"), "executed": f.ref(6, "E"),
            "execution_rate": f.ref(6, "G"), "execution_weight": f.ref(6, "F"), "execution_points": f.ref(6, "H"),
            "score": f.ref(last + 1, "H"),
        },
    )

    def funding(r: int, label: str, values: tuple[str | None, ...], total: bool = False) -> FundingRow:
        initial, budget, executed = (None if v is None else D(v) for v in values)
        return FundingRow(
            project=name, label=f.shown_label(label), is_total=total, initial=initial, budget=budget, executed=executed,
            sources={"label": f.ref(r, "B"), "initial": f.ref(r, "C"), "budget": f.ref(r, "D"), "executed": f.ref(r, "E")},
        )

    def indicator(r: int, level1: tuple[str, int], level2: tuple[str, int], name_: str, target: str, actual: str, weight: int, points: int, reason: str | None = None) -> Indicator:
        return Indicator(
            project=name, level1=level1[0], level2=level2[0], name=name_, target=target, actual=actual,
            weight=D(weight), points=D(points), deviation_reason=reason,
            sources={
                "level1": f.ref(level1[1], "B"), "level2": f.ref(level2[1], "C"), "name": f.ref(r, "D"),
                "target": f.ref(r, "E"), "actual": f.ref(r, "F"), "weight": f.ref(r, "G"), "points": f.ref(r, "H"),
                "deviation_reason": f.ref(r, "I"),
            },
        )

    indicators = [
        indicator(13, ("产出指标", 13), ("数量指标", 13), "慰问户数", "≥1000户", "998户", 30, 30, "个别困难职工联系不上"),
        indicator(14, ("产出指标", 13), ("数量指标", 13), "覆盖区县", "=8个", "8个", 10, 10),
        indicator(15, ("产出指标", 13), ("时效指标", 15), "完成时间", "2019年12月底前", "2019年12月", 10, 10),
        indicator(17, ("效益指标", 16), ("社会效益指标", 17), "困难职工生活改善", "效果明显", "达成预期指标", 30, 28),
    ]
    if cost_level1:
        indicators += [
            indicator(18, ("成本指标", 18), ("成本指标", 18), "人均慰问成本", "≤500元", "480元", 5, 5),
            indicator(19, ("成本指标", 18), ("成本指标", 19), "负面舆情", "≤1起", "0起", 5, 5),
        ]
    return Submission(
        path="",
        layout="national-form",
        projects=[project],
        funding=[
            funding(6, "年度资金总额", ("310.2", "310.2", "154.74"), total=True),
            funding(7, "其中：当年财政拨款", ("300", "300", "150")),
            funding(8, "上年结转资金", ("10.2", "10.2", "4.74")),
            funding(9, "其他资金", (None, None, None)),
        ],
        indicators=indicators,
    )


def assert_states(read: Submission, expected: Submission) -> None:
    assert read.issues == [], read.issues
    assert read.layout == "national-form"
    assert read.projects == expected.projects
    assert read.funding == expected.funding
    assert read.indicators == expected.indicators


def texts_of(submission: Submission) -> set[tuple[str, str, str]]:
    return {(t.label, t.text, t.source("text") or "") for t in submission.texts}


def test_the_2020_national_table_reads_every_value_with_its_cell(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020)
    assert_states(read, expected_2020(f))
    department = read.department
    assert (department.name, department.year, department.unit) == ("某市总工会", 2019, "万元")
    assert department.sources == {"name": f.ref(4, "B"), "year": f.ref(2, "A"), "unit": f.ref(5, "A")}
    assert (department.project_count, department.total_allocation) == (None, None)
    assert read.notes == ["按全国项目支出绩效自评表读取（1 张表）"]
    # No reason cell for a low 执行率 in this layout: F008 reads that as "no reason given".
    assert read.unavailable == ["expenditures", "claims", "execution_reason:送温暖资金"]
    assert texts_of(read) == {
        ("实施单位", "某市总工会机关", f.ref(4, "G")),
        ("预期目标", "全年慰问困难职工1000户", f.ref(11, "B")),
        ("实际完成情况", "慰问困难职工998户", f.ref(11, "G")),
        ("三级指标", "慰问户数", f.ref(13, "D")),
        ("年度指标值", "≥1000户", f.ref(13, "E")),
        ("实际完成值", "998户", f.ref(13, "F")),
        ("偏差原因", "个别困难职工联系不上", f.ref(13, "I")),
        ("三级指标", "覆盖区县", f.ref(14, "D")),
        ("年度指标值", "=8个", f.ref(14, "E")),
        ("实际完成值", "8个", f.ref(14, "F")),
        ("三级指标", "完成时间", f.ref(15, "D")),
        ("年度指标值", "2019年12月底前", f.ref(15, "E")),
        ("实际完成值", "2019年12月", f.ref(15, "F")),
        ("三级指标", "困难职工生活改善", f.ref(17, "D")),
        ("年度指标值", "效果明显", f.ref(17, "E")),
        ("实际完成值", "达成预期指标", f.ref(17, "F")),
    }
    assert all(t.project == "送温暖资金" for t in read.texts)


def test_a_table_starting_at_c5_reads_the_same_from_its_own_cells(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, top=5, left=3)
    assert f.ref(3, "B") == "表1!D7"
    assert_states(read, expected_2020(f))
    assert read.department.sources["year"] == "表1!C6"


def test_an_export_without_merged_cells_carries_each_level_down(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, merges=False)
    assert_states(read, expected_2020(f))


def test_blank_rows_inside_the_table_are_skipped(tmp_path: Path) -> None:
    for merges in (True, False):
        read, f = one_table(tmp_path, national_2020, gaps=frozenset({7, 10, 14, 16}), merges=merges)
        assert f.ref(14, "D") == "表1!D17"
        assert_states(read, expected_2020(f))


def test_an_export_with_every_value_as_text_reads_the_same(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, as_text=True, rate=(0.5, "0%"))
    assert read.funding[0].sources["initial"] == f.ref(6, "C")
    assert f.ws.cell(f.row(6), f.col("G")).value == "50%"
    assert_states(read, expected_2020(f))


def test_a_missing_title_row_and_labels_typed_with_spaces_colons_and_brackets(tmp_path: Path) -> None:
    def typed(text: str) -> str:
        spaced = "\u3000".join(text).replace("（", "(").replace("）", ")")
        return spaced if text.endswith("指标") or text == "绩效指标" else spaced + "："

    read, f = one_table(tmp_path, national_2020, title=False, label=typed)
    assert f.ws.cell(f.row(7), f.col("B")).value == "其\u3000中\u3000：\u3000当\u3000年\u3000财\u3000政\u3000拨\u3000款："
    assert_states(read, expected_2020(f))
    assert read.department.year == 2019 and read.department.unit == "万元"


def test_a_2021_cost_indicator_is_a_level1_with_its_cost_kinds_under_it(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, cost_level1=True)
    assert_states(read, expected_2020(f, cost_level1=True))
    assert [(i.level1, i.level2) for i in read.indicators[-2:]] == [("成本指标", "成本指标")] * 2


def test_dash_slash_and_star_cells_are_empty_not_zero(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, other_initial="—")
    other = read.funding[3]
    assert (other.label, other.initial, other.budget, other.executed) == ("其他资金", None, None, None)
    assert other.sources["budget"] == f.ref(9, "D")
    assert read.issues == []


def test_a_number_cell_holding_words_is_d003_naming_the_cell(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, other_initial="约50")
    [issue] = read.issues
    assert issue.kind == "bad_value" and issue.locations == [f.ref(9, "C")] and issue.project == "送温暖资金"
    assert "约50" in issue.detail_zh
    assert read.funding[3].initial is None


# --- the printed 执行率 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "percent", "decimals"),
    [
        ("50%", None, "50", 0),  # text with a percent sign
        ("49.88%", None, "49.88", 2),
        ("５０．００％", None, "50.00", 2),  # full-width, trailing zeros are printed digits
        (0.5, "0%", "50", 0),  # a fraction formatted as a percentage
        (0.4988, "0.00%", "49.88", 2),
        (0.5, "0.00%", "50.00", 2),  # shown as 50.00%: two decimals
        (0.49876, "0%", "50", 0),  # shown as 50%
        (49.88, None, "49.88", 2),  # a bare number of percent
        ("49.88", None, "49.88", 2),
        (49.876, "0.00", "49.88", 2),  # shown as 49.88
        (100, None, "100", 0),
    ],
)
def test_the_printed_execution_rate_in_each_form(tmp_path: Path, value: object, fmt: str | None, percent: str, decimals: int) -> None:
    read, f = one_table(tmp_path, national_2020, rate=(value, fmt))
    [project] = read.projects
    assert (project.execution_rate, project.execution_rate_decimals) == (D(percent), decimals)
    assert str(project.execution_rate) == percent
    assert project.source("execution_rate") == f.ref(6, "G")
    assert read.issues == [] and len(read.notes) == 1


@pytest.mark.parametrize(("value", "percent", "decimals"), [(0.4988, "49.88", 2), ("0.5", "50", 0), (1, "100", 0)])
def test_a_bare_rate_up_to_1_is_read_as_a_fraction_and_said_so(tmp_path: Path, value: object, percent: str, decimals: int) -> None:
    read, f = one_table(tmp_path, national_2020, rate=(value, None))
    [project] = read.projects
    assert (project.execution_rate, project.execution_rate_decimals) == (D(percent), decimals)
    assert any(f.ref(6, "G") in note and "按比例" in note for note in read.notes), read.notes


def test_a_rate_that_is_no_number_is_d003(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, rate=("约50%", None))
    [issue] = read.issues
    assert issue.kind == "bad_value" and issue.locations == [f.ref(6, "G")]
    assert read.projects[0].execution_rate is None


# --- central departments: A/B labels ---------------------------------------------------------


def central_ab(f: Form) -> None:
    """Central departments' table: 全年预算数（A）, 执行率（B/A）, 年度指标值（A）, an extra 其中 row 中央补助."""
    f.put(1, "A", "项目支出绩效自评表", to_col="J")
    f.put(2, "A", "（2020年度）", to_col="J")
    f.put(3, "A", "项目名称")
    f.put(3, "B", "农业技术推广", to_col="J")
    f.put(4, "A", "主管部门")
    f.put(4, "B", "农业农村部", to_col="E")
    f.put(4, "F", "实施单位")
    f.put(4, "G", "全国农业技术推广服务中心", to_col="J")
    f.put(5, "A", "项目资金（万元）", to_row=10)
    for column, head in zip("CDEFGH", ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")):
        f.put(5, column, head)
    f.put(6, "B", "年度资金总额：")
    amounts(f, 6, 1000, 1200, 598.56)
    f.put(6, "F", 10)
    f.put(6, "G", 0.4988, fmt="0.00%")
    f.put(6, "H", 4.99)
    f.put(7, "B", "其中：财政拨款")
    amounts(f, 7, 900, 1100, 550)
    f.put(8, "B", "其中：中央补助")
    amounts(f, 8, 100, 100, 48.56)
    f.put(9, "B", "上年结转资金")
    amounts(f, 9, 0, 0, 0)
    f.put(10, "B", "其他资金")
    amounts(f, 10, "—", "—", "—")
    f.put(11, "A", "年度总体目标", to_row=12)
    f.put(11, "B", "预期目标", to_col="F")
    f.put(11, "G", "实际完成情况", to_col="J")
    f.put(12, "B", "推广主推技术20项", to_col="F")
    f.put(12, "G", "推广主推技术20项", to_col="J")
    f.put(13, "A", "绩效指标", to_row=15)
    for column, head in zip("BCDEFGHI", ("一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分", "偏差原因分析及改进措施")):
        f.put(13, column, head)
    f.put(14, "B", "产出指标")
    f.put(14, "C", "质量指标")
    f.put(14, "D", "技术到位率")
    f.put(14, "E", 1, fmt="0%")
    f.put(14, "F", 0.98, fmt="0%")
    f.put(14, "G", 20)
    f.put(14, "H", 19.6)
    f.put(14, "I", "部分示范点延期")
    f.put(15, "B", "满意度指标")
    f.put(15, "C", "服务对象满意度指标")
    f.put(15, "D", "农户满意度")
    f.put(15, "E", "≥90%")
    f.put(15, "F", "92%")
    f.put(15, "G", 10)
    f.put(15, "H", 10)
    f.put(16, "A", "总分", to_col="F")
    f.put(16, "G", 100)
    f.put(16, "H", 34.59)


def test_the_central_a_b_table(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, central_ab)
    assert read.issues == []
    [project] = read.projects
    assert project == Project(
        name="农业技术推广", budget_initial=D(1000), budget=D(1200), executed=D("598.56"),
        execution_rate=D("49.88"), execution_rate_decimals=2, execution_weight=D(10), execution_points=D("4.99"),
        score=D("34.59"),
        sources={
            "name": f.ref(3, "B"), "budget_initial": f.ref(6, "C"), "budget": f.ref(6, "D"), "executed": f.ref(6, "E"),
            "execution_rate": f.ref(6, "G"), "execution_weight": f.ref(6, "F"), "execution_points": f.ref(6, "H"),
            "score": f.ref(16, "H"),
        },
    )
    assert [(r.label, r.is_total, r.initial, r.budget, r.executed) for r in read.funding] == [
        ("年度资金总额：", True, D(1000), D(1200), D("598.56")),
        ("其中：财政拨款", False, D(900), D(1100), D(550)),
        ("其中：中央补助", False, D(100), D(100), D("48.56")),
        ("上年结转资金", False, D(0), D(0), D(0)),
        ("其他资金", False, None, None, None),
    ]
    quality, satisfaction = read.indicators
    # A percent-formatted target and actual read as what they show.
    assert (quality.target, quality.actual, quality.weight, quality.points) == ("100%", "98%", D(20), D("19.6"))
    assert (quality.deviation_reason, quality.source("deviation_reason")) == ("部分示范点延期", f.ref(14, "I"))
    assert (satisfaction.level1, satisfaction.level2, satisfaction.target, satisfaction.actual) == ("满意度指标", "服务对象满意度指标", "≥90%", "92%")
    assert (read.department.name, read.department.year) == ("农业农村部", 2020)


# --- 2016–2019 central and Beijing --------------------------------------------------------


def beijing_2016(f: Form) -> None:
    """Beijing 2016: 主管部门及代码, 年初预算数(A) only, 分值(10分) in the head, 得分计算方法, 分值 before the values."""
    f.put(1, "A", "项目支出绩效自评表")
    f.put(2, "A", "(2016年度)")
    f.put(3, "A", "项目名称")
    f.put(3, "B", "自管道路清扫保洁外包工作经费")
    f.put(4, "A", "主管部门及代码")
    f.put(4, "B", "[101]北京市海淀区学院路街道办事处")
    f.put(4, "F", "实施单位")
    f.put(4, "G", "学院路街道城市运行服务中心")
    f.put(5, "A", "项目资金(万元)")
    for column, head in zip("CDEFGH", ("年初预算数(A)", "全年执行数(B)", "分值(10分)", "执行率(B/A)", "得分", "得分计算方法")):
        f.put(5, column, head)
    f.put(6, "B", "年度资金总额")
    amounts(f, 6, 310.2, 154.74, columns="CD")
    f.put(6, "F", 49.88)
    f.put(6, "G", 5)
    f.put(6, "H", "执行率×分值")
    f.put(7, "B", "其中：本年一般公共预算拨款")
    amounts(f, 7, 310.2, 154.74, columns="CD")
    f.put(8, "B", "其他资金")
    amounts(f, 8, 0, 0, columns="CD")
    f.put(9, "A", "年度总体目标完成情况")
    f.put(9, "B", "预期目标")
    f.put(9, "F", "实际完成情况")
    f.put(10, "B", "保障20条道路清扫保洁")
    f.put(10, "F", "完成20条道路清扫保洁")
    f.put(11, "A", "绩效指标")
    for column, head in zip("BCDEFGHIJ", ("一级指标", "二级指标", "三级指标", "分值", "年度指标值(A)", "全年实际值(B)", "得分计算方法", "得分", "未完成原因分析")):
        f.put(11, column, head)
    rows = [
        ("产出指标", "数量指标", "清扫道路条数", 25, "=20条", "20条", 25),
        (None, None, "清扫面积", 25, "≥50万平方米", "50万平方米", 25),
        (None, "质量指标", "保洁达标率", 20, "≥95%", "96%", 20),
        ("效益指标", None, "环境改善", 20, "效果明显", "明显改善", 20),
    ]
    for r, (level1, level2, name, weight, target, actual, points) in enumerate(rows, start=12):
        for column, value in zip("BCDEFGI", (level1, level2, name, weight, target, actual, points)):
            if value is not None:
                f.put(r, column, value)
        f.put(r, "H", "完成得满分")
    f.put(16, "A", "总分")
    f.put(16, "E", 100)
    f.put(16, "I", 95)


def test_the_2016_beijing_table(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, beijing_2016, sheet="北京", merges=False)
    assert read.issues == []
    [project] = read.projects
    assert project == Project(
        name="自管道路清扫保洁外包工作经费", budget_initial=D("310.2"), budget=D("310.2"), executed=D("154.74"),
        execution_rate=D("49.88"), execution_rate_decimals=2, execution_weight=D(10), execution_points=D(5),
        score=D(95),
        sources={
            "name": f.ref(3, "B"), "budget_initial": f.ref(6, "C"), "budget": f.ref(6, "C"), "executed": f.ref(6, "D"),
            "execution_rate": f.ref(6, "F"), "execution_weight": f.ref(5, "E"), "execution_points": f.ref(6, "G"),
            "score": f.ref(16, "I"),
        },
    )
    # Its only budget column is 年初预算数(A), the denominator of its 执行率(B/A).
    assert any("没有全年预算数列" in note for note in read.notes)
    assert [(r.label, r.initial, r.budget, r.executed) for r in read.funding] == [
        ("年度资金总额", D("310.2"), None, D("154.74")),
        ("其中：本年一般公共预算拨款", D("310.2"), None, D("154.74")),
        ("其他资金", D(0), None, D(0)),
    ]
    assert [(i.level1, i.level2, i.name, i.weight, i.target, i.actual, i.points) for i in read.indicators] == [
        ("产出指标", "数量指标", "清扫道路条数", D(25), "=20条", "20条", D(25)),
        ("产出指标", "数量指标", "清扫面积", D(25), "≥50万平方米", "50万平方米", D(25)),
        ("产出指标", "质量指标", "保洁达标率", D(20), "≥95%", "96%", D(20)),
        # A new 一级 starts its 二级 afresh: nothing carried over from 产出指标.
        ("效益指标", None, "环境改善", D(20), "效果明显", "明显改善", D(20)),
    ]
    assert read.indicators[1].sources["level1"] == f.ref(12, "B") and read.indicators[1].sources["level2"] == f.ref(12, "C")
    assert "level2" not in read.indicators[3].sources
    assert (read.department.name, read.department.year) == ("北京市海淀区学院路街道办事处", 2016)
    assert read.department.source("name") == f.ref(4, "B")
    assert "execution_reason:自管道路清扫保洁外包工作经费" in read.unavailable
    assert ("预期目标", "保障20条道路清扫保洁", f.ref(10, "B")) in texts_of(read)


# --- Sichuan 2023 --------------------------------------------------------------------------


def sichuan_2023(f: Form, name: str = "51000021R000000019951-大气环境监测站点运维") -> None:
    """Sichuan's 510000_0013zp: 预算执行情况(10分) with 权重 and 原因; 指标性质 · 指标值 · 度量单位; 合计; 评价结论."""
    f.put(1, "A", "2023年度项目支出绩效自评表", to_col="K")
    f.put(2, "J", "金额单位：万元", to_col="K")
    f.put(3, "A", "项目名称")
    f.put(3, "B", name, to_col="K")
    f.put(4, "A", "主管部门")
    f.put(4, "B", "某县生态环境局", to_col="E")
    f.put(4, "F", "实施单位")
    f.put(4, "G", "某县环境监测站", to_col="K")
    f.put(5, "A", "预算执行情况(10分)", to_row=10)
    for column, head in zip("CDEFGHI", ("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因")):
        f.put(5, column, head)
    f.put(6, "B", "总额")
    amounts(f, 6, 500, 520, 410)
    f.put(6, "F", "78.85%")
    f.put(6, "G", 10)
    f.put(6, "H", 7.88)
    f.put(6, "I", "2个站点迁址，设备采购延至次年", to_row=10, to_col="K")
    f.put(7, "B", "其中:财政资金")
    amounts(f, 7, 500, 520, 410)
    f.put(7, "F", "78.85%")
    for r, label in enumerate(("财政专户管理资金", "单位资金", "其他资金"), start=8):
        f.put(r, "B", label)
        amounts(f, r, 0, 0, 0)
    f.put(11, "A", "年度总体目标", to_row=12)
    f.put(11, "B", "预期目标", to_col="F")
    f.put(11, "G", "实际完成情况", to_col="K")
    f.put(12, "B", "保障36个站点稳定运行", to_col="F")
    f.put(12, "G", "34个站点稳定运行", to_col="K")
    f.put(13, "A", "绩效指标(90分)", to_col="K")
    for column, head in zip("BCDEFGHIJK", ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析")):
        f.put(14, column, head)
    rows = [
        ("产出指标", "数量指标", "监测站点运维数量", "≥", 36, "个", 34, 30, 28.33, "2个站点迁址停运"),
        ("产出指标", "成本指标", "单站点运维成本", "≤", 14, "万元", 13.6, 20, 20, None),
        ("效益指标", "社会效益指标", "空气质量优良天数比率", "≥", 85, "百分比", 87.4, 30, 30, None),
        ("满意度指标", "服务对象满意度指标", "公众满意度", "定性", "满意", None, "满意", 10, 10, None),
    ]
    for r, values in enumerate(rows, start=15):
        for column, value in zip("BCDEFGHIJK", values):
            if value is not None:
                f.put(r, column, value)
    f.put(19, "A", "合计", to_col="H")
    f.put(19, "I", 90)
    f.put(19, "J", 96.21)
    f.put(20, "A", "评价结论")
    f.put(20, "B", "（200字以内）", to_col="K")
    f.put(21, "A", "存在问题")
    f.put(21, "B", "2个站点迁址，影响数据连续性", to_col="K")
    f.put(22, "A", "改进措施")
    f.put(22, "B", "提前做好站点选址", to_col="K")


def test_the_sichuan_2023_table(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, sichuan_2023)
    assert read.issues == []
    [project] = read.projects
    assert project == Project(
        name="大气环境监测站点运维", budget_initial=D(500), budget=D(520), executed=D(410),
        execution_rate=D("78.85"), execution_rate_decimals=2, execution_weight=D(10), execution_points=D("7.88"),
        execution_reason="2个站点迁址，设备采购延至次年", score=D("96.21"),
        sources={
            "name": f.ref(3, "B"), "budget_initial": f.ref(6, "C"), "budget": f.ref(6, "D"), "executed": f.ref(6, "E"),
            "execution_rate": f.ref(6, "F"), "execution_weight": f.ref(6, "G"), "execution_points": f.ref(6, "H"),
            "execution_reason": f.ref(6, "I"), "score": f.ref(19, "J"),
        },
    )
    assert [(r.label, r.is_total, r.budget) for r in read.funding] == [
        ("总额", True, D(520)), ("其中:财政资金", False, D(520)), ("财政专户管理资金", False, D(0)),
        ("单位资金", False, D(0)), ("其他资金", False, D(0)),
    ]
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.points, i.deviation_reason) for i in read.indicators] == [
        ("产出指标", "数量指标", "监测站点运维数量", "≥36个", "34", D(30), D("28.33"), "2个站点迁址停运"),
        ("产出指标", "成本指标", "单站点运维成本", "≤14万元", "13.6", D(20), D(20), None),
        ("效益指标", "社会效益指标", "空气质量优良天数比率", "≥85百分比", "87.4", D(30), D(30), None),
        ("满意度指标", "服务对象满意度指标", "公众满意度", "满意", "满意", D(10), D(10), None),
    ]
    assert read.indicators[0].sources["target"] == f.ref(15, "F") and read.indicators[0].sources["actual"] == f.ref(15, "H")
    department = read.department
    assert (department.name, department.year, department.unit) == ("某县生态环境局", 2023, "万元")
    assert department.sources == {"name": f.ref(4, "B"), "year": f.ref(1, "A"), "unit": f.ref(2, "J")}
    assert not any(u.startswith("execution_reason") for u in read.unavailable)
    texts = texts_of(read)
    assert {
        ("执行率偏差原因", "2个站点迁址，设备采购延至次年", f.ref(6, "I")),
        ("评价结论", "（200字以内）", f.ref(20, "B")),
        ("存在问题", "2个站点迁址，影响数据连续性", f.ref(21, "B")),
        ("改进措施", "提前做好站点选址", f.ref(22, "B")),
        ("年度指标值", "满意", f.ref(18, "F")),
        ("预期目标", "保障36个站点稳定运行", f.ref(12, "B")),
    } <= texts


def test_a_project_name_without_a_code_prefix_is_kept_whole(tmp_path: Path) -> None:
    read, _ = one_table(tmp_path, lambda f: sichuan_2023(f, name="2023-2025年大气监测"))
    assert read.projects[0].name == "2023-2025年大气监测"


def test_percent_in_words_is_a_percent_for_targets() -> None:
    target, actual = parse_measured_value("≥100百分比"), parse_measured_value("98%")
    assert target is not None and actual is not None
    assert (target.comparator, target.number, target.unit) == ("≥", D(100), "%")
    assert comparable(target, actual)
    assert parse_measured_value("≥85百分比") == parse_measured_value("≥85%")


# --- several projects in one workbook --------------------------------------------------------


def test_one_project_per_sheet_and_sheets_without_a_table_skipped(tmp_path: Path) -> None:
    forms: dict[str, Form] = {}

    def drawn(builder: Callable[[Form], None]) -> Callable[[Worksheet], None]:
        def draw(ws: Worksheet) -> None:
            forms[ws.title] = Form(ws)
            builder(forms[ws.title])
        return draw

    path = book(
        tmp_path,
        说明=lambda ws: ws.cell(1, 1, "填表说明：每个项目一张表"),
        送温暖=drawn(national_2020),
        劳模=drawn(lambda f: national_2020(f, name="劳模疗休养")),
        空白=lambda ws: None,
        监测=drawn(sichuan_2023),
    )
    read = read_submission(path)
    assert read.layout == "national-form" and read.issues == []
    assert [p.name for p in read.projects] == ["送温暖资金", "劳模疗休养", "大气环境监测站点运维"]
    assert read.notes[0] == "按全国项目支出绩效自评表读取（3 张表）"
    assert "工作表“说明”中没有项目支出绩效自评表，已跳过" in read.notes
    assert any(note.startswith("各表的主管部门不一致") for note in read.notes)
    assert read.department.name == "某市总工会"  # the first sheet's
    # the tables belong to two departments: each project knows its own table's, for its findings
    assert [(p.department, p.year) for p in read.projects] == [("某市总工会", 2019), ("某市总工会", 2019), (read.projects[2].department, read.projects[2].year)]
    assert read.projects[2].department not in (None, "某市总工会")
    assert read.projects[1].model_copy(update={"department": None, "year": None}) == expected_2020(forms["劳模"], name="劳模疗休养").projects[0]
    assert {i.project for i in read.indicators} == {"送温暖资金", "劳模疗休养", "大气环境监测站点运维"}
    assert [r.project for r in read.funding if r.is_total] == ["送温暖资金", "劳模疗休养", "大气环境监测站点运维"]
    assert read.unavailable == ["expenditures", "claims", "execution_reason:送温暖资金", "execution_reason:劳模疗休养"]


# --- layout recognition ------------------------------------------------------------------


def test_a_submission_workbook_is_still_read_as_one() -> None:
    read = read_submission(SAMPLES / "clean-example.xlsx")
    assert read.layout == "submission-workbook" and read.issues == [] and read.projects


def test_a_national_workbook_is_recognised(tmp_path: Path) -> None:
    read, _ = one_table(tmp_path, central_ab, sheet="项目")  # even on a sheet called 项目
    assert read.layout == "national-form" and read.projects[0].name == "农业技术推广"


@pytest.fixture(scope="module")
def check_path(catalogue: Catalogue) -> Callable[[Path], FileResult]:
    engine = engine_for(catalogue)
    return lambda path: check_file(path, catalogue, engine)


def test_a_workbook_of_neither_layout_gets_one_d002_naming_both(tmp_path: Path, check_path) -> None:
    path = book(tmp_path, Sheet1=lambda ws: [ws.cell(1, 1, "部门"), ws.cell(1, 2, "金额"), ws.cell(2, 1, "某局"), ws.cell(2, 2, 5)])
    read = read_submission(path)
    [issue] = read.issues
    assert issue.kind == "missing_structure" and read.layout == "unrecognised-workbook" and not read.unreadable
    for looked_for in ("基本信息", "项目", "资金明细", "绩效指标", "项目名称", "年度资金总额", "总分"):
        assert looked_for in issue.detail_zh and looked_for in issue.detail_en
    assert "submission workbook" in issue.detail_en and "national" in issue.detail_en
    result = check_path(path)
    assert [f.rule for f in result.findings] == ["D002"]


def test_a_corrupt_file_is_still_d001(tmp_path: Path, check_path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    read = read_submission(path)
    assert read.unreadable and [i.kind for i in read.issues] == ["unreadable_file"]
    assert [f.rule for f in check_path(path).findings] == ["D001"]


def test_a_national_table_is_checked_without_data_findings(tmp_path: Path, check_path) -> None:
    _, f = one_table(tmp_path, national_2020)
    result = check_path(tmp_path / "table.xlsx")
    assert result.layout == "national-form" and (result.department, result.year) == ("某市总工会", 2019)
    assert not [x for x in result.findings if x.rule.startswith("D")], result.findings


def test_the_terminal_heading_names_the_layout() -> None:
    result = FileResult(path="tests/x.xlsx", department="某局", year=2019, layout="national-form")
    assert file_block(result, "zh").startswith("tests/x.xlsx — 某局 2019 年度（全国项目支出绩效自评表）\n")
    assert file_block(result, "en").startswith("tests/x.xlsx — 某局, 2019 (national self-evaluation form)\n")
    unreadable = FileResult(path="y.xlsx", status="error", layout="submission-workbook")
    assert file_block(unreadable, "zh").startswith("y.xlsx\n")  # the path once when no department was read


# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("其中：本年财政拨款", "本年财政拨款"),
        ("其中:当年财政拨款", "当年财政拨款"),
        ("年度资金总额：", "年度资金总额"),
        ("全年预算数（A）", "全年预算数"),
        ("执行率(B/A)", "执行率"),
        ("分 值", "分值"),
        ("项目资金【万元】", "项目资金"),
        ("预算执行情况（10分）", "预算执行情况"),
        ("存在问题（200字以内）", "存在问题"),
        ("项　目　名　称：", "项目名称"),
    ],
)
def test_label_keys(typed: str, key: str) -> None:
    assert label_key(typed) == key


def test_weights_and_units_in_labels() -> None:
    assert label_weight("分值(10分)") == D(10) and label_weight("预算执行情况（10分）") == D(10) and label_weight("分值") is None
    assert (label_unit("项目资金（万元）"), label_unit("金额单位：元"), label_unit("项目资金")) == ("万元", "元", None)


def test_a_table_in_yuan_says_so(tmp_path: Path) -> None:
    read, f = one_table(tmp_path, national_2020, label=lambda text: text.replace("万元", "元"))
    assert read.department.unit == "元" and read.department.source("unit") == f.ref(5, "A")
    assert read.projects[0].budget == D("310.2")


# --- merged cells and number formats in the cell reader ------------------------------------


def test_merged_ranges_and_format_decimals_are_read_by_both_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, f = one_table(tmp_path, national_2020, rate=(0.4988, "0.00%"))
    path = tmp_path / "table.xlsx"

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the other path was taken")

    with monkeypatch.context() as patched:
        patched.setattr(xc, "_parse_sheet_expat", refuse)
        fast = read_workbook_cells(path).sheets[0]

    def give_up(*_args: object, **_kwargs: object) -> None:
        raise xc._GiveUp

    with monkeypatch.context() as patched:
        patched.setattr(xc, "_fast_sheet", give_up)
        slow = read_workbook_cells(path).sheets[0]
    assert (1, 1, 1, 10) in fast.merged and (13, 2, 15, 2) in fast.merged and (5, 1, 9, 1) in fast.merged
    assert fast.merged == slow.merged
    rate = fast.cells[(6, 7)]
    assert (rate.is_percent, rate.format_decimals) == (True, 2)
    assert [(c.row, c.col, c.format_decimals) for c in fast.cells.values()] == [(c.row, c.col, c.format_decimals) for c in slow.cells.values()]


def _with_merges(path: Path, merges: str) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = sheet.replace("</worksheet>", f"{merges}</worksheet>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_merge_references_are_checked_clipped_and_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = book(tmp_path, S=lambda ws: ws.cell(1, 1, "x"))
    refs = ["B3:A1", "A1", "A0:B2", "A1:ZZZZ2", "C1:XFD1048576", "junk", "$D$4:$E$5", "", "A2000000:A2000001"]
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs) + '<x:mergeCell xmlns:x="urn:x" ref="F1:F2"/>'
    _with_merges(path, f'<mergeCells count="{len(refs)}">{merges}</mergeCells>')
    limits = xc.Limits()
    expected = [(1, 1, 3, 2), (1, 3, limits.max_rows, limits.max_cols), (4, 4, 5, 5), (1, 6, 2, 6)]
    assert read_workbook_cells(path).sheets[0].merged == expected
    monkeypatch.setattr(xc, "_fast_sheet", lambda *a, **k: (_ for _ in ()).throw(xc._GiveUp()))
    assert read_workbook_cells(path).sheets[0].merged == expected

    many = tmp_path / "many.xlsx"
    many.write_bytes(book(tmp_path, "m.xlsx", S=lambda ws: ws.cell(1, 1, "x")).read_bytes())
    monkeypatch.setattr(xc, "MAX_MERGES", 5)
    _with_merges(many, "<mergeCells>" + "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, 20)) + "</mergeCells>")
    assert len(read_workbook_cells(many).sheets[0].merged) == 5


# --- what a table may lack or state besides ----------------------------------------------------


def test_sheets_in_different_units_are_converted_to_the_first_one(tmp_path: Path) -> None:
    def in_yuan(f: Form) -> None:
        national_2020(replace(f, label=lambda text: text.replace("万元", "元")), name="劳模疗休养")

    path = book(tmp_path, 万元表=lambda ws: national_2020(Form(ws)), 元表=lambda ws: in_yuan(Form(ws)))
    read = read_submission(path)
    assert read.department.unit == "万元" and read.department.source("unit") == "万元表!A5"
    assert [p.budget for p in read.projects] == [D("310.2"), D("0.03102")]
    assert any(note.startswith("各表的金额单位不一致") for note in read.notes), read.notes


def test_a_grade_and_an_empty_project_name(tmp_path: Path) -> None:
    def graded(f: Form) -> None:
        national_2020(f, name="")
        f.put(19, "A", "自评等级")
        f.put(19, "B", "优")

    read, f = one_table(tmp_path, graded, sheet="某项目")
    [project] = read.projects
    assert (project.name, project.grade, project.source("grade")) == ("某项目", "优秀", f.ref(19, "B"))
    [issue] = read.issues
    assert issue.kind == "missing_structure" and issue.locations == [f.ref(3, "B")] and "项目名称" in issue.detail_zh


def test_a_table_without_indicator_heads_is_d002_and_its_indicators_unavailable(tmp_path: Path) -> None:
    def headless(f: Form) -> None:
        national_2020(f)
        for column in "BCDEFGHI":
            f.ws.cell(f.row(12), f.col(column)).value = None

    read, f = one_table(tmp_path, headless, merges=False)
    [issue] = read.issues
    assert issue.kind == "missing_structure" and "三级指标" in issue.detail_zh and issue.project == "送温暖资金"
    assert "indicators:送温暖资金" in read.unavailable and read.indicators == []
    assert read.projects[0].score == D(83)  # the last value of the 总分 row

"""The national 项目支出绩效自评表 writer, its blank template and its three samples.

Checked where docs/NATIONAL_FORM.md puts things: each layout's labels in their cells,
its merged ranges, exact numbers in the XML (``<v>89.974</v>``), text never a formula,
the same bytes on every run. The clean and Sichuan samples are checked against the
rules through what their tables state as a ``Submission`` (``stated_submission``); once
the national-form reader reads these files, the round-trip tests compare its result
with the same ``Submission``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import (
    Department,
    FundingRow,
    Indicator,
    Project,
    Submission,
    TextCell,
)
from auditor.readers import read_submission
from auditor.writers.national_form import (
    NATIONAL_VARIANTS,
    FundingLine,
    IndicatorLine,
    NationalTable,
    NationalVariant,
    sheet_titles,
    write_national_form,
    write_national_template,
)
from tests.conftest import SAMPLES
from tests.national_sample_builders import (
    NATIONAL_CLEAN_FILE,
    NATIONAL_REAL_CASES_FILE,
    NATIONAL_SAMPLE_FILES,
    NATIONAL_SICHUAN_FILE,
    national_clean,
    national_real_cases,
    national_sichuan,
)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PROJECT_CODE = re.compile(r"^[0-9A-Za-z]{10,}\s*[-－—_]\s*")
LEVEL1_WEIGHT = re.compile(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")
NATIONAL_FILES = [sample.file_name for sample in NATIONAL_SAMPLE_FILES]


# --- helpers -------------------------------------------------------------------------------


def sheet_xml(path: Path) -> dict[str, ElementTree.Element]:
    """Each sheet's parsed XML by sheet name."""
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = {r.get("Id"): r.get("Target") for r in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))}
        sheets = {}
        for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
            target = rels[sheet.get(f"{{{REL_NS}}}id")]
            sheets[sheet.get("name")] = ElementTree.fromstring(archive.read(target.lstrip("/") if target.startswith("/") else f"xl/{target}"))
    return sheets


def raw_cells(path: Path, sheet_name: str) -> dict[str, tuple[str | None, str]]:
    """ref -> (t attribute, the <v> or inline string text), as the file stores it."""
    cells = {}
    for cell in sheet_xml(path)[sheet_name].iter(f"{{{MAIN_NS}}}c"):
        value = cell.find(f"{{{MAIN_NS}}}v")
        text = value.text if value is not None else "".join(t.text or "" for t in cell.iter(f"{{{MAIN_NS}}}t"))
        if value is not None or cell.find(f"{{{MAIN_NS}}}is") is not None:
            cells[cell.get("r")] = (cell.get("t"), text or "")
    return cells


def merged(ws) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(r) for r in ws.merged_cells.ranges}


def written(tmp_path: Path, tables, variant="2020", name="national.xlsx") -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    write_national_form(tables, path, variant)
    return path


def blank(tmp_path: Path, variant: NationalVariant):  # type: ignore[no-untyped-def]
    path = tmp_path / f"blank-{variant}.xlsx"
    write_national_template(path, variant)
    return openpyxl.load_workbook(path).active


def values(ws, row: int) -> list[object]:  # type: ignore[no-untyped-def]
    return [cell.value for cell in ws[row]]


def sample_tables(file_name: str) -> list[tuple[NationalTable, NationalVariant]]:
    return list(next(s for s in NATIONAL_SAMPLE_FILES if s.file_name == file_name).build())


def percent_printed(text: str | None) -> tuple[Decimal | None, int | None]:
    """「97.60%」 → (97.60, 2); 「0」 → (0, 0)."""
    if text is None:
        return None, None
    number = Decimal(text.removesuffix("%"))
    return number, max(0, -number.as_tuple().exponent)


def text_of(value: str | Decimal | None) -> str | None:
    return value if value is None or isinstance(value, str) else format(value, "f")


def stated_submission(path: str, tables: Sequence[tuple[NationalTable, NationalVariant]]) -> Submission:
    """What the tables state, as the model holds it: the Submission the national-form reader should give.

    Project names lose a budget system's code prefix (「51000021R000000019951-工资性支出」 →
    工资性支出); levels lose their printed weight (「产出指标(50分)」 → 产出指标); empty 二级 rows
    are no indicators; Sichuan's target is its 指标性质 + 指标值 + 度量单位 (「≥12场」); Beijing's
    one budget column, 年初预算数(A), is also the project's budget (its 执行率's denominator).
    """
    projects, funding, indicators, texts = [], [], [], []
    for table, variant in tables:
        name = PROJECT_CODE.sub("", table.project)
        texts += [TextCell(project=name, label=label, text=text) for label, text in free_texts(table) if text]
        total = table.funding[0] if table.funding else FundingLine("")
        rate, decimals = percent_printed(table.execution_rate)
        projects.append(
            Project(
                name=name,
                budget_initial=total.initial,
                budget=total.initial if variant == "beijing-2016" else total.budget,
                executed=total.executed,
                score=table.total_score,
                execution_rate=rate,
                execution_rate_decimals=decimals,
                execution_weight=table.execution_weight,
                execution_points=table.execution_points,
                execution_reason=table.execution_reason,
            )
        )
        funding += [
            FundingRow(project=name, label=line.label, is_total=index == 0, initial=line.initial, budget=line.budget, executed=line.executed)
            for index, line in enumerate(table.funding)
        ]
        indicators += [
            Indicator(
                project=name,
                level1=LEVEL1_WEIGHT.sub("", line.level1),
                level2=line.level2,
                name=line.name,
                target=text_of(line.target) if line.nature is None else f"{line.nature}{text_of(line.value)}{line.unit or ''}",
                actual=text_of(line.actual),
                weight=line.weight,
                points=line.points,
                deviation_reason=line.reason,
            )
            for line in table.indicators
            if line.name is not None
        ]
    first = tables[0][0]
    return Submission(
        path=path,
        layout="national-form",
        department=Department(name=first.department, year=first.year, unit=first.unit),
        projects=projects,
        funding=funding,
        indicators=indicators,
        texts=texts,
    )


def free_texts(table: NationalTable) -> list[tuple[str, str | None]]:
    """The table's cells of free text, by their labels."""
    return [
        ("预期目标", table.goal_expected),
        ("实际完成情况", table.goal_actual),
        ("项目实施内容及过程概述", table.implementation),
        ("原因", table.execution_reason),
        ("评价结论", table.conclusion),
        ("存在问题", table.problems),
        ("改进措施", table.improvements),
    ]


# --- the layouts: labels where the form has them -------------------------------------------


def test_the_2020_layout_puts_every_label_where_the_form_does(tmp_path: Path) -> None:
    ws = blank(tmp_path, "2020")
    assert ws.max_column == 10
    assert (ws["A1"].value, ws["A2"].value) == ("项目支出绩效自评表", "（    年度）")
    assert (ws["A3"].value, ws["A4"].value, ws["F4"].value) == ("项目名称", "主管部门", "实施单位")
    assert values(ws, 5) == ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", None]
    assert [ws.cell(row, 2).value for row in range(6, 10)] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert ws["G6"].value == 10 and [ws.cell(row, 7).value for row in (7, 8, 9)] == ["—"] * 3
    assert (ws["A10"].value, ws["B10"].value, ws["F10"].value) == ("年度总体目标", "预期目标", "实际完成情况")
    assert values(ws, 12) == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", None]
    last = ws.max_row
    assert (ws.cell(last, 1).value, ws.cell(last, 7).value) == ("总分", 100)
    assert {"A1:J1", "A2:J2", "B3:J3", "A5:A9", "B5:C5", "I5:J5", "A10:A11", "B10:E10", "F10:J10", f"A12:A{last - 1}", f"A{last}:F{last}"} <= merged(ws)


def test_the_central_layout_labels_its_columns_a_and_b(tmp_path: Path) -> None:
    ws = blank(tmp_path, "central-ab")
    assert values(ws, 5)[3:8] == ["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）"]
    assert values(ws, 12)[4:6] == ["年度指标值（A）", "实际完成值（B）"]


def test_the_beijing_2016_layout_has_its_codes_methods_and_weights_first(tmp_path: Path) -> None:
    ws = blank(tmp_path, "beijing-2016")
    assert ws["A1"].value == "项目支出绩效自评表（    年度）"
    assert (ws["A3"].value, ws["F3"].value) == ("主管部门及代码", "实施单位")
    assert values(ws, 4)[3:9] == ["年初预算数(A)", "全年执行数(B)", "分值(10分)", "执行率(B/A)", "得分", "得分计算方法"]
    assert [ws.cell(row, 2).value for row in (5, 6, 7)] == ["年度资金总额：", "其中：本年一般公共预算拨款", "其他资金"]
    heads = values(ws, 10)
    assert heads[1:] == ["一级指标", "二级指标", "三级指标", "分值", "年度指标值(A)", "全年实际值(B)", "得分计算方法", "得分", "未完成原因分析"]
    assert ws["B11"].value == "产出指标(50分)"
    assert {"A4:A7", "I5:J7"} <= merged(ws)  # 项目资金 down its rows; 得分计算方法 beside them


def test_the_sichuan_2023_layout_has_its_number_blocks_and_conclusions(tmp_path: Path) -> None:
    ws = blank(tmp_path, "sichuan-2023")
    assert ws.max_column == 11
    assert ws["H1"].value == "报表编号：510000_0013zp"
    assert ws["A2"].value == "部门预算项目支出绩效自评表（    年度）"
    assert (ws["A3"].value, ws["A4"].value, ws["G4"].value, ws["A5"].value) == ("项目名称", "主管部门", "实施单位（盖章）", "项目基本情况")
    assert (ws["B6"].value, ws["G6"].value, ws["B8"].value) == ("项目年度目标", "年度目标完成情况", "2.项目实施内容及过程概述")
    assert values(ws, 10) == ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因", None, None]
    assert [ws.cell(row, 2).value for row in range(11, 16)] == ["总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    assert ws["G11"].value == 10 and [ws.cell(row, 7).value for row in range(12, 16)] == ["/"] * 4
    assert values(ws, 16) == ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    labels = [ws.cell(row, 1).value for row in range(17, ws.max_row + 1)]
    assert labels[-5:] == ["合计", "评价结论", "存在问题", "改进措施", "项目负责人："]
    assert {"A10:A15", "I11:K15", "A5:A9"} <= merged(ws)


@pytest.mark.parametrize("variant", NATIONAL_VARIANTS)
def test_a_blank_table_offers_empty_rows_of_the_usual_kinds(tmp_path: Path, variant: NationalVariant) -> None:
    ws = blank(tmp_path, variant)
    head_row = next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 2).value == "一级指标")
    level2 = [ws.cell(row, 3).value for row in range(head_row + 1, head_row + 10)]
    assert level2 == ["数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标"]
    level1 = [ws.cell(row, 2).value for row in (head_row + 1, head_row + 5, head_row + 9)]
    assert [LEVEL1_WEIGHT.sub("", label) for label in level1] == ["产出指标", "效益指标", "满意度指标"]
    assert all(ws.cell(row, 4).value is None for row in range(head_row + 1, head_row + 10))  # no 三级 filled in
    assert ws.title == "项目支出绩效自评表"


# --- what a table states goes where it belongs ---------------------------------------------


def test_a_filled_table_merges_its_levels_down_their_rows(tmp_path: Path) -> None:
    path = written(tmp_path, national_clean())
    ws = openpyxl.load_workbook(path)["大气环境监测站点运维"]
    assert (ws["B3"].value, ws["B4"].value, ws["G4"].value, ws["A2"].value) == ("大气环境监测站点运维", "某市生态环境局", "某市生态环境监测站", "（2023年度）")
    # 产出 over four rows, 效益 over two, 满意度 one; each 二级 its own row here.
    assert {"B13:B16", "B17:B18"} <= merged(ws)
    assert ws["B19"].value == "满意度指标(10分)" and not any(r.startswith("B19:") for r in merged(ws))
    assert [ws.cell(row, 4).value for row in (13, 19)] == ["空气自动监测站点运维数量", "公众对空气质量改善满意度"]


def test_the_real_cases_keep_each_layout_and_merge_repeated_kinds(tmp_path: Path) -> None:
    path = SAMPLES / NATIONAL_REAL_CASES_FILE
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["委托业务项目", "村级补助及运转经费", "【体制】自管道路清扫保洁外包工作经费", "工资性支出"]
    town = workbook["委托业务项目"]
    assert {"C14:C15", "C17:C18", "B13:B18", "B19:B22"} <= merged(town)  # two 质量 and two 成本 rows; 产出, 效益
    assert (town["C22"].value, town["D22"].value, town["E22"].value) == ("经济效益指标", None, None)  # the empty 二级 row
    assert [town.cell(7, column).value for column in (7, 8, 9)] == [None, None, None]  # no 「—」 in the published table
    assert workbook["工资性支出"]["C3"].value == "51000021R000000019951-工资性支出"
    beijing = workbook["【体制】自管道路清扫保洁外包工作经费"]
    assert beijing["A3"].value == "主管部门及代码" and beijing["G5"].value == "50%"


def test_numbers_are_stored_exactly_and_rates_in_percent_formats(tmp_path: Path) -> None:
    real = SAMPLES / NATIONAL_REAL_CASES_FILE
    town = raw_cells(real, "委托业务项目")
    assert [town[ref] for ref in ("D7", "E7", "F7")] == [("n", "90"), ("n", "89.974"), ("n", "89.974")]
    assert [town[ref][1] for ref in ("D6", "E6", "F6", "G6", "H6", "I6")] == ["0", "0", "0", "10", "0", "0"]
    village = raw_cells(real, "村级补助及运转经费")
    assert [village[ref] for ref in ("D7", "E7")] == [("n", "202.64"), ("n", "132.912")]
    beijing = raw_cells(real, "【体制】自管道路清扫保洁外包工作经费")
    assert [beijing[ref] for ref in ("D5", "E5", "H5")] == [("n", "310.2"), ("n", "154.74"), ("n", "5")]
    assert beijing["G5"] == ("inlineStr", "50%")  # typed as text, as published
    clean = SAMPLES / NATIONAL_CLEAN_FILE
    air = raw_cells(clean, "大气环境监测站点运维")
    assert [air[ref] for ref in ("F6", "H6", "I6")] == [("n", "507.52"), ("n", "0.976"), ("n", "9.76")]
    ws = openpyxl.load_workbook(clean)["大气环境监测站点运维"]
    assert (ws["H6"].number_format, ws["D6"].number_format, ws["D9"].number_format) == ("0.00%", "0.00", "General")
    assert openpyxl.load_workbook(clean)["土壤污染状况详查"]["H6"].value == "100%"
    assert raw_cells(SAMPLES / NATIONAL_SICHUAN_FILE, "农村人居环境整治专项")["F11"] == ("n", "0.802")
    sichuan = openpyxl.load_workbook(SAMPLES / NATIONAL_SICHUAN_FILE)["农村人居环境整治专项"]
    assert (sichuan["F11"].number_format, sichuan["F13"].number_format) == ("0.00%", "0.00%")


def test_a_plain_number_rate_keeps_its_digits(tmp_path: Path) -> None:
    table = NationalTable(project="甲", funding=(FundingLine("年度资金总额", budget=Decimal("100"), executed=Decimal("49.88")),), execution_rate="49.88")
    path = written(tmp_path, [table])
    assert raw_cells(path, "甲")["H6"] == ("n", "49.88")
    assert openpyxl.load_workbook(path)["甲"]["H6"].number_format == "0.00"
    words = written(tmp_path, [replace(table, execution_rate="—")], name="words.xlsx")
    assert raw_cells(words, "甲")["H6"] == ("inlineStr", "—")


def test_text_is_never_a_formula_or_an_error_value(tmp_path: Path) -> None:
    table = NationalTable(
        project="=HYPERLINK(\"http://example.invalid\",\"甲\")",
        department="#N/A",
        goal_expected="=1+1",
        indicators=(IndicatorLine("产出指标", "数量指标", "=SUM(A1:A9)", "=50个", "@cmd", Decimal(10), Decimal(10), "+1"),),
        funding=(FundingLine("=年度资金总额"),),
        sheet_name="公式",
    )
    path = written(tmp_path, [table])
    cells = raw_cells(path, "公式")
    texts = {ref: text for ref, (kind, text) in cells.items() if kind == "inlineStr"}
    for text in ("=HYPERLINK(\"http://example.invalid\",\"甲\")", "#N/A", "=1+1", "=SUM(A1:A9)", "=50个", "@cmd", "+1", "=年度资金总额"):
        assert text in texts.values(), text
    assert all(kind in ("n", "inlineStr") for kind, _ in cells.values())
    ws = openpyxl.load_workbook(path)["公式"]
    assert ws["B3"].data_type == "s" and ws["B3"].quotePrefix


@pytest.mark.parametrize("file_name", NATIONAL_FILES)
def test_no_sample_holds_a_formula(file_name: str) -> None:
    for name, sheet in sheet_xml(SAMPLES / file_name).items():
        assert sheet.find(f".//{{{MAIN_NS}}}f") is None, name


def test_sheet_names_follow_excels_rules() -> None:
    tables = [
        NationalTable(project="51000023R000000052118-耕地地力保护补贴工作经费"),
        NationalTable(project="一个非常非常长的项目名称，超过了 Excel 允许的三十一个字符的上限还要更长"),
        NationalTable(project="一个非常非常长的项目名称，超过了 Excel 允许的三十一个字符的上限还要更长"),
        NationalTable(project="培训[2023]/调研:评估?*\\"),
        NationalTable(project="'History'"),
        NationalTable(project="甲", sheet_name="自定"),
    ]
    titles = sheet_titles(tables)
    assert titles[0] == "耕地地力保护补贴工作经费"
    assert len(titles[1]) == 31 and len(titles[2]) == 31 and titles[2].endswith("(2)") and titles[1] != titles[2]
    assert titles[3] == "培训_2023__调研_评估___"
    assert titles[4:] == ["项目支出绩效自评表", "自定"]


def test_a_table_stating_what_its_layout_cannot_hold_is_refused(tmp_path: Path) -> None:
    sichuan_row = IndicatorLine("产出指标", "数量指标", "培训人数", nature="≥", value=Decimal(50), unit="人")
    with pytest.raises(ValueError, match="nature"):
        written(tmp_path, [NationalTable(project="甲", indicators=(sichuan_row,))], "2020")
    with pytest.raises(ValueError, match="target"):
        written(tmp_path, [NationalTable(project="甲", indicators=(IndicatorLine("产出指标", "数量指标", "培训人数", "≥50人"),))], "sichuan-2023")
    with pytest.raises(ValueError, match="全年预算数"):
        written(tmp_path, [NationalTable(project="甲", funding=(FundingLine("年度资金总额", Decimal(1), Decimal(2)),))], "beijing-2016")
    with pytest.raises(ValueError, match="conclusion"):
        written(tmp_path, [NationalTable(project="甲", conclusion="好")], "central-ab")
    with pytest.raises(ValueError, match="2 tables but 1 layouts"):
        written(tmp_path, [NationalTable(project="甲"), NationalTable(project="乙")], ["2020"])
    assert not (tmp_path / "national.xlsx").exists()


# --- files: reproducible, regenerated, never overwritten -----------------------------------


def test_the_same_tables_give_the_same_bytes(tmp_path: Path) -> None:
    first = written(tmp_path, national_sichuan(), "sichuan-2023", "a.xlsx")
    second = written(tmp_path, national_sichuan(), "sichuan-2023", "b.xlsx")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("sample", NATIONAL_SAMPLE_FILES, ids=lambda sample: sample.file_name)
def test_national_sample_files_are_up_to_date(tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / sample.file_name
    sample.write(path)
    assert (SAMPLES / sample.file_name).read_bytes() == path.read_bytes(), "run scripts/make_samples.py"


@pytest.mark.parametrize("variant", NATIONAL_VARIANTS)
def test_the_national_template_never_overwrites_unless_asked(tmp_path: Path, variant: NationalVariant) -> None:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(b"a department's filled table")
    with pytest.raises(FileExistsError):
        write_national_template(path, variant)
    assert path.read_bytes() == b"a department's filled table"
    write_national_template(path, variant, overwrite=True)
    assert openpyxl.load_workbook(path).sheetnames == ["项目支出绩效自评表"]


def test_the_template_command_writes_each_national_layout(tmp_path: Path) -> None:
    runner = CliRunner()
    default = tmp_path / "national.xlsx"
    assert runner.invoke(app, ["template", "--national", str(default)]).exit_code == 0
    assert openpyxl.load_workbook(default).active["A5"].value == "项目资金（万元）"
    sichuan = tmp_path / "sichuan.xlsx"
    assert runner.invoke(app, ["template", "--national", str(sichuan), "--variant", "sichuan-2023"]).exit_code == 0
    assert openpyxl.load_workbook(sichuan).active["H1"].value == "报表编号：510000_0013zp"
    before = default.read_bytes()
    again = runner.invoke(app, ["template", "--national", str(default), "--variant", "beijing-2016"])
    assert again.exit_code == 2 and "--force" in again.output and default.read_bytes() == before
    assert runner.invoke(app, ["template", "--national", str(default), "--variant", "beijing-2016", "--force"]).exit_code == 0
    assert openpyxl.load_workbook(default).active["A3"].value == "主管部门及代码"
    alone = runner.invoke(app, ["template", str(tmp_path / "other.xlsx"), "--variant", "central-ab"])
    assert alone.exit_code == 2 and not (tmp_path / "other.xlsx").exists()
    assert runner.invoke(app, ["template", "--national", str(tmp_path / "x.xlsx"), "--variant", "guangxi"]).exit_code == 2


# --- the samples say what they are meant to ------------------------------------------------


@pytest.mark.parametrize("tables", [[t for t, _ in sample_tables(NATIONAL_CLEAN_FILE)], [t for t, _ in sample_tables(NATIONAL_SICHUAN_FILE)]])
def test_the_consistent_samples_add_up_in_every_column(tables: list[NationalTable]) -> None:
    for table in tables:
        total, *rows = table.funding
        for column in ("initial", "budget", "executed"):
            assert getattr(total, column) == sum(getattr(row, column) or 0 for row in rows), (table.project, column)
        rate = total.executed / total.budget
        printed, decimals = percent_printed(table.execution_rate)
        assert abs(printed - 100 * rate) <= Decimal("0.5") * Decimal(10) ** -decimals
        assert abs(table.execution_points - min(rate, 1) * 10) <= Decimal("0.1")
        indicators = [line for line in table.indicators if line.name is not None]
        assert sum(line.weight for line in indicators) == 90
        assert all(line.points <= line.weight for line in indicators)
        assert table.total_score == table.execution_points + sum(line.points for line in indicators)


def test_the_clean_sample_covers_every_kind_of_indicator() -> None:
    for table in national_clean():
        kinds = {line.level2 for line in table.indicators}
        assert {"数量指标", "质量指标", "时效指标", "成本指标", "服务对象满意度指标"} <= kinds
        assert kinds & {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}
        assert all(line.points == line.weight for line in table.indicators)


@pytest.mark.parametrize("file_name", [NATIONAL_CLEAN_FILE, NATIONAL_SICHUAN_FILE])
def test_the_consistent_samples_fire_no_rule(check, file_name: str) -> None:  # type: ignore[no-untyped-def]
    result = check(stated_submission(file_name, sample_tables(file_name)))
    assert result.findings == []


def test_the_sichuan_sample_has_one_low_execution_with_its_reason() -> None:
    low = [table for table in national_sichuan() if percent_printed(table.execution_rate)[0] < 90]
    assert [table.project.rpartition("-")[2] for table in low] == ["农村人居环境整治专项"]
    assert low[0].execution_reason


def test_the_real_cases_are_transcribed_as_published(check) -> None:  # type: ignore[no-untyped-def]
    (town, _), (village, _), (beijing, beijing_layout), (county, county_layout) = national_real_cases()
    assert (beijing_layout, county_layout) == ("beijing-2016", "sichuan-2023")
    assert [(line.initial, line.budget, line.executed) for line in town.funding[:2]] == [
        (Decimal(0), Decimal(0), Decimal(0)),
        (Decimal(90), Decimal("89.974"), Decimal("89.974")),
    ]
    assert (village.funding[1].initial, village.funding[1].budget) == (Decimal("202.64"), Decimal("132.912"))
    planned = [Decimal(x) for x in re.findall(r"(\d+)元", village.goal_expected or "")[1:]]
    assert sum(planned) == Decimal(1_740_000)
    assert (beijing.funding[0].initial, beijing.funding[0].executed, beijing.execution_rate, beijing.execution_points) == (
        Decimal("310.2"), Decimal("154.74"), "50%", Decimal(5),
    )
    assert [line.weight for line in county.indicators] == [60, 30]
    assert all(line.actual is None and line.points is None for line in county.indicators)
    assert "（200字以内）" in (county.conclusion or "") and "（200字以内）" in (county.problems or "")
    findings = check(stated_submission(NATIONAL_REAL_CASES_FILE, national_real_cases())).findings
    assert {f.project for f in findings if f.rule == "F006"} == {"委托业务项目", "村级补助及运转经费"}
    assert {f.rule for f in findings if f.project == "工资性支出"} >= {"I002", "D006"}


# --- round trip through the national-form reader ------------------------------------------


def read_national(path: Path) -> Submission:
    read = read_submission(path)
    assert read.layout == "national-form", f"{path.name} is not read as the national form (layout {read.layout!r})"
    return read


def core(submission: Submission) -> dict[str, object]:
    """What a round trip must keep: projects, funding rows and indicators, without their sources."""
    return {
        "projects": [p.model_dump(exclude={"sources", "balance", "grade", "department", "year"}) for p in submission.projects],
        "funding": [f.model_dump(exclude={"sources"}) for f in submission.funding],
        "indicators": [i.model_dump(exclude={"sources"}) for i in submission.indicators],
    }


@pytest.mark.parametrize("file_name", NATIONAL_FILES)
def test_each_national_sample_reads_back_to_what_its_tables_state(file_name: str) -> None:
    read = read_national(SAMPLES / file_name)
    assert core(read) == core(stated_submission(file_name, sample_tables(file_name)))


def test_a_workbook_of_several_departments_reports_each_finding_under_its_own_table(check) -> None:  # type: ignore[no-untyped-def]
    tables = [table for table, _ in national_real_cases()]
    read = read_national(SAMPLES / NATIONAL_REAL_CASES_FILE)
    assert len({t.department for t in tables}) > 1
    # each project knows its own table's (the code before 「-」 in 「219-某镇人民政府」 is not part of the name)
    assert [p.year for p in read.projects] == [t.year for t in tables]
    assert all(p.department and t.department.endswith(p.department) for p, t in zip(read.projects, tables))
    owner = {p.name: (p.department, p.year) for p in read.projects}
    findings = check(read).findings
    assert findings and all((f.department, f.year) == owner[f.project] for f in findings if f.project)
    assert {f.department for f in findings} == {p.department for p in read.projects}


@pytest.mark.parametrize("variant", NATIONAL_VARIANTS)
def test_each_layout_reads_back_to_what_it_was_given(tmp_path: Path, variant: NationalVariant) -> None:
    if variant == "sichuan-2023":
        tables = list(national_sichuan())
    elif variant == "beijing-2016":
        # No 全年预算数 column: one budget column, 年初预算数(A).
        tables = [replace(t, funding=tuple(replace(line, budget=None) for line in t.funding)) for t in national_clean()]
    else:
        tables = list(national_clean())
    path = written(tmp_path, tables, variant)
    assert core(read_national(path)) == core(stated_submission(path.name, [(table, variant) for table in tables]))

"""A national 自评表 inside a written report — a Word or Markdown table, or copied as text one cell
per line, between bars, tab-separated or run together on one line — is read like the workbook
form: the findings its figures imply, each citing the paragraph (and line) its values stand in;
what cannot be placed with certainty is left unknown and said in a note, never guessed."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from auditor.model import Submission
from auditor.readers import read_submission
from auditor.readers.cell_alignment import EMPTY, align, unique_segmentation
from auditor.readers.cell_values import CellValues
from auditor.readers.documents import submission_from_document
from auditor.readers.flat_cells import FlatCell, document_cells
from auditor.readers.narrative.document import document_from_text
from auditor.readers.national.sheet import shown_text
from auditor.readers.spreadsheet import read_spreadsheet
from auditor.readers.table_tokens import tokens_of
from auditor.readers.text_tables import find_tables
from auditor.sources.grid import Sheet
from auditor.sources.xlsx import read_workbook_cells
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = FIXTURES / "text-tables"
PROJECT = "社区居家养老服务补贴"
#: The one table every shape holds (tests/fixtures/text-tables): its rows, as a workbook would have them.
GRID = [
    ["项目名称", PROJECT, "", "", "", "", "", "", ""],
    ["主管部门", "青山区民政局", "", "", "实施单位", "青山区养老服务中心", "", "", ""],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "0", "0", "0", "10", "0%", "0", ""],
    ["", "其中：本年财政拨款", "120", "118.5", "117.3", "—", "", "—", ""],
    ["", "上年结转资金", "5", "5", "4.2", "—", "", "—", ""],
    ["", "其他资金", "", "", "", "—", "", "—", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    ["", "为辖区高龄老人提供居家养老服务补贴", "", "", "", "全年为650名老人按月发放补贴", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标（50分）", "数量指标", "服务老年人数", "≥800人", "650人", "20", "20", "部分老人迁出辖区"],
    ["", "", "质量指标", "服务满意回访率", "≥95%", "96%", "10", "10", ""],
    ["", "", "时效指标", "补贴发放及时率", "100%", "100%", "10", "10", ""],
    ["", "", "成本指标", "人均补贴标准", "≤1500元", "1450元", "10", "10", ""],
    ["", "效益指标（30分）", "社会效益指标", "老年人生活质量改善程度", "有所改善", "明显改善", "30", "28", ""],
    ["", "满意度指标（10分）", "服务对象满意度指标", "老年人满意度", "≥90%", "93%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "88", ""],
]
SHAPES = ["one-cell-per-line.txt", "bars-one-cell-per-line.txt", "one-table.md", "tab-separated.txt", "run-together.txt"]

# --------------------------------------------------------------------------- helpers


def findings(check, submission: Submission) -> set[tuple[str, str | None]]:
    return {(f.rule, f.project) for f in check(submission).findings}


def figures(submission: Submission) -> tuple[object, ...]:
    """What a table states, whatever its shape: amounts, the execution line, indicators, score."""
    project = submission.projects[0]
    return (
        submission.layout, submission.department.name, submission.department.year, project.name,
        [(r.label.replace(":", "："), r.is_total, r.initial, r.budget, r.executed) for r in submission.funding],
        (project.budget, project.executed, project.execution_rate, project.execution_weight, project.execution_points, project.score),
        [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.points, i.deviation_reason) for i in submission.indicators],
    )


def cell_xml(text: str) -> str:
    return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>' if text else "<w:tc><w:p/></w:tc>"


def write_docx_table(path: Path, rows: list[list[str]], before: str = "附件：项目支出绩效自评表（2023年度）") -> Path:
    """A Word document with a paragraph and one table (hand-made XML, as Word writes it)."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = f'<w:p><w:r><w:t>{escape(before)}</w:t></w:r></w:p><w:tbl><w:tblPr/>'
    body += "".join("<w:tr>" + "".join(cell_xml(c) for c in row) + "</w:tr>" for row in rows) + "</w:tbl>"
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("word/document.xml", document)
    return path


@pytest.fixture(scope="module")
def shapes() -> dict[str, Submission]:
    return {name: read_submission(TABLES / name) for name in SHAPES}


# --------------------------------------------------------------------------- done when


@pytest.mark.parametrize("name", SHAPES)
def test_a_table_copied_as_text_gets_F006_and_S004_and_nothing_else(check, shapes: dict[str, Submission], name: str) -> None:
    """年度资金总额 0 / 0 / 0 over 其中 rows of 125 / 123.5 / 121.5 万元 is F006; 服务老年人数 650 of
    ≥800 scored its full 20 (16.25 at most) is S004; the other figures agree."""
    submission = shapes[name]
    assert submission.layout == "national-form"
    assert findings(check, submission) == {("F006", PROJECT), ("S004", PROJECT)}
    assert any("按自评表逐格读取" in note for note in submission.notes)


@pytest.mark.parametrize("name", SHAPES)
def test_each_finding_cites_where_its_values_stand(check, shapes: dict[str, Submission], name: str) -> None:
    by_rule = {f.rule: f for f in check(shapes[name]).findings}
    f006, s004 = by_rule["F006"].locations, by_rule["S004"].locations
    assert all(location.startswith("第") and "段" in location for location in f006 + s004)
    for wanted in ("“年度资金总额”行的全年预算数「0」", "“其中：本年财政拨款”行的全年预算数「118.5」", "“上年结转资金”行的全年执行数「4.2」"):
        assert any(wanted in location for location in f006), (wanted, f006)
    for wanted in ("“服务老年人数”行的得分「20」", "“服务老年人数”行的年度指标值「≥800人」", "“服务老年人数”行的实际完成值「650人」"):
        assert any(wanted in location for location in s004), (wanted, s004)
    assert by_rule["S004"].values["actual"] == "20"


def test_every_shape_reads_the_same_figures(shapes: dict[str, Submission]) -> None:
    first, *others = (figures(s) for s in shapes.values())
    assert all(other == first for other in others)
    assert first[4] == [
        ("年度资金总额", True, Decimal("0"), Decimal("0"), Decimal("0")),
        ("其中：本年财政拨款", False, Decimal("120"), Decimal("118.5"), Decimal("117.3")),
        ("上年结转资金", False, Decimal("5"), Decimal("5"), Decimal("4.2")),
        ("其他资金", False, None, None, None),
    ]
    assert first[5] == (Decimal("0"), Decimal("0"), Decimal("0"), Decimal("10"), Decimal("0"), Decimal("88"))
    assert first[6][0] == ("产出指标", "数量指标", "服务老年人数", "≥800人", "650人", Decimal("20"), Decimal("20"), "部分老人迁出辖区")
    assert [i[1] for i in first[6]] == ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标"]
    assert first[1:3] == ("青山区民政局", 2023)


def test_the_same_table_in_a_word_document_is_read_as_a_grid(check, tmp_path: Path) -> None:
    """Word keeps a merged cell once: the 项目名称 and 总分 rows lose their spanned cells, the funds
    rows their vertically merged title; a row as long as its head row is read cell by cell, a shorter
    one by what its cells can be."""
    rows = [list(row) for row in GRID]
    rows[0] = rows[0][:2]                          # 项目名称 | its value spanning the row
    rows[1] = [c for c in rows[1] if c]            # 主管部门 | … | 实施单位 | …
    rows[3] = rows[3][1:]                          # 年度资金总额 without the merged 项目资金 cell
    rows[-1] = ["总分", "100", "88", ""]            # 总分 spanning the 一级 … 实际完成值 columns
    submission = read_submission(write_docx_table(tmp_path / "自评报告.docx", rows))
    assert figures(submission) == figures(read_submission(TABLES / "one-table.md"))
    assert findings(check, submission) == {("F006", PROJECT), ("S004", PROJECT)}
    project = submission.projects[0]
    # paragraph 1 is the caption; each table row is a paragraph of its own
    assert project.sources["budget"] == "第5段“年度资金总额”行的全年预算数「0」"
    assert project.sources["name"] == "第2段“项目名称”「社区居家养老服务补贴」"
    assert project.sources["score"] == "第18段“总分”行的得分「88」"


def test_values_of_a_paragraph_joined_from_lines_cite_their_line() -> None:
    """A web page copied with a blank line between cells, under a long unfinished first line: the text
    reader joins the short lines after it into one paragraph, and each value still cites its line."""
    lines = ["办公楼、食堂供暖改造经费 绩效自评表(修改)", "附件1", "项目支出绩效自评表", "（2023年度）"]
    lines += [c for row in GRID for c in row if c]
    submission = submission_from_document(document_from_text("\n\n".join(lines)), Path("x.txt"))
    project = submission.projects[0]
    assert project.sources["executed"].startswith("第1段第")
    assert project.sources["executed"].endswith("行“年度资金总额”行的全年执行数「0」")
    assert project.executed == Decimal("0") and project.budget_initial == Decimal("0")


def test_a_table_too_ambiguous_to_place_gets_notes_and_unknowns_not_guesses(check) -> None:
    """年度资金总额 followed by five values under six heads (50 50 48 10 9.6: the three amounts could
    shift under a 分值 of 48), and a 质量指标 row of two numbers only (10 10: 年度指标值 and 实际完成值,
    or 分值 and 得分?): nothing of either is read, and nothing is checked on a guess."""
    submission = read_submission(TABLES / "ambiguous-run-together.txt")
    project = submission.projects[0]
    assert submission.layout == "national-form"
    assert (project.name, project.budget, project.executed, project.execution_rate, project.execution_points) == (
        "乡村道路养护经费", None, None, None, None,
    )
    assert [(r.is_total, r.initial, r.budget, r.executed) for r in submission.funding] == [(True, None, None, None)]
    assert submission.indicators == []
    assert "indicators:乡村道路养护经费" in submission.unavailable
    notes = "\n".join(submission.notes)
    assert "“年度资金总额”行有 5 个值、表头有 6 栏" in notes and "不作推测" in notes
    assert "其中各行未读取" in notes
    assert "“路面完好率”起的 3 格分不成完整的指标行" in notes
    assert project.sources["budget"] == "第2段“年度资金总额”行的全年预算数（未能确定）"
    assert findings(check, submission) == set()


def test_what_every_reading_agrees_on_is_read_and_the_rest_left_unknown() -> None:
    """A total row of 880 880 880 10 10 under six heads: 880 is no 分值 (at most 100), so the three
    amounts stand where they are; 10 10 could be any two of 分值, 执行率 and 得分."""
    text = (
        "项目支出绩效自评表 项目名称 水利工程维护 项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
        "年度资金总额: 880 880 880 10 10 其中:本年财政拨款 880 880 880 - - 上年结转资金 - - 其他资金 - - "
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
        "产出指标 数量指标 维护泵站数 ≥3座 3座 50 50 效益指标 社会效益指标 防汛安全 安全度汛 安全度汛 40 40 总分 100 100"
    )
    submission = submission_from_document(document_from_text(text), Path("x.txt"))
    project = submission.projects[0]
    assert (project.budget_initial, project.budget, project.executed) == (Decimal("880"),) * 3
    assert (project.execution_weight, project.execution_rate, project.execution_points) == (None, None, None)
    assert project.sources["execution_rate"] == "第1段“年度资金总额”行的执行率（未能确定）"
    assert [(r.label, r.executed) for r in submission.funding] == [
        ("年度资金总额:", Decimal("880")), ("其中:本年财政拨款", Decimal("880")), ("上年结转资金", None), ("其他资金", None),
    ]
    assert [(i.name, i.target, i.actual, i.points) for i in submission.indicators] == [
        ("维护泵站数", "≥3座", "3座", Decimal("50")), ("防汛安全", "安全度汛", "安全度汛", Decimal("40")),
    ]
    assert any("不能确定分值、执行率、得分各是哪一个值" in note for note in submission.notes)


def stated(submission: Submission) -> set[tuple[object, ...]]:
    """Every figure a submission states, by project (not where: a workbook's cells, a document's paragraphs)."""
    return (
        {("project", p.name, p.budget, p.executed, p.budget_initial, p.execution_rate, p.execution_weight,
          p.execution_points, p.score, p.grade) for p in submission.projects}
        | {("funds", r.project, "".join(r.label.replace(":", "：").split()), r.is_total, r.initial, r.budget, r.executed)
           for r in submission.funding}
        | {("indicator", i.project, i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.points, i.deviation_reason)
           for i in submission.indicators}
    )


def printed(sheet: Sheet, shape: str) -> str:
    """A workbook sheet as a page shows it, copied as text in one of four shapes."""
    rows = [["".join((shown_text(CellValues(sheet.name, []), c) or "").split("\n")) if c else "" for c in row] for row in sheet.rows()]
    if shape == "md":
        lines = ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
        return "\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])
    if shape == "tab":
        return "\n".join("\t".join(row) for row in rows)
    cells = [cell for row in rows for cell in row if cell.strip()]
    return "\n".join(cells) if shape == "lines" else " ".join(cells)


NATIONAL_SAMPLES = sorted(SAMPLES.glob("national-*.xlsx"))


@pytest.mark.parametrize("path", NATIONAL_SAMPLES, ids=lambda p: p.name)
def test_the_sample_tables_copied_as_text_state_nothing_their_workbook_does_not(check, path: Path) -> None:
    """Every national sample table (2020, the Beijing 2016 form, Sichuan 2023), copied as a Markdown
    table, tab-separated, one cell per line and run together: whatever is read is what the workbook
    states — a figure is read right or not at all. As a Markdown table every figure is read, and the
    findings are the workbook's."""
    workbook = read_workbook_cells(path)
    whole = read_spreadsheet(path, workbook)
    for sheet in workbook.sheets:
        for shape in ("md", "tab", "lines", "run"):
            fmt = "md" if shape == "md" else "txt"
            copied = submission_from_document(document_from_text(printed(sheet, shape), fmt), Path(f"copied.{fmt}"))
            assert copied.layout == "national-form", (sheet.name, shape)
            [project] = copied.projects
            assert stated(copied) <= stated(whole), (sheet.name, shape, stated(copied) - stated(whole))
            if shape == "md":
                assert stated(copied) == {f for f in stated(whole) if f[1] == project.name}, sheet.name
                assert findings(check, copied) == {f for f in findings(check, whole) if f[1] == project.name}, sheet.name


# --------------------------------------------------------------------------- what is and is not a table


def test_a_report_without_a_national_table_is_read_as_before(check) -> None:
    """The seed keeps exactly its F001 and B001; a report's own table of projects (项目名称 as a
    column head) is no 自评表."""
    seed = read_submission(FIXTURES / "guizhou-federation-2019-seed.txt")
    assert seed.layout == "narrative-report"
    assert findings(check, seed) == {("F001", "送温暖资金"), ("B001", "送温暖资金")}
    civil = read_submission(FIXTURES / "reports" / "civil-affairs-table.md")
    assert civil.layout == "narrative-report"
    assert not any("自评表" in note for note in civil.notes)


def test_labels_of_a_table_without_its_heads_leave_a_narrative_report_with_a_note() -> None:
    text = "项目名称 某项目 年度资金总额 100 绩效指标 一级指标 产出指标"
    submission = submission_from_document(document_from_text(text), Path("x.txt"))
    assert submission.layout == "narrative-report"
    assert any("像是项目支出绩效自评表，但找不到项目资金栏的表头" in note for note in submission.notes)


def test_two_tables_in_one_document_are_two_projects(check) -> None:
    one = (TABLES / "run-together.txt").read_text(encoding="utf-8").splitlines()[-1]
    other = one.replace(PROJECT, "老年助餐补贴").replace("≥800人 650人 20 20", "≥800人 820人 20 20")
    submission = submission_from_document(document_from_text(one + "\n\n" + other), Path("x.txt"))
    assert [p.name for p in submission.projects] == [PROJECT, "老年助餐补贴"]
    assert findings(check, submission) == {("F006", PROJECT), ("S004", PROJECT), ("F006", "老年助餐补贴")}
    # the text reader joins the two lines (the first ends unfinished, in a digit): each table cites its line
    assert submission.projects[0].sources["budget"] == "第1段第1行“年度资金总额”行的全年预算数「0」"
    assert submission.projects[1].sources["budget"] == "第1段第2行“年度资金总额”行的全年预算数「0」"


# --------------------------------------------------------------------------- the shapes, cell by cell


def test_cells_of_each_shape_and_where_they_stand() -> None:
    text = "\n".join([
        "标题文字",
        "项目名称\t某项目\t",            # tabs: one row, empty cells kept
        "主管部门 | 某局 | 实施单位 | 某中心",  # bars inside a line: one row
        "年度",                         # one cell per line, a label broken over two lines …
        "指标值",
        "项目资金",
        "(万元)",                       # … and an aside on its own line
        "甲 乙  丙",                     # run together
    ])
    cells = document_cells(document_from_text(text))
    assert [(c.text, c.row) for c in cells[:8]] == [
        ("标题文字", None), ("项目名称", 1), ("某项目", 1), ("主管部门", 2), ("某局", 2), ("实施单位", 2), ("某中心", 2), ("年度", None),
    ]
    tokens = tokens_of(cells)
    assert [t.text for t in tokens[7:]] == ["年度指标值", "项目资金(万元)", "甲", "乙", "丙"]


def test_lines_of_bars_close_cells_that_may_take_several_lines() -> None:
    text = "附件\n项目名称\n|\n某项目\n|\n|\n项目资金\n(万元)\n|\n||||\n备注:金额单位万元。"
    cells = document_cells(document_from_text(text))
    assert [c.text for c in cells] == ["附件", "项目名称", "某项目", "", "项目资金(万元)", "备注:金额单位万元。"]


def test_a_paragraph_knows_its_lines() -> None:
    text = "\n\n".join(["办公楼、食堂供暖改造经费 绩效自评表(修改)", "附件1", "年度资金总额", "43.2", "37.24", "Excel", "2019"])
    paragraph = document_from_text(text).paragraphs[0]
    assert paragraph.lines() == ("办公楼、食堂供暖改造经费 绩效自评表(修改)", "附件1", "年度资金总额", "43.2", "37.24", "Excel", "2019")
    assert paragraph.text.endswith("年度资金总额43.237.24 Excel 2019")  # as the narrative reader joins them


def test_align_reads_what_every_reading_agrees_on() -> None:
    values = ["880", "880", "880", "10", "10"]
    heads = ["money", "money", "money", "score", "rate", "score"]

    def fits(i: int, j: int) -> bool:
        return heads[j] != "score" or Decimal(values[i]) <= 100

    alignment = align(len(values), len(heads), fits)
    assert alignment.readable and alignment.known == {0: 0, 1: 1, 2: 2} and alignment.unknown == {3, 4, 5}
    # a required column is never left empty: two values for three required columns read no way
    assert not align(2, 3, lambda i, j: True, required=frozenset({0, 1, 2})).readable
    # a blank cell may stand in no column at all, and leaves its column empty where it stands
    dash = align(3, 2, lambda i, j: True, blank=lambda i: i == 1)
    assert dash.known == {0: 0, 1: 2}
    assert align(1, 2, lambda i, j: j == 1).known == {0: EMPTY, 1: 0}


def test_rows_are_cut_only_where_one_way_exists() -> None:
    # names are letters, values digits; a row is a name and two values
    def rows(cells: str) -> list[tuple[int, int]] | None:
        return unique_segmentation(
            len(cells), lambda i, first: cells[i].isalpha(),
            lambda a, b: b - a == 3 and cells[a + 1:b].isdigit(), longest=5,
        ).rows
    assert rows("a12b34") == [(0, 3), (3, 6)]
    assert rows("a12b3") is None
    both = unique_segmentation(
        3, lambda i, first: True, lambda a, b: True, longest=3,
    )
    assert both.rows is None and both.ways == 2


def test_a_label_is_never_rejoined_with_an_aside_or_a_label_it_already_is() -> None:
    cells = [FlatCell(text, 1, None) for text in ["(2023年度)", "项目名称", "一级", "指标"]]
    assert [t.text for t in tokens_of(cells)] == ["(2023年度)", "项目名称", "一级指标"]


def test_a_hostile_run_of_labels_costs_linear_time() -> None:
    text = " ".join(["项目名称 年度资金总额 一级指标"] * 20000)
    found = find_tables(document_cells(document_from_text(text)))
    assert found.tables == []
    assert len(found.notes) <= 201

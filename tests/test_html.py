"""Web pages saved from a browser: the report on the page, its tables in grid order, its chrome left out, nothing run or fetched.

The fixtures in tests/fixtures/html/ (scripts/make_html_fixtures.py) are the seed report on
a portal page and on an old table-laid-out site, a 信息公开 page of a 自评表 table, and the
national samples as LibreOffice saves them as HTML. Small pages are written here.
Hostile pages are sized so that a quadratic parser would take minutes (the stdlib's takes
3 s on 30 KB of one of them); finishing is the check, no wall-clock limit is asserted.
"""

from __future__ import annotations

import ast
import base64
import socket
import urllib.request
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.model import FileResult, Submission
from auditor.readers import read_submission, reader_for
from auditor.readers.html_chrome import is_chrome_line, is_chrome_region, made_of_chrome, states_figure
from auditor.readers.html_page import Page, page_from_bytes, read_page
from auditor.readers.narrative.document import read_document
from auditor.readers.spreadsheet import read_spreadsheet
from auditor.sources.grid import WorkbookCells
from auditor.sources.html import (
    MAX_COLSPAN,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_KEPT_VALUE,
    MAX_TABLE_SLOTS,
    decode_page,
    parse_html,
    table_grid,
)
from auditor.sources.refusal import Refused
from auditor.sources.xlsx import read_workbook_cells
from tests.conftest import REPO, SAMPLES

FIXTURES = REPO / "tests" / "fixtures"
PAGES = FIXTURES / "html"
SEED_TXT = FIXTURES / "guizhou-federation-2019-seed.txt"
SEED_PAGES = [PAGES / "seed-portal.utf8.html", PAGES / "seed-oldsite.gb2312.html", PAGES / "seed-word.gb2312.mht"]
NATIONAL = ["national-clean", "national-real-cases", "national-sichuan"]
SONGWENNUAN = "送温暖资金"

Check = Callable[[Submission], FileResult]


def page(body: str, head: str = '<meta charset="utf-8">', encoding: str = "utf-8") -> Page:
    return page_from_bytes(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode(encoding))


def texts(result: Page) -> list[str]:
    return [p.text for p in result.document.paragraphs]


def rows(result: Page) -> list[tuple[str, ...]]:
    return [p.cells for p in result.document.paragraphs if p.kind == "table_row"]


def refused(data: bytes) -> Refused:
    with pytest.raises(Refused) as caught:
        page_from_bytes(data)
    return caught.value


def findings(result: FileResult) -> list[tuple[str, str | None, tuple[tuple[str, str], ...]]]:
    return sorted((f.rule, f.project, tuple(sorted(f.values.items()))) for f in result.findings)


# ---- the seed report as web pages ------------------------------------------------------------


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda p: p.name)
def test_seed_pages_give_the_seed_findings(path: Path, check: Check) -> None:
    result = check(read_submission(path))
    assert result.status == "ok"
    assert {(f.rule, f.project) for f in result.findings} == {("F001", SONGWENNUAN), ("B001", SONGWENNUAN)}
    f001 = next(f for f in result.findings if f.rule == "F001")
    assert (f001.values["expected"], f001.values["actual"], f001.values["difference"]) == ("1000.00", "1000.05", "0.05")
    assert any("504.55 万元" in location for location in f001.locations)
    assert findings(result) == findings(check(read_submission(SEED_TXT)))


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda p: p.name)
def test_seed_pages_state_exactly_what_the_text_states(path: Path) -> None:
    """Chrome gone, page breaks repaired: the same paragraphs, numbered alike, so every
    fact and every 「第N段」 a finding cites is the .txt's."""
    dump = read_submission(path).model_dump(exclude={"path", "notes"})
    assert dump == read_submission(SEED_TXT).model_dump(exclude={"path", "notes"})
    assert texts(read_page(path)) == [p.text for p in read_document(SEED_TXT).paragraphs]


def test_seed_portal_keeps_headings_as_headings() -> None:
    kinds = [(p.text, p.kind) for p in read_page(SEED_PAGES[0]).document.paragraphs]
    assert kinds == [(p.text, p.kind) for p in read_document(SEED_TXT).paragraphs]


@pytest.mark.parametrize(("path", "encoding"), list(zip(SEED_PAGES, ["utf-8", "gb18030", "gb18030"])), ids=["utf8", "gb2312", "mht"])
def test_seed_pages_are_read_in_their_charset(path: Path, encoding: str) -> None:
    assert read_page(path).document.encoding == encoding
    assert f"按文字报告读取（html，{encoding}）" in read_submission(path).notes


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda p: p.name)
def test_seed_page_chrome_scripts_and_hidden_text_are_left_out(path: Path) -> None:
    text = "\n".join(texts(read_page(path)))
    for chrome in (
        "分享到", "字号", "打印", "关闭", "版权所有", "ICP备", "公网安备", "网站标识码", "当前位置", "您现在的位置",
        "首页", "上一篇", "下一篇", "相关链接", "浏览次数", "点击数", "发布时间", "欢迎访问", "今天是", "索引号",
        "财务公开", "工会要闻", "2019年部门预算公开", "无障碍", "分辨率", "技术支持",
    ):
        assert chrome not in text, chrome
    for never_shown in ("9999", "88 万元", "打印时间", "document.write", "_hmt", "请输入关键字"):
        assert never_shown not in text, never_shown


# ---- tables in grid order -------------------------------------------------------------------------


def test_hand_written_table_rows_come_out_in_grid_order() -> None:
    result = read_page(PAGES / "xxgk-ziping-table.html")
    paragraphs = result.document.paragraphs
    # The 信息公开 box is gone; the title, 附件1 and the year above the table are text.
    assert [(p.kind, p.text) for p in paragraphs[:4]] == [
        ("heading", "示例镇2022年度农村人居环境整治经费项目支出绩效自评表"),
        ("text", "附件1"), ("text", "项目支出绩效自评表"), ("text", "（2022年度）"),
    ]
    table = rows(result)
    assert table[0] == ("项目名称", "", "农村人居环境整治经费", "", "", "", "", "", "", "")
    assert table[2] == ("项目资金（万元）", "", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    assert table[3] == ("", "", "年度资金总额：", "", "120", "118.5", "118.2", "10", "100%", "10")
    assert table[4] == ("", "", "其中：本年财政拨款", "", "120", "118.5", "118.5", "-", "", "-")
    heads = table.index(("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", ""))
    # 一级 and 二级 merged down: their text in the first row they span, "" below.
    assert table[heads + 1] == ("", "产出指标(50分)", "数量指标", "垃圾转运车辆配备数量", "≥4辆", "4辆", "10", "10", "", "")
    assert table[heads + 2] == ("", "", "", "保洁覆盖行政村数", "=12个", "12个", "10", "10", "", "")
    assert table[heads + 7] == ("", "效益指标(30分)", "社会效益指标", "村庄环境卫生状况", "明显改善", "达成预期指标", "10", "10", "", "")
    assert table[-1] == ("总分", "", "", "", "", "", "100", "100", "", "")
    assert all(len(row) == 10 for row in table)


def test_hand_written_table_grid_keeps_its_merged_ranges() -> None:
    [grid] = read_page(PAGES / "xxgk-ziping-table.html").tables
    assert (3, 1, 7, 2) in grid.merged  # 项目资金（万元）: two columns, five rows
    assert (10, 1, 20, 1) in grid.merged  # 绩效指标 down the heads and ten indicator rows
    assert (11, 2, 16, 2) in grid.merged  # 产出指标(50分) over its six rows
    repeated = grid.repeated()
    assert [row[1] for row in repeated[10:20]] == ["产出指标(50分)"] * 6 + ["效益指标(30分)"] * 3 + ["满意度指标(10分)"]
    sheet = grid.sheet("表1")
    assert sheet.cells[(3, 1)].text == "项目资金\n（万元）"  # a <br> inside a cell: a line break, as in a spreadsheet
    assert (4, 1) not in sheet.cells and sheet.merged == grid.merged


def test_hand_written_table_grid_reads_as_a_national_form(check: Check) -> None:
    """The grid as a sheet goes through the national reader like a workbook's (the wiring
    into read_submission is readers/documents.py's): the planted 118.2 against 其中 118.5 is F006."""
    path = PAGES / "xxgk-ziping-table.html"
    submission = read_spreadsheet(path, WorkbookCells([grid.sheet("表1") for grid in read_page(path).tables]))
    assert submission.layout == "national-form"
    [project] = submission.projects
    assert (project.name, project.budget, project.executed) == ("农村人居环境整治经费", Decimal("118.5"), Decimal("118.2"))
    assert [(f.rule, f.locations) for f in check(submission).findings] == [("F006", ["表1!G4:G7"])]


@pytest.mark.parametrize("name", NATIONAL)
def test_libreoffice_pages_hold_the_workbooks_grids(name: str) -> None:
    """Saved as HTML by LibreOffice, each sheet is a table whose grid has the sheet's merged
    ranges and its every text cell where the sheet has it."""
    workbook = read_workbook_cells(SAMPLES / f"{name}.xlsx")
    grids = read_page(PAGES / f"{name}.html").tables
    assert len(grids) == len(workbook.sheets)
    for sheet, grid in zip(workbook.sheets, grids):
        assert set(grid.merged) == set(sheet.merged)
        shown = {(r, c): text for r, row in enumerate(grid.rows, start=1) for c, text in enumerate(row, start=1) if text}
        for cell in sheet.cells.values():
            if cell.kind == "text" and cell.text.strip():
                assert shown.get((cell.row, cell.col)) == cell.text.strip(), (sheet.name, cell.ref)


def test_libreoffice_page_rows_have_labels_and_values_in_grid_order() -> None:
    result = read_page(PAGES / "national-clean.html")
    table = rows(result)
    assert table[2] == ("项目名称", "大气环境监测站点运维", "", "", "", "", "", "", "", "")
    assert table[4] == ("项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "")
    assert table[5] == ("", "年度资金总额", "", "500.00", "520.00", "507.52", "10", "97.60%", "9.76", "")
    assert table[12] == ("", "产出指标(50分)", "数量指标", "空气自动监测站点运维数量", "≥36个", "36个", "15", "15", "", "")
    assert table[13] == ("", "", "质量指标", "监测数据有效率", "≥90%", "95.2%", "15", "15", "", "")
    # LibreOffice's table of contents (links) is chrome; its sheet titles are headings.
    headings = [p.text for p in result.document.paragraphs if p.kind == "heading"]
    assert headings == ["Sheet 1: 大气环境监测站点运维", "Sheet 2: 土壤污染状况详查"]


@pytest.mark.parametrize("name", NATIONAL)
def test_libreoffice_page_grids_give_the_workbooks_findings(name: str, check: Check) -> None:
    path = PAGES / f"{name}.html"
    grids = read_page(path).tables
    from_page = read_spreadsheet(path, WorkbookCells([grid.sheet(f"表{n}") for n, grid in enumerate(grids, 1)]))
    assert from_page.layout == "national-form"
    assert findings(check(from_page)) == findings(check(read_submission(SAMPLES / f"{name}.xlsx")))


def grid_of(markup: str) -> list[list[str]]:
    root = parse_html(markup)
    return table_grid(next(e for e in root.elements() if e.tag == "table")).rows


def test_rowspan_and_colspan_fill_the_grid_as_a_browser_draws_it() -> None:
    assert grid_of(
        "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>C</td><td>D</td></tr>"
        "<tr><td>E</td><td rowspan=0>F</td></tr><tr><td>G</td></tr></table>"
    ) == [["A", "B", ""], ["", "C", "D"], ["E", "F"] + [""], ["G", "", ""]]


def test_spans_past_the_table_are_clamped_and_ragged_rows_padded() -> None:
    assert grid_of("<table><tr><td rowspan=9>A</td><td>B</td></tr><tr><td>C</td><td>D</td><td>E</td></tr></table>") == [
        ["A", "B", "", ""], ["", "C", "D", "E"]
    ]
    root = parse_html(f"<table><tr><td colspan={10 * MAX_COLSPAN}>wide</td><td>x</td></tr></table>")
    with pytest.raises(Refused):  # past HTML's cap of 1000 columns
        table_grid(next(e for e in root.elements() if e.tag == "table"))
    assert len(grid_of(f"<table><tr><td colspan={10 * MAX_COLSPAN}>wide</td></tr></table>")[0]) == MAX_COLSPAN


def test_overlapping_spans_keep_the_first_cell() -> None:
    assert grid_of("<table><tr><td>A</td><td rowspan=2>B</td></tr><tr><td colspan=2>C</td></tr></table>") == [
        ["A", "B"], ["C", ""]
    ]


def test_end_tags_html_leaves_implied() -> None:
    """Unclosed cells and rows, rows in row groups, th cells, a cell without a row."""
    assert grid_of("<table><thead><tr><th>项目<th>金额<tbody><tr><td>甲<td>10<tr><td>乙<td>5</table>") == [
        ["项目", "金额"], ["甲", "10"], ["乙", "5"]
    ]
    assert grid_of("<table><td>孤</td><td>单</td></table>") == [["孤", "单"]]


def test_word_exported_table_cells_hold_paragraphs_and_lines() -> None:
    """Word's HTML: every cell a <p class=MsoNormal>, labels split over paragraphs or <br>,
    &nbsp; for empty cells, and a row of empty cells inside <![if …]> at the end."""
    cell = "<td style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>{}</td>"
    para = "<p class=MsoNormal align=center><span style='font-family:宋体'>{}</span></p>"
    result = page(
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>"
        "<tr>" + cell.format(para.format("一级") + para.format("指标")) + cell.format(para.format("二级<br>指标"))
        + cell.format(para.format("三级指标")) + cell.format(para.format("年度<br>指标值")) + "</tr>"
        "<tr><td rowspan=2>" + para.format("产出指标") + "</td>" + cell.format(para.format("数量指标"))
        + cell.format(para.format("指标1：培训人数")) + cell.format(para.format("≥200人")) + "</tr>"
        "<tr>" + cell.format(para.format("质量指标")) + cell.format(para.format("指标1：合格率")) + cell.format(para.format("&nbsp;")) + "</tr>"
        "<![if !supportMisalignedColumns]><tr height=0><td width=60 style='border:none'></td><td width=60 style='border:none'></td>"
        "<td width=60 style='border:none'></td><td width=60 style='border:none'></td></tr><![endif]></table>"
    )
    assert rows(result) == [
        ("一级指标", "二级指标", "三级指标", "年度指标值"),
        ("产出指标", "数量指标", "指标1：培训人数", "≥200人"),
        ("", "质量指标", "指标1：合格率", ""),
    ]
    [grid] = result.tables
    assert grid.rows[0][:2] == ["一级\n指标", "二级\n指标"]  # a spreadsheet cell with line breaks
    assert grid.merged == [(2, 1, 3, 1)] and len(grid.rows) == 4  # the empty row stays in the grid, not in the rows


def test_a_table_nested_in_a_cell_is_not_part_of_the_outer_grid() -> None:
    result = page(
        "<table><tr><td><p>正文第一段，共有两个项目。</p>"
        "<table><tr><td>项目名称</td><td>预算数（万元）</td></tr><tr><td>甲项目</td><td>10</td></tr></table>"
        "</td><td><a href='/'>首页</a></td></tr></table>"
    )
    assert texts(result)[0] == "正文第一段，共有两个项目。"
    assert rows(result) == [("项目名称", "预算数（万元）"), ("甲项目", "10")]
    assert [grid.rows for grid in result.tables] == [[["项目名称", "预算数（万元）"], ["甲项目", "10"]]]


def test_one_column_tables_are_layout_not_data() -> None:
    result = page(
        "<table><tr><td>关于2021年项目支出绩效自评的报告</td></tr>"
        "<tr><td><p>　　一、基本情况</p><p>　　本单位2021年项目支出共计120万元。</p></td></tr></table>"
    )
    assert texts(result) == ["关于2021年项目支出绩效自评的报告", "一、基本情况", "本单位2021年项目支出共计120万元。"]
    assert result.tables == []


def test_a_caption_is_a_paragraph_before_its_rows() -> None:
    result = page("<table><caption>表1 项目资金情况</caption><tr><td>甲项目</td><td>10</td></tr></table>")
    assert texts(result) == ["表1 项目资金情况", "甲项目\t10"]


# ---- paragraphs ----------------------------------------------------------------------------------


def test_a_paragraph_cut_into_two_p_by_a_page_break_is_joined_again() -> None:
    result = page(
        "<p>　　2019年，本单位财政项目有2个，其中甲项目资金30万元、乙项目</p>"
        "<p>资金20万元，全部使用完毕。</p><p>　　下一段另起，不与上一段相连。</p>"
    )
    assert texts(result) == ["2019年，本单位财政项目有2个，其中甲项目资金30万元、乙项目资金20万元，全部使用完毕。", "下一段另起，不与上一段相连。"]


def test_line_breaks_and_whitespace_as_a_browser_shows_them() -> None:
    result = page(
        "<div>　　第一段说明了项目\n  的基本情况。<br><br>&nbsp;&nbsp;第二段：送温暖\n资金&nbsp;1000&nbsp;万元。<br>"
        "Excel\n2019 导出</div><pre>甲  乙\n丙</pre>"
    )
    assert texts(result) == ["第一段说明了项目的基本情况。", "第二段：送温暖资金 1000 万元。", "Excel 2019 导出", "甲 乙", "丙"]


def test_headings_list_items_and_entities() -> None:
    result = page("<h2>一、项目概况</h2><ul><li>甲项目&amp;乙项目</li><li>&#x4E19;项目&lt;10万元&gt;</li></ul>")
    assert [(p.kind, p.text) for p in result.document.paragraphs] == [
        ("heading", "一、项目概况"), ("text", "甲项目&乙项目"), ("text", "丙项目<10万元>"),
    ]


def test_head_without_body_tag_ends_where_the_page_begins() -> None:
    result = page_from_bytes("<html><head><title>标题不算正文</title><p>正文从这里开始。".encode())
    assert texts(result) == ["正文从这里开始。"]


# ---- page chrome ------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "分享到：", "【字号：大 中 小】【打印本页】【关闭窗口】", "字体：【大】【中】【小】", "当前位置：首页 > 信息公开 > 财政资金",
    "首页 > 财务公开", "发布时间：2020-05-20 09:30 来源：财务部 浏览次数：1532", "版权所有：某某市财政局 地址：某某路1号 电话：0851-0000000",
    "黔ICP备00000000号-1 贵公网安备 52010200000000号 网站标识码：5200000000", "Copyright © 2008-2020 All Rights Reserved",
    "欢迎访问某某市人民政府网站 今天是2020年6月1日 星期一", "扫一扫在手机打开当前页", "【打印】【关闭】", "网站地图 | 联系我们 | 法律声明",
    "发布日期: 2021.07.14 索引号: 00000000-2-0000-2021-0001 发布机构: 财 政 局 文号: 主题 词: 财政 主题分类: 财政",
    "索 引 号", "文　　号：", "【字体:打印", "登录 | 注册", "首页 > 正文", "编辑：张三 审核：李四", "访问量：12345人次",
])
def test_lines_made_of_chrome(line: str) -> None:
    assert made_of_chrome(line)
    assert is_chrome_line(line, 0, False, False)


@pytest.mark.parametrize("line", [
    "2019年，省总工会财政项目有3个，财政拨入经费1114.36万元。", "一、基本情况", "贵州省总工会", "2020年5月13日",
    "关于2019年部门项目支出绩效自评工作情况总结", "资金来源：财政拨款", "完成时间：2019年12月", "大中小企业",
    "打印费用5万元", "分享经验：共培训120人", "来源：本局 送温暖资金1000万元",
])
def test_report_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line, 0, False, False)


def test_a_line_with_a_figure_is_kept_even_in_a_chrome_region_or_a_link() -> None:
    line = "关于拨付送温暖资金1000万元的通知"
    assert states_figure(line)
    assert not is_chrome_line(line, len(line), True, False)
    result = page(f"<aside><ul><li><a href='/1'>{line}</a></li><li><a href='/2'>2019年部门预算公开</a></li></ul></aside><p>正文。</p>")
    assert texts(result) == [line, "正文。"]


@pytest.mark.parametrize(("tag", "attrs", "chrome"), [
    ("nav", {}, True), ("aside", {}, True), ("header", {}, True), ("footer", {}, True),
    ("div", {"role": "navigation"}, True), ("div", {"class": "main-nav clearfix"}, True), ("div", {"id": "mainNav"}, True),
    ("div", {"class": "bdsharebuttonbox"}, True), ("div", {"class": "breadcrumb"}, True), ("td", {"class": "bottom"}, True),
    ("div", {"class": "article-header"}, False), ("div", {"class": "content"}, False), ("div", {"id": "zoom"}, False),
    ("div", {"class": "margin-bottom"}, False), ("div", {"class": "TRS_Editor"}, False),
])
def test_chrome_regions_by_tag_role_class_and_id(tag: str, attrs: dict[str, str], chrome: bool) -> None:
    assert is_chrome_region(tag, attrs, in_article=False) == chrome


def test_an_articles_own_header_and_footer_are_not_chrome() -> None:
    assert not is_chrome_region("header", {}, in_article=True)
    result = page("<article><header><h1>某局2021年度项目支出绩效自评报告</h1></header><p>正文。</p><footer>某局</footer></article>")
    assert texts(result) == ["某局2021年度项目支出绩效自评报告", "正文。", "某局"]


def test_a_box_of_links_with_a_title_is_dropped_but_a_paragraph_with_a_link_is_not() -> None:
    result = page(
        "<div class='left'><div class='lm'>栏目导航</div><a href='/a'>部门预算</a><br><a href='/b'>部门决算</a>"
        "<br><a href='/c'>绩效评价</a></div>"
        "<p>本单位按照<a href='/d'>《项目支出绩效评价管理办法》</a>的要求开展了自评，形成本报告，具体情况如下。</p>"
    )
    assert texts(result) == ["本单位按照《项目支出绩效评价管理办法》的要求开展了自评，形成本报告，具体情况如下。"]


def test_the_metadata_box_is_dropped_as_a_list_and_as_a_table() -> None:
    box = "<ul><li>索引号：000/2023-01</li><li>发布机构：某镇人民政府</li><li>时效性：有效</li></ul>"
    table = "<table><tr><td>索 引 号：</td><td>000/2023-01</td><td>文　　号：</td><td></td></tr><tr><td>发布机构：</td><td>某镇</td><td>生成日期：</td><td>2023-05-10</td></tr></table>"
    assert texts(page(box + "<p>正文。</p>")) == ["正文。"]
    assert texts(page(table + "<p>正文。</p>")) == ["正文。"]


def test_a_page_of_nothing_but_chrome_is_refused() -> None:
    reason = refused('<html><body><nav><a href="/">首页</a></nav><footer>版权所有</footer></body></html>'.encode())
    assert "没有正文文字" in reason.reason_zh


# ---- charsets ---------------------------------------------------------------------------------------

GBK_ONLY = "朱镕基、——"  # 「镕」 and 「—」 are in GBK, not in GB2312
REPORT = "送温暖资金1000万元，当年无余额。"


def html_bytes(body: str, charset: str | None, encoding: str) -> bytes:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>".encode(encoding)


def test_gb2312_declared_with_gbk_characters_is_read_as_gb18030() -> None:
    with pytest.raises(UnicodeEncodeError):
        GBK_ONLY.encode("gb2312")
    result = page_from_bytes(html_bytes(REPORT + GBK_ONLY, "gb2312", "gbk"))
    assert texts(result) == [REPORT + GBK_ONLY]
    assert result.document.encoding == "gb18030"


def test_utf8_saved_under_a_gb2312_declaration_is_read_as_utf8() -> None:
    result = page_from_bytes(html_bytes(REPORT, "gb2312", "utf-8"))
    assert texts(result) == [REPORT] and result.document.encoding == "utf-8"


@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1", "windows-1252", "shift_jis", "euc-kr", "x-unknown", None])
def test_gbk_bytes_under_a_wrong_or_missing_declaration_fall_back_to_gb18030(charset: str | None) -> None:
    """A declaration that cannot hold a Chinese report is not trusted: EUC-KR and
    Windows-1252 would decode these bytes without an error, into Hangul and Latin letters."""
    result = page_from_bytes(html_bytes(REPORT, charset, "gbk"))
    assert texts(result) == [REPORT] and result.document.encoding == "gb18030"


def test_a_big5_declaration_is_honoured_when_the_bytes_are_big5() -> None:
    report = "項目資金用於慰問困難職工50萬元。"
    result = page_from_bytes(html_bytes(report, "big5", "big5"))
    assert texts(result) == [report] and result.document.encoding == "big5hkscs"
    report = "项目资金已全部拨付到位。"  # in GBK, and not valid Big5: the declaration fails strictly
    with pytest.raises(UnicodeDecodeError):
        report.encode("gbk").decode("big5hkscs")
    result = page_from_bytes(html_bytes(report, "big5", "gbk"))
    assert texts(result) == [report] and result.document.encoding == "gb18030"


def test_meta_charset_xml_declaration_and_bom() -> None:
    assert decode_page(f'<meta charset="GBK"><p>{REPORT}</p>'.encode("gbk"))[1] == "gb18030"
    xhtml = f'<?xml version="1.0" encoding="gb2312"?><html><body><p>{REPORT}</p></body></html>'.encode("gbk")
    assert decode_page(xhtml) == (xhtml.decode("gbk"), "gb18030")
    bom = "\ufeff<html><head><meta charset=gb2312></head><body><p>" + REPORT + "</p></body></html>"
    assert decode_page(bom.encode("utf-8"))[1] == "utf-8-sig"
    assert texts(page_from_bytes(bom[1:].encode("utf-16"))) == [REPORT]  # the codec writes the mark


def test_a_page_no_charset_can_decode_is_refused_not_garbled() -> None:
    reason = refused(html_bytes("", "utf-8", "ascii").replace(b"<p>", b"<p>\x81\x30\xff\xfe\x80"))
    assert "GB18030" in reason.reason_en and "拒绝读取" in reason.reason_zh


# ---- hostile pages and pages that are not HTML ---------------------------------------------------


def test_no_code_path_fetches_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's modules import nothing that can open a connection, and reading a page
    full of remote references with sockets forbidden works."""
    allowed = {"__future__", "re", "html", "collections.abc", "dataclasses", "pathlib", "email", "email.message", "email.parser"}
    for module in ("auditor/sources/html.py", "auditor/readers/html.py", "auditor/readers/html_page.py", "auditor/readers/html_chrome.py"):
        tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        assert {m for m in imported if not m.startswith("auditor.")} <= allowed, module

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to open a connection")

    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(urllib.request, "urlopen", forbidden)
    result = page(
        '<p>正文。</p><img src="http://198.51.100.1/x.png"><iframe src="http://198.51.100.1/">框架内文字</iframe>'
        '<link rel="stylesheet" href="http://198.51.100.1/a.css"><script src="http://198.51.100.1/a.js"></script>'
        '<object data="http://198.51.100.1/o.swf">插件内文字</object><video src="http://198.51.100.1/v.mp4">视频</video>',
        head='<meta charset="utf-8"><base href="http://198.51.100.1/">',
    )
    assert texts(result) == ["正文。"]
    assert read_submission(SEED_PAGES[0]).projects


def test_scripts_never_run_and_hidden_content_is_not_read() -> None:
    result = page(
        "<script>document.write('<p>送温暖资金用于临时救助 9999 万元。</p>'); var s = '</p><p>';</script>"
        "<p>正文。</p><noscript><p>启用脚本后结余 88 万元。</p></noscript><template><p>模板 77 万元。</p></template>"
        "<div style='display: none'>隐藏 66 万元。</div><span hidden>隐藏 55 万元。</span>"
        "<!-- <p>注释里的 44 万元。</p> --><svg><text>图表 33 万元</text></svg>"
        "<select><option>站群 22 万元</option></select><textarea>文本框 11 万元</textarea>"
    )
    assert texts(result) == ["正文。"]


def test_billion_laughs_entities_are_never_expanded() -> None:
    doctype = '<!DOCTYPE html [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    ) + "]>"
    result = page_from_bytes(f"{doctype}<html><body><p>&lol9;</p><p>正文 &amp; &#20320;</p></body></html>".encode())
    assert texts(result) == ["&lol9;", "正文 & 你"]  # the subset's "]>" is left as text, then as chrome


def test_deep_nesting_is_flattened_not_recursed() -> None:
    depth = 100_000
    result = page("<div>" * depth + "送温暖资金1000万元。" + "</div>" * depth + "<p>后文。</p>")
    assert texts(result) == ["送温暖资金1000万元。", "后文。"]
    root = parse_html("<div>" * (MAX_DEPTH * 2) + "x")
    levels, element = 0, root
    while any(not isinstance(c, str) for c in element.children):
        element = next(c for c in element.children if not isinstance(c, str))
        levels += 1
    assert levels <= MAX_DEPTH + 1


def test_too_many_elements_is_refused() -> None:
    assert "元素" in refused(("<p>x" * (MAX_ELEMENTS + 1)).encode()).reason_zh


@pytest.mark.parametrize("tail", [
    "<a" * 200_000, '<a b="' * 200_000, "<x " * 200_000, "<!--" * 200_000, "</" * 200_000, "<?" * 200_000,
    "<!" * 200_000, "<![CDATA[" + "x" * 200_000, "< " * 200_000, "&#" * 200_000, "<script>" + "</" * 200_000,
])
def test_unclosed_constructs_that_make_html_parser_quadratic_are_read_once(tail: str) -> None:
    assert texts(page_from_bytes(("<p>正文。</p>" + tail).encode()))[0] == "正文。"


def test_huge_attributes_are_skipped_not_copied() -> None:
    huge = "a" * 8_000_000
    root = parse_html(f'<div class="{huge}" data-x="{huge}" title={huge}>正文</div>')
    [div] = [e for e in root.elements() if e.tag == "div"]
    assert div.attrs == {"class": "a" * MAX_KEPT_VALUE}
    assert texts(page_from_bytes(f'<p style="{huge}">正文。</p>'.encode())) == ["正文。"]


def test_tables_past_their_limits_are_refused() -> None:
    tall = "<table>" + "<tr><td colspan=999>x</td><td>y</td></tr>" * (MAX_TABLE_SLOTS // 1000 + 1) + "</table>"
    assert "网页中的表格超过" in refused(f"<p>正文。</p>{tall}".encode()).reason_zh
    tables = ("<table>" + "<tr><td colspan=499>x</td><td>y</td></tr>" * 400 + "</table>") * 6
    assert "各表格合计超过" in refused(f"<p>正文。</p>{tables}".encode()).reason_zh


@pytest.mark.parametrize(("data", "said"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "Word"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"", "empty"),
    ("2019年，本单位项目支出共计120万元。\n这是一份纯文本。".encode(), "no HTML markup"),
    (bytes(range(256)) * 4, "binary"),
])
def test_a_file_that_is_not_a_web_page_is_refused(data: bytes, said: str) -> None:
    assert said.lower() in refused(data).reason_en.lower()


# ---- web archives (.mht) ---------------------------------------------------------------------------

ARCHIVE_HEAD = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'


def archive(*parts: bytes) -> bytes:
    return ARCHIVE_HEAD + b"".join(b"--b\r\n" + part + b"\r\n" for part in parts) + b"--b--\r\n"


def test_a_web_archive_is_read_by_its_page_part(tmp_path: Path) -> None:
    page_part = base64.encodebytes(f"<html><body><p>{REPORT}</p></body></html>".encode("gbk"))
    path = tmp_path / "报告.mhtml"
    path.write_bytes(archive(
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=",
        b'Content-Type: text/html; charset="gbk"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + page_part,
        b"Content-Type: text/html\r\n\r\n<p>the second page part is not read</p>",
    ))
    result = read_page(path)
    assert texts(result) == [REPORT] and result.document.encoding == "gb18030"


@pytest.mark.parametrize(("data", "said"), [
    (archive(b"Content-Type: image/png\r\n\r\nxx"), "no text/html"),
    (archive(*[b"Content-Type: text/plain\r\n\r\nx"] * 3000), "MIME parts"),
    (b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(5000)), "nested"),
])
def test_web_archives_past_any_saved_pages_shape_are_refused(tmp_path: Path, data: bytes, said: str) -> None:
    path = tmp_path / "x.mht"
    path.write_bytes(data)
    with pytest.raises(Refused) as caught:
        read_page(path)
    assert said in caught.value.reason_en


def test_pages_are_taken_by_ending_and_by_their_first_bytes(tmp_path: Path) -> None:
    for name in ("report.html", "report.HTM", "report.xhtml", "report.shtml", "report.mht", "report.MHTML"):
        assert reader_for(tmp_path / name).name == "html"  # type: ignore[union-attr]
    export = tmp_path / "自评表.xls"  # a budget system's "Excel" export that is really HTML
    export.write_bytes(b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body><table><tr><td>a</td><td>1</td></tr></table></body></html>")
    assert reader_for(export).name == "html"  # type: ignore[union-attr]
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert reader_for(legacy).name == "xls"  # type: ignore[union-attr]  # an OLE2 workbook, by its ending


def test_a_refused_page_is_a_d001_finding(tmp_path: Path, check: Check) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(b"%PDF-1.4 not a page")
    result = check(read_submission(path))
    assert result.status == "error" and [f.rule for f in result.findings] == ["D001"]

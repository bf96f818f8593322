"""The PDF reader: printed reports read as their Word files are, printed 自评表 as table rows, hostile PDFs refused.

The fixtures (tests/fixtures/pdf/, made by scripts/make_pdf_fixtures.py) are what LibreOffice
prints from the bundled samples and from a report written for these tests; the hostile
files are written byte by byte (tests/pdf_builders.py), committed where they are costly to
build (a two-layer Flate bomb) and built here where they are not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import FileResult, Submission
from auditor.readers import read_submission, reader_for
from auditor.readers.narrative.document import Paragraph, read_document
from auditor.readers.pdf_document import pdf_document
from auditor.sources import pdf as pdf_source
from auditor.sources.pdf import Table, TextLine, read_pdf
from auditor.sources.refusal import Refused
from tests import pdf_builders
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = FIXTURES / "pdf"
SEED_PDF = PDFS / "guizhou-federation-2019-report.pdf"
SEED_TXT = FIXTURES / "guizhou-federation-2019-seed.txt"
OVER_PAGES = PDFS / "report-over-pages.pdf"
SONGWENNUAN = "送温暖资金"
FARMLAND = "高标准农田建设补助资金"

Check = Callable[[Submission], FileResult]


def paragraphs(path: Path) -> list[Paragraph]:
    return pdf_document(read_pdf(path)).paragraphs


def rules_fired(result: FileResult) -> set[tuple[str, str | None]]:
    return {(f.rule, f.project) for f in result.findings}


def refusal(path: Path) -> str:
    """The D001 reason the reader gives for ``path`` (which it must refuse)."""
    submission = read_submission(path)
    assert submission.unreadable, f"{path.name} was read"
    [issue] = submission.issues
    return issue.detail_zh


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- the seed report printed to PDF


def test_the_seed_pdf_gets_f001_and_b001_with_the_values_of_the_text(check: Check) -> None:
    result = check(read_submission(SEED_PDF))
    assert result.status == "ok"
    assert rules_fired(result) == {("F001", SONGWENNUAN), ("B001", SONGWENNUAN)}
    f001 = next(f for f in result.findings if f.rule == "F001")
    b001 = next(f for f in result.findings if f.rule == "B001")
    assert (f001.values["expected"], f001.values["actual"], f001.values["difference"]) == ("1000.00", "1000.05", "0.05")
    assert (b001.values["expected"], b001.values["actual"], b001.values["difference"]) == ("1000.00", "1000.05", "0.05")
    text_result = check(read_submission(SEED_TXT))
    assert [(f.rule, f.project, f.values) for f in result.findings] == [
        (f.rule, f.project, f.values) for f in text_result.findings
    ]
    assert any("504.55 万元" in location for location in f001.locations)


def test_the_seed_pdf_states_the_facts_of_the_text() -> None:
    """Department, projects, every use with its amount, the share claims: as the .txt states them."""
    from_pdf, from_text = read_submission(SEED_PDF), read_submission(SEED_TXT)
    assert from_pdf.department.model_dump(exclude={"sources"}) == from_text.department.model_dump(exclude={"sources"})
    assert [(p.name, p.budget) for p in from_pdf.projects] == [(p.name, p.budget) for p in from_text.projects]
    assert [(e.project, e.purpose, e.amount) for e in from_pdf.expenditures] == [
        (e.project, e.purpose, e.amount) for e in from_text.expenditures
    ]
    assert sum(e.amount for e in from_pdf.expenditures if e.project == SONGWENNUAN) == Decimal("1000.05")
    assert [(c.part, c.whole, c.claimed_percent, c.comparator) for c in from_pdf.claims] == [
        (Decimal("73"), Decimal("99"), Decimal("70"), "以上"),
        (Decimal("20"), Decimal("99"), Decimal("20"), "以上"),
    ]
    assert from_pdf.notes[0] == "按文字报告读取（pdf）"


def without_spaces_dropped(printed: str, written: str) -> bool:
    """Whether ``printed`` is ``written`` with some of its spaces left out, and nothing else changed."""
    at = 0
    for char in written:
        if at < len(printed) and printed[at] == char:
            at += 1
        elif char != " ":
            return False
    return at == len(printed)


def test_the_seed_pdf_has_the_paragraphs_and_characters_of_its_word_file() -> None:
    """Paragraph for paragraph as the .docx it was printed from (「第N段」 cite the same text); each
    character exact, numbers whole, and no space the report does not have — only a space that
    fell at the end of a printed line is gone."""
    printed = paragraphs(SEED_PDF)
    written = read_document(SAMPLES / "guizhou-federation-2019-report.docx").paragraphs
    assert [(p.number, p.kind) for p in printed] == [(p.number, p.kind) for p in written]
    for pdf_paragraph, word_paragraph in zip(printed, written, strict=True):
        assert without_spaces_dropped(pdf_paragraph.text, word_paragraph.text), (pdf_paragraph.text, word_paragraph.text)
    uses = next(p.text for p in printed if p.text.startswith("2019年，省总工会财政项目有3个"))
    assert "送温暖资金1000万元" in uses and "（困难补助费）504.55 万元" in uses and "财政拨入经费1114.36万元" in uses


# ---------------------------------------------------------------- a report set over two pages


def test_a_paragraph_broken_by_a_page_is_one_paragraph() -> None:
    pages = read_pdf(OVER_PAGES)
    first_page = [item.text for item in pages[0].items if isinstance(item, TextLine)]
    second_page = [item.text for item in pages[1].items if isinstance(item, TextLine)]
    assert any(line.startswith("资金使用情况分别为") for line in first_page)  # the fixture breaks it there
    assert any("土地平整" in line for line in second_page)
    printed = paragraphs(OVER_PAGES)
    [uses] = [p for p in printed if "土地平整" in p.text]
    written = (
        "资金使用情况分别为：高标准农田建设补助资金用于全县 5 个乡镇 1.2 万亩高标准农田建设，其中土地平整 210.40 万元；"
        "灌溉渠道改造 186.25 万元；田间道路硬化 154.30 万元；农田防护林建设 48.00 万元；土壤改良及地力提升 100.00 万元；"
        "项目监理及竣工验收 21.10 万元。农技推广服务经费用于基层农技人员培训 62.00 万元和农业科技示范基地建设 78.00 万元。"
    )
    assert without_spaces_dropped(uses.text, written), uses.text
    assert not any(re.fullmatch(r"—\s*\d+\s*—", p.text) or "— 1 —" in p.text for p in printed)  # page numbers left out


def test_the_report_over_pages_reads_into_numbered_paragraphs_and_its_table() -> None:
    printed = paragraphs(OVER_PAGES)
    assert [p.text for p in printed if p.kind == "heading"] == [
        "一、部门基本情况", "二、项目资金管理情况", "三、项目资金收支情况", "四、项目绩效目标完成情况", "五、存在的问题及改进措施",
    ]
    assert [p.cells for p in printed if p.kind == "table_row"] == [
        ("项目名称", "年初预算（万元）", "全年支出（万元）", "执行率"),
        ("高标准农田建设补助资金", "720.00", "720.00", "100%"),  # a cell's two printed lines joined again
        ("农技推广服务经费", "140.00", "140.00", "100%"),
    ]
    assert printed[0].text == "云岭县农业农村局" and printed[-1].text == "2023年3月15日"
    assert "2022年，我局实施财政项目2个，财政拨入资金合计860.00万元。" in [p.text for p in printed][9]
    assert len(printed) == 20


def test_the_report_over_pages_gets_its_planted_findings(check: Check) -> None:
    result = check(read_submission(OVER_PAGES))
    assert rules_fired(result) == {("F001", FARMLAND), ("B001", FARMLAND)}
    f001 = next(f for f in result.findings if f.rule == "F001")
    assert (f001.values["expected"], f001.values["actual"], f001.values["difference"]) == ("720.00", "720.05", "0.05")
    submission = read_submission(OVER_PAGES)
    assert [(c.part, c.whole, c.claimed_percent) for c in submission.claims] == [(Decimal("132"), Decimal("240"), Decimal("55"))]


# ---------------------------------------------------------------- national 自评表 printed to PDF


def rows(path: Path) -> list[tuple[str, ...]]:
    return [p.cells for p in paragraphs(path) if p.kind == "table_row"]


def test_a_printed_national_table_comes_out_as_rows_of_its_cells() -> None:
    """The clean sample's first sheet, row by row, in grid order: every position kept, a merged cell's
    text at its first position and the positions it covers (to the right or below) empty, as a web
    page's table gives them — so that a value stands under its column's head."""
    printed = paragraphs(PDFS / "national-clean.pdf")
    assert [p.text for p in printed[:2]] == ["项目支出绩效自评表", "（2023年度）"]
    goal = "保障全市36个空气自动监测站点稳定运行，监测数据有效率不低于90%，为大气污染防治提供准确及时的数据支撑。"
    done = "36个站点全年稳定运行，监测数据有效率95.2%，数据按时上报；全市空气质量优良天数比率87.4%。"
    assert rows(PDFS / "national-clean.pdf")[:18] == [
        ("项目名称", "大气环境监测站点运维", "", "", "", "", "", "", ""),
        ("主管部门", "某市生态环境局", "", "", "", "实施单位", "某市生态环境监测站", "", ""),
        ("项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("", "年度资金总额", "", "500.00", "520.00", "507.52", "10", "97.60%", "9.76"),
        ("", "其中：当年财政拨款", "", "450.00", "470.00", "460.32", "—", "", "—"),
        ("", "上年结转资金", "", "50.00", "50.00", "47.20", "—", "", "—"),
        ("", "其他资金", "", "0", "0", "0", "—", "", "—"),
        ("年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""),
        ("", goal, "", "", "", done, "", "", ""),
        ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"),
        ("", "产出指标(50分)", "数量指标", "空气自动监测站点运维数量", "≥36个", "36个", "15", "15", ""),
        ("", "", "质量指标", "监测数据有效率", "≥90%", "95.2%", "15", "15", ""),
        ("", "", "时效指标", "监测数据按时上报率", "100%", "100%", "10", "10", ""),
        ("", "", "成本指标", "单站点年运维成本", "≤14万元", "13.6万元", "10", "10", ""),
        ("", "效益指标(30分)", "社会效益指标", "空气质量优良天数比率", "≥85%", "87.4%", "15", "15", ""),
        ("", "", "生态效益指标", "PM2.5年均浓度", "≤35微克/立方米", "33微克/立方米", "15", "15", ""),
        ("", "满意度指标(10分)", "服务对象满意度指标", "公众对空气质量改善满意度", "≥85%", "90%", "10", "10", ""),
        ("总分", "", "", "", "", "", "100", "99.76", ""),
    ]


@pytest.mark.parametrize("name", ["national-clean", "national-real-cases", "national-sichuan"])
def test_every_label_and_word_of_a_national_workbook_is_in_its_pdf(name: str) -> None:
    """Every text cell of every sheet of the .xlsx is a cell (or, above the table, a line) of its PDF,
    in the same order."""
    from auditor.sources.xlsx import read_workbook_cells

    printed: list[str] = []
    for paragraph in paragraphs(PDFS / f"{name}.pdf"):
        printed += paragraph.cells or (paragraph.text,)
    at = 0
    for sheet in read_workbook_cells(SAMPLES / f"{name}.xlsx").sheets:
        for cell in sorted(sheet.cells.values(), key=lambda cell: (cell.row, cell.col)):
            if cell.kind == "text" and cell.text.strip():
                words = cell.text.replace("\n", "").replace(" ", "")
                found = next((i for i in range(at, len(printed)) if words in printed[i].replace(" ", "")), None)
                assert found is not None, (sheet.name, cell.text)
                at = found


def test_the_published_tables_keep_their_figures_in_their_rows() -> None:
    real = rows(PDFS / "national-real-cases.pdf")
    assert ("", "年度资金总额：", "", "0", "0", "0", "10", "0", "0") in real  # Anhui: the total row left 0 (F006)
    assert ("", "其中:本年财政拨款", "", "90", "89.974", "89.974", "", "", "") in real
    beijing = ("", "年度资金总额：", "", "310.2", "154.74", "10", "50%", "5", "执行率*该指标分值，最高不得超过分值上限。", "")
    assert beijing in real
    sichuan = rows(PDFS / "national-sichuan.pdf")
    assert ("", "总额", "120.00", "126.50", "124.37", "98.32%", "10", "9.83", "", "", "") in sichuan
    assert ("合计", "", "", "", "", "", "", "", "100", "93.02", "") in sichuan


# ---------------------------------------------------------------- files the reader refuses


def test_a_scan_is_refused_as_a_scan() -> None:
    reason = refusal(PDFS / "scan.pdf")
    assert "这是扫描件" in reason and "不支持文字识别" in reason


def test_a_picture_drawn_without_jpeg_is_a_scan_too(tmp_path: Path) -> None:
    reason = refusal(write(tmp_path, "scan.pdf", pdf_builders.raw_image_scan_pdf()))
    assert "这是扫描件" in reason


def test_a_pdf_with_neither_text_nor_pictures_holds_no_text(tmp_path: Path) -> None:
    assert "没有任何文字" in refusal(write(tmp_path, "blank.pdf", pdf_builders.pages_pdf([b""])))


def test_an_encrypted_pdf_is_refused_saying_so() -> None:
    assert "PDF 已加密" in refusal(PDFS / "encrypted.pdf")


def test_a_pdf_that_only_restricts_printing_and_copying_is_read(check: Check) -> None:
    result = check(read_submission(PDFS / "restricted.pdf"))
    assert rules_fired(result) == {("F001", FARMLAND), ("B001", FARMLAND)}


def test_a_flate_bomb_is_refused_after_its_first_64_mib() -> None:
    """A few KB that inflate, twice, to a gigabyte: refused when a stream passes MAX_STREAM_BYTES."""
    assert (PDFS / "bomb.pdf").stat().st_size < 10_000
    reason = refusal(PDFS / "bomb.pdf")
    assert "压缩炸弹" in reason and "64.0 MiB" in reason


def test_an_object_stream_bomb_is_refused_before_any_page_is_drawn(tmp_path: Path) -> None:
    path = write(tmp_path, "objstm.pdf", pdf_builders.object_stream_bomb_pdf(pdf_source.MAX_STREAM_BYTES + 1))
    assert "压缩炸弹" in refusal(path)


def test_all_streams_together_are_bounded_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_source, "MAX_DECODED_BYTES", 3 << 20)
    pages = [pdf_builders.deflated(0, prefix=b"%" + bytes(1 << 20) + b"\n")] * 4  # 1 MiB of comment each
    data = pdf_builders.pages_pdf([b""] * 4)
    for page in pages:
        data = data.replace(pdf_builders.stream(b"", b""), pdf_builders.stream(b"/Filter /FlateDecode", page), 1)
    assert "合计超过 3.0 MiB" in refusal(write(tmp_path, "many.pdf", data))


def test_a_runlength_stream_that_could_pass_the_room_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_source, "MAX_STREAM_BYTES", 1 << 20)
    runs = b"\x81\x20" * 10_000 + b"\x80"  # 10,000 runs of 128 spaces: 1.25 MiB from 20 KB
    data = pdf_builders.pages_pdf([b""]).replace(
        pdf_builders.stream(b"", b""), pdf_builders.stream(b"/Filter /RunLengthDecode", runs)
    )
    assert "压缩炸弹" in refusal(write(tmp_path, "rl.pdf", data))


def test_legitimate_filters_still_decode_under_the_guard(tmp_path: Path) -> None:
    """Text drawn by a content stream behind ASCIIHex over Flate, and behind RunLength, is read."""
    import base64
    import zlib

    content = b"BT /F1 12 Tf 72 700 Td (Budget 1000.05 spent) Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for filters, data in (
        (b"[/ASCIIHexDecode /FlateDecode]", base64.b16encode(zlib.compress(content)) + b">"),
        (b"/ASCII85Decode", base64.a85encode(content) + b"~>"),
        (b"/RunLengthDecode", bytes([len(content) - 1]) + content + b"\x80"),
    ):
        pdf = pdf_builders.pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            pdf_builders.stream(b"/Filter " + filters, data),
            font,
        ])
        [page] = read_pdf(write(tmp_path, "filtered.pdf", pdf))
        assert [item.text for item in page.items] == ["Budget 1000.05 spent"], filters


def test_text_drawn_twice_over_itself_is_read_once(tmp_path: Path) -> None:
    """Bold as WPS prints it: each run drawn again a fraction of a point away."""
    content = b"BT /F1 12 Tf 72 700 Td (Budget 1000.05) Tj ET BT /F1 12 Tf 72.4 699.7 Td (Budget 1000.05) Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    [page] = read_pdf(write(tmp_path, "bold.pdf", pdf_builders.pages_pdf([content], b"<< /Font << /F1 5 0 R >> >>", [font])))
    assert [item.text for item in page.items] == ["Budget 1000.05"]


def test_more_pages_than_the_limit_are_refused(tmp_path: Path) -> None:
    too_many = write(tmp_path, "pages.pdf", pdf_builders.many_pages_pdf(pdf_source.MAX_PAGES + 1))
    assert f"超过 {pdf_source.MAX_PAGES} 页" in refusal(too_many)
    at_the_limit = write(tmp_path, "limit.pdf", pdf_builders.many_pages_pdf(pdf_source.MAX_PAGES))
    assert "没有任何文字" in refusal(at_the_limit)  # read to the end: only then found empty


def test_more_objects_than_the_limit_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "objects.pdf", pdf_builders.many_objects_pdf(pdf_source.MAX_OBJECTS))
    assert f"超过上限 {pdf_source.MAX_OBJECTS}" in refusal(path)


def test_an_object_that_refers_to_itself_is_refused_not_followed_for_ever(tmp_path: Path) -> None:
    path = write(tmp_path, "loop.pdf", pdf_builders.pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"2 0 R"]))
    assert "引用成环" in refusal(path)


def test_a_form_that_draws_itself_is_drawn_once(tmp_path: Path) -> None:
    """pdfminer refuses to run a form inside itself; the page is then found empty, not drawn for ever."""
    form = pdf_builders.stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /Fm1 5 0 R >> >>", b"/Fm1 Do"
    )
    data = pdf_builders.pages_pdf([b"/Fm1 Do"], b"<< /XObject << /Fm1 5 0 R >> >>", [form])
    assert "没有任何文字" in refusal(write(tmp_path, "form.pdf", data))


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("header.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "已损坏或不完整"),
        ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 10, "已损坏或不完整"),
        ("empty.pdf", b"", "文件为空"),
        ("text.pdf", "这不是 PDF".encode(), "内容不是 PDF"),
        ("word.pdf", (SAMPLES / "guizhou-federation-2019-report.docx").read_bytes(), "Word 文档"),
    ],
)
def test_what_is_not_a_readable_pdf_is_refused_saying_what_it_is(tmp_path: Path, name: str, data: bytes, said: str) -> None:
    assert said in refusal(write(tmp_path, name, data))


def test_a_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = SEED_PDF.read_bytes()
    for cut in (len(data) // 2, len(data) - 200, 1000):
        reason = refusal(write(tmp_path, "cut.pdf", data[:cut]))
        assert "已损坏或不完整" in reason and "请重新导出 PDF" in reason


def test_pdfminer_is_left_as_it_was_after_a_read_even_a_refused_one(tmp_path: Path) -> None:
    import zlib

    from pdfminer import pdftypes
    from pdfminer.pdfdocument import PDFDocument

    getobj = PDFDocument.getobj
    refusal(PDFS / "bomb.pdf")
    read_pdf(OVER_PAGES)
    assert pdftypes.zlib is zlib and PDFDocument.getobj is getobj
    assert pdftypes.lzwdecode.__module__ == "pdfminer.lzw" and pdftypes.ccittfaxdecode.__module__ == "pdfminer.ccitt"


def test_the_limits_refuse_before_reading_a_file_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "large.pdf", b"%PDF-1.7\n" + bytes(1000))
    with pytest.raises(Refused, match="larger than the limit"):
        read_pdf(path, max_bytes=500)


# ---------------------------------------------------------------- the reader as a plugin


def test_a_pdf_is_taken_by_its_ending_and_by_its_first_bytes(tmp_path: Path) -> None:
    assert reader_for(SEED_PDF).name == "pdf"  # type: ignore[union-attr]
    unnamed = write(tmp_path, "report", SEED_PDF.read_bytes())
    assert reader_for(unnamed).name == "pdf"  # type: ignore[union-attr]
    assert read_submission(unnamed).department.name == "贵州省总工会"


def test_auditor_check_reads_a_folder_of_pdfs(tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name in ("guizhou-federation-2019-report.pdf", "scan.pdf", "encrypted.pdf"):
        (folder / name).write_bytes((PDFS / name).read_bytes())
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    results = {Path(r["path"]).name: r for r in json.loads(result.stdout)["results"]}
    seed = results["guizhou-federation-2019-report.pdf"]
    assert seed["status"] == "ok" and {(f["rule"], f["project"]) for f in seed["findings"]} == {
        ("F001", SONGWENNUAN), ("B001", SONGWENNUAN),
    }
    assert results["scan.pdf"]["status"] == results["encrypted.pdf"]["status"] == "error"
    assert "扫描件" in results["scan.pdf"]["findings"][0]["message"]


def test_tables_and_lines_come_in_reading_order() -> None:
    [first, *_] = read_pdf(PDFS / "national-clean.pdf")
    kinds = [type(item) for item in first.items]
    assert kinds == [TextLine, TextLine, Table]
    tops = [item.top for item in first.items]
    assert tops == sorted(tops)


# ---------------------------------------------------------------- lines → paragraphs, on lines placed by hand

LEFT, RIGHT, SIZE, PITCH = 56.0, 536.0, 10.0, 15.0


def line(text: str, row: int, end: float = RIGHT, indent: float = 0.0) -> TextLine:
    """A line of the body at row ``row`` (top to bottom), ending at ``end``."""
    top = 80.0 + row * PITCH
    return TextLine(text, LEFT + indent, end, top, top + SIZE)


def page(number: int, *items: TextLine | Table) -> pdf_source.Page:
    return pdf_source.Page(number, 595.0, 842.0, tuple(items))


def texts(*pages: pdf_source.Page) -> list[str]:
    return [p.text for p in pdf_document(pages).paragraphs]


BODY = "这是一段足够长的正文，用来说明各项资金的使用情况和项目的实施进展，"  # 34 characters, unfinished


def test_lines_that_fill_the_width_are_one_paragraph_and_a_short_line_ends_it() -> None:
    assert texts(page(
        1,
        line(BODY, 0, indent=2 * SIZE), line(BODY, 1), line("结束了。", 2, end=LEFT + 40),
        line("下一段从左边开始，没有缩进，也没有空行。", 3, end=LEFT + 200),
    )) == [BODY + BODY + "结束了。", "下一段从左边开始，没有缩进，也没有空行。"]


def test_an_indented_line_starts_a_paragraph_even_after_a_full_line() -> None:
    assert texts(page(1, line(BODY, 0), line(BODY, 1), line("第二段首行缩进两字。", 2, end=LEFT + 120, indent=2 * SIZE))) == [
        BODY + BODY, "第二段首行缩进两字。",
    ]


def test_a_line_short_by_less_than_the_next_word_was_wrapped() -> None:
    """「…（困难补助」 ends 40 points short, but 「费）504.55」 is wider: the printer had to break there."""
    before = BODY + "易地扶贫搬迁集中安置点困难工会会员福利费（困难补助"
    assert texts(page(1, line(before, 0, end=RIGHT - 40), line("费）504.55 万元；慰问困难农民工 122.8 万元。", 1, end=LEFT + 250))) == [
        before + "费）504.55 万元；慰问困难农民工 122.8 万元。",
    ]


def test_across_a_page_break_a_full_line_continues_and_the_page_number_is_left_out() -> None:
    footer = TextLine("— 1 —", 280.0, 315.0, 800.0, 810.0)
    head_number = TextLine("2", 290.0, 296.0, 30.0, 40.0)
    assert texts(
        page(1, line(BODY, 0, indent=2 * SIZE), line("资金使用情况分别为：高标准农田建设补助资金用于土地平整 210.40 万元；灌溉渠道改", 1), footer),
        page(2, head_number, line("造 186.25 万元。", 0, end=LEFT + 100)),
    ) == [BODY + "资金使用情况分别为：高标准农田建设补助资金用于土地平整 210.40 万元；灌溉渠道改造 186.25 万元。"]


def test_after_vertical_space_an_unfinished_paragraph_continues_a_finished_one_does_not() -> None:
    gap = 2  # a blank row between the lines
    assert texts(page(
        1,
        line(BODY + "向建立工会组织的单位", 0, end=RIGHT - 100),
        line("按规定收取的工会经费，严格按照国家相关财经制度进行管理。", 0 + gap, end=LEFT + 300),
        line("另起一段的正文内容，前面一段已经结束，所以这里不会接上。", 2 + gap, end=LEFT + 300),
    )) == [
        BODY + "向建立工会组织的单位按规定收取的工会经费，严格按照国家相关财经制度进行管理。",
        "另起一段的正文内容，前面一段已经结束，所以这里不会接上。",
    ]


def test_a_table_between_lines_is_its_rows_and_breaks_the_text() -> None:
    table = Table((("项目名称", "预算数"), ("慰问资金", "100.00")), LEFT, RIGHT, 100.0, 140.0)
    printed = pdf_document([page(1, line(BODY, 0), table, line("表后的正文。", 5, end=LEFT + 60))]).paragraphs
    assert [(p.kind, p.cells or p.text) for p in printed] == [
        ("text", BODY), ("table_row", ("项目名称", "预算数")), ("table_row", ("慰问资金", "100.00")), ("text", "表后的正文。"),
    ]


def test_headings_and_markdown_marks_are_read_as_in_a_text_file() -> None:
    printed = pdf_document([page(1, line("一、项目基本情况", 0, end=LEFT + 80), line("## 二、资金使用", 1, end=LEFT + 70))]).paragraphs
    assert [(p.kind, p.text) for p in printed] == [("heading", "一、项目基本情况"), ("heading", "二、资金使用")]

"""The 「存在的问题」 section as Word, and as plain text: outline, sentences, fonts, bytes, and LibreOffice's rendering.

The documents are written through the command line, as a reviewer does, and read back
with python-docx; the PDF LibreOffice makes of one is read with pdfplumber (the Makefile's
``make test`` installs LibreOffice; without it that test fails, as the conversion tests do).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.interface import OutputOptions
from auditor.formats.problems import chinese_numeral, problem_sentence, roman_numeral
from auditor.formats.word_section import FORMAT
from auditor.model import FileResult, Finding
from auditor.parsing.quantities import chinese_number
from auditor.sources import libreoffice
from tests.conftest import REPO, SAMPLES

SEED = SAMPLES / "guizhou-federation-2019.xlsx"
#: The seed's two contradictions as published: the project's name is the heading above them.
SEED_B001 = "1. 报告声明资金“当年无余额”，但资金明细合计 1000.05 万元，与预算数 1000.00 万元不符（相差 0.05 万元）。"
SEED_F001 = "2. 资金明细合计 1000.05 万元，与执行数 1000.00 万元不一致（相差 0.05 万元，超出 7 项明细的舍入容差 0.04 万元）。"
RULE_CODE = re.compile(r"[A-Z]\d{3}")
CELL = re.compile(r"![A-Z]+\d+")


def write_docx(target: Path, *args: str | Path) -> Document:
    result = CliRunner().invoke(app, ["check", *map(str, args), "--output", str(target), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return docx.Document(str(target))


def paragraphs(document: Document, style: str | None = None) -> list[str]:
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def problems(document: Document) -> list[str]:
    return [text for text in paragraphs(document, "Normal") if re.match(r"\d+\. ", text)]


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "存在的问题.docx"
    write_docx(path, SEED)
    return path


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory: pytest.TempPathFactory) -> dict:
    result = CliRunner().invoke(app, ["check", str(SEED), "--format", "json"])
    return json.loads(result.stdout)["results"][0]


# --- the outline and the sentences --------------------------------------------------------------


def test_the_seed_as_an_official_document_outline(seed: Path, seed_json: dict) -> None:
    document = docx.Document(str(seed))
    assert paragraphs(document, "Title") == ["存在的问题"]
    assert paragraphs(document, "Heading 1") == ["一、贵州省总工会 2019 年度（自评提交表）"]
    assert paragraphs(document, "Heading 2") == ["（一）数据矛盾", "（二）资料不完整或未说明"]
    assert paragraphs(document, "Heading 3") == [
        "送温暖资金", "送温暖资金", "工会劳模（疗休养、生活补贴）工作经费", "服务职工（厂务公开、困难职工帮扶）工作经费",
    ]
    # the headings come in their order: title, submission, group, project, its problems
    order = paragraphs(document)
    assert order[:6] == ["存在的问题", "一、贵州省总工会 2019 年度（自评提交表）", "（一）数据矛盾", "送温暖资金", SEED_B001, SEED_F001]
    # one paragraph per finding, numbered 1… through the submission
    items = problems(document)
    assert len(items) == len(seed_json["findings"]) == len(paragraphs(document, "Normal"))
    assert [int(text.split(".")[0]) for text in items] == list(range(1, len(items) + 1))


def test_published_sentences_have_no_rule_codes_cells_or_severities(seed: Path) -> None:
    document = docx.Document(str(seed))
    text = "\n".join(paragraphs(document))
    assert not RULE_CODE.search(text) and not CELL.search(text)
    assert "错误" not in text and "警告" not in text and "guizhou-federation" not in text


def test_with_cells_each_problem_keeps_its_rule_severity_and_cells(tmp_path: Path) -> None:
    document = write_docx(tmp_path / "s.docx", SEED, "--with-cells")
    items = problems(document)
    assert items[0] == SEED_B001 + "（B001，错误；见 基本信息!B10、项目!B4:D4、资金明细!C4:C10）"
    assert items[1] == SEED_F001 + "（F001，错误；见 项目!C4、资金明细!C4:C10）"
    assert all(RULE_CODE.search(item) and CELL.search(item) for item in items)
    assert f"文件：{SEED}" in paragraphs(document, "Normal")


def test_a_batch_has_one_numbered_section_per_file(tmp_path: Path) -> None:
    document = write_docx(tmp_path / "batch.docx", SAMPLES)
    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    headings = paragraphs(document, "Heading 1")
    assert len(headings) == len(files)
    assert len(set(headings)) == len(headings)  # the seed's report and workbook are told apart by their kind
    assert [h.split("、")[0] for h in headings] == [chinese_numeral(n) for n in range(1, len(files) + 1)]
    assert "未发现数据矛盾或缺漏。" in paragraphs(document, "Normal")  # the clean example
    # numbering starts again with each file, and D problems stand in their own group
    text = paragraphs(document)
    assert text.count("1. " + SEED_B001[3:]) == 2  # the workbook and the Word report of the seed
    assert any(h.endswith("文件与数据格式问题") for h in paragraphs(document, "Heading 2"))


def test_the_plain_text_is_the_word_section_without_any_mark(tmp_path: Path, seed: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(SEED), "--format", "markdown", "--plain"])
    lines = result.stdout.splitlines()
    assert not re.search(r"[*`#]", result.stdout)
    assert [line for line in lines if line] == paragraphs(docx.Document(str(seed)))
    markdown = CliRunner().invoke(app, ["check", str(SEED), "--format", "markdown"]).stdout
    assert "**送温暖资金**" in markdown and "### （一）数据矛盾" in markdown and SEED_B001 in markdown


# --- the look: GB/T 9704 --------------------------------------------------------------------------


def east_asian_font(document: Document, style: str) -> str:
    fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
    assert not any("Theme" in name or "theme" in name for name in fonts.attrib), fonts.attrib
    return fonts.get(qn("w:eastAsia"))


def test_fonts_sizes_and_page_follow_gb_t_9704(seed: Path) -> None:
    document = docx.Document(str(seed))
    assert east_asian_font(document, "Normal") == "仿宋_GB2312"
    assert east_asian_font(document, "Title") == "方正小标宋简体"
    assert east_asian_font(document, "Heading 1") == "黑体"
    assert east_asian_font(document, "Heading 2") == "楷体_GB2312"
    assert east_asian_font(document, "Heading 3") == "仿宋_GB2312" and document.styles["Heading 3"].font.bold
    assert document.styles["Normal"].font.size == Pt(16) and document.styles["Title"].font.size == Pt(22)
    assert document.styles["Normal"].paragraph_format.first_line_indent == Pt(32)
    section = document.sections[0]
    mm = lambda length: round(Length(length).mm, 1)  # noqa: E731 - Word keeps lengths in twentieths of a point
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    with zipfile.ZipFile(seed) as package:
        fonts = package.read("word/fontTable.xml").decode()
        footer = package.read("word/footer1.xml").decode()
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts
    assert "PAGE" in footer and "—" in footer


def test_the_same_results_give_the_same_bytes(tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    again = tmp_path / "again.docx"
    write_docx(again, SEED)
    assert again.read_bytes() == seed.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.docx"]  # no temporary file left
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = write_docx(tmp_path / "dated.docx", SEED)
    assert dated.core_properties.created.year == 2023
    with zipfile.ZipFile(tmp_path / "dated.docx") as package:
        assert {entry.date_time[:3] for entry in package.infolist()} == {(2023, 11, 14)}


def test_libreoffice_renders_the_numbered_problems(seed: Path) -> None:
    assert libreoffice.soffice() is not None, "install LibreOffice (make test does)"
    with libreoffice.converted(seed.read_bytes(), ".docx", "pdf") as pdf_path, pdfplumber.open(pdf_path) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
        width = pdf.pages[0].width
    text = "".join("".join(pages).split())
    for expected in ("存在的问题", "一、贵州省总工会2019年度（自评提交表）", "（一）数据矛盾", SEED_B001, SEED_F001, "17.指标“金秋助学资助人数”年度指标值为空。"):
        assert "".join(expected.split()) in text, expected
    assert round(width / 72 * 25.4) == 210  # A4
    assert "—1—" in "".join(pages[0].split())


# --- the sentence and the numerals ----------------------------------------------------------------


def test_a_sentence_drops_only_its_own_projects_name() -> None:
    finding = Finding(rule="I002", name="n", severity="warning", project="送温暖资金", message="送温暖资金：指标值为空。", locations=["绩效指标!E4"])
    assert problem_sentence(finding, "zh") == "指标值为空。"
    assert problem_sentence(finding, "zh", with_cells=True) == "指标值为空。（I002，警告；见 绩效指标!E4）"
    other = finding.model_copy(update={"message": "送温暖资金项目：指标值为空。"})
    assert problem_sentence(other, "zh") == "送温暖资金项目：指标值为空。"
    english = finding.model_copy(update={"message": "送温暖资金: the value is empty."})
    assert problem_sentence(english, "en") == "The value is empty."
    assert problem_sentence(english, "en", with_cells=True) == "The value is empty. (I002, warning; see 绩效指标!E4)"
    unplaced = finding.model_copy(update={"project": None, "locations": []})
    assert problem_sentence(unplaced, "zh", with_cells=True) == "送温暖资金：指标值为空。（I002，警告）"


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"), (10010, "一万零一十"), (100000, "十万")],
)
def test_chinese_section_numerals(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


@given(st.integers(min_value=1, max_value=99_999_999))
def test_a_section_numeral_reads_back_as_its_number(number: int) -> None:
    assert chinese_number(chinese_numeral(number)) == number


def test_roman_numerals_for_english_sections() -> None:
    assert [roman_numeral(n) for n in (1, 4, 9, 14, 40, 1994)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIV"]
    with pytest.raises(ValueError):
        chinese_numeral(0)


def test_a_docx_cannot_be_printed_to_standard_output() -> None:
    result = CliRunner().invoke(app, ["check", str(SEED), "--format", "docx"])
    assert result.exit_code == 2
    assert not list(REPO.glob("*.docx"))


def test_a_batch_waits_on_disk_not_in_the_document(tmp_path: Path) -> None:
    """Memory must not grow with the batch: paragraphs are spooled, and none is in python-docx's
    tree until the document is written."""
    result = FileResult(path="x.xlsx", department="贵州省总工会", year=2019, layout="submission-workbook")
    hostile = FileResult(path="y.xlsx", department="某局\x0b\ud800", findings=[Finding(rule="I002", name="n", severity="warning", message="指标\x01为空。")])
    target = tmp_path / "batch.docx"
    sink = FORMAT.open_file(target, OutputOptions())
    for _ in range(3):
        sink.add(result)
    sink.add(hostile)
    assert sink.document.document.paragraphs == []
    assert not target.exists()
    sink.close()
    sink.close()  # closing twice writes once
    written = paragraphs(docx.Document(str(target)))
    assert written[0] == "存在的问题" and written.count("未发现数据矛盾或缺漏。") == 3
    assert [h for h in written if "、" in h[:3]] == [f"{n}、贵州省总工会 2019 年度（自评提交表）" for n in "一二三"] + ["四、某局\ufffd\ufffd"]
    assert written[-1] == "1. 指标\ufffd为空。" and "四、某局\ufffd\ufffd" in written

"""``--annotate DIR``: marked copies of workbooks and Word reports, and originals never touched.

Each copy is opened as its reviewer would open it (openpyxl for the workbook, python-docx
for the report) and checked against the findings of the same run: every cited cell filled
by its severity and commented with its rule, 审核意见 first with links that lead to those
cells, the report's cited paragraphs shaded with the finding as a Word comment. The
originals' bytes and modification times are compared before and after every run.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePath

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from typer.testing import CliRunner, Result

from auditor.cli import app
from auditor.formats.annotated.locations import CellRange, cell_range, paragraph_number
from auditor.formats.annotated.names import relative_name
from auditor.formats.annotated.word_paragraphs import align, word_units
from auditor.formats.annotated.workbook import FILLS, mark_workbook
from auditor.formats.interface import OutputOptions
from auditor.model import FileResult, Finding
from auditor.sources.grid import column_letter
from tests.conftest import SAMPLES

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SEED = SAMPLES / "guizhou-federation-2019.xlsx"
SEED_REPORT = SAMPLES / "guizhou-federation-2019-report.docx"
#: A one-pixel PNG, for a workbook with a picture in it.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def run(*args: object) -> Result:
    return CliRunner().invoke(app, ["check", *map(str, args), "--quiet", "--jobs", "1"])


def fingerprint(path: Path) -> tuple[str, int]:
    """What must not change in an original: its bytes and its modification time."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def findings_of(path: Path) -> list[dict]:
    """The findings of one file, from the JSON report of a run of its own."""
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--quiet", "--jobs", "1"])
    return json.loads(result.stdout)["results"][0]["findings"]


def cells_of(location: str) -> Iterator[tuple[str, str]]:
    """(sheet, A1 reference) of every cell a location names."""
    cells = cell_range(location)
    assert cells is not None and cells.last_col is not None, location
    for row in range(cells.first_row, cells.last_row + 1):
        for col in range(cells.first_col, cells.last_col + 1):
            yield cells.sheet, f"{column_letter(col)}{row}"


def assert_marked(copy: Path, findings: list[dict]) -> None:
    """Every cited cell is filled by its worst severity, every range's first cell comments its rules,
    and 审核意见 comes first, one row per finding, each link leading to a cell that exists."""
    workbook = load_workbook(copy)
    assert workbook.sheetnames[0] == "审核意见" and workbook.active.title == "审核意见"
    rank = {"error": 0, "warning": 1, "info": 2}
    worst: dict[tuple[str, str], str] = {}
    for finding in findings:
        for location in finding["locations"]:
            for key in cells_of(location):
                worst[key] = min(worst.get(key, "info"), finding["severity"], key=rank.__getitem__)
            sheet, first = next(cells_of(location))
            comment = workbook[sheet][first].comment
            assert comment is not None and finding["rule"] in comment.text and finding["message"] in comment.text
    for (sheet, ref), severity in worst.items():
        assert workbook[sheet][ref].fill.fgColor.rgb[-6:] == FILLS[severity], (sheet, ref)
    review = workbook["审核意见"]
    rows = [row for row in review.iter_rows() if isinstance(row[0].value, int)]
    assert [(row[1].value, row[4].value) for row in rows] == [(f["rule"], f["message"]) for f in findings]
    links = [cell.hyperlink.location for row in rows for cell in row if cell.hyperlink is not None]
    assert len(links) == sum(len(f["locations"]) for f in findings)
    for link in links:
        sheet, _, ref = link.rpartition("!")
        assert sheet.startswith("'") and sheet.strip("'") in workbook.sheetnames
        assert cell_range(link) is not None and cell_range(link).first_row <= workbook[sheet.strip("'")].max_row


# --------------------------------------------------------------------------- the seed workbook


def test_seed_copy_carries_f001_and_b001_on_its_cells_and_the_original_is_untouched(tmp_path: Path) -> None:
    before = fingerprint(SEED)
    result = run(SEED, "--annotate", tmp_path / "out")
    assert result.exit_code == 1, result.output  # the seed has errors
    copy = tmp_path / "out" / SEED.name
    assert fingerprint(SEED) == before
    workbook = load_workbook(copy)
    assert "F001" in workbook["项目"]["C4"].comment.text
    assert {"F001", "B001"} <= set(workbook["资金明细"]["C4"].comment.text.replace("\n", " ").split())
    assert "应为 1000.00；实际 1000.05；相差 0.05" in workbook["项目"]["C4"].comment.text
    assert workbook["项目"]["C4"].fill.fgColor.rgb[-6:] == FILLS["error"]
    assert workbook["项目"]["E4"].fill.fgColor.rgb[-6:] != FILLS["error"]  # an uncited cell keeps its fill
    assert workbook["项目"]["C4"].value == 1000  # values are kept
    assert_marked(copy, findings_of(SEED))
    assert f"wrote 1 annotated copy in {tmp_path / 'out'}" in result.stderr


def test_the_same_run_writes_the_same_bytes(tmp_path: Path) -> None:
    run(SEED, SEED_REPORT, "--annotate", tmp_path / "one")
    run(SEED, SEED_REPORT, "--annotate", tmp_path / "two")
    for name in (SEED.name, SEED_REPORT.name):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


# --------------------------------------------------------------------------- .xls, .et and .ods


@pytest.mark.parametrize("original", [
    FORMATS / "xls" / "guizhou-federation-2019.xls",
    FORMATS / "ods" / "guizhou-federation-2019.ods",
    FORMATS / "guizhou-federation-2019.et",
])
def test_a_workbook_in_another_format_is_copied_as_xlsx(tmp_path: Path, original: Path) -> None:
    before = fingerprint(original)
    run(original, "--annotate", tmp_path)
    copy = tmp_path / f"{original.name}.xlsx"
    assert fingerprint(original) == before
    assert_marked(copy, findings_of(original))
    review = load_workbook(copy)["审核意见"]
    assert any(original.suffix in str(cell.value) and "副本按 auditor 读取的单元格写成 .xlsx" in str(cell.value)
               for cell in review["A"])
    assert load_workbook(copy)["项目"]["C4"].value == 1000


# --------------------------------------------------------------------------- Word reports


def test_a_word_report_gets_its_cited_paragraph_shaded_and_commented(tmp_path: Path) -> None:
    before = fingerprint(SEED_REPORT)
    run(SEED_REPORT, "--annotate", tmp_path)
    assert fingerprint(SEED_REPORT) == before
    document = docx.Document(tmp_path / SEED_REPORT.name)
    comments = list(document.comments)
    assert len(comments) == 1  # both findings cite paragraph 12 only
    text = comments[0].text
    assert "F001" in text and "B001" in text and comments[0].author == "auditor"
    body = document.element.body
    shaded = [p for p in body.iter("{*}p") if p.find(".//{*}shd") is not None]
    shaded_text = "".join(t.text for p in shaded for t in p.iter("{*}t"))
    assert "送温暖资金1000万元" in shaded_text.replace(" ", "") and "122.8万元" in shaded_text.replace(" ", "")
    fills = {s.attrib[next(k for k in s.attrib if k.endswith("}fill"))] for p in shaded for s in p.iter("{*}shd")}
    assert fills == {FILLS["error"]}
    unshaded = [p for p in body.iter("{*}p") if p.find(".//{*}shd") is None and "".join(t.text for t in p.iter("{*}t"))]
    assert unshaded, "only the cited paragraphs are shaded"


def test_paragraphs_split_or_joined_by_the_reader_align_with_the_word_ones() -> None:
    document = docx.Document()
    for text in ("标题", "第一段写到一半被分页符切开，", "后半段在这里。", "第三段。"):
        document.add_paragraph(text)
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额 10 万元"
    units = word_units(document.element.body)
    placed = align(units, ["标题", "第一段写到一半被分页符切开，后半段在这里。", "第三段。", "项目\t金额10万元"])
    texts = {n: ["".join(t.text for t in u.iter("{*}t")) for u in us] for n, us in placed.items()}
    assert texts == {1: ["标题"], 2: ["第一段写到一半被分页符切开，", "后半段在这里。"], 3: ["第三段。"], 4: ["项目金额 10 万元"]}


def test_a_word_paragraph_the_reader_did_not_see_is_passed_over() -> None:
    document = docx.Document()
    for text in ("甲段。", "（读者没有读到的文字）", "乙段。"):
        document.add_paragraph(text)
    placed = align(word_units(document.element.body), ["甲段。", "乙段。"])
    assert sorted(placed) == [1, 2] and "乙段" in "".join(t.text for t in placed[2][0].iter("{*}t"))


# --------------------------------------------------------------------------- what a copy cannot keep


def _with_picture_chart_and_macro(seed: Path, target: Path) -> None:
    """The seed with a chart (openpyxl's), a picture beside it in the same drawing, and a VBA part."""
    workbook = load_workbook(seed)
    sheet = workbook["项目"]
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=3, max_row=6), titles_from_data=True)
    sheet.add_chart(chart, "H2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    picture = (
        '<xdr:oneCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
        '<xdr:ext cx="9525" cy="9525"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="9" name="Picture 9"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        '<xdr:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rIdPic"/>'
        '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
        '</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
    )
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/drawings/drawing1.xml":
                data = data.replace(b"</xdr:wsDr>", picture.encode() + b"</xdr:wsDr>")
                if b"xmlns:a=" not in data.split(b">", 2)[1]:
                    data = data.replace(b"<xdr:wsDr ", b'<xdr:wsDr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ', 1)
            elif info.filename == "xl/drawings/_rels/drawing1.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdPic" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/image1.png"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            out.writestr(info, data)
        out.writestr("xl/media/image1.png", PIXEL)
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def test_what_the_copy_cannot_keep_is_named_on_the_review_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    original = folder / "with-picture.xlsx"
    _with_picture_chart_and_macro(SEED, original)
    before = fingerprint(original)
    run(original, "--annotate", tmp_path / "out")
    assert fingerprint(original) == before
    copy = tmp_path / "out" / original.name
    notes = " ".join(str(cell.value) for cell in load_workbook(copy)["审核意见"]["A"] if cell.value)
    assert "未能保留" in notes and "图片 1 个" in notes and "宏（VBA 代码） 1 个" in notes
    assert "图表" not in notes.split("未能保留")[1].split("。")[0]  # the chart is kept
    with zipfile.ZipFile(copy) as package:
        assert any(name.startswith("xl/charts/") for name in package.namelist())


# --------------------------------------------------------------------------- files with no copy


def test_unreadable_files_and_pdf_reports_get_no_copy_and_a_line_saying_why(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    shutil.copy(FORMATS.parent / "pdf" / "guizhou-federation-2019-report.pdf", folder / "report.pdf")
    shutil.copy(SEED, folder / "seed.xlsx")
    result = run(folder, "--annotate", tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["seed.xlsx"]
    lines = result.stderr.splitlines()
    assert any(str(folder / "broken.xlsx") in line and "could not be read" in line for line in lines)
    assert any(str(folder / "report.pdf") in line and "PDF" in line for line in lines)


def test_a_folder_inside_the_checked_one_is_refused(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.xlsx")
    result = run(tmp_path, "--annotate", tmp_path / "annotated")
    assert result.exit_code == 2 and "lies in the checked folder" in result.stderr
    assert not (tmp_path / "annotated").exists()


def test_a_file_of_someone_elses_is_never_replaced_but_an_earlier_copy_is(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / SEED.name).write_bytes(b"someone's own file")
    run(SEED, "--annotate", out)
    assert (out / SEED.name).read_bytes() == b"someone's own file"
    second = out / "guizhou-federation-2019 (2).xlsx"
    assert "F001" in load_workbook(second)["项目"]["C4"].comment.text
    first_bytes = second.read_bytes()
    run(SEED, "--annotate", out)  # the copy is auditor's own: replaced, not numbered again
    assert sorted(p.name for p in out.iterdir()) == sorted([SEED.name, second.name])
    assert second.read_bytes() == first_bytes


def test_a_batch_lays_its_copies_out_as_its_files_lay(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    for path in SAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    shutil.copy(SEED, folder / "sub" / SEED.name)
    before = {path: fingerprint(path) for path in folder.rglob("*") if path.is_file()}
    result = run(folder, "--annotate", tmp_path / "out", "--format", "json")
    assert {path: fingerprint(path) for path in before} == before
    report = json.loads(result.stdout)
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == sorted([path.name for path in SAMPLES.iterdir()] + [f"sub/{SEED.name}"])
    for item in report["results"]:
        name = Path(item["path"]).relative_to(folder)
        if name.suffix == ".xlsx":
            assert_marked(tmp_path / "out" / name, item["findings"])


# --------------------------------------------------------------------------- the review sheet's details


def test_a_location_the_copy_cannot_find_is_listed_as_not_found_and_text_stays_text() -> None:
    workbook = Workbook()
    workbook.active.title = "项目"
    finding = Finding(rule="X001", name="x", severity="warning", project="=HYPERLINK(\"http://x\")", message="=1+1",
                      locations=["项目!B2", "没有这张表!C3", "缺少工作表“项目”"])
    mark_workbook(workbook, FileResult(path="a.xlsx", findings=[finding]), "a.xlsx", OutputOptions(), [])
    review = workbook["审核意见"]
    row = next(row for row in review.iter_rows() if row[0].value == 1)
    assert [cell.data_type for cell in row[1:5]] == ["s"] * 4 and row[3].value.startswith("=HYPERLINK")
    assert row[5].hyperlink.location == "'项目'!B2"
    assert row[6].value == "没有这张表!C3（副本中找不到）" and row[6].hyperlink is None
    assert row[7].value == "缺少工作表“项目”（副本中找不到）"
    assert workbook["项目"]["B2"].fill.fgColor.rgb[-6:] == FILLS["warning"]


def test_a_cited_cell_inside_a_merged_range_comments_its_first_cell() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "表"
    sheet.merge_cells("B2:D3")
    finding = Finding(rule="X001", name="x", severity="error", message="m", locations=["表!C3"])
    mark_workbook(workbook, FileResult(path="a.xlsx", findings=[finding]), "a.xlsx", OutputOptions(), [])
    assert "X001" in sheet["B2"].comment.text


# --------------------------------------------------------------------------- locations and names


@given(st.integers(1, 16_384), st.integers(1, 1_048_576), st.integers(0, 30), st.integers(0, 30),
       st.text(min_size=1, max_size=20).filter(lambda s: "!" not in s and not s.startswith("'")))
def test_a_cell_reference_reads_back_as_the_range_it_names(col: int, row: int, width: int, height: int, sheet: str) -> None:
    last_col = min(col + width, 16_384)
    reference = f"{column_letter(col)}{row}" + (f":{column_letter(last_col)}{row + height}" if width or height else "")
    assert cell_range(f"{sheet}!{reference}") == CellRange(sheet, row, col, row + height, last_col)


def test_what_is_not_a_cell_reference_is_not_taken_for_one() -> None:
    assert cell_range("项目!4:5") == CellRange("项目", 4, 1, 5, None)
    assert cell_range("'a''b'!A1") == CellRange("a'b", 1, 1, 1, 1)
    for location in ("bomb.pdf", "项目!", "!A1", "项目!A0", "项目!XFE1", "第12段「…」"):
        assert cell_range(location) is None, location
    assert paragraph_number("第12段「其中：送温暖资金1000万元」") == 12 and paragraph_number("项目!A1") is None


def test_a_copy_lies_under_the_folder_as_the_file_lay_under_the_checked_one() -> None:
    assert relative_name("subs/a/x.xlsx", [Path("subs")]) == PurePath("a/x.xlsx")
    assert relative_name("subs/a/x.xlsx", [Path("subs/a/x.xlsx")]) == PurePath("x.xlsx")
    assert relative_name("../elsewhere/x.xlsx", []) == PurePath("elsewhere/x.xlsx")


def test_in_english_the_review_sheet_and_comments_are_english() -> None:
    workbook = Workbook()
    workbook.active.title = "Projects"
    finding = Finding(rule="F001", name="breakdown-sum", severity="error", message="m", locations=["Projects!C4"],
                      values={"expected": "1000.00", "actual": "1000.05"})
    options = OutputOptions(lang="en", rule_titles={"F001": "Breakdown does not add up"})
    mark_workbook(workbook, FileResult(path="a.xlsx", findings=[finding]), "a.xlsx", options, [])
    assert workbook.sheetnames == ["Review", "Projects"]
    assert workbook["Projects"]["C4"].comment.text == "F001 error: Breakdown does not add up\nm\nexpected 1000.00; actual 1000.05"
    header = next(row for row in workbook["Review"].iter_rows() if row[0].value == "No.")
    assert [cell.value for cell in header] == ["No.", "Rule", "Severity", "Project", "Finding", "Cell"]


def test_a_copy_written_beside_its_original_never_takes_its_name(tmp_path: Path) -> None:
    original = tmp_path / SEED.name
    shutil.copy(SEED, original)
    before = fingerprint(original)
    run(original, "--annotate", tmp_path)
    assert fingerprint(original) == before
    assert "F001" in load_workbook(tmp_path / "guizhou-federation-2019 (2).xlsx")["项目"]["C4"].comment.text


def test_a_finding_whose_paragraph_is_not_found_is_commented_on_the_first_paragraph() -> None:
    from auditor.formats.annotated.report_copy import report_copy

    finding = Finding(rule="X001", name="x", severity="warning", message="第九十九段的问题", locations=["第99段「不存在」"])
    copy = report_copy(SEED_REPORT.read_bytes(), SEED_REPORT, FileResult(path=str(SEED_REPORT), findings=[finding]),
                       OutputOptions())
    document = docx.Document(io.BytesIO(copy))
    [comment] = list(document.comments)
    assert comment.text.startswith("以下问题未能定位到文中的段落：") and "第九十九段的问题" in comment.text
    assert document.element.body.find(".//{*}shd") is None  # nothing is shaded for it


def test_a_table_row_location_names_the_cell_text_it_quotes() -> None:
    from auditor.formats.annotated.report_copy import _cell_value

    assert _cell_value("第8段“其中：本年财政拨款”行的全年预算数「118.5」") == "118.5"
    assert _cell_value("第10段“其他资金”行的全年执行数（空）") is None  # no text: the whole row is shaded
    assert _cell_value("第84段“总额”行的原因「1.预算执行率=预算执行数/调整后预算数，预算执行率未达到9…」") is None
    assert _cell_value("第12段「其中：送温暖资金1000万元」") is None

""".xls (and WPS .et) and .ods: the same layouts give the same findings as the .xlsx, and hostile files are D001.

The held-out workbooks in tests/fixtures/formats/ were written as .xlsx by auditor's
own writers and saved by LibreOffice as .xls and .ods (scripts/make_format_fixtures.py):
every sample, every layout variant of the submission workbook, the national form's
variants and three generated submissions. Each save must give the JSON result of its
original, path aside, and the same grid of cells. The hostile files are built byte by
byte (tests/compound_files.py) or from a fixture, small, and each must be one D001 with
a reason, never an internal error and never a hang.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.catalogue.rule_files import Catalogue
from auditor.cli import app
from auditor.engine.durable_adapter import engine_for
from auditor.model import FileResult
from auditor.parsing.numbers import decimal_from_stored_number
from auditor.readers.cell_values import CellValues
from auditor.run.pipeline import check_file
from auditor.sources.grid import WorkbookCells
from auditor.sources.ods import read_ods_cells
from auditor.sources.refusal import Refused
from auditor.sources.xls import MAX_XLRD_CELLS, read_xls_cells
from auditor.sources.xlsx import read_workbook_cells
from auditor.sources.zip_guard import Limits
from tests.compound_files import BLANK, FILEPASS, NUMBER, CompoundFile, record, workbook_stream
from tests.test_hostile import BILLION_LAUGHS, raw_zip

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
HELD_OUT = sorted(path.stem for path in (FORMATS / "xlsx").glob("*.xlsx"))
SEED_XLS = FORMATS / "xls" / "guizhou-federation-2019.xls"
SEED_ODS = FORMATS / "ods" / "guizhou-federation-2019.ods"


@pytest.fixture(scope="module")
def check_path(catalogue: Catalogue) -> Callable[..., FileResult]:
    engine = engine_for(catalogue)
    return lambda path, lang="zh": check_file(path, catalogue, engine, lang)


def without_path(result: FileResult) -> dict:
    """What a file says, not which file: its path and the digest of its bytes left out."""
    return result.model_dump(exclude={"path", "digest"})


# --------------------------------------------------------------------------- the held-out workbooks


def test_the_held_out_set_is_there_and_small() -> None:
    assert len(HELD_OUT) >= 17
    for stem in HELD_OUT:
        for kind in ("xls", "ods"):
            saved = FORMATS / kind / f"{stem}.{kind}"
            assert saved.is_file(), saved
            assert saved.stat().st_size < 64_000
    assert (FORMATS / "xls" / "guizhou-federation-2019.xls").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("kind", ["xls", "ods"])
@pytest.mark.parametrize("stem", HELD_OUT)
def test_a_libreoffice_save_gets_exactly_the_findings_of_its_xlsx(check_path, stem: str, kind: str) -> None:
    original = check_path(FORMATS / "xlsx" / f"{stem}.xlsx")
    saved = check_path(FORMATS / kind / f"{stem}.{kind}")
    assert original.status == "ok"
    assert without_path(saved) == without_path(original)


def test_the_held_out_set_fires_what_it_should(check_path) -> None:
    """The equality above is worth something only if the originals give findings of every family."""
    rules = {f.rule for stem in HELD_OUT for f in check_path(FORMATS / "xlsx" / f"{stem}.xlsx").findings}
    assert {"F001", "F002", "F003", "F004", "F005", "F006", "B001", "P001", "P002", "S001", "S002", "S004", "I002", "I006", "D003", "D006"} <= rules


def _grid(cells: WorkbookCells) -> dict:
    def value(cell) -> object:  # type: ignore[no-untyped-def]
        return decimal_from_stored_number(cell.text) if cell.kind == "number" else cell.text

    return {
        sheet.name: (
            {key: (c.kind, value(c), c.is_percent, c.is_date, c.format_decimals) for key, c in sheet.cells.items()},
            sorted(sheet.merged),
            sheet.dropped_cells,
        )
        for sheet in cells.sheets
    }


@pytest.mark.parametrize("stem", HELD_OUT)
def test_the_grid_is_the_xlsx_grid_cell_by_cell(stem: str) -> None:
    """Same sheets in the same order, same cells with the same exact values, percent/date flags
    and shown decimals, same merged ranges."""
    original = _grid(read_workbook_cells(FORMATS / "xlsx" / f"{stem}.xlsx"))
    assert _grid(read_xls_cells(FORMATS / "xls" / f"{stem}.xls")) == original
    assert _grid(read_ods_cells(FORMATS / "ods" / f"{stem}.ods")) == original


def test_the_cli_gives_the_same_json_for_each_folder() -> None:
    documents = {}
    for kind in ("xlsx", "xls", "ods"):
        result = CliRunner().invoke(app, ["check", str(FORMATS / kind), "--format", "json", "--jobs", "1", "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        documents[kind] = [
            (Path(r["path"]).stem, {k: v for k, v in r.items() if k not in ("path", "digest")}) for r in json.loads(result.stdout)["results"]
        ]
    assert len(documents["xlsx"]) == len(HELD_OUT)
    assert documents["xls"] == documents["xlsx"] and documents["ods"] == documents["xlsx"]


# --------------------------------------------------------------------------- exact values


def _cell(cells: WorkbookCells, sheet: str, ref: str):  # type: ignore[no-untyped-def]
    found = cells.sheet(sheet)
    assert found is not None
    return next(c for c in found.cells.values() if c.ref == ref)


READERS = {"xls": read_xls_cells, "ods": read_ods_cells}


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_amounts_are_exact_and_formats_recognised(suffix: str) -> None:
    """The seed's 送温暖资金 uses are 1000.05 to the cent; a percent-formatted 0.7 is 70%; the
    report date is a date; the national form's 89.974 and its percent-formatted 执行率 keep theirs."""
    read = READERS[suffix]
    seed = read(FORMATS / suffix / f"guizhou-federation-2019.{suffix}")
    uses = [decimal_from_stored_number(c.text) for c in seed.sheet("资金明细").cells.values() if c.kind == "number"]
    assert sum(uses[:7]) == Decimal("1000.05")
    assert all(value == value.quantize(Decimal("0.01")) for value in uses)
    date = next(c for c in seed.sheet("基本信息").cells.values() if c.is_date)
    assert CellValues("基本信息", []).date(date).isoformat() == "2020-05-13"
    percent = read(FORMATS / suffix / f"variant-percent-cells.{suffix}")
    claimed = [c for c in percent.sheet("数据声明").cells.values() if c.is_percent]
    assert [CellValues("数据声明", []).percent(c) for c in claimed] == [Decimal(70), Decimal(20)]
    national = read(FORMATS / suffix / f"national-real-cases.{suffix}")
    texts = {decimal_from_stored_number(c.text) for s in national.sheets for c in s.cells.values() if c.kind == "number"}
    assert Decimal("89.974") in texts and Decimal("154.74") in texts
    rates = [c for s in national.sheets for c in s.cells.values() if c.is_percent and c.kind == "number"]
    assert rates and all(c.format_decimals is not None for c in rates)


def test_an_xls_number_is_its_shortest_round_trip_literal() -> None:
    """BIFF stores doubles: each number cell's text is the shortest literal that reads back to the
    double, so 504.55 is "504.55" and a whole number has no ".0"."""
    from auditor.sources.xls import _number_text

    assert _number_text(504.55) == "504.55" and _number_text(1000.0) == "1000" and _number_text(-3.3) == "-3.3"
    assert _number_text(0.1 + 0.2) == "0.30000000000000004"
    assert decimal_from_stored_number(_number_text(0.1 + 0.2)) == Decimal("0.3")
    assert _number_text(1e-05) == "1e-05" and decimal_from_stored_number("1e-05") == Decimal("0.00001")
    assert _number_text(123456789012.34) == "123456789012.34"


# --------------------------------------------------------------------------- .et without LibreOffice


def test_an_et_holding_biff_is_read_without_libreoffice(check_path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no timeout: nothing to convert with
    et = check_path(FORMATS / "guizhou-federation-2019.et")
    assert without_path(et) == without_path(check_path(FORMATS / "xlsx" / "guizhou-federation-2019.xlsx"))
    assert {f.rule for f in et.findings if f.project == "送温暖资金"} >= {"F001", "B001"}


def test_an_xlsx_saved_under_xls_is_read_as_one(check_path, tmp_path: Path) -> None:
    renamed = tmp_path / "exported.xls"
    shutil.copy(FORMATS / "xlsx" / "guizhou-federation-2019.xlsx", renamed)
    result = check_path(renamed)
    original = check_path(FORMATS / "xlsx" / "guizhou-federation-2019.xlsx")
    assert result.findings == original.findings
    assert result.notes[0] == "文件扩展名为 .xls，实际是 Excel 工作簿（.xlsx），已按 .xlsx 读取"


# --------------------------------------------------------------------------- hostile .xls


def seed_stream() -> bytes:
    from auditor.sources.ole2 import open_compound_file

    container = open_compound_file(SEED_XLS.read_bytes(), 1 << 26)
    return container.read(container.stream("Workbook"))


def truncated_xls(path: Path) -> Path:
    data = SEED_XLS.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_xls(path: Path) -> Path:
    data = bytearray(SEED_XLS.read_bytes())
    data[512:] = bytes((i * 37) % 251 for i in range(len(data) - 512))
    path.write_bytes(bytes(data))
    return path


def bad_fat(path: Path) -> Path:
    path.write_bytes(CompoundFile({"Workbook": seed_stream()}).to_bytes(difat=[0x00FFFFF0]))
    return path


def fat_loop(path: Path) -> Path:
    compound = CompoundFile({"Workbook": seed_stream()})
    start, _ = compound.entries["Workbook"]
    compound.fat[start + 3] = start  # the fourth sector leads back to the first
    path.write_bytes(compound.to_bytes())
    return path


def mini_fat_loop(path: Path) -> Path:
    """xlrd's own container reader loops on this one until memory runs out."""
    compound = CompoundFile({"Workbook": seed_stream()[:2000]})
    compound.mini_fat[0] = 0
    path.write_bytes(compound.to_bytes())
    return path


def lying_size(path: Path) -> Path:
    compound = CompoundFile({"Workbook": seed_stream()})
    compound.set_size("Workbook", 2_000_000_000)
    path.write_bytes(compound.to_bytes())
    return path


def encrypted_xls(path: Path) -> Path:
    stream = workbook_stream([record(NUMBER, struct.pack("<HHHd", 0, 0, 15, 1.5))], globals_extra=record(FILEPASS, bytes(54)))
    path.write_bytes(CompoundFile({"Workbook": stream.ljust(4096, b"\x00")}).to_bytes())
    return path


def blanks_to_the_far_right(path: Path) -> Path:
    """One formatted blank at column IV of every row: 655 KB that xlrd would pad to 16.7 million cells."""
    body = b"".join(record(BLANK, struct.pack("<HHH", row, 255, 15)) for row in range(65536))
    path.write_bytes(CompoundFile({"Workbook": workbook_stream([body])}).to_bytes())
    return path


def overlapping_sheets(path: Path) -> Path:
    """Two hundred sheets at the same place: xlrd would read the same records two hundred times."""
    body = b"".join(record(NUMBER, struct.pack("<HHHd", row, 0, 15, 1.0)) for row in range(500))
    honest = workbook_stream([body] * 200)
    first = struct.unpack_from("<L", honest, honest.find(struct.pack("<HH", 0x0085, 14)) + 4)[0]
    lying = workbook_stream([body] * 200, offsets=[first] * 200)
    stream = lying[: first + len(honest) // 200]  # one sheet's records, named two hundred times
    path.write_bytes(CompoundFile({"Workbook": stream}).to_bytes())
    return path


def not_biff(path: Path) -> Path:
    path.write_bytes(CompoundFile({"Workbook": b"\x09\x08\x00\x00" + bytes(5000)}).to_bytes())
    return path


def word_document(path: Path) -> Path:
    path.write_bytes(CompoundFile({"WordDocument": bytes(5000)}).to_bytes())
    return path


def web_page(path: Path) -> Path:
    path.write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>", encoding="utf-8")
    return path


def header_only(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


#: name → (builder, a phrase the English D001 message must contain)
HOSTILE_XLS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "truncated.xls": (truncated_xls, "truncated"),
    "corrupt.xls": (corrupt_xls, "damaged"),
    "bad-fat.xls": (bad_fat, "allocation table"),
    "fat-loop.xls": (fat_loop, "loops"),
    "mini-fat-loop.xls": (mini_fat_loop, "loops"),
    "lying-size.xls": (lying_size, "lies about a size"),
    "encrypted.xls": (encrypted_xls, "password"),
    "far-blanks.xls": (blanks_to_the_far_right, "too many records or cells"),
    "overlapping.xls": (overlapping_sheets, "overlap"),
    "not-biff.xls": (not_biff, "cannot be parsed"),
    "word.xls": (word_document, "Word 97-2003 document"),
    "header-only.xls": (header_only, "damaged"),
    "truncated.et": (truncated_xls, "truncated"),
}


def test_the_hostile_workbooks_are_small(tmp_path: Path) -> None:
    for name, (build, _) in HOSTILE_XLS.items():
        assert build(tmp_path / name).stat().st_size < 1_000_000, name


@pytest.mark.parametrize("name", sorted(HOSTILE_XLS))
def test_a_hostile_xls_is_one_d001_quickly(tmp_path: Path, check_path, monkeypatch, name: str) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an .et xlrd cannot read must not reach LibreOffice here
    build, phrase = HOSTILE_XLS[name]
    path = build(tmp_path / name)
    started = time.monotonic()
    result = check_path(path, "en")
    assert time.monotonic() - started < 10
    assert result.status == "error", result
    [finding] = result.findings
    assert finding.rule == "D001" and phrase in finding.message, finding.message
    assert [f.rule for f in check_path(path).findings] == ["D001"]


def test_a_web_page_named_xls_is_read_as_the_page_it_is(tmp_path: Path) -> None:
    from auditor.readers import reader_for

    path = web_page(tmp_path / "page.xls")  # a budget system's "Excel" export
    assert reader_for(path).name == "html"  # type: ignore[union-attr]


def test_the_survey_bounds_what_xlrd_would_hold() -> None:
    assert MAX_XLRD_CELLS < 65536 * 256  # one sheet's worth of BIFF8 grid would be refused


# --------------------------------------------------------------------------- hostile .ods


def seed_ods_members() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(SEED_ODS) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def ods_with(path: Path, change: Callable[[str, bytes], bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in seed_ods_members():
            archive.writestr(name, change(name, data))
    path.write_bytes(buffer.getvalue())
    return path


def content_body(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table table:name="项目">{rows}</table:table></office:spreadsheet></office:body></office:document-content>'
    ).encode()


def with_content(content: bytes) -> Callable[[Path], Path]:
    return lambda path: ods_with(path, lambda name, data: content if name == "content.xml" else data)


def entity_bomb(path: Path) -> Path:
    return ods_with(path, lambda name, data: BILLION_LAUGHS.encode() if name == "content.xml" else data)


def ods_zip_bomb(path: Path) -> Path:
    return ods_with(path, lambda name, data: data.replace(b"<office:body>", b"<office:body>" + b" " * (8 << 20)) if name == "content.xml" else data)


def ods_lying_bomb(path: Path) -> Path:
    members = [(name, data, None) for name, data in seed_ods_members() if name != "content.xml"]
    content = dict(seed_ods_members())["content.xml"].replace(b"<office:body>", b"<office:body>" + b" " * (8 << 20))
    return raw_zip(path, [*members, ("content.xml", content, 4096)])


def truncated_ods(path: Path) -> Path:
    data = SEED_ODS.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def odt_named_ods(path: Path) -> Path:
    return ods_with(path, lambda name, data: b"application/vnd.oasis.opendocument.text" if name == "mimetype" else data)


def encrypted_ods(path: Path) -> Path:
    entry = b'<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>'
    return ods_with(path, lambda name, data: data.replace(b"</manifest:manifest>", entry + b"</manifest:manifest>")
                    if name == "META-INF/manifest.xml" else data)


#: a million rows of 16,384 cells holding a number, in 400 bytes
MILLION_ROWS = content_body(
    '<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" '
    'office:value-type="float" office:value="1"/></table:table-row>'
)
DEEP = content_body("<table:table-row><table:table-cell>" + "<text:span>" * 300 + "</text:span>" * 300 + "</table:table-cell></table:table-row>")

HOSTILE_ODS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "laughs.ods": (entity_bomb, "DOCTYPE"),
    "bomb.ods": (ods_zip_bomb, "compression ratio"),
    "bomb-lying.ods": (ods_lying_bomb, "inflates to more than its declared size"),
    "truncated.ods": (truncated_ods, "zip"),
    "text.ods": (odt_named_ods, "OpenDocument text"),
    "encrypted.ods": (encrypted_ods, "password"),
    "million-rows.ods": (with_content(MILLION_ROWS), "too many cells"),
    "deep.ods": (with_content(DEEP), "nested"),
    "no-content.ods": (lambda path: raw_zip(path, [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", None)]), "content.xml"),
}


def test_the_hostile_spreadsheets_are_small(tmp_path: Path) -> None:
    for name, (build, _) in HOSTILE_ODS.items():
        assert build(tmp_path / name).stat().st_size < 200_000, name


@pytest.mark.parametrize("name", sorted(HOSTILE_ODS))
def test_a_hostile_ods_is_one_d001_quickly(tmp_path: Path, check_path, name: str) -> None:
    build, phrase = HOSTILE_ODS[name]
    path = build(tmp_path / name)
    started = time.monotonic()
    result = check_path(path, "en")
    assert time.monotonic() - started < 10
    assert result.status == "error", result
    [finding] = result.findings
    assert finding.rule == "D001" and phrase in finding.message, finding.message


def test_repeated_rows_and_cells_are_counted_never_expanded_past_the_caps(tmp_path: Path) -> None:
    path = with_content(content_body(
        '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" '
        'office:value-type="float" office:value="504.55"/><table:table-cell table:number-columns-repeated="1000000"/>'
        '</table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="999999999"/>b</text:p>'
        '</table:table-cell></table:table-row>'
    ))(tmp_path / "repeats.ods")
    sheet = read_ods_cells(path).sheets[0]
    assert sorted(sheet.cells) == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2)]
    assert {c.text for c in sheet.cells.values()} == {"504.55"}
    assert sheet.dropped_cells == 1  # the text cell in row 1,048,574
    small = Limits(max_rows=2, max_cols=1)
    capped = read_ods_cells(path, small).sheets[0]
    assert sorted(capped.cells) == [(1, 1), (2, 1)] and capped.dropped_cells == 6 - 2 + 1


def test_text_spaces_are_bounded(tmp_path: Path) -> None:
    path = with_content(content_body(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="999999999"/>b'
        '<office:annotation><text:p>a comment</text:p></office:annotation></text:p><text:p>line 2</text:p>'
        '</table:table-cell></table:table-row>'
    ))(tmp_path / "spaces.ods")
    [cell] = read_ods_cells(path).sheets[0].cells.values()
    assert cell.text == "a" + " " * 1000 + "b\nline 2"


def test_a_refusal_is_never_an_internal_error(tmp_path: Path) -> None:
    """Every builder above, run through the CLI in one folder: D001s, exit 1, never exit 3."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, (build, _) in {**HOSTILE_XLS, **HOSTILE_ODS}.items():
        build(folder / name)
    shutil.copy(SEED_XLS, folder / "good.xls")
    shutil.copy(SEED_ODS, folder / "good.ods")
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "json", "--jobs", "2"], env={"PATH": str(tmp_path)})
    assert result.exit_code == 1, result.output
    results = {Path(r["path"]).name: r for r in json.loads(result.stdout)["results"]}
    assert len(results) == len(HOSTILE_XLS) + len(HOSTILE_ODS) + 2
    for name, found in results.items():
        if name.startswith("good"):
            assert found["status"] == "ok" and {"F001", "B001"} <= {f["rule"] for f in found["findings"]}
        else:
            assert found["status"] == "error" and [f["rule"] for f in found["findings"]] == ["D001"], name


def test_the_xlsx_reader_refusals_are_untouched(tmp_path: Path) -> None:
    """An OLE2 file named .xlsx is still the xlsx reader's (it says to save as .xlsx)."""
    path = tmp_path / "legacy.xlsx"
    shutil.copy(SEED_XLS, path)
    with pytest.raises(Refused) as refused:
        read_workbook_cells(path)
    assert "OLE" in refused.value.reason_en

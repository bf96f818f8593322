"""The hostile-file-safe .xlsx cell reader (auditor.sources.xlsx / zip_guard)."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import quoteattr

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.sources import number_formats, zip_guard
from auditor.sources.grid import Cell
from auditor.sources.refusal import Refused
from auditor.sources.xlsx import read_workbook_cells
from auditor.sources.zip_guard import Limits, open_workbook_zip

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WS_TYPE = REL_NS + "/worksheet"

# --------------------------------------------------------------------------- builders


def sheet_xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'


def sst_xml(items: list[str]) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">' + "".join(items) + "</sst>"


def styles_xml(num_fmts: dict[int, str], xf_fmt_ids: list[int]) -> str:
    fmts = "".join(f"<numFmt numFmtId=\"{i}\" formatCode={quoteattr(code)}/>" for i, code in num_fmts.items())
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for i in xf_fmt_ids)
    return (
        f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="{len(num_fmts)}">{fmts}</numFmts>'
        # cellStyleXfs and dxfs must not be mistaken for cellXfs / numFmts
        '<cellStyleXfs count="1"><xf numFmtId="10"/></cellStyleXfs>'
        f'<cellXfs count="{len(xf_fmt_ids)}">{xfs}</cellXfs>'
        '<dxfs count="1"><dxf><numFmt numFmtId="9" formatCode="0%"/></dxf></dxfs></styleSheet>'
    )


def write_xlsx(
    path: Path,
    sheets: dict[str, str],
    shared: str | None = None,
    styles: str | None = None,
    absolute_targets: bool = False,
    workbook_extra: str = "",
) -> Path:
    """A minimal hand-written workbook: sheet name → worksheet XML."""
    wb_sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f"{workbook_extra}<sheets>{wb_sheets}</sheets></workbook>"
    )
    prefix = "/xl/" if absolute_targets else ""
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{WS_TYPE}" Target="{prefix}worksheets/sheet{i}.xml"/>'
        for i, _ in enumerate(sheets, start=1)
    )
    rels += f'<Relationship Id="rIdS" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    rels += f'<Relationship Id="rIdT" Type="{REL_NS}/styles" Target="styles.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG_REL_NS}">{rels}</Relationships>')
        for i, body in enumerate(sheets.values(), start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", body)
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)
        if styles is not None:
            zf.writestr("xl/styles.xml", styles)
    return path


def deflate(data: bytes) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush()


def raw_zip(path: Path, members: list[dict]) -> Path:
    """A zip written byte by byte, so that sizes, CRCs and flags can lie.

    Each member: name, data (the uncompressed bytes), and optionally method (8/0),
    payload (the compressed bytes to store instead), declared (uncompressed size to
    record), crc, flags.
    """
    out = io.BytesIO()
    central = []
    for m in members:
        name = m["name"].encode()
        data = m["data"]
        method = m.get("method", 8)
        if "payload" in m:
            payload = m["payload"]
        elif method == 8:
            payload = deflate(data)
        else:
            payload = data
        declared = m.get("declared", len(data))
        crc = m.get("crc", zlib.crc32(data))
        flags = m.get("flags", 0)
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0, crc, len(payload), declared, len(name), 0))
        out.write(name)
        out.write(payload)
        central.append(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, method, 0, 0, crc, len(payload), declared,
                        len(name), 0, 0, 0, 0, 0, offset) + name
        )
    cd_offset = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(cd), cd_offset, 0))
    path.write_bytes(out.getvalue())
    return path


def minimal_members(sheet_body: str = '<row r="1"><c r="A1"><v>1</v></c></row>') -> list[dict]:
    return [
        {"name": "xl/workbook.xml", "data": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode()},
        {"name": "xl/_rels/workbook.xml.rels", "data": (
            f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{WS_TYPE}" Target="worksheets/sheet1.xml"/></Relationships>'
        ).encode()},
        {"name": "xl/worksheets/sheet1.xml", "data": sheet_xml(sheet_body).encode()},
    ]


def cells_of(path: Path, sheet: str | None = None, limits: Limits = Limits()) -> dict[str, Cell]:
    wb = read_workbook_cells(path, limits)
    sh = wb.sheets[0] if sheet is None else wb.sheet(sheet)
    assert sh is not None
    return {c.ref: c for c in sh.cells.values()}


def refused(path: Path, limits: Limits = Limits()) -> Refused:
    with pytest.raises(Refused) as info:
        read_workbook_cells(path, limits)
    err = info.value
    assert err.reason_zh and err.reason_en
    return err


@pytest.fixture
def openpyxl_book(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基本信息"
    ws["A1"] = "字段"
    ws["B1"] = "值"
    ws["A2"] = "部门名称"
    ws["B2"] = "贵州省总工会"
    ws["A3"] = "财政拨款合计"
    ws["B3"] = 1114.36
    ws["A4"] = "项目个数"
    ws["B4"] = 3
    ws["C5"] = 0.7
    ws["C5"].number_format = "0.00%"
    ws["C6"] = 0.25
    ws["C6"].number_format = "0%"  # built-in id 9
    ws["D5"] = dt.date(2020, 5, 13)
    ws["D6"] = dt.datetime(2020, 5, 13, 8, 30)
    ws["E5"] = True
    ws["E6"] = False
    ws["F5"] = "=B3*2"  # openpyxl writes no cached value
    ws["G5"] = "１０００　万元"  # full-width digits and space
    ws["H5"] = -42
    ws2 = wb.create_sheet("项目")
    ws2["AA10"] = "远处"
    wb.create_sheet("空表")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


# --------------------------------------------------------------------------- values


def test_openpyxl_workbook_values(openpyxl_book: Path) -> None:
    wb = read_workbook_cells(openpyxl_book)
    assert [s.name for s in wb.sheets] == ["基本信息", "项目", "空表"]
    assert wb.date1904 is False
    cells = {c.ref: c for c in wb.sheets[0].cells.values()}
    assert cells["A1"] == Cell(1, 1, "text", "字段")
    assert cells["B2"].text == "贵州省总工会" and cells["B2"].kind == "text"
    assert cells["B3"] == Cell(3, 2, "number", "1114.36")
    assert cells["B4"] == Cell(4, 2, "number", "3")
    assert cells["H5"].text == "-42"
    assert cells["C5"].kind == "number" and cells["C5"].text == "0.7" and cells["C5"].is_percent
    assert cells["C6"].is_percent and not cells["C6"].is_date
    assert cells["D5"].is_date and not cells["D5"].is_percent and cells["D5"].text == "43964"
    assert cells["D6"].is_date and cells["D6"].text.startswith("43964.35416")
    assert not cells["B3"].is_percent and not cells["B3"].is_date
    assert cells["E5"] == Cell(5, 5, "bool", "TRUE")
    assert cells["E6"] == Cell(6, 5, "bool", "FALSE")
    assert cells["F5"].kind == "empty" and cells["F5"].formula == "B3*2" and cells["F5"].formula_without_cache
    assert cells["G5"].text == "１０００　万元"
    assert wb.sheets[0].dropped_cells == 0
    far = wb.sheet("项目").cells[(10, 27)]
    assert far.ref == "AA10" and far.text == "远处"
    assert wb.sheet("空表").cells == {}


def test_number_literals_kept_verbatim(tmp_path: Path) -> None:
    body = (
        '<row r="1"><c r="A1"><v>504.55</v></c><c r="B1"><v>1E-3</v></c>'
        '<c r="C1"><v>0.30000000000000004</v></c><c r="D1" t="n"><v>-1.5e+10</v></c>'
        '<c r="E1"><v> 7 </v></c><c r="F1"><v>abc</v></c></row>'
    )
    cells = cells_of(write_xlsx(tmp_path / "n.xlsx", {"S": sheet_xml(body)}))
    assert cells["A1"] == Cell(1, 1, "number", "504.55")
    assert cells["B1"].text == "1E-3" and cells["B1"].kind == "number"
    assert cells["C1"].text == "0.30000000000000004"
    assert cells["D1"].text == "-1.5e+10"
    assert cells["E1"] == Cell(1, 5, "number", "7")
    # not a number literal: kept, but as text, so that Decimal() never sees it as a number
    assert cells["F1"] == Cell(1, 6, "text", "abc")


def test_formulas_with_and_without_cache(tmp_path: Path) -> None:
    body = (
        '<row r="1">'
        '<c r="A1"><f>1+1</f><v>2</v></c>'
        '<c r="B1"><f>SUM(A1:A1)</f></c>'
        '<c r="C1"><f>A1*3</f><v></v></c>'
        '<c r="D1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="E1" t="str"><f>""</f><v></v></c>'
        '<c r="F1" t="b"><f>A1&gt;1</f><v>1</v></c>'
        '<c r="G1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="H1"><f t="shared" ref="H1:H2" si="0">A1+1</f><v>3</v></c>'
        '</row><row r="2"><c r="H2"><f t="shared" si="0"/><v>4</v></c></row>'
    )
    cells = cells_of(write_xlsx(tmp_path / "f.xlsx", {"S": sheet_xml(body)}))
    assert cells["A1"] == Cell(1, 1, "number", "2", formula="1+1")
    assert not cells["A1"].formula_without_cache
    assert cells["B1"] == Cell(1, 2, "empty", "", formula="SUM(A1:A1)")
    assert cells["B1"].formula_without_cache
    assert cells["C1"].formula_without_cache and cells["C1"].formula == "A1*3"
    assert cells["D1"] == Cell(1, 4, "text", "ab", formula='"a"&"b"')
    assert cells["E1"] == Cell(1, 5, "text", "", formula='""')
    assert cells["F1"] == Cell(1, 6, "bool", "TRUE", formula="A1>1")
    assert cells["G1"] == Cell(1, 7, "error", "#DIV/0!", formula="1/0")
    assert cells["H1"].formula == "A1+1" and cells["H1"].text == "3"
    assert cells["H2"].formula == "" and cells["H2"].text == "4" and not cells["H2"].formula_without_cache


def test_shared_strings_rich_text_and_phonetic_runs(tmp_path: Path) -> None:
    shared = sst_xml([
        "<si><t>预算数</t></si>",
        '<si><r><rPr><b/></rPr><t>执行</t></r><r><t xml:space="preserve">数 （万元）</t></r></si>',
        "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>カンジ</t></rPh><phoneticPr fontId=\"1\"/></si>",
        "<si><t>line1_x000D_\nline2 _x005F_x0041_</t></si>",
        "<si><t/></si>",
    ])
    body = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
    )
    cells = cells_of(write_xlsx(tmp_path / "s.xlsx", {"S": sheet_xml(body)}, shared=shared))
    assert cells["A1"] == Cell(1, 1, "text", "预算数")
    assert cells["B1"].text == "执行数 （万元）"
    assert cells["C1"].text == "漢字"  # the phonetic reading is not part of the value
    assert cells["D1"].text == "line1\r\nline2 _x0041_"
    assert "E1" not in cells  # an empty string is a blank cell


def test_inline_strings_booleans_errors_and_dates(tmp_path: Path) -> None:
    body = (
        '<row r="3">'
        '<c r="A3" t="inlineStr"><is><t>内联　文字</t></is></c>'
        '<c r="B3" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>x</t></rPh></is></c>'
        '<c r="C3" t="b"><v>0</v></c>'
        '<c r="D3" t="e"><v>#N/A</v></c>'
        '<c r="E3" t="d"><v>2020-05-13T00:00:00Z</v></c>'
        '<c r="F3" s="0"/>'  # formatted, empty: omitted
        '<c r="G3" t="inlineStr"><is><t></t></is></c>'
        "</row>"
    )
    cells = cells_of(write_xlsx(tmp_path / "i.xlsx", {"S": sheet_xml(body)}))
    assert cells["A3"] == Cell(3, 1, "text", "内联　文字")
    assert cells["B3"].text == "富文本"
    assert cells["C3"] == Cell(3, 3, "bool", "FALSE")
    assert cells["D3"] == Cell(3, 4, "error", "#N/A")
    assert cells["E3"].kind == "text" and cells["E3"].is_date and cells["E3"].text == "2020-05-13T00:00:00Z"
    assert set(cells) == {"A3", "B3", "C3", "D3", "E3"}


def test_number_formats_percent_and_date(tmp_path: Path) -> None:
    styles = styles_xml(
        {
            164: "0.0%",
            165: '0.00"%"',  # a quoted % is literal text, not a percentage
            166: 'yyyy"年"m"月"d"日"',
            167: '#,##0.00"万元"',
            168: "[h]:mm:ss",
            169: "0.00E+00",
            170: "[Red]\\-0.00%",
            171: '[$-804]General',
            172: "_(* #,##0_);_(* \\(#,##0\\)",
        },
        [0, 9, 10, 164, 165, 166, 167, 14, 31, 168, 169, 170, 171, 172, 49],
    )
    cols = "ABCDEFGHIJKLMNO"
    body = '<row r="1">' + "".join(f'<c r="{c}1" s="{i}"><v>1</v></c>' for i, c in enumerate(cols)) + "</row>"
    body += '<row r="2"><c r="A2" s="3"><f>B1</f></c><c r="B2" s="3" t="s"><v>0</v></c><c r="C2" s="999"><v>5</v></c></row>'
    shared = sst_xml(["<si><t>50%</t></si>"])
    cells = cells_of(write_xlsx(tmp_path / "fmt.xlsx", {"S": sheet_xml(body)}, shared=shared, styles=styles))
    flags = {c: (cells[f"{c}1"].is_percent, cells[f"{c}1"].is_date) for c in cols}
    assert flags == {
        "A": (False, False),  # General
        "B": (True, False),  # built-in 9
        "C": (True, False),  # built-in 10
        "D": (True, False),
        "E": (False, False),
        "F": (False, True),
        "G": (False, False),
        "H": (False, True),  # built-in 14
        "I": (False, True),  # built-in 31, zh-CN yyyy"年"m"月"d"日"
        "J": (False, True),
        "K": (False, False),
        "L": (True, False),
        "M": (False, False),
        "N": (False, False),
        "O": (False, False),  # built-in 49 = "@"
    }
    assert cells["A2"].formula_without_cache and cells["A2"].is_percent
    assert not cells["B2"].is_percent  # text is never a percentage
    assert not cells["C2"].is_percent  # out-of-range style index is ignored


def test_cells_and_rows_without_r_attribute(tmp_path: Path) -> None:
    body = (
        "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>5</v></c><c><v>6</v></c></row>"
        "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
        "<row r=\"7\"><c/><c><v>9</v></c></row>"
        "<row><c><v>10</v></c></row>"
        # an empty formatted cell with r still anchors the cells after it
        "<row r=\"9\"><c r=\"C9\" s=\"1\"/><c s=\"1\"/><c><v>11</v></c></row>"
    )
    cells = cells_of(write_xlsx(tmp_path / "r.xlsx", {"S": sheet_xml(body)}))
    assert {ref: c.text for ref, c in cells.items()} == {
        "A1": "1", "B1": "2", "E1": "5", "F1": "6", "A2": "x", "B7": "9", "A8": "10", "E9": "11",
    }
    assert cells["F1"].row == 1 and cells["F1"].col == 6


def test_prefixed_elements_and_absolute_targets(tmp_path: Path) -> None:
    body = (
        f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row r="1">'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="C1"><x:v>3.5</x:v></x:c>'
        "</x:row></x:sheetData></x:worksheet>"
    )
    path = write_xlsx(tmp_path / "p.xlsx", {"S1": body, "S2": sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>')},
                      absolute_targets=True, workbook_extra='<workbookPr date1904="1"/>')
    wb = read_workbook_cells(path)
    assert wb.date1904
    assert {c.ref: c.text for c in wb.sheet("S1").cells.values()} == {"B1": "前缀", "C1": "3.5"}
    assert wb.sheet("S2").cells[(2, 1)].text == "1"


def test_sheet_rows_grid(tmp_path: Path) -> None:
    body = '<row r="2"><c r="C2"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>'
    wb = read_workbook_cells(write_xlsx(tmp_path / "g.xlsx", {"S": sheet_xml(body)}))
    sheet = wb.sheets[0]
    assert (sheet.max_row, sheet.max_col) == (3, 3)
    grid = sheet.rows()
    assert grid[0] == [None, None, None]
    assert grid[1][2].text == "1" and grid[2][0].text == "2"


# --------------------------------------------------------------------------- not a workbook


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_text("项目名称,预算数\n培训,100\n", encoding="utf-8")
    err = refused(path)
    assert "CSV" in err.reason_en and "文本" in err.reason_zh


def test_gbk_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes("项目名称,预算数\n培训,100\n".encode("gbk"))
    assert "CSV" in refused(path).reason_en


def test_html_export_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    assert "HTML" in refused(path).reason_en


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    err = refused(path)
    assert "empty" in err.reason_en and "为空" in err.reason_zh


def test_ole_file_is_legacy_xls_or_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    err = refused(path)
    assert ".xls" in err.reason_en and "password" in err.reason_en
    assert "加密" in err.reason_zh


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "nope.xlsx").reason_en
    assert "directory" in refused(tmp_path).reason_en


def test_zip_without_workbook_part(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    assert "xl/workbook.xml" in refused(path).reason_en


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    assert "zip" in refused(path).reason_en


def test_truncated_zip(tmp_path: Path, openpyxl_book: Path) -> None:
    data = openpyxl_book.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 30):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(data[:cut])
        refused(path)


def test_scrambled_central_directory(tmp_path: Path) -> None:
    path = raw_zip(tmp_path / "version.xlsx", minimal_members())
    data = bytearray(path.read_bytes())
    cd = data.index(b"PK\x01\x02")
    data[cd + 6 : cd + 8] = struct.pack("<H", 239)  # "version needed to extract" 23.9
    path.write_bytes(bytes(data))
    assert "damaged or truncated zip" in refused(path).reason_en


def test_bad_crc(tmp_path: Path) -> None:
    members = minimal_members()
    members[2]["crc"] = (zlib.crc32(members[2]["data"]) + 1) & 0xFFFFFFFF
    assert "CRC" in refused(raw_zip(tmp_path / "crc.xlsx", members)).reason_en


def test_corrupt_deflate_stream(tmp_path: Path) -> None:
    path = raw_zip(tmp_path / "ok.xlsx", minimal_members())
    assert read_workbook_cells(path).sheets[0].cells[(1, 1)].text == "1"
    data = bytearray(path.read_bytes())
    # scribble over the compressed worksheet, keeping headers and directory intact
    start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    for i in range(start, start + 20):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    refused(path)


def test_encrypted_members(tmp_path: Path) -> None:
    members = minimal_members()
    members[2]["flags"] = 1
    assert "encrypted" in refused(raw_zip(tmp_path / "enc.xlsx", members)).reason_en


def test_stored_members_are_read(tmp_path: Path) -> None:
    members = [dict(m, method=0) for m in minimal_members()]
    assert read_workbook_cells(raw_zip(tmp_path / "stored.xlsx", members)).sheets[0].cells[(1, 1)].text == "1"


def test_unsupported_compression_method(tmp_path: Path) -> None:
    members = minimal_members()
    members[2]["method"] = 0
    path = raw_zip(tmp_path / "m.xlsx", members)
    data = bytearray(path.read_bytes())
    # rewrite the method of the worksheet (local header and central directory) to bzip2 (12)
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        pos = -1
        while (pos := data.find(sig, pos + 1)) >= 0:
            field = pos + (8 if sig == b"PK\x03\x04" else 10)
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 13] == b"xl/worksheets":
                data[field : field + 2] = struct.pack("<H", 12)
    path.write_bytes(bytes(data))
    assert "compression method" in refused(path).reason_en


# --------------------------------------------------------------------------- zip bombs


def test_file_size_limit(tmp_path: Path, openpyxl_book: Path) -> None:
    size = openpyxl_book.stat().st_size
    err = refused(openpyxl_book, Limits(max_file_bytes=size - 1))
    assert "file size" in err.reason_en
    assert read_workbook_cells(openpyxl_book, Limits(max_file_bytes=size)).sheets


def test_zip_bomb_with_truthful_size_refused_before_inflating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.xlsx"
    members = minimal_members()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for m in members:
            zf.writestr(m["name"], m["data"])
        with zf.open("xl/worksheets/sheet2.xml", "w") as fh:
            chunk = bytes(1 << 20)
            for _ in range(8):
                fh.write(chunk)
    inflated: list[str] = []
    real = zip_guard.WorkbookZip._inflate
    monkeypatch.setattr(zip_guard.WorkbookZip, "_inflate", lambda self, info: inflated.append(info.filename) or real(self, info))
    limits = Limits(max_member_bytes=4 << 20, max_ratio=10**6)
    err = refused(path, limits)
    assert "declared size of part xl/worksheets/sheet2.xml" in err.reason_en
    assert inflated == []  # refused from the central directory alone
    # the same limits on the total
    err = refused(path, Limits(max_total_bytes=4 << 20, max_ratio=10**6))
    assert "declared total size" in err.reason_en
    assert inflated == []


def test_declared_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "ratio.xlsx"
    members = minimal_members() + [{"name": "xl/media/zeros.bin", "data": bytes(2 << 20)}]
    raw_zip(path, members)
    err = refused(path)
    assert "compression ratio" in err.reason_en
    assert read_workbook_cells(path, Limits(max_ratio=10_000)).sheets[0].cells[(1, 1)].text == "1"


def test_declared_size_beyond_limit_is_refused_without_reading_data(tmp_path: Path) -> None:
    # a member claiming 3 GB whose data is garbage: refused on the claim, not on the garbage
    members = minimal_members() + [{"name": "xl/worksheets/sheet9.xml", "data": b"junk", "method": 0,
                                    "declared": 3_000_000_000}]
    err = refused(raw_zip(tmp_path / "claim.xlsx", members))
    assert "declared size" in err.reason_en and "sheet9" in err.reason_en


def test_zip_bomb_with_lying_declared_size(tmp_path: Path) -> None:
    # The worksheet inflates to 8 MiB of spaces but declares 4 KiB; the CRC matches the real
    # content. Inflation must stop right after the declared size.
    body = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (8 << 20))
    members = minimal_members()
    members[2] = {"name": "xl/worksheets/sheet1.xml", "data": body.encode(), "declared": 4096}
    path = raw_zip(tmp_path / "liar.xlsx", members)
    assert path.stat().st_size < 100_000
    err = refused(path)
    assert "inflates to more than its declared size" in err.reason_en
    assert "压缩炸弹" in err.reason_zh


def test_lying_declared_size_of_shared_strings(tmp_path: Path) -> None:
    members = minimal_members()
    members.append({"name": "xl/sharedStrings.xml", "data": b"<sst>" + b"<si><t>a</t></si>" * 100_000 + b"</sst>",
                    "declared": 100})
    assert "declared size" in refused(raw_zip(tmp_path / "liar2.xlsx", members)).reason_en


def test_large_members_are_inflated_in_chunks(tmp_path: Path) -> None:
    # over 1 MiB, members are inflated chunk by chunk: honest ones read, liars are stopped
    body = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (3 << 20)).encode()
    members = minimal_members()
    members[2] = {"name": "xl/worksheets/sheet1.xml", "data": body}
    lax = Limits(max_ratio=10**6)
    assert read_workbook_cells(raw_zip(tmp_path / "big.xlsx", members), lax).sheets[0].cells[(1, 1)].text == "1"
    members[2]["declared"] = 3 << 19  # 1.5 MiB
    err = refused(raw_zip(tmp_path / "bigliar.xlsx", members), lax)
    assert "inflates to more than its declared size of 1.5 MiB" in err.reason_en


@pytest.mark.parametrize("padding", [0, 3 << 20])
def test_truncated_deflate_stream(tmp_path: Path, padding: int) -> None:
    body = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * padding).encode()
    members = minimal_members()
    members[2] = {"name": "xl/worksheets/sheet1.xml", "data": body, "payload": deflate(body)[:-8]}
    err = refused(raw_zip(tmp_path / "cut.xlsx", members), Limits(max_ratio=10**6))
    assert "truncated" in err.reason_en or "deflate error" in err.reason_en


def test_smaller_actual_size_than_declared(tmp_path: Path) -> None:
    members = minimal_members()
    members[2]["declared"] = len(members[2]["data"]) + 10
    assert "declared" in refused(raw_zip(tmp_path / "short.xlsx", members)).reason_en


def test_too_many_members(tmp_path: Path) -> None:
    members = minimal_members() + [{"name": f"xl/junk/{i}.xml", "data": b"x"} for i in range(50)]
    path = raw_zip(tmp_path / "many.xlsx", members)
    assert "too many members" in refused(path, Limits(max_members=20)).reason_en
    assert read_workbook_cells(path).sheets[0].cells


def test_open_workbook_zip_reads_members(tmp_path: Path, openpyxl_book: Path) -> None:
    package = open_workbook_zip(openpyxl_book)
    assert package.has("XL/Workbook.xml")
    assert package.read("xl/workbook.xml").startswith(b"<")
    assert package.read("xl/nothing.xml") is None
    assert "xl/workbook.xml" in package.names()


# --------------------------------------------------------------------------- XML attacks


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def test_billion_laughs_in_shared_strings(tmp_path: Path) -> None:
    shared = BILLION_LAUGHS + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    path = write_xlsx(tmp_path / "lol.xlsx", {"S": sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')}, shared=shared)
    err = refused(path)
    assert "DOCTYPE" in err.reason_en


def test_billion_laughs_in_sheet(tmp_path: Path) -> None:
    body = BILLION_LAUGHS + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    assert "DOCTYPE" in refused(write_xlsx(tmp_path / "lol2.xlsx", {"S": body})).reason_en


def test_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    err = refused(write_xlsx(tmp_path / "xxe.xlsx", {"S": body}))
    assert "TOP-SECRET" not in err.reason_en
    assert "DOCTYPE" in err.reason_en


def test_doctype_in_workbook_part(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dt.xlsx", {"S": sheet_xml("")})
    data = {}
    with zipfile.ZipFile(path) as zf:
        for n in zf.namelist():
            data[n] = zf.read(n)
    data["xl/workbook.xml"] = b'<!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd">' + data["xl/workbook.xml"].split(b"?>", 1)[1]
    with zipfile.ZipFile(path, "w") as zf:
        for n, b in data.items():
            zf.writestr(n, b)
    assert "DOCTYPE" in refused(path).reason_en


def test_undefined_entity_and_malformed_xml(tmp_path: Path) -> None:
    body = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&nope;</t></is></c></row>')
    assert "XML" in refused(write_xlsx(tmp_path / "ent.xlsx", {"S": body})).reason_en
    body = sheet_xml('<row r="1"><c r="A1"><v>1</v></row>')
    err = refused(write_xlsx(tmp_path / "bad.xlsx", {"S": body}))
    assert "not well-formed" in err.reason_en and "sheet1.xml" in err.reason_en


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "<x>" * 1000 + "</x>" * 1000
    err = refused(write_xlsx(tmp_path / "deep.xlsx", {"S": sheet_xml(deep)}))
    assert "nested more than 128" in err.reason_en
    prefixed = "<x:y>" * 1000 + "</x:y>" * 1000
    assert "nested" in refused(write_xlsx(tmp_path / "deep2.xlsx", {"S": sheet_xml(prefixed)})).reason_en
    shared = sst_xml(["<si>" + deep + "</si>"])
    assert "nested" in refused(write_xlsx(tmp_path / "deep3.xlsx", {"S": sheet_xml("")}, shared=shared)).reason_en
    styles = f'<styleSheet xmlns="{MAIN_NS}">' + deep + "</styleSheet>"
    assert "styles.xml" in refused(write_xlsx(tmp_path / "deep4.xlsx", {"S": sheet_xml("")}, styles=styles)).reason_en
    # ordinary nesting depth, prefixed or not, is fine
    ok = '<row r="1"><c r="A1" t="inlineStr"><is><r><t>ok</t></r></is></c></row>'
    assert cells_of(write_xlsx(tmp_path / "ok.xlsx", {"S": sheet_xml(ok)}), limits=Limits(max_xml_depth=8))["A1"].text == "ok"


# --------------------------------------------------------------------------- caps


def test_cell_at_the_last_excel_position_is_dropped(tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>9</v></c></row>'
    path = write_xlsx(tmp_path / "far.xlsx", {"S": sheet_xml(body)})
    assert path.stat().st_size < 3000
    sheet = read_workbook_cells(path).sheets[0]
    assert list(sheet.cells) == [(1, 1)]
    assert sheet.dropped_cells == 1
    assert (sheet.max_row, sheet.max_col) == (1, 1)
    assert len(sheet.rows()) == 1


def test_row_and_column_caps(tmp_path: Path) -> None:
    body = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c><c r="D1"/></row>'
        '<row r="2"><c r="B2"><f>A1</f></c></row><row r="3"><c r="A3"><v>1</v></c></row>'
    )
    sheet = read_workbook_cells(write_xlsx(tmp_path / "cap.xlsx", {"S": sheet_xml(body)}),
                                Limits(max_rows=2, max_cols=2)).sheets[0]
    assert set(sheet.cells) == {(1, 1), (2, 2)}
    assert sheet.dropped_cells == 2  # C1 and A3; the empty D1 is not a cell at all


def test_cell_bomb_over_max_cells(tmp_path: Path) -> None:
    body = "".join(f'<row r="{r}">' + "".join(f"<c><v>{c}</v></c>" for c in range(10)) + "</row>" for r in range(1, 21))
    path = write_xlsx(tmp_path / "cells.xlsx", {"S": sheet_xml(body)})
    assert len(read_workbook_cells(path, Limits(max_cells=200)).sheets[0].cells) == 200
    err = refused(path, Limits(max_cells=199))
    assert "too many cells" in err.reason_en


def test_max_cells_counts_the_whole_workbook(tmp_path: Path) -> None:
    body = '<row r="1">' + "".join(f"<c><v>{c}</v></c>" for c in range(10)) + "</row>"
    path = write_xlsx(tmp_path / "two.xlsx", {"A": sheet_xml(body), "B": sheet_xml(body)})
    assert "too many cells" in refused(path, Limits(max_cells=15)).reason_en


def test_too_many_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sheets.xlsx", {f"S{i}": sheet_xml("") for i in range(5)})
    assert "too many sheets" in refused(path, Limits(max_sheets=4)).reason_en


def test_shared_string_cap(tmp_path: Path) -> None:
    shared = sst_xml(["<si><t>a</t></si>"] * 10)
    path = write_xlsx(tmp_path / "sst.xlsx", {"S": sheet_xml("")}, shared=shared)
    assert "shared-string" in refused(path, Limits(max_shared_strings=9)).reason_en


def test_invalid_cell_references(tmp_path: Path) -> None:
    for ref in ("A0", "1A", "ABCD1", "A12345678", "A", "Ａ1", "A-1"):
        body = sheet_xml(f'<row r="1"><c r="{ref}"><v>1</v></c></row>')
        err = refused(write_xlsx(tmp_path / "ref.xlsx", {"S": body}))
        assert "invalid cell reference" in err.reason_en, ref
    body = sheet_xml('<row r="99999999"><c><v>1</v></c></row>')
    assert "invalid cell reference" in refused(write_xlsx(tmp_path / "row.xlsx", {"S": body})).reason_en


# --------------------------------------------------------------------------- structure


def test_workbook_without_sheets(tmp_path: Path) -> None:
    err = refused(write_xlsx(tmp_path / "nosheets.xlsx", {}))
    assert "no worksheets" in err.reason_en and "没有任何工作表" in err.reason_zh


def test_missing_shared_strings_part(tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>'
    cells = cells_of(write_xlsx(tmp_path / "nosst.xlsx", {"S": sheet_xml(body)}))
    assert {r: c.text for r, c in cells.items()} == {"A1": "1", "B1": "x"}
    body = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    err = refused(write_xlsx(tmp_path / "nosst2.xlsx", {"S": sheet_xml(body)}))
    assert "missing shared string" in err.reason_en and "A1" in err.reason_en


def test_missing_sheet_part_and_relationship(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", {"S": sheet_xml("")})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}

    def rewrite(name: str, drop: str | None = None, replace: tuple[bytes, bytes] | None = None) -> Path:
        out = tmp_path / name
        with zipfile.ZipFile(out, "w") as zf:
            for n, b in parts.items():
                if n == drop:
                    continue
                if replace and replace[0] in b:
                    b = b.replace(*replace)
                zf.writestr(n, b)
        return out

    assert "sheet1.xml" in refused(rewrite("a.xlsx", drop="xl/worksheets/sheet1.xml")).reason_en
    assert "workbook.xml.rels" in refused(rewrite("b.xlsx", drop="xl/_rels/workbook.xml.rels")).reason_en
    assert "missing relationship" in refused(rewrite("c.xlsx", replace=(b'Id="rId1"', b'Id="rIdX"'))).reason_en
    assert "external" in refused(rewrite("d.xlsx", replace=(b'Target="worksheets/sheet1.xml"',
                                                            b'Target="file:///etc/passwd" TargetMode="External"'))).reason_en
    assert "invalid location" in refused(rewrite("e.xlsx", replace=(b'Target="worksheets/sheet1.xml"',
                                                                    b'Target="../../etc/passwd"'))).reason_en


def test_two_sheets_sharing_one_part(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dup.xlsx", {"A": sheet_xml(""), "B": sheet_xml("")})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"sheet2.xml", b"sheet1.xml")
    with zipfile.ZipFile(path, "w") as zf:
        for n, b in parts.items():
            zf.writestr(n, b)
    assert "same part" in refused(path).reason_en


def test_read_only_file_is_read_and_left_unchanged(tmp_path: Path, openpyxl_book: Path) -> None:
    before = openpyxl_book.read_bytes()
    os.utime(openpyxl_book, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    mtime = openpyxl_book.stat().st_mtime_ns
    openpyxl_book.chmod(0o444)
    try:
        wb = read_workbook_cells(openpyxl_book)
        assert wb.sheet("基本信息").cells[(3, 2)].text == "1114.36"
        assert openpyxl_book.read_bytes() == before
        assert openpyxl_book.stat().st_mtime_ns == mtime
        assert stat.S_IMODE(openpyxl_book.stat().st_mode) == 0o444
    finally:
        openpyxl_book.chmod(0o644)


# --------------------------------------------------------------------------- fuzz


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_workbooks_only_ever_raise_unreadable(tmp_path: Path, openpyxl_book: Path, data: st.DataObject) -> None:
    """Flip, cut or splice bytes of a real workbook: the reader returns or refuses, nothing else."""
    original = openpyxl_book.read_bytes()
    blob = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(blob) - 1))
        blob[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        blob = blob[: data.draw(st.integers(0, len(blob)))]
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(blob))
    try:
        read_workbook_cells(path, Limits(max_member_bytes=1 << 20, max_cells=1000))
    except Refused as err:
        assert err.reason_zh and err.reason_en


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(xml=st.text(alphabet=st.sampled_from(list('<>/="&;crvtfis AZ019:!-[]x')), max_size=200))
def test_random_sheet_xml_only_ever_raises_unreadable(tmp_path: Path, xml: str) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"S": f'<worksheet xmlns="{MAIN_NS}"><sheetData>{xml}</sheetData></worksheet>'})
    try:
        read_workbook_cells(path)
    except Refused as err:
        assert err.reason_en


# --------------------------------------------------------------------------- fast paths
#
# Every part is first tried by a fast path (a scanner for <sheetData>/<sst>, regular
# expressions over styles.xml checked by expat) that must return exactly what the expat path
# returns, raise exactly its error, or give up. These tests compare the two on generated
# parts that mix the shapes the fast paths accept with everything they must not accept.

from auditor.sources import xlsx as xc  # noqa: E402
from auditor.sources.grid import Sheet  # noqa: E402

_SHARED = ["s0", "s1_x000D_", "", "s3", "s4"]
_XF_FLAGS = {"1": (True, False), "2": (False, True), "3": (True, True)}
_TIGHT = Limits(max_rows=3, max_cols=3, max_cells=4, max_xml_depth=6, max_shared_strings=3)

_CLEAN_TEXT = ["a", "Z", "中文", "1", "0", ".5", "-", "E3", " ", "\t", "\n", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
               "&#x41;", "&#20013;", "&#13;", "&#10;", "&#x1F600;", "]]", "_x000D_", "_x005F_x0041_", ">", "'", '"', "\u3000",
               "\U0001f600", "\x85", "TRUE", "#N/A"]
_ODD_TEXT = ["\r\n", "\r", "]]>", "\x01", "\ufffe", "&", "&nope;", "<", "&#0;", "&#xD800;", "&#X41;", "&#1;"]


def _texts(clean: bool) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_CLEAN_TEXT if clean else _CLEAN_TEXT + _ODD_TEXT), max_size=4).map("".join)


_NUMS = st.sampled_from(["1", "0", "-1.5", "504.55", "1E-3", "0.30000000000000004", "1e+400", " 7 ", "12abc", "1.",
                         ".5", "+3", "1" * 35, "2", "3", "4", "99", "-1"])


def _pick(draw: st.DrawFn, clean: bool, usual: list, odd: list):
    return draw(st.sampled_from(usual if clean or draw(st.integers(0, 3)) else odd))


def _attrs(draw: st.DrawFn, pairs: list[tuple[str, str]], clean: bool) -> str:
    """Attributes, as the usual writers put them (schema order, double quotes, one space) when clean."""
    if not clean and draw(st.integers(0, 4)) == 0:
        pairs = draw(st.permutations(pairs))
    out = []
    for name, value in pairs:
        quote = "'" if not clean and draw(st.integers(0, 9)) == 0 else '"'
        space = " " if clean else draw(st.sampled_from([" "] * 8 + ["\n", "  "]))
        out.append(f"{space}{name}={quote}{value}{quote}")
    return "".join(out) + ("" if clean else draw(st.sampled_from([""] * 8 + [" ", "\t"])))


@st.composite
def _cells(draw: st.DrawFn, clean: bool) -> str:
    pairs = []
    ref = _pick(draw, clean, ["A1", "B1", "C2", "D3", "AA7", "CW2", "B2", "C3", "XFD1048576"], ["a1", "A0", "A01", "", "ABCD1", None])
    if ref is not None:
        pairs.append(("r", ref))
    for name, usual, odd in (("s", ["0", "1", "2", "3", "99"], ["", "x"]),
                             ("t", ["n", "s", "str", "inlineStr", "b", "e", "d"], ["zz", ""]),
                             ("cm", ["1"], ["1"]), ("vm", ["1"], ["1"]), ("ph", ["1"], ["1"]), ("foo", [], ["1"])):
        if (usual or not clean) and draw(st.integers(0, 2 if name in "st" else 12)) == 0:
            pairs.append((name, _pick(draw, clean, usual, odd) if usual else odd[0]))
    head = "<c" + _attrs(draw, pairs, clean)
    if draw(st.integers(0, 9)) == 0:
        return head + "/>"
    text, num = draw(_texts(clean)), draw(_NUMS)
    usual = [
        f"<f>{text}</f>", "<f/>", '<f t="shared" si="0"/>', f'<f t="shared" ref="A1:A2" si="0">{text}</f>', f'<f ca="1">{text}</f>',
        f"<v>{num}</v>", f"<v>{num}</v>", f"<v>{text}</v>", "<v/>", "<v></v>", f"<is><t>{text}</t></is>",
        f'<is><t xml:space="preserve">{text}</t></is>',
    ]
    odd = [
        '<f si="0" t="shared"/>', f'<v xml:space="preserve">{text}</v>', "<is><t/></is>", "<is/>", "<is></is>",
        f"<is><r><t>{text}</t></r><r><rPr><b/></rPr><t>{text}</t></r></is>", f'<is><t>{text}</t><rPh sb="0" eb="1"><t>{text}</t></rPh></is>',
        "<extLst/>", "<!--c-->", "\n  ",
    ]
    children = draw(st.lists(st.sampled_from(usual if clean else usual + odd), max_size=3))
    order = {"<f": 0, "<v": 1, "<i": 2}
    if clean:
        children = sorted({order.get(child[:2], 3): child for child in children}.items())
        children = [child for _, child in children]
    elif draw(st.integers(0, 5)):
        children.sort(key=lambda child: order.get(child[:2], 3))
    return head + ">" + "".join(children) + "</c>"


@st.composite
def _rows(draw: st.DrawFn, clean: bool) -> str:
    pairs = []
    r = _pick(draw, clean, ["1", "2", "3", "7", "1048576"], [None, "0", "01", "x"])
    if r is not None:
        pairs.append(("r", r))
    for name, value in (("spans", "1:3"), ("s", "1"), ("customFormat", "1"), ("ht", "15"), ("customHeight", "1"),
                        ("x14ac:dyDescent", "0.25"), ("foo", "1")):
        if (name != "foo" or not clean) and draw(st.integers(0, 6)) == 0:
            pairs.append((name, value))
    head = "<row" + _attrs(draw, pairs, clean)
    if draw(st.integers(0, 12)) == 0:
        return head + "/>"
    between = st.sampled_from([""] * 12 + (["\n", "  "] if clean else ["\n", "  ", "<!--x-->", "<?pi x?>", "&#32;", "x"]))
    body = "".join(draw(between) + cell for cell in draw(st.lists(_cells(clean), max_size=4)))
    if not clean and draw(st.integers(0, 30)) == 0:
        body += draw(_rows(clean))  # a row in a row
    return head + ">" + body + "</row>"


@st.composite
def _sheet_parts(draw: st.DrawFn) -> bytes:
    clean = draw(st.booleans())
    prolog = _pick(draw, clean, ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', "", "\ufeff",
                                 "<?xml version='1.0' encoding='utf-8'?>"], [
        "<!-- c -->", '<?xml version="1.0"?><?pi x?>', '<?xml version="1.0" encoding="ISO-8859-1"?>', '<?xml version="1.1"?>',
        '<?xml version="1.0"?><!DOCTYPE worksheet>', "\n"])
    before = _pick(draw, clean, ["", '<dimension ref="A1"/>', '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
                                 '<cols><col min="1" max="1" width="9"/></cols>', "<a><b><cc/></b></a>"], [
        '<extLst><c r="A9"><v>9</v></c></extLst>', '<!-- <sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData> -->',
        '<x:row xmlns:x="urn:x" r="4"/>', "<sheetDataX/>", "&amp;", "<a>" * 130 + "</a>" * 130])
    after = _pick(draw, clean, ["", '<pageMargins left="0.7"/>', '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'], [
        '<x:c xmlns:x="urn:x" r="B9"><x:v>1</x:v></x:c>', "<!--x-->", "<t>x</t>", "<sheetData/>"])
    rows = draw(st.lists(_rows(clean), max_size=5))
    if not clean and draw(st.integers(0, 20)) == 0:
        rows.insert(0, draw(_cells(clean)))  # a cell outside any row
    open_tag = _pick(draw, clean, ["<sheetData>"], ["<sheetData >", "<sheetData/>"])
    sheet_data = open_tag if open_tag.endswith("/>") else open_tag + "\n".join(rows) + "</sheetData>"
    xml = f'{prolog}<worksheet xmlns="{MAIN_NS}">{before}{sheet_data}{after}</worksheet>'
    encoding = _pick(draw, clean, ["utf-8"], ["utf-16", "latin-1"])
    return xml.encode(encoding, "replace") if encoding != "utf-8" else xml.encode("utf-8", "surrogatepass")


def _outcome(read):
    try:
        result = read()
    except Refused as err:
        return ("refused", err.reason_en, err.reason_zh)
    if isinstance(result, Sheet):
        return ("read", result.name, list(result.cells.items()), result.dropped_cells)
    return ("read", result)


def _compare(fast, expat) -> bool:
    """The dispatcher agrees with the expat path, and so does the fast path when it does not give up."""
    reference = _outcome(expat)
    try:
        quick = _outcome(fast)
    except xc._GiveUp:
        return False
    assert quick == reference
    return True


@settings(max_examples=600, deadline=None)
@given(xml=_sheet_parts(), tight=st.booleans(), slice_bytes=st.sampled_from([None, None, 1, 40]))
def test_sheet_scanner_agrees_with_expat(xml: bytes, tight: bool, slice_bytes: int | None) -> None:
    limits = _TIGHT if tight else Limits()
    budget = limits.max_cells
    args = ("S", "xl/worksheets/sheet1.xml", xml, _SHARED, _XF_FLAGS, limits, budget)
    saved = xc._SLICE
    if slice_bytes:
        xc._SLICE = slice_bytes  # scan row by row: state carried from slice to slice
    try:
        _compare(lambda: xc._fast_sheet(*args), lambda: xc._parse_sheet_expat(*args))
        assert _outcome(lambda: xc._parse_sheet(*args)) == _outcome(lambda: xc._parse_sheet_expat(*args))
    finally:
        xc._SLICE = saved


@st.composite
def _sst_parts(draw: st.DrawFn) -> bytes:
    text = _texts(draw(st.booleans()))
    rpr = '<rPr><b/><sz val="11"/><color theme="1" tint="0.5"/><rFont val="宋体"/><family val="2"/><charset val="134"/><scheme val="minor"/></rPr>'
    items = draw(st.lists(st.one_of(
        text.map(lambda t: f"<si><t>{t}</t></si>"),
        text.map(lambda t: f'<si><t xml:space="preserve">{t}</t></si>'),
        text.map(lambda t: f'<si><t>{t}</t><phoneticPr fontId="1" type="noConversion"/></si>'),
        st.tuples(text, text).map(lambda p: f"<si><r><t>{p[0]}</t></r><r>{rpr}<t>{p[1]}</t></r></si>"),
        st.tuples(text, text).map(lambda p: f'<si><t>{p[0]}</t><rPh sb="0" eb="1"><t>{p[1]}</t></rPh></si>'),
        st.sampled_from(["<si><t/></si>", "<si/>", "<si></si>", '<si><r><rPr><color rgb="FF000000" rgb="1"/></rPr><t>x</t></r></si>',
                         "<si><r><rPr><b/></rPr><t>a</t></r><t>b</t></si>", "<!--c-->", "\n", "<si> <t>a</t> </si>",
                         "<si><r><rPr><u val='double'/></rPr><t>u</t></r></si>", "<x:si xmlns:x='urn:x'><x:t>p</x:t></x:si>"]),
    ), max_size=6))
    prolog = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'] * 4 + [
        "", '<?xml version="1.0"?><!-- c -->', '<?xml version="1.0"?><!DOCTYPE sst>', "\ufeff"]))
    start = draw(st.sampled_from([f'<sst xmlns="{MAIN_NS}" count="2" uniqueCount="2">'] * 4 + [
        "<sst>", "<sst count='1' count='2'>", f'<sst xmlns="{MAIN_NS}"><t>stray</t>', "<sst a=\"x>y\">"]))
    return (prolog + start + "".join(items) + "</sst>").encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None)
@given(xml=_sst_parts(), tight=st.booleans(), slice_bytes=st.sampled_from([None, None, 1]))
def test_shared_string_scanner_agrees_with_expat(xml: bytes, tight: bool, slice_bytes: int | None) -> None:
    limits = _TIGHT if tight else Limits()
    saved = xc._SLICE
    if slice_bytes:
        xc._SLICE = slice_bytes
    try:
        _compare(lambda: xc._fast_shared_strings(xml, limits), lambda: xc._parse_shared_strings_expat(xml, limits))
        assert _outcome(lambda: xc._parse_shared_strings(xml, limits)) == _outcome(
            lambda: xc._parse_shared_strings_expat(xml, limits))
    finally:
        xc._SLICE = saved


@st.composite
def _styles_parts(draw: st.DrawFn) -> bytes:
    value = st.sampled_from(["164", "9", " 10 ", "&#49;4", "", "x", "0", "1234567890", "14\n", "165"])
    code = st.sampled_from(["0.0%", "&quot;%&quot;0", "yyyy&quot;年&quot;m", "0&#37;", "a\tb", "a\r\nb", "[Red]0", "&lt;&gt;&amp;&apos;",
                            "#,##0", "@"])
    numfmts = "".join(
        draw(st.sampled_from([f'<numFmt numFmtId="{i}" formatCode="{c}"/>', f"<numFmt formatCode='{c}' numFmtId='{i}' />",
                              f'<numFmt numFmtId="{i}"/>', f'<numFmt formatCode="{c}"/>', f'<x:numFmt numFmtId="{i}" formatCode="{c}"/>']))
        for i, c in draw(st.lists(st.tuples(value, code), max_size=3)))
    xfs = "".join(
        draw(st.sampled_from([f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"/>', f'<xf fontId="0" numFmtId="{i}"/>',
                              "<xf/>", f'<xf numFmtId="{i}"><alignment wrapText="1"/></xf>', f"<xf numFmtId = '{i}' ></xf>"]))
        for i in draw(st.lists(value, max_size=4)))
    parts = [
        draw(st.sampled_from([f'<numFmts count="1">{numfmts}</numFmts>', "<numFmts/>", "", f"<numFmts>{numfmts}</numFmts><numFmts/>"])),
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>',
        '<cellStyleXfs count="1"><xf numFmtId="10"/></cellStyleXfs>',
        draw(st.sampled_from([f'<cellXfs count="1">{xfs}</cellXfs>', "<cellXfs/>", "", f"<cellXfs>{xfs}</cellXfs><cellXfs><xf numFmtId='9'/></cellXfs>",
                              f'<x:cellXfs xmlns:x="urn:x">{xfs}</x:cellXfs>', f'<cellXfs count="1">{xfs}<!--c--></cellXfs>'])),
        '<dxfs count="1"><dxf><numFmt numFmtId="9" formatCode="0%"/></dxf></dxfs>',
    ]
    body = "".join(draw(st.permutations(parts)) if draw(st.integers(0, 5)) == 0 else parts)
    depth = draw(st.sampled_from([0] * 5 + [3, 130]))
    body = "<a>" * depth + body + "</a>" * depth
    prolog = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'] * 3 + [
        "", '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e "x">]>', "\ufeff", '<?xml version="1.0" encoding="UTF-16"?>']))
    return f'{prolog}<styleSheet xmlns="{MAIN_NS}">{body}</styleSheet>'.encode()


@settings(max_examples=300, deadline=None)
@given(xml=_styles_parts(), depth=st.sampled_from([6, 128]))
def test_styles_fast_path_agrees_with_expat(xml: bytes, depth: int) -> None:
    _compare(lambda: xc._fast_styles(xml, depth), lambda: xc._parse_styles_expat(xml, depth))
    assert _outcome(lambda: xc._parse_styles(xml, depth)) == _outcome(
        lambda: _styles_flags(xc._parse_styles_expat(xml, depth)))


def _styles_flags(parsed: tuple[dict[int, str], list[int]]) -> dict[str, tuple[bool, bool]]:
    custom, xf_formats = parsed
    flags = {fid: (number_formats.classify_format(custom[fid]) if fid in custom else (fid in number_formats.BUILTIN_PERCENT, fid in number_formats.BUILTIN_DATE))
             for fid in set(xf_formats)}
    return {str(i): flags[fid] for i, fid in enumerate(xf_formats) if flags[fid] != (False, False)}


def test_the_fast_paths_read_the_bundled_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the fast paths: the usual writers' parts never need the expat path, and
    give what it gives."""
    samples = sorted((Path(__file__).parent.parent / "sample_submissions").glob("*.xlsx"))
    assert samples

    def give_up(*_args: object) -> None:
        raise xc._GiveUp

    def refuse(*_args: object) -> None:
        raise AssertionError("expat path used")

    with monkeypatch.context() as patch:
        for name in ("_fast_sheet", "_fast_styles", "_fast_shared_strings"):
            patch.setattr(xc, name, give_up)
        expected = [read_workbook_cells(path) for path in samples]
    for name in ("_parse_sheet_expat", "_parse_styles_expat", "_parse_shared_strings_expat"):
        monkeypatch.setattr(xc, name, refuse)
    assert [read_workbook_cells(path) for path in samples] == expected


def test_excel_shapes_take_the_fast_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared strings, shared formulas, rich text and Excel's row attributes as Excel writes them."""
    shared = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" count="3" uniqueCount="3">'
        '<si><t>项目名称</t><phoneticPr fontId="1" type="noConversion"/></si>'
        '<si><r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="宋体"/><family val="3"/><charset val="134"/>'
        '<scheme val="minor"/></rPr><t>执行</t></r><r><t xml:space="preserve">数 </t></r></si>'
        '<si><t xml:space="preserve"> 合计 </t></si></sst>'
    )
    body = (
        '<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2" spans="1:3" ht="20.25" customHeight="1" x14ac:dyDescent="0.25"><c r="A2"><v>504.55</v></c>'
        '<c r="B2"><f t="shared" ref="B2:B3" si="0">A2*2</f><v>1009.1</v></c><c r="C2" s="1"/></row>'
        '<row r="3" spans="1:3" x14ac:dyDescent="0.25"><c r="A3"><v>1</v></c><c r="B3"><f t="shared" si="0"/><v>2</v></c>'
        '<c r="C3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
    )
    path = write_xlsx(tmp_path / "excel.xlsx", {"S": sheet_xml(body)}, shared=shared, styles=styles_xml({}, [0, 9]))
    for name in ("_parse_sheet_expat", "_parse_styles_expat", "_parse_shared_strings_expat"):
        monkeypatch.setattr(xc, name, lambda *_args: pytest.fail("expat path used"))
    cells = cells_of(path)
    assert [cells[r].text for r in ("A1", "B1", "C1")] == ["项目名称", "执行数 ", " 合计 "]
    assert cells["A2"] == Cell(2, 1, "number", "504.55")
    assert cells["B2"] == Cell(2, 2, "number", "1009.1", formula="A2*2")
    assert cells["B3"] == Cell(3, 2, "number", "2", formula="")
    assert cells["C3"] == Cell(3, 3, "text", "ab", formula='"a"&"b"')
    assert "C2" not in cells


# --------------------------------------------------------------------------- prologs the fast paths must not be fooled by

_LOL = BILLION_LAUGHS.split("?>", 1)[1]  # the DOCTYPE with its entities, without the declaration


@pytest.mark.parametrize("prolog", [
    '<?xml version="1.0"?><!-- a comment -->' + _LOL,
    '<?xml version="1.0"?><?some-pi data?>' + _LOL,
    "<!-- a comment -->" + _LOL,
    '<?xml version="1.0"?>\n\n' + _LOL,
])
@pytest.mark.parametrize("part", ["sheet", "shared", "styles"])
def test_doctype_after_comment_or_pi_is_refused(tmp_path: Path, prolog: str, part: str) -> None:
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>1</v></c></row>')
    shared = sst_xml(["<si><t>x</t></si>"])
    styles = styles_xml({}, [0, 9])
    entity_sheet = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    if part == "sheet":
        sheet = prolog + entity_sheet
    elif part == "shared":
        shared = prolog + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    else:
        styles = prolog + styles.replace('formatCode="0%"', 'formatCode="&lol9;"')
    err = refused(write_xlsx(tmp_path / "lol.xlsx", {"S": sheet}, shared=shared, styles=styles))
    assert "DOCTYPE" in err.reason_en


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("part", ["sheet", "shared", "styles"])
def test_utf16_parts(tmp_path: Path, encoding: str, part: str) -> None:
    """UTF-16 parts (with a BOM, or declared) are read as expat reads them; a DOCTYPE in one is refused."""
    texts = {
        "sheet": f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.5</v></c>'
                 '<c r="C1" t="inlineStr"><is><t>中</t></is></c></row></sheetData></worksheet>',
        "shared": f'<sst xmlns="{MAIN_NS}"><si><t>共享</t></si></sst>',
        "styles": styles_xml({164: "0.0%"}, [0, 164]),
    }

    def build(name: str, doctype: bool) -> Path:
        members = {"sheet": texts["sheet"].encode(), "shared": texts["shared"].encode(), "styles": texts["styles"].encode()}
        text = texts[part]
        if doctype:
            text = _LOL + text.replace("共享", "&lol9;").replace("中", "&lol9;").replace("0.0%", "&lol9;")
        text = '<?xml version="1.0" encoding="UTF-16"?>' + text
        members[part] = text.encode(encoding) if encoding == "utf-16" else ("\ufeff" + text).encode(encoding)
        path = write_xlsx(tmp_path / name, {"S": "x"}, shared="x", styles="x")
        with zipfile.ZipFile(path) as zf:
            raw = {n: zf.read(n) for n in zf.namelist()}
        raw.update({"xl/worksheets/sheet1.xml": members["sheet"], "xl/sharedStrings.xml": members["shared"],
                    "xl/styles.xml": members["styles"]})
        with zipfile.ZipFile(path, "w") as zf:
            for n, b in raw.items():
                zf.writestr(n, b)
        return path

    cells = cells_of(build("ok.xlsx", doctype=False))
    assert cells["A1"].text == "共享" and cells["C1"].text == "中"
    assert cells["B1"] == Cell(1, 2, "number", "0.5", is_percent=True)
    assert "DOCTYPE" in refused(build("lol.xlsx", doctype=True)).reason_en


def test_latin1_declared_part_is_read_as_expat_reads_it(tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>café</t></is></c></row>'
    xml = f'<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'
    path = write_xlsx(tmp_path / "latin1.xlsx", {"S": "x"})
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = xml.encode("latin-1")
    with zipfile.ZipFile(path, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    assert cells_of(path)["A1"].text == "café"


def test_cell_in_a_comment_before_sheet_data_is_not_read(tmp_path: Path) -> None:
    decoy = '<!--<sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData>-->'
    xml = f'<worksheet xmlns="{MAIN_NS}">{decoy}<sheetData><row r="2"><c r="B2"><v>7</v></c></row></sheetData></worksheet>'
    assert {r: c.text for r, c in cells_of(write_xlsx(tmp_path / "decoy.xlsx", {"S": xml})).items()} == {"B2": "7"}


def test_huge_region_without_row_ends_is_left_to_expat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xc, "_SLICE", 64)
    monkeypatch.setattr(xc, "_MAX_SLICE", 256)
    one_row = '<row r="1">' + "".join(f'<c r="{xc.column_letter(i)}1"><v>{i}</v></c>' for i in range(1, 60)) + "</row>"
    two_rows = '<row r="1"><c r="A1"><v>1</v></c></row>' * 30
    for body in (one_row, two_rows):
        xml = sheet_xml(body).encode()
        args = ("S", "p", xml, [], {}, Limits(), 1000)
        expected = xc._parse_sheet_expat(*args)
        assert xc._parse_sheet(*args).cells == expected.cells
    with pytest.raises(xc._GiveUp):
        xc._fast_sheet("S", "p", sheet_xml(one_row).encode(), [], {}, Limits(), 1000)
    assert len(xc._fast_sheet("S", "p", sheet_xml(two_rows).encode(), [], {}, Limits(), 1000).cells) == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_plain_central_directory_agrees_with_zipfile(openpyxl_book: Path, data: st.DataObject) -> None:
    """zip_guard reads plain central directories itself: the same entries as zipfile, or it defers to zipfile."""
    blob = bytearray(openpyxl_book.read_bytes())
    assert zip_guard._plain_directory(bytes(blob)) is not None, "an undisturbed workbook's directory is read, not deferred"
    directory = blob.index(b"PK\x01\x02")
    for _ in range(data.draw(st.integers(0, 4))):
        blob[data.draw(st.integers(directory, len(blob) - 1))] = data.draw(st.integers(0, 255))
    members = zip_guard._plain_directory(bytes(blob))
    if members is None:
        return
    infos = zipfile.ZipFile(io.BytesIO(bytes(blob))).infolist()
    fields = ("filename", "flag_bits", "compress_type", "CRC", "compress_size", "file_size", "header_offset")
    assert [[getattr(m, f) for f in fields] for m in members] == [[getattr(i, f) for f in fields] for i in infos]


def test_archives_zipfile_must_read_are_left_to_it(tmp_path: Path) -> None:
    plain = raw_zip(tmp_path / "plain.xlsx", minimal_members()).read_bytes()
    assert zip_guard._plain_directory(plain) is not None
    assert zip_guard._plain_directory(plain[:-2] + b"\x01\x00x") is None  # an archive comment
    assert zip_guard._plain_directory(b"junk" + plain) is None  # data before the archive

    def with_extra(kind: int, payload: bytes) -> bytes:
        info = zipfile.ZipInfo("xl/workbook.xml")
        info.extra = struct.pack("<2H", kind, len(payload)) + payload
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(info, "<workbook/>")
        return buf.getvalue()

    timestamp = with_extra(0x5455, b"\x01\x00\x00\x00\x00")  # read as zipfile reads it
    assert [m.filename for m in zip_guard._plain_directory(timestamp)] == ["xl/workbook.xml"]
    unicode_path = with_extra(0x7075, b"\x01" + struct.pack("<L", zlib.crc32(b"xl/workbook.xml")) + "工作簿.xml".encode())
    assert zip_guard._plain_directory(unicode_path) is None  # Python 3.12's zipfile renames the member

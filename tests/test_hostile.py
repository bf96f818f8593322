"""Hostile and broken files through ``auditor check`` and ``check_file``: a result for each, never a crash or a hang.

Each hostile file is built from the seed sample (so that everything but the attack is a
real submission) or from nothing at all; sizes are modest, the limits of
``auditor.sources.zip_guard`` do the rest.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.catalogue.rule_files import Catalogue
from auditor.cli import app
from auditor.engine.durable_adapter import engine_for
from auditor.model import FileResult
from auditor.run.pipeline import check_file

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "sample_submissions" / "guizhou-federation-2019.xlsx"
PROJECTS_PART = "xl/worksheets/sheet2.xml"  # the seed's 项目 sheet (基本信息 is sheet1)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BOMB_PADDING = 8 << 20  # 8 MiB of blanks: deflates to a few KiB

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    + "]>"
    + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
)


# --- builders ------------------------------------------------------------------------------


def seed_members() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(SEED) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def rezip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def seed_with(path: Path, change: Callable[[str, bytes], bytes], extra: list[tuple[str, bytes]] = ()) -> Path:  # type: ignore[assignment]
    members = [(name, change(name, data)) for name, data in seed_members()]
    assert PROJECTS_PART in dict(members)
    return rezip(path, [*members, *extra])


def raw_zip(path: Path, members: list[tuple[str, bytes, int | None]]) -> Path:
    """A zip written byte by byte, so that a member can declare a size it does not have."""
    out = io.BytesIO()
    central = []
    for name, data, declared in members:
        encoded = name.encode()
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        payload = compressor.compress(data) + compressor.flush()
        size = len(data) if declared is None else declared
        crc = zlib.crc32(data)
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(payload), size, len(encoded), 0))
        out.write(encoded + payload)
        central.append(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(payload), size, len(encoded), 0, 0, 0, 0, 0, offset)
            + encoded
        )
    directory = b"".join(central)
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    path.write_bytes(out.getvalue())
    return path


def padded_projects_sheet(name: str, data: bytes) -> bytes:
    if name != PROJECTS_PART:
        return data
    return data.replace(b"</worksheet>", b" " * BOMB_PADDING + b"</worksheet>")


def zip_bomb(path: Path) -> Path:
    """Truthful sizes: the 项目 sheet inflates to 8 MiB from a few KiB (ratio ~1000:1)."""
    return seed_with(path, padded_projects_sheet)


def lying_zip_bomb(path: Path) -> Path:
    """The 项目 sheet declares its honest size but inflates to 8 MiB more (the CRC matches the bomb)."""
    members = []
    for name, data in seed_members():
        bomb = padded_projects_sheet(name, data)
        members.append((name, bomb, len(data) if bomb is not data else None))
    return raw_zip(path, members)


def huge_declared_size(path: Path) -> Path:
    """A member claiming 3 GB: refused on the claim, before any byte is inflated."""
    members: list[tuple[str, bytes, int | None]] = [(name, data, None) for name, data in seed_members()]
    members.append(("xl/worksheets/sheet9.xml", b"junk", 3_000_000_000))
    return raw_zip(path, members)


def billion_laughs(path: Path) -> Path:
    return seed_with(path, lambda name, data: data, extra=[("xl/sharedStrings.xml", BILLION_LAUGHS.encode())])


def far_cell(path: Path) -> Path:
    """The seed with one more cell, at the very last position a sheet has (XFD1048576)."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>9</v></c></row></sheetData>'
    return seed_with(path, lambda name, data: data.replace(b"</sheetData>", far) if name == PROJECTS_PART else data)


def corrupt_zip(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    return path


def truncated_zip(path: Path) -> Path:
    data = SEED.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def renamed_csv(path: Path) -> Path:
    path.write_text("项目名称,预算数,执行数\n送温暖资金,1000,1000\n", encoding="utf-8")
    return path


def ole2_file(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return path


def unknown_encoding(path: Path) -> Path:
    """An XML part declaring an encoding Python has no codec for (expat asked Python, which
    raised LookupError: an internal error until the XML guard refused it; found by fuzzing)."""
    def declare(name: str, data: bytes) -> bytes:
        if name != "xl/_rels/workbook.xml.rels":
            return data
        return b'<?xml version="1.0" encoding="bogus"?>' + data.split(b"?>", 1)[-1]

    return seed_with(path, declare)


#: file name -> (builder, a phrase the English D001 message must contain)
UNREADABLE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "bomb.xlsx": (zip_bomb, "compression ratio"),
    "bomb-lying.xlsx": (lying_zip_bomb, "inflates to more than its declared size"),
    "bomb-claim.xlsx": (huge_declared_size, "declared size"),
    "laughs.xlsx": (billion_laughs, "DOCTYPE"),
    "corrupt.xlsx": (corrupt_zip, "zip"),
    "truncated.xlsx": (truncated_zip, "zip"),
    "empty.xlsx": (empty_file, "empty"),
    "data-csv.xlsx": (renamed_csv, "CSV"),
    "legacy-ole.xlsx": (ole2_file, "OLE"),
    "encoding-bogus.xlsx": (unknown_encoding, "character encoding that is not known"),
}


@pytest.fixture(scope="module")
def check_path(catalogue: Catalogue) -> Callable[..., FileResult]:
    engine = engine_for(catalogue)
    return lambda path, lang="zh": check_file(path, catalogue, engine, lang)


def run_json(*args: object) -> tuple[dict, int]:
    result = CliRunner().invoke(app, ["check", *map(str, args), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout), result.exit_code


def comparable(result: FileResult) -> list[dict]:
    return [finding.model_dump() for finding in result.findings]


# --- one file at a time --------------------------------------------------------------------


def test_the_hostile_files_are_small(tmp_path: Path) -> None:
    for name, (build, _) in UNREADABLE.items():
        assert build(tmp_path / name).stat().st_size < 200_000, name


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_an_unreadable_file_gives_one_d001_result(tmp_path: Path, check_path, name: str) -> None:
    build, phrase = UNREADABLE[name]
    path = build(tmp_path / name)
    before = path.read_bytes()
    result = check_path(path, "en")
    assert result.status == "error"
    [finding] = result.findings
    assert finding.rule == "D001" and finding.severity == "error"
    assert phrase in finding.message, finding.message
    assert finding.locations == [name]
    assert path.read_bytes() == before
    zh = check_path(path)
    assert zh.status == "error" and [f.rule for f in zh.findings] == ["D001"]
    document, exit_code = run_json(path)
    assert exit_code == 1
    [reported] = document["results"]
    assert reported["status"] == "error" and [f["rule"] for f in reported["findings"]] == ["D001"]
    assert reported["path"] == str(path)


def test_a_cell_at_xfd1048576_does_not_stop_the_rest_being_checked(tmp_path: Path, check_path) -> None:
    path = far_cell(tmp_path / "far.xlsx")
    assert path.stat().st_size < 200_000
    result = check_path(path)
    assert result.status == "ok"
    assert (result.department, result.year) == ("贵州省总工会", 2019)
    assert comparable(result) == comparable(check_path(SEED))
    assert [f.project for f in result.findings if f.rule == "F001"] == ["送温暖资金"]


# --- a batch of them -----------------------------------------------------------------------


def test_a_folder_of_hostile_files_is_checked_to_the_end(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, (build, _) in UNREADABLE.items():
        build(folder / name)
    far_cell(folder / "far-cell.xlsx")
    shutil.copy(SEED, folder / "good-seed.xlsx")
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == len(UNREADABLE) + 2
    document, exit_code = run_json(folder)
    assert exit_code == 1
    results = document["results"]
    assert [Path(r["path"]).name for r in results] == names
    for result in results:
        name = Path(result["path"]).name
        if name in UNREADABLE:
            assert result["status"] == "error", name
            assert [f["rule"] for f in result["findings"]] == ["D001"], name
        else:
            assert result["status"] == "ok", name
            assert result["department"] == "贵州省总工会"
            assert {"F001", "B001"} <= {f["rule"] for f in result["findings"]}
    by_name = {Path(r["path"]).name: r["findings"] for r in results}
    assert by_name["far-cell.xlsx"] == by_name["good-seed.xlsx"]


# --- values no budget holds (found by fuzzing) ----------------------------------------------------

NATIONAL = REPO / "sample_submissions" / "national-sichuan.xlsx"
NATIONAL_INDICATORS = "xl/worksheets/sheet2.xml"  # 农村人居环境整治专项: I22 is an indicator's 分值

#: (what, the workbook, its part, the cell as written, the cell as changed, the cell D003 names).
#: Each made check_file fail (an internal error) before the readers kept values in the range
#: the rules compute in exactly (auditor/readers/value_ranges.py).
OUT_OF_RANGE = {
    "a budget under half a fen (ZeroDivisionError in the execution rate)": (
        SEED, PROJECTS_PART, b'<c r="B4" t="n"><v>1000</v></c>', b'<c r="B4" t="n"><v>1E-300</v></c>', "项目!B4"),
    "an indicator weight of 10^15 points (EngineError: past the engine's exact integers)": (
        NATIONAL, NATIONAL_INDICATORS, b'<c r="I22" s="9" t="n"><v>10</v></c>', b'<c r="I22" s="9" t="n"><v>1E+15</v></c>',
        "农村人居环境整治专项!I22"),
    "an amount typed as 1e99999999 (decimal.Overflow)": (
        SEED, PROJECTS_PART, b'<c r="B4" t="n"><v>1000</v></c>',
        b'<c r="B4" t="inlineStr"><is><t>1e99999999</t></is></c>', "项目!B4"),
    "a project count of 5,000 digits typed as text (ValueError: too long for int())": (
        SEED, "xl/worksheets/sheet1.xml", b'<c r="B9" t="n"><v>3</v></c>',
        b'<c r="B9" t="inlineStr"><is><t>' + b"1" * 5000 + b"</t></is></c>", "基本信息!B9"),
}


@pytest.mark.parametrize("what", sorted(OUT_OF_RANGE))
def test_a_value_no_budget_holds_is_a_bad_value_not_a_failure(tmp_path: Path, check_path, what: str) -> None:
    workbook, part, written, changed, cell = OUT_OF_RANGE[what]
    with zipfile.ZipFile(workbook) as archive:
        members = [(name, archive.read(name)) for name in archive.namelist()]
    assert written in dict(members)[part]
    path = rezip(tmp_path / "changed.xlsx", [(name, data.replace(written, changed) if name == part else data)
                                             for name, data in members])
    result = check_path(path)
    assert result.status == "ok", result.findings
    assert [f.locations for f in result.findings if f.rule == "D003"] == [[cell]]

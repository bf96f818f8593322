"""Word 97 .doc, WPS .wps and unreadable .et through LibreOffice; without it, D001 saying how to save the file.

The real conversions run LibreOffice (``.ci/run`` installs it). What LibreOffice is
given — a private copy, a fresh profile with macros off, a time limit — is checked with
a stand-in ``soffice`` on ``PATH`` that records its arguments and the profile it was
handed. "LibreOffice is not installed" is a ``PATH`` without it, not a skipped test.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.model import FileResult
from auditor.readers.office_conversion import CONVERTED_NOTE
from auditor.run.pipeline import check_file
from auditor.sources import libreoffice
from auditor.sources.refusal import Refused
from auditor.sources.xls import NotBiffWorkbook
from tests.compound_files import CompoundFile
from tests.conftest import SAMPLES

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SEED_DOC = FORMATS / "guizhou-federation-2019-report.doc"
SEED_DOCX = SAMPLES / "guizhou-federation-2019-report.docx"
SEED_XLSX = FORMATS / "xlsx" / "guizhou-federation-2019.xlsx"
SEED_ET = FORMATS / "guizhou-federation-2019.et"


@pytest.fixture(scope="module")
def check_path(catalogue: Catalogue) -> Callable[..., FileResult]:
    engine = engine_for(catalogue)
    return lambda path, lang="zh": check_file(path, catalogue, engine, lang)


def seed_projects(result: FileResult) -> set[str]:
    return {f.rule for f in result.findings if f.project == "送温暖资金"}


@pytest.fixture
def xlrd_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    """An .et whose BIFF xlrd cannot read (as a WPS-only record would make it)."""

    def refuse(*_args: object) -> None:
        raise NotBiffWorkbook("无法解析其 BIFF 记录。", "its BIFF records cannot be parsed.", compound_file=True)

    monkeypatch.setattr("auditor.sources.xls.xls_cells", refuse)


# --------------------------------------------------------------------------- with LibreOffice


def test_libreoffice_is_installed_for_these_tests() -> None:
    assert libreoffice.soffice() is not None, "install LibreOffice (.ci/run does): apt-get install libreoffice-writer libreoffice-calc"


def test_a_word_97_report_gets_the_findings_of_its_docx(check_path, tmp_path: Path) -> None:
    path = tmp_path / "贵州省总工会 自评报告.doc"
    shutil.copy(SEED_DOC, path)
    result = check_path(path)
    original = check_path(SEED_DOCX)
    assert result.status == "ok" and result.path == str(path)
    assert {"F001", "B001"} <= seed_projects(result)
    assert result.findings == original.findings
    assert result.notes[0].startswith(CONVERTED_NOTE) and "Word 97-2003" in result.notes[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no lock file, no output beside it


def test_a_wps_writer_file_is_read_the_same_way(check_path, tmp_path: Path) -> None:
    path = tmp_path / "report.wps"
    shutil.copy(SEED_DOC, path)
    result = check_path(path)
    assert {"F001", "B001"} <= seed_projects(result)
    assert result.findings == check_path(SEED_DOCX).findings
    assert "WPS 文字" in result.notes[0]


def test_an_et_xlrd_cannot_read_is_converted_and_read_as_xlsx(check_path, xlrd_cannot, tmp_path: Path) -> None:
    path = tmp_path / "自评表.et"
    shutil.copy(SEED_ET, path)
    result = check_path(path)
    original = check_path(SEED_XLSX)
    assert result.findings == original.findings
    assert result.notes[0].startswith(CONVERTED_NOTE) and "WPS 表格" in result.notes[0]
    assert result.notes[1:] == original.notes


def test_what_libreoffice_cannot_convert_is_d001(check_path, tmp_path: Path) -> None:
    """A sound OLE2 file with no document in it: LibreOffice is tried, and says no."""
    path = tmp_path / "empty.wps"
    path.write_bytes(CompoundFile({"Contents": bytes(5000)}).to_bytes())
    result = check_path(path, "en")
    [finding] = result.findings
    assert finding.rule == "D001" and "LibreOffice" in finding.message


# --------------------------------------------------------------------------- without LibreOffice


@pytest.mark.parametrize("name, advice", [
    ("report.doc", "请在 Word 或 WPS 中另存为 .docx 后再提交"),
    ("report.wps", "请在 WPS 中另存为 .docx 后再提交"),
])
def test_without_libreoffice_a_document_says_how_to_save_it(check_path, monkeypatch, tmp_path: Path, name: str, advice: str) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert libreoffice.soffice() is None
    path = tmp_path / name
    shutil.copy(SEED_DOC, path)
    [finding] = check_path(path).findings
    assert finding.rule == "D001"
    assert "本机没有安装 LibreOffice" in finding.message and advice in finding.message
    [english] = check_path(path, "en").findings
    assert "LibreOffice is not installed" in english.message and "save it as .docx" in english.message


def test_without_libreoffice_an_et_xlrd_cannot_read_says_how_to_save_it(check_path, xlrd_cannot, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "自评表.et"
    shutil.copy(SEED_ET, path)
    [finding] = check_path(path).findings
    assert finding.rule == "D001" and "本机没有安装 LibreOffice" in finding.message and "请在 WPS 中另存为 .xlsx 后再提交" in finding.message


def test_without_libreoffice_the_rest_is_read_as_before(check_path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    for path in (SEED_ET, FORMATS / "xls" / "guizhou-federation-2019.xls", FORMATS / "ods" / "guizhou-federation-2019.ods", SEED_DOCX):
        assert {"F001", "B001"} <= seed_projects(check_path(path)), path


# --------------------------------------------------------------------------- what LibreOffice is given

FAKE_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice: records what it was given, then "converts" by copying $FAKE_RESULT.
log="$FAKE_LOG"
printf '%s\\n' "$@" > "$log/args"
for arg in "$@"; do
  case "$arg" in
    -env:UserInstallation=file://*) profile="${arg#-env:UserInstallation=file://}";;
  esac
done
cp "$profile/user/registrymodifications.xcu" "$log/profile.xcu"
pwd > "$log/cwd"
echo "$HOME" > "$log/home"
echo $$ > "$log/pid"
if [ -n "$FAKE_HANG" ]; then sleep 1000; fi
outdir=""; previous=""
for arg in "$@"; do
  if [ "$previous" = "--outdir" ]; then outdir="$arg"; fi
  previous="$arg"; last="$arg"
done
ls -l "$last" > "$log/input"
[ -n "$FAKE_RESULT" ] && cp "$FAKE_RESULT" "$outdir/input.docx"
exit 0
"""


@pytest.fixture
def fake_soffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A stand-in ``soffice`` first on ``PATH``; its records land in the returned folder."""
    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    bin_dir.mkdir()
    log.mkdir()
    program = bin_dir / "soffice"
    program.write_text(FAKE_SOFFICE)
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_RESULT", str(SEED_DOCX))
    return log


def test_libreoffice_gets_a_private_copy_a_fresh_profile_with_macros_off_and_no_window(check_path, fake_soffice: Path, tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    path = folder / "--convert-to pdf.doc"  # a name that would be an option, were it passed on
    shutil.copy(SEED_DOC, path)
    result = check_path(path)
    assert {"F001", "B001"} <= seed_projects(result) and result.notes[0].startswith(CONVERTED_NOTE)
    args = (fake_soffice / "args").read_text().splitlines()
    assert {"--headless", "--norestore", "--nolockcheck"} <= set(args)
    assert args[args.index("--convert-to") + 1] == "docx"
    private = Path(args[-1]).parent
    assert args[-1].endswith("/input.doc") and private.name.startswith("auditor-soffice-")
    assert (fake_soffice / "cwd").read_text().strip() == str(private) == (fake_soffice / "home").read_text().strip()
    assert not private.exists()  # removed afterwards
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # the original alone, untouched
    assert path.read_bytes() == SEED_DOC.read_bytes()
    profile = (fake_soffice / "profile.xcu").read_text()
    for setting in (
        '"DisableMacrosExecution" oor:op="fuse"><value>true',
        '"MacroSecurityLevel" oor:op="fuse"><value>3',
        'Calc/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false',
        'Writer/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false',
        'Writer/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>false',
    ):
        assert setting in profile, setting


def test_a_conversion_that_hangs_is_stopped_and_its_processes_killed(fake_soffice: Path, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_HANG", "1")
    started = time.monotonic()
    with pytest.raises(Refused) as refused:
        with libreoffice.converted(SEED_DOC.read_bytes(), ".doc", "docx", seconds=1):
            pass  # pragma: no cover - never reached
    assert time.monotonic() - started < 10
    assert "longer than 1 s" in refused.value.reason_en
    pid = int((fake_soffice / "pid").read_text())
    assert not alive(pid)


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting to be reaped does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_a_conversion_without_output_is_d001(fake_soffice: Path, monkeypatch) -> None:
    monkeypatch.delenv("FAKE_RESULT")
    with pytest.raises(Refused) as refused:
        with libreoffice.converted(SEED_DOC.read_bytes(), ".doc", "docx"):
            pass  # pragma: no cover - never reached
    assert "could not convert" in refused.value.reason_en


def damaged_ole2(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def web_page(path: Path) -> Path:
    path.write_text("<html><body><p>关于2019年度项目支出绩效自评的报告</p></body></html>", encoding="utf-8")
    return path


def workbook_as_doc(path: Path) -> Path:
    shutil.copy(FORMATS / "xls" / "guizhou-federation-2019.xls", path)
    return path


def encrypted_doc(path: Path) -> Path:
    path.write_bytes(CompoundFile({"EncryptedPackage": bytes(5000), "EncryptionInfo": bytes(200)}).to_bytes())
    return path


@pytest.mark.parametrize("build, phrase", [
    (damaged_ole2, "damaged"),
    (workbook_as_doc, "Excel workbook"),
    (encrypted_doc, "password"),
], ids=["damaged", "workbook", "encrypted"])
def test_what_is_not_a_sound_word_file_never_reaches_libreoffice(check_path, fake_soffice: Path, tmp_path: Path, build, phrase: str) -> None:  # type: ignore[no-untyped-def]
    path = build(tmp_path / "report.doc")
    [finding] = check_path(path, "en").findings
    assert finding.rule == "D001" and phrase in finding.message, finding.message
    assert not (fake_soffice / "args").exists()


def test_a_web_page_named_doc_is_read_as_a_page_never_by_libreoffice(check_path, fake_soffice: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = web_page(tmp_path / "report.doc")  # Word's 「save as web page」 keeps the .doc ending
    result = check_path(path, "en")
    assert result.status == "ok" and result.layout == "narrative-report"
    assert not (fake_soffice / "args").exists()


def test_a_docx_saved_as_doc_is_read_as_one(check_path, fake_soffice: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    shutil.copy(SEED_DOCX, path)
    result = check_path(path)
    assert result.findings == check_path(SEED_DOCX).findings
    assert result.notes[0] == "文件扩展名为 .doc，实际是 Word 文档（.docx），已按 .docx 读取"
    assert not (fake_soffice / "args").exists()

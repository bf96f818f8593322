"""Every file accounted for, and outputs that never destroy (issue 10).

A finance bureau acts on what auditor says and on what it does not say: a folder's
.xls or PDF must get a result saying what it is, never silence; an ``--output`` must
never replace a submission or an existing file, and a run that cannot write its output
must say so before checking anything, not after an hour.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.run import batch
from tests.conftest import SAMPLES

SEED = SAMPLES / "guizhou-federation-2019.xlsx"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def run(*args: object, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def a_bureau_folder(root: Path) -> Path:
    """What departments really send, in one folder."""
    folder = root / "submissions"
    (folder / "县局").mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.xlsx")
    shutil.copy(SAMPLES / "clean-example.xlsx", folder / "县局" / "clean.xlsx")
    (folder / "old.xls").write_bytes(OLE2)
    (folder / "calc.ods").write_bytes(_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}))
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (folder / "wps.et").write_bytes(OLE2)
    (folder / "word97.doc").write_bytes(OLE2)
    (folder / "bundle.zip").write_bytes(_zip({"a.txt": "x"}))
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    return folder


def _zip(members: dict[str, str]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_folder_of_what_departments_send_gets_one_result_per_file(tmp_path: Path) -> None:
    folder = a_bureau_folder(tmp_path)
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]")
    (folder / "~$seed.xlsx").write_bytes(b"lock")
    result = run("check", folder, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    results = {Path(r["path"]).name: r for r in json.loads(result.stdout)["results"]}
    assert sorted(results) == sorted(["seed.xlsx", "clean.xlsx", "old.xls", "calc.ods", "report.pdf", "wps.et", "word97.doc", "bundle.zip", "scan.png"])
    said = {
        "old.xls": ("Excel 97-2003", "另存为 .xlsx"),
        "calc.ods": ("OpenDocument", "另存为 .xlsx"),
        "report.pdf": ("PDF", ".docx"),
        "wps.et": ("WPS 表格", "另存为 .xlsx"),
        "word97.doc": ("Word 97-2003", "另存为 .docx"),
        "bundle.zip": ("压缩包", "解压"),
        "scan.png": ("图片", "不做文字识别"),
    }
    for name, words in said.items():
        assert results[name]["status"] == "error", name
        [finding] = results[name]["findings"]
        assert finding["rule"] == "D001" and all(word in finding["message"] for word in words), (name, finding["message"])
    assert results["seed.xlsx"]["status"] == results["clean.xlsx"]["status"] == "ok"
    table = run("check", folder, "--fail-on", "never")
    assert "共 9 个文件" in table.stdout and "7 个文件无法读取" in table.stdout


def test_a_file_without_an_ending_is_told_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "scanned").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "office").write_bytes(OLE2)
    result = run("check", tmp_path, "--format", "json", "--fail-on", "never", "--lang", "en")
    messages = {Path(r["path"]).name: r["findings"][0]["message"] for r in json.loads(result.stdout)["results"]}
    assert "a PDF file" in messages["scanned"] and "Office 97-2003" in messages["office"]


def test_unsupported_files_appear_in_the_screening_workbooks_unreadable_sheet(tmp_path: Path) -> None:
    import openpyxl

    folder = a_bureau_folder(tmp_path)
    out = tmp_path / "screening.xlsx"
    assert run("check", folder, "--output", out, "--fail-on", "never").exit_code == 0
    unreadable = [row[0].value for row in openpyxl.load_workbook(out)["未能读取"].iter_rows(min_row=2)]
    assert sorted(Path(p).name for p in unreadable) == ["bundle.zip", "calc.ods", "old.xls", "report.pdf", "scan.png", "word97.doc", "wps.et"]


def test_a_folder_with_no_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    (tmp_path / "empty" / ".hidden" / "x.xlsx").write_bytes(SEED.read_bytes())
    result = run("check", tmp_path / "empty")
    assert result.exit_code == 2 and "no files to check" in result.stderr and result.stdout == ""


# --- outputs that never destroy ------------------------------------------------------------


def test_an_output_onto_an_input_is_refused_and_the_input_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim.xlsx"
    shutil.copy(SEED, victim)
    before = victim.read_bytes()
    for args in ((victim, "--output", victim), (victim, "--output", victim, "--force"), (tmp_path, victim, "--output", victim, "--force")):
        result = run("check", *args)
        assert result.exit_code == 2, result.output
        assert "one of the files being checked" in result.stderr and "Traceback" not in result.stderr
        assert victim.read_bytes() == before
    link = tmp_path / "link.xlsx"
    os.link(victim, link)  # the same file under another name
    assert run("check", victim, "--output", link, "--force").exit_code == 2
    assert victim.read_bytes() == before
    # inside a checked folder, an existing file named as the output is kept without --force …
    result = run("check", tmp_path, "--output", victim)
    assert result.exit_code == 2 and "exists; use --force" in result.stderr and victim.read_bytes() == before


def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path) -> None:
    existing = tmp_path / "report.json"
    existing.write_text("keep me", encoding="utf-8")
    existing.chmod(stat.S_IRUSR)  # read-only: still never replaced without --force
    result = run("check", SEED, "--output", existing)
    assert result.exit_code == 2 and "exists; use --force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
    existing.chmod(stat.S_IRUSR | stat.S_IWUSR)
    result = run("check", SEED, "--output", existing, "--force", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(existing.read_text(encoding="utf-8")) == json.loads(result.stdout)
    assert f"auditor: wrote {existing} (1 files)" in result.stderr


def test_an_output_inside_the_checked_folder_is_never_checked(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.xlsx")
    output = folder / "screening.xlsx"
    for attempt in range(2):  # the second run finds the first run's output in the folder
        result = run("check", folder, "--output", output, "--force", "--format", "json")
        assert result.exit_code == 1, result.output
        assert [Path(r["path"]).name for r in json.loads(result.stdout)["results"]] == ["seed.xlsx"]
    assert output.exists()


def test_an_unwritable_output_folder_exits_2_before_any_file_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() == 0:  # root writes anywhere chmod allows; /sys refuses everyone
        folder = Path("/sys")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    checked: list[object] = []
    monkeypatch.setattr(batch, "WorkerPool", lambda *a, **k: checked.append(a))
    result = run("check", SEED, "--output", folder / "screening.xlsx")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot write in" in result.stderr and "Traceback" not in result.stderr
    assert checked == [] and result.stdout == ""


def test_outputs_given_twice_or_as_a_folder_are_refused(tmp_path: Path) -> None:
    assert run("check", SEED, "-o", tmp_path / "a.json", "-o", tmp_path / "a.json").exit_code == 2
    (tmp_path / "out.json").mkdir()
    result = run("check", SEED, "-o", tmp_path / "out.json")
    assert result.exit_code == 2 and "is a folder" in result.stderr


# --- messages a reviewer can use -------------------------------------------------------------


def test_version_and_help_name_the_input_kinds() -> None:
    from importlib.metadata import version

    assert run("--version").stdout.strip() == f"auditor {version('auditor')}"
    shown = run("check", "--help", env={"COLUMNS": "200"}).stdout
    for kind in (".xlsx", ".docx", ".txt", ".md", "national"):
        assert kind in shown


@pytest.mark.parametrize("columns", [80, 100])
def test_the_table_fits_the_terminal(columns: int, tmp_path: Path) -> None:
    from wcwidth import wcswidth

    paths = [SAMPLES, Path("tests/fixtures/guizhou-federation-2019-seed.txt"), Path("tests/fixtures/reports")]
    for lang in ("zh", "en"):
        shown = run("check", *paths, "--lang", lang, "--fail-on", "never", env={"COLUMNS": str(columns)}).stdout
        drawn = [line for line in shown.splitlines() if line[:1] in "┌├│└"]
        assert drawn and max(wcswidth(line) for line in drawn) <= columns
    long_quote = run("check", "tests/fixtures/guizhou-federation-2019-seed.txt", "--format", "json").stdout
    assert "…" in shown and max(len(loc) for r in json.loads(long_quote)["results"] for f in r["findings"] for loc in f["locations"]) > 60


def test_the_timeliness_words_of_i006_only_on_timeliness_indicators() -> None:
    document = json.loads(run("check", SAMPLES / "national-real-cases.xlsx", "--format", "json", "--fail-on", "never").stdout)
    i006 = [f["message"] for r in document["results"] for f in r["findings"] if f["rule"] == "I006"]
    assert any("时效指标" in m for m in i006) and any("时效指标" not in m for m in i006)
    for message in i006:
        assert ("时效指标也没有" in message) == ("提交报告及时性" in message or "及时" in message.split("年度指标值")[0])

"""Whose error is it: a file a reader refuses is D001; auditor's own bug is an internal error, exit 3.

A bug reported as the user's broken file misleads the reviewer and hides the bug. These
tests inject exceptions where auditor's own code runs (a reader's parser, the rule
engine) and check that the file gets status ``internal-error`` with an E000 finding, the
traceback reaches stderr, the batch goes on with the other files, and the run exits 3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.engine import durable_adapter
from auditor.readers.workbook.reader import WorkbookReader
from tests.conftest import SAMPLES

SEED = SAMPLES / "guizhou-federation-2019.xlsx"
REPORT = SAMPLES / "guizhou-federation-2019-report.docx"


def broken_reader(self: WorkbookReader) -> None:
    raise KeyError("a bug in the workbook parser")


def check_json(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--fail-on", "never"])
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_exception_in_a_reader_is_an_internal_error_not_d001(monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    monkeypatch.setattr(WorkbookReader, "read", broken_reader)  # forked workers inherit it
    result, document = check_json(str(SEED), str(REPORT), "--jobs", jobs)
    assert result.exit_code == 3
    seed, report = document["results"]
    assert seed["status"] == "internal-error"
    assert [f["rule"] for f in seed["findings"]] == ["E000"]
    assert seed["findings"][0]["name"] == "internal-error" and seed["findings"][0]["severity"] == "error"
    assert "KeyError" in seed["findings"][0]["message"] and "反馈给维护者" in seed["findings"][0]["message"]
    assert "D001" not in json.dumps(seed)
    # the traceback is on stderr, naming the file and the frame that raised
    assert "Traceback (most recent call last)" in result.stderr
    assert str(SEED) in result.stderr and "broken_reader" in result.stderr
    # the other file was checked as usual
    assert report["status"] == "ok" and {f["rule"] for f in report["findings"]} == {"F001", "B001"}


def test_a_refusal_is_still_d001_with_exit_1(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(app, ["check", str(corrupt), "--format", "json"])
    document = json.loads(result.stdout)
    assert result.exit_code == 1 and document["results"][0]["status"] == "error"
    assert [f["rule"] for f in document["results"][0]["findings"]] == ["D001"]
    assert "Traceback" not in result.stderr


def test_an_engine_failure_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(self, facts):  # type: ignore[no-untyped-def]
        raise durable_adapter.EngineError("durable-rules refused the facts (code 99)")

    monkeypatch.setattr(durable_adapter.DurableEngine, "fire", failing)
    result, document = check_json(str(SEED), "--jobs", "1")
    assert result.exit_code == 3
    assert document["results"][0]["status"] == "internal-error"
    assert "EngineError" in result.stderr


def test_the_table_and_summary_say_auditor_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WorkbookReader, "read", broken_reader)
    result = CliRunner().invoke(app, ["check", str(SEED), "--jobs", "1"])
    assert result.exit_code == 3
    assert "E000" in result.stdout and "1 个文件因 auditor 内部错误未能检查" in result.stdout


def test_debug_raises_where_it_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WorkbookReader, "read", broken_reader)
    result = CliRunner().invoke(app, ["check", str(SEED), "--debug", "--format", "json"])
    assert isinstance(result.exception, KeyError)


def test_debug_checks_in_process_with_the_same_results() -> None:
    normal, _ = check_json(str(SEED), str(REPORT), "--jobs", "2")
    debugged, _ = check_json(str(SEED), str(REPORT), "--debug")
    assert normal.exit_code == debugged.exit_code == 0
    assert normal.stdout == debugged.stdout


def test_exit_codes_are_documented_in_help() -> None:
    shown = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    for code in ("0", "1", "2", "3"):
        assert f" {code} " in shown
    assert "internal error" in shown

"""Readers and formats are plugins: auditor's own are entry points, and a distribution from outside adds more.

The throwaway plugin here is "installed" the way pip installs any distribution — a
``.dist-info`` folder with ``METADATA`` and ``entry_points.txt`` on the import path —
and ``auditor check`` runs in a fresh process that finds it with nothing in ``auditor/``
edited: a reader of a made-up ``.ledger`` format and an output format ``count``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from auditor.formats.interface import ReportFormat
from auditor.formats.registry import installed_formats
from auditor.readers.interface import Reader
from auditor.readers.registry import installed_readers, reader_for
from tests.conftest import REPO

PLUGIN_MODULE = '''
"""A reader of ".ledger" files and a "count" format, as a third party would write them."""
from decimal import Decimal
from pathlib import Path

from auditor.model import Expenditure, Project, Submission
from auditor.sources.refusal import Refused


class LedgerReader:
    name = "ledger"
    suffixes = (".ledger",)
    magic = (b"LEDGER1",)
    layout = "ledger"
    description = {"zh": "账本（.ledger）", "en": "ledgers (.ledger)"}

    def read(self, path: Path) -> Submission:
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0] != "LEDGER1":
            raise Refused("不是账本文件", "not a ledger file")
        # A ledger states no indicators: rules that need them are skipped, not run on nothing.
        submission = Submission(path=str(path), layout=self.layout, unavailable=["indicators"])
        for number, line in enumerate(lines[1:], start=2):
            kind, name, *amounts = line.split()
            where = dict.fromkeys(("name", "budget", "executed"), f"line {number}")
            if kind == "project":
                submission.projects.append(
                    Project(name=name, budget=Decimal(amounts[0]), executed=Decimal(amounts[1]), sources=where))
            else:
                submission.expenditures.append(
                    Expenditure(project=name, purpose=amounts[0], amount=Decimal(amounts[1]),
                                sources={"amount": f"line {number}"}))
        return submission


class CountSink:
    def __init__(self, out):
        self.out, self.files, self.findings = out, 0, 0

    def add(self, result):
        self.files += 1
        self.findings += len(result.findings)

    def close(self):
        self.out.write(f"files={self.files} findings={self.findings}\\n")


class CountFormat:
    name = "count"
    suffixes = (".count",)
    streams = True
    description = {"zh": "计数", "en": "counts"}

    def open_stream(self, out, options):
        return CountSink(out)

    def open_file(self, path, options):
        handle = open(path, "w", encoding="utf-8")

        class Closing(CountSink):
            def close(self):
                super().close()
                handle.close()

        return Closing(handle)


READER = LedgerReader()
FORMAT = CountFormat()
'''

LEDGER = "LEDGER1\nproject 送温暖资金 1000 1000\nuse 送温暖资金 慰问 600\nuse 送温暖资金 补助 400.05\n"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "auditor_example_plugin.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    info = site / "auditor_example_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: auditor-example-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[auditor.readers]\nledger = auditor_example_plugin:READER\n\n[auditor.formats]\ncount = auditor_example_plugin:FORMAT\n",
        encoding="utf-8",
    )
    return site


def auditor(plugin_path: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_path), str(REPO)])}
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=120)


def test_the_built_ins_are_entry_points() -> None:
    readers = {point.name: point.value for point in entry_points(group="auditor.readers")}
    formats = {point.name: point.value for point in entry_points(group="auditor.formats")}
    assert {"xlsx", "report"} <= set(readers)
    assert {"table", "json", "jsonl", "markdown", "csv", "xlsx"} <= set(formats)
    assert all(value.startswith("auditor.") for name, value in readers.items() if name in ("xlsx", "report"))
    assert all(isinstance(reader, Reader) for reader in installed_readers())
    assert all(isinstance(fmt, ReportFormat) for fmt in installed_formats().values())


def test_built_in_readers_take_their_suffixes() -> None:
    assert reader_for(Path("a.XLSX")).name == "xlsx" and reader_for(Path("a.xlsm")).name == "xlsx"
    assert {reader_for(Path(f"a{s}")).name for s in (".docx", ".txt", ".md")} == {"report"}
    assert reader_for(Path("does-not-exist.bin")) is None


def test_a_plugin_reader_and_format_are_used_without_any_edit(plugin_path: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "seed.ledger"
    ledger.write_text(LEDGER, encoding="utf-8")
    printed = auditor(plugin_path, tmp_path, "check", "seed.ledger", "--format", "count", "--fail-on", "never")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == "files=1 findings=1\n"
    report = auditor(plugin_path, tmp_path, "check", "seed.ledger", "--format", "json", "-o", "out.count")
    assert report.returncode == 1, report.stderr
    [result] = json.loads(report.stdout)["results"]
    assert result["layout"] == "ledger"
    [f001] = result["findings"]
    assert (f001["rule"], f001["project"]) == ("F001", "送温暖资金")
    assert f001["values"]["actual"] == "1000.05" and f001["locations"] == ["line 2", "line 3", "line 4"]
    assert (tmp_path / "out.count").read_text(encoding="utf-8") == "files=1 findings=1\n"


def test_a_plugin_reader_takes_files_by_magic_bytes_and_its_refusals_are_d001(plugin_path: Path, tmp_path: Path) -> None:
    (tmp_path / "no-suffix").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "bad.ledger").write_text("not a ledger\n", encoding="utf-8")
    report = auditor(plugin_path, tmp_path, "check", "no-suffix", "bad.ledger", "--format", "json", "--fail-on", "never")
    assert report.returncode == 0, report.stderr
    magic, bad = json.loads(report.stdout)["results"]  # in the order given
    assert magic["layout"] == "ledger" and [f["rule"] for f in magic["findings"]] == ["F001"]
    assert bad["status"] == "error" and bad["layout"] == "ledger"
    assert [f["rule"] for f in bad["findings"]] == ["D001"] and "not a ledger" not in bad["findings"][0]["message"]
    assert "不是账本文件" in bad["findings"][0]["message"]


def test_a_folder_includes_the_plugins_suffixes_and_help_lists_its_format(plugin_path: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.ledger").write_text(LEDGER, encoding="utf-8")
    printed = auditor(plugin_path, tmp_path, "check", "in", "--format", "count", "--fail-on", "never")
    assert printed.stdout == "files=1 findings=1\n"
    shown = auditor(plugin_path, tmp_path, "check", "--help").stdout
    assert "count" in shown


def test_a_broken_third_party_plugin_is_reported_and_skipped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    info = site / "broken_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[auditor.readers]\nbroken = no_such_module:READER\n", encoding="utf-8")
    result = auditor(site, REPO, "check", "sample_submissions/guizhou-federation-2019.xlsx", "--format", "json")
    assert result.returncode == 1
    assert "the plugin broken (auditor.readers) cannot be used" in result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["results"][0]["findings"]][:2] == ["B001", "F001"]


def test_the_readme_plugin_example_works_as_written(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Extending auditor"):]
    code = section[section.index("```python\n") + len("```python\n"):section.index("```\n", section.index("```python"))]
    site = tmp_path / "site"
    info = site / "auditor_count-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "auditor_count.py").write_text(code, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: auditor-count\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text('[auditor.formats]\ncount = auditor_count:FORMAT\n', encoding="utf-8")
    assert 'count = "auditor_count:FORMAT"' in code
    printed = auditor(site, REPO, "check", "sample_submissions/", "--format", "count", "--fail-on", "never", "-o", str(tmp_path / "n.count"))
    assert printed.returncode == 0, printed.stderr
    results = json.loads(auditor(site, REPO, "check", "sample_submissions/", "--format", "json").stdout)["results"]
    assert printed.stdout == f"{len(results)} files, {sum(len(r['findings']) for r in results)} findings\n"
    assert (tmp_path / "n.count").read_text(encoding="utf-8") == printed.stdout


def test_the_built_in_readers_name_the_layouts_and_suffixes_of_their_implementations() -> None:
    from auditor.readers.narrative.document import NARRATIVE_SUFFIXES
    from auditor.readers.narrative.extract import LAYOUT as NARRATIVE
    from auditor.readers.report_files import READER as REPORT
    from auditor.readers.spreadsheet import SUBMISSION_WORKBOOK
    from auditor.readers.xlsx import READER as XLSX

    assert (REPORT.layout, REPORT.suffixes) == (NARRATIVE, NARRATIVE_SUFFIXES)
    assert XLSX.layout == SUBMISSION_WORKBOOK

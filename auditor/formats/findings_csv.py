"""The findings table as CSV, for reviewers who filter and pivot in their own spreadsheet.

UTF-8 with a byte-order mark, because Excel opens a BOM-less CSV in the local code
page and garbles every Chinese character. Rows are written as results arrive, so a
batch of any size takes no memory; they go to a temporary file next to the target
that is renamed when the run ends (``files``), so an interrupted run never leaves a
half-written CSV under the final name. Unreadable files appear as their D001 rows. Every text field goes
through ``csv_safe``: a CSV has no cell types, so text that looks like a formula is
``'``-prefixed.
"""

from __future__ import annotations

import csv
from typing import TextIO

from auditor.formats.cell_text import csv_safe
from auditor.formats.interface import OutputOptions, TextFormat
from auditor.model import SEVERITY_NAMES, FileResult, Finding

HEADERS = {
    "zh": ("文件", "部门", "项目", "规则", "级别", "问题", "位置"),
    "en": ("File", "Department", "Project", "Rule", "Severity", "Message", "Where"),
}
LOCATION_SEPARATOR = {"zh": "、", "en": ", "}


def finding_fields(result: FileResult, finding: Finding, lang: str) -> tuple[str | None, ...]:
    """One finding's row, as both the CSV and the workbook's 问题清单 show it (raw, unescaped).

    The department is the finding's own: a workbook may hold tables of several.
    """
    return (
        result.path,
        finding.department or result.department,
        finding.project,
        finding.rule,
        SEVERITY_NAMES[lang][finding.severity],
        finding.message,
        LOCATION_SEPARATOR[lang].join(finding.locations),
    )


class CsvSink:
    """A ``ResultSink`` writing one CSV row per finding, in arrival (path) order."""

    def __init__(self, out: TextIO, lang: str = "zh") -> None:
        self._out = out
        self._lang = "en" if lang == "en" else "zh"
        self._writer = csv.writer(out)
        self._writer.writerow(HEADERS[self._lang])

    def add(self, result: FileResult) -> None:
        for finding in result.findings:
            self._writer.writerow([csv_safe(field) for field in finding_fields(result, finding, self._lang)])

    def close(self) -> None:
        self._out.flush()


class CsvFormat(TextFormat):
    name = "csv"
    suffixes = (".csv",)
    description = {"zh": "问题清单 CSV（带 BOM 的 UTF-8，可直接用 Excel 打开）", "en": "the findings as CSV (UTF-8 with BOM, opens in Excel)"}
    # The BOM makes Excel read UTF-8; newline="" lets the csv module write its own CRLF (RFC 4180).
    encoding = "utf-8-sig"
    newline = ""

    def open_stream(self, out: TextIO, options: OutputOptions) -> CsvSink:
        return CsvSink(out, options.lang)


FORMAT = CsvFormat()

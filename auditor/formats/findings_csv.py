"""The findings table as CSV, for reviewers who filter and pivot in their own spreadsheet.

UTF-8 with a byte-order mark, because Excel opens a BOM-less CSV in the local code
page and garbles every Chinese character. Rows are written as results arrive, so a
batch of any size takes no memory; they go to a temporary file next to the target
that ``close`` renames, so an interrupted run never leaves a half-written CSV under
the final name. Unreadable files appear as their D001 rows. Every text field goes
through ``csv_safe``: a CSV has no cell types, so text that looks like a formula is
``'``-prefixed.
"""

from __future__ import annotations

import csv
import os
import uuid
from pathlib import Path

from auditor.formats.cell_text import csv_safe
from auditor.formats.words import SEVERITY_NAMES
from auditor.model import FileResult, Finding

HEADERS = {
    "zh": ("文件", "部门", "项目", "规则", "级别", "问题", "位置"),
    "en": ("File", "Department", "Project", "Rule", "Severity", "Message", "Where"),
}
LOCATION_SEPARATOR = {"zh": "、", "en": ", "}


def finding_fields(result: FileResult, finding: Finding, lang: str) -> tuple[str | None, ...]:
    """One finding's row, as both the CSV and the workbook's 问题清单 show it (raw, unescaped)."""
    return (
        result.path,
        result.department,
        finding.project,
        finding.rule,
        SEVERITY_NAMES[lang][finding.severity],
        finding.message,
        LOCATION_SEPARATOR[lang].join(finding.locations),
    )


def temporary_sibling(path: Path) -> Path:
    """A fresh hidden name in ``path``'s folder (same file system, so the rename is atomic)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


class FindingsCsv:
    """A ``ResultSink`` writing one CSV row per finding, in arrival (path) order."""

    def __init__(self, path: Path, lang: str = "zh") -> None:
        self._path = Path(path)
        self._lang = "en" if lang == "en" else "zh"
        self._temporary = temporary_sibling(self._path)
        # newline="" lets the csv module write its own \r\n line ends (RFC 4180).
        self._file = open(self._temporary, "x", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(HEADERS[self._lang])

    def add(self, result: FileResult) -> None:
        for finding in result.findings:
            self._writer.writerow([csv_safe(field) for field in finding_fields(result, finding, self._lang)])

    def close(self) -> None:
        if self._file.closed:
            return
        try:
            self._file.close()
            os.replace(self._temporary, self._path)
        except BaseException:
            self._temporary.unlink(missing_ok=True)
            raise

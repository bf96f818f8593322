"""The screening workbook: what a finance-bureau reviewer opens after checking a whole batch.

Four sheets, in the order a reviewer works: 汇总 (one row per submission, worst first,
each linked to its findings), 问题清单 (every finding, filterable), 规则统计 (how often
each rule fired, flagging rules that fire on most files and so are probably
mis-calibrated) and 未能读取 (files nobody has seen inside).

A batch can hold 200,000 files, so the workbook is written with openpyxl's
write-only mode: finding rows stream to disk as results arrive, and only one small
summary row per submission stays in memory, to be sorted at the end. Findings beyond
Excel's 1,048,576 rows continue on 「问题清单 (2)」 and so on, placed right after it;
only the worst 65,530 summary rows get a hyperlink, Excel's limit per sheet.

Every string cell is forced to the string type: a department called
``=HYPERLINK(...)`` must show as text, never run (see ``cell_text``). The zip is
written to a temporary file next to the target and renamed, so an interrupted run
never leaves a half-written workbook under the final name; document and zip-entry
timestamps are fixed, so the same results give the same bytes.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Mapping
from copy import copy
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.writer.excel import ExcelWriter

from auditor.findings.tally import RuleStatistics, counts, findings_score, risk_score
from auditor.formats.cell_text import clean_text
from auditor.formats.files import temporary_sibling
from auditor.formats.findings_csv import HEADERS as FINDING_HEADERS
from auditor.formats.findings_csv import finding_fields
from auditor.formats.interface import OutputOptions
from auditor.model import FileResult, Finding

#: Excel's limits: rows per sheet, hyperlinks per sheet, characters per cell.
MAX_ROWS = 1_048_576
MAX_HYPERLINKS = 65_530
MAX_CELL_CHARS = 32_767
#: The time the workbook claims it was made (and its zip entries' date): same results, same bytes.
DOCUMENT_TIMESTAMP = datetime(2024, 1, 1)
UNREADABLE_RULES = ("D001", "D002", "E000")

WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "sheets": ("汇总", "问题清单", "规则统计", "未能读取"),
        "summary": ("部门", "年度", "文件", "状态", "错误", "警告", "风险分"),
        "rules": ("规则", "名称", "触发文件数", "占比", "问题条数", "备注"),
        "unreadable": ("文件", "原因"),
        "status": {"ok": "读取成功", "error": "无法读取", "internal-error": "auditor 内部错误"},
        "calibration": "触发超过半数文件，请检查该规则的参数是否合适",
        "score": "风险分 = 错误 × 10 + 警告 × 3 + 提示 × 1；无法读取的文件记 100 分。按风险分从高到低排列。",
    },
    "en": {
        "sheets": ("Summary", "Findings", "Rules", "Unreadable"),
        "summary": ("Department", "Year", "File", "Status", "Errors", "Warnings", "Risk score"),
        "rules": ("Rule", "Title", "Files fired on", "Share", "Findings", "Note"),
        "unreadable": ("File", "Reason"),
        "status": {"ok": "read", "error": "unreadable", "internal-error": "auditor failed"},
        "calibration": "Fires on more than half of the files: check that the rule's parameters fit",
        "score": "Risk score = errors × 10 + warnings × 3 + infos × 1; a file that could not be read scores 100. Sorted highest first.",
    },
}
_WIDTHS = {
    "summary": (28, 8, 50, 10, 8, 8, 10),
    "findings": (40, 24, 20, 8, 8, 80, 30),
    "rules": (8, 36, 12, 10, 10, 50),
    "unreadable": (60, 80),
}
_FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}


class _SummaryRow(NamedTuple):
    score: int
    path: str
    department: str | None
    year: int | None
    status: str
    errors: int
    warnings: int
    #: Where this file's first finding is: sheet index × rows per sheet + row − 1 (an int is small).
    link: int | None


class ScreeningWorkbook:
    """A ``ResultSink`` writing the screening workbook (.xlsx) for a batch of results."""

    #: Finding rows (header included) per 问题清单 sheet; tests lower it to exercise overflow.
    rows_per_sheet = MAX_ROWS

    def __init__(self, path: Path, lang: str = "zh", rule_titles: Mapping[str, str] | None = None) -> None:
        self._path = Path(path)
        self._lang = "en" if lang == "en" else "zh"
        self._words = WORDS[self._lang]
        self._rule_titles = dict(rule_titles or {})
        self._rule_names: dict[str, str] = {}
        self._statistics = RuleStatistics()
        self._summary_rows: list[_SummaryRow] = []
        self._closed = False
        self._workbook = Workbook(write_only=True)
        names = self._words["sheets"]
        self._summary = self._workbook.create_sheet(names[0])
        self._findings = [self._workbook.create_sheet(names[1])]
        self._rules = self._workbook.create_sheet(names[2])
        self._unreadable = self._workbook.create_sheet(names[3])
        self._findings_rows = 0
        self._unreadable_rows = 0
        self._styles = _Styles(self._summary)
        self._start_findings_sheet(self._findings[0])
        _layout(self._unreadable, _WIDTHS["unreadable"])
        self._unreadable.append(self._header(self._unreadable, self._words["unreadable"]))
        self._unreadable_rows = 1

    def add(self, result: FileResult) -> None:
        self._statistics.add(result)
        links: dict[tuple[str | None, int | None], int] = {}
        for finding in result.findings:
            self._rule_names.setdefault(finding.rule, finding.name)
            if self._findings_rows == self.rows_per_sheet:
                self._start_findings_sheet(self._new_findings_sheet())
            sheet = self._findings[-1]
            self._findings_rows += 1
            links.setdefault(_owner(result, finding), (len(self._findings) - 1) * self.rows_per_sheet + self._findings_rows - 1)
            plain, wrapped = self._styles.finding[finding.severity]
            fields = finding_fields(result, finding, self._lang)
            sheet.append([self._text(sheet, value, wrapped if column >= 5 else plain) for column, value in enumerate(fields)])
        if result.status != "ok" or len(links) <= 1:
            found = counts(result)
            self._summary_rows.append(
                _SummaryRow(
                    risk_score(result), result.path, result.department, result.year,
                    result.status, found["error"], found["warning"], next(iter(links.values()), None),
                )
            )
        else:  # tables of several departments or years in one workbook: each ranked on its own
            for (department, year), link in links.items():
                own = [f for f in result.findings if _owner(result, f) == (department, year)]
                found = counts(own)
                self._summary_rows.append(
                    _SummaryRow(findings_score(own), result.path, department, year, result.status, found["error"], found["warning"], link)
                )
        if result.status != "ok":
            reasons = [f.message for f in result.findings if f.rule in UNREADABLE_RULES] or [f.message for f in result.findings]
            self._unreadable.append(
                [self._text(self._unreadable, result.path), self._text(self._unreadable, "\n".join(reasons), self._styles.wrap)]
            )
            self._unreadable_rows += 1

    def close(self) -> None:
        """Write the summary and rule sheets, then the workbook, atomically under its name."""
        if self._closed:
            return
        self._closed = True
        self._write_summary()
        self._write_rules()
        for index, sheet in enumerate(self._findings):
            last_row = self._findings_rows if index == len(self._findings) - 1 else self.rows_per_sheet
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_HEADERS[self._lang]))}{last_row}"
        self._unreadable.auto_filter.ref = f"A1:B{self._unreadable_rows}"
        properties = self._workbook.properties
        properties.creator = "auditor"
        properties.created = properties.modified = DOCUMENT_TIMESTAMP
        temporary = temporary_sibling(self._path)
        try:
            with open(temporary, "xb") as file:
                ExcelWriter(self._workbook, _FixedTimeZipFile(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
            os.replace(temporary, self._path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    # -- the sheets written at the end --------------------------------------------------

    def _write_summary(self) -> None:
        sheet = self._summary
        headers = self._words["summary"]
        _layout(sheet, _WIDTHS["summary"])
        header = self._header(sheet, headers)
        header[-1].comment = Comment(self._words["score"], "auditor", width=320, height=90)
        sheet.append(header)
        self._summary_rows.sort(key=lambda row: (-row.score, row.path))
        linked = 0
        for row in self._summary_rows:
            file_cell = self._text(sheet, row.path)
            if row.link is not None and linked < MAX_HYPERLINKS:
                file_cell.hyperlink = Hyperlink(ref="", location=self._location(row.link))
                file_cell._style = copy(self._styles.link)
                linked += 1
            sheet.append(
                [
                    self._text(sheet, row.department), row.year, file_cell,
                    self._text(sheet, self._words["status"][row.status]), row.errors, row.warnings, row.score,
                ]
            )
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(self._summary_rows) + 1}"
        self._summary_rows = []

    def _write_rules(self) -> None:
        sheet, statistics = self._rules, self._statistics
        headers = self._words["rules"]
        _layout(sheet, _WIDTHS["rules"])
        sheet.append(self._header(sheet, headers))
        codes = sorted(statistics.fired_on)
        for code in codes:
            share = WriteOnlyCell(sheet, statistics.share(code))
            share._style = copy(self._styles.percent)
            note = self._words["calibration"] if statistics.needs_calibration(code) else None
            title = self._rule_titles.get(code) or self._rule_names.get(code)
            sheet.append(
                [
                    self._text(sheet, code), self._text(sheet, title), statistics.fired_on[code],
                    share, statistics.findings[code], self._text(sheet, note, self._styles.wrap),
                ]
            )
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(codes) + 1}"

    def _location(self, link: int) -> str:
        """``'问题清单'!A12`` for a summary row's ``link``."""
        index, row = divmod(link, self.rows_per_sheet)
        return f"{quote_sheetname(self._findings[index].title)}!A{row + 1}"

    # -- cells ----------------------------------------------------------------------------

    def _new_findings_sheet(self) -> WriteOnlyWorksheet:
        title = f"{self._words['sheets'][1]} ({len(self._findings) + 1})"
        sheet = self._workbook.create_sheet(title, index=1 + len(self._findings))
        self._findings.append(sheet)
        return sheet

    def _start_findings_sheet(self, sheet: WriteOnlyWorksheet) -> None:
        _layout(sheet, _WIDTHS["findings"])
        sheet.append(self._header(sheet, FINDING_HEADERS[self._lang]))
        self._findings_rows = 1

    def _header(self, sheet: WriteOnlyWorksheet, titles: tuple[str, ...]) -> list[WriteOnlyCell]:
        return [self._text(sheet, title, self._styles.header) for title in titles]

    def _text(self, sheet: WriteOnlyWorksheet, value: str | None, style: StyleArray | None = None) -> WriteOnlyCell:
        """A string cell that is never a formula, whatever the text starts with (empty: no value)."""
        if not value:
            cell = WriteOnlyCell(sheet)
        else:
            value = clean_text(value)
            if len(value) > MAX_CELL_CHARS:
                value = value[: MAX_CELL_CHARS - 1] + "…"
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # openpyxl would make "=..." a formula
        if style is not None:
            cell._style = copy(style)
        return cell


def _owner(result: FileResult, finding: Finding) -> tuple[str | None, int | None]:
    """Whose and which year's figures a finding is about (its own table's in a workbook of several)."""
    return finding.department or result.department, finding.year or result.year


class ScreeningFormat:
    """The screening workbook as an output format: written to a file only (``--output NAME.xlsx``)."""

    name = "xlsx"
    suffixes = (".xlsx",)
    streams = False
    description = {
        "zh": "筛查工作簿（汇总、问题清单、规则统计、未能读取）",
        "en": "the screening workbook (summary, findings, rule statistics, unreadable files)",
    }

    def open_stream(self, out: object, options: OutputOptions) -> ScreeningWorkbook:
        raise TypeError("the screening workbook is written to a file, never to standard output")

    def open_file(self, path: Path, options: OutputOptions) -> ScreeningWorkbook:
        return ScreeningWorkbook(path, options.lang, options.rule_titles)


FORMAT = ScreeningFormat()


class _Styles:
    """The few cell styles, registered once; cells copy the style array (fast for a million rows)."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        wrap = Alignment(wrap_text=True, vertical="top")
        top = Alignment(vertical="top")
        self.header = _style(sheet, font=Font(bold=True), fill=_fill("DDEBF7"), alignment=top)
        self.wrap = _style(sheet, alignment=wrap)
        self.link = _style(sheet, font=Font(color="0563C1", underline="single"))
        self.percent = _style(sheet, number_format="0.0%")
        self.finding = {
            severity: (
                _style(sheet, fill=_fill(_FILLS.get(severity)), alignment=top),
                _style(sheet, fill=_fill(_FILLS.get(severity)), alignment=wrap),
            )
            for severity in ("error", "warning", "info")
        }


def _fill(colour: str | None) -> PatternFill:
    return PatternFill("solid", fgColor=colour) if colour else PatternFill()


def _style(sheet: WriteOnlyWorksheet, **attributes: Any) -> StyleArray:
    cell = WriteOnlyCell(sheet)
    for name, value in attributes.items():
        setattr(cell, name, value)
    return cell._style


def _layout(sheet: WriteOnlyWorksheet, widths: tuple[int, ...]) -> None:
    """Column widths and a frozen header row: must be set before the sheet's first row."""
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip whose entries carry ``DOCUMENT_TIMESTAMP``, copying sheet files in chunks.

    openpyxl adds each streamed worksheet with ``write(filename)``, which would stamp
    the file's mtime; this copies it through ``open()`` instead, never whole into memory.
    """

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        entry = self._entry(arcname or os.path.basename(filename))
        entry.file_size = os.path.getsize(filename)  # lets zipfile decide on ZIP64 up front
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=DOCUMENT_TIMESTAMP.timetuple()[:6])
        entry.compress_type = self.compression
        entry.external_attr = 0o644 << 16
        return entry

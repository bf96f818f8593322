"""The screening workbook: what a finance-bureau reviewer opens after checking a whole batch.

Five sheets, in the order a reviewer works: 汇总 (one row per submission, worst first,
each linked to its findings, repeated submissions named and counted), 问题清单 (every
finding, filterable), 规则统计 (how often each rule fired, flagging rules that fire on
most files and so are probably mis-calibrated), 未能读取 (files nobody has seen inside)
and 说明 (what each sheet holds, how 风险分 is computed, what the severities mean).
Every sheet prints on A4 landscape, fitted to the page's width, its header row
repeated on every page.

A batch can hold 200,000 files, so the workbook is written with openpyxl's
write-only mode: finding rows stream to disk as results arrive, and only a ledger of
each file and finding's keys (``findings.ledger``, a dozen bytes a finding) stays in
memory. At the end 汇总 and 规则统计 are computed from it by ``findings.frames`` — the
same computation as the Python API's ``run.files``, so the two never disagree. Findings
beyond Excel's 1,048,576 rows continue on 「问题清单 (2)」 and so on, placed right after it;
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
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from auditor.findings.ledger import SAME_BYTES, SAME_DEPARTMENT_YEAR, Ledger
from auditor.formats.cell_text import clean_text
from auditor.formats.files import temporary_sibling
from auditor.formats.findings_csv import HEADERS as FINDING_HEADERS
from auditor.formats.findings_csv import finding_fields
from auditor.formats.interface import OutputOptions
from auditor.model import FileResult

if TYPE_CHECKING:
    import pandas as pd

#: Excel's limits: rows per sheet, hyperlinks per sheet, characters per cell.
MAX_ROWS = 1_048_576
MAX_HYPERLINKS = 65_530
MAX_CELL_CHARS = 32_767
#: The time the workbook claims it was made (and its zip entries' date): same results, same bytes.
DOCUMENT_TIMESTAMP = datetime(2024, 1, 1)
UNREADABLE_RULES = ("D001", "D002", "E000")

WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "sheets": ("汇总", "问题清单", "规则统计", "未能读取", "说明"),
        "summary": ("部门", "年度", "文件", "状态", "错误", "警告", "风险分", "重复"),
        "rules": ("规则", "名称", "触发文件数", "占比", "问题条数", "备注"),
        "unreadable": ("文件", "原因"),
        "guide": ("项目", "说明"),
        "footer": "{sheet} — 第 &P 页，共 &N 页",
        "status": {"ok": "读取成功", "incomplete": "未能完整检查", "error": "无法读取", "internal-error": "auditor 内部错误"},
        "calibration": "触发超过半数文件，请检查该规则的参数是否合适",
        "score": "风险分 = 错误 × 10 + 警告 × 3 + 提示 × 1；无法读取或未能完整检查的文件另记 100 分。按风险分从高到低排列。详见「说明」。",
        "same-bytes": "与 {other} 内容完全相同",
        "same-department-year": "与 {other} 同为 {department} {year} 年度",
        "copies": "（共 {copies} 份）",
        "title": "共 {files} 个文件、{submissions} 份自评：错误 {errors} 条，警告 {warnings} 条，提示 {infos} 条",
        "title_problems": "；无法读取或未能完整检查 {problems} 个文件",
        "title_duplicates": "；重复提交 {duplicates} 个文件（内容完全相同 {same_bytes} 个，同一部门同一年度 {same_owner} 个），见「重复」列",
        "title_end": "。风险分的算法、级别和各表的内容见「说明」。",
        "guide_rows": (
            ("汇总", "每份自评一行：部门、年度、文件、状态、错误和警告条数、风险分、重复。一个工作簿含多个部门或多个年度的表时，每个表一行，按它自己的问题计分。按风险分从高到低排列，风险分相同的按文件路径排列；点击文件名跳到它的第一条问题。第一行是本次筛查的合计。"),
            ("问题清单", "每条问题一行：文件、部门、项目、规则、级别、问题（写明比较的数值）和所引的单元格或段落，按文件路径排列，可筛选。错误填浅红色，警告填浅黄色。超过 1,048,575 条时续在「问题清单 (2)」等工作表。"),
            ("规则统计", "每条规则在多少个文件上触发、占全部文件的比例和问题条数。触发超过半数文件的规则（D 类规则除外）在备注中标出：多半是规则的参数不适合这批材料，请先核对参数。"),
            ("未能读取", "无法读取或 auditor 检查失败的文件及原因。这些文件里的内容没有人看过，请先处理。"),
            ("风险分", "风险分 = 错误条数 × 10 + 警告条数 × 3 + 提示条数 × 1。文件本身的问题另记 100 分，而且只记一次：文件无法读取（D001）或 auditor 检查失败（E000）的，风险分就是 100；能读取但缺少规则所需的工作表或栏目（D002，级别为错误）的，用到这些表或栏目的规则都未能检查，风险分为 100 加上其余问题的分数，D002 本身不再按错误记 10 分。因此空白或格式不对的工作簿记 100 分，与无法读取的文件一起排在前面，不会像只有一条错误的文件那样只记 10 分。风险分只用来排序，便于先看问题多的材料，不是对材料质量的评分。"),
            ("级别", "错误：材料自相矛盾（几个数不可能都对，如资金明细合计与执行数不一致），或文件无法读取、缺少必需的表或栏目，须更正。警告：材料不完整或缺少说明（如缺少某类指标、实际完成值为空、偏差未说明原因），须核实。提示：值得一看，不一定是问题（如文字报告中未找到年度）。"),
            ("状态", "读取成功：已按全部规则检查。未能完整检查：能读取，但缺少规则所需的工作表或栏目（见 D002 问题）。无法读取：文件损坏、加密、类型不对或过大（见「未能读取」）。auditor 内部错误：auditor 自身的缺陷，不代表文件有问题，请反馈给维护者。"),
            ("重复", "内容完全相同：两个文件的字节完全一样（BLAKE2b 摘要相同），是同一份材料提交了两次。同一部门同一年度：两个表格（或两份文字报告）的部门名称和年度都相同，可能是重复提交、更正后重新提交，或其中一份的部门、年度填错。文字报告与同一部门、同一年度的表格是配套材料，不算重复。每个重复的文件都注明与之重复的另一个文件和共几份。"),
            ("打印", "各工作表按 A4 横向、缩放到一页宽打印，每页重复表头行。"),
        ),
    },
    "en": {
        "sheets": ("Summary", "Findings", "Rules", "Unreadable", "Notes"),
        "summary": ("Department", "Year", "File", "Status", "Errors", "Warnings", "Risk score", "Duplicate"),
        "rules": ("Rule", "Title", "Files fired on", "Share", "Findings", "Note"),
        "unreadable": ("File", "Reason"),
        "guide": ("Item", "What it means"),
        "footer": "{sheet} — page &P of &N",
        "status": {"ok": "read", "incomplete": "not fully checked", "error": "unreadable", "internal-error": "auditor failed"},
        "calibration": "Fires on more than half of the files: check that the rule's parameters fit",
        "score": "Risk score = errors × 10 + warnings × 3 + infos × 1; a file that could not be read or fully checked scores 100 more. Sorted highest first. See Notes.",
        "same-bytes": "identical to {other}",
        "same-department-year": "same department and year ({department} {year}) as {other}",
        "copies": " ({copies} copies)",
        "title": "{files} files, {submissions} submissions: {errors} errors, {warnings} warnings, {infos} infos",
        "title_problems": "; {problems} files could not be read or fully checked",
        "title_duplicates": "; {duplicates} files repeat another ({same_bytes} identical, {same_owner} of the same department and year), see the Duplicate column",
        "title_end": ". How the risk score is computed, the severities and what each sheet holds: see Notes.",
        "guide_rows": (
            ("Summary", "One row per submission: department, year, file, status, errors, warnings, risk score, duplicate. A workbook holding tables of several departments or years has one row per table, scored on its own findings. Highest risk score first, equal scores in path order; a file's name links to its first finding. The first line gives the run's totals."),
            ("Findings", "One row per finding: file, department, project, rule, severity, message (with the figures compared) and the cells or paragraphs it cites, in path order, filterable. Errors are filled light red, warnings light yellow. Beyond 1,048,575 findings the list continues on Findings (2) and so on."),
            ("Rules", "Per rule, on how many files it fired, their share of all files, and how many findings it gave. A rule firing on more than half of the files (D rules aside) is noted: its parameters probably do not fit this batch; check them first."),
            ("Unreadable", "Files that could not be read, or that auditor failed on, and why. Nobody has seen what is in them: deal with them first."),
            ("Risk score", "Risk score = errors × 10 + warnings × 3 + infos × 1. A problem with the file itself counts 100, once: a file that could not be read (D001) or that auditor failed on (E000) scores 100; a file that was read but lacks a sheet or column the rules need (D002 as an error) could not be checked by those rules, and scores 100 plus the points of its other findings, its D002s not counting 10 each. So an empty or wrongly laid-out workbook scores 100 and ranks with the unreadable files, not 10 like a file with one real error. The score only orders the list, so that the worst is read first; it does not grade the submission."),
            ("Severities", "error: the submission contradicts itself (figures that cannot all be true, such as a breakdown that does not add up to the spending), or the file cannot be read or lacks a required sheet or column — to be corrected. warning: incomplete or unexplained (a missing category of indicators, an empty actual value, a deviation without a reason) — to be verified. info: worth a look, not necessarily a defect (a written report whose year was not found)."),
            ("Status", "read: checked by every rule. not fully checked: read, but a sheet or column the rules need is missing (see its D002). unreadable: corrupt, encrypted, of the wrong kind or too large (see Unreadable). auditor failed: a defect in auditor, not in the file; please report it."),
            ("Duplicate", "identical: the two files have the same bytes (the same BLAKE2b digest): one submission sent twice. same department and year: two tables (or two written reports) name the same department and year: sent twice, corrected and sent again, or one of them names the wrong department or year. A written report and the table of the same department and year belong together and are not duplicates. Each repeated file names the other file it repeats and how many copies there are."),
            ("Printing", "Every sheet prints on A4 landscape, scaled to the page's width, with its header row repeated on every page."),
        ),
    },
}
_WIDTHS = {
    "summary": (24, 7, 44, 12, 7, 7, 8, 40),
    "findings": (32, 18, 18, 7, 7, 60, 26),
    "rules": (8, 32, 12, 9, 10, 50),
    "unreadable": (60, 90),
    "guide": (14, 120),
}
#: The columns whose text wraps, and so sets its row's height.
_WRAPPED = {"summary": (0, 2, 7), "findings": (0, 1, 2, 5, 6)}
_FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
#: Points per line of wrapped 11-point text, and below the last (CJK fonts' descent; measured in LibreOffice's PDFs).
LINE_HEIGHT = 16.0
ROW_PADDING = 4.0
#: Excel's tallest row.
MAX_ROW_HEIGHT = 409.0
#: The row of 汇总 holding the headers: the run's totals stand above it.
SUMMARY_HEADER_ROW = 2


class ScreeningWorkbook:
    """A ``ResultSink`` writing the screening workbook (.xlsx) for a batch of results."""

    #: Finding rows (header included) per 问题清单 sheet; tests lower it to exercise overflow.
    rows_per_sheet = MAX_ROWS

    def __init__(self, path: Path, lang: str = "zh", rule_titles: Mapping[str, str] | None = None) -> None:
        self._path = Path(path)
        self._lang = "en" if lang == "en" else "zh"
        self._words = WORDS[self._lang]
        self._rule_titles = dict(rule_titles or {})
        self._ledger = Ledger(with_text=False)
        self._closed = False
        self._workbook = Workbook(write_only=True)
        names = self._words["sheets"]
        self._summary = self._workbook.create_sheet(names[0])
        self._findings = [self._workbook.create_sheet(names[1])]
        self._rules = self._workbook.create_sheet(names[2])
        self._unreadable = self._workbook.create_sheet(names[3])
        self._guide = self._workbook.create_sheet(names[4])
        self._findings_rows = 0
        self._unreadable_rows = 0
        self._styles = _Styles(self._summary)
        self._start_findings_sheet(self._findings[0])
        _layout(self._unreadable, _WIDTHS["unreadable"], self._words["footer"])
        self._unreadable.append(self._header(self._unreadable, self._words["unreadable"]))
        self._unreadable_rows = 1

    def add(self, result: FileResult) -> None:
        self._ledger.add(result)
        for finding in result.findings:
            if self._findings_rows == self.rows_per_sheet:
                self._start_findings_sheet(self._new_findings_sheet())
            sheet = self._findings[-1]
            self._findings_rows += 1
            plain, wrapped = self._styles.finding[finding.severity]
            fields = finding_fields(result, finding, self._lang)
            cells = [self._text(sheet, value, wrapped if column in _WRAPPED["findings"] else plain) for column, value in enumerate(fields)]
            _append(sheet, cells, self._findings_rows, _WIDTHS["findings"], _WRAPPED["findings"], fields)
        if result.status != "ok":
            reasons = [f.message for f in result.findings if f.rule in UNREADABLE_RULES] or [f.message for f in result.findings]
            texts = (result.path, "\n".join(reasons))
            self._unreadable_rows += 1
            cells = [self._text(self._unreadable, texts[0], self._styles.wrap), self._text(self._unreadable, texts[1], self._styles.wrap)]
            _append(self._unreadable, cells, self._unreadable_rows, _WIDTHS["unreadable"], (0, 1), texts)

    def close(self) -> None:
        """Write the summary, rule and guide sheets, then the workbook, atomically under its name."""
        if self._closed:
            return
        self._closed = True
        # pandas is imported here, when a workbook is finished, never for a run that writes none.
        from auditor.findings import frames

        findings = frames.findings_frame(self._ledger)
        files = frames.files_frame(self._ledger, findings)
        self._ledger = Ledger(with_text=False)
        self._write_summary(files, frames.records(frames.submissions_table(files, findings)))
        self._write_rules(frames.records(frames.rules_table(files, findings)))
        self._write_guide()
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

    def _write_summary(self, files: pd.DataFrame, table: list[Any]) -> None:
        sheet, words = self._summary, self._words
        headers = words["summary"]
        _layout(sheet, _WIDTHS["summary"], self._words["footer"], header_row=SUMMARY_HEADER_ROW)
        # The totals, across the table's width (merged): text running past it would widen the printed page.
        title = self._title(files, table)
        sheet.merged_cells.add(f"A1:{get_column_letter(len(headers))}1")
        _append(sheet, [self._text(sheet, title, self._styles.title)], 1, (sum(_WIDTHS["summary"]),), (0,), (title,))
        header = self._header(sheet, headers)
        header[6].comment = Comment(words["score"], "auditor", width=320, height=110)
        sheet.append(header)
        linked = 0
        for number, row in enumerate(table, SUMMARY_HEADER_ROW + 1):
            file_cell = self._text(sheet, row.path, self._styles.wrap)
            if row.first_finding >= 0 and linked < MAX_HYPERLINKS:
                file_cell.hyperlink = Hyperlink(ref="", location=self._location(row.first_finding))
                file_cell._style = copy(self._styles.link)
                linked += 1
            status = words["status"]["incomplete" if row.file_problem == "incomplete" else row.status]
            duplicate = self._duplicate(row)
            cells = [
                self._text(sheet, row.department, self._styles.wrap), self._number(sheet, row.year), file_cell,
                self._text(sheet, status, self._styles.top), self._number(sheet, row.errors), self._number(sheet, row.warnings),
                self._number(sheet, row.risk_score), self._text(sheet, duplicate, self._styles.wrap),
            ]
            _append(sheet, cells, number, _WIDTHS["summary"], _WRAPPED["summary"], (row.department, None, row.path, None, None, None, None, duplicate))
        last_row = len(table) + SUMMARY_HEADER_ROW
        sheet.auto_filter.ref = f"A{SUMMARY_HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"

    def _title(self, files: pd.DataFrame, table: list[Any]) -> str:
        """The run's totals, above 汇总's headers: files, submissions, findings, file problems, repeats."""
        words = self._words
        repeated = files["duplicate_kind"].value_counts()
        numbers = {
            "files": len(files), "submissions": len(table),
            "errors": int(files["errors"].sum()), "warnings": int(files["warnings"].sum()), "infos": int(files["infos"].sum()),
            "problems": int(files["file_problem"].notna().sum()), "duplicates": int(repeated.sum()),
            "same_bytes": int(repeated.get(SAME_BYTES, 0)), "same_owner": int(repeated.get(SAME_DEPARTMENT_YEAR, 0)),
        }
        title = words["title"]
        if numbers["problems"]:
            title += words["title_problems"]
        if numbers["duplicates"]:
            title += words["title_duplicates"]
        return (title + words["title_end"]).format(**numbers)

    def _duplicate(self, row: Any) -> str | None:
        """「与 b.xlsx 内容完全相同（共 3 份）」: the other file this one repeats, how, and how many copies."""
        if (row.duplicate_kind) is None:
            return None
        text = self._words[row.duplicate_kind].format(other=row.duplicate_of, department=(row.department) or "", year=(row.year) or "")
        return text + (self._words["copies"].format(copies=row.copies) if row.copies > 2 else "")

    def _write_rules(self, table: list[Any]) -> None:
        sheet = self._rules
        headers = self._words["rules"]
        _layout(sheet, _WIDTHS["rules"], self._words["footer"])
        sheet.append(self._header(sheet, headers))
        for number, row in enumerate(table, 2):
            share = WriteOnlyCell(sheet, float(row.share))
            share._style = copy(self._styles.percent)
            note = self._words["calibration"] if row.needs_calibration else None
            title = self._rule_titles.get(row.rule) or row.name
            cells = [
                self._text(sheet, row.rule), self._text(sheet, title, self._styles.wrap), int(row.files),
                share, int(row.findings), self._text(sheet, note, self._styles.wrap),
            ]
            _append(sheet, cells, number, _WIDTHS["rules"], (1, 5), (None, title, None, None, None, note))
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(table) + 1}"

    def _write_guide(self) -> None:
        sheet = self._guide
        _layout(sheet, _WIDTHS["guide"], self._words["footer"])
        sheet.append(self._header(sheet, self._words["guide"]))
        for number, (item, text) in enumerate(self._words["guide_rows"], 2):
            _append(sheet, [self._text(sheet, item, self._styles.bold), self._text(sheet, text, self._styles.wrap)], number, _WIDTHS["guide"], (1,), (item, text))

    def _location(self, ordinal: int) -> str:
        """``'问题清单'!A12`` for the finding of this ordinal (from 0, in the order rows were written)."""
        per_sheet = self.rows_per_sheet - 1  # each sheet's first row is its header
        index, row = divmod(ordinal, per_sheet)
        return f"{quote_sheetname(self._findings[index].title)}!A{row + 2}"

    # -- cells ----------------------------------------------------------------------------

    def _new_findings_sheet(self) -> WriteOnlyWorksheet:
        title = f"{self._words['sheets'][1]} ({len(self._findings) + 1})"
        sheet = self._workbook.create_sheet(title, index=1 + len(self._findings))
        self._findings.append(sheet)
        return sheet

    def _start_findings_sheet(self, sheet: WriteOnlyWorksheet) -> None:
        _layout(sheet, _WIDTHS["findings"], self._words["footer"])
        sheet.append(self._header(sheet, FINDING_HEADERS[self._lang]))
        self._findings_rows = 1

    def _header(self, sheet: WriteOnlyWorksheet, titles: tuple[str, ...]) -> list[WriteOnlyCell]:
        return [self._text(sheet, title, self._styles.header) for title in titles]

    def _number(self, sheet: WriteOnlyWorksheet, value: int | None) -> WriteOnlyCell:
        """A whole number at the top of its row, beside wrapped text."""
        cell = WriteOnlyCell(sheet, None if value is None else int(value))
        cell._style = copy(self._styles.top)
        return cell

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
        self.header = _style(sheet, font=Font(bold=True), fill=_fill("DDEBF7"), alignment=wrap)
        self.title = _style(sheet, font=Font(bold=True), alignment=wrap)
        self.bold = _style(sheet, font=Font(bold=True), alignment=top)
        self.wrap = _style(sheet, alignment=wrap)
        self.top = _style(sheet, alignment=top)
        self.link = _style(sheet, font=Font(color="0563C1", underline="single"), alignment=wrap)
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


def _layout(sheet: WriteOnlyWorksheet, widths: tuple[int, ...], footer: str, header_row: int = 1) -> None:
    """Column widths, a frozen header row and the print setup: set before the sheet's first row.

    Printed, every sheet is A4 landscape scaled to one page wide and as many pages long as
    it takes (fitToHeight 0), its header row repeated on every page: a summary of 7,000
    rows must print as a list, never as nine pages across for each page down.
    """
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
    sheet.print_options.gridLines = True
    # 「汇总 — 第 3 页，共 9 页」: a loose printed page says where it belongs.
    sheet.oddFooter.center.text = footer.format(sheet="&A")


def _append(
    sheet: WriteOnlyWorksheet, cells: list[Any], row: int, widths: tuple[int, ...], wrapped: tuple[int, ...], texts: tuple[Any, ...]
) -> None:
    """Append row number ``row``, as tall as its wrapped text needs.

    LibreOffice keeps the height a row is stored with and does not fit rows when it opens
    a workbook, so a row stored without one prints a long message cut to its first line.
    The height is set only while the row is written, so no per-row record stays in memory.
    """
    lines = max((_lines(texts[column], widths[column]) for column in wrapped if texts[column]), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)
    sheet.append(cells)
    if lines > 1:
        del sheet.row_dimensions[row]


def _lines(text: Any, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (a CJK character is about 1.6,
    as LibreOffice and Excel draw it beside digits; a little over, so that nothing is cut)."""
    usable = max(1, width - 1)
    total = 0
    for paragraph in str(text).split("\n"):
        # UTF-8 gives 3 bytes for a CJK character and 1 for ASCII: a width estimate without a loop in Python.
        units = len(paragraph) + 0.3 * (len(paragraph.encode("utf-8", "surrogatepass")) - len(paragraph))
        total += max(1, -(-int(units) // usable))
    return total


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

"""Marking a workbook copy: every cited cell filled by severity and commented, and a first sheet 审核意见.

A reviewer opens the copy and sees, on the department's own sheets, which cells the
findings are about — red for an error, amber for a warning, blue for a note, light
enough to read and print — with the finding in the cell's comment. The first sheet,
审核意见, lists every finding with links to its cells, so nothing depends on spotting a
colour; a location the copy cannot find (a sheet that is not there) is listed too,
marked as not found. Text written into cells is always stored as text: a project called
``=HYPERLINK(…)`` is shown, never run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from math import ceil

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcswidth

from auditor.formats.annotated.finding_text import AUTHOR, finding_text
from auditor.formats.annotated.locations import CellRange, cell_range
from auditor.formats.cell_text import clean_text
from auditor.formats.interface import OutputOptions
from auditor.formats.words import tally_text, title_of
from auditor.model import SEVERITY_NAMES, FileResult, Finding

#: Light fills that stay readable in print: error red, warning amber, info blue.
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
_RANK = {"error": 0, "warning": 1, "info": 2}
#: At most this many cells of one cited range are filled (a whole-column reference must not
#: create a million cells); the comment on its first cell says the rest.
MAX_FILLED_CELLS = 10_000

WORDS = {
    "zh": {
        "sheet": "审核意见",
        "title": "审核意见：{name}",
        "legend": "auditor 筛查结果。被引用的单元格已标色（红：错误；黄：警告；蓝：提示），批注写明问题；点击“单元格”列可跳到该单元格。",
        "headers": ("序号", "规则", "级别", "项目", "问题", "单元格"),
        "more": "单元格 {n}",
        "not_found": "{location}（副本中找不到）",
        "none": "没有发现问题。",
        "notes": "说明",
    },
    "en": {
        "sheet": "Review",
        "title": "Review: {name}",
        "legend": "Screened by auditor. Cited cells are coloured (red: error; amber: warning; blue: info) and carry the finding as a comment; the cell links jump to them.",
        "headers": ("No.", "Rule", "Severity", "Project", "Finding", "Cell"),
        "more": "Cell {n}",
        "not_found": "{location} (not found in the copy)",
        "none": "No findings.",
        "notes": "Notes",
    },
}
_WIDTHS = (6, 7, 7, 20, 60)
_LOCATION_WIDTH = 18
#: Points per line of wrapped text in the default font, for row heights.
_LINE_HEIGHT = 16
_LINK = Font(color="0563C1", underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class _Marks:
    """What one cell of the copy gets: the worst severity citing it, and, on an anchor, the findings."""

    severity: str = "info"
    findings: list[Finding] = field(default_factory=list)


def mark_workbook(workbook: Workbook, result: FileResult, file_name: str, options: OutputOptions, notes: Sequence[str]) -> None:
    """Fill and comment every cell ``result``'s findings cite and put the 审核意见 sheet first."""
    lang = options.lang
    words = WORDS["en" if lang == "en" else "zh"]
    marks: dict[tuple[str, int, int], _Marks] = {}
    found: dict[str, CellRange | None] = {}
    for finding in result.findings:
        for location in finding.locations:
            cells = _resolved(workbook, location)
            found[location] = cells
            if cells is not None:
                _cite(workbook[cells.sheet], cells, finding, marks)
    for (sheet, row, col), mark in marks.items():
        _apply(workbook[sheet].cell(row, col), mark, options)
    _review_sheet(workbook, result, file_name, words, lang, found, notes)


def _resolved(workbook: Workbook, location: str) -> CellRange | None:
    """The cells a location names, when the copy has its worksheet (by name, else ignoring case)."""
    cells = cell_range(location)
    if cells is None:
        return None
    titles = [sheet.title for sheet in workbook.worksheets]  # worksheets only: a chart sheet has no cells
    if cells.sheet in titles:
        return cells
    name = {title.casefold(): title for title in titles}.get(cells.sheet.casefold())
    if name is None:
        return None
    return CellRange(name, cells.first_row, cells.first_col, cells.last_row, cells.last_col)


def _cite(sheet: Worksheet, cells: CellRange, finding: Finding, marks: dict[tuple[str, int, int], _Marks]) -> None:
    """Record the fill of every cell of the range and the finding on its anchor (a merged
    range's first cell, where Excel shows a comment)."""
    last_col = cells.last_col if cells.last_col is not None else max(sheet.max_column, 1)
    last_row = max(min(cells.last_row, sheet.max_row), cells.first_row)
    every = ((row, col) for row in range(cells.first_row, last_row + 1) for col in range(cells.first_col, last_col + 1))
    for row, col in islice(every, MAX_FILLED_CELLS):
        mark = marks.setdefault((sheet.title, row, col), _Marks())
        mark.severity = min(mark.severity, finding.severity, key=_RANK.__getitem__)
    anchor_row, anchor_col = _merged_anchor(sheet, *cells.anchor)
    anchor = marks.setdefault((sheet.title, anchor_row, anchor_col), _Marks())
    anchor.severity = min(anchor.severity, finding.severity, key=_RANK.__getitem__)
    if finding not in anchor.findings:
        anchor.findings.append(finding)


def _merged_anchor(sheet: Worksheet, row: int, col: int) -> tuple[int, int]:
    """The first cell of the merged range holding a cell (the one that shows its value), else the cell."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, col


def _apply(cell: Cell | MergedCell, mark: _Marks, options: OutputOptions) -> None:
    cell.fill = PatternFill("solid", fgColor=FILLS[mark.severity])
    if not mark.findings or isinstance(cell, MergedCell):
        return
    text = "\n\n".join(finding_text(finding, options.lang, options.rule_titles) for finding in mark.findings)
    if cell.comment is not None and cell.comment.text:  # the department's own comment stays, first
        text = f"{cell.comment.text}\n\n—— {AUTHOR} ——\n{text}"
    cell.comment = _comment(text)


def _comment(text: str) -> Comment:
    """A comment box big enough to read its text without resizing (about 40 columns wide)."""
    lines = sum(max(1, ceil(wcswidth(line) / 40)) if wcswidth(line) > 0 else 1 for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(600, 24 + 14 * lines), width=300)


def _review_sheet(workbook: Workbook, result: FileResult, file_name: str, words: dict, lang: str,
                  found: dict[str, CellRange | None], notes: Sequence[str]) -> None:
    """The first sheet: what was checked, the notes on the copy, and the findings with links."""
    name = words["sheet"]
    while name in workbook.sheetnames:  # a copy of a copy: its own 审核意见 stays as it was
        name = f"{name}（{AUTHOR}）" if lang != "en" else f"{name} ({AUTHOR})"
    sheet = workbook.create_sheet(name, 0)
    for other in workbook.worksheets:
        other.sheet_view.tabSelected = False
    workbook.active = 0
    sheet.sheet_view.tabSelected = True
    header_row = _heading(sheet, result, file_name, words, lang, notes) + 1
    widest = max((len(f.locations) for f in result.findings), default=1)
    headers = [*words["headers"], *(words["more"].format(n=n) for n in range(2, widest + 1))]
    for col, header in enumerate(headers, start=1):
        cell = _text(sheet.cell(header_row, col), header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for number, finding in enumerate(result.findings, start=1):
        _finding_row(sheet, header_row + number, number, finding, lang, found, words)
    if not result.findings:
        _text(sheet.cell(header_row + 1, 1), words["none"])
    for col in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = _width(col)
    if result.findings:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(result.findings)}"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    _print_setup(sheet, header_row)


def _heading(sheet: Worksheet, result: FileResult, file_name: str, words: dict, lang: str, notes: Sequence[str]) -> int:
    """The file, its department and counts, the legend and the notes; the last row used (and one blank)."""
    _text(sheet.cell(1, 1), words["title"].format(name=file_name)).font = Font(bold=True, size=14)
    number = {severity: sum(f.severity == severity for f in result.findings) for severity in ("error", "warning", "info")}
    colon = "：" if lang != "en" else ": "
    _text(sheet.cell(2, 1), f"{title_of(result, lang)}{colon}{tally_text(number, lang)}")
    _text(sheet.cell(3, 1), words["legend"])
    for row, note in enumerate(notes, start=4):
        _text(sheet.cell(row, 1), f"{words['notes']}{colon}{note}")
    return 4 + len(notes)


def _finding_row(sheet: Worksheet, row: int, number: int, finding: Finding, lang: str,
                 found: dict[str, CellRange | None], words: dict) -> None:
    """序号, rule, severity (filled in its colour), project, message, then each location linked."""
    sheet.cell(row, 1, number).alignment = _WRAP
    fields = (finding.rule, SEVERITY_NAMES["en" if lang == "en" else "zh"][finding.severity], finding.project or "",
              finding.message)
    for col, value in enumerate(fields, start=2):
        _text(sheet.cell(row, col), value).alignment = _WRAP
    sheet.cell(row, 3).fill = PatternFill("solid", fgColor=FILLS[finding.severity])
    for col, location in enumerate(finding.locations, start=len(fields) + 2):
        _location_cell(sheet.cell(row, col), location, found.get(location), words)
    sheet.row_dimensions[row].height = _LINE_HEIGHT * _lines(sheet, row, len(fields) + 1 + len(finding.locations))


def _width(col: int) -> int:
    return _WIDTHS[col - 1] if col <= len(_WIDTHS) else _LOCATION_WIDTH


def _lines(sheet: Worksheet, row: int, columns: int) -> int:
    """How many lines the row's wrapped text takes (spreadsheets do not size rows they did not write)."""
    lines = 1
    for col in range(2, columns + 1):
        text = str(sheet.cell(row, col).value or "")
        lines = max(lines, sum(max(1, ceil(max(wcswidth(part), 0) / (_width(col) - 1))) for part in text.split("\n")))
    return lines


def _location_cell(cell: Cell, location: str, cells: CellRange | None, words: dict) -> None:
    if cells is None:
        _text(cell, words["not_found"].format(location=location)).alignment = _WRAP
        return
    _text(cell, location).alignment = _WRAP
    target = f"{get_column_letter(cells.first_col)}{cells.first_row}"
    if cells.last_col is not None and (cells.last_row, cells.last_col) != (cells.first_row, cells.first_col):
        target += f":{get_column_letter(cells.last_col)}{cells.last_row}"
    quoted = "'" + cells.sheet.replace("'", "''") + "'"
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quoted}!{target}")
    cell.font = _LINK


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """A4 landscape, as wide as the page, the table's header on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _text(cell: Cell, value: str) -> Cell:
    """Store ``value`` as text, whatever it starts with (never as a formula)."""
    cell.value = clean_text(value)
    cell.data_type = "s"
    return cell

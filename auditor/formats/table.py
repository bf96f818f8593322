"""The terminal view: per file a table of findings (code, severity, project, message, cells) and a summary."""

from __future__ import annotations

import re
from typing import TextIO

from tabulate import tabulate
from wcwidth import wcswidth

from auditor.findings.tally import RunTally, counts
from auditor.formats.interface import OutputOptions, TextFormat
from auditor.formats.words import DEPARTMENT_LEVEL, summary_line, tally_text, title_of
from auditor.model import SEVERITY_NAMES, FileResult

HEADERS = {
    "zh": ["规则", "级别", "项目", "问题", "位置"],
    "en": ["rule", "severity", "project", "finding", "where"],
}
#: How the heading names the layout a file was read in (none for a file that could not be read).
LAYOUT_NAMES = {
    "zh": {"submission-workbook": "自评提交表", "national-form": "全国项目支出绩效自评表", "narrative-report": "自评报告"},
    "en": {"submission-workbook": "submission workbook", "national-form": "national self-evaluation form", "narrative-report": "narrative report"},
}


class TableFormat(TextFormat):
    name = "table"
    suffixes = (".txt",)
    description = {"zh": "终端表格（默认）", "en": "a table per file, for the terminal (the default)"}

    def open_stream(self, out: TextIO, options: OutputOptions) -> TableSink:
        return TableSink(out, options.lang, options.columns)


FORMAT = TableFormat()


class TableSink:
    """A block per file as it comes, the run's summary line at the end."""

    def __init__(self, out: TextIO, lang: str, columns: int = 100) -> None:
        self.out = out
        self.lang = lang
        self.columns = columns
        self.tally = RunTally()

    def add(self, result: FileResult) -> None:
        self.tally.add(result)
        self.out.write(file_block(result, self.lang, self.columns) + "\n\n")

    def close(self) -> None:
        self.out.write(summary_line(self.tally, self.lang) + "\n")
        self.out.flush()


def file_block(result: FileResult, lang: str, columns: int = 100) -> str:
    """One file's heading, findings table and tally, the table no wider than ``columns``."""
    title = title_of(result, lang)
    heading = result.path if title == result.path else f"{result.path} — {title}"  # the path once, not twice
    shown_layout = LAYOUT_NAMES[lang].get(result.layout or "") if result.status == "ok" else None
    if shown_layout:
        heading += f"（{shown_layout}）" if lang == "zh" else f" ({shown_layout})"
    if not result.findings:
        return f"{heading}\n" + ("未发现问题。" if lang == "zh" else "No problems found.")
    rows = [
        [
            f.rule,
            SEVERITY_NAMES[lang][f.severity],
            f.project or DEPARTMENT_LEVEL[lang],
            shorten_quotes(f.message, MESSAGE_QUOTE),
            "\n".join(shorten_quotes(location, LOCATION_QUOTE) for location in f.locations),
        ]
        for f in result.findings
    ]
    widths = column_widths(columns, HEADERS[lang], rows)
    table = tabulate(rows, headers=HEADERS[lang], tablefmt="simple_grid", maxcolwidths=widths)
    return f"{heading}\n{table}\n{tally_text(counts(result), lang)}"


#: Longest quotation kept whole inside a message or a location in the table (JSON keeps them whole).
MESSAGE_QUOTE = 30
LOCATION_QUOTE = 10
_QUOTES = (re.compile(r"(「)([^」]*)(」)"), re.compile(r"(“)([^”]*)(”)"))
#: Narrowest table drawn: below this the columns are kept at their minimum and lines may wrap.
MIN_COLUMNS = 60


def shorten_quotes(text: str, limit: int) -> str:
    """Every 「…」 or “…” quotation longer than ``limit`` characters cut to its head and tail."""

    def cut(match: re.Match[str]) -> str:
        quoted = match.group(2)
        if len(quoted) <= limit:
            return match.group(0)
        head = (limit - 1) * 2 // 3
        return f"{match.group(1)}{quoted[:head]}…{quoted[-(limit - 1 - head):]}{match.group(3)}"

    for quote in _QUOTES:  # 「…」 first: it may hold a “…” of its own
        text = quote.sub(cut, text)
    return text


def column_widths(columns: int, headers: list[str], rows: list[list[str]] | None = None) -> list[int]:
    """Widths of rule, severity, project, message and cells so that the drawn table fits ``columns``.

    A grid table of five columns spends 16 columns on borders and padding; tabulate
    makes every column at least its header plus two; rule and severity take just that.
    Project and cells take what their longest line needs, up to a share of the rest
    (so that a cell reference such as 「工资性支出!C20」 is not broken when it fits), and
    the message gets everything left.
    """
    header_widths = [wcswidth(h) + 2 for h in headers]
    rule, severity = max(4, header_widths[0]), max(4, header_widths[1])
    available = max(MIN_COLUMNS, columns) - 16 - rule - severity

    def needed(column: int) -> int:
        lines = [line for row in rows or [] for line in row[column].split("\n")]
        return max((wcswidth(line) for line in lines), default=0)

    project = max(header_widths[2], min(16, available // 5, needed(2) or 16))
    where = max(header_widths[4], min(24, available // 3, needed(4) or 24))
    message = max(header_widths[3], available - project - where)
    return [rule, severity, project, message, where]

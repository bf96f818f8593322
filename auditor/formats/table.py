"""The terminal view: per file a table of findings (code, severity, project, message, cells) and a summary."""

from __future__ import annotations

from typing import TextIO

from tabulate import tabulate

from auditor.findings.tally import RunTally, counts
from auditor.formats.interface import OutputOptions, TextFormat
from auditor.formats.words import (
    DEPARTMENT_LEVEL,
    SEVERITY_NAMES,
    summary_line,
    tally_text,
    title_of,
)
from auditor.model import FileResult

HEADERS = {
    "zh": ["规则", "级别", "项目", "问题", "位置"],
    "en": ["rule", "severity", "project", "finding", "where"],
}
MESSAGE_WIDTH = 60
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
        return TableSink(out, options.lang)


FORMAT = TableFormat()


class TableSink:
    """A block per file as it comes, the run's summary line at the end."""

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang
        self.tally = RunTally()

    def add(self, result: FileResult) -> None:
        self.tally.add(result)
        self.out.write(file_block(result, self.lang) + "\n\n")

    def close(self) -> None:
        self.out.write(summary_line(self.tally, self.lang) + "\n")
        self.out.flush()


def file_block(result: FileResult, lang: str) -> str:
    """One file's heading, findings table and tally."""
    heading = f"{result.path} — {title_of(result, lang)}"
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
            f.message,
            "\n".join(f.locations),
        ]
        for f in result.findings
    ]
    table = tabulate(rows, headers=HEADERS[lang], tablefmt="simple_grid", maxcolwidths=[None, None, 16, MESSAGE_WIDTH, 24])
    return f"{heading}\n{table}\n{tally_text(counts(result), lang)}"

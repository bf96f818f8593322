"""The terminal view: per file a table of findings (code, severity, project, message, cells) and a summary."""

from __future__ import annotations

from tabulate import tabulate

from auditor.formats.words import DEPARTMENT_LEVEL, SEVERITY_NAMES, counts, summary_line, title_of
from auditor.model import FileResult

HEADERS = {
    "zh": ["规则", "级别", "项目", "问题", "单元格"],
    "en": ["rule", "severity", "project", "finding", "cells"],
}
MESSAGE_WIDTH = 60


class TableFormat:
    def render(self, results: list[FileResult], lang: str) -> str:
        blocks = [self._file_block(result, lang) for result in results]
        return "\n\n".join([*blocks, summary_line(results, lang)]) + "\n"

    def _file_block(self, result: FileResult, lang: str) -> str:
        heading = f"{result.path} — {title_of(result, lang)}"
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
        number = counts(result)
        if lang == "zh":
            tally = f"{number['error']} 个错误，{number['warning']} 个警告"
        else:
            tally = f"{number['error']} error(s), {number['warning']} warning(s)"
        return f"{heading}\n{table}\n{tally}"

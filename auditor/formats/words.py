"""The few words reports share: severity names and summary lines in both languages."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.model import FileResult

SEVERITY_NAMES = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
DEPARTMENT_LEVEL = {"zh": "部门整体", "en": "Department as a whole"}


def counts(result: FileResult) -> dict[str, int]:
    found = {"error": 0, "warning": 0, "info": 0}
    for finding in result.findings:
        found[finding.severity] += 1
    return found


def tally_text(number: dict[str, int], lang: str) -> str:
    """「2 个错误，5 个警告」"""
    if lang == "zh":
        return f"{number['error']} 个错误，{number['warning']} 个警告"
    return f"{number['error']} error(s), {number['warning']} warning(s)"


@dataclass
class RunTally:
    """Totals over a run, added up one result at a time."""

    files: int = 0
    unreadable: int = 0
    severities: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.unreadable += result.status == "error"
        for severity, number in counts(result).items():
            self.severities[severity] += number

    def summary_line(self, lang: str) -> str:
        """「共 3 个文件：2 个错误，5 个警告（1 个文件无法读取）。」"""
        if lang == "zh":
            line = f"共 {self.files} 个文件：{tally_text(self.severities, lang)}"
            return line + (f"（{self.unreadable} 个文件无法读取）" if self.unreadable else "") + "。"
        line = f"{self.files} file(s): {tally_text(self.severities, lang)}"
        return line + (f" ({self.unreadable} file(s) could not be read)" if self.unreadable else "") + "."


def title_of(result: FileResult, lang: str) -> str:
    """「贵州省总工会 2019 年度」 or the file name when the department is unknown."""
    if result.department and result.year:
        return f"{result.department} {result.year} 年度" if lang == "zh" else f"{result.department}, {result.year}"
    return result.department or result.path

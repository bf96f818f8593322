"""The few words reports share: severity names and summary lines in both languages."""

from __future__ import annotations

from auditor.findings.tally import RunTally
from auditor.model import FileResult

DEPARTMENT_LEVEL = {"zh": "部门整体", "en": "Department as a whole"}


def tally_text(number: dict[str, int], lang: str) -> str:
    """「2 个错误，5 个警告」"""
    if lang == "zh":
        return f"{number['error']} 个错误，{number['warning']} 个警告"
    return f"{number['error']} error(s), {number['warning']} warning(s)"


def title_of(result: FileResult, lang: str) -> str:
    """「贵州省总工会 2019 年度」 or the file name when the department is unknown."""
    if result.department and result.year:
        return f"{result.department} {result.year} 年度" if lang == "zh" else f"{result.department}, {result.year}"
    return result.department or result.path


def summary_line(tally: RunTally, lang: str) -> str:
    """「共 3 个文件：2 个错误，5 个警告（1 个文件无法读取）。」"""
    if lang == "zh":
        asides = [f"{tally.unreadable} 个文件无法读取"] if tally.unreadable else []
        asides += [f"{tally.internal_errors} 个文件因 auditor 内部错误未能检查"] if tally.internal_errors else []
        line = f"共 {tally.files} 个文件：{tally_text(tally.severities, lang)}"
        return line + (f"（{'；'.join(asides)}）" if asides else "") + "。"
    asides = [f"{tally.unreadable} file(s) could not be read"] if tally.unreadable else []
    asides += [f"{tally.internal_errors} file(s) not checked: auditor failed on them"] if tally.internal_errors else []
    line = f"{tally.files} file(s): {tally_text(tally.severities, lang)}"
    return line + (f" ({'; '.join(asides)})" if asides else "") + "."

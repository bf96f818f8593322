"""The few words reports share: severity names and summary lines in both languages."""

from __future__ import annotations

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


def summary_line(results: list[FileResult], lang: str) -> str:
    """「3 个文件：2 个错误，5 个警告（1 个文件无法读取）」"""
    totals = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for severity, number in counts(result).items():
            totals[severity] += number
    unreadable = sum(1 for r in results if r.status == "error")
    if lang == "zh":
        line = f"共 {len(results)} 个文件：{totals['error']} 个错误，{totals['warning']} 个警告"
        return line + (f"（{unreadable} 个文件无法读取）" if unreadable else "") + "。"
    line = f"{len(results)} file(s): {totals['error']} error(s), {totals['warning']} warning(s)"
    return line + (f" ({unreadable} file(s) could not be read)" if unreadable else "") + "."


def title_of(result: FileResult, lang: str) -> str:
    """「贵州省总工会 2019 年度」 or the file name when the department is unknown."""
    if result.department and result.year:
        return f"{result.department} {result.year} 年度" if lang == "zh" else f"{result.department}, {result.year}"
    return result.department or result.path

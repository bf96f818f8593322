"""The 「存在的问题」 section a reviewer pastes into the report: numbered, errors first, grouped by project."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from auditor.formats.interface import OutputOptions, TextFormat
from auditor.formats.words import DEPARTMENT_LEVEL, SEVERITY_NAMES, title_of
from auditor.model import FileResult, Finding

HEADING = {"zh": "存在的问题", "en": "Existing problems"}
SECTION = {
    "zh": {"error": "数据矛盾", "warning": "资料不完整或未说明", "info": "提示"},
    "en": {"error": "Contradictions", "warning": "Incomplete or unexplained", "info": "Notes"},
}
NUMERALS = "一二三四五六七八九十"


class MarkdownFormat(TextFormat):
    name = "markdown"
    suffixes = (".md",)
    description = {"zh": "「存在的问题」（Markdown）", "en": "the 「存在的问题」 section (Markdown)"}

    def open_stream(self, out: TextIO, options: OutputOptions) -> MarkdownSink:
        return MarkdownSink(out, options.lang)


FORMAT = MarkdownFormat()


class MarkdownSink:
    """One 「存在的问题」 section per submission, written as each arrives."""

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang

    def add(self, result: FileResult) -> None:
        self.out.write(submission_section(result, self.lang) + "\n")

    def close(self) -> None:
        self.out.flush()


def submission_section(result: FileResult, lang: str) -> str:
    """「存在的问题」 for one submission: errors first, grouped by project, numbered throughout."""
    lines = [f"## {title_of(result, lang)}：{HEADING[lang]}" if lang == "zh" else f"## {title_of(result, lang)}: {HEADING[lang]}", ""]
    lines.append(f"文件：`{result.path}`" if lang == "zh" else f"File: `{result.path}`")
    lines.append("")
    if not result.findings:
        lines += ["未发现数据矛盾或缺漏。" if lang == "zh" else "No contradictions or gaps were found.", ""]
        return "\n".join(lines)
    number = 0
    sections = [s for s in ("error", "warning", "info") if any(f.severity == s for f in result.findings)]
    for index, severity in enumerate(sections):
        label = SECTION[lang][severity]
        lines += [f"### （{NUMERALS[index]}）{label}" if lang == "zh" else f"### {index + 1}. {label}", ""]
        for project, findings in _by_project(f for f in result.findings if f.severity == severity):
            lines += [f"**{project or DEPARTMENT_LEVEL[lang]}**", ""]
            for finding in findings:
                number += 1
                lines.append(f"{number}. {_sentence(finding, lang)}")
            lines.append("")
    return "\n".join(lines)


def _by_project(findings: Iterable[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings grouped by project in order of first appearance (department-level ones first)."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.project, []).append(finding)
    return sorted(groups.items(), key=lambda item: item[0] is not None)


def _sentence(finding: Finding, lang: str) -> str:
    """The message, then the rule and the cells it rests on."""
    severity = SEVERITY_NAMES[lang][finding.severity]
    cells = ("、" if lang == "zh" else ", ").join(finding.locations)
    if lang == "zh":
        where = f"（{finding.rule}，{severity}；见 {cells}）" if cells else f"（{finding.rule}，{severity}）"
    else:
        where = f" ({finding.rule}, {severity}; see {cells})" if cells else f" ({finding.rule}, {severity})"
    return f"{finding.message}{where}"

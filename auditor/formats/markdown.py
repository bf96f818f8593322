"""The 「存在的问题」 section a reviewer pastes into the report: numbered, errors first, grouped by project."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from auditor.formats.interface import OutputOptions, TextFormat
from auditor.formats.words import DEPARTMENT_LEVEL, title_of
from auditor.model import SEVERITY_NAMES, FileResult, Finding

HEADING = {"zh": "存在的问题", "en": "Existing problems"}
SECTION = {
    "zh": {"error": "数据矛盾", "warning": "资料不完整或未说明", "info": "提示", "file": "文件与数据格式问题"},
    "en": {"error": "Contradictions", "warning": "Incomplete or unexplained", "info": "Notes", "file": "Problems with the file itself"},
}
NUMERALS = "一二三四五六七八九十"
#: Rules about the file rather than what it states: D (data) and auditor's own E000.
FILE_RULE_PREFIXES = ("D", "E")


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
    sections = [(key, members) for key, members in _sections(result.findings) if members]
    for index, (key, members) in enumerate(sections):
        label = SECTION[lang][key]
        lines += [f"### （{NUMERALS[index]}）{label}" if lang == "zh" else f"### {index + 1}. {label}", ""]
        for project, findings in _by_project(members):
            lines += [f"**{project or DEPARTMENT_LEVEL[lang]}**", ""]
            for finding in findings:
                number += 1
                lines.append(f"{number}. {_sentence(finding, lang)}")
            lines.append("")
    return "\n".join(lines)


def _sections(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Contradictions, then what is incomplete, then notes; problems with the file itself
    (the D rules, and auditor's own failure) stand apart, whatever their severity."""
    about_file = [f for f in findings if f.rule.startswith(FILE_RULE_PREFIXES)]
    about_content = [f for f in findings if not f.rule.startswith(FILE_RULE_PREFIXES)]
    by_severity = [(s, [f for f in about_content if f.severity == s]) for s in ("error", "warning", "info")]
    return [*by_severity, ("file", about_file)]


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

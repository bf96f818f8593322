"""What 「存在的问题」 says, whatever it is written as: its groups, its numbers and each problem's sentence.

The Markdown section, its plain-text form and the Word section are three renderings of
one outline, built here, so that they never disagree on what a problem says or where it
stands: errors first, then what is incomplete, then notes, and the problems with the
file itself (the D rules, and auditor's own E000) in a group of their own; within each
group the department-level problems first, then by project; problems numbered 1, 2, 3 …
through the whole submission, so that 「第 3 条」 means the same problem in every form.

Published, a problem is its plain message: rule codes and cell references are for the
reviewer, not for the department's report, and are added only ``with_cells``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from auditor.formats.table import LAYOUT_NAMES
from auditor.formats.words import DEPARTMENT_LEVEL, title_of
from auditor.model import SEVERITY_NAMES, FileResult, Finding

HEADING = {"zh": "存在的问题", "en": "Existing problems"}
GROUP_NAMES = {
    "zh": {"error": "数据矛盾", "warning": "资料不完整或未说明", "info": "提示", "file": "文件与数据格式问题"},
    "en": {"error": "Contradictions", "warning": "Incomplete or unexplained", "info": "Notes", "file": "Problems with the file itself"},
}
NOTHING_FOUND = {"zh": "未发现数据矛盾或缺漏。", "en": "No contradictions or gaps were found."}
FILE_LINE = {"zh": "文件：", "en": "File: "}
#: Rules about the file rather than what it states: D (data) and auditor's own E000.
FILE_RULE_PREFIXES = ("D", "E")
#: What comes between a project's name and the rest of a message that starts with it.
PROJECT_COLON = {"zh": "：", "en": ": "}

#: What a line of the outline is, for the forms that set each kind in its own style.
LineKind = Literal["submission", "file", "nothing", "group", "project", "problem"]

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass(frozen=True)
class Problem:
    number: int
    sentence: str


@dataclass(frozen=True)
class ProjectProblems:
    #: The project's name, or 「部门整体」 for what concerns the department as a whole.
    name: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ProblemGroup:
    #: 「（一）数据矛盾」: the label with its number.
    label: str
    projects: tuple[ProjectProblems, ...]


@dataclass(frozen=True)
class SubmissionProblems:
    """One submission's 「存在的问题」, ready to be written in any form."""

    #: 「贵州省总工会 2019 年度（自评报告）」 (the file's name where the department is unknown): the kind of
    #: document tells a department's report from its workbook of the same year in one batch.
    title: str
    path: str
    groups: tuple[ProblemGroup, ...]


def submission_problems(result: FileResult, lang: str, with_cells: bool = False) -> SubmissionProblems:
    """The outline of one submission's problems; see the module docstring for its order."""
    number = 0
    groups: list[ProblemGroup] = []
    for key, members in _groups(result.findings):
        projects: list[ProjectProblems] = []
        for project, findings in _by_project(members):
            problems = []
            for finding in findings:
                number += 1
                problems.append(Problem(number, problem_sentence(finding, lang, with_cells)))
            projects.append(ProjectProblems(project or DEPARTMENT_LEVEL[lang], tuple(problems)))
        groups.append(ProblemGroup(group_label(len(groups) + 1, lang) + GROUP_NAMES[lang][key], tuple(projects)))
    return SubmissionProblems(_title(result, lang), result.path, tuple(groups))


def _title(result: FileResult, lang: str) -> str:
    layout = LAYOUT_NAMES[lang].get(result.layout or "") if result.status == "ok" else None
    if not layout:
        return title_of(result, lang)
    return f"{title_of(result, lang)}（{layout}）" if lang == "zh" else f"{title_of(result, lang)} ({layout})"


def outline_lines(problems: SubmissionProblems, number: int, lang: str, with_cells: bool = False) -> Iterator[tuple[LineKind, str]]:
    """The ``number``-th submission's problems line by line, numbered 一、（一）1. as official documents
    are: what the plain text and the Word section write, one paragraph a line."""
    yield "submission", f"{submission_label(number, lang)}{problems.title}"
    if with_cells:
        yield "file", f"{FILE_LINE[lang]}{problems.path}"
    if not problems.groups:
        yield "nothing", NOTHING_FOUND[lang]
    for group in problems.groups:
        yield "group", group.label
        for project in group.projects:
            yield "project", project.name
            for problem in project.problems:
                yield "problem", f"{problem_label(problem.number)}{problem.sentence}"


def problem_sentence(finding: Finding, lang: str, with_cells: bool = False) -> str:
    """A problem as one plain sentence under its project's name (so without the name again);
    ``with_cells``, followed by the rule, its severity and the cells it rests on."""
    sentence = finding.message
    lead = f"{finding.project}{PROJECT_COLON[lang]}" if finding.project else None
    if lead and sentence.startswith(lead) and len(sentence) > len(lead):
        sentence = sentence[len(lead):]
        sentence = sentence[0].upper() + sentence[1:] if lang == "en" else sentence
    if not with_cells:
        return sentence
    severity = SEVERITY_NAMES[lang][finding.severity]
    cells = ("、" if lang == "zh" else ", ").join(finding.locations)
    if lang == "zh":
        return sentence + (f"（{finding.rule}，{severity}；见 {cells}）" if cells else f"（{finding.rule}，{severity}）")
    return sentence + (f" ({finding.rule}, {severity}; see {cells})" if cells else f" ({finding.rule}, {severity})")


def submission_label(number: int, lang: str) -> str:
    """The first level of an official document's numbering: 「一、」 (「I. 」 in English)."""
    return f"{chinese_numeral(number)}、" if lang == "zh" else f"{roman_numeral(number)}. "


def group_label(number: int, lang: str) -> str:
    """The second level: 「（一）」 (「A. 」 in English, which has no second kind of 1)."""
    return f"（{chinese_numeral(number)}）" if lang == "zh" else f"{_letters(number)}. "


def problem_label(number: int) -> str:
    """The third level, the problems themselves: 「1. 」."""
    return f"{number}. "


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 105 → 一百零五, 20000 → 二万: as numbered sections are written
    (a batch may hold more than ten submissions, so 一 to 十 is not enough)."""
    if number <= 0:
        raise ValueError(f"sections are numbered from 1, not {number}")
    text = _below_myriad_chain(number)
    return text[1:] if text.startswith("一十") else text


def roman_numeral(number: int) -> str:
    """1 → I, 14 → XIV (thousands are repeated Ms)."""
    if number <= 0:
        raise ValueError(f"sections are numbered from 1, not {number}")
    text = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


def _below_myriad_chain(number: int) -> str:
    """``number`` in groups of 万 (亿 and up are 万万…, which no batch reaches in sections)."""
    high, low = divmod(number, 10_000)
    if not high:
        return _below_myriad(low)
    head = _below_myriad_chain(high) + "万"
    if not low:
        return head
    # 「一万零五」: a zero is read where the lower group does not fill its thousands.
    return head + ("零" if low < 1000 else "") + _below_myriad(low)


def _below_myriad(number: int) -> str:
    """1–9999 with 千百十, a 零 for each run of missing places between digits."""
    text, gap = "", False
    for value, unit in _SMALL_UNITS:
        digit, number = divmod(number, value)
        if digit:
            text += ("零" if gap else "") + _DIGITS[digit] + unit
            gap = False
        elif text:
            gap = True
    if number:
        text += ("零" if gap else "") + _DIGITS[number]
    return text


def _letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA (as spreadsheet columns are named)."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _groups(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Contradictions, then what is incomplete, then notes; problems with the file itself
    (the D rules, and auditor's own failure) stand apart, whatever their severity. Empty
    groups are left out."""
    about_file = [f for f in findings if f.rule.startswith(FILE_RULE_PREFIXES)]
    about_content = [f for f in findings if not f.rule.startswith(FILE_RULE_PREFIXES)]
    groups = [(s, [f for f in about_content if f.severity == s]) for s in ("error", "warning", "info")]
    return [(key, members) for key, members in [*groups, ("file", about_file)] if members]


def _by_project(findings: Iterable[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings grouped by project in order of first appearance (department-level ones first)."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.project, []).append(finding)
    return sorted(groups.items(), key=lambda item: item[0] is not None)

"""The HTML report: one page a reviewer opens in any browser, filters, prints on A4 or mails on.

A screening run ends with someone reading it, often on a machine with no network and
often on paper; so the report is one self-contained file — styles, script and charts
inline, no font, image or script fetched from anywhere (its Content-Security-Policy
forbids it) — that reads whole without JavaScript. The script only adds filters by
severity, rule and department, whose state lives in the page's address
(``report.html#severity=error&rule=F001``), so a filtered view can be linked and the
charts' bars are links into it.

Batches can hold 100,000 files, so the sink never holds them: each file's section is
rendered as it arrives and appended to an anonymous temporary file (gone with the
process, whatever happens), and only small counters stay in memory — per run, per
rule, per department, and per file its risk score and where its section lies. At
``close`` the page is rendered around them and written under a hidden name that is
renamed into place (``files``), so a half-written page never has the report's name.

Sections come worst first, by the screening workbook's risk score, ties in path order:
the page is read top down by someone deciding what to look at first, and the workbook
a reviewer may have open beside it is in the same order.

Everything from a submission — department and project names, messages, paths — was
written by someone else and is escaped by Jinja2's autoescape: a department called
``<script>`` is shown as that text, never run.
"""

from __future__ import annotations

import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from wcwidth import wcwidth

from auditor.findings.tally import RuleStatistics, RunTally, counts, findings_score, risk_score
from auditor.formats.cell_text import clean_text
from auditor.formats.files import finish_atomically, open_text_atomically
from auditor.formats.interface import OutputOptions
from auditor.formats.table import LAYOUT_NAMES
from auditor.formats.words import DEPARTMENT_LEVEL, title_of
from auditor.model import SEVERITY_NAMES, FileResult, Finding

TEMPLATES = Path(__file__).with_name("templates")
PAGE_TEMPLATE = "html_report.html.j2"
PARTS_TEMPLATE = "html_report_parts.html.j2"
SEVERITIES = ("error", "warning", "info")
#: Departments in the worst-departments table and in the chart of findings per department.
WORST_DEPARTMENTS = 10
CHART_DEPARTMENTS = 15
#: A location longer than this is a quotation (a report's sentence), not a cell reference.
QUOTE_LENGTH = 30
#: How many columns (a CJK character is two) a chart's label may take before it is cut with 「…」.
CHART_LABEL_COLUMNS = 40

WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "html_lang": "zh-CN",
        "colon": "：",
        "semicolon": "；",
        "severities": SEVERITY_NAMES["zh"],
        "title": "项目支出绩效自评筛查报告",
        "summary": "概况",
        "cards": {
            "files": "文件", "unreadable": "无法读取", "internal_errors": "内部错误",
            "error": "错误", "warning": "警告", "info": "提示",
        },
        "worst": "风险分最高的部门",
        "worst_headers": ("部门", "提交份数", "错误", "警告", "提示", "风险分"),
        "score_note": "风险分 = 错误 × 10 + 警告 × 3 + 提示 × 1；无法读取或未能检查的文件记 100 分。",
        "unknown_department": "（部门不明）",
        "chart_rules": "各规则的问题条数",
        "chart_departments": "各部门的问题条数",
        "chart_worst_departments": "各部门的问题条数（风险分最高的 {n} 个部门）",
        "rules": "规则统计",
        "rules_headers": ("规则", "名称", "触发文件数", "占比", "问题条数", "备注"),
        "calibration": "触发超过半数文件，请检查该规则的参数是否合适",
        "files_heading": "各文件的问题",
        "order_note": "按风险分从高到低排列，同分的按文件路径排列。",
        "nothing": "没有检查任何文件。",
        "no_findings_run": "所有文件均未发现问题。",
        "filters": "筛选",
        "severity": "级别",
        "rule": "规则",
        "department": "部门",
        "all_departments": "全部部门",
        "reset": "显示全部",
        "shown": "显示 {shown} / {total} 条问题",
        "file_meta": {"path": "文件", "department": "部门", "year": "年度", "layout": "类型", "status": "状态", "score": "风险分"},
        "status": {"ok": "读取成功", "error": "无法读取", "internal-error": "auditor 内部错误"},
        "finding_headers": ("规则", "级别", "项目", "问题", "位置"),
        "no_findings": "未发现数据矛盾或缺漏。",
        "notes": "说明",
        "tally": "{error} 个错误，{warning} 个警告，{info} 个提示",
        "footer": "由 auditor 生成。本页不含任何外部资源，可离线打开、打印或转发。",
    },
    "en": {
        "html_lang": "en",
        "colon": ": ",
        "semicolon": "; ",
        "severities": SEVERITY_NAMES["en"],
        "title": "Screening report of project-expenditure performance self-evaluations",
        "summary": "Summary",
        "cards": {
            "files": "files", "unreadable": "unreadable", "internal_errors": "internal errors",
            "error": "errors", "warning": "warnings", "info": "infos",
        },
        "worst": "Departments with the highest risk scores",
        "worst_headers": ("Department", "Submissions", "Errors", "Warnings", "Infos", "Risk score"),
        "score_note": "Risk score = errors × 10 + warnings × 3 + infos × 1; a file that could not be read or checked scores 100.",
        "unknown_department": "(department unknown)",
        "chart_rules": "Findings per rule",
        "chart_departments": "Findings per department",
        "chart_worst_departments": "Findings per department (the {n} with the highest risk scores)",
        "rules": "Rule statistics",
        "rules_headers": ("Rule", "Title", "Files fired on", "Share", "Findings", "Note"),
        "calibration": "Fires on more than half of the files: check that the rule's parameters fit",
        "files_heading": "Findings by file",
        "order_note": "Highest risk score first; equal scores in path order.",
        "nothing": "No file was checked.",
        "no_findings_run": "No file has any finding.",
        "filters": "Filter",
        "severity": "Severity",
        "rule": "Rule",
        "department": "Department",
        "all_departments": "All departments",
        "reset": "Show all",
        "shown": "Showing {shown} of {total} findings",
        "file_meta": {"path": "File", "department": "Department", "year": "Year", "layout": "Kind", "status": "Status", "score": "Risk score"},
        "status": {"ok": "read", "error": "unreadable", "internal-error": "auditor failed"},
        "finding_headers": ("Rule", "Severity", "Project", "Finding", "Where"),
        "no_findings": "No contradictions or gaps were found.",
        "notes": "Notes",
        "tally": "{error} error(s), {warning} warning(s), {info} info(s)",
        "footer": "Written by auditor. This page holds no external resource: it opens offline, prints and can be passed on as it is.",
    },
}


# -- what the template shows ----------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    rule: str
    rule_title: str
    severity: str
    project: str
    message: str
    locations: tuple[str, ...]
    #: The department whose figures it is about ("" when unknown), for the department filter.
    department: str


@dataclass(frozen=True)
class FileSection:
    number: int
    path: str
    heading: str
    department: str
    year: int | None
    layout: str | None
    status: str
    score: int
    severities: Mapping[str, int]
    notes: tuple[str, ...]
    findings: tuple[FindingRow, ...]
    #: A workbook holding tables of several departments shows each finding's department.
    several_departments: bool
    #: Locations that quote a report's sentences (「第12段「…」」) get a wider column than cell references.
    quotes: bool


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    severity: str
    count: int


@dataclass(frozen=True)
class Bar:
    y: float
    label: str
    full_label: str
    href: str
    total: int
    segments: tuple[Segment, ...]
    #: Where the last segment ends, for the total printed after it.
    end: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart, laid out here and drawn as inline SVG by the template."""

    title: str
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


@dataclass
class DepartmentTally:
    submissions: int = 0
    score: int = 0
    severities: Counter[str] = field(default_factory=Counter)


# -- the sink -------------------------------------------------------------------------------


class HtmlReport:
    """A ``ResultSink`` writing the HTML report to ``path`` (which appears only on ``close``)."""

    def __init__(self, path: Path, lang: str = "zh", rule_titles: Mapping[str, str] | None = None) -> None:
        self._path = Path(path)
        self._lang = "en" if lang == "en" else "zh"
        self._words = WORDS[self._lang]
        self._rule_titles = dict(rule_titles or {})
        self._environment = _environment()
        self._file_section = self._environment.get_template(PARTS_TEMPLATE).module.file_section  # type: ignore[attr-defined]
        self.tally = RunTally()
        self.rules = RuleStatistics()
        self.departments: dict[str | None, DepartmentTally] = {}
        self._rule_severity: dict[str, str] = {}
        self._rule_names: dict[str, str] = {}
        # In the folder of the report (its file system has room for what the report will hold);
        # anonymous, so nothing is left behind by a crash.
        self._sections: IO[bytes] = tempfile.TemporaryFile(prefix=".auditor-html-", dir=self._path.parent)
        # Per file, in arrival (path) order: its risk score and where its section lies, 24 bytes a file.
        self._scores, self._offsets, self._lengths = array("q"), array("q"), array("q")
        self._written = 0
        self._closed = False

    def add(self, result: FileResult) -> None:
        self.tally.add(result)
        self.rules.add(result)
        for finding in result.findings:
            self._rule_severity.setdefault(finding.rule, finding.severity)
            self._rule_names.setdefault(finding.rule, finding.name)
        for department, score, findings in _submissions(result):
            tally = self.departments.setdefault(department, DepartmentTally())
            tally.submissions += 1
            tally.score += score
            tally.severities.update(f.severity for f in findings)
        html = str(self._file_section(self._section(result), self._words)).encode("utf-8")
        self._sections.write(html)
        self._scores.append(risk_score(result))
        self._offsets.append(self._written)
        self._lengths.append(len(html))
        self._written += len(html)

    def close(self) -> None:
        """Render the page around the stored sections and give it its name."""
        if self._closed:
            return
        self._closed = True
        try:
            page = self._environment.get_template(PAGE_TEMPLATE)
            handle, temporary = open_text_atomically(self._path, "utf-8", "\n")
            try:
                with handle:
                    for chunk in page.generate(**self._summary(), sections=self._stored_sections()):
                        handle.write(chunk)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            finish_atomically(temporary, self._path)
        finally:
            self._sections.close()

    # -- views ------------------------------------------------------------------------------

    def _section(self, result: FileResult) -> FileSection:
        rows = _in_reading_order(self._finding_row(result, finding) for finding in result.findings)
        layout = LAYOUT_NAMES[self._lang].get(result.layout or "") if result.status == "ok" else None
        return FileSection(
            number=len(self._scores) + 1,
            path=result.path,
            # 「贵州省总工会 2019 年度」; a file whose department is unknown by its name (the path follows).
            heading=title_of(result, self._lang) if result.department else Path(result.path).name,
            department=result.department or "",
            year=result.year,
            layout=layout,
            status=result.status,
            score=risk_score(result),
            severities=counts(result),
            notes=tuple(result.notes),
            findings=rows,
            several_departments=len({row.department for row in rows}) > 1,
            quotes=any(len(location) > QUOTE_LENGTH for row in rows for location in row.locations),
        )

    def _finding_row(self, result: FileResult, finding: Finding) -> FindingRow:
        return FindingRow(
            rule=finding.rule,
            rule_title=self._rule_title(finding.rule),
            severity=finding.severity,
            project=finding.project or DEPARTMENT_LEVEL[self._lang],
            message=finding.message,
            locations=tuple(finding.locations),
            department=finding.department or result.department or "",
        )

    def _rule_title(self, code: str) -> str:
        return self._rule_titles.get(code) or self._rule_names.get(code) or ""

    def _summary(self) -> dict[str, Any]:
        """Everything above the sections: counts, worst departments, charts, filter choices."""
        known = [(name, tally) for name, tally in self.departments.items() if name is not None]
        # Departments with nothing found are not among the worst, however few departments there are.
        worst = sorted(((name, tally) for name, tally in known if tally.score), key=lambda item: (-item[1].score, item[0]))
        codes = sorted(self.rules.findings, key=lambda code: (-self.rules.findings[code], code))
        return {
            "words": self._words,
            "severities": SEVERITIES,
            "tally": self.tally,
            "findings_total": sum(self.tally.severities.values()),
            "worst_departments": worst[:WORST_DEPARTMENTS],
            "rule_chart": self._rule_chart(codes),
            "department_chart": self._department_chart(worst),
            "rule_rows": [
                {
                    "code": code,
                    "title": self._rule_title(code),
                    "severity": self._rule_severity[code],
                    "fired_on": self.rules.fired_on[code],
                    "share": self.rules.share(code),
                    "findings": self.rules.findings[code],
                    "calibration": self.rules.needs_calibration(code),
                }
                for code in sorted(self.rules.findings)
            ],
            "department_names": sorted(name for name, _ in known),
            "unknown_department": None in self.departments,
        }

    def _rule_chart(self, codes: list[str]) -> BarChart | None:
        rows = [
            (f"{code} {self._rule_title(code)}".strip(), f"#rule={quote(code, safe='')}", {self._rule_severity[code]: self.rules.findings[code]})
            for code in codes
        ]
        return bar_chart(self._words["chart_rules"], rows)

    def _department_chart(self, worst: list[tuple[str | None, DepartmentTally]]) -> BarChart | None:
        rows = [(name or "", f"#department={quote(name or '')}", dict(tally.severities)) for name, tally in worst[:CHART_DEPARTMENTS]]
        title = self._words["chart_worst_departments" if len(worst) > CHART_DEPARTMENTS else "chart_departments"]
        return bar_chart(title.format(n=CHART_DEPARTMENTS), rows)

    def _stored_sections(self) -> Iterator[Markup]:
        """The sections, worst first (ties in arrival order, which is path order), read back one at a time."""
        scores = self._scores
        for index in sorted(range(len(scores)), key=lambda index: (-scores[index], index)):
            self._sections.seek(self._offsets[index])
            yield Markup(self._sections.read(self._lengths[index]).decode("utf-8"))  # rendered by us, escaped


# -- the format -----------------------------------------------------------------------------


class HtmlReportFormat:
    """The HTML report as an output format: written to a file only (``--output report.html``)."""

    name = "html"
    suffixes = (".html",)
    streams = False
    description = {
        "zh": "HTML 报告（单个文件，可离线打开、筛选、打印）",
        "en": "the HTML report (one self-contained page: filters, charts, prints on A4)",
    }

    def open_stream(self, out: object, options: OutputOptions) -> HtmlReport:
        raise TypeError("the HTML report is written to a file, never to standard output")

    def open_file(self, path: Path, options: OutputOptions) -> HtmlReport:
        return HtmlReport(path, options.lang, options.rule_titles)


FORMAT = HtmlReportFormat()


# -- helpers --------------------------------------------------------------------------------


def bar_chart(title: str, rows: list[tuple[str, str, Mapping[str, int]]]) -> BarChart | None:
    """Bars of counts by severity, one per ``(label, link, counts)`` row, longest scaled to the width."""
    rows = [row for row in rows if sum(row[2].values())]
    if not rows:
        return None
    width, label_width, bar_height, gap, value_room = 880, 320, 18, 8, 56
    scale = (width - label_width - value_room) / max(sum(row[2].values()) for row in rows)
    bars = []
    for index, (label, href, numbers) in enumerate(rows):
        x, segments = float(label_width), []
        for severity in SEVERITIES:
            if numbers.get(severity):
                segments.append(Segment(round(x, 1), round(max(numbers[severity] * scale, 1.0), 1), severity, numbers[severity]))
                x += numbers[severity] * scale
        end = segments[-1].x + segments[-1].width
        bars.append(Bar(index * (bar_height + gap), clip(label, CHART_LABEL_COLUMNS), label, href, sum(numbers.values()), tuple(segments), end))
    return BarChart(title, width, len(rows) * (bar_height + gap), label_width, bar_height, tuple(bars))


def clip(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns (CJK characters take two), ending in 「…」 when cut."""
    used, kept = 0, []
    for character in text:
        used += max(wcwidth(character), 0)
        if used > columns - 1:
            return "".join(kept) + "…"
        kept.append(character)
    return text


def _in_reading_order(rows: Iterable[FindingRow]) -> tuple[FindingRow, ...]:
    """Each department's findings together (in a workbook of several), errors first, else in the rules' order."""
    rows = list(rows)
    first_seen = {department: index for index, department in enumerate(dict.fromkeys(row.department for row in rows))}
    return tuple(sorted(rows, key=lambda row: (first_seen[row.department], SEVERITIES.index(row.severity))))


def _submissions(result: FileResult) -> list[tuple[str | None, int, list[Finding]]]:
    """Each submission a result holds — department, risk score, findings — as the screening workbook ranks them.

    A workbook holding tables of several departments or years is one submission per table,
    each scored on its own findings; any other file is one, scored as a whole.
    """
    owners: dict[tuple[str | None, int | None], list[Finding]] = {}
    for finding in result.findings:
        owners.setdefault((finding.department or result.department, finding.year or result.year), []).append(finding)
    if result.status != "ok" or len(owners) <= 1:
        return [(result.department, risk_score(result), result.findings)]
    return [(department, findings_score(own), own) for (department, _), own in owners.items()]


def _environment() -> Environment:
    """Jinja2 with autoescape on, and every text cleaned of what no HTML file can hold (lone surrogates …)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_writable,
    )


def _writable(value: object) -> object:
    # Markup is ours (a section rendered earlier): already escaped and clean.
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_text(value)
    return value

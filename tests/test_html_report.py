"""The HTML report: the streaming sink (counts, order, escaping, atomic write, memory), and the page in a real browser.

The unit tests feed hand-built results, so every count, score and order is known, and
read the page back with the standard library's HTML parser. The browser tests load
the report of ``auditor check sample_submissions/ --output report.html`` in Debian's
headless Chromium (installed by ``make test``): the rendered DOM must hold every
finding of the JSON report of the same run; the filters — set through the page's
address, as the charts' links and a shared link set them, or by clicks that a script
appended to a copy of the page performs — must hide exactly the findings they leave
out; a screenshot must show the page, and printing must give A4 pages without the
filters.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tracemalloc
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pdfplumber
import pytest
from PIL import Image
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.html_report import CHART_DEPARTMENTS, CHART_LABEL_COLUMNS, HtmlReport, clip
from auditor.formats.registry import format_for_file, load_format
from auditor.model import FileResult, Finding
from tests.conftest import REPO

HOSTILE_DEPARTMENT = '<script>alert("department")</script>'
HOSTILE_PROJECT = "<b>&amp;</b>"
HOSTILE_MESSAGE = "</td></tr></table><img src=x onerror=alert(1)>"
HOSTILE_LOCATION = '"><svg onload=alert(1)>'
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


# -- reading a page back --------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self, tag: str | None = None, cls: str | None = None) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                    yield child
                yield from child.iter(tag, cls)

    def first(self, tag: str | None = None, cls: str | None = None) -> Node:
        return next(self.iter(tag, cls))

    @property
    def hidden(self) -> bool:
        return "hidden" in self.attrs


class TreeBuilder(HTMLParser):
    """The document tree of a page as written (or as Chromium serialises its DOM)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {name: value or "" for name, value in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Row:
    path: str
    rule: str
    severity: str
    project: str
    message: str
    cells: tuple[str, ...]
    department: str


def finding_rows(document: Node, visible_only: bool = False) -> list[Row]:
    """Every finding row of a page or a section (or only those neither hidden nor in a hidden section)."""
    rows = []
    for section in [document] if "file" in document.classes() else document.iter("section", "file"):
        path = section.first("dd", "path").text()
        for row in section.iter("tr", "finding"):
            if visible_only and (row.hidden or section.hidden):
                continue
            cells = {next(iter(td.classes())): td for td in row.iter("td")}
            rows.append(
                Row(
                    path, row.attrs["data-rule"], row.attrs["data-severity"], cells["project"].text(), cells["message"].text(),
                    tuple(span.text() for span in cells["cells"].iter("span", "cell")), row.attrs["data-department"],
                )
            )
    return rows


def expected_rows(results: list[dict], lang: str = "zh") -> list[Row]:
    """The rows the page must show for the JSON report's results."""
    level = "部门整体" if lang == "zh" else "Department as a whole"
    return [
        Row(
            result["path"], finding["rule"], finding["severity"], finding["project"] or level, finding["message"],
            tuple(finding["locations"]), finding["department"] or result["department"] or "",
        )
        for result in results
        for finding in result["findings"]
    ]


# -- results built by hand ------------------------------------------------------------------


def finding(rule: str, severity: str, message: str, project: str | None = None, locations: list[str] | None = None, **extra: object) -> Finding:
    return Finding(rule=rule, name=f"name-{rule}", severity=severity, project=project, message=message, locations=locations or [], **extra)  # type: ignore[arg-type]


def batch() -> list[FileResult]:
    """Five files in path order: scores a 23, b 6, c 100 (unreadable), d 13, e 0."""
    return [
        FileResult(
            path="a.xlsx", department="甲局", year=2019, layout="submission-workbook",
            findings=[
                finding("F001", "error", "送温暖资金：资金明细合计不符。", "送温暖资金", ["项目!C4", "资金明细!C4:C10"]),
                finding("F001", "error", "慰问资金：资金明细合计不符。", "慰问资金", ["项目!C5"]),
                finding("I001", "warning", "送温暖资金：缺少质量指标。", "送温暖资金", ["项目!A4"]),
            ],
        ),
        FileResult(
            path="b.xlsx", department="乙局", year=2020, layout="national-form",
            findings=[finding("I001", "warning", "项目一：缺少时效指标。", "项目一"), finding("I001", "warning", "项目二：缺少成本指标。", "项目二")],
            notes=["按全国项目支出绩效自评表读取（1 张表）"],
        ),
        FileResult(path="c.xlsx", status="error", findings=[finding("D001", "error", "文件无法读取：不是 xlsx 文件。")]),
        FileResult(
            path="d.docx", department="甲局", year=2020, layout="narrative-report",
            findings=[finding("B001", "error", "报告声明“当年无余额”，但资金明细不符。", None, ["第12段「当年无余额」"]), finding("I009", "info", "成本指标方向。", "项目三")],
        ),
        FileResult(path="e.xlsx", department="戊局", year=2019, layout="submission-workbook"),
    ]


def write(folder: Path, results: list[FileResult], lang: str = "zh", rule_titles: dict[str, str] | None = None) -> Path:
    target = folder / "report.html"
    sink = HtmlReport(target, lang, rule_titles)
    for result in results:
        sink.add(result)
    sink.close()
    return target


@pytest.fixture()
def page(tmp_path: Path) -> Node:
    return parse(write(tmp_path, batch(), rule_titles={"F001": "资金明细合计与执行数不一致"}).read_text(encoding="utf-8"))


def numbers(row: Node) -> list[str]:
    return [cell.text().strip() for cell in row.iter("td")]


# -- the sink -------------------------------------------------------------------------------


def test_it_is_the_format_an_html_output_gets() -> None:
    assert format_for_file(Path("report.html")).name == "html"
    assert format_for_file(Path("REPORT.HTML")).name == "html"
    html = load_format("html")
    assert html.suffixes == (".html",) and html.streams is False


def test_the_cli_names_output_for_the_html_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    printed = CliRunner().invoke(app, ["check", "sample_submissions/clean-example.xlsx", "--format", "html"])
    assert printed.exit_code == 2 and "--output NAME.html" in printed.output


def test_summary_counts_every_file_and_severity(page: Node) -> None:
    cards = {item.attrs["class"]: item.first("span", "number").text() for item in page.first("ul", "cards").iter("li")}
    assert cards == {"files": "5", "unreadable": "1", "error": "4", "warning": "3", "info": "1"}  # no internal error: no card


def test_worst_departments_by_summed_risk_score_without_the_clean_or_unknown(page: Node) -> None:
    rows = [numbers(row) for row in page.first("table", "worst").first("tbody").iter("tr")]
    # 甲局: a.xlsx 2 × 10 + 3 = 23 and d.docx 10 + 1 = 11; 乙局 2 × 3; 戊局 nothing found; c.xlsx has no department.
    assert rows == [["甲局", "2", "3", "1", "1", "34"], ["乙局", "1", "0", "2", "0", "6"]]
    assert page.first("table", "worst").first("a").attrs["href"] == "#department=" + quote("甲局")


def test_rule_statistics_and_titles(page: Node) -> None:
    rows = {row[0]: row[1:] for row in (numbers(row) for row in page.first("table", "rules").first("tbody").iter("tr"))}
    assert rows["F001"] == ["资金明细合计与执行数不一致", "1", "20.0%", "2", ""]
    assert rows["I001"] == ["name-I001", "2", "40.0%", "3", ""]  # a rule without a title in the options: its name
    assert set(rows) == {"B001", "D001", "F001", "I001", "I009"}


def test_charts_are_inline_svg_bars_linking_to_the_filters(page: Node) -> None:
    rule_chart, department_chart = page.iter("svg")
    assert [caption.text() for caption in page.iter("figcaption")] == ["各规则的问题条数", "各部门的问题条数"]  # every department shown
    links = [a.attrs["href"] for a in rule_chart.iter("a")]
    assert links == ["#rule=I001", "#rule=F001", "#rule=B001", "#rule=D001", "#rule=I009"]  # most findings first
    assert [a.first("text", "value").text() for a in rule_chart.iter("a")] == ["3", "2", "1", "1", "1"]
    error_bar = next(a for a in rule_chart.iter("a") if a.attrs["href"] == "#rule=F001")
    assert [rect.classes() for rect in error_bar.iter("rect")] == [{"sev-error"}]
    # 甲局's bar: 3 errors, 1 warning, 1 info, stacked in that order, lengths in proportion.
    first = department_chart.first("a")
    assert first.attrs["href"] == "#department=" + quote("甲局")
    widths = [(rect.attrs["class"], float(rect.attrs["width"])) for rect in first.iter("rect")]
    assert [name for name, _ in widths] == ["sev-error", "sev-warning", "sev-info"]
    assert widths[0][1] == pytest.approx(3 * widths[1][1], rel=0.01) and widths[1][1] == pytest.approx(widths[2][1], rel=0.01)


def test_the_department_chart_keeps_the_worst(tmp_path: Path) -> None:
    results = [
        FileResult(path=f"{n:02}.xlsx", department=f"第{n:02}局", findings=[finding("I001", "warning", "缺指标。")] * n) for n in range(1, 21)
    ]
    document = parse(write(tmp_path, results).read_text(encoding="utf-8"))
    _, department_chart = document.iter("svg")
    labels = [a.first("text", "label").text() for a in department_chart.iter("a")]
    assert labels == [f"第{n:02}局" for n in range(20, 20 - CHART_DEPARTMENTS, -1)]
    assert [caption.text() for caption in document.iter("figcaption")][1] == f"各部门的问题条数（风险分最高的 {CHART_DEPARTMENTS} 个部门）"


def test_long_chart_labels_are_clipped_with_the_whole_in_the_tooltip() -> None:
    name = "贵州省" + "某某" * 30 + "局"
    clipped = clip(name, CHART_LABEL_COLUMNS)
    assert clipped.endswith("…") and name.startswith(clipped[:-1])
    assert sum(2 if unicodedata.east_asian_width(c) == "W" else 1 for c in clipped) <= CHART_LABEL_COLUMNS
    assert clip("F001 短标题", CHART_LABEL_COLUMNS) == "F001 短标题"


def test_sections_worst_first_ties_in_path_order(page: Node) -> None:
    paths = [section.first("dd", "path").text() for section in page.iter("section", "file")]
    assert paths == ["c.xlsx", "a.xlsx", "d.docx", "b.xlsx", "e.xlsx"]


def test_each_section_shows_its_file_and_every_finding(page: Node) -> None:
    sections = {section.first("dd", "path").text(): section for section in page.iter("section", "file")}
    a = sections["a.xlsx"]
    assert "甲局 2019 年度" in a.first("h3").text() and a.first("span", "score").text() == "23"
    assert a.first("dd", "layout").text() == "自评提交表" and a.first("dd", "year").text() == "2019"
    assert "2 个错误，1 个警告，0 个提示" in a.first("dd", "status").text()
    assert [(r.rule, r.severity, r.project, r.cells) for r in finding_rows(a)] == [
        ("F001", "error", "送温暖资金", ("项目!C4", "资金明细!C4:C10")),
        ("F001", "error", "慰问资金", ("项目!C5",)),
        ("I001", "warning", "送温暖资金", ("项目!A4",)),
    ]
    assert [note.text() for note in sections["b.xlsx"].first("ul", "notes").iter("li")] == ["按全国项目支出绩效自评表读取（1 张表）"]
    assert finding_rows(sections["d.docx"])[0].project == "部门整体"
    assert sections["c.xlsx"].first("dd", "status").text().startswith("无法读取") and "status-error" in sections["c.xlsx"].classes()
    assert sections["e.xlsx"].first("p", "clean").text() == "未发现数据矛盾或缺漏。"
    # Every finding once, errors first within a file.
    assert Counter(finding_rows(page)) == Counter(expected_rows([r.model_dump(mode="json") for r in batch()]))


def test_a_file_auditor_failed_on_is_counted_and_ranked_with_the_unreadable(tmp_path: Path) -> None:
    failed = FileResult(path="f/x.xlsx", department="甲局", status="internal-error", findings=[finding("E000", "error", "auditor 内部错误，请报告。")])
    document = parse(write(tmp_path, [*batch(), failed]).read_text(encoding="utf-8"))
    cards = {item.attrs["class"]: item.first("span", "number").text() for item in document.first("ul", "cards").iter("li")}
    assert cards["internal_errors"] == "1" and cards["unreadable"] == "1" and cards["files"] == "6"
    sections = list(document.iter("section", "file"))
    assert [s.first("dd", "path").text() for s in sections[:2]] == ["c.xlsx", "f/x.xlsx"]  # both 100, path order
    assert sections[1].first("h3").text().endswith("甲局") and sections[1].first("dd", "status").text().startswith("auditor 内部错误")
    assert sections[0].first("h3").text().endswith(" c.xlsx")  # no department: the file's name


def test_the_same_results_give_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    assert write(tmp_path / "one", batch()).read_bytes() == write(tmp_path / "two", batch()).read_bytes()


def test_a_workbook_of_several_departments_is_ranked_and_filtered_per_department(tmp_path: Path) -> None:
    result = FileResult(
        path="national.xlsx", department="甲局", year=2022, layout="national-form",
        findings=[
            finding("F006", "error", "甲：其中各行之和不符。", "项目甲", department="甲局", year=2022),
            finding("I002", "warning", "乙：完成值为空。", "项目乙", department="乙局", year=2023),
            finding("D006", "warning", "甲：模板提示语。", "项目甲", department="甲局", year=2022),
        ],
    )
    sink = HtmlReport(tmp_path / "report.html")
    sink.add(result)
    assert {name: (t.submissions, t.score) for name, t in sink.departments.items()} == {"甲局": (1, 13), "乙局": (1, 3)}
    sink.close()
    document = parse((tmp_path / "report.html").read_text(encoding="utf-8"))
    rows = finding_rows(document)
    assert [(r.rule, r.department) for r in rows] == [("F006", "甲局"), ("D006", "甲局"), ("I002", "乙局")]  # each department together
    assert [th.text() for th in document.first("table", "findings").iter("th")][2] == "部门"
    options = [option.attrs["value"] for option in document.first("select").iter("option")]
    assert options == ["*", "乙局", "甲局"]


def test_text_from_submissions_is_escaped_never_markup(tmp_path: Path) -> None:
    result = FileResult(
        path="x<y>.xlsx", department=HOSTILE_DEPARTMENT, year=2019, notes=["<!-- note -->"],
        findings=[finding("F001", "error", HOSTILE_MESSAGE, HOSTILE_PROJECT, [HOSTILE_LOCATION])],
    )
    html = write(tmp_path, [result], rule_titles={"F001": "<i>title</i>"}).read_text(encoding="utf-8")
    assert html.count("<script") == 1 and "<img" not in html and "<svg onload" not in html and "<b>" not in html and "<i>" not in html
    document = parse(html)
    assert finding_rows(document) == [Row("x<y>.xlsx", "F001", "error", HOSTILE_PROJECT, HOSTILE_MESSAGE, (HOSTILE_LOCATION,), HOSTILE_DEPARTMENT)]
    assert document.first("dd", "department").text() == HOSTILE_DEPARTMENT
    assert document.first("ul", "notes").text().strip() == "<!-- note -->"
    assert HOSTILE_DEPARTMENT in [option.text() for option in document.first("select").iter("option")]
    assert document.first("table", "worst").first("a").attrs["href"] == "#department=" + quote(HOSTILE_DEPARTMENT)


def test_characters_no_html_file_can_hold_do_not_stop_the_report(tmp_path: Path) -> None:
    result = FileResult(path="bad\udcff.xlsx", department="甲\x00局", findings=[finding("F001", "error", "lone \ud800 surrogate\x0b")])
    html = write(tmp_path, [result]).read_text(encoding="utf-8")
    assert "bad\ufffd.xlsx" in html and "甲\ufffd局" in html and "lone \ufffd surrogate\ufffd" in html


def test_self_contained_nothing_fetched_from_anywhere(page: Node, tmp_path: Path) -> None:
    html = write(tmp_path, batch()).read_text(encoding="utf-8")
    assert not re.search(r"https?:|url\(|@import|<link|<img|<iframe|<object|<embed|\ssrc=", html, re.IGNORECASE)
    [policy] = [m.attrs["content"] for m in page.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy == CSP
    for node in page.iter():
        assert "src" not in node.attrs
        assert node.attrs.get("href", "#").startswith("#")
    [script] = page.iter("script")
    assert "src" not in script.attrs


def test_without_javascript_everything_is_visible_and_the_filters_are_not_shown(page: Node) -> None:
    hidden = [node for node in page.iter() if node.hidden]
    assert [(node.tag, node.attrs.get("id")) for node in hidden] == [("form", "filters")]


def test_english_labels_everywhere(tmp_path: Path) -> None:
    results = [
        FileResult(
            path="a.xlsx", department="Bureau A", year=2019, layout="submission-workbook", notes=["read as a workbook"],
            findings=[finding("F001", "error", "breakdown differs", None, ["Projects!C4"]), finding("I001", "warning", "no quality indicator", "P")],
        ),
        FileResult(path="b.xlsx", status="error", findings=[finding("D001", "error", "not a workbook")]),
        FileResult(path="c.xlsx", department="Bureau C", year=2020, layout="national-form"),
    ]
    html = write(tmp_path, results, lang="en").read_text(encoding="utf-8")
    assert not [c for c in html if unicodedata.east_asian_width(c) in "WF"], "a label left in Chinese"
    document = parse(html)
    assert document.first("html").attrs["lang"] == "en"
    assert "Findings by file" in html and "Department as a whole" in html and "national self-evaluation form" in html
    assert [th.text() for th in document.first("table", "findings").iter("th")] == ["Rule", "Severity", "Project", "Finding", "Where"]


def test_an_empty_run_is_a_whole_page(tmp_path: Path) -> None:
    html = write(tmp_path, []).read_text(encoding="utf-8")
    document = parse(html)
    assert "没有检查任何文件。" in html and html.rstrip().endswith("</html>")
    assert list(document.iter("section", "file")) == [] and list(document.iter("svg")) == [] and list(document.iter("table")) == []
    assert {item.attrs["class"]: item.first("span", "number").text() for item in document.first("ul", "cards").iter("li")}["files"] == "0"


def test_written_atomically_nothing_under_the_name_before_close(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("last run's report", encoding="utf-8")  # as with --force
    sink = HtmlReport(target)
    for result in batch():
        sink.add(result)
    # The sections wait in an anonymous temporary file: nothing new in the folder, the old report whole.
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"] and target.read_text(encoding="utf-8") == "last run's report"
    sink.close()
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"] and "a.xlsx" in target.read_text(encoding="utf-8")
    sink.close()  # a second close changes nothing


def test_a_failure_while_writing_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sink = HtmlReport(tmp_path / "report.html")
    sink.add(batch()[0])

    def broken(*args: object, **kwargs: object) -> Iterator[str]:
        yield "<!DOCTYPE html>"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sink._environment.get_template("html_report.html.j2"), "generate", broken)
    with pytest.raises(OSError):
        sink.close()
    assert list(tmp_path.iterdir()) == []


def test_sections_stream_to_disk_not_memory(tmp_path: Path) -> None:
    sink = HtmlReport(tmp_path / "report.html")
    sink.add(FileResult(path="0000.xlsx", department="甲局"))  # the templates compiled before measuring
    message = "资金明细合计不符，" * 400  # 3,600 characters, about 11 KB per finding in UTF-8
    tracemalloc.start()
    try:
        for number in range(1, 1001):
            sink.add(FileResult(path=f"{number:04}.xlsx", department=f"第{number % 37}局", findings=[finding("F001", "error", message)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    sink.close()
    written = (tmp_path / "report.html").stat().st_size
    assert written > 10_000_000 and peak < written / 10, (written, peak)
    assert (tmp_path / "report.html").read_text(encoding="utf-8").count('<tr class="finding sev-error"') == 1000


# -- in a real browser ----------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]


def chromium(tmp_path: Path, *arguments: str) -> str:
    """Run Debian's headless Chromium with a fresh profile; its standard output."""
    executable = shutil.which("chromium")
    assert executable, "chromium is not installed: `make test` installs Debian's package"
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run([executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def rendered(tmp_path: Path, page: Path, fragment: str = "") -> Node:
    """The page's DOM after its script ran, opened at ``page#fragment``."""
    return parse(chromium(tmp_path, "--dump-dom", page.resolve().as_uri() + fragment))


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """``auditor check sample_submissions/ --output report.html --output report.json``: the page and the JSON results."""
    out = tmp_path_factory.mktemp("samples")
    previous = Path.cwd()
    try:
        os.chdir(REPO)
        done = CliRunner().invoke(
            app, ["check", "sample_submissions/", "--output", str(out / "report.html"), "--output", str(out / "report.json"), "--fail-on", "never"]
        )
    finally:
        os.chdir(previous)
    assert done.exit_code == 0, done.output
    assert f"wrote {out / 'report.html'}" in done.output
    return out / "report.html", json.loads((out / "report.json").read_text(encoding="utf-8"))["results"]


def visible(document: Node) -> Counter[Row]:
    return Counter(finding_rows(document, visible_only=True))


def shown_line(document: Node) -> str:
    return document.first("output").text()


def test_every_finding_of_the_json_report_is_in_the_rendered_page(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    document = rendered(tmp_path, page)
    expected = expected_rows(results)
    assert len(expected) > 50 and {row.rule for row in expected} >= {"B001", "F001", "F006", "I002", "D006"}
    assert Counter(finding_rows(document)) == Counter(expected)
    assert visible(document) == Counter(expected)  # unfiltered: everything shown
    assert [s.first("dd", "path").text() for s in document.iter("section", "file")] != [r["path"] for r in results]  # worst first …
    assert sorted(s.first("dd", "path").text() for s in document.iter("section", "file")) == sorted(r["path"] for r in results)  # … all of them
    assert not document.first("form").hidden  # the script ran under the page's own policy
    assert shown_line(document) == f"显示 {len(expected)} / {len(expected)} 条问题"


def test_the_severity_filter(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    expected = expected_rows(results)
    document = rendered(tmp_path, page, "#severity=error")
    errors = Counter(row for row in expected if row.severity == "error")
    assert visible(document) == errors and 0 < sum(errors.values()) < len(expected)
    clean = [s for s in document.iter("section", "file") if not list(s.iter("tr", "finding"))]
    assert clean and all(s.hidden for s in clean)  # narrowed to errors: files with nothing found go
    assert shown_line(document) == f"显示 {sum(errors.values())} / {len(expected)} 条问题"


def test_the_rule_filter(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    expected = expected_rows(results)
    document = rendered(tmp_path, page, "#rule=F001,B001")
    assert visible(document) == Counter(row for row in expected if row.rule in {"F001", "B001"})
    with_none = [s for s in document.iter("section", "file") if not any(r.attrs["data-rule"] in {"F001", "B001"} for r in s.iter("tr", "finding"))]
    assert with_none and all(s.hidden for s in with_none)


def test_the_department_filter_with_severity(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    expected = expected_rows(results)
    document = rendered(tmp_path, page, "#department=" + quote("贵州省总工会"))
    theirs = Counter(row for row in expected if row.department == "贵州省总工会")
    assert visible(document) == theirs and {row.path for row in theirs} == {
        "sample_submissions/guizhou-federation-2019.xlsx", "sample_submissions/guizhou-federation-2019-report.docx"
    }
    document = rendered(tmp_path, page, "#severity=warning&department=" + quote("贵州省总工会"))
    assert visible(document) == Counter(row for row in theirs.elements() if row.severity == "warning")
    # One department of a workbook holding several: only its rows of that file.
    document = rendered(tmp_path, page, "#department=" + quote("青神县发展和改革局本级"))
    assert visible(document) == Counter(row for row in expected if row.department == "青神县发展和改革局本级")
    assert {row.path for row in visible(document)} == {"sample_submissions/national-real-cases.xlsx"}


def clicked(page: Path, actions: str) -> Path:
    """A copy of the page with a script that acts as a reviewer would, after the page's own; it notes the address after."""
    script = f'<script>{actions}\ndocument.body.setAttribute("data-address", location.hash);</script></body>'
    copy = page.with_name(f"clicked-{len(list(page.parent.glob('clicked-*')))}.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", script), encoding="utf-8")
    return copy


def test_clicking_the_filters_sets_the_address_and_hides_rows(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    expected = expected_rows(results)
    unticked = clicked(page, """
        var form = document.getElementById("filters");
        form.querySelector('input[name="severity"][value="warning"]').click();
        form.querySelector('input[name="severity"][value="info"]').click();""")
    document = rendered(tmp_path, unticked)
    assert document.first("body").attrs["data-address"] == "#severity=error"
    assert visible(document) == Counter(row for row in expected if row.severity == "error")
    chosen = clicked(page, """
        var select = document.getElementById("filters").elements.department;
        select.selectedIndex = Array.prototype.map.call(select.options, function (o) { return o.value; }).indexOf("贵州省总工会");
        select.dispatchEvent(new Event("change", {bubbles: true}));""")
    document = rendered(tmp_path, chosen)
    assert document.first("body").attrs["data-address"] == "#department=" + quote("贵州省总工会")
    assert visible(document) == Counter(row for row in expected if row.department == "贵州省总工会")
    reset = clicked(page, """
        document.getElementById("filters").querySelector('input[name="rule"][value="I002"]').click();
        document.getElementById("filters").elements.reset.click();""")
    document = rendered(tmp_path, reset)
    assert document.first("body").attrs["data-address"] == "" and visible(document) == Counter(expected)


def test_the_links_of_the_summary_filter_the_sections(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    expected = expected_rows(results)
    worst = parse(page.read_text(encoding="utf-8")).first("table", "worst").first("a")
    followed = clicked(page, 'document.querySelector("table.worst a").click();')
    # The address changes after the page's script ran: let the hashchange event come (virtual time).
    document = parse(chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", followed.resolve().as_uri()))
    assert visible(document) == Counter(row for row in expected if row.department == worst.text())
    assert 0 < sum(visible(document).values()) < len(expected)


def test_a_screenshot_shows_the_page(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, _ = sample_run
    picture = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={picture}", "--window-size=1280,2000", page.resolve().as_uri())
    image = Image.open(picture).convert("RGB")
    assert image.size == (1280, 2000)
    colours = Counter(dict((colour, count) for count, colour in image.getcolors(maxcolors=1 << 24)))
    not_white = image.width * image.height - colours[(255, 255, 255)]
    assert not_white > 0.03 * image.width * image.height  # text, tables and charts, not a blank page
    error_red = sum(count for (r, g, b), count in colours.items() if abs(r - 0xC6) < 12 and abs(g - 0x28) < 12 and abs(b - 0x28) < 12)
    assert error_red > 2000  # the error bars of the charts are drawn


def test_printed_on_a4_without_the_filters(sample_run: tuple[Path, list[dict]], tmp_path: Path) -> None:
    page, results = sample_run
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.resolve().as_uri())
    with pdfplumber.open(pdf) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert sizes == {(595, 842)}  # A4 portrait, in points
    assert "显示全部" not in text and "全部部门" not in text
    for result in results:
        assert Path(result["path"]).name in text.replace("\n", "")


def test_hostile_names_stay_text_in_the_browser_and_the_filters_work_at_scale(tmp_path: Path) -> None:
    """400 files of 40 departments, one named like a script (with & and = for the address): all there, filter exact."""
    departments = [f"第{n}局" for n in range(39)] + [HOSTILE_DEPARTMENT + "&x=1#"]
    results = [
        FileResult(
            path=f"{n:03}.xlsx", department=departments[n % 40], year=2020,
            findings=[finding(rule, severity, f"{n}：{rule} 的问题 <b>", "项目", [f"项目!C{n}"]) for rule, severity in (("F001", "error"), ("I002", "warning"), ("I009", "info"))[: n % 4]],
        )
        for n in range(400)
    ]
    page = write(tmp_path, results)
    document = rendered(tmp_path, page)
    expected = expected_rows([r.model_dump(mode="json") for r in results])
    assert Counter(finding_rows(document)) == Counter(expected) and len(expected) == 600
    assert len(list(document.iter("script"))) == 1 and not list(document.iter("b"))
    hostile = departments[-1]
    document = rendered(tmp_path, page, "#department=" + quote(hostile, safe=""))
    assert visible(document) == Counter(row for row in expected if row.department == hostile)
    assert all(s.hidden == (s.attrs["data-department"] != hostile) for s in document.iter("section", "file"))


def test_a_report_of_an_earlier_run_in_a_checked_folder_is_named_not_read(tmp_path: Path) -> None:
    from auditor.readers import read_submission

    report = write(tmp_path, batch())
    submission = read_submission(report.rename(tmp_path / "上次筛查.html"))
    assert [i.kind for i in submission.issues] == ["unreadable_file"]
    assert "auditor 生成的筛查报告" in submission.issues[0].detail_zh

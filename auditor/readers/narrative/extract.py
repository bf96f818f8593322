"""A narrative report's paragraphs → the ``Submission`` the workbook reader would have produced.

Deterministic and local: patterns over the text, no network, no language model.
What the text states becomes a value with its source (paragraph, sentence, span);
what it does not state stays ``None`` and the rules that need it are skipped. The
tables a report never states (its indicators, when it names none) are marked
unavailable, so that I001 does not report 「no indicators」 for a report that
simply does not discuss them.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from auditor.model import (
    Claim,
    DataIssue,
    Department,
    Expenditure,
    Indicator,
    Project,
    Submission,
)
from auditor.parsing.quantities import amounts_in, parse_number
from auditor.readers.narrative.document import Document, Paragraph
from auditor.readers.narrative.evidence import Evidence, Stated
from auditor.readers.narrative.funds_text import FundsText, ListedProject, read_funds
from auditor.readers.narrative.indicators_text import (
    decimal_of,
    read_indicators,
    read_ratings,
)
from auditor.readers.narrative.limits import MAX_SENTENCES, check_amount_count, check_sentence_count
from auditor.readers.narrative.sentences import Sentence, split_sentences
from auditor.readers.narrative.shares_text import read_shares
from auditor.readers.narrative.statements import MAX_STATEMENTS, figure, listed_money, read_statements
from auditor.readers.narrative.table_statements import table_parts
from auditor.readers.narrative.titles import (
    ORGANISATION,
    TITLE_WORDS,
    department_in_labels,
    department_in_title,
    project_in_title,
    title_sentences,
)
from auditor.readers.narrative.unit_lists import FigureList, list_unit_issues
from auditor.readers.narrative.tables_text import TableRow, table_row

LAYOUT = "narrative-report"
#: More of these than any real report states: the rest are not read (a note says so), which
#: bounds the time and memory a hostile text can cost.
MAX_CLAIMS = 500
MAX_INDICATORS = 1000

_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})\s*年度?")
#: In the body, a year that speaks of the budget year: 「2023年度」「2023年年初预算」「2023年，我局…」 —
#: not 「（2002年修订）」「2002年印发」.
_FISCAL_YEAR = re.compile(
    r"(?P<year>(?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})\s*年(?:度|(?=\s*(?:年初|全年|预算|部门|项目|财政|[，,]|我|本|共|内|各)))"
)
_DATE = re.compile(
    r"^\s*(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二十]{1,2}|[三四五六七八九])\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三十]?十?[一二三四五六七八九]?)\s*日\s*$"
)
_AMOUNT_UNIT = re.compile(r"(万元|亿元|(?<![万亿])元)(?![旦素月宵])")


#: How the extraction record names the department's stated total.
TOTAL_LABEL = "财政拨款合计"


def extract_submission(document: Document, path: str) -> Submission:
    """Everything ``document`` states, as a submission whose sources quote its sentences.

    Raises :class:`~auditor.sources.refusal.Refused` for a text of more than
    :data:`~auditor.readers.narrative.limits.MAX_SENTENCES` sentences or
    :data:`~auditor.readers.narrative.limits.MAX_AMOUNTS` amounts."""
    evidence = Evidence()
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    sentences: list[Sentence] = []
    for paragraph in paragraphs:  # split no further than one sentence past the limit
        sentences += _sentences(paragraph, MAX_SENTENCES + 1 - len(sentences))
        check_sentence_count(len(sentences))
    units = _amount_units(sentences)
    check_amount_count(sum(units.values()))
    unit = "元" if set(units) == {"元"} else "万元"  # 万元 when any amount is in 万元, the genre's usual unit
    headings = {p.number for p in paragraphs if p.kind == "heading"}
    first = _first_sentences(sentences)
    titles = title_sentences(paragraphs, first)  # read once: the department, year and project come from them
    title_project = _title_project(titles)
    tables = _tables(paragraphs, sentences)
    funds = read_funds(sentences, unit, headings, tables, project_lists=title_project is None)
    if title_project is not None and not funds.projects:
        funds.project_count = None  # 「安排3个项目」 in a report on one project counts what it paid for
        _one_project(funds, paragraphs, title_project)
    projects = _projects(funds, evidence)
    names = [p.name for p in projects]
    project_of = funds.project_of
    department = _department(paragraphs, sentences, first, titles, funds, unit, evidence)
    indicators = _indicators(sentences, project_of, evidence)
    projects, department = _rate(projects, department, sentences, project_of, names, evidence)
    claims = _claims(sentences, project_of, evidence)
    submission = Submission(
        path=path,
        layout=LAYOUT,
        department=department,
        projects=projects,
        expenditures=_expenditures(funds, evidence),
        indicators=indicators[:MAX_INDICATORS],
        claims=claims[:MAX_CLAIMS],
        notes=[f"按文字报告读取（{document.format}{'，' + document.encoding if document.encoding else ''}）", *funds.notes[:20]],
    )
    for found, limit, what in ((indicators, MAX_INDICATORS, "绩效指标"), (claims, MAX_CLAIMS, "比例声明")):
        if len(found) > limit:
            submission.notes.append(f"报告中的{what}超过 {limit} 条，只检查了前 {limit} 条")
    submission.unavailable = _unavailable(submission)
    submission.extracted = evidence.sources
    consumed = _checked_elsewhere(submission)
    submission.statements = [*read_statements(sentences, consumed, project_of), *table_parts(tables, consumed, project_of)][:MAX_STATEMENTS]
    lists = [*((found, project_of.get(found[0][0].paragraph)) for found in listed_money(sentences)), *_uses_lists(funds)]
    submission.issues = [*_missing(submission), *list_unit_issues(lists)]
    return submission


def _checked_elsewhere(submission: Submission) -> set[tuple[int, str, int]]:
    """The amounts whose relations the project rules check (F001–F004, B001): a statement resting on
    one is left to them, so that a contradiction is reported once. A total with no project amounts
    to add up against it is checked by none of them, and stays the statement rules' to check."""
    budgets = any(p.budget is not None for p in submission.projects)
    return {
        (source.paragraph, source.sentence, source.start)
        for source in submission.extracted
        if budgets or source.field != TOTAL_LABEL
    }


def _sentences(paragraph: Paragraph, limit: int) -> list[Sentence]:
    """A text paragraph's sentences, at most ``limit``; a table row is one sentence (its cells may hold 。)."""
    if paragraph.kind == "table_row":
        text = paragraph.text.strip()
        return [Sentence.of(paragraph.number, 1, text)]
    return split_sentences(paragraph.number, paragraph.text, limit)


def _tables(paragraphs: Sequence[Paragraph], sentences: Sequence[Sentence]) -> list[list[TableRow]]:
    """Runs of consecutive table rows, each row with its sentence and cells."""
    row_sentence = {s.paragraph: s for s in sentences}
    tables: list[list[TableRow]] = []
    previous = None
    for paragraph in paragraphs:
        if paragraph.kind != "table_row" or paragraph.number not in row_sentence:
            previous = None
            continue
        if previous is None:
            tables.append([])
        tables[-1].append(table_row(row_sentence[paragraph.number], paragraph.cells or (paragraph.text,)))
        previous = paragraph.number
    return tables


def _amount_units(sentences: Sequence[Sentence]) -> Counter[str]:
    """How many amounts the report writes in each unit (万元, 亿元, 元)."""
    return Counter(m.group(1) for s in sentences for m in _AMOUNT_UNIT.finditer(s.norm))


def _projects(funds: FundsText, evidence: Evidence) -> list[Project]:
    projects = []
    for listed in funds.projects:
        name = str(listed.name.value)
        sources = {"name": evidence.cite_stated(listed.name, "项目名称", name)}
        values: dict[str, Decimal | None] = {}
        for field_name, label in (("budget", "预算数"), ("executed", "执行数"), ("balance", "结余")):
            stated = getattr(listed, field_name)
            values[field_name] = stated.value if stated else None
            if stated:
                sources[field_name] = evidence.cite_stated(stated, f"项目「{name}」{label}", stated.value)
        projects.append(Project(name=name, sources=sources, **values))
    return projects


def _expenditures(funds: FundsText, evidence: Evidence) -> list[Expenditure]:
    rows = []
    for listed in funds.projects:
        name = str(listed.name.value)
        passages = _passages(listed.uses)
        for purpose, amount in listed.uses:
            where = passages[(purpose.sentence.paragraph, purpose.sentence.index)]
            sources = {"purpose": evidence.cite_stated(purpose, f"项目「{name}」资金用途", purpose.value, where)}
            sources["amount"] = evidence.cite_stated(amount, f"项目「{name}」用途金额", amount.value, where) if amount else where
            value = amount.value if amount else None
            rows.append(Expenditure(project=name, purpose=str(purpose.value), amount=value, sources=sources))  # type: ignore[arg-type]
    return rows


def _uses_lists(funds: FundsText) -> list[tuple[FigureList, str | None]]:
    """Each project's uses as written (every figure in its own unit), for D007."""
    lists: list[tuple[FigureList, str | None]] = []
    for listed in funds.projects:
        figures = []
        for _, amount in listed.uses:
            if amount is None:
                continue
            quantities = amounts_in(amount.sentence.norm, amount.start, amount.end)
            if quantities:
                figures.append((figure(amount.sentence, quantities[0]), amount.sentence.location_of(amount.start, amount.end)))
        lists.append((figures, str(listed.name.value)))
    return lists


def _passages(uses: Sequence[tuple[Stated, Stated | None]]) -> dict[tuple[int, int], str]:
    """One location per sentence of a project's uses: from its first purpose to its last amount."""
    spans: dict[tuple[int, int], tuple[Sentence, int, int]] = {}
    for purpose, amount in uses:
        key = (purpose.sentence.paragraph, purpose.sentence.index)
        end = amount.end if amount else purpose.end
        sentence, start, stop = spans.get(key, (purpose.sentence, purpose.start, end))
        spans[key] = (sentence, min(start, purpose.start), max(stop, end))
    return {key: sentence.location_of(start, end) for key, (sentence, start, end) in spans.items()}


def _department(
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    first: dict[int, Sentence],
    titles: Sequence[Sentence],
    funds: FundsText,
    unit: str,
    evidence: Evidence,
) -> Department:
    sources: dict[str, str] = {}
    values: dict[str, object] = {"unit": unit}
    name = _department_name(paragraphs, sentences, first, titles)
    if name is not None:
        values["name"] = name.value
        sources["name"] = evidence.cite_stated(name, "部门名称", name.value)
    year = _year(sentences, titles)
    if year is not None:
        values["year"] = int(year.value)
        sources["year"] = evidence.cite_stated(year, "年度", year.value)
    report_date = _report_date(sentences)
    if report_date is not None:
        values["report_date"] = report_date[0]
        dated = report_date[1]
        sources["report_date"] = evidence.cite(dated, 0, len(dated.text), "报告日期", report_date[0].isoformat())
    for field_name, stated, label in (
        ("total_allocation", funds.total, TOTAL_LABEL),
        ("project_count", funds.project_count, "项目个数"),
        ("balance_claim", funds.balance_claim, "结余声明"),
    ):
        if stated is not None:
            values[field_name] = stated.value
            sources[field_name] = evidence.cite_stated(stated, label, stated.value)
    return Department(sources=sources, **values)  # type: ignore[arg-type]


def _department_name(
    paragraphs: Sequence[Paragraph], sentences: Sequence[Sentence], first: dict[int, Sentence], titles: Sequence[Sentence]
) -> Stated | None:
    """A heading line that is an organisation's name, else the title's organisation (before 「关于」 or
    the year), else the signature above the date, else a labelled line (单位名称, 实施单位, a page's 来源)."""
    for paragraph in paragraphs[:3]:
        text = paragraph.text.strip()
        if len(text) <= 30 and not re.search(r"\d|[:：]", text) and not TITLE_WORDS.search(text) and ORGANISATION.search(text):
            sentence = first[paragraph.number]
            return Stated(text, sentence, 0, len(sentence.text))
    for title in titles:
        name = department_in_title(title)
        if name is not None:
            return name
    dated = _report_date(sentences)
    if dated is not None:
        at = sentences.index(dated[1])
        if at > 0:
            signature = sentences[at - 1]
            if len(signature.text) <= 30 and ORGANISATION.search(signature.text.strip()):
                return Stated(signature.text.strip(), signature, 0, len(signature.text))
    return department_in_labels(sentences)


def _first_sentences(sentences: Sequence[Sentence]) -> dict[int, Sentence]:
    """Each paragraph's first sentence, by paragraph number."""
    return {s.paragraph: s for s in reversed(sentences)}


def _year(sentences: Sequence[Sentence], titles: Sequence[Sentence]) -> Stated | None:
    """The year in the title, else the first year of the body that speaks of the budget year
    (``_FISCAL_YEAR``).

    A bare 「2002年」 in the body is as likely a law's or a document's year (「《预算法》（2002年修订）」)
    as the year evaluated — better unknown (D002, info) than wrong.
    """
    title_paragraphs = {t.paragraph for t in titles}
    body = [s for s in sentences if s.paragraph not in title_paragraphs]
    for group, pattern in ((titles, _YEAR), (body, _FISCAL_YEAR)):
        for sentence in group:
            if _DATE.match(sentence.norm):
                continue
            match = pattern.search(sentence.norm)
            if match:
                value = parse_number(match.group("year"))
                if value is not None:
                    return Stated(str(int(value)), sentence, match.start("year"), match.end())
    return None


def _one_project(funds: FundsText, paragraphs: Sequence[Paragraph], name: Stated) -> None:
    """A single-project report: the project its title names, which every paragraph is about."""
    funds.projects.append(ListedProject(name=name))
    funds.project_of = {p.number: str(name.value) for p in paragraphs}


def _title_project(titles: Sequence[Sentence]) -> Stated | None:
    """The one project a single-project report's title names (「2023年高龄补贴事后绩效评价报告」)."""
    for title in titles:
        project = project_in_title(title)
        if project is not None:
            return project
    return None


def _report_date(sentences: Sequence[Sentence]) -> tuple[date, Sentence] | None:
    """The date line at the end of the report (「2020年5月13日」)."""
    for sentence in reversed(sentences[-4:]):
        match = _DATE.match(sentence.norm)
        if match:
            parts = [parse_number(match.group(g)) for g in ("y", "m", "d")]
            try:
                return date(*(int(p) for p in parts if p is not None)), sentence
            except (TypeError, ValueError):
                return None
    return None


def _indicators(sentences: Sequence[Sentence], project_of: dict[int, str | None], evidence: Evidence) -> list[Indicator]:
    rows = []
    for stated in itertools.islice(read_indicators(sentences, project_of), MAX_INDICATORS + 1):
        label = f"项目「{stated.project}」{stated.level2.value}"
        sources = {"level2": evidence.cite_stated(stated.level2, label, stated.level2.value)}
        values: dict[str, object] = {"project": stated.project, "level1": stated.level1, "level2": stated.level2.value}
        if stated.name is not None:
            values["name"] = stated.name.value
            sources["name"] = evidence.cite_stated(stated.name, f"{label}名称", stated.name.value)
        for role, text in stated.values.items():
            value: object = decimal_of(text) if role in ("weight", "points") else text.value
            if value is None:
                continue
            values[role] = value
            sources[role] = evidence.cite_stated(text, f"{label}「{stated.name.value if stated.name else ''}」{_ROLE_LABELS[role]}", text.value)
        rows.append(Indicator(sources=sources, **values))  # type: ignore[arg-type]
    return rows


_ROLE_LABELS = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "points": "得分", "deviation_reason": "偏差原因"}


def _rate(
    projects: list[Project],
    department: Department,
    sentences: Sequence[Sentence],
    project_of: dict[int, str | None],
    names: Sequence[str],
    evidence: Evidence,
) -> tuple[list[Project], Department]:
    """Projects with the 自评得分/等级 their paragraphs state; the department with an unattributed grade."""
    by_name = {p.name: p for p in projects}
    for rating in read_ratings(sentences, project_of, names):
        if rating.project is None:
            if rating.grade is not None:
                sources = dict(department.sources, grade=evidence.cite_stated(rating.grade, "总体评价", rating.grade.value))
                department = department.model_copy(update={"grade": rating.grade.value, "sources": sources})
            continue
        project = by_name[rating.project]
        update: dict[str, object] = {"sources": dict(project.sources)}
        if rating.grade is not None:
            update["grade"] = rating.grade.value
            update["sources"]["grade"] = evidence.cite_stated(rating.grade, f"项目「{project.name}」自评等级", rating.grade.value)  # type: ignore[index]
        score = decimal_of(rating.score)
        if score is not None and rating.score is not None:
            update["score"] = score
            update["sources"]["score"] = evidence.cite_stated(rating.score, f"项目「{project.name}」自评得分", score)  # type: ignore[index]
        by_name[rating.project] = project.model_copy(update=update)
    return [by_name[p.name] for p in projects], department


def _claims(sentences: Sequence[Sentence], project_of: dict[int, str | None], evidence: Evidence) -> list[Claim]:
    claims = []
    for share in itertools.islice(read_shares(sentences), MAX_CLAIMS + 1):
        label = f"比例声明「{share.statement}」"
        sources = {"statement": share.sentence.location_of(*share.statement_span)}
        sources["claimed_percent"] = evidence.cite(share.sentence, *share.percent_span, f"{label}声称比例", share.percent)
        if share.part is not None:
            sources["part"] = evidence.cite_stated(share.part, f"{label}分子", share.part.value)
        if share.whole is not None:
            sources["whole"] = evidence.cite_stated(share.whole, f"{label}分母", share.whole.value)
        claims.append(
            Claim(
                project=project_of.get(share.sentence.paragraph),
                statement=share.statement,
                part=share.part.value if share.part else None,  # type: ignore[arg-type]
                whole=share.whole.value if share.whole else None,  # type: ignore[arg-type]
                claimed_percent=share.percent,
                comparator=share.comparator,
                sources=sources,
            )
        )
    return claims


def _unavailable(submission: Submission) -> list[str]:
    """Tables the report does not discuss at all: their rules are skipped, not fired on absence. A
    report in which no project list was found has an unknown list, not an empty one: 「共实施改造项目
    12个」 in a 部门整体 report is no F005 against zero projects."""
    missing = [] if submission.projects else ["projects"]
    if not submission.indicators:
        missing += ["indicators", "indicators.level2"]
    else:
        covered = {i.project for i in submission.indicators}
        missing += [f"indicators:{p.name}" for p in submission.projects if p.name not in covered]
    return missing


def _missing(submission: Submission) -> list[DataIssue]:
    """D002 for what every report must state and this one was not found to: whose, which year, which projects."""
    issues = []
    department = submission.department
    wanted = (
        (department.name is None, "部门名称（标题或落款）", "the department's name (title or signature)"),
        (department.year is None, "年度（如「2019年」）", "the year (such as 2019年)"),
        (
            not submission.projects,
            "各项目及其金额（如「其中：A项目100万元、B项目50万元」）",
            "the projects and their amounts (such as 其中：A项目100万元、B项目50万元)",
        ),
    )
    for missing, zh, en in wanted:
        if missing:
            issues.append(
                DataIssue(
                    kind="missing_statement",
                    detail_zh=f"报告中未找到{zh}，依赖它的规则未执行",
                    detail_en=f"the report does not state {en} in a form auditor reads; rules that need it were skipped",
                )
            )
    return issues

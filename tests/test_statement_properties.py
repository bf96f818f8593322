"""The statement reader as properties: relations planted in generated report text come back exactly,
and the statement rules then fire exactly where the independent oracle says.

Relations are drawn by ``tests/statement_strategies.py`` at, just inside and just beyond their
rules' printed-precision boundaries, then written into a report in one of the genre's
phrasings: a 「其中」 list in the sentence, 「其中：」 opening the next sentence, a list stated
complete (「分别为」「具体用于」, 「用于N个项目…其中」), a list continued over the following lines,
a part broken down in brackets (a nested list), a budget/spending/balance sentence, a
执行率/到位率 sentence and a 同比 change — with Arabic, full-width, thousands-grouped and
Chinese numerals, stray spaces, filler paragraphs and a web page's chrome around them, under a
single-project title (whose project every statement belongs to) or a 部门整体 one (none).

Reading back compares what a rule uses — kinds, values, units, printed precisions, completeness,
rate names, directions — and not the characters or the subject's words, which the listing shows.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.model import StatedFigure, Statement, Submission
from auditor.readers.narrative.document import document_from_text
from auditor.readers.narrative.extract import extract_submission
from tests.catalogue_oracle import statement_rules
from tests.narrative_strategies import FILLERS, chinese_numeral
from tests.statement_strategies import STATEMENT_STRATEGIES, parts_statements

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
STATEMENT_RULES = {"F009", "F010", "F011", "P003"}

#: Labels of listed parts: uses and funding sources, none a clause about money (结余, 支出, 到位 …).
PART_LABELS = [
    "设备购置", "人员培训", "宣传印刷", "专家咨询费", "困难群众慰问", "房屋维修", "信息系统运维", "医疗救助",
    "奖励扶助资金", "特别扶助资金", "中央补助资金", "省级资金", "市级配套资金", "县级资金", "劳务报酬", "差旅费",
    "基础设施建设", "种苗采购", "技术服务费", "印刷资料",
]
#: Labels of a 部门整体 report's lists: where the money came from and its economic classes — never read
#: as a list of projects, which the first 「其中」 list of other labels in such a report is (the seed's genre).
SOURCE_LABELS = [
    "中央补助资金", "省级资金", "市级配套资金", "县级资金", "自筹资金", "基本支出", "项目支出", "人员经费", "公用经费",
    "上级补助资金", "本级财政资金", "资本性支出",
]
#: A project a single-project report's title names.
TITLE_PROJECTS = ["高龄津贴补助资金", "农村公路养护专项资金", "残疾人事业发展补助资金", "春节走访慰问经费", "水利工程维修养护经费"]
#: A web page's chrome around a published report: menus, metadata, print buttons.
CHROME = [
    "首页 > 信息公开 > 财政预决算",
    "发布时间：2023-06-15 10:32 来源：本站 浏览次数：1024",
    "【字体：大 中 小】 【打印本页】 【关闭窗口】",
    "分享到：",
    "扫一扫在手机打开当前页",
]
_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


# --- figures as written ---------------------------------------------------------------------------


def _places(figure: StatedFigure) -> int:
    return max(0, -figure.precision.as_tuple().exponent)  # type: ignore[operator]


@st.composite
def figure_texts(draw: st.DrawFn, figure: StatedFigure) -> str:
    """A figure as a report writes it, to its printed precision: 504.55万元, ５０４．５５万元, 12,345元, 一千二百万元."""
    number = f"{figure.value:.{_places(figure)}f}"
    styles = ["plain", "plain", "full-width", "spaced"]
    if "." not in number and len(number) > 4:
        styles.append("grouped")
    numeral = chinese_numeral(int(figure.value)) if "." not in number and 0 < figure.value < 10**8 else ""
    # 「二十五万元」 is 25 万元 to a whole 万元, never 250000 元 to the yuan; nobody writes 「二十五万万元」
    if numeral and len(number.rstrip("0")) <= 2 and numeral[-1] not in "万亿" and (figure.unit == "元" or not set(numeral) & set("万亿")):
        styles.append("chinese")
    style = draw(st.sampled_from(styles))
    if style == "chinese":
        return numeral + figure.unit
    if style == "grouped":
        return f"{int(figure.value):,}{figure.unit}"
    if style == "full-width":
        return number.translate(_FULL_WIDTH) + figure.unit
    if style == "spaced":
        return f" {number} {figure.unit}"
    return number + figure.unit


def _percent_text(figure: StatedFigure) -> str:
    return f"{figure.value:.{_places(figure)}f}%"


# --- relations as written -------------------------------------------------------------------------

#: A written relation: the paragraphs it takes (a continued list takes several) and the statements it plants.
Written = tuple[list[str], list[Statement]]


@st.composite
def _items(draw: st.DrawFn, parts: list[StatedFigure], pool: list[str]) -> list[str]:
    labels = draw(st.permutations(pool))[: len(parts)]
    return [f"{label}{draw(figure_texts(part))}" for label, part in zip(labels, parts)]


@st.composite
def written_parts(draw: st.DrawFn, statement: Statement, pool: list[str]) -> Written:
    whole = draw(figure_texts(statement.whole))  # type: ignore[arg-type]
    items = draw(_items(statement.parts, pool))
    separator = draw(st.sampled_from(["、", "，", "；"]))
    colon = draw(st.sampled_from(["", "：", ":"]))
    subject = draw(st.sampled_from(["本年度共投入资金", "项目总投入", "全年安排资金", "项目共下拨"]))
    if statement.complete_by in ("分别为", "具体为", "分别用于"):
        shape = draw(st.sampled_from(["inline", "continued"]))
        if shape == "continued" and len(items) >= 2:  # the list on the next lines, one item a line
            lines = [f"{item}{draw(st.sampled_from(['，', '；', '、', '']))}" for item in items[:-1]] + [f"{items[-1]}。"]
            return [f"{subject}{whole}，{statement.complete_by}：", *lines], [statement]
        return [f"{subject}{whole}，{statement.complete_by}{colon}{separator.join(items)}。"], [statement]
    if statement.complete_by:  # 「N个项目」: the count stated before 其中
        count = len(statement.parts)
        count_text = draw(st.sampled_from([str(count), chinese_numeral(count) if count != 2 else "两"]))
        statement = statement.model_copy(update={"complete_by": f"{count_text}个项目"})
        return [f"安排{count_text}个项目，资金{whole}，其中{colon}{separator.join(items)}。"], [statement]
    shape = draw(st.sampled_from(["inline", "next-sentence", "continued"]))
    if shape == "next-sentence":
        return [f"{subject}{whole}。其中：{separator.join(items)}。"], [statement]
    if shape == "continued" and len(items) >= 2:
        return [f"{subject}{whole}，其中：", *(f"{item}；" for item in items[:-1]), f"{items[-1]}。"], [statement]
    return [f"{subject}{whole}，其中{colon}{separator.join(items)}。"], [statement]


@st.composite
def written_nested(draw: st.DrawFn, outer: Statement, inner: Statement, pool: list[str]) -> Written:
    """「W，其中A a（m1 b1，m2 b2）、B b」: the inner list breaks one part of the outer one down."""
    at = draw(st.integers(0, len(outer.parts) - 1))
    outer = outer.model_copy(update={"parts": [*outer.parts[:at], inner.whole, *outer.parts[at + 1:]], "complete": False, "complete_by": None})
    inner = inner.model_copy(update={"complete": False, "complete_by": None})
    labels = draw(st.permutations(pool))
    items = [f"{labels[i]}{draw(figure_texts(part))}" for i, part in enumerate(outer.parts)]
    children = [f"{labels[-1 - i]}{draw(figure_texts(child))}" for i, child in enumerate(inner.parts)]
    items[at] += f"（{draw(st.sampled_from(['，', '、'])).join(children)}）"
    whole = draw(figure_texts(outer.whole))  # type: ignore[arg-type]
    return [f"全年投入资金{whole}，其中{'、'.join(items)}。"], [outer, inner]


@st.composite
def written_spending(draw: st.DrawFn, statement: Statement) -> Written:
    budget, spending, balance = (draw(figure_texts(f)) for f in (statement.budget, statement.spending, statement.balance))  # type: ignore[arg-type]
    budget_word = draw(st.sampled_from(["年初预算安排", "下达资金", "批复预算", "项目预算"]))
    spending_word = draw(st.sampled_from(["实际支出", "已支出", "全年支出", "使用资金"]))
    balance_word = draw(st.sampled_from(["结余", "结转", "剩余资金"]))
    return [f"{budget_word}{budget}，{spending_word}{spending}，{balance_word}{balance}。"], [statement]


@st.composite
def written_rate(draw: st.DrawFn, statement: Statement) -> Written:
    numerator, denominator = draw(figure_texts(statement.numerator)), draw(figure_texts(statement.denominator))  # type: ignore[arg-type]
    rate = _percent_text(statement.rate)  # type: ignore[arg-type]
    verb = draw(st.sampled_from(["", "为", "达到"]))
    if statement.rate_name == "到位率":
        return [f"计划下达资金{denominator}，实际到位资金{numerator}，资金到位率{verb}{rate}。"], [statement]
    word = {"执行率": "预算执行率", "支出率": "支出率", "使用率": "资金使用率"}[statement.rate_name]  # type: ignore[index]
    return [f"项目预算{denominator}，实际支出{numerator}，{word}{verb}{rate}。"], [statement]


@st.composite
def written_change(draw: st.DrawFn, statement: Statement) -> Written:
    current, change = draw(figure_texts(statement.current)), draw(figure_texts(statement.change))  # type: ignore[arg-type]
    percent = _percent_text(statement.percent)  # type: ignore[arg-type]
    if statement.decrease:
        direction, rate_word = draw(st.sampled_from(["减少", "下降"])), draw(st.sampled_from(["下降", "减少", "降幅"]))
    else:
        direction, rate_word = draw(st.sampled_from(["增加", "增长"])), draw(st.sampled_from(["增长", "增加", "增幅"]))
    subject = "服务对象" if statement.current.unit not in ("元", "万元", "亿元") else "项目收入"  # type: ignore[union-attr]
    same_year = draw(st.sampled_from(["同比", "较上年", "比上年"]))
    return [f"{subject}{current}，{same_year}{direction}{change}，{rate_word}{percent}。"], [statement]


@st.composite
def written_relations(draw: st.DrawFn, pool: list[str]) -> Written:
    kind = draw(st.sampled_from(["parts", "parts", "nested", "spending", "rate", "change"]))
    if kind == "nested":
        outer = draw(parts_statements().filter(lambda s: len(s.parts) >= 1))
        inner = draw(parts_statements().filter(lambda s: len(s.parts) >= 2))
        return draw(written_nested(outer, inner, pool))
    # Negative figures are read as no relation at all (tests/test_statements.py): none are written here.
    statement = draw(STATEMENT_STRATEGIES[kind]().filter(lambda s: all(f.value >= 0 for f in _figures(s))))
    if kind == "parts":
        return draw(written_parts(statement, pool))
    writer = {"spending": written_spending, "rate": written_rate, "change": written_change}[kind]
    return draw(writer(statement))


@st.composite
def statement_reports(draw: st.DrawFn) -> tuple[str, list[Statement]]:
    """A report stating 1–4 relations among fillers and page chrome, and the statements planted."""
    title_kind = draw(st.sampled_from(["project", "department", "none"]))
    project = draw(st.sampled_from(TITLE_PROJECTS)) if title_kind == "project" else None
    lines: list[str] = draw(st.lists(st.sampled_from(CHROME), max_size=3))
    if project is not None:
        lines.append(f"{draw(st.sampled_from(['2023', '二〇二二']))}年度{project}绩效自评报告")
    elif title_kind == "department":
        lines.append("某县民政局2023年度部门整体支出绩效自评报告")
    planted: list[Statement] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(FILLERS)))
        paragraphs, statements = draw(written_relations(PART_LABELS + SOURCE_LABELS if project else SOURCE_LABELS))
        lines += paragraphs
        planted += [s.model_copy(update={"project": project}) for s in statements]
    lines += draw(st.lists(st.sampled_from(CHROME), max_size=2))
    return "\n".join(lines) + "\n", planted


def _figures(statement: Statement) -> list[StatedFigure]:
    return [f for f in (statement.whole, *statement.parts, statement.budget, statement.spending, statement.balance, statement.rate,
                        statement.numerator, statement.denominator, statement.current, statement.change, statement.percent) if f is not None]


# --- what a rule uses of a statement --------------------------------------------------------------


def _figure(figure: StatedFigure | None) -> tuple[Decimal, str, Decimal] | None:
    return None if figure is None else (figure.value, figure.unit, figure.precision)


def relation(statement: Statement) -> tuple[object, ...]:
    """A statement as the rules see it: no characters, no subject's words."""
    return (
        statement.kind, statement.project, _figure(statement.whole), tuple(_figure(p) for p in statement.parts),
        statement.complete, _figure(statement.budget), _figure(statement.spending), _figure(statement.balance),
        _figure(statement.rate), statement.rate_name, _figure(statement.numerator), _figure(statement.denominator),
        _figure(statement.current), _figure(statement.change), _figure(statement.percent), statement.decrease,
    )


def read_back(text: str) -> Submission:
    return extract_submission(document_from_text(text), "generated.txt")


# --- the properties -------------------------------------------------------------------------------


@PROPERTY
@given(report=statement_reports())
def test_planted_relations_read_back_exactly(report: tuple[str, list[Statement]]) -> None:
    text, planted = report
    submission = read_back(text)
    assert Counter(map(relation, submission.statements)) == Counter(map(relation, planted)), text


@PROPERTY
@given(report=statement_reports())
def test_statement_rules_fire_exactly_where_the_oracle_says(report: tuple[str, list[Statement]], check) -> None:  # noqa: ANN001 — the conftest fixture
    text, planted = report
    result = check(read_back(text))
    fired = Counter((f.rule, f.project) for f in result.findings if f.rule in STATEMENT_RULES)
    expected = Counter(statement_rules(Submission(path="planted", layout="narrative-report", statements=planted)))
    assert fired == expected, text


@PROPERTY
@given(report=statement_reports())
def test_every_statement_cites_the_words_of_its_figures(report: tuple[str, list[Statement]]) -> None:
    """Each figure's characters are the figure as written, in the paragraph it cites."""
    text, _ = report
    submission = read_back(text)
    paragraphs = {p.number: p.text for p in document_from_text(text).paragraphs}
    for statement in submission.statements:
        assert re.match(r"^第\d+(–\d+)?段「", statement.location)
        for figure in _figures(statement):
            assert figure.text.strip() in paragraphs[figure.paragraph]

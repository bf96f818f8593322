"""An independent reading of the rule catalogue: the findings a submission must get, as (rule, project) pairs.

Why it exists: the rule files, the facts that feed them and both engines are one
implementation, so comparing the two engines cannot show a rule that means something
other than the catalogue says. This module states each rule again, from docs/RULES.md
and the catalogue's latest wording (the rule files' own text, where RULES.md lags:
B001 on any stated 结余 other than 0; a plain share claim and a printed 执行率 stand for
their figure rounded or truncated; a claim that fires P002 is not checked by P001) in
the plainest Python there is: exact ``Fraction`` arithmetic on the amounts as written,
the tolerance formula as printed, its own reading of targets, comparator words and
prompts — and nothing imported from ``auditor`` but the data model. A disagreement
between it and auditor is a disagreement between two readings of one text, to be
settled against the text.

Where the catalogue is silent, the choices below are the plain reading and are marked
"(not in RULES.md)": an unknown value skips every rule that needs it (README: "what the
text does not state stays unknown and the rules that need it are skipped"); each row of
项目 is a project, and a project's 资金明细 and 绩效指标 are the rows that name it — by a
name that differs at most in full-width forms and spaces (D004's own example).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from auditor.model import Claim, Indicator, Project, StatedFigure, Submission

Expected = tuple[str, str | None]

#: Amounts are written to 0.01 of the workbook's unit ("Amount tolerance").
PRECISION = Fraction(1, 100)
#: I005: 100 minus the 10 points of 预算执行率.
INDICATOR_WEIGHTS = Fraction(90)
EXECUTION_POINTS = Fraction(10)
REQUIRED_KINDS = ("数量指标", "质量指标", "时效指标", "成本指标")
GRADE_FLOORS = ((Fraction(90), "优秀"), (Fraction(80), "良好"), (Fraction(60), "中"))
LOW_EXECUTION_PERCENT = Fraction(90)
OVERACHIEVEMENT = Fraction(6, 5)
#: 「（200字以内）」「指标1：」「XXX」, the prompts RULES.md names, and the same prompts for other word counts
#: and indicator numbers (RULES.md: "a list that is a rule parameter"); compared as a reviewer reads them.
PROMPTS = ("（200字以内）", "（300字以内）", "（500字以内）", "（100字以内）", "（50字以内）", "指标1：", "指标2：", "指标3：", "XXX")
#: 「—」「/」「*」 mean empty (docs/NATIONAL_FORM.md).
EMPTY_MARKS = ("", "—", "——", "-", "－", "/", "*")

#: P001's comparator words by what they mean: the words RULES.md lists, and the symbols and
#: synonyms that say the same (≥ is 不低于, ≈ is 约 …), as a reviewer reads them (「＞」 is 「>」).
#: A word not listed says nothing that can be checked (not in RULES.md).
WORDS_BY_MEANING: dict[str, tuple[str, ...]] = {
    "plain": ("", "占比", "为", "等于", "达", "达到", "是", "="),
    "approx": ("约", "左右", "近", "接近", "大约", "约为", "≈", "~"),
    "at_least": ("以上", "不低于", "不少于", "至少", "≥", ">="),
    "more_than": ("超过", "高于", "多于", "逾", "大于", ">"),
    "at_most": ("以下", "不超过", "不高于", "至多", "≤", "<="),
    "less_than": ("不足", "不满", "低于", "少于", "小于", "<"),
}


# --- reading what a cell says ------------------------------------------------------------------


def plain_text(text: str | None) -> str:
    """Full-width folded to half-width and spaces removed: how a reviewer reads 「ＸＸＸ」 as 「XXX」."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def is_empty(text: str | None) -> bool:
    return text is None or plain_text(text) in {plain_text(mark) for mark in EMPTY_MARKS}


def unanswered(text: str | None) -> bool:
    """Empty, or nothing but a template prompt: no reason was given (not in RULES.md, but a prompt is no answer)."""
    return is_empty(text) or plain_text(text) in {plain_text(prompt) for prompt in PROMPTS}


def has_number(text: str | None) -> bool:
    """A digit, or a count in Chinese numerals (「三个月」)."""
    written = plain_text(text)
    return bool(re.search(r"\d", written) or re.search(r"[一二三四五六七八九十百千两]+[个项次人家户所场批月天年周]", written))


def names_period(text: str | None) -> bool:
    """A date or a period: 「2023年12月底前」「年内」「第四季度」 (I006 for 时效 targets)."""
    return any(word in plain_text(text) for word in ("年", "月", "日", "季度", "周", "旬", "天", "小时"))


@dataclass(frozen=True)
class Measured:
    """A value that is one number with an optional comparator and unit: 「≥99人」「100%」「≤50万元」「5场」."""

    comparator: str
    number: Fraction
    unit: str

    @property
    def lower_is_better(self) -> bool:
        return self.comparator in ("≤", "<")


_MEASURED = re.compile(r"^(≥|≤|>|<|=)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\D*)$")
#: A unit that names a point in the calendar makes the value a date, which has no "short of" (not in
#: RULES.md; I006 tells a number from a date or period): 「2023年」「12月」「第四季度前」. A duration is a quantity.
DATE_WORDS = ("年", "月", "日", "季度", "前", "底")
#: 「≥100百分比」 is ≥100% (docs/NATIONAL_FORM.md).
UNIT_SYNONYMS = {"百分比": "%"}


def measured(text: str | None) -> Measured | None:
    """The number a target or actual states, or None for words, dates and periods (「2023年12月底前」)."""
    match = _MEASURED.match(plain_text(text))
    if match is None or any(word in match.group(3) for word in DATE_WORDS):
        return None
    unit = UNIT_SYNONYMS.get(match.group(3), match.group(3))
    return Measured(match.group(1) or "", Fraction(match.group(2).replace(",", "")), unit)


def compared(indicator: Indicator) -> tuple[Measured, Measured] | None:
    """Target and actual when both are numbers in one unit (a unit written on one side only is that unit:
    not in RULES.md, the workbook's actual column often leaves it off)."""
    target, actual = measured(indicator.target), measured(indicator.actual)
    if target is None or actual is None:
        return None
    if target.unit and actual.unit and target.unit != actual.unit:
        return None
    return target, actual


def falls_short(target: Measured, actual: Measured) -> bool:
    """RULES.md, "comparing targets": ≥/>/bare — actual < target; ≤/< — actual > target."""
    return actual.number > target.number if target.lower_is_better else actual.number < target.number


def family(indicator: Indicator) -> str | None:
    """数量/质量/时效/成本 from the 二级 kind; any 成本 kind, at either level, is a cost (docs/NATIONAL_FORM.md)."""
    level1, level2 = indicator.level1 or "", indicator.level2 or ""
    if "成本" in level1 or "成本" in level2:
        return "cost"
    for word, name in (("数量", "quantity"), ("质量", "quality"), ("时效", "timeliness"), ("进度", "timeliness")):
        if word in level2:
            return name
    return None


def decimals(value: Decimal) -> int:
    """Digits after the point, trailing zeros not counted (70, 70.0 → 0; 20.5 → 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def beyond(difference: Fraction, items: int) -> bool:
    """|Σ items − total| > (n + 1) × precision / 2."""
    return abs(difference) > (items + 1) * PRECISION / 2


# --- the rules ------------------------------------------------------------------------------------


def expected_findings(submission: Submission) -> Counter[Expected]:
    """Every (rule, project) the catalogue gives ``submission``, as many times as it gives it."""
    return Counter(
        [
            *data_rules(submission),
            *fund_rules(submission),
            *indicator_rules(submission),
            *share_rules(submission),
            *score_rules(submission),
            *national_rules(submission),
            *statement_rules(submission),
        ]
    )


def same_name(one: str | None, other: str | None) -> bool:
    """Two project names are one project's when they differ at most in full-width forms and spaces
    (rules/D004.yaml: 「工会劳模（疗休养、生活补贴）工作经费」 is 「工会劳模(疗休养、生活补贴)工作经费 」)."""
    return one is not None and other is not None and plain_text(one) == plain_text(other)


class Rows:
    """A project's rows in the other sheets: the rows that name it."""

    def __init__(self, submission: Submission) -> None:
        self.submission = submission

    def expenditures(self, project: Project) -> list:
        return [e for e in self.submission.expenditures if same_name(e.project, project.name)]

    def indicators(self, project: Project) -> list[Indicator]:
        return [i for i in self.submission.indicators if same_name(i.project, project.name)]

    def breakdown(self, project: Project) -> tuple[int, Fraction] | None:
        """(items, sum) of the 资金明细; None when there are none or one is unknown."""
        rows = self.expenditures(project)
        if not rows or any(row.amount is None for row in rows):
            return None
        return len(rows), sum((Fraction(row.amount) for row in rows), Fraction(0))


def data_rules(submission: Submission) -> Iterator[Expected]:
    """D001–D003 from what the reader reported; D004 and D005 across the sheets."""
    code_of = {
        "unreadable_file": "D001", "missing_structure": "D002", "missing_statement": "D002", "bad_value": "D003",
        "unit_outlier": "D007",
        "unknown_project": "D004", "duplicate_project": "D005",
    }
    for issue in submission.issues:
        yield code_of[issue.kind], issue.project
    listed = [p.name for p in submission.projects]
    if "projects" not in submission.unavailable:
        # One finding per name that 项目 lacks, as first written (not in RULES.md: one per row would repeat it).
        rows = [*submission.expenditures, *submission.indicators, *submission.claims]
        unknown: dict[str, str] = {}
        for row in rows:
            if row.project is not None and not any(same_name(row.project, name) for name in listed):
                unknown.setdefault(plain_text(row.project), row.project)
        yield from (("D004", name) for name in unknown.values())
    # One finding per name listed more than once, as first written.
    first_spelling: dict[str, str] = {}
    for name in listed:
        first_spelling.setdefault(plain_text(name), name)
    repeated = Counter(plain_text(name) for name in listed)
    yield from (("D005", first_spelling[key]) for key, count in repeated.items() if count > 1)


def fund_rules(submission: Submission) -> Iterator[Expected]:
    rows = Rows(submission)
    department = submission.department
    projects = submission.projects
    for project in projects:
        budget, executed, balance = project.budget, project.executed, project.balance
        breakdown = rows.breakdown(project)
        basis = executed if executed is not None else budget
        if breakdown is not None and basis is not None and beyond(breakdown[1] - Fraction(basis), breakdown[0]):
            yield "F001", project.name
        if balance is not None and budget is not None and executed is not None and beyond(Fraction(balance) - (Fraction(budget) - Fraction(executed)), 2):
            yield "F003", project.name
        if budget is not None and executed is not None and Fraction(executed) - Fraction(budget) > PRECISION:  # one item: 0.01
            yield "F004", project.name
        if department.balance_claim == "无余额":
            money_left = budget is not None and executed is not None and Fraction(budget) - Fraction(executed) > PRECISION
            balance_left = balance is not None and balance != 0
            breakdown_off = breakdown is not None and budget is not None and beyond(breakdown[1] - Fraction(budget), breakdown[0])
            if money_left or balance_left or breakdown_off:
                yield "B001", project.name
    budgets = [p.budget for p in projects]
    if department.total_allocation is not None and projects and None not in budgets:
        total = sum((Fraction(b) for b in budgets if b is not None), Fraction(0))
        if beyond(total - Fraction(department.total_allocation), len(projects)):
            yield "F002", None
    if department.project_count is not None and "projects" not in submission.unavailable and department.project_count != len(projects):
        yield "F005", None


def indicator_rules(submission: Submission) -> Iterator[Expected]:
    rows = Rows(submission)
    for project in submission.projects:
        indicators = rows.indicators(project)
        if not any(
            entry in submission.unavailable for entry in ("indicators", "indicators.level2", f"indicators:{project.name}")
        ):
            # 数量/质量/时效/成本指标 sit under 产出指标 in the form's tree, so an empty 一级 cell leaves the 二级
            # kind to say where the indicator belongs (not in RULES.md); 成本指标 may be a 一级 of its own.
            present = {i.level2 for i in indicators if i.level1 in ("产出指标", None)} | {"成本指标" for i in indicators if i.level1 == "成本指标"}
            if any(kind not in present for kind in REQUIRED_KINDS):
                yield "I001", project.name
        weights = [Fraction(i.weight) for i in indicators if i.weight is not None]
        if weights and sum(weights) != INDICATOR_WEIGHTS:
            yield "I005", project.name
    for indicator in submission.indicators:
        yield from ((code, indicator.project) for code in indicator_codes(indicator))


def indicator_codes(indicator: Indicator) -> Iterator[str]:
    """The I rules and S004 on one indicator, each at most once."""
    target_empty, actual_empty = is_empty(indicator.target), is_empty(indicator.actual)
    pair = compared(indicator)
    kind = family(indicator)
    if target_empty or actual_empty:
        yield "I002"
    if pair is not None and falls_short(*pair) and unanswered(indicator.deviation_reason):
        yield "I003"
    if indicator.points is not None and (indicator.points < 0 or (indicator.weight is not None and indicator.points > indicator.weight)):
        yield "I004"
    if not target_empty and (
        (kind in ("quantity", "quality", "cost") and not has_number(indicator.target))
        or (kind == "timeliness" and not has_number(indicator.target) and not names_period(indicator.target))
    ):
        yield "I006"
    # "A target with a number": a numeric target (README: 「a numeric target」), not a date.
    if measured(indicator.target) is not None and not actual_empty and not has_number(indicator.actual):
        yield "I007"
    if pair is not None:
        target, actual = pair
        if target.comparator in ("≥", ">") and target.number > 0 and actual.number >= OVERACHIEVEMENT * target.number and unanswered(indicator.deviation_reason):
            yield "I008"
    target = measured(indicator.target)
    if kind == "cost" and target is not None and target.comparator in ("≥", ">"):
        yield "I009"
    allowed = allowed_points(indicator)
    if allowed is not None and indicator.points is not None and Fraction(indicator.points) - allowed > score_tolerance(indicator.points):
        yield "S004"


def allowed_points(indicator: Indicator) -> Fraction | None:
    """S004: what an unmet or partly met indicator may score; None when it is met or cannot be judged."""
    if indicator.weight is None:
        return None
    weight = Fraction(indicator.weight)
    rating = plain_text(indicator.actual)
    if "未达成" in rating:
        return weight * Fraction(60, 100)
    if "部分达成" in rating:
        return weight * Fraction(80, 100)
    pair = compared(indicator)
    if pair is None or not falls_short(*pair):
        return None
    target, actual = pair
    t, a = target.number, actual.number
    if not target.lower_is_better:
        return weight * a / t if t > 0 else None
    linear = max(Fraction(0), 1 - (a - t) / t) if t > 0 else Fraction(0)
    return weight * max(linear, t / a if a > 0 else Fraction(0))


def share_rules(submission: Submission) -> Iterator[Expected]:
    for claim in submission.claims:
        if claim.part is None or claim.whole is None:
            continue
        if claim.part > claim.whole or claim.part < 0 or claim.whole <= 0:
            yield "P002", claim.project
        elif claim.claimed_percent is not None and share_claim_fails(claim):
            yield "P001", claim.project


def share_claim_fails(claim: Claim) -> bool:
    """P001 with a = 100 × 分子 / 分母 and the claim X written with d decimals."""
    assert claim.part is not None and claim.whole is not None and claim.claimed_percent is not None
    a = 100 * Fraction(claim.part) / Fraction(claim.whole)
    x = Fraction(claim.claimed_percent)
    unit = Fraction(1, 10 ** decimals(claim.claimed_percent))
    word = plain_text(claim.comparator)
    meaning = next((meaning for meaning, words in WORDS_BY_MEANING.items() if word in words), None)
    holds = {
        # rounded or truncated: X − ½·10^−d ≤ a < X + 10^−d
        "plain": lambda: x - unit / 2 <= a < x + unit,
        "approx": lambda: abs(a - x) < 1,
        "at_least": lambda: a >= x,
        "more_than": lambda: a > x,
        "at_most": lambda: a <= x,
        "less_than": lambda: a < x,
    }
    return meaning is not None and not holds[meaning]()


def score_rules(submission: Submission) -> Iterator[Expected]:
    rows = Rows(submission)
    for project in submission.projects:
        if project.score is not None:
            scored = [Fraction(i.points) for i in rows.indicators(project) if i.points is not None]
            execution = execution_points(project)
            if scored and execution is not None and abs(Fraction(project.score) - (execution + sum(scored))) > Fraction(1, 2):
                yield "S001", project.name
            if project.grade is not None and project.grade != grade_of(Fraction(project.score)):
                yield "S002", project.name


def execution_points(project: Project) -> Fraction | None:
    """The printed 预算执行率得分 (national form), else 10 × min(执行数 / 预算数, 1)."""
    if project.execution_points is not None:
        return Fraction(project.execution_points)
    if project.budget is None or project.executed is None or project.budget == 0:
        return None
    return EXECUTION_POINTS * min(Fraction(project.executed) / Fraction(project.budget), Fraction(1))


def grade_of(score: Fraction) -> str:
    return next((grade for floor, grade in GRADE_FLOORS if score >= floor), "差")


def national_rules(submission: Submission) -> Iterator[Expected]:
    """F006–F008, S003 where the national table states what they need; D006 in any free-text cell."""
    by_project: dict[str, list] = {}
    for row in submission.funding:
        by_project.setdefault(row.project, []).append(row)
    for name, funding in by_project.items():
        total = next((row for row in funding if row.is_total), None)
        parts = [row for row in funding if not row.is_total]
        if total is None or not parts:
            continue
        for column in ("initial", "budget", "executed"):
            amounts = [Fraction(getattr(row, column)) for row in parts if getattr(row, column) is not None]
            stated = getattr(total, column)
            total_amount = Fraction(stated) if stated is not None else Fraction(0)
            # "A total row left at 0 or empty while its 其中 rows hold money fires too"
            empty_total = total_amount == 0 and sum(amounts, Fraction(0)) != 0
            if amounts and (empty_total or beyond(sum(amounts) - total_amount, len(amounts))):
                yield "F006", name
                break
    national = submission.layout == "national-form"
    for project in submission.projects:
        rate = computed_rate(project)
        printed = project.execution_rate
        if rate is not None and printed is not None:
            places = project.execution_rate_decimals if project.execution_rate_decimals is not None else decimals(printed)
            unit = Fraction(1, 10**places)
            if not Fraction(printed) - unit / 2 <= rate < Fraction(printed) + unit:
                yield "F007", project.name
        # "Where a layout has no such cell, the rule does not apply": the national table has 执行率 cells,
        # filled or not; elsewhere a project that states a field of that block has them.
        has_rate_cells = national or any(
            value is not None for value in (project.execution_rate, project.execution_points, project.execution_weight)
        )
        percent = rate if rate is not None else (Fraction(printed) if printed is not None else None)
        if has_rate_cells and not (project.budget is not None and project.budget <= 0) and percent is not None:
            if percent < LOW_EXECUTION_PERCENT and unanswered(project.execution_reason):
                yield "F008", project.name
        if rate is not None and project.execution_points is not None:
            weight = Fraction(project.execution_weight) if project.execution_weight is not None else EXECUTION_POINTS
            if abs(Fraction(project.execution_points) - min(rate / 100, Fraction(1)) * weight) > score_tolerance(project.execution_points):
                yield "S003", project.name
    for cell in submission.texts:
        if any(plain_text(prompt) in plain_text(cell.text) for prompt in PROMPTS):
            yield "D006", cell.project
    # RULES.md: where a layout states the same things (三级指标, targets, actuals, 偏差原因), the
    # national rules apply to it too — a prompt left in an indicator's cell is D006, counted once
    # when the reader also listed that cell among the free texts.
    listed = {(cell.project, cell.label, cell.text) for cell in submission.texts}
    labels = {"name": "三级指标", "target": "年度指标值", "actual": "实际完成值", "deviation_reason": "偏差原因"}
    for indicator in submission.indicators:
        for field, label in labels.items():
            text = getattr(indicator, field)
            if text and (indicator.project, label, text) not in listed and any(plain_text(p) in plain_text(text) for p in PROMPTS):
                yield "D006", indicator.project


def score_tolerance(points: Decimal) -> Fraction:
    """S003/S004's 0.1 of a point, or half a unit of the score's last printed digit when wider: a score
    printed whole stands for ±0.5 (issue 12: figures each with their printed precision; r16's 9 for 8.62)."""
    return max(Fraction(1, 10), Fraction(1, 2) * Fraction(1, 10 ** decimals(points)))


def computed_rate(project: Project) -> Fraction | None:
    """全年执行数 / 全年预算数 in percent; None without a budget above 0 and an execution."""
    if project.budget is None or project.executed is None or project.budget <= 0:
        return None
    return 100 * Fraction(project.executed) / Fraction(project.budget)


# --- statements in a written report (RULES.md, last section) ------------------------------------

#: 元 per unit written: amounts are converted exactly to one unit first.
YUAN_PER_UNIT = {"元": Fraction(1), "万元": Fraction(10_000), "亿元": Fraction(100_000_000)}


#: The largest amount auditor compares, in 元: its engine compares integers exactly up to 2⁵³, and amounts
#: are compared in ten-thousandths of a yuan (about 9,007 亿元, far past any department's figures);
#: a relation with a larger figure is not checked (README, "Statements in a written report").
LARGEST_COMPARED = Fraction(2**53, 10_000)


def is_money(*figures: StatedFigure | None) -> bool:
    return all(f is not None and f.unit in YUAN_PER_UNIT and abs(in_yuan(f)) < LARGEST_COMPARED for f in figures)


def in_yuan(figure: StatedFigure) -> Fraction:
    return Fraction(figure.value) * YUAN_PER_UNIT[figure.unit]


def half_unit(figure: StatedFigure) -> Fraction:
    """"Half a unit of every figure involved": of its last printed digit, in 元."""
    return Fraction(figure.precision) / 2 * YUAN_PER_UNIT[figure.unit]


def printed_holds(computed: Fraction, printed: StatedFigure) -> bool:
    """P001's plain semantics, F007's test: the printed figure is the computed one rounded or truncated
    to its digits, X − ½·10^−d ≤ a < X + 10^−d."""
    x, unit = Fraction(printed.value), Fraction(printed.precision)
    return x - unit / 2 <= computed < x + unit


def statement_rules(submission: Submission) -> Iterator[Expected]:
    """F009, F010 (money parts against their whole), F011 (budget − spending = balance; a stated rate),
    P003 (a change and its percentage); each finding on the project whose paragraph states it, if any
    (not in RULES.md: "the subject each belongs to by the nearest label")."""
    for statement in submission.statements:
        if statement.kind == "parts" and statement.whole is not None and statement.parts and is_money(statement.whole, *statement.parts):
            difference = sum((in_yuan(p) for p in statement.parts), Fraction(0)) - in_yuan(statement.whole)
            tolerance = sum((half_unit(f) for f in (statement.whole, *statement.parts)), Fraction(0))
            if difference > tolerance:
                yield "F009", statement.project
            elif -difference > tolerance and statement.complete:
                yield "F010", statement.project
        elif statement.kind == "spending" and is_money(statement.budget, statement.spending, statement.balance):
            figures = (statement.budget, statement.spending, statement.balance)
            budget, spending, balance = (in_yuan(f) for f in figures)  # type: ignore[arg-type]
            if abs(budget - spending - balance) > sum((half_unit(f) for f in figures), Fraction(0)):  # type: ignore[arg-type]
                yield "F011", statement.project
        elif statement.kind == "rate" and statement.rate is not None and is_money(statement.numerator, statement.denominator):
            denominator = in_yuan(statement.denominator)  # type: ignore[arg-type]
            if denominator > 0 and not printed_holds(100 * in_yuan(statement.numerator) / denominator, statement.rate):  # type: ignore[arg-type]
                yield "F011", statement.project
        elif statement.kind == "change" and statement.current and statement.change and statement.percent:
            if is_money(statement.current, statement.change):
                t, x = in_yuan(statement.current), in_yuan(statement.change)
            elif statement.current.unit == statement.change.unit:
                t, x = Fraction(statement.current.value), Fraction(statement.change.value)
            else:
                continue
            base = t + x if statement.decrease else t - x
            if base > 0 and not printed_holds(100 * x / base, statement.percent):
                yield "P003", statement.project

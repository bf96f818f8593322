"""Hypothesis strategies that build valid submissions — the one place tests get generated data from.

``consistent_submissions`` builds submissions in which every stated figure agrees
with every other (breakdowns add up, balances are budget − spending, shares match
their counts, scores add up and match their grades): no rule may fire on them.
Other tests perturb one figure and check that exactly the right rule fires.

``planted_submissions`` (what the submission workbook can state) and
``national_submissions`` (the national 自评表's fields: 其中 rows, printed 执行率 and
its 得分, reasons, free texts) plant several problems at once, each near the boundary
its rule draws — unknown amounts, weights that do not add up, every comparator word,
unmet and exceeded targets, rows of unknown or repeated projects, template prompts.
``rule_reaching_submissions`` mixes them with data issues and unreadable files, so
that generated data reaches every rule of the catalogue and builds every kind of fact;
what must fire is for an independent reading of the catalogue to say
(``tests/catalogue_oracle.py``), never for the plant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import TypeVar

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from auditor.model import Claim, DataIssue, Department, Expenditure, FundingRow, Indicator, Project, Submission, TextCell
from auditor.parsing.comparators import COMPARATORS, WORDS_BY_MEANING, worded
from tests.statement_strategies import STATEMENT_PLANTS

CENT = Decimal("0.01")
PROJECT_WORDS = [
    "送温暖", "劳模疗休养", "困难职工帮扶", "厂务公开", "职业技能培训", "文物保护", "农田水利", "乡村道路", "公共卫生", "非遗传承",
    "工会劳模（疗休养、生活补贴）",
]
#: Every comparator word auditor knows, by meaning (the one vocabulary, parsing.comparators).
COMPARATOR_WORDS = WORDS_BY_MEANING
BANDS = ((Decimal(90), "优秀"), (Decimal(80), "良好"), (Decimal(60), "中"))


def hundredths(value: int) -> Decimal:
    """An amount or score given as an integer number of hundredths, exactly."""
    return (Decimal(value) * CENT).quantize(CENT)


def grade_for(score: Decimal) -> str:
    return next((grade for floor, grade in BANDS if score >= floor), "差")


@st.composite
def splits(draw: st.DrawFn, total: int, min_parts: int = 1, max_parts: int = 8) -> list[int]:
    """``total`` (hundredths) split into positive parts that add up exactly."""
    parts = draw(st.integers(min_parts, max(min_parts, min(max_parts, total))))
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True))) if total > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:]) if b > a]


@st.composite
def weights_summing_to(draw: st.DrawFn, total: int, count: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


@st.composite
def met_indicators(draw: st.DrawFn, project: str) -> list[Indicator]:
    """One met 产出指标 of each required kind, weights summing to 90, points within weights;
    actuals stay under 120% of their targets (I008 asks for a reason beyond that)."""
    weights = draw(weights_summing_to(90, 4))
    people = draw(st.integers(1, 5000))
    quality = draw(st.integers(50, 100))
    cost = draw(st.integers(100, 100000))
    rows = [
        ("数量指标", "受益人数", f"≥{people}人", f"{people + draw(st.integers(0, (people - 1) // 5))}人"),
        ("质量指标", "验收合格率", f"≥{quality}%", f"{draw(st.integers(quality, min(100, quality + (quality - 1) // 5)))}%"),
        ("时效指标", "完成时间", "2023年12月底前", draw(st.sampled_from(["2023年11月", "按期完成"]))),
        ("成本指标", "人均成本", f"≤{cost}元", f"{draw(st.integers(cost * 4 // 5, cost))}元"),
    ]
    indicators = []
    for (level2, name, target, actual), weight in zip(rows, weights):
        points = draw(st.integers(weight * 80, weight * 100))  # hundredths of a point
        indicators.append(
            Indicator(
                project=project, level1="产出指标", level2=level2, name=name, target=target, actual=actual,
                weight=Decimal(weight), points=hundredths(points),
            )
        )
    return indicators


@st.composite
def consistent_projects(draw: st.DrawFn, name: str) -> tuple[Project, list[Expenditure], list[Indicator]]:
    budget = draw(st.integers(100, 10**9))  # hundredths of the unit
    executed = budget if draw(st.booleans()) else draw(st.integers(budget // 2, budget))
    items = draw(splits(executed)) if executed > 0 else []
    indicators = draw(met_indicators(name))
    execution_points = Fraction(10) * min(Fraction(executed, budget), Fraction(1))
    exact = execution_points + sum(Fraction(i.points) for i in indicators if i.points is not None)
    score = hundredths(round(exact * 100))  # within 0.005 of the exact total
    project = Project(
        name=name, budget=hundredths(budget), executed=hundredths(executed), balance=hundredths(budget - executed),
        score=score, grade=grade_for(score),
    )
    expenditures = [Expenditure(project=name, purpose=f"用途{i + 1}", amount=hundredths(part)) for i, part in enumerate(items)]
    return project, expenditures, indicators


def _grid_floor(value: Fraction, d: int) -> Fraction:
    scale = 10**d
    return Fraction((value * scale).numerator // (value * scale).denominator, scale)


def _as_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def satisfying_percent(share: Fraction, comparator_class: str, d: int) -> Fraction | None:
    """A claim written with d decimals that ``share`` satisfies under the comparator, or None."""
    step = Fraction(1, 10**d)
    floor = _grid_floor(share, d)
    ceil = floor if floor == share else floor + step
    nearest = floor if share - floor <= ceil - share else ceil
    choice = {
        "plain": nearest,
        "approx": nearest,
        "at_least": floor,
        "more_than": ceil - step,
        "at_most": ceil,
        "less_than": floor + step,
    }[comparator_class]
    return choice if choice >= 0 else None


@st.composite
def consistent_claims(draw: st.DrawFn, project: str | None) -> Claim:
    whole = draw(st.integers(1, 2000))
    part = draw(st.integers(0, whole))
    share = Fraction(100 * part, whole)
    comparator_class = draw(st.sampled_from(sorted(COMPARATOR_WORDS)))
    d = draw(st.integers(0, 2))
    claimed = satisfying_percent(share, comparator_class, d)
    if claimed is None:
        comparator_class, claimed = "at_least", _grid_floor(share, d)
    word = draw(st.sampled_from(COMPARATOR_WORDS[comparator_class]))
    percent = _as_decimal(claimed).quantize(Decimal(1).scaleb(-d))
    return Claim(
        project=project,
        statement=f"共{whole}人，其中{part}人，占比{percent}%{word}",
        part=Decimal(part),
        whole=Decimal(whole),
        claimed_percent=percent,
        comparator=word,
    )


@st.composite
def consistent_submissions(draw: st.DrawFn) -> Submission:
    count = draw(st.integers(1, 4))
    words = draw(st.lists(st.sampled_from(PROJECT_WORDS), min_size=count, max_size=count, unique=True))
    names = [f"{word}项目" for word in words]
    built = [draw(consistent_projects(name)) for name in names]
    projects = [p for p, _, _ in built]
    all_spent = all(p.balance == 0 for p in projects)
    claims = [draw(consistent_claims(draw(st.sampled_from([None, *names])))) for _ in range(draw(st.integers(0, 3)))]
    department = Department(
        name=draw(st.sampled_from(["贵州省总工会", "某省农业农村厅", "某市文化和旅游局"])),
        year=draw(st.integers(2015, 2025)),
        unit=draw(st.sampled_from(["万元", "元"])),
        total_allocation=sum((p.budget for p in projects if p.budget is not None), Decimal(0)),
        project_count=count,
        balance_claim="无余额" if all_spent else draw(st.sampled_from(["有余额", None])),
        grade=draw(st.sampled_from(["优秀", "良好", None])),
    )
    return Submission(
        path="generated.xlsx",
        department=department,
        projects=projects,
        expenditures=[e for _, rows, _ in built for e in rows],
        indicators=[i for _, _, rows in built for i in rows],
        claims=claims,
    )


@st.composite
def disturbed_submissions(draw: st.DrawFn) -> Submission:
    """A consistent submission with a few figures moved at random: many rules fire, some do not."""
    submission = draw(consistent_submissions())
    projects = [
        p.model_copy(update={field: getattr(p, field) + draw(st.integers(-300, 300)) * CENT})
        if draw(st.booleans()) else p
        for p in submission.projects
        for field in [draw(st.sampled_from(["budget", "executed", "balance", "score"]))]
    ]
    expenditures = [
        e.model_copy(update={"amount": e.amount + draw(st.integers(-5, 5)) * CENT}) for e in submission.expenditures
    ]
    indicators = [
        i.model_copy(update={"points": i.points + draw(st.integers(-2, 2)), "actual": draw(st.sampled_from([i.actual, "0", None]))})
        for i in submission.indicators
    ]
    department = submission.department.model_copy(
        update={"balance_claim": draw(st.sampled_from(["无余额", "有余额", None])), "project_count": draw(st.integers(0, 5))}
    )
    return submission.model_copy(
        update={"projects": projects, "expenditures": expenditures, "indicators": indicators, "department": department}
    )


# --- problems planted in generated submissions ----------------------------------------------
#
# A plant takes a submission and returns a strategy for the submission with one more
# problem — or one more unknown value — in it. Plants are drawn several at a time and
# combine freely: what then fires is for the catalogue to say, not for the plant, so a
# plant never promises a finding. Moves land on a rule's boundary, one step past it, or
# anywhere, so that both sides of every tolerance are exercised.

Plant = Callable[[Submission], st.SearchStrategy[Submission]]
T = TypeVar("T")

#: Words a 绩效指标 row states instead of numbers, by what a rule makes of them.
VAGUE_TARGETS = ("效果明显", "及时", "严格执行相关制度规定", "有所提高")
PERIOD_TARGETS = ("年内", "第四季度", "2023年12月底前")
WORDED_ACTUALS = ("完成", "达成预期指标", "按期完成")
RATED_ACTUALS = ("部分达成", "未达成")
#: What a cell holds when nothing was written in it: empty, or the form's dash or slash.
EMPTY_TEXTS = (None, "—", "/")
#: 偏差原因 and 执行率 reasons: none, a dash, only the form's prompt, or a real answer.
REASONS = (None, "—", "（200字以内）", "受疫情影响，部分活动延期至次年", "实际需求高于预期，已据实调整")
#: Template prompts as departments leave them: alone, in a sentence, half-width or full-width.
PROMPT_TEXTS = ("（200字以内）", "(200字以内)", "项目总体完成情况良好。（300字以内）", "指标1：", "XXX", "ＸＸＸ项目按计划实施")
#: Free texts that answer their question.
#: The free-text cell of a low 执行率's reason (Sichuan's 原因), as the national reader names it.
REASON_CELL = "执行率偏差原因"
ANSWER_TEXTS = ("项目按计划实施，资金使用规范", "个别活动因天气原因延期", "进一步加强预算执行进度管理", "完成年度绩效目标")
UNITS_OF_KIND = {"数量指标": ("人", "个", "场", "次"), "质量指标": ("%",), "时效指标": ("%", "天"), "成本指标": ("元", "万元")}
OTHER_INDICATORS = (
    ("效益指标", "社会效益指标", "群众知晓度", "有所提高", "明显提高"),
    ("效益指标", "可持续影响指标", "长效机制", "建立", "已建立"),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%"),
)
UNKNOWN_PROJECTS = ("未列入项目甲", "未列入项目乙")


def _replaced(items: Sequence[T], index: int, item: T) -> list[T]:
    return [*items[:index], item, *items[index + 1:]]


def _steps_near(boundary: int) -> st.SearchStrategy[int]:
    """A move in 0.01 steps: exactly at a boundary of ``boundary`` steps, one past it, or anywhere; either sign."""
    size = st.one_of(st.just(boundary), st.just(boundary + 1), st.integers(0, 200_000))
    return st.builds(lambda n, sign: n * sign, size, st.sampled_from([1, -1]))


def _tolerance_steps(items: int) -> int:
    """Whole 0.01 steps within (n + 1) × 0.01 / 2."""
    return (items + 1) // 2


def _rounded(value: Fraction, places: int = 2, truncate: bool = False) -> Decimal:
    """A fraction rounded half-up (or truncated) to ``places`` decimals, written with exactly that many."""
    scaled = value * 10**places + (0 if truncate else Fraction(1, 2))
    return Decimal(int(scaled // 1)).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def _number_text(tenths: int) -> str:
    """A count written as departments write it: 98 or 98.5."""
    return format(Decimal(tenths).scaleb(-1).normalize(), "f") if tenths % 10 else str(tenths // 10)


_FULL_WIDTH_DIGITS = str.maketrans("0123456789.", "０１２３４５６７８９．")


@st.composite
def typed_values(draw: st.DrawFn, comparator: str, tenths: int, unit: str) -> str:
    """A target or actual as tables type it: 「≥99人」, 「≥ 99 人」, 「≥９９人」, 「≥1,000人」, 「≥95百分比」."""
    number = _number_text(tenths)
    if unit == "%" and draw(st.integers(0, 3)) == 0:
        unit = "百分比"  # budget systems print 「≥100百分比」 (docs/NATIONAL_FORM.md)
    form = draw(st.sampled_from(["plain", "plain", "spaced", "full_width", "thousands"]))
    if form == "spaced":
        return f"{comparator} {number} {unit}".strip()
    if form == "full_width":
        return f"{comparator}{number.translate(_FULL_WIDTH_DIGITS)}{unit}"
    if form == "thousands" and tenths % 10 == 0:
        return f"{comparator}{tenths // 10:,}{unit}"
    return f"{comparator}{number}{unit}"


def _with_project(submission: Submission, index: int, **changes: object) -> Submission:
    project = submission.projects[index].model_copy(update=changes)
    return submission.model_copy(update={"projects": _replaced(submission.projects, index, project)})


def _with_indicator(submission: Submission, index: int, **changes: object) -> Submission:
    indicator = submission.indicators[index].model_copy(update=changes)
    return submission.model_copy(update={"indicators": _replaced(submission.indicators, index, indicator)})


def _a_project(draw: st.DrawFn, submission: Submission) -> int | None:
    return draw(st.integers(0, len(submission.projects) - 1)) if submission.projects else None


def _an_indicator(draw: st.DrawFn, submission: Submission) -> int | None:
    return draw(st.integers(0, len(submission.indicators) - 1)) if submission.indicators else None


# --- funds -------------------------------------------------------------------------------------


@st.composite
def move_expenditure(draw: st.DrawFn, submission: Submission) -> Submission:
    """One 资金明细 amount moved to the project's tolerance, one step past it, or anywhere."""
    if not submission.expenditures:
        return submission
    index = draw(st.integers(0, len(submission.expenditures) - 1))
    row = submission.expenditures[index]
    if row.amount is None:
        return submission
    items = sum(1 for e in submission.expenditures if e.project == row.project)
    moved = row.model_copy(update={"amount": row.amount + draw(_steps_near(_tolerance_steps(items))) * CENT})
    return submission.model_copy(update={"expenditures": _replaced(submission.expenditures, index, moved)})


@st.composite
def unknown_amount(draw: st.DrawFn, submission: Submission) -> Submission:
    """An amount or score nobody wrote: a 资金明细 line, a 预算数/执行数/结余/自评得分, or 财政拨款合计."""
    where = draw(st.sampled_from(["expenditure", "budget", "executed", "balance", "score", "total_allocation"]))
    if where == "expenditure" and submission.expenditures:
        index = draw(st.integers(0, len(submission.expenditures) - 1))
        row = submission.expenditures[index].model_copy(update={"amount": None})
        return submission.model_copy(update={"expenditures": _replaced(submission.expenditures, index, row)})
    if where == "total_allocation":
        return submission.model_copy(update={"department": submission.department.model_copy(update={"total_allocation": None})})
    index = _a_project(draw, submission)
    if index is None or where == "expenditure":
        return submission
    return _with_project(submission, index, **{where: None})


@st.composite
def move_total_allocation(draw: st.DrawFn, submission: Submission) -> Submission:
    department = submission.department
    if department.total_allocation is None:
        return submission
    steps = draw(_steps_near(_tolerance_steps(len(submission.projects))))
    return submission.model_copy(update={"department": department.model_copy(update={"total_allocation": department.total_allocation + steps * CENT})})


@st.composite
def move_balance(draw: st.DrawFn, submission: Submission) -> Submission:
    """结余 moved: a stated balance is checked against 预算数 − 执行数 with two items' tolerance."""
    index = _a_project(draw, submission)
    if index is None or submission.projects[index].balance is None:
        return submission
    return _with_project(submission, index, balance=submission.projects[index].balance + draw(_steps_near(1)) * CENT)


@st.composite
def move_execution(draw: st.DrawFn, submission: Submission) -> Submission:
    """执行数 above or below 预算数 by a step or many; 结余 follows, stays, or is left empty."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    project = submission.projects[index]
    if project.budget is None:
        return submission
    executed = project.budget + draw(_steps_near(1)) * CENT
    balance = draw(st.sampled_from([project.budget - executed, project.balance, None]))
    return _with_project(submission, index, executed=executed, balance=balance)


@st.composite
def miscount_projects(draw: st.DrawFn, submission: Submission) -> Submission:
    counted = len(submission.projects)
    stated = draw(st.sampled_from([None, counted + 1, max(0, counted - 1), counted + 2]))
    return submission.model_copy(update={"department": submission.department.model_copy(update={"project_count": stated})})


@st.composite
def claim_nothing_left(draw: st.DrawFn, submission: Submission) -> Submission:
    """「当年无余额」 claimed whatever the figures say; sometimes a 结余 of a single 0.01 beside it."""
    department = submission.department.model_copy(update={"balance_claim": "无余额"})
    submission = submission.model_copy(update={"department": department})
    index = _a_project(draw, submission)
    if index is not None and draw(st.booleans()):
        submission = _with_project(submission, index, balance=draw(st.sampled_from([CENT, -CENT, Decimal(0)])))
    return submission


@st.composite
def unknown_project_row(draw: st.DrawFn, submission: Submission) -> Submission:
    """A 资金明细, 绩效指标 or 数据声明 row naming a project the 项目 sheet does not list."""
    name = draw(st.sampled_from(UNKNOWN_PROJECTS))
    where = draw(st.sampled_from(["expenditures", "indicators", "claims"]))
    if where == "expenditures":
        row: object = Expenditure(project=name, purpose="未列入项目的支出", amount=hundredths(draw(st.integers(1, 10**6))))
    elif where == "indicators":
        row = Indicator(project=name, level1="产出指标", level2="数量指标", name="培训人数", target="≥100人", actual=draw(st.sampled_from(["100人", "90人"])), weight=Decimal(20), points=Decimal(20))
    else:
        row = draw(boundary_claims(name))
    return submission.model_copy(update={where: [*getattr(submission, where), row]})


def _respelled(name: str, at: int) -> str:
    """A project name as another sheet types it: half-width brackets, a space typed in at ``at``."""
    half_width = name.replace("（", "(").replace("）", ")")
    return f"{half_width[:at]} {half_width[at:]}"


@st.composite
def respell_project_name(draw: st.DrawFn, submission: Submission) -> Submission:
    """A 资金明细, 绩效指标 or 数据声明 row — or a second row of 项目 — naming a listed project with a space
    typed in or half-width brackets: still that project (rules/D004.yaml)."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    name = submission.projects[index].name
    where = draw(st.sampled_from(["expenditures", "indicators", "claims", "projects"]))
    rows = getattr(submission, where)
    if where == "projects":
        again = submission.projects[index].model_copy(update={"name": _respelled(name, draw(st.integers(1, len(name) - 1)))})
        return submission.model_copy(update={"projects": [*rows, again]})
    named = [n for n, row in enumerate(rows) if row.project == name]
    if not named:
        return submission
    n = draw(st.sampled_from(named))
    respelled = rows[n].model_copy(update={"project": _respelled(name, draw(st.integers(1, len(name) - 1)))})
    return submission.model_copy(update={where: _replaced(rows, n, respelled)})


@st.composite
def duplicate_project(draw: st.DrawFn, submission: Submission) -> Submission:
    """A project listed twice in 项目, the second time with its figures as they are or with another 预算数."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    project = submission.projects[index]
    again = project.model_copy(update={"budget": draw(st.sampled_from([project.budget, hundredths(draw(st.integers(100, 10**8)))]))})
    return submission.model_copy(update={"projects": [*submission.projects, again]})


# --- indicators --------------------------------------------------------------------------------


@st.composite
def drop_indicator_kinds(draw: st.DrawFn, submission: Submission) -> Submission:
    """A project without its indicators of some (or all) of the required kinds, or moved under 效益指标."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    name = submission.projects[index].name
    kinds = draw(st.sets(st.sampled_from(sorted(UNITS_OF_KIND)), min_size=1, max_size=4))
    if draw(st.booleans()):
        kept = [i for i in submission.indicators if not (i.project == name and i.level2 in kinds)]
        return submission.model_copy(update={"indicators": kept})
    moved = [
        i.model_copy(update={"level1": "效益指标", "level2": "社会效益指标"}) if i.project == name and i.level2 in kinds else i
        for i in submission.indicators
    ]
    return submission.model_copy(update={"indicators": moved})


@st.composite
def blank_level1(draw: st.DrawFn, submission: Submission) -> Submission:
    """An indicator whose 一级指标 cell was left empty: its 二级 kind still says where it belongs."""
    index = _an_indicator(draw, submission)
    if index is None:
        return submission
    return _with_indicator(submission, index, level1=None)


@st.composite
def add_other_indicator(draw: st.DrawFn, submission: Submission) -> Submission:
    """A 效益 or 满意度 indicator with a weight of its own: the weights no longer total 90, or a cost kind as 一级."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    name = submission.projects[index].name
    if draw(st.booleans()):
        level1, level2, indicator, target, actual = draw(st.sampled_from(OTHER_INDICATORS))
    else:
        level1, level2, indicator = "成本指标", "成本指标", "单位成本"
        target, actual = draw(st.sampled_from([("≤500元", "480元"), ("≥500元", "520元"), ("≤500元", "650元")]))
    weight = draw(st.sampled_from([None, Decimal(5), Decimal(10)]))
    points = None if weight is None else draw(st.sampled_from([weight, weight - 1]))
    row = Indicator(project=name, level1=level1, level2=level2, name=indicator, target=target, actual=actual, weight=weight, points=points)
    return submission.model_copy(update={"indicators": [*submission.indicators, row]})


#: How an indicator's target and actual may be rewritten: met, short, over 120%, a ceiling met or exceeded,
#: a target of words or of a period, an actual of words or a rating, units that differ or are
#: stated on one side only, an empty cell.
INDICATOR_SCENARIOS = (
    "short", "met", "over", "ceiling_exceeded", "ceiling_met", "cost_floor",
    "vague", "period", "worded", "rated", "other_unit", "one_unit", "empty",
)


@st.composite
def measured_pairs(draw: st.DrawFn, level2: str | None, scenario: str) -> tuple[str | None, str, str | None]:
    """A 年度指标值 and 实际完成值 written the way ``scenario`` says, and the indicator's 二级 kind."""
    if scenario == "cost_floor":
        level2 = "成本指标"
    unit = draw(st.sampled_from(UNITS_OF_KIND.get(level2 or "", ("人",))))
    t = draw(st.integers(1, 5000)) * 10  # in tenths
    if draw(st.integers(0, 3)) == 0:
        t += draw(st.integers(1, 9))
    if scenario in ("ceiling_exceeded", "ceiling_met"):
        comparator = draw(st.sampled_from(["≤", "<"]))
        a = draw(st.integers(t, 3 * t)) if scenario == "ceiling_exceeded" else draw(st.integers(t // 2, t))
    elif scenario in ("over", "cost_floor"):
        comparator = draw(st.sampled_from(["≥", ">", "=", ""]) if scenario == "over" else st.sampled_from(["≥", ">"]))
        a = draw(st.integers(t * 6 // 5 - 1, 3 * t)) if draw(st.booleans()) else draw(st.integers(t // 2, t * 6 // 5))
    else:
        comparator = draw(st.sampled_from(["≥", ">", "=", ""]))
        a = draw(st.integers(0, t)) if scenario == "short" else draw(st.integers(t, t + t // 5))
    target = draw(typed_values(comparator, t, unit))
    actual = draw(typed_values("", a, unit))
    kind = level2 or "数量指标"
    if scenario == "vague":
        return draw(st.sampled_from(VAGUE_TARGETS)), kind, draw(st.sampled_from([actual, *WORDED_ACTUALS]))
    if scenario == "period":
        return draw(st.sampled_from(PERIOD_TARGETS)), kind, draw(st.sampled_from(["按期完成", "2023年11月", actual]))
    if scenario == "worded":
        return target, kind, draw(st.sampled_from(WORDED_ACTUALS))
    if scenario == "rated":
        return target, kind, draw(st.sampled_from(RATED_ACTUALS))
    if scenario == "other_unit":
        return f"{comparator}{_number_text(t)}人", kind, f"{_number_text(a)}场"
    if scenario == "one_unit":
        return (target, kind, _number_text(a)) if draw(st.booleans()) else (f"{comparator}{_number_text(t)}", kind, actual)
    if scenario == "empty":
        return (draw(st.sampled_from(EMPTY_TEXTS)), kind, actual) if draw(st.booleans()) else (target, kind, draw(st.sampled_from(EMPTY_TEXTS)))
    return target, kind, actual


@st.composite
def _rewrite_indicator(draw: st.DrawFn, submission: Submission, scenario: str) -> Submission:
    index = _an_indicator(draw, submission)
    if index is None:
        return submission
    indicator = submission.indicators[index]
    target, level2, actual = draw(measured_pairs(indicator.level2, scenario))
    points = indicator.points
    if indicator.weight is not None:
        share = Fraction(draw(st.integers(0, 100)), 100)
        points = draw(st.sampled_from([points, indicator.weight, Decimal(0), _rounded(Fraction(indicator.weight) * share)]))
    return _with_indicator(
        submission, index, level2=level2, target=target, actual=actual, points=points, deviation_reason=draw(st.sampled_from(REASONS))
    )


def rewrite_indicator(scenario: str) -> Plant:
    """An indicator's target and actual rewritten as ``scenario`` says (INDICATOR_SCENARIOS), its 偏差原因
    given or not, its 得分 left, full, none, or any share of its 分值."""

    def plant(submission: Submission) -> st.SearchStrategy[Submission]:
        return _rewrite_indicator(submission, scenario)

    plant.__name__ = f"rewrite_indicator[{scenario}]"
    return plant


INDICATOR_REWRITES: tuple[Plant, ...] = tuple(rewrite_indicator(scenario) for scenario in INDICATOR_SCENARIOS)


@st.composite
def rescore_indicator(draw: st.DrawFn, submission: Submission) -> Submission:
    """An indicator's 得分 above its 分值 or negative, or its 分值 changed or left empty."""
    index = _an_indicator(draw, submission)
    if index is None:
        return submission
    indicator = submission.indicators[index]
    weight = indicator.weight if indicator.weight is not None else Decimal(20)
    if draw(st.booleans()):
        return _with_indicator(submission, index, points=draw(st.sampled_from([weight + CENT, weight + 5, -CENT, Decimal(-2), None])))
    return _with_indicator(submission, index, weight=draw(st.sampled_from([None, weight + 1, weight - CENT, weight + 10])))


# --- claims ------------------------------------------------------------------------------------

_FULL_WIDTH_SYMBOLS = str.maketrans("=<>~", "＝＜＞～")
#: Wholes that make shares land exactly on a claim's grid, and any whole at all.
_EXACT_WHOLES = (4, 8, 20, 25, 40, 50, 80, 100, 200, 400, 1000)


@st.composite
def boundary_claims(draw: st.DrawFn, project: str | None) -> Claim:
    """A share claim with any comparator word, its figure a few units of its last digit around the true share."""
    whole = draw(st.one_of(st.sampled_from(_EXACT_WHOLES), st.integers(1, 2000)))
    part = draw(st.integers(0, whole))
    share = Fraction(100 * part, whole)
    d = draw(st.integers(0, 2))
    claimed = max(Fraction(0), _grid_floor(share, d) + Fraction(draw(st.integers(-2, 3)), 10**d))
    percent = _as_decimal(claimed).quantize(Decimal(1).scaleb(-d))
    word = draw(st.sampled_from([c.word for c in COMPARATORS]))
    if draw(st.booleans()):
        word = word.translate(_FULL_WIDTH_SYMBOLS)  # typed in a Chinese input method: 「＞＝」 is 「>=」
    # Counts of people, or shares of money written to the fen (「共 1234.56 万元，其中 987.65 万元」).
    scale, unit = (Decimal(1), "人") if draw(st.integers(0, 3)) else (CENT, "万元")
    return Claim(
        project=project,
        statement=f"共{whole * scale}{unit}，其中{part * scale}{unit}，{worded(format(percent, 'f'), word)}",
        part=part * scale,
        whole=whole * scale,
        claimed_percent=percent,
        comparator=word,
    )


@st.composite
def add_claim(draw: st.DrawFn, submission: Submission) -> Submission:
    names = [p.name for p in submission.projects]
    claim = draw(boundary_claims(draw(st.sampled_from([None, *names]))))
    return submission.model_copy(update={"claims": [*submission.claims, claim]})


@st.composite
def add_impossible_claim(draw: st.DrawFn, submission: Submission) -> Submission:
    """Counts no share can come from: a part above its whole, a negative count, a whole of 0."""
    names = [p.name for p in submission.projects]
    whole = draw(st.integers(1, 500))
    part, whole = draw(st.sampled_from([(whole + draw(st.integers(1, 50)), whole), (-draw(st.integers(1, 5)), whole), (draw(st.integers(0, 5)), 0), (1, -whole)]))
    percent = Decimal(draw(st.integers(0, 120)))
    word = draw(st.sampled_from([c.word for c in COMPARATORS]))
    claim = Claim(
        project=draw(st.sampled_from([None, *names])),
        statement=f"共{whole}人，其中{part}人，{worded(str(percent), word)}",
        part=Decimal(part), whole=Decimal(whole), claimed_percent=percent, comparator=word,
    )
    return submission.model_copy(update={"claims": [*submission.claims, claim]})


@st.composite
def add_claim_with_unknowns(draw: st.DrawFn, submission: Submission) -> Submission:
    """A claim stating only some of 分子, 分母 and 比例; its sentence states no more than its cells."""
    claim = draw(boundary_claims(draw(st.sampled_from([None, *(p.name for p in submission.projects)]))))
    unknown = draw(st.sets(st.sampled_from(["part", "whole", "claimed_percent"]), min_size=1, max_size=2))
    changes: dict[str, object] = dict.fromkeys(unknown)
    changes["statement"] = "基层一线人员占多数"
    if "claimed_percent" in unknown:
        changes["comparator"] = None
    return submission.model_copy(update={"claims": [*submission.claims, claim.model_copy(update=changes)]})


# --- scores ------------------------------------------------------------------------------------


@st.composite
def move_score(draw: st.DrawFn, submission: Submission) -> Submission:
    """自评得分 (总分) moved by half a point, just over it, or anywhere; its 等级 left as it was."""
    index = _a_project(draw, submission)
    if index is None or submission.projects[index].score is None:
        return submission
    delta = draw(st.sampled_from([Decimal("0.5"), Decimal("0.51"), Decimal(draw(st.integers(1, 3000))) * CENT]))
    return _with_project(submission, index, score=submission.projects[index].score + delta * draw(st.sampled_from([1, -1])))


@st.composite
def regrade(draw: st.DrawFn, submission: Submission) -> Submission:
    index = _a_project(draw, submission)
    if index is None:
        return submission
    return _with_project(submission, index, grade=draw(st.sampled_from(["优秀", "良好", "中", "差", None])))


#: What the submission workbook can state, planted in a consistent submission.
WORKBOOK_PLANTS: tuple[Plant, ...] = (
    move_expenditure, unknown_amount, move_total_allocation, move_balance, move_execution, miscount_projects,
    claim_nothing_left, unknown_project_row, respell_project_name, duplicate_project, drop_indicator_kinds, blank_level1,
    add_other_indicator,
    *INDICATOR_REWRITES, rescore_indicator, add_claim, add_impossible_claim, add_claim_with_unknowns, move_score, regrade,
)


@st.composite
def planted(
    draw: st.DrawFn, base: st.SearchStrategy[Submission], plants: Sequence[Plant], max_plants: int = 4, first: Plant | None = None
) -> Submission:
    """A submission from ``base`` with up to ``max_plants`` plants applied in the order drawn, ``first`` (when
    given) always among them, so that a sample can hold every plant however hypothesis favours some."""
    submission = draw(base)
    chosen = [first] if first is not None else []
    chosen += draw(st.lists(st.sampled_from(plants), min_size=1 - len(chosen), max_size=max_plants - len(chosen)))
    for plant in chosen:
        submission = draw(plant(submission))
    return submission


def planted_submissions(max_plants: int = 4, first: Plant | None = None) -> st.SearchStrategy[Submission]:
    """Consistent submissions with several problems planted, all of which the submission workbook can state."""
    return planted(consistent_submissions(), WORKBOOK_PLANTS, max_plants, first)


# --- the national 项目支出绩效自评表 --------------------------------------------------------------

FUNDING_LABELS = ("其中：当年财政拨款", "上年结转资金", "其他资金")
MONEY_COLUMNS = ("initial", "budget", "executed")
#: A table's 年度资金总额 row states its project's 年初预算数, 全年预算数 and 全年执行数: the same cells.
PROJECT_AMOUNT_OF_COLUMN = {"initial": "budget_initial", "budget": "budget", "executed": "executed"}
#: The free-text cells of a national table's indicator rows, as its reader lists them.
INDICATOR_TEXT_CELLS = {"name": "三级指标", "target": "年度指标值", "actual": "实际完成值", "deviation_reason": "偏差原因"}


def _with_table_amounts(submission: Submission, project: str, **columns: Decimal | None) -> Submission:
    """Change a table's 年度资金总额 row and, with it, its project's amounts (one row of cells states both)."""
    funding = [row.model_copy(update=columns) if row.project == project and row.is_total else row for row in submission.funding]
    projects = [
        p.model_copy(update={PROJECT_AMOUNT_OF_COLUMN[column]: value for column, value in columns.items()}) if p.name == project else p
        for p in submission.projects
    ]
    return submission.model_copy(update={"funding": funding, "projects": projects})


def _with_free_text(submission: Submission, project: str, label: str, text: str | None) -> Submission:
    """A table's free-text cell ``label`` holding ``text`` (one cell per label and table; None empties it)."""
    kept = [cell for cell in submission.texts if (cell.project, cell.label) != (project, label)]
    written = [TextCell(project=project, label=label, text=text)] if text is not None else []
    return submission.model_copy(update={"texts": [*kept, *written]})


def _with_indicator_texts(submission: Submission) -> Submission:
    """Every non-blank text of an indicator row listed among the free-text cells, as the national reader lists them."""
    texts = [
        TextCell(project=indicator.project, label=label, text=text)
        for indicator in submission.indicators
        for field, label in INDICATOR_TEXT_CELLS.items()
        if (text := getattr(indicator, field)) is not None and text.strip() not in ("", *EMPTY_TEXTS[1:])
    ]
    return submission.model_copy(update={"texts": [*submission.texts, *texts]})


@st.composite
def _share_out(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``total`` hundredths in ``parts`` parts of 0 or more that add up exactly."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


@st.composite
def consistent_national_table(draw: st.DrawFn, name: str) -> tuple[Project, list[FundingRow], list[Indicator], list[TextCell], list[str]]:
    """One project's table as the national form prints it when everything agrees: the 其中 rows add up, the
    执行率 is printed rounded or truncated, its 得分 is min(执行率, 100%) × 10, a low rate has its reason
    (where the layout has a cell for one; where it has none, the rate is 90% or more), 总分 adds up."""
    budget = draw(st.integers(100, 10**8))
    reason_cell = draw(st.booleans())
    executed = draw(st.integers(-(-budget * 9 // 10), budget)) if not reason_cell or draw(st.booleans()) else draw(st.integers(budget // 3, budget))
    initial = draw(st.sampled_from([budget, draw(st.integers(budget // 2, budget * 2))]))
    parts = draw(st.integers(1, len(FUNDING_LABELS)))
    columns = {"initial": initial, "budget": budget, "executed": executed}
    split = {column: draw(_share_out(total, parts)) for column, total in columns.items()}
    funding = [FundingRow(project=name, label="年度资金总额", is_total=True, **{c: hundredths(v) for c, v in columns.items()})]
    for n, label in enumerate(FUNDING_LABELS[:parts]):
        amounts = {c: split[c][n] for c in MONEY_COLUMNS}
        # A row of nothing is often left empty rather than written as 0.
        blank = not any(amounts.values()) and draw(st.booleans())
        funding.append(FundingRow(project=name, label=label, **{c: None if blank else hundredths(v) for c, v in amounts.items()}))
    rate = Fraction(executed, budget)
    places = draw(st.integers(0, 2))
    weight = Decimal(10)
    execution_points = _rounded(min(rate, Fraction(1)) * Fraction(weight))
    indicators = draw(met_indicators(name))
    score = execution_points + sum((i.points for i in indicators if i.points is not None), Decimal(0))
    reason = draw(st.sampled_from(REASONS[3:])) if reason_cell and rate < Fraction(9, 10) else None
    project = Project(
        name=name, budget=hundredths(budget), executed=hundredths(executed), budget_initial=hundredths(initial),
        execution_rate=_rounded(100 * rate, places, truncate=draw(st.booleans())), execution_rate_decimals=places,
        execution_weight=weight, execution_points=execution_points, execution_reason=reason,
        score=score, grade=grade_for(score),
    )
    texts = [TextCell(project=name, label=label, text=draw(st.sampled_from(ANSWER_TEXTS))) for label in ("评价结论", "存在问题", "改进措施")[: draw(st.integers(0, 3))]]
    if reason is not None:
        texts.append(TextCell(project=name, label=REASON_CELL, text=reason))
    unavailable = [] if reason_cell else [f"execution_reason:{name}"]
    return project, funding, indicators, texts, unavailable


@st.composite
def _consistent_national_base(draw: st.DrawFn) -> Submission:
    """A national workbook of one to three tables, every one of them consistent, before its indicators' free texts are listed."""
    count = draw(st.integers(1, 3))
    names = [f"{word}项目" for word in draw(st.lists(st.sampled_from(PROJECT_WORDS), min_size=count, max_size=count, unique=True))]
    tables = [draw(consistent_national_table(name)) for name in names]
    return Submission(
        path="generated-national.xlsx",
        layout="national-form",
        department=Department(name=draw(st.sampled_from(["某县教育局", "某市文化和旅游局"])), year=draw(st.integers(2016, 2025)), unit=draw(st.sampled_from(["万元", "元"]))),
        projects=[t[0] for t in tables],
        funding=[row for t in tables for row in t[1]],
        indicators=[row for t in tables for row in t[2]],
        texts=[row for t in tables for row in t[3]],
        unavailable=["expenditures", "claims", *(entry for t in tables for entry in t[4])],
    )


@st.composite
def move_funding_cell(draw: st.DrawFn, submission: Submission) -> Submission:
    """A 其中 or 年度资金总额 cell moved to the tolerance or past it, left empty, or the total row all 0."""
    if not submission.funding:
        return submission
    index = draw(st.integers(0, len(submission.funding) - 1))
    row = submission.funding[index]
    column = draw(st.sampled_from(MONEY_COLUMNS))
    how = draw(st.sampled_from(["move", "move", "empty", "zero_total"]))
    if how == "zero_total":
        return _with_table_amounts(submission, row.project, **dict.fromkeys(MONEY_COLUMNS, Decimal(0)))
    if how == "empty" or getattr(row, column) is None:
        amount = None
    else:
        parts = sum(1 for r in submission.funding if r.project == row.project and not r.is_total and getattr(r, column) is not None)
        amount = getattr(row, column) + draw(_steps_near(_tolerance_steps(parts))) * CENT
    if row.is_total:
        return _with_table_amounts(submission, row.project, **{column: amount})
    return submission.model_copy(update={"funding": _replaced(submission.funding, index, row.model_copy(update={column: amount}))})


@st.composite
def misprint_rate(draw: st.DrawFn, submission: Submission) -> Submission:
    """The printed 执行率 moved by half a unit of its last digit, a whole unit, a little more, or anywhere;
    or its digits miscounted; or not printed at all."""
    index = _a_project(draw, submission)
    if index is None or submission.projects[index].execution_rate is None:
        return submission
    project = submission.projects[index]
    places = project.execution_rate_decimals if project.execution_rate_decimals is not None else 0
    unit = Decimal(1).scaleb(-places)
    how = draw(st.sampled_from(["move", "move", "digits", "unprinted"]))
    if how == "digits":
        return _with_project(submission, index, execution_rate_decimals=draw(st.sampled_from([None, 0, 1, 2, 3])))
    if how == "unprinted":
        return _with_project(submission, index, execution_rate=None, execution_rate_decimals=None)
    shift = draw(st.sampled_from([unit / 2, unit, unit + unit / 10, Decimal(draw(st.integers(1, 5000))) * CENT]))
    return _with_project(submission, index, execution_rate=max(Decimal(0), project.execution_rate + shift * draw(st.sampled_from([1, -1]))))


@st.composite
def lower_execution(draw: st.DrawFn, submission: Submission) -> Submission:
    """执行率 brought below 90% (or to just 90%); printed rate and 得分 follow or not; the reason given, a
    dash, the form's prompt, or nothing."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    project = submission.projects[index]
    if project.budget is None or project.budget <= 0:
        return submission
    budget = int(project.budget / CENT)
    executed = draw(st.sampled_from([budget * 9 // 10, -(-budget * 9 // 10), draw(st.integers(0, budget))]))
    reason = draw(st.sampled_from(REASONS))
    changes: dict[str, object] = {"execution_reason": reason}
    if draw(st.booleans()):
        rate = Fraction(executed, budget)
        places = project.execution_rate_decimals or 0
        changes["execution_rate"] = _rounded(100 * rate, places, truncate=draw(st.booleans()))
        changes["execution_points"] = _rounded(rate * Fraction(project.execution_weight or 10))
    submission = _with_table_amounts(_with_project(submission, index, **changes), project.name, executed=hundredths(executed))
    # The national reader keeps a reason cell's text among the free texts too.
    return _with_free_text(submission, project.name, REASON_CELL, reason if reason not in EMPTY_TEXTS else None)


@st.composite
def move_execution_points(draw: st.DrawFn, submission: Submission) -> Submission:
    """The printed 执行率得分 moved by a tenth, just over it, or anywhere, or left blank; or the 分值 changed under it."""
    index = _a_project(draw, submission)
    if index is None or submission.projects[index].execution_points is None:
        return submission
    project = submission.projects[index]
    if draw(st.booleans()):
        delta = draw(st.sampled_from([Decimal("0.1"), Decimal("0.11"), Decimal(draw(st.integers(1, 1000))) * CENT]))
        return _with_project(submission, index, execution_points=project.execution_points + delta * draw(st.sampled_from([1, -1])))
    if draw(st.booleans()):
        return _with_project(submission, index, execution_points=None)
    return _with_project(submission, index, execution_weight=draw(st.sampled_from([None, Decimal(5), Decimal(15), Decimal(20)])))


@st.composite
def blank_execution_block(draw: st.DrawFn, submission: Submission) -> Submission:
    """A table whose 分值, 执行率 and 得分 cells of the 年度资金总额 row were all left blank (its 执行率 is still
    全年执行数 / 全年预算数), its 执行数 anywhere from 0 to the budget."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    project = submission.projects[index]
    submission = _with_project(submission, index, **dict.fromkeys(("execution_rate", "execution_rate_decimals", "execution_weight", "execution_points")))
    if project.budget is not None and project.budget > 0:
        submission = _with_table_amounts(submission, project.name, executed=hundredths(draw(st.integers(0, int(project.budget / CENT)))))
    return submission


@st.composite
def unknown_national_amount(draw: st.DrawFn, submission: Submission) -> Submission:
    """A table whose 全年预算数 is 0 or empty, or whose 全年执行数 is empty."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    column = draw(st.sampled_from(["budget", "executed"]))
    amount = draw(st.sampled_from([None, Decimal(0)])) if column == "budget" else None
    return _with_table_amounts(submission, submission.projects[index].name, **{column: amount})


@st.composite
def leave_prompt(draw: st.DrawFn, submission: Submission) -> Submission:
    """A template prompt left in a free-text cell of a table (or of no table)."""
    names = [p.name for p in submission.projects]
    project = draw(st.sampled_from([None, *names]))
    label = draw(st.sampled_from(["评价结论", "存在问题", "改进措施", "年度总体目标"]))
    text = draw(st.sampled_from(PROMPT_TEXTS))
    if project is None:
        return submission.model_copy(update={"texts": [*submission.texts, TextCell(label=label, text=text)]})
    return _with_free_text(submission, project, label, text)


@st.composite
def lose_indicator_block(draw: st.DrawFn, submission: Submission) -> Submission:
    """A table whose 绩效指标 block could not be found: its indicators are unknown, not absent (D002 says why)."""
    index = _a_project(draw, submission)
    if index is None:
        return submission
    name = submission.projects[index].name
    issue = DataIssue(kind="missing_structure", detail_zh=f"“{name}”中找不到绩效指标表头", detail_en=f"no indicator header for “{name}”", project=name)
    return submission.model_copy(update={
        "indicators": [i for i in submission.indicators if i.project != name],
        "unavailable": [*submission.unavailable, f"indicators:{name}"],
        "issues": [*submission.issues, issue],
    })


NATIONAL_PLANTS: tuple[Plant, ...] = (
    move_funding_cell, misprint_rate, lower_execution, move_execution_points, blank_execution_block, unknown_national_amount,
    leave_prompt, lose_indicator_block, drop_indicator_kinds, add_other_indicator, *INDICATOR_REWRITES,
    rescore_indicator, move_score, regrade,
)


def consistent_national_submissions() -> st.SearchStrategy[Submission]:
    """A national workbook of one to three tables, every one of them consistent: no rule may fire."""
    return _consistent_national_base().map(_with_indicator_texts)


def national_submissions(max_plants: int = 4, first: Plant | None = None) -> st.SearchStrategy[Submission]:
    """Consistent national workbooks with several problems planted in their tables (the indicators' texts are
    listed among the free-text cells once the plants are in)."""
    return planted(_consistent_national_base(), NATIONAL_PLANTS, max_plants, first).map(_with_indicator_texts)


# --- problems with the file itself ---------------------------------------------------------------


@st.composite
def with_data_issues(draw: st.DrawFn, submission: Submission) -> Submission:
    """What a reader reports besides the values: a bad value, a missing sheet or column, a statement a report lacks."""
    names = [p.name for p in submission.projects]
    kinds = ("bad_value", "missing_structure", "missing_statement", "unit_outlier")
    issues = [
        DataIssue(kind=kind, detail_zh="生成的问题", detail_en="a generated issue", project=draw(st.sampled_from([None, *names])))
        for kind in [*kinds, *draw(st.lists(st.sampled_from(kinds), max_size=3))]
    ]
    return submission.model_copy(update={"issues": [*submission.issues, *issues]})


def unreadable_submissions() -> st.SearchStrategy[Submission]:
    """A file no reader could open: nothing but the D001 issue that says why."""
    return st.builds(
        lambda reason: Submission(
            path="generated-unreadable.xlsx", unreadable=True,
            issues=[DataIssue(kind="unreadable_file", detail_zh=reason, detail_en=reason, locations=["generated-unreadable.xlsx"])],
        ),
        st.sampled_from(["文件已加密", "不是 .xlsx 文件", "压缩包损坏"]),
    )


def every_plant() -> list[tuple[str, st.SearchStrategy[Submission]]]:
    """One strategy per plant, each planting it (and a few others) in the kind of submission it fits — and the
    strategies for what no plant makes: data issues, unreadable files, consistent data of either kind.
    A sample with a few examples of each holds every plant, whichever hypothesis happens to favour."""
    return [
        *((f"workbook:{plant.__name__}", planted_submissions(first=plant)) for plant in WORKBOOK_PLANTS),
        *((f"national:{plant.__name__}", national_submissions(first=plant)) for plant in NATIONAL_PLANTS),
        *((f"statements:{plant.__name__}", planted(consistent_submissions(), STATEMENT_PLANTS, first=plant)) for plant in STATEMENT_PLANTS),
        ("data issues", st.one_of(planted_submissions(), national_submissions()).flatmap(with_data_issues)),
        ("unreadable", unreadable_submissions()),
        ("consistent", consistent_submissions()),
        ("consistent national", consistent_national_submissions()),
        ("disturbed", disturbed_submissions()),
    ]


def rule_reaching_submissions() -> st.SearchStrategy[Submission]:
    """Every kind of generated submission — planted, national, with data issues, unreadable, consistent,
    disturbed — each plant as likely as any other."""
    return st.one_of(*(strategy for _, strategy in every_plant()))


#: The seed of the fixed sample: the same submissions on every run and machine (with this hypothesis).
SAMPLE_SEED = 20261207


@cache
def fixed_sample(per_strategy: int = 6, sample_seed: int = SAMPLE_SEED) -> tuple[tuple[str, Submission], ...]:
    """``per_strategy`` submissions from each of ``every_plant()``'s strategies, named by it, always the same ones.

    Hypothesis generates them (inside ``@given``, its fastest path) from a fixed seed, with no
    shrinking and no example database, so that tests asserting something *over* a sample — every
    rule fires somewhere — see one sample, not a new one per run. Cached: tests share it.
    """
    sample: list[tuple[str, Submission]] = []
    for name, strategy in every_plant():

        @seed(sample_seed)
        @settings(max_examples=per_strategy, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def collect(submission: Submission) -> None:
            sample.append((name, submission))  # noqa: B023 — collected before the next name

        collect()
    return tuple(sample)

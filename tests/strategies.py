"""Hypothesis strategies that build valid submissions — the one place tests get generated data from.

``consistent_submissions`` builds submissions in which every stated figure agrees
with every other (breakdowns add up, balances are budget − spending, shares match
their counts, scores add up and match their grades): no rule may fire on them.
Other tests perturb one figure and check that exactly the right rule fires.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from auditor.model import Claim, Department, Expenditure, Indicator, Project, Submission
from auditor.parsing.comparators import WORDS_BY_MEANING

CENT = Decimal("0.01")
PROJECT_WORDS = ["送温暖", "劳模疗休养", "困难职工帮扶", "厂务公开", "职业技能培训", "文物保护", "农田水利", "乡村道路", "公共卫生", "非遗传承"]
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

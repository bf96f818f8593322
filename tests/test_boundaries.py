"""Every arithmetic rule at the exact edge of its definition: the last value that does not fire, the first that does.

A test that moves a figure "well past" a tolerance passes whether the tolerance is right
or nine times too wide, and a test of 「70%以上」 passes whether 以上 is in the vocabulary
or not. Only the two values on either side of each edge pin a rule to docs/RULES.md. Each
section below computes them from the rule's definition (RULES.md, in the catalogue's latest
wording: a stated 结余 under 「无余额」 has no tolerance; a plain share and a printed 执行率
may be rounded or truncated, X − ½·10^−d ≤ a < X + 10^−d) on a grid finer than the rule's
tolerance, never from auditor's own code, and asks both engines (durable-rules and the
plain evaluator), which must agree.

The grid is the finest step the input can express: a fen (0.000001 万元, 0.01 元) for
amounts, 10^−6 for scores, counts and indicator values, a fen of 执行数 for rates.
F009–F011 and P003 (statements in a written report) have a section of their own at the end: each
figure there carries its own printed precision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from auditor.model import StatedFigure, Statement, Submission
from auditor.parsing.comparators import COMPARATORS

#: Amounts are written to 0.01 of the workbook's unit (RULES.md, "Amount tolerance").
PRECISION = Fraction(1, 100)
#: One fen (0.01 元), the smallest amount, in each workbook unit.
FEN = {"万元": Fraction(1, 1_000_000), "元": Fraction(1, 100)}
#: The finest step of a score, count or indicator value the tests write (six decimals).
FINE = Fraction(1, 10**6)
PROJECT = "甲"

Fires = Callable[[Submission, str], list[str | None]]


@pytest.fixture
def fires(check, check_plain) -> Fires:
    """The projects a rule fires on, from durable-rules; the plain evaluator must say the same."""

    def run(submission: Submission, code: str) -> list[str | None]:
        result = check(submission)
        assert check_plain(submission) == result, "durable-rules and the plain evaluator disagree"
        return [finding.project for finding in result.findings if finding.rule == code]

    return run


# ---- edges on a grid ----------------------------------------------------------------------


def dec(value: Fraction) -> Decimal:
    """A fraction with a finite decimal expansion (up to twelve places), exactly."""
    for places in range(13):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return Decimal(scaled.numerator).scaleb(-places)
    raise AssertionError(f"{value} has no short decimal expansion")


def rising(bound: Fraction, step: Fraction, *, including: bool) -> tuple[Fraction, Fraction]:
    """For a rule that fires above ``bound`` (at it too when ``including``): the last value on the
    grid of ``step`` that does not fire and the first that does."""
    first = (-(-bound // step)) * step if including else (bound // step + 1) * step
    return first - step, first


def falling(bound: Fraction, step: Fraction, *, including: bool) -> tuple[Fraction, Fraction]:
    """For a rule that fires below ``bound`` (at it too when ``including``): the last value on the
    grid of ``step`` that does not fire and the first that does."""
    first = (bound // step) * step if including else (-(-bound // step) - 1) * step
    return first + step, first


def amount_edges(items: int, unit: str = "万元") -> tuple[Fraction, Fraction]:
    """The largest consistent difference between n stated items and their stated total, and the
    smallest inconsistent one: |Σ items − total| ≤ (n + 1) × precision / 2, in whole fen."""
    return rising((items + 1) * PRECISION / 2, FEN[unit], including=False)


def test_the_grid_helpers_find_the_edges_of_a_bound():
    """The helpers the sections rely on, on bounds that fall on the grid and between its steps."""
    step = Fraction(1, 10)
    assert rising(Fraction(1), step, including=False) == (Fraction(1), Fraction(11, 10))
    assert rising(Fraction(1), step, including=True) == (Fraction(9, 10), Fraction(1))
    assert rising(Fraction(1, 3), step, including=False) == (Fraction(3, 10), Fraction(4, 10))
    assert falling(Fraction(1), step, including=False) == (Fraction(1), Fraction(9, 10))
    assert falling(Fraction(1), step, including=True) == (Fraction(11, 10), Fraction(1))
    assert falling(Fraction(1, 3), step, including=True) == (Fraction(4, 10), Fraction(3, 10))
    assert amount_edges(7) == (Fraction(4, 100), Fraction(40_001, 1_000_000))  # the seed: 0.04 万元 is consistent
    assert amount_edges(2, "元") == (Fraction(1, 100), Fraction(2, 100))  # 0.015 元 is not a whole fen
    assert dec(Fraction(1, 8)) == Decimal("0.125")


def submission(**fields: Any) -> Submission:
    fields.setdefault("department", {"name": "某厅", "year": 2023})
    return Submission(path="boundary.xlsx", **fields)


def split(total: Fraction, parts: int, unit: str = "万元") -> list[Decimal]:
    """``total`` as ``parts`` amounts in whole fen that add up to it exactly."""
    share = (total / parts // FEN[unit]) * FEN[unit]
    return [dec(share)] * (parts - 1) + [dec(total - share * (parts - 1))]


# ---- F001 breakdown-sum ---------------------------------------------------------------------


def breakdown_against(basis_executed: bool, items: int, shift: Fraction, unit: str) -> Submission:
    """资金明细 of ``items`` rows adding up to the basis + ``shift``; the other amount is far off."""
    basis = Fraction(1000)
    amounts = split(basis + shift, items, unit)
    project = {"name": PROJECT, "budget": dec(basis), "executed": None}
    if basis_executed:  # the 执行数 is the basis; the 预算数 differs, so that using it would be seen
        project = {"name": PROJECT, "budget": Decimal(1200), "executed": dec(basis)}
    return submission(
        department={"name": "某厅", "year": 2023, "unit": unit},
        projects=[project],
        expenditures=[{"project": PROJECT, "purpose": f"用途{i}", "amount": amount} for i, amount in enumerate(amounts)],
    )


@pytest.mark.parametrize("unit", ["万元", "元"])
@pytest.mark.parametrize("items", [1, 2, 7])
@pytest.mark.parametrize("sign", [1, -1], ids=["over", "under"])
@pytest.mark.parametrize("basis_executed", [True, False], ids=["against-executed", "against-budget"])
def test_f001_fires_just_beyond_n_plus_one_half_units(fires, unit, items, sign, basis_executed):
    last, first = amount_edges(items, unit)
    assert fires(breakdown_against(basis_executed, items, sign * last, unit), "F001") == []
    assert fires(breakdown_against(basis_executed, items, sign * first, unit), "F001") == [PROJECT]


def test_f001_a_breakdown_with_an_unknown_amount_is_not_summed(fires):
    rows = [{"project": PROJECT, "purpose": "a", "amount": Decimal(1)}, {"project": PROJECT, "purpose": "b", "amount": None}]
    assert fires(submission(projects=[{"name": PROJECT, "budget": Decimal(100)}], expenditures=rows), "F001") == []


# ---- F002 total-allocation ------------------------------------------------------------------


def test_f002_is_not_summed_while_a_project_has_no_budget(fires):
    department = {"name": "某厅", "year": 2023, "total_allocation": Decimal(100)}
    projects = [{"name": "甲", "budget": Decimal(100)}, {"name": "乙", "budget": None}]
    assert fires(submission(department=department, projects=projects), "F002") == []
    assert fires(submission(department=department, projects=[]), "F002") == []


@pytest.mark.parametrize("projects", [1, 3])
@pytest.mark.parametrize("sign", [1, -1], ids=["over", "under"])
def test_f002_fires_just_beyond_n_plus_one_half_units(fires, projects, sign):
    budgets = [Decimal(100) + i for i in range(projects)]
    last, first = amount_edges(projects)
    for shift, expected in ((last, []), (first, [None])):
        department = {"name": "某厅", "year": 2023, "total_allocation": sum(budgets) + dec(sign * shift)}
        rows = [{"name": f"项目{i}", "budget": budget} for i, budget in enumerate(budgets)]
        assert fires(submission(department=department, projects=rows), "F002") == expected


# ---- F003 balance-arithmetic ----------------------------------------------------------------


@pytest.mark.parametrize("unit", ["万元", "元"])
@pytest.mark.parametrize("sign", [1, -1], ids=["over", "under"])
def test_f003_fires_just_beyond_three_half_units(fires, unit, sign):
    """预算数 and 执行数 are the two items, 结余 their stated difference: (2 + 1) × precision / 2."""
    last, first = amount_edges(2, unit)
    for shift, expected in ((last, []), (first, [PROJECT])):
        project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(60), "balance": Decimal(40) + dec(sign * shift)}
        assert fires(submission(department={"name": "某厅", "year": 2023, "unit": unit}, projects=[project]), "F003") == expected


@pytest.mark.parametrize("missing", ["budget", "executed"])
def test_f003_needs_budget_and_spending_to_check_a_balance(fires, missing):
    project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(60), "balance": Decimal(1), missing: None}
    assert fires(submission(projects=[project]), "F003") == []


# ---- F004 overspend -------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["万元", "元"])
def test_f004_fires_just_beyond_one_unit_over_the_budget(fires, unit):
    last, first = amount_edges(1, unit)
    for shift, expected in ((last, []), (first, [PROJECT])):
        project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(100) + dec(shift)}
        assert fires(submission(department={"name": "某厅", "year": 2023, "unit": unit}, projects=[project]), "F004") == expected


def test_f004_spending_below_the_budget_never_fires(fires):
    assert fires(submission(projects=[{"name": PROJECT, "budget": Decimal(100), "executed": Decimal(1)}]), "F004") == []


# ---- F005 project-count ---------------------------------------------------------------------


@pytest.mark.parametrize(("stated", "expected"), [(2, []), (1, [None]), (3, [None])])
def test_f005_fires_on_any_count_but_the_rows(fires, stated, expected):
    projects = [{"name": "甲", "budget": Decimal(1)}, {"name": "乙", "budget": Decimal(1)}]
    department = {"name": "某厅", "year": 2023, "project_count": stated}
    assert fires(submission(department=department, projects=projects), "F005") == expected


# ---- F006 funds-rows ------------------------------------------------------------------------

COLUMNS = ("initial", "budget", "executed")


def funding(column: str, parts: list[Decimal | None], total: Decimal | None) -> Submission:
    """A 年度资金总额 row and its 其中 rows, ``column`` as given, the other columns adding up."""
    rows: list[dict[str, Any]] = [{"project": PROJECT, "label": "年度资金总额", "is_total": True, **dict.fromkeys(COLUMNS, Decimal(0)), column: total}]
    rows += [{"project": PROJECT, "label": f"其中{i}", **dict.fromkeys(COLUMNS, Decimal(0)), column: part} for i, part in enumerate(parts)]
    return submission(layout="national-form", projects=[{"name": PROJECT}], funding=rows)


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("parts", [1, 3])
@pytest.mark.parametrize("sign", [1, -1], ids=["over", "under"])
def test_f006_fires_just_beyond_n_plus_one_half_units_in_each_column(fires, column, parts, sign):
    last, first = amount_edges(parts)
    total = Fraction(300)
    for shift, expected in ((last, []), (first, [PROJECT])):
        assert fires(funding(column, [Decimal(v) for v in split(total + sign * shift, parts)], dec(total)), "F006") == expected


def test_f006_counts_only_the_rows_that_state_an_amount(fires):
    """Three 其中 rows, one empty in the column: n = 2, a tolerance of 0.015, not 0.02."""
    last, first = amount_edges(2)
    for shift, expected in ((last, []), (first, [PROJECT])):
        parts = [Decimal(100), None, Decimal(200) + dec(shift)]
        assert fires(funding("executed", parts, Decimal(300)), "F006") == expected


def test_f006_an_empty_total_row_counts_as_zero(fires):
    assert fires(funding("budget", [Decimal(90), Decimal("89.974")], None), "F006") == [PROJECT]
    assert fires(funding("budget", [None, None], None), "F006") == []


# ---- F007 execution-rate --------------------------------------------------------------------

RATE_BUDGET = Fraction(1000)  # 万元: one fen of 执行数 moves the rate by 10^-7 percent


def rate_project(rate: Fraction, printed: Decimal, decimals: int | None) -> Submission:
    executed = rate * RATE_BUDGET / 100
    project = {"name": PROJECT, "budget": dec(RATE_BUDGET), "executed": dec(executed), "execution_rate": printed, "execution_rate_decimals": decimals}
    return submission(layout="national-form", projects=[project])


RATE_STEP = 100 * FEN["万元"] / RATE_BUDGET


@pytest.mark.parametrize(("printed", "d"), [("50", 0), ("49.9", 1), ("49.88", 2), ("100", 0), ("0.5", 1)])
@pytest.mark.parametrize("decimals_given", [True, False], ids=["decimals-stated", "decimals-as-written"])
def test_f007_holds_from_half_a_digit_below_to_a_whole_digit_above(fires, printed, d, decimals_given):
    """X − ½·10^−d ≤ a < X + 10^−d: the printed rate may be rounded or truncated to its d digits."""
    x, unit = Fraction(printed), Fraction(1, 10**d)
    for last, first in (falling(x - unit / 2, RATE_STEP, including=False), rising(x + unit, RATE_STEP, including=True)):
        assert fires(rate_project(last, Decimal(printed), d if decimals_given else None), "F007") == []
        assert fires(rate_project(first, Decimal(printed), d if decimals_given else None), "F007") == [PROJECT]


def test_f007_the_stated_decimals_win_over_the_written_ones(fires):
    """「49.90」 with two decimals stated covers 49.895–49.91; read as written (49.9) it covers 49.85–50."""
    rate = Fraction(4986, 100)
    assert fires(rate_project(rate, Decimal("49.90"), None), "F007") == []
    assert fires(rate_project(rate, Decimal("49.90"), 2), "F007") == [PROJECT]


# ---- F008 low-execution ---------------------------------------------------------------------


def low_execution(rate: Fraction | None, printed: Decimal | None, reason: str | None = None, budget: Fraction = RATE_BUDGET) -> Submission:
    project: dict[str, Any] = {"name": PROJECT, "execution_rate": printed, "execution_rate_decimals": 2, "execution_reason": reason}
    if rate is not None:
        project |= {"budget": dec(budget), "executed": dec(rate * budget / 100)}
    return submission(layout="national-form", projects=[project])


def test_f008_fires_just_below_ninety_percent_of_the_budget(fires):
    last, first = falling(Fraction(90), RATE_STEP, including=False)
    assert fires(low_execution(last, dec(last)), "F008") == []
    assert fires(low_execution(first, Decimal("90")), "F008") == [PROJECT]  # the printed rate is not what counts
    assert fires(low_execution(first, Decimal("90"), reason="部分工程款跨年支付"), "F008") == []


def test_f008_uses_the_printed_rate_when_the_amounts_are_not_stated(fires):
    last, first = falling(Fraction(90), Fraction(1, 100), including=False)
    assert fires(low_execution(None, dec(last)), "F008") == []
    assert fires(low_execution(None, dec(first)), "F008") == [PROJECT]


def test_f008_a_budget_of_zero_has_no_rate(fires):
    project = {"name": PROJECT, "budget": Decimal(0), "executed": Decimal(0), "execution_rate": Decimal(0)}
    assert fires(submission(layout="national-form", projects=[project]), "F008") == []


@pytest.mark.parametrize("printed", [{"execution_points": Decimal(5)}, {"execution_weight": Decimal(10)}])
def test_f008_a_table_that_prints_only_the_score_or_the_weight_has_the_block(fires, printed):
    project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(50), **printed}
    assert fires(submission(layout="national-form", projects=[project]), "F008") == [PROJECT]


def test_f008_needs_a_layout_that_prints_a_rate(fires):
    """A submission workbook has no 执行率 block: spending 10 of 100 there is not F008's."""
    assert fires(submission(projects=[{"name": PROJECT, "budget": Decimal(100), "executed": Decimal(10)}]), "F008") == []


# ---- B001 zero-balance-claim -----------------------------------------------------------------


def claimed(projects: list[dict[str, Any]], expenditures: Iterable[dict[str, Any]] = (), claim: str | None = "无余额", unit: str = "万元") -> Submission:
    department = {"name": "某厅", "year": 2023, "unit": unit, "balance_claim": claim}
    return submission(department=department, projects=projects, expenditures=list(expenditures))


@pytest.mark.parametrize("unit", ["万元", "元"])
def test_b001_spending_below_the_budget_fires_just_beyond_one_unit(fires, unit):
    last, first = amount_edges(1, unit)
    for shortfall, expected in ((last, []), (first, [PROJECT])):
        project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(100) - dec(shortfall)}
        assert fires(claimed([project], unit=unit), "B001") == expected


def test_b001_spending_above_the_budget_is_not_money_left(fires):
    assert fires(claimed([{"name": PROJECT, "budget": Decimal(100), "executed": Decimal(150)}]), "B001") == []


@pytest.mark.parametrize("unit", ["万元", "元"])
@pytest.mark.parametrize("sign", [1, -1], ids=["positive", "negative"])
def test_b001_any_stated_balance_but_zero_fires(fires, unit, sign):
    """No tolerance on a stated 结余: one fen already says money was left (or owed)."""
    for balance, expected in ((Fraction(0), []), (sign * FEN[unit], [PROJECT]), (sign * PRECISION, [PROJECT])):
        project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(100), "balance": dec(balance)}
        assert fires(claimed([project], unit=unit), "B001") == expected


@pytest.mark.parametrize("items", [1, 2, 7])
@pytest.mark.parametrize("sign", [1, -1], ids=["over", "under"])
def test_b001_a_breakdown_off_the_budget_fires_just_beyond_n_plus_one_half_units(fires, items, sign):
    """The breakdown is held against the 预算数 (all of it spent), not the 执行数."""
    last, first = amount_edges(items)
    for shift, expected in ((last, []), (first, [PROJECT])):
        rows = [{"project": PROJECT, "purpose": f"用途{i}", "amount": a} for i, a in enumerate(split(Fraction(100) + sign * shift, items))]
        assert fires(claimed([{"name": PROJECT, "budget": Decimal(100)}], rows), "B001") == expected


@pytest.mark.parametrize("claim", ["有余额", None])
def test_b001_needs_the_zero_balance_claim(fires, claim):
    project = {"name": PROJECT, "budget": Decimal(100), "executed": Decimal(50), "balance": Decimal(50)}
    assert fires(claimed([project], [{"project": PROJECT, "amount": Decimal(10)}], claim=claim), "B001") == []


# ---- I003 deviation-unexplained -------------------------------------------------------------


def one_indicator(target: str | None, actual: str | None, *, level1: str = "产出指标", level2: str = "数量指标", **fields: Any) -> Submission:
    row = {"project": PROJECT, "level1": level1, "level2": level2, "name": "指标", "target": target, "actual": actual, **fields}
    return submission(projects=[{"name": PROJECT, "budget": Decimal(1)}], indicators=[row])


def short_of(comparator: str, target: Fraction, actual: Fraction) -> bool:
    """RULES.md, comparing targets: ≥, > or a bare number fall short below it; ≤ and < above it."""
    return actual > target if comparator in ("≤", "<") else actual < target


@pytest.mark.parametrize("written", ["≥", ">=", ">", "=", "", "≤", "<=", "<"])
def test_i003_fires_on_the_first_value_short_of_the_target(fires, written):
    comparator = {">=": "≥", "<=": "≤"}.get(written, written)
    target = Fraction(995, 10)
    if comparator in ("≤", "<"):
        last, first = rising(target, FINE, including=False)
    else:
        last, first = falling(target, FINE, including=False)
    assert not short_of(comparator, target, last) and short_of(comparator, target, first)
    assert fires(one_indicator(f"{written}{dec(target)}人", f"{dec(last)}人"), "I003") == []
    assert fires(one_indicator(f"{written}{dec(target)}人", f"{dec(first)}人"), "I003") == [PROJECT]
    assert fires(one_indicator(f"{written}{dec(target)}人", f"{dec(first)}人", deviation_reason="因故调整"), "I003") == []


def test_i003_compares_only_numbers_in_the_same_unit(fires):
    assert fires(one_indicator("≥100人", "99场"), "I003") == []
    assert fires(one_indicator("≥100", "99人"), "I003") == [PROJECT]  # a unit on one side only is the same


# ---- I004 points-exceed-weight --------------------------------------------------------------

POINT = Fraction(1, 10_000)  # scores are compared in ten-thousandths of a point


@pytest.mark.parametrize("weight", ["10", "7.5"])
def test_i004_fires_on_the_first_point_above_the_weight(fires, weight):
    last, first = rising(Fraction(weight), POINT, including=False)
    for points, expected in ((last, []), (first, [PROJECT])):
        assert fires(one_indicator("1", "1", weight=Decimal(weight), points=dec(points)), "I004") == expected


@pytest.mark.parametrize("weight", ["10", None])
def test_i004_fires_on_the_first_negative_point(fires, weight):
    last, first = falling(Fraction(0), POINT, including=False)
    for points, expected in ((last, []), (first, [PROJECT])):
        given = None if weight is None else Decimal(weight)
        assert fires(one_indicator("1", "1", weight=given, points=dec(points)), "I004") == expected


# ---- I005 weights-total ---------------------------------------------------------------------


@pytest.mark.parametrize("shift", [Fraction(0), POINT, -POINT, Fraction(-1, 2)])
def test_i005_fires_on_any_total_but_ninety(fires, shift):
    """100 minus the 10 points of 预算执行率: 90, exactly, in ten-thousandths of a point."""
    weights = [Decimal(45), dec(Fraction(45) + shift)]
    rows = [
        {"project": PROJECT, "level1": "产出指标", "level2": kind, "name": kind, "weight": weight}
        for kind, weight in zip(("数量指标", "质量指标"), weights)
    ]
    result = fires(submission(projects=[{"name": PROJECT}], indicators=rows), "I005")
    assert result == ([] if shift == 0 else [PROJECT])


# ---- I008 overachievement-unexplained -------------------------------------------------------


@pytest.mark.parametrize("comparator", ["≥", ">"])
@pytest.mark.parametrize("target", [Fraction(7), Fraction(25, 2), Fraction(1), Fraction(1, 2)])
def test_i008_fires_from_exactly_twenty_percent_over(fires, comparator, target):
    last, first = rising(target * Fraction(120, 100), FINE, including=True)
    for actual, expected in ((last, []), (first, [PROJECT])):
        assert fires(one_indicator(f"{comparator}{dec(target)}个", f"{dec(actual)}个"), "I008") == expected
    assert fires(one_indicator(f"{comparator}{dec(target)}个", f"{dec(first)}个", deviation_reason="需求增加"), "I008") == []


@pytest.mark.parametrize("target", ["=7个", "7个", "≤7个", "<7个", "≥0个"])
def test_i008_only_a_floor_above_zero_can_be_set_too_low(fires, target):
    assert fires(one_indicator(target, "100个"), "I008") == []


def test_i008_judges_every_indicator_after_one_it_cannot(fires):
    rows = [
        {"project": PROJECT, "level2": "数量指标", "name": "a", "target": "按期完成", "actual": "完成"},
        {"project": PROJECT, "level2": "数量指标", "name": "b", "target": "≤7个", "actual": "100个"},
        {"project": PROJECT, "level2": "数量指标", "name": "c", "target": "≥7个", "actual": "100个"},
    ]
    assert fires(submission(projects=[{"name": PROJECT}], indicators=rows), "I008") == [PROJECT]


# ---- I009 cost-direction --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level1", "level2", "target", "fired"),
    [
        ("产出指标", "成本指标", "≥50万元", True),
        ("产出指标", "成本指标", ">50万元", True),
        ("产出指标", "成本指标", ">=50万元", True),
        ("成本指标", "经济成本指标", "≥50万元", True),  # the 2021 form: 成本指标 is a first level
        ("成本指标", "经济成本指标", ">50万元", True),
        ("产出指标", "成本指标", "≤50万元", False),
        ("产出指标", "成本指标", "<50万元", False),
        ("产出指标", "成本指标", "=50万元", False),
        ("产出指标", "成本指标", "50万元", False),
        ("产出指标", "数量指标", "≥50人", False),
        ("产出指标", "数量指标", ">50人", False),
    ],
)
def test_i009_fires_on_a_cost_floor_only(fires, level1, level2, target, fired):
    assert fires(one_indicator(target, "40万元", level1=level1, level2=level2), "I009") == ([PROJECT] if fired else [])


# ---- P001 percent-claim ---------------------------------------------------------------------

#: Every comparator word and what it means, written out here rather than read from auditor:
#: removing a word from auditor/parsing/comparators.py, or moving it to another meaning,
#: must fail a test (RULES.md's words, and the symbols and synonyms the vocabulary adds).
MEANING_OF_WORD: dict[str, str] = {
    **dict.fromkeys(("", "占比", "为", "等于", "达", "达到", "是", "="), "plain"),
    **dict.fromkeys(("约", "左右", "近", "接近", "大约", "约为", "≈", "～", "~"), "approx"),
    **dict.fromkeys(("以上", "不低于", "不少于", "至少", "≥", ">="), "at_least"),
    **dict.fromkeys(("超过", "高于", "多于", "逾", "大于", ">"), "more_than"),
    **dict.fromkeys(("以下", "不超过", "不高于", "至多", "≤", "<="), "at_most"),
    **dict.fromkeys(("不足", "不满", "低于", "少于", "小于", "<"), "less_than"),
}
#: The claimed share needs a whole fine enough to reach every edge: a = 100·p/W moves by 0.001 point.
WHOLE = 100_000
SHARE_STEP = Fraction(100, WHOLE)


def p001_edges(meaning: str, x: Fraction, d: int) -> list[tuple[Fraction, Fraction]]:
    """(last share that holds, first that does not) on each side of a claimed X with d decimals (RULES.md)."""
    unit = Fraction(1, 10**d)
    if meaning == "plain":  # rounded or truncated: X − ½·10^−d ≤ a < X + 10^−d
        return [falling(x - unit / 2, SHARE_STEP, including=False), rising(x + unit, SHARE_STEP, including=True)]
    if meaning == "approx":  # fires when |a − X| ≥ 1
        return [falling(x - 1, SHARE_STEP, including=True), rising(x + 1, SHARE_STEP, including=True)]
    return {
        "at_least": [falling(x, SHARE_STEP, including=False)],  # fires when a < X
        "more_than": [falling(x, SHARE_STEP, including=True)],  # fires when a ≤ X
        "at_most": [rising(x, SHARE_STEP, including=False)],  # fires when a > X
        "less_than": [rising(x, SHARE_STEP, including=True)],  # fires when a ≥ X
    }[meaning]


def share_claim(share: Fraction, claimed: Decimal, word: str | None) -> Submission:
    part = share * WHOLE / 100
    assert part.denominator == 1
    statement = f"共{WHOLE}人，其中{part}人，占比{claimed}%"
    claim = {"project": None, "statement": statement, "part": Decimal(part.numerator), "whole": Decimal(WHOLE), "claimed_percent": claimed, "comparator": word}
    return submission(claims=[claim])


def test_p001_the_vocabulary_is_exactly_the_words_tested_here():
    """A word added to, dropped from or moved within auditor/parsing/comparators.py must be tested here too."""
    assert {c.word: c.meaning for c in COMPARATORS} == MEANING_OF_WORD


CLAIMED = [("70", 0), ("70.5", 1), ("70.25", 2), ("70.0", 0)]  # 70.0 has d = 0: trailing zeros do not count


@pytest.mark.parametrize("word", list(MEANING_OF_WORD))
@pytest.mark.parametrize(("claimed", "d"), CLAIMED, ids=[c for c, _ in CLAIMED])
def test_p001_every_word_at_its_exact_boundary(fires, word, claimed, d):
    meaning = MEANING_OF_WORD[word]
    for last, first in p001_edges(meaning, Fraction(claimed), d):
        assert fires(share_claim(last, Decimal(claimed), word), "P001") == [], (word, meaning, float(last))
        assert fires(share_claim(first, Decimal(claimed), word), "P001") == [None], (word, meaning, float(first))


def test_p001_a_claim_without_a_word_is_plain(fires):
    for last, first in p001_edges("plain", Fraction(70), 0):
        assert fires(share_claim(last, Decimal(70), None), "P001") == []
        assert fires(share_claim(first, Decimal(70), None), "P001") == [None]


def test_p001_an_unknown_word_is_not_guessed(fires):
    assert fires(share_claim(Fraction(10), Decimal(70), "差不多"), "P001") == []


@pytest.mark.parametrize(("part", "whole", "p001"), [(0, 100, True), (100, 100, True), (101, 100, False)])
def test_p001_checks_every_share_from_none_to_all_and_leaves_a_part_over_the_whole_to_p002(fires, part, whole, p001):
    claim = {"statement": "占比50%", "part": Decimal(part), "whole": Decimal(whole), "claimed_percent": Decimal(50), "comparator": "为"}
    assert fires(submission(claims=[claim]), "P001") == ([None] if p001 else [])


# ---- P002 part-exceeds-whole ----------------------------------------------------------------


def counts(part: Fraction, whole: Fraction) -> Submission:
    return submission(claims=[{"statement": "其中", "part": dec(part), "whole": dec(whole), "claimed_percent": Decimal(50), "comparator": "约"}])


def test_p002_fires_on_the_first_part_above_the_whole(fires):
    last, first = rising(Fraction(86), FINE, including=False)
    assert fires(counts(last, Fraction(86)), "P002") == []
    assert fires(counts(first, Fraction(86)), "P002") == [None]


def test_p002_fires_on_the_first_negative_part(fires):
    last, first = falling(Fraction(0), FINE, including=False)
    assert fires(counts(last, Fraction(86)), "P002") == []
    assert fires(counts(first, Fraction(86)), "P002") == [None]


def test_p002_fires_on_a_whole_of_zero_and_below(fires):
    last, first = falling(Fraction(0), FINE, including=True)
    assert fires(counts(Fraction(0), last), "P002") == []
    assert fires(counts(Fraction(0), first), "P002") == [None]
    assert fires(counts(Fraction(0), -FINE), "P002") == [None]


# ---- S001 score-total -----------------------------------------------------------------------


def scored(score: Fraction, budget: int, executed: int, execution_points: Fraction | None = None) -> Submission:
    project = {"name": PROJECT, "budget": Decimal(budget), "executed": Decimal(executed), "score": dec(score)}
    if execution_points is not None:
        project["execution_points"] = dec(execution_points)
    indicators = [
        {"project": PROJECT, "level1": "产出指标", "level2": "数量指标", "name": "a", "weight": Decimal(50), "points": Decimal(40)},
        {"project": PROJECT, "level1": "效益指标", "level2": "社会效益指标", "name": "b", "weight": Decimal(40), "points": Decimal("30.5")},
    ]
    return submission(projects=[project], indicators=indicators)


@pytest.mark.parametrize(
    ("budget", "executed", "printed"),
    [(3, 1, None), (20, 18, None), (20, 30, None), (3, 1, Fraction(7))],
    ids=["one-third-spent", "ninety-percent", "overspent-capped", "printed-execution-score"],
)
def test_s001_fires_just_beyond_half_a_point_either_way(fires, budget, executed, printed):
    execution = printed if printed is not None else 10 * min(Fraction(executed, budget), Fraction(1))
    expected = execution + Fraction(40) + Fraction(61, 2)
    for last, first in (rising(expected + Fraction(1, 2), FINE, including=False), falling(expected - Fraction(1, 2), FINE, including=False)):
        assert fires(scored(last, budget, executed, printed), "S001") == []
        assert fires(scored(first, budget, executed, printed), "S001") == [PROJECT]


# ---- S002 grade-band ------------------------------------------------------------------------

BANDS = [(Fraction(90), "优秀", "良好"), (Fraction(80), "良好", "中"), (Fraction(60), "中", "差")]


@pytest.mark.parametrize(("floor", "grade", "below"), BANDS, ids=[str(floor) for floor, _, _ in BANDS])
def test_s002_each_band_starts_exactly_at_its_floor(fires, floor, grade, below):
    under = floor - FINE
    for score, given, expected in ((floor, grade, []), (under, grade, [PROJECT]), (under, below, []), (floor, below, [PROJECT])):
        project = {"name": PROJECT, "budget": Decimal(1), "score": dec(score), "grade": given}
        assert fires(submission(projects=[project]), "S002") == expected, (score, given)


# ---- S003 execution-score -------------------------------------------------------------------


def execution_scored(budget: int, executed: int, points: Fraction, weight: int | None) -> Submission:
    project = {"name": PROJECT, "budget": Decimal(budget), "executed": Decimal(executed), "execution_points": dec(points), "execution_weight": None if weight is None else Decimal(weight)}
    return submission(layout="national-form", projects=[project])


@pytest.mark.parametrize(
    ("budget", "executed", "weight"),
    [(3, 1, 10), (3, 1, 20), (3, 1, None), (100, 150, 10)],
    ids=["weight-10", "weight-20", "default-weight", "overspent-capped"],
)
def test_s003_fires_just_beyond_a_tenth_of_a_point_either_way(fires, budget, executed, weight):
    expected = min(Fraction(executed, budget), Fraction(1)) * (weight if weight is not None else 10)
    tenth = Fraction(1, 10)
    for last, first in (rising(expected + tenth, FINE, including=False), falling(expected - tenth, FINE, including=False)):
        assert fires(execution_scored(budget, executed, last, weight), "S003") == []
        assert fires(execution_scored(budget, executed, first, weight), "S003") == [PROJECT]


@pytest.mark.parametrize("points", [9, 8])
def test_s003_a_whole_score_stands_for_half_a_point_either_side(fires, points):
    """A score printed whole (「9」) is held to half a point, the width of its last digit, not 0.1:
    r16's 9 for 10 × 37.24/43.2 = 8.62 is rounding. The edge is exactly half a point."""
    for executed, expected in ((Fraction(points) - Fraction(1, 2), []), (Fraction(points) - Fraction(1, 2) - FINE, [PROJECT]),
                               (Fraction(points) + Fraction(1, 2), []), (Fraction(points) + Fraction(1, 2) + FINE, [PROJECT])):
        # weight 10 and a budget of 10: the expected points equal the amount executed
        project = {"name": PROJECT, "budget": Decimal(10), "executed": dec(executed), "execution_points": Decimal(points), "execution_weight": Decimal(10)}
        assert fires(submission(layout="national-form", projects=[project]), "S003") == expected, executed


# ---- S004 indicator-score -------------------------------------------------------------------


def allowed_points(comparator: str, target: Fraction, actual: Fraction, weight: Fraction) -> Fraction:
    """RULES.md: a ≥/>/= or bare target not met allows 分值 × 实际/目标; a ≤/< target exceeded
    allows the larger of 分值 × (1 − (实际 − 目标)/目标) (0 at twice the target) and 分值 × 目标/实际."""
    if comparator in ("≤", "<"):
        return max(weight * (1 - (actual - target) / target), weight * target / actual, Fraction(0))
    return weight * actual / target


SYMBOL_NAMES = {"≥": "ge", ">": "gt", "=": "eq", "": "bare", "≤": "le", "<": "lt"}  # ASCII test ids
UNMET = [
    ("≥", "8", "7"), (">", "8", "7"), ("=", "3", "2"), ("", "3", "2"), ("≥", "100", "0"), ("≥", "8", "7.999999"),
    ("≥", "1", "0.5"), ("≥", "0.5", "0.2"),
    ("≤", "100", "150"), ("<", "100", "300"), ("≤", "3", "7"), ("≤", "100", "100.000001"), ("≤", "0.5", "0.6"),
]


@pytest.mark.parametrize(("comparator", "target", "actual"), UNMET, ids=[f"{SYMBOL_NAMES[c]}{t}-{a}" for c, t, a in UNMET])
@pytest.mark.parametrize("weight", [Fraction(20), Fraction(15, 2)], ids=["20", "7.5"])
def test_s004_fires_just_beyond_a_tenth_above_what_the_completion_allows(fires, comparator, target, actual, weight):
    allowed = allowed_points(comparator, Fraction(target), Fraction(actual), weight)
    last, first = rising(allowed + Fraction(1, 10), FINE, including=False)
    for points, expected in ((last, []), (first, [PROJECT])):
        row = one_indicator(f"{comparator}{target}个", f"{actual}个", weight=dec(weight), points=dec(points))
        assert fires(row, "S004") == expected, (float(allowed), float(points))


def test_s004_a_whole_score_may_round_up_by_half_a_point(fires):
    """9 points for 10 × 37.24/43.2 = 8.62 allowed is the allowance rounded (r16, INDEX ✓); 9 for 8.49 is not."""
    for actual, expected in (("37.24", []), ("36.72", []), ("36.71", [PROJECT])):  # 10 × 36.72/43.2 = 8.5 exactly
        row = one_indicator("43.2", actual, weight=Decimal(10), points=Decimal(9))
        assert fires(row, "S004") == expected, actual


@pytest.mark.parametrize(("target", "actual"), [("≤0个", "5个"), ("≤-5个", "-2个"), ("≤-5个", "0个"), ("<0个", "0.5个")])
def test_s004_a_ceiling_at_or_below_zero_exceeded_allows_nothing(fires, target, actual):
    """分值 × 目标/实际 is 0 for a ceiling of 0; below 0 neither formula means anything, and nothing is allowed."""
    last, first = rising(Fraction(1, 10), FINE, including=False)
    for points, expected in ((last, []), (first, [PROJECT])):
        assert fires(one_indicator(target, actual, weight=Decimal(10), points=dec(points)), "S004") == expected


@pytest.mark.parametrize(("target", "actual"), [("≥0个", "-1个"), ("≥-5个", "-8个")])
def test_s004_a_floor_at_or_below_zero_has_no_share_to_score(fires, target, actual):
    """分值 × 实际/目标 needs a target above 0: a missed floor of 0 or less is not scored (I003 still reports it)."""
    assert fires(one_indicator(target, actual, weight=Decimal(10), points=Decimal(10)), "S004") == []
    assert fires(one_indicator(target, actual, weight=Decimal(10), points=Decimal(10)), "I003") == [PROJECT]


@pytest.mark.parametrize(("rating", "share"), [("部分达成", Fraction(80, 100)), ("未达成", Fraction(60, 100)), ("未完成预期目标", Fraction(60, 100)), ("部分完成", Fraction(80, 100))])
def test_s004_a_qualitative_rating_allows_its_share_of_the_weight(fires, rating, share):
    weight = Fraction(15)
    last, first = rising(weight * share + Fraction(1, 10), FINE, including=False)
    for points, expected in ((last, []), (first, [PROJECT])):
        assert fires(one_indicator("按期完成", rating, weight=dec(weight), points=dec(points)), "S004") == expected


@pytest.mark.parametrize("target", ["≥8个", "≤100个"])
def test_s004_a_met_target_is_never_scored_by_it_whatever_its_points(fires, target):
    """Points above the 分值 of a met target are I004's, not S004's."""
    weight = Decimal(20)
    for points in (weight, weight + 5):
        assert fires(one_indicator(target, target.lstrip("≥≤"), weight=weight, points=points), "S004") == []


def test_s004_numbers_in_different_units_are_not_scored(fires):
    assert fires(one_indicator("≥8个", "1场", weight=Decimal(20), points=Decimal(20)), "S004") == []


# ---- F009, F010, F011, P003: statements in a written report -----------------------------------
# Each figure carries its own printed precision (RULES.md, "Statements in a written report"): a sum
# of figures agrees with a stated one within half a unit of every figure involved. The figures are
# built as the report reader hands them over; one figure moves on its own printed grid.


def figure(value: Fraction, places: int, unit: str = "万元") -> StatedFigure:
    number = dec(value).quantize(Decimal(1).scaleb(-places))
    assert number == dec(value), "a figure is written to its own precision"
    return StatedFigure(value=number, unit=unit, precision=Decimal(1).scaleb(-places), text=f"{number}{unit}", paragraph=3, start=0, end=1)


def percent_figure(value: Fraction, places: int) -> StatedFigure:
    return figure(value, places, "%")


def stating(*statements: Statement) -> Submission:
    return submission(layout="narrative-report", statements=list(statements))


def parts_statement(whole: StatedFigure, parts: list[StatedFigure], complete: bool = False) -> Statement:
    return Statement(kind="parts", location="第3段「…」", project=PROJECT, whole=whole, parts=parts, complete=complete, complete_by="分别为" if complete else None)


@pytest.mark.parametrize("parts", [1, 3])
def test_f009_fires_just_beyond_every_figures_half_unit(fires, parts):
    """Whole 100 (to 1 万元), parts to 0.01: tolerance ½ + n × 0.005; the last part moves on its 0.01 grid."""
    tolerance = Fraction(1, 2) + parts * Fraction(5, 1000)
    last, first = rising(tolerance, Fraction(1, 100), including=False)
    for excess, expected in ((last, []), (first, [PROJECT])):
        amounts = [Fraction(10)] * (parts - 1)
        amounts.append(100 - sum(amounts, Fraction(0)) + excess)
        statement = parts_statement(figure(Fraction(100), 0), [figure(a, 2) for a in amounts])
        assert fires(stating(statement), "F009") == expected


@pytest.mark.parametrize("complete", [True, False], ids=["stated-complete", "open"])
def test_f010_fires_just_beyond_the_tolerance_only_on_a_list_stated_complete(fires, complete):
    tolerance = Fraction(1, 2) + 2 * Fraction(5, 1000)
    last, first = rising(tolerance, Fraction(1, 100), including=False)
    for shortfall, expected in ((last, []), (first, [PROJECT] if complete else [])):
        statement = parts_statement(figure(Fraction(100), 0), [figure(Fraction(60), 2), figure(40 - shortfall, 2)], complete)
        assert fires(stating(statement), "F010") == expected
        assert fires(stating(statement), "F009") == []


def test_f009_converts_units_exactly(fires):
    """A whole in 万元 to 0.0001 (one yuan) against parts in 元: 1 元 over the tolerance of 1.5 元 fires."""
    whole = figure(Fraction(12, 10), 4)  # 1.2000 万元 = 12,000 元, half a unit 0.5 元
    for excess, expected in ((Fraction(1), []), (Fraction(2), [PROJECT])):
        parts = [figure(Fraction(7000), 0, "元"), figure(Fraction(5000) + excess, 0, "元")]  # halves: 0.5 + 0.5 元
        assert fires(stating(parts_statement(whole, parts)), "F009") == expected


def test_f011_fires_just_beyond_the_balance_tolerance(fires):
    """Budget 50 (to 1), spending and balance to 0.01: tolerance ½ + 0.005 + 0.005."""
    last, first = rising(Fraction(1, 2) + Fraction(1, 100), Fraction(1, 100), including=False)
    for gap in (last, -last, first, -first):
        statement = Statement(
            kind="spending", location="第5段「…」", project=PROJECT, budget=figure(Fraction(50), 0),
            spending=figure(Fraction(4860, 100), 2), balance=figure(Fraction(140, 100) + gap, 2),
        )
        assert fires(stating(statement), "F011") == ([] if abs(gap) == last else [PROJECT])


def rate_statement(numerator: Fraction, rate: Fraction, places: int = 0) -> Statement:
    return Statement(
        kind="rate", location="第5段「…」", project=PROJECT, rate=percent_figure(rate, places), rate_name="执行率",
        numerator=figure(numerator, 4), denominator=figure(Fraction(200), 0),
    )


def test_f011_a_printed_rate_may_be_rounded_or_truncated(fires):
    """80% of 200 may be printed for a computed rate in [79.5, 81): spending in [159, 162) on its 0.0001 grid."""
    step = Fraction(1, 10_000)
    cases = [(Fraction(159) - step, [PROJECT]), (Fraction(159), []), (Fraction(162) - step, []), (Fraction(162), [PROJECT])]
    for spending, expected in cases:
        assert fires(stating(rate_statement(spending, Fraction(80))), "F011") == expected


def change_statement(current: Fraction, change: Fraction, percent: Fraction, decrease: bool = False) -> Statement:
    return Statement(
        kind="change", location="第6段「…」", project=PROJECT, current=figure(current, 4), change=figure(change, 0),
        percent=percent_figure(percent, 0), decrease=decrease,
    )


@pytest.mark.parametrize("decrease", [False, True], ids=["increase", "decrease"])
def test_p003_a_change_percentage_may_be_rounded_or_truncated(fires, decrease):
    """「T，同比增加100，增长10%」: 100 / (T − 100) in [9.5%, 11%); for a decrease the base is T + 100."""
    step = Fraction(1, 10_000)
    shift = -100 if decrease else 100  # base = T − shift
    low_base, high_base = Fraction(10_000, 11), Fraction(10_000) / Fraction(95, 10)  # computed 11% and 9.5%
    # the smallest T on the grid whose base exceeds 10000/11 (below it the rate is ≥ 11%), and the largest
    # T whose base is at most 10000/9.5 (past it the rate falls below 9.5%)
    first_ok = (-(-(low_base + shift) // step)) * step
    if first_ok - shift == low_base:
        first_ok += step
    last_ok = ((high_base + shift) // step) * step
    cases = [(first_ok - step, [PROJECT]), (first_ok, []), (last_ok, []), (last_ok + step, [PROJECT])]
    for current, expected in cases:
        assert fires(stating(change_statement(current, Fraction(100), Fraction(10), decrease)), "P003") == expected

"""Hypothesis strategies for the relations a written report states (F009–F011, P003), near their boundaries.

Each strategy builds ``Statement`` values as the report reader hands them over — every figure
with its unit and printed precision — so that the statement facts and rules are tested
apart from the reader (which ``tests/test_statement_properties.py`` tests on generated
text). Figures are drawn at several precisions and in mixed units (元, 万元, 亿元), and each
relation is put within a few printed digits of its rule's boundary: at, just inside and just
beyond the interval-arithmetic tolerance. What must fire is for ``tests/catalogue_oracle.py``
to say, never for the strategy.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from auditor.model import StatedFigure, Statement, Submission

#: How many 元 one unit written holds.
YUAN_PER_UNIT = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
#: The printed precisions drawn per unit: as the genre writes them (万元 to 4 places, 元 to 2).
PLACES = {"元": (0, 2), "万元": (0, 1, 2, 4), "亿元": (2, 4)}


def written(value: Fraction, places: int) -> Decimal:
    """``value`` as printed with ``places`` decimals (half away from zero: how a report rounds)."""
    scaled = value * 10**places
    whole = int(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return Decimal(whole).scaleb(-places)


def stated(value: Decimal, unit: str, places: int, at: int = 0) -> StatedFigure:
    """A figure as the reader gives it: precision is the last printed digit's unit."""
    text = f"{value:.{places}f}{unit}"
    return StatedFigure(value=value, unit=unit, precision=Decimal(1).scaleb(-places), text=text, paragraph=3, start=at, end=at + len(text))


def percent(value: Decimal, places: int, at: int = 0) -> StatedFigure:
    text = f"{value:.{places}f}%"
    return StatedFigure(value=value, unit="%", precision=Decimal(1).scaleb(-places), text=text, paragraph=3, start=at, end=at + len(text))


def yuan(figure: StatedFigure) -> Fraction:
    return Fraction(figure.value) * YUAN_PER_UNIT[figure.unit]


def half_unit_yuan(figure: StatedFigure) -> Fraction:
    return Fraction(figure.precision) / 2 * YUAN_PER_UNIT[figure.unit]


@st.composite
def money_units(draw: st.DrawFn, main: str | None = None) -> tuple[str, int]:
    """A unit and a number of decimals: mostly the list's own unit, sometimes another."""
    unit = main if main is not None and draw(st.integers(0, 3)) else draw(st.sampled_from(["元", "万元", "万元", "亿元"]))
    return unit, draw(st.sampled_from(PLACES[unit]))


@st.composite
def figure_of(draw: st.DrawFn, value: Fraction, main: str | None = None) -> StatedFigure:
    """``value`` (in 元) printed in a drawn unit and precision."""
    unit, places = draw(money_units(main))
    return stated(written(value / YUAN_PER_UNIT[unit], places), unit, places)


@st.composite
def printed_figures(draw: st.DrawFn, main: str) -> StatedFigure:
    """A money figure of 1 to a million units of its last printed digit, mostly in ``main``."""
    unit, places = draw(money_units(main))
    return stated(Decimal(draw(st.integers(1, 10**6))).scaleb(-places), unit, places)


def _near(draw: st.DrawFn, tolerance: Fraction, grid: Fraction) -> Fraction:
    """An offset at, just inside or just beyond ``tolerance`` (either side), or anywhere up to 10 of it."""
    step = draw(st.sampled_from([-1, 0, 1]))
    sign = draw(st.sampled_from([1, -1]))
    if draw(st.integers(0, 4)) == 0:
        return sign * tolerance * draw(st.integers(0, 10))
    return sign * (tolerance + step * grid)


@st.composite
def parts_statements(draw: st.DrawFn) -> Statement:
    """A whole and 1–6 money parts (「共X，其中A a、B b」, 「分别为」, nested lists are one level each), the
    whole off the parts' sum by about the tolerance; a stated-complete list or a plain 「其中」."""
    main = draw(st.sampled_from(["元", "万元"]))
    parts = [draw(printed_figures(main)) for _ in range(draw(st.integers(1, 6)))]
    whole_unit, whole_places = draw(money_units(main))
    whole_stub = stated(Decimal(0), whole_unit, whole_places)
    tolerance = sum((half_unit_yuan(f) for f in (whole_stub, *parts)), Fraction(0))
    total = sum((yuan(p) for p in parts), Fraction(0))
    grid = Fraction(whole_stub.precision) * YUAN_PER_UNIT[whole_unit]
    whole_value = total + _near(draw, tolerance, grid)
    whole = stated(written(max(Fraction(0), whole_value) / YUAN_PER_UNIT[whole_unit], whole_places), whole_unit, whole_places)
    complete_by = draw(st.sampled_from([None, None, "分别为", "具体为", "分别用于", f"{len(parts)}个项目"]))
    return Statement(
        kind="parts",
        location="第3段「共投入资金…，其中…」",
        subject=draw(st.sampled_from([None, "中央资金", "共投入资金"])),
        whole=whole,
        parts=parts,
        complete=complete_by is not None,
        complete_by=complete_by,
    )


@st.composite
def spending_statements(draw: st.DrawFn) -> Statement:
    """A budget, its spending and what is left, the balance off budget − spending by about the tolerance."""
    main = draw(st.sampled_from(["元", "万元"]))
    budget = draw(printed_figures(main))
    spending = draw(figure_of(yuan(budget) * draw(st.integers(50, 100)) / 100, main))
    balance_unit, balance_places = draw(money_units(main))
    stub = stated(Decimal(0), balance_unit, balance_places)
    tolerance = sum((half_unit_yuan(f) for f in (budget, spending, stub)), Fraction(0))
    grid = Fraction(stub.precision) * YUAN_PER_UNIT[balance_unit]
    left = yuan(budget) - yuan(spending) + _near(draw, tolerance, grid)
    balance = stated(written(left / YUAN_PER_UNIT[balance_unit], balance_places), balance_unit, balance_places)
    return Statement(kind="spending", location="第5段「到位资金…，支出…，结余…」", budget=budget, spending=spending, balance=balance)


@st.composite
def rate_statements(draw: st.DrawFn) -> Statement:
    """A stated 执行率/支出率/到位率 of two amounts, printed at, just off or beyond its rounding and truncation."""
    main = draw(st.sampled_from(["元", "万元"]))
    denominator = draw(printed_figures(main))
    numerator = draw(figure_of(yuan(denominator) * draw(st.integers(30, 105)) / 100, main))
    places = draw(st.integers(0, 2))
    computed = 100 * yuan(numerator) / yuan(denominator)
    unit = Fraction(1, 10**places)
    truncated = Fraction(int(computed / unit)) * unit
    printed = draw(st.sampled_from([written(computed, places), Decimal(truncated.numerator) / truncated.denominator, written(computed + unit, places), written(computed - unit, places), written(computed + draw(st.integers(-30, 30)), places)]))
    name = draw(st.sampled_from(["执行率", "支出率", "到位率", "使用率"]))
    return Statement(
        kind="rate", location="第5段「…预算执行率…」", rate=percent(Decimal(printed).quantize(Decimal(1).scaleb(-places)), places),
        rate_name=name, numerator=numerator, denominator=denominator,
    )


@st.composite
def change_statements(draw: st.DrawFn) -> Statement:
    """「T，同比增加/减少X，增长/下降Y%」 in money or in counts, Y at, just off or beyond the figures'."""
    decrease = draw(st.booleans())
    if draw(st.booleans()):
        main = draw(st.sampled_from(["元", "万元"]))
        current = draw(printed_figures(main))
        change = draw(figure_of(yuan(current) * draw(st.integers(1, 90)) / 100, main))
        t, x = yuan(current), yuan(change)
    else:
        classifier = draw(st.sampled_from(["人", "个", "户"]))
        t_count, x_count = draw(st.integers(2, 100_000)), 0
        x_count = draw(st.integers(1, t_count - 1))
        current, change = stated(Decimal(t_count), classifier, 0), stated(Decimal(x_count), classifier, 0)
        t, x = Fraction(t_count), Fraction(x_count)
    base = t + x if decrease else t - x
    places = draw(st.integers(0, 2))
    unit = Fraction(1, 10**places)
    computed = 100 * x / base if base > 0 else Fraction(draw(st.integers(0, 100)))
    truncated = Fraction(int(computed / unit)) * unit
    printed = draw(st.sampled_from([written(computed, places), Decimal(truncated.numerator) / truncated.denominator, written(computed + unit, places), written(max(Fraction(0), computed - unit), places), written(computed + draw(st.integers(0, 30)), places)]))
    return Statement(
        kind="change", location="第6段「…同比…」", subject="收入", current=current, change=change,
        percent=percent(Decimal(printed).quantize(Decimal(1).scaleb(-places)), places), decrease=decrease,
    )


STATEMENT_STRATEGIES = {
    "parts": parts_statements, "spending": spending_statements, "rate": rate_statements, "change": change_statements,
}


def _adding(kind: str):  # noqa: ANN202 — a Plant (tests/strategies.py)
    @st.composite
    def add(draw: st.DrawFn, submission: Submission) -> Submission:
        statement = draw(STATEMENT_STRATEGIES[kind]())
        project = draw(st.sampled_from([None, *(p.name for p in submission.projects)]))
        statement = statement.model_copy(update={"project": project})
        return submission.model_copy(update={"statements": [*submission.statements, statement]})

    add.__name__ = f"add_{kind}_statement"
    return add


#: Plants that add one stated relation near its rule's boundary (for ``tests/strategies.every_plant``).
STATEMENT_PLANTS = tuple(_adding(kind) for kind in STATEMENT_STRATEGIES)

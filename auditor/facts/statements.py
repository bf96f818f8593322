"""Statement facts (F009–F011, P003): the relations a written report states, checked at printed precision.

Each figure of a report carries its own precision, the last digit it prints (7.79 → 0.01,
1.1万 → 0.1万). A sum of figures agrees with a stated total when the difference is within
the sum of half a unit of every figure involved — the total's and each part's — the interval
arithmetic of XBRL Calculations 1.1 (RULES.md). Money is converted exactly to one scale,
ten-thousandths of a yuan, so that every half unit a report can print (0.005 元 at the finest)
is a whole number, and compared as integers; a rate or a change percentage is compared like
F007's printed 执行率: as its computed value rounded or truncated to the printed digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from auditor.facts.base import ENGINE_INTEGER_LIMIT, FactKind, FactRow, Params, SubmissionView, cited, clamped
from auditor.model import Statement, StatedFigure
from auditor.parsing.numbers import format_decimal

#: The scale amounts are compared on: ten-thousandths of a yuan, per unit written.
_SCALE = {"元": Decimal(10_000), "万元": Decimal(100_000_000), "亿元": Decimal(1_000_000_000_000)}
MONEY = tuple(_SCALE)


def scaled(value: Decimal, unit: str) -> int | None:
    """An amount as a whole number of ten-thousandths of a yuan; None when it is finer or too large to compare exactly."""
    exact = value * _SCALE[unit]
    if exact != exact.to_integral_value() or abs(exact) >= ENGINE_INTEGER_LIMIT:
        return None
    return int(exact)


def half_unit(stated: StatedFigure) -> int | None:
    """Half the unit of a money figure's last printed digit, on the comparison scale."""
    return scaled(stated.precision / 2, stated.unit)


def shown(amount: int, unit: str) -> str:
    """An amount on the comparison scale in a written unit: 「1000.05」."""
    return format_decimal((Decimal(amount) / _SCALE[unit]).normalize(), 2)


def _money(*figures: StatedFigure | None) -> bool:
    return all(f is not None and f.unit in MONEY for f in figures)


# --- F009, F010: a whole and its parts --------------------------------------------------------


def _parts_statements(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for statement in view.submission.statements:
        if statement.kind != "parts" or statement.whole is None or not statement.parts or not _money(statement.whole, *statement.parts):
            continue
        whole = scaled(statement.whole.value, statement.whole.unit)
        parts = [scaled(p.value, p.unit) for p in statement.parts]
        halves = [half_unit(f) for f in (statement.whole, *statement.parts)]
        if whole is None or any(p is None for p in parts) or any(h is None for h in halves):
            continue
        total = sum(parts)  # type: ignore[arg-type]
        tolerance = sum(halves)  # type: ignore[arg-type]
        unit = statement.whole.unit
        yield FactRow(
            project=statement.project,
            values={
                "whole": whole,
                "parts_total": clamped(total),
                "excess": clamped(total - whole),
                "shortfall": clamped(whole - total),
                "tolerance": tolerance,
                "complete": int(statement.complete),
                "parts": len(parts),
            },
            cells=cited(statement=statement.location),
            labels={
                "subject": (statement.subject or "所述资金", statement.subject or "the stated sum"),
                "whole_shown": (f"{shown(whole, unit)} {unit}", f"{shown(whole, unit)} {unit}"),
                "parts_shown": ("、".join(p.text for p in statement.parts), ", ".join(p.text for p in statement.parts)),
                "total_shown": (f"{shown(total, unit)} {unit}", f"{shown(total, unit)} {unit}"),
                "difference_shown": (f"{shown(abs(total - whole), unit)} {unit}", f"{shown(abs(total - whole), unit)} {unit}"),
                "tolerance_shown": (f"{shown(tolerance, unit)} {unit}", f"{shown(tolerance, unit)} {unit}"),
                "complete_by": (statement.complete_by or "", statement.complete_by or ""),
            },
        )


# --- F011: budget − spending = balance, and a stated rate ----------------------------------------


def _spending_statements(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for statement in view.submission.statements:
        if statement.kind == "spending":
            row = _identity(statement)
        elif statement.kind == "rate":
            row = _rate(statement)
        else:
            continue
        if row is not None:
            yield row


_NO_IDENTITY = {"identity_known": 0, "identity_gap": 0, "identity_tolerance": 0}
_NO_RATE = {"rate_known": 0, "rate_half_digits_under": 0, "rate_half_digits_over": 0}


def _identity(statement: Statement) -> FactRow | None:
    figures = (statement.budget, statement.spending, statement.balance)
    if not _money(*figures):
        return None
    budget, spending, balance = (scaled(f.value, f.unit) for f in figures)  # type: ignore[union-attr]
    halves = [half_unit(f) for f in figures]  # type: ignore[arg-type]
    if budget is None or spending is None or balance is None or any(h is None for h in halves):
        return None
    unit = statement.budget.unit  # type: ignore[union-attr]
    expected = budget - spending
    return FactRow(
        project=statement.project,
        values={**_NO_RATE, "identity_known": 1, "identity_gap": clamped(abs(expected - balance)), "identity_tolerance": sum(halves)},  # type: ignore[arg-type]
        cells=cited(statement=statement.location),
        labels={
            "budget_shown": (statement.budget.text, statement.budget.text),  # type: ignore[union-attr]
            "spending_shown": (statement.spending.text, statement.spending.text),  # type: ignore[union-attr]
            "balance_shown": (statement.balance.text, statement.balance.text),  # type: ignore[union-attr]
            "expected_shown": (f"{shown(expected, unit)} {unit}", f"{shown(expected, unit)} {unit}"),
            "rate_name": ("", ""), "rate_shown": ("", ""), "computed_rate": ("", ""),
        },
    )


def _rate(statement: Statement) -> FactRow | None:
    numerator, denominator, rate = statement.numerator, statement.denominator, statement.rate
    if not _money(numerator, denominator) or rate is None:
        return None
    top, bottom = scaled(numerator.value, numerator.unit), scaled(denominator.value, denominator.unit)  # type: ignore[union-attr]
    if top is None or bottom is None or bottom <= 0:
        return None
    computed = Fraction(100 * top, bottom)
    places = -rate.precision.as_tuple().exponent  # type: ignore[operator]
    half_digits = (computed - Fraction(rate.value)) * 2 * 10**places
    shown_rate = f"{Decimal(computed.numerator) / Decimal(computed.denominator):.{places + 2}f}"
    return FactRow(
        project=statement.project,
        values={
            **_NO_IDENTITY,
            "rate_known": 1,
            # ceil(−h) > 1 ⇔ −h > 1 and floor(h) ≥ 2 ⇔ h ≥ 2: the printed rate holds for −1 ≤ h < 2.
            "rate_half_digits_under": clamped(-((half_digits.numerator) // half_digits.denominator)),
            "rate_half_digits_over": clamped(half_digits.numerator // half_digits.denominator),
        },
        cells=cited(statement=statement.location),
        labels={
            "budget_shown": (denominator.text, denominator.text),  # type: ignore[union-attr]
            "spending_shown": (numerator.text, numerator.text),  # type: ignore[union-attr]
            "balance_shown": ("", ""), "expected_shown": ("", ""),
            "rate_name": (statement.rate_name or "", statement.rate_name or ""),
            "rate_shown": (rate.text, rate.text),
            "computed_rate": (f"{shown_rate}%", f"{shown_rate}%"),
        },
    )


# --- P003: a change and its percentage --------------------------------------------------------


def _change_statements(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for statement in view.submission.statements:
        if statement.kind != "change" or statement.current is None or statement.change is None or statement.percent is None:
            continue
        current, change = _comparable(statement.current, statement.change)
        if current is None or change is None:
            continue
        before = current + change if statement.decrease else current - change
        if before <= 0:
            continue  # no base to grow from: the percentage means nothing
        computed = Fraction(100 * change, before)
        places = -statement.percent.precision.as_tuple().exponent  # type: ignore[operator]
        half_digits = (computed - Fraction(statement.percent.value)) * 2 * 10**places
        shown_percent = f"{Decimal(computed.numerator) / Decimal(computed.denominator):.{places + 2}f}"
        yield FactRow(
            project=statement.project,
            values={
                "half_digits_under": clamped(-((half_digits.numerator) // half_digits.denominator)),
                "half_digits_over": clamped(half_digits.numerator // half_digits.denominator),
            },
            cells=cited(statement=statement.location),
            labels={
                "current_shown": (statement.current.text, statement.current.text),
                "change_shown": (statement.change.text, statement.change.text),
                "percent_shown": (statement.percent.text, statement.percent.text),
                "computed_percent": (f"{shown_percent}%", f"{shown_percent}%"),
                "direction": ("减少" if statement.decrease else "增加", "decrease" if statement.decrease else "increase"),
            },
        )


def _comparable(current: StatedFigure, change: StatedFigure) -> tuple[Fraction | None, Fraction | None]:
    """Both figures on one scale: money converted exactly, counts of one thing as they are."""
    if current.unit in MONEY and change.unit in MONEY:
        a, b = scaled(current.value, current.unit), scaled(change.value, change.unit)
        return (None, None) if a is None or b is None else (Fraction(a), Fraction(b))
    if current.unit == change.unit:
        return Fraction(current.value), Fraction(change.value)
    return None, None


STATEMENT_KINDS = (
    FactKind(
        name="parts_statement",
        doc="One per whole a written report lists money parts under (「共X，其中A a、B b」, 「分别为」, nested "
        "parenthetical lists): whole, parts_total, excess = parts_total − whole, shortfall = whole − parts_total, "
        "tolerance = half a unit of every figure's last printed digit, summed; complete is 1 for a list stated "
        "to be all of the whole. Amounts in ten-thousandths of a yuan.",
        attributes={
            "whole": "integer", "parts_total": "integer", "excess": "integer", "shortfall": "integer",
            "tolerance": "integer", "complete": "integer", "parts": "integer",
        },
        labels=("subject", "whole_shown", "parts_shown", "total_shown", "difference_shown", "tolerance_shown", "complete_by"),
        cell_roles=("statement",),
        derive=_parts_statements,
    ),
    FactKind(
        name="spending_statement",
        doc="One per budget/spending/balance a report states of one sum (identity_known: |budget − spending − "
        "balance| against the figures' printed precision) or per stated 执行率/支出率/到位率 with the two "
        "amounts it relates (rate_known: with h = (computed − printed) in halves of the printed rate's last "
        "digit, rate_half_digits_under = ceil(−h), rate_half_digits_over = floor(h)).",
        attributes={
            "identity_known": "integer", "identity_gap": "integer", "identity_tolerance": "integer",
            "rate_known": "integer", "rate_half_digits_under": "integer", "rate_half_digits_over": "integer",
        },
        labels=("budget_shown", "spending_shown", "balance_shown", "expected_shown", "rate_name", "rate_shown", "computed_rate"),
        cell_roles=("statement",),
        derive=_spending_statements,
    ),
    FactKind(
        name="change_statement",
        doc="One per 「T，同比增加/减少X，增长/下降Y%」 a report states: with h = (100·X/(T∓X) − Y) in halves of "
        "Y's last printed digit, half_digits_under = ceil(−h), half_digits_over = floor(h).",
        attributes={"half_digits_under": "integer", "half_digits_over": "integer"},
        labels=("current_shown", "change_shown", "percent_shown", "computed_percent", "direction"),
        cell_roles=("statement",),
        derive=_change_statements,
    ),
)

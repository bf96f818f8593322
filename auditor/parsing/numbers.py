"""Turning what a cell or a sentence holds into exact values: amounts, percents, integers, dates.

Departments type numbers every way a spreadsheet allows: ``1,000.00``, full-width
``１０００``, `` 50 ``, ``70%``, a percent-formatted ``0.7``, a formula's cached
``0.30000000000000004``. Everything here works on the literal text and ``Decimal``,
never on binary floats, so ``504.55`` stays 504.55 to the cent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, Overflow

from auditor.parsing.text import normalize_text

#: Spreadsheets store at most 15 significant digits; anything past that is binary noise.
_SPREADSHEET_DIGITS = Context(prec=15)
_FEN = Decimal("0.01")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")






def decimal_from_stored_number(literal: str) -> Decimal:
    """The exact value of a number as a spreadsheet stores it, without binary noise.

    A typed ``504.55`` is stored as the text ``504.55`` and comes back exact; a cached
    formula result such as ``0.30000000000000004`` is rounded to the 15 significant
    digits a spreadsheet keeps, giving ``0.3``. No float is involved.
    """
    value = Decimal(literal)
    if not value.is_finite():
        raise InvalidOperation(literal)
    try:
        rounded = _SPREADSHEET_DIGITS.plus(value)
    except Overflow:  # 「1e99999999」 typed as text: past any exponent a context allows
        raise InvalidOperation(literal) from None
    if rounded != rounded.to_integral_value():
        return rounded.normalize()
    exponent = rounded.as_tuple().exponent
    # 5.00 → 5; 1E+300 stays as it is (quantizing it would need 301 digits).
    return rounded if isinstance(exponent, int) and exponent >= 0 else rounded.quantize(Decimal(1))


def parse_decimal_text(text: str) -> Decimal | None:
    """A number typed as text (``1,000.00``, ``１０００``, `` 50 ``); None when it is not one."""
    cleaned = normalize_text(text).replace(" ", "")
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return decimal_from_stored_number(cleaned)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class ParsedAmount:
    """An amount read from text, with the unit the text itself named (if any)."""

    value: Decimal
    unit: str | None


_AMOUNT_WITH_UNIT = re.compile(r"^(?P<number>.+?)\s*(?P<unit>万元|元)$")


def parse_amount_text(text: str) -> ParsedAmount | None:
    """An amount typed as text, optionally ending in its unit (``50万元``, ``1,000.00 元``)."""
    cleaned = normalize_text(text)
    match = _AMOUNT_WITH_UNIT.match(cleaned)
    unit = None
    if match:
        cleaned, unit = match.group("number"), match.group("unit")
    value = parse_decimal_text(cleaned)
    return None if value is None else ParsedAmount(value, unit)


def convert_amount(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between 元 and 万元 (a power of ten, so no rounding happens)."""
    if from_unit == to_unit:
        return value
    if from_unit == "元" and to_unit == "万元":
        return (value / Decimal(10000)).normalize()
    return (value * Decimal(10000)).normalize()


def to_fen(amount: Decimal, fen_per_unit: int) -> int:
    """An amount in a workbook unit as whole fen (0.01 元), the unit every rule computes in.

    Amounts finer than a fen carry no meaning in a budget and are rounded half-up.
    """
    return int((amount * fen_per_unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_fen(fen: int, fen_per_unit: int, places: int = 2) -> str:
    """Fen back into the workbook unit for a message: at least two decimals, more only if needed."""
    value = Decimal(fen) / Decimal(fen_per_unit)
    return format_decimal(value, places)


def format_decimal(value: Decimal, places: int = 2) -> str:
    """A decimal with at least ``places`` decimals and no needless trailing zeros beyond them."""
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    decimals = max(places, -exponent if isinstance(exponent, int) else 0)
    return f"{value:.{decimals}f}"


def decimals_written(value: Decimal) -> int:
    """How many decimals a number has, trailing zeros not counted (70, 70.0 → 0; 20.5 → 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def parse_percent_text(text: str) -> Decimal | None:
    """``70%``, ``70 ％`` or ``70`` → 70 (the number of percent)."""
    cleaned = normalize_text(text).rstrip("%").strip()
    return parse_decimal_text(cleaned)


#: At most 30 digits: longer is no whole number anyone types (and past 4,300 digits
#: Python refuses to convert the text at all).
_INTEGER_TEXT = re.compile(r"^([+-]?\d{1,30})(?:\.0+)?\s*(?:个|年|项)?$")


def parse_integer_text(text: str) -> int | None:
    """``3``, ``３``, ``3个``, ``2019年``, ``3.0`` → an integer; anything else (and more than
    30 digits) → None."""
    cleaned = normalize_text(text).replace(",", "")
    match = _INTEGER_TEXT.match(cleaned)
    return int(match.group(1)) if match else None


def date_from_serial(serial: Decimal) -> date | None:
    """An Excel date serial (days since 1899-12-30) as a date; None outside sane years."""
    days = int(serial)
    if not 1 <= days <= 2_958_465:  # 1900-01-01 .. 9999-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=days)


def parse_date_text(text: str) -> date | None:
    """``2020-05-13``, ``2020/5/13``, ``2020.5.13``, ``2020年5月13日`` → a date."""
    match = _DATE_TEXT.match(normalize_text(text))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None

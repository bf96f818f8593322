"""The ranges of numbers the rules compute with exactly; every reader keeps the values it gives inside them.

The rules compare money in whole fen and scores in ten-thousandths of a point, as integers
the rule engine holds exactly (below 2^53). A figure outside these ranges is no figure of a
self-evaluation — more money than any budget, an amount that is not 0 yet less than half a
fen, a score or count past a hundred billion — and breaks that arithmetic: an amount that
rounds to 0 fen but is not 0 divides by zero, a score of 10^15 points is an integer the
engine cannot hold. So a workbook reader reports such a cell as a bad value (D003), and a
report reader leaves the value unknown, as it does an approximate one.
"""

from __future__ import annotations

from decimal import Decimal

#: Largest amount accepted, in 元 (10^13 元 is more than any budget; beyond it the
#: integer-fen arithmetic of the rule engine would lose exactness).
MAX_AMOUNT_YUAN = Decimal(10) ** 13
#: Smallest amount other than 0, in 元: half a fen, the least that is a whole fen when rounded.
MIN_AMOUNT_YUAN = Decimal("0.005")
#: Largest score, weight, count or percentage accepted (in ten-thousandths of a point, the
#: finest a score is compared in, 10^11 is still far inside the engine's exact integers).
MAX_NUMBER = Decimal(10) ** 11

_YUAN_PER_UNIT = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def amount_in_range(value: Decimal, unit: str) -> bool:
    """Whether an amount written in ``unit`` (元, 万元 or 亿元) is 0, or at least half a fen and
    less than :data:`MAX_AMOUNT_YUAN`. Compared without multiplying, so that no value, however
    long its digits or large its exponent, can make the check itself fail."""
    if not value.is_finite():
        return False
    per_unit = _YUAN_PER_UNIT[unit]
    magnitude = abs(value)
    return magnitude == 0 or MIN_AMOUNT_YUAN / per_unit <= magnitude < MAX_AMOUNT_YUAN / per_unit


def number_in_range(value: Decimal) -> bool:
    """Whether a score, weight, count or percentage is less than :data:`MAX_NUMBER` either way."""
    return value.is_finite() and abs(value) < MAX_NUMBER

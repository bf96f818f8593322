"""Reading an indicator's target or actual value: comparator, number and unit (``≥99人``, ``≤50万元``).

I003 compares an actual value with its target only when both state a number in the
same unit; words (``按期完成``) and dates or periods (``2019年第三季度``) are not compared,
because no arithmetic makes "short of the target" meaningful for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from auditor.parsing.numbers import parse_decimal_text
from auditor.parsing.text import normalize_text

Direction = Literal["higher", "lower"]

_COMPARATORS: tuple[tuple[str, str], ...] = (
    (">=", "≥"), ("≥", "≥"), ("≧", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("至少", "≥"),
    ("<=", "≤"), ("≤", "≤"), ("≦", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("至多", "≤"),
    (">", ">"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("<", "<"), ("小于", "<"), ("低于", "<"), ("少于", "<"),
    ("==", "="), ("=", "="), ("等于", "="),
)
_SYMBOL_OF = dict(_COMPARATORS)
# Longest words first, so that 大于等于 is not read as 大于 followed by 等于.
_VALUE = re.compile(
    "^(?P<comparator>"
    + "|".join(re.escape(word) for word in sorted(_SYMBOL_OF, key=len, reverse=True))
    + r")?(?P<number>[+-]?\d+(?:,\d{3})*(?:\.\d+)?)(?P<unit>[^\d]*)$"
)
#: A unit naming a point in the calendar makes the value a date (「2023年」「12月底前」「第四季度」), which has
#: no "short of"; a duration (「≤24小时」「≤2周」「30天」) is a quantity like any other.
_TIME_WORDS = re.compile(r"年|月|日|季度|前|底")
#: Units written out in words that mean a symbol (budget systems print 「≥100百分比」 for ≥100%).
_UNIT_SYNONYMS = {"百分比": "%"}


@dataclass(frozen=True)
class MeasuredValue:
    """A value with a number: comparator (``≥`` ``≤`` ``>`` ``<`` ``=`` or ``""``), number, unit."""

    comparator: str
    number: Decimal
    unit: str

    @property
    def direction(self) -> Direction:
        """Which way is better: up for ≥/>/=/bare targets, down for ≤/< (cost-type) ones."""
        return "lower" if self.comparator in ("≤", "<") else "higher"


@lru_cache(maxsize=4096)
def parse_measured_value(text: str | None) -> MeasuredValue | None:
    """The comparator, number and unit of ``text``; None when it states no single number."""
    if text is None:
        return None
    match = _VALUE.match("".join(normalize_text(text).split()))
    if not match:
        return None
    comparator = _SYMBOL_OF.get(match.group("comparator") or "", "")
    unit = _UNIT_SYNONYMS.get(match.group("unit"), match.group("unit"))
    if _TIME_WORDS.search(unit):
        return None
    number = parse_decimal_text(match.group("number"))
    if number is None:
        return None
    return MeasuredValue(comparator, number, unit)


def comparable(target: MeasuredValue, actual: MeasuredValue) -> bool:
    """Both in the same unit (a unit stated on one side only is taken as the same)."""
    return not target.unit or not actual.unit or target.unit == actual.unit


_ANY_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万两]+\s*(?:个|项|次|人|家|户|所|场|批|月|天|日|年|周|小时|%|％)")
_PERIOD = re.compile(r"年|月|日|季度|周|旬|天|小时|\d{4}[-/.]\d{1,2}")


def states_number(text: str | None) -> bool:
    """Whether a target or actual holds a number at all (「≥50个」, 「三个月」), not words only (「效果明显」)."""
    return bool(text) and _ANY_NUMBER.search(normalize_text(text)) is not None  # type: ignore[arg-type]


def states_period(text: str | None) -> bool:
    """Whether a 时效 target names a date or a period (「2022年12月底前」「年内」「第四季度」), not only 「及时」."""
    return bool(text) and _PERIOD.search(normalize_text(text)) is not None  # type: ignore[arg-type]

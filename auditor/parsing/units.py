"""A figure written in another unit than its siblings — 「45.20元」 among 万元 amounts — and whether it stands out.

A department that types 「45.20元」 into a 万元 column may mean 45.20 元, or may have meant
45.20 万元 and slipped. auditor never decides for it: the figure keeps the unit it is
written in (0.004520 万元), and when, so read, it is three orders of magnitude or more
away from its siblings (the other amounts of its column or list), D007 names it with
both readings for a reviewer to decide (RULES.md). A figure whose own unit makes it sit
among its siblings (「452000元」 in a column of tens of 万元) is simply noted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

#: How far apart, as a ratio, an own-unit figure and its siblings' typical size must be (three orders of magnitude).
OUTLIER_RATIO = Decimal(1000)


@dataclass(frozen=True)
class WrittenAmount:
    """An amount as read: the list or column it belongs to, where it is, and the unit beside it."""

    group: str
    location: str
    #: In the unit the amounts are read in (the workbook's).
    value: Decimal
    #: As written, and the unit written beside it when that differs from its siblings' (else None).
    written: Decimal
    own_unit: str | None = None
    project: str | None = None


@dataclass(frozen=True)
class UnitOutlier:
    """An own-unit amount far from its siblings: the amount, and its siblings' typical size (their median)."""

    amount: WrittenAmount
    siblings: Decimal


def own_unit_amounts(amounts: Sequence[WrittenAmount]) -> Iterator[tuple[WrittenAmount, UnitOutlier | None]]:
    """Every amount written in a unit of its own, with its outlier verdict (None: it sits among its siblings,
    or it has none to compare with)."""
    groups: dict[str, list[WrittenAmount]] = {}
    for amount in amounts:
        groups.setdefault(amount.group, []).append(amount)
    for members in groups.values():
        siblings = sorted(abs(a.value) for a in members if a.own_unit is None and a.value != 0)
        typical = _median(siblings)
        for amount in members:
            if amount.own_unit is None:
                continue
            size = abs(amount.value)
            stands_out = typical is not None and size != 0 and (size * OUTLIER_RATIO <= typical or size >= typical * OUTLIER_RATIO)
            yield amount, (UnitOutlier(amount, typical) if stands_out else None)  # type: ignore[arg-type]


def _median(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

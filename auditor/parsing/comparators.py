"""The words a claim qualifies its figure with — 以上, 超过, 约, 不足 … — and what each means, defined once.

P001 tests a claimed share by what its word means (RULES.md): 以上 and 以下 include the
number, 超过 and 不足 exclude it (民法典 第1259条), 约 allows less than one point, a
plain 占比/为 stands for the figure rounded or truncated. The workbook's 比较 column,
the workbook's statements, the report reader and the test strategies all read these
words, and the rule's parameter ``comparators`` defaults to the same table: one list, so
that a word one of them knows is never a word another ignores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

Meaning = Literal["plain", "approx", "at_least", "more_than", "at_most", "less_than"]
Position = Literal["before", "after"]


@dataclass(frozen=True)
class Comparator:
    """One word: what it means, whether it is written before the number (超过70%) or after it (70%以上),
    and where the submission workbook's 比较 column offers it in its drop-down list (0: not offered)."""

    word: str
    meaning: Meaning
    position: Position = "before"
    offered: int = 0


COMPARATORS: tuple[Comparator, ...] = (
    # plain: the figure as it is (rounded or truncated to its printed digits)
    Comparator("", "plain"), Comparator("占比", "plain"), Comparator("为", "plain"), Comparator("等于", "plain"),
    Comparator("达", "plain"), Comparator("达到", "plain"), Comparator("是", "plain"), Comparator("=", "plain"),
    # approx: within one point
    Comparator("约", "approx", offered=5), Comparator("左右", "approx", "after"), Comparator("近", "approx"),
    Comparator("接近", "approx"), Comparator("大约", "approx"), Comparator("约为", "approx"),
    Comparator("≈", "approx"), Comparator("～", "approx"), Comparator("~", "approx"),
    # at_least: the number itself included
    Comparator("以上", "at_least", "after", offered=1), Comparator("不低于", "at_least"), Comparator("不少于", "at_least"),
    Comparator("至少", "at_least"), Comparator("≥", "at_least"), Comparator(">=", "at_least"),
    # more_than: the number itself excluded
    Comparator("超过", "more_than", offered=2), Comparator("高于", "more_than"), Comparator("多于", "more_than"),
    Comparator("逾", "more_than"), Comparator("大于", "more_than"), Comparator(">", "more_than"),
    # at_most: the number itself included
    Comparator("以下", "at_most", "after", offered=3), Comparator("不超过", "at_most"), Comparator("不高于", "at_most"),
    Comparator("至多", "at_most"), Comparator("≤", "at_most"), Comparator("<=", "at_most"),
    # less_than: the number itself excluded
    Comparator("不足", "less_than", offered=4), Comparator("不满", "less_than"), Comparator("低于", "less_than"),
    Comparator("少于", "less_than"), Comparator("小于", "less_than"), Comparator("<", "less_than"),
)

MEANINGS: tuple[Meaning, ...] = ("plain", "approx", "at_least", "more_than", "at_most", "less_than")
#: The words of each meaning: P001's default ``comparators`` parameter.
WORDS_BY_MEANING: dict[str, list[str]] = {meaning: [c.word for c in COMPARATORS if c.meaning == meaning] for meaning in MEANINGS}
#: The words offered in the workbook's 比较 column (the others are accepted as typed).
OFFERED_WORDS: tuple[str, ...] = tuple(c.word for c in sorted(COMPARATORS, key=lambda c: c.offered) if c.offered)
#: Words written after the number (「70%以上」); all others go before it (「超过70%」).
WORDS_AFTER: tuple[str, ...] = tuple(c.word for c in COMPARATORS if c.position == "after")


def meaning_of(word: str | None) -> str:
    """The meaning of a word as written (``None`` and ``""`` are plain); ``unknown`` if not listed."""
    return _MEANING_OF.get(word or "", "unknown")


def worded(percent: str, word: str | None) -> str:
    """A claim as a report words it: 「70%以上」, 「超过20%」, 「约50%」, 「70%」."""
    word = word or ""
    return f"{percent}%{word}" if word in WORDS_AFTER else f"{word}{percent}%"


@cache
def qualifier_pattern(position: Position) -> str:
    """A regex alternation of the non-plain words written at ``position``, longest first
    (so that 不超过 is not read as 超过, nor 约为 as 约)."""
    words = [c.word for c in COMPARATORS if c.position == position and c.meaning != "plain"]
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_MEANING_OF: dict[str, str] = {c.word: c.meaning for c in COMPARATORS}

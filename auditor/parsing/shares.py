"""Reading the numbers of a share claim out of its sentence (「共99人，其中…73人，占比70%以上」).

A 数据声明 row may leave 分子, 分母 or 声称比例 empty and give only the sentence; the
report's own words then state them. Only what the sentence states is taken: a number
that is not there stays unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from auditor.parsing.numbers import parse_decimal_text
from auditor.parsing.text import normalize_text

_NUMBER = r"\d+(?:\.\d+)?"
_PERCENT = re.compile(rf"(?P<before>超过|不足|不低于|不少于|至少|高于|多于|逾|不超过|不高于|至多|不满|低于|少于|约|近|达到|达)?\s*(?P<number>{_NUMBER})\s*%\s*(?P<after>以上|以下|左右)?")
_WHOLE = re.compile(rf"(?:共|总计|合计|总数为?|总共)\s*(?:有|计)?\s*(?P<number>{_NUMBER})")
_COUNT = re.compile(rf"(?P<number>{_NUMBER})\s*(?:人|名|位|个|家|户|项|次|场|批次|件|所|座|辆|台|套|万人|人次)?")
_SHARE_WORD = re.compile(r"占比|占")


@dataclass(frozen=True)
class StatedShare:
    """What a share sentence states; any part may be None."""

    part: Decimal | None
    whole: Decimal | None
    percent: Decimal | None
    comparator: str | None


def parse_share_statement(statement: str) -> StatedShare:
    """The counts, the claimed percent and its comparator word a sentence states."""
    text = normalize_text(statement)
    percent_match = None
    for match in _PERCENT.finditer(text):
        percent_match = match  # the last percentage is the claim (earlier ones are context)
    percent = parse_decimal_text(percent_match.group("number")) if percent_match else None
    comparator = None
    if percent_match:
        comparator = percent_match.group("after") or percent_match.group("before")
        if comparator in ("达到", "达"):
            comparator = None
    whole_match = _WHOLE.search(text)
    whole = parse_decimal_text(whole_match.group("number")) if whole_match else None
    part = _part_before_share_word(text, whole_match.span("number") if whole_match else None, percent_match)
    return StatedShare(part=part, whole=whole, percent=percent, comparator=comparator)


def _part_before_share_word(text: str, whole_span: tuple[int, int] | None, percent_match: re.Match[str] | None) -> Decimal | None:
    """The count nearest before 占比/占 (and before the percentage), other than the whole."""
    limit = percent_match.start() if percent_match else len(text)
    share = None
    for match in _SHARE_WORD.finditer(text, 0, limit):
        share = match
    end = share.start() if share else limit
    candidates = [
        m for m in _COUNT.finditer(text, 0, end)
        if whole_span is None or m.span("number") != whole_span
    ]
    if not candidates or share is None:
        return None
    return parse_decimal_text(candidates[-1].group("number"))

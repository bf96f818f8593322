"""Share claims as the genre writes them — 「共 99 人，其中…73 人，占比 70%以上，女劳模 20 人，占比 20%以上」.

One grammar, read by both the workbook (a 数据声明 row that gives only its sentence) and
the report reader (every sentence of a report). Each 占比/占/比例为 followed by a
percentage is one claim. Its part is the nearest count before the share word (after the
previous claim, so the second claim above takes 20, not 73); its whole is the nearest
共N/总计N/合计N before the part — in the same text, or the nearest preceding one in the
same group (a report's paragraph) — preferring one counted in the same classifier (人
with 人). The comparator word is kept as written (``comparators`` says what it means).
A part or whole that cannot be found stays unknown: nothing is guessed.

Every position is an offset into the text as given, which callers normalise with
``normalize_keeping_offsets`` so that spans are also spans of the words as written.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditor.parsing.comparators import COMPARATORS, meaning_of, qualifier_pattern
from auditor.parsing.quantities import (
    CN_NUMBER,
    Quantity,
    counts_in,
    normalize_keeping_offsets,
    parse_number,
)

_BEFORE = qualifier_pattern("before")
_AFTER = qualifier_pattern("after")
#: Plain words that may stand between the share word and the figure (「占比为」「比例达到」).
_VERBS = "|".join(sorted((c.word for c in COMPARATORS if c.meaning == "plain" and c.word not in ("", "占比", "=")), key=len, reverse=True))
_FIGURE = rf"(?:(?P<number>\d+(?:\.\d+)?)\s*%|百分之(?P<cn>{CN_NUMBER}))\s*(?P<after>{_AFTER})?"
_SHARE = re.compile(
    rf"(?:(?P<word>占比|比例|比重|占(?:[^，,。；;\d%]{{1,8}}?的)?)|(?P<stem>[\u4e00-\u9fff]{{2}})率)"
    rf"\s*(?:{_VERBS})?\s*(?P<before>{_BEFORE})?\s*{_FIGURE}"
)
#: A percentage with no share word before it: the claim of a statement known to be one (「合格率95%以上」).
_BARE_PERCENT = re.compile(rf"(?P<before>{_BEFORE})?\s*{_FIGURE}")
#: 「共 99 人」「共有99人」「共培训学员 200 人」: 共 and at most a few words before the count.
#: 「全乡总人口1.1万人」「总户数320户」: a count named as a total (总 and its noun) is a whole too.
_WHOLE = re.compile(r"(?:共计|总计|合计|总共|一共|总数为?|共有|共|总(?:人口|人数|户数|人次|数量|规模))[^，,。；;、：:\d%]{0,8}$")
#: 「3200人中，…」: a count that the following words take a part of.
_WHOLE_AFTER = re.compile(r"\s*(?:之中|当中|中)")
_CLAUSE_START = re.compile(r"[，,；;。：:]")


@dataclass(frozen=True, slots=True)
class ShareMatch:
    """One claim found in ``texts[index]``; its whole may stand in an earlier text of the same group."""

    index: int
    percent: Decimal
    percent_span: tuple[int, int]
    #: The qualifier (「以上」「超过」) in the normalised text, None for a plain claim, and where it stands.
    comparator: str | None
    comparator_span: tuple[int, int] | None
    #: The clause holding the part and the claim.
    statement_span: tuple[int, int]
    part: Quantity | None
    #: The whole, and the index of the text it stands in.
    whole: tuple[int, Quantity] | None


def share_claims(texts: Sequence[str], groups: Sequence[Hashable] | None = None) -> Iterator[ShareMatch]:
    """Every share claim in ``texts`` (normalised), in order; a whole carries over to later texts of its group."""
    wholes: list[tuple[int, Quantity]] = []
    group: Hashable = object()
    for index, text in enumerate(texts):
        if groups is None or groups[index] != group:
            group, wholes = (groups[index] if groups is not None else index), []
        counts = counts_in(text)
        whole_flags = [
            bool(_WHOLE.search(text, max(0, q.start - 12), q.start) or _WHOLE_AFTER.match(text, q.end)) for q in counts
        ]
        # One pass over the counts in order: ``part`` is the last non-whole count since the
        # previous claim, ``seen_wholes`` the wholes before it (linear in the text).
        next_count, part, seen_wholes, wholes_before_part = 0, None, [], 0
        for match in _SHARE.finditer(text):
            percent = parse_number(match.group("number") or match.group("cn"))
            if percent is None:
                continue
            while next_count < len(counts) and counts[next_count].end <= match.start():
                if whole_flags[next_count]:
                    seen_wholes.append((index, counts[next_count]))
                else:
                    part, wholes_before_part = counts[next_count], len(seen_wholes)
                next_count += 1
            usable = wholes_before_part if part is not None else len(seen_wholes)
            clause_start = _clause_start(text, part.start if part else match.start())
            if match.group("stem") and not _rate_of_part(text, match, part, clause_start, seen_wholes[:usable] or wholes):
                continue  # a 率 the text does not tie to a count it states (满意率, 执行率 …)
            yield ShareMatch(
                index=index,
                percent=percent,
                percent_span=(_figure_start(match), match.end()),
                comparator=match.group("after") or match.group("before"),
                comparator_span=_qualifier_span(match),
                statement_span=(clause_start, match.end()),
                part=part,
                whole=_pick_whole(wholes, seen_wholes[:usable], part),
            )
            part = None  # the next claim takes a count after this one
        wholes.extend((index, q) for q, is_whole in zip(counts, whole_flags) if is_whole)


@dataclass(frozen=True)
class StatedShare:
    """What one statement states of its claim; any part may be None."""

    part: Decimal | None
    whole: Decimal | None
    percent: Decimal | None
    comparator: str | None


def parse_share_statement(statement: str) -> StatedShare:
    """The counts, claimed percent and qualifier of a statement known to be a share claim.

    The statement's claim is its last one (earlier ones are context). Without a share
    word the last percentage is still the claim, but no count can be tied to it.
    """
    text = normalize_keeping_offsets(statement)
    claims = list(share_claims([text]))
    if claims:
        claim = claims[-1]
        comparator = None if meaning_of(claim.comparator) == "plain" else claim.comparator
        return StatedShare(
            part=claim.part.value if claim.part else None,
            whole=claim.whole[1].value if claim.whole else None,
            percent=claim.percent,
            comparator=comparator,
        )
    bare = None
    for bare in _BARE_PERCENT.finditer(text):
        pass
    if bare is None:
        return StatedShare(None, None, None, None)
    return StatedShare(None, None, parse_number(bare.group("number") or bare.group("cn")), bare.group("after") or bare.group("before"))


def _rate_of_part(
    text: str, match: re.Match[str], part: Quantity | None, clause_start: int, wholes: Sequence[tuple[int, Quantity]]
) -> bool:
    """Whether 「…率达到P%」 is the share of the part before it: only where a whole and a part are stated
    and the part's clause names what the rate counts (「已发放3150人，发放率…」: 发放 in both)."""
    if part is None or not wholes:
        return False
    return match.group("stem") in text[clause_start:part.end]


def _qualifier_span(match: re.Match[str]) -> tuple[int, int] | None:
    for group in ("after", "before"):
        if match.group(group):
            return match.span(group)
    return None


def _figure_start(match: re.Match[str]) -> int:
    for group in ("before", "number", "cn"):
        if match.group(group):
            return match.start(group)
    return match.start()


def _pick_whole(earlier: Sequence[tuple[int, Quantity]], here: Sequence[tuple[int, Quantity]], part: Quantity | None) -> tuple[int, Quantity] | None:
    """The nearest preceding whole (this text's, then the group's earlier ones),
    preferring one counted in the part's classifier."""
    candidates = [*reversed(here), *reversed(earlier)]
    if part is not None:
        same = next((w for w in candidates if w[1].unit == part.unit), None)
        if same is not None:
            return same
    return candidates[0] if candidates else None


def _clause_start(text: str, position: int) -> int:
    """The clause holding the part starts after the break before it: 「…，其中…73 人，占比 70%以上」."""
    window = max(0, position - 200)
    breaks = [m.end() for m in _CLAUSE_START.finditer(text, window, position)]
    return breaks[-1] if breaks else window

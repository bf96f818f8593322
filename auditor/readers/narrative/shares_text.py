"""Share claims in prose: 「共 99 人，其中…73 人，占比 70%以上，女劳模 20 人，占比 20%以上」.

Each 占比/占/比例为 followed by a percentage is one claim. Its part is the nearest count
before the share word (after the previous claim, so the second claim above takes 20,
not 73); its whole is the nearest 共N/总计N/合计N before the part — in the same
sentence, or the nearest preceding one in the same paragraph — preferring one counted
in the same classifier (人 with 人). The comparator word (以上, 超过, 约 …) is kept as
written, for P001 to interpret. A claim whose part or whole cannot be found keeps them
unknown and P001 skips it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditor.parsing.quantities import CN_NUMBER, Quantity, counts_in, parse_number
from auditor.readers.narrative.evidence import Stated
from auditor.readers.narrative.sentences import Sentence

_BEFORE_WORDS = "超过|不足|不低于|不少于|至少|高于|多于|逾|不超过|不高于|至多|不满|低于|少于|大约|约为|约|接近|近"
_SHARE = re.compile(
    rf"(?P<word>占比|比例|比重|占(?:[^，,。；;\d%]{{1,8}}?的)?)\s*(?:为|达到|达|是)?\s*(?P<before>{_BEFORE_WORDS})?\s*"
    rf"(?:(?P<number>\d+(?:\.\d+)?)\s*%|百分之(?P<cn>{CN_NUMBER}))\s*(?P<after>以上|以下|左右)?"
)
#: 「共 99 人」「共有99人」「共培训学员 200 人」: 共 and at most a few words before the count.
_WHOLE = re.compile(r"(?:共计|总计|合计|总共|一共|总数为?|共有|共)[^，,。；;、：:\d%]{0,8}$")
_CLAUSE_START = re.compile(r"[，,；;。：:]")


@dataclass(frozen=True, slots=True)
class StatedShare:
    """One share claim with the spans of its numbers (each in its own sentence)."""

    statement: str
    statement_span: tuple[int, int]
    sentence: Sentence
    percent: Decimal
    percent_span: tuple[int, int]
    comparator: str | None
    part: Stated | None
    whole: Stated | None


@dataclass(frozen=True, slots=True)
class _Whole:
    quantity: Quantity
    sentence: Sentence


def read_shares(sentences: Sequence[Sentence]) -> Iterator[StatedShare]:
    """Every share claim in the report, in order (lazily: callers take as many as they check)."""
    wholes: list[_Whole] = []
    paragraph = None
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph, wholes = sentence.paragraph, []
        counts = counts_in(sentence.norm)
        whole_flags = [bool(_WHOLE.search(sentence.norm, max(0, q.start - 12), q.start)) for q in counts]
        sentence_wholes = [_Whole(q, sentence) for q, is_whole in zip(counts, whole_flags) if is_whole]
        # One pass over the counts in order: ``part`` is the last non-whole count since the
        # previous claim, ``seen_wholes`` the wholes before it (linear in the sentence).
        next_count, part, seen_wholes, wholes_before_part = 0, None, [], 0
        for match in _SHARE.finditer(sentence.norm):
            percent = parse_number(match.group("number") or match.group("cn"))
            if percent is None:
                continue
            while next_count < len(counts) and counts[next_count].end <= match.start():
                if whole_flags[next_count]:
                    seen_wholes.append(_Whole(counts[next_count], sentence))
                else:
                    part, wholes_before_part = counts[next_count], len(seen_wholes)
                next_count += 1
            usable = wholes_before_part if part is not None else len(seen_wholes)
            whole = _pick_whole(wholes, seen_wholes[:usable], part)
            clause_start = _clause_start(sentence.norm, part.start if part else match.start())
            yield (
                StatedShare(
                    statement=sentence.text[clause_start:match.end()].strip(),
                    statement_span=(clause_start, match.end()),
                    sentence=sentence,
                    percent=percent,
                    percent_span=(_percent_start(match), match.end()),
                    comparator=match.group("after") or match.group("before"),
                    part=Stated(part.value, sentence, part.start, part.end) if part else None,
                    whole=Stated(whole.quantity.value, whole.sentence, whole.quantity.start, whole.quantity.end) if whole else None,
                )
            )
            part = None  # the next claim takes a count after this one
        wholes.extend(sentence_wholes)


def _percent_start(match: re.Match[str]) -> int:
    for group in ("before", "number", "cn"):
        if match.group(group):
            return match.start(group)
    return match.start()


def _pick_whole(earlier: Sequence[_Whole], here: Sequence[_Whole], part: Quantity | None) -> _Whole | None:
    """The nearest preceding whole (this sentence's, then the paragraph's earlier ones),
    preferring one counted in the part's classifier."""
    candidates = [*reversed(here), *reversed(earlier)]
    if part is not None:
        same = next((w for w in candidates if w.quantity.unit == part.unit), None)
        if same is not None:
            return same
    return candidates[0] if candidates else None


def _clause_start(text: str, position: int) -> int:
    """The clause holding the part starts after the break before it: 「…，其中…73 人，占比 70%以上」."""
    window = max(0, position - 200)
    breaks = [m.end() for m in _CLAUSE_START.finditer(text, window, position)]
    return breaks[-1] if breaks else window

"""The relations a written report states between its figures, wherever they stand: a whole and its
parts, a budget, its spending and what is left, a rate between two amounts, a change and its percentage.

Published reports state their arithmetic in sentences (RULES.md, last section):
「共投入资金406.5万元，其中中央投入资金279万元（奖励扶助资金81万元，特别扶助161万元）」,
「实际下达预算2596万元，全年实际总支出2595.6208万元，项目预算执行率99%」,
「收入792.22万元，同比增加189.25万元，增加31.39%」. This module reads such relations, one
sentence at a time, each figure with its unit, its printed precision and its characters, and
hands them to the statement rules (F009–F011, P003) — which check them whether or not the
report's department, year or project list was found.

Precision first: a relation is read only when the sentence ties its figures together beyond
doubt; anything else is skipped, never guessed —

* a whole is the amount right before 「其中」 (only punctuation between: 「406.5万元，其中…」),
  or, before a list stated complete (「分别为」「具体为」「分别用于」), the nearest amount
  called a total (共/合计/总计 …) earlier in the same sentence;
* the parts are the amounts after the trigger at the same bracket depth, each with a label
  that is no clause about money (结余, 合计, 同比 …): the first such clause ends the list;
  amounts in brackets after a part are that part's own parts (nested, read the same way);
* a budget, its spending and its balance are read only where the sentence names exactly one
  of each by the words before it (预算/下达/到位…, 支出/执行…, 结余/结转/剩余…);
* a rate only with exactly one amount of each role it relates; a change only as
  「T，同比增加/减少X，增长/下降Y%」 with T right before 同比.

Money is added up only as money (元/万元/亿元, converted exactly): counts of people under
「其中」 overlap and nest and are never summed (their shares are P001's). A figure written
with 约/近/余/多 is approximate and never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditor.model import Statement, StatedFigure
from auditor.parsing.quantities import NUMBER, Quantity, amounts_in, counts_in, iter_amounts, parse_number
from auditor.readers.narrative.sentences import Sentence

#: Statements read from one report: more than any real report states (a bound on work and memory).
MAX_STATEMENTS = 2_000
#: Parts of one whole: more than any real list.
MAX_PARTS = 50

_PARTS_TRIGGER = re.compile(r"其中\s*[:：]?|(?P<complete>分别为|分别是|具体为|具体是|分别用于|具体用于)\s*[:：]?")
#: Between a whole and 「其中」: punctuation only.
_ADJACENT = re.compile(r"^[\s，,、：:；;（(]*$")
#: A whole stated as a total, for a complete list whose total stands further back: 「共投入资金60万元」.
_TOTAL_WORD = re.compile(r"(?:共|合计|总计|总额|共计|累计|总共|一共|总投入|总投资)[^，,。；;、\d]{0,10}$")
#: A part's label that makes it no part: a clause about the whole, another sum, a change.
_NOT_A_PART = re.compile(
    r"结余|余额|剩余|结转|合计|共计|总计|总额|累计|同比|较上年|比上年|增长|增加|减少|下降|其中|分别|占|平均|人均|超支|缺口"
    r"|已|目前|尚|均|拨付|到位|完成"  # a clause about what became of the money (「目前项目资金已拨付270万元」)
)
#: A count of parts a sentence states before its list: 「用于两个项目」「3项」.
_PART_COUNT = re.compile(rf"(?P<n>{NUMBER})\s*(?:个|项|类|笔|部分|方面)")
_SEPARATORS = "、，,；;：:和及与以及"

#: Words before an amount that give it a role in budget − spending = balance, checked in this order.
_ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("balance", re.compile(r"(?:结余|结转|剩余|余额|未使用|尚未支出)[^，,。；;\d]{0,6}$")),
    ("spending", re.compile(r"(?:支出|执行|使用|完成支出|开支|支付|拨付)[^，,。；;\d]{0,6}$")),
    ("budget", re.compile(r"(?:预算|下达|到位|收到|安排|批复|拨入|争取)[^，,。；;\d]{0,8}$")),
)
#: How far before an amount its role word may stand.
_ROLE_WINDOW = 14
_RATE = re.compile(
    r"(?P<name>执行率|支出率|使用率|到位率)\s*(?:为|达|达到|是|:|：)?\s*(?P<number>\d+(?:\.\d+)?)\s*%"
)
#: Which two roles each rate relates: numerator / denominator.
_RATE_ROLES = {"执行率": ("spending", "budget"), "支出率": ("spending", "budget"), "使用率": ("spending", "budget"), "到位率": ("arrived", "assigned")}
_ARRIVED = re.compile(r"到位[^，,。；;\d]{0,6}$")
_ASSIGNED = re.compile(r"(?:预算|下达|安排|批复|计划)[^，,。；;\d]{0,8}$")

_CHANGE = re.compile(r"(?:同比|较上年|比上年|较去年|比去年)\s*(?P<direction>增加|增长|减少|下降|上升|降低)\s*(?:了)?\s*")
_CHANGE_PERCENT = re.compile(
    r"\s*[，,]?\s*(?P<word>增长|增加|增幅|上升|减少|下降|降幅|降低)\s*(?:为|了|达)?\s*(?P<number>\d+(?:\.\d+)?)\s*%"
)
_INCREASE = ("增加", "增长", "上升", "增幅")


#: An amount the project extraction read: its paragraph, its sentence's words, where it starts.
Consumed = set[tuple[int, str, int]]


def read_statements(
    sentences: Sequence[Sentence], consumed: Consumed, project_of: Mapping[int, str | None] | None = None
) -> list[Statement]:
    """Every relation the report's sentences state, in order; ``consumed`` holds the amounts the
    project extraction already read, whose relations the project rules check (F001, F002, F003,
    F004, B001) — a relation resting on one of them is left out, so that a contradiction is
    reported once. ``project_of`` names the project a paragraph is about, where one is."""
    project_of = project_of or {}
    found: list[Statement] = []
    for sentence in sentences:
        if len(found) >= MAX_STATEMENTS:
            break
        for statement, figures in _sentence_statements(sentence, sentences):
            if any((statement_paragraph, text, q.start) in consumed for statement_paragraph, text, q in figures):
                continue
            project = project_of.get(sentence.paragraph)
            found.append(statement.model_copy(update={"project": project}) if project else statement)
    return found[:MAX_STATEMENTS]


def listed_money(sentences: Sequence[Sentence]) -> Iterator[list[tuple[StatedFigure, str]]]:
    """Every list of money parts the sentences state (at every level, whether or not a project rule
    checks it), each figure with how a finding cites it: the lists D007 looks for a figure in another
    unit than its siblings in."""
    for sentence in sentences:
        if not any(True for _ in iter_amounts(sentence.norm)):
            continue
        amounts = amounts_in(sentence.norm)
        for statement, _ in _parts(sentence, amounts, sentences):
            yield [(part, sentence.location_of(part.start, part.end)) for part in statement.parts]


#: The amounts a statement rests on: each with its paragraph and sentence words (to match ``Consumed``).
_Resting = list[tuple[int, str, Quantity]]


def _sentence_statements(sentence: Sentence, sentences: Sequence[Sentence]) -> Iterator[tuple[Statement, _Resting]]:
    amounts = [q for q in amounts_in(sentence.norm)]
    found: list[tuple[Statement, list[tuple[Sentence, Quantity]]]] = []
    if amounts:
        found += _parts(sentence, amounts, sentences)
        found += [(s, [(sentence, q) for q in qs]) for s, qs in _spending(sentence, amounts)]
        found += [(s, [(sentence, q) for q in qs]) for s, qs in _rates(sentence, amounts)]
    found += [(s, [(sentence, q) for q in qs]) for s, qs in _changes(sentence)]
    for statement, resting in found:
        yield statement, [(where.paragraph, where.text, q) for where, q in resting]


# --- figures ------------------------------------------------------------------------------------


def figure(sentence: Sentence, quantity: Quantity) -> StatedFigure:
    """A quantity as a stated figure: its printed precision is its last written digit's unit."""
    words = sentence.text[quantity.start:quantity.end]
    return StatedFigure(
        value=quantity.value,
        unit=quantity.unit,
        precision=_precision(sentence.norm[quantity.start:quantity.end]) * quantity.multiplier,
        text=words.strip(),
        paragraph=sentence.paragraph,
        start=quantity.start,
        end=quantity.end,
    )


_ARABIC = re.compile(r"\d[\d,]*(?:\.(?P<decimals>\d+))?")


def _precision(words: str) -> Decimal:
    """The unit of the last digit written: 7.79 → 0.01, 1000 → 1, a Chinese numeral → 1."""
    match = _ARABIC.search(words)
    if match is None or match.group("decimals") is None:
        return Decimal(1)
    return Decimal(1).scaleb(-len(match.group("decimals")))


def _percent_figure(sentence: Sentence, start: int, end: int, number: str) -> StatedFigure | None:
    value = parse_number(number)
    if value is None:
        return None
    return StatedFigure(
        value=value, unit="%", precision=_precision(number), text=sentence.text[start:end].strip(),
        paragraph=sentence.paragraph, start=start, end=end,
    )


def _exact(quantities: Sequence[Quantity]) -> bool:
    return not any(q.approximate for q in quantities)


# --- a whole and its parts ------------------------------------------------------------------------


@dataclass
class _Part:
    quantity: Quantity
    label: str
    children: list[Quantity]


def _parts(
    sentence: Sentence, amounts: list[Quantity], sentences: Sequence[Sentence]
) -> Iterator[tuple[Statement, list[tuple[Sentence, Quantity]]]]:
    text = sentence.norm
    for trigger in _PARTS_TRIGGER.finditer(text):
        complete_by = trigger.group("complete")
        whole = _whole_before(sentence, amounts, trigger.start(), complete_by is not None, sentences)
        if whole is None:
            continue
        whole_sentence, whole_quantity = whole
        parts = _list_after(text, amounts, trigger.end())
        if not parts:
            continue
        quantities = [whole_quantity, *(p.quantity for p in parts), *(c for p in parts for c in p.children)]
        if not _exact(quantities):
            continue
        if complete_by is None:
            stated = _stated_count(text[: trigger.start()])
            if stated is not None and stated == len(parts):
                complete_by = _count_words(text, trigger.start())
        first = whole_quantity.start if whole_sentence is sentence else parts[0].quantity.start
        statement = Statement(
            kind="parts",
            location=sentence.location_of(first, parts[-1].quantity.end),
            subject=_label_before(whole_sentence.norm, whole_quantity.start) or None,
            whole=figure(whole_sentence, whole_quantity),
            parts=[figure(sentence, p.quantity) for p in parts],
            complete=complete_by is not None,
            complete_by=complete_by,
        )
        yield statement, [(whole_sentence, whole_quantity), *((sentence, q) for q in quantities[1:])]
        for part in parts:  # 「中央投入资金279万元（奖励扶助资金81万元，特别扶助161万元）」
            if part.children:
                nested = Statement(
                    kind="parts",
                    location=sentence.location_of(part.quantity.start, part.children[-1].end),
                    subject=part.label or None,
                    whole=figure(sentence, part.quantity),
                    parts=[figure(sentence, child) for child in part.children],
                )
                yield nested, [(sentence, q) for q in (part.quantity, *part.children)]


def _whole_before(
    sentence: Sentence, amounts: list[Quantity], at: int, complete: bool, sentences: Sequence[Sentence]
) -> tuple[Sentence, Quantity] | None:
    """The whole a list is the parts of: the amount right before the trigger; for a complete list, the
    nearest amount called a total earlier in the sentence; for 「其中」 opening a sentence, the amount
    that ends the sentence before it in the same paragraph (「…经费1114.36万元。其中：…」)."""
    before = [q for q in amounts if q.end <= at]
    if before and _ADJACENT.match(sentence.norm[before[-1].end:at]):
        return sentence, before[-1]
    if complete:
        for quantity in reversed(before):
            if _TOTAL_WORD.search(sentence.norm[max(0, quantity.start - 14):quantity.start]):
                return sentence, quantity
        return None
    if not before and not sentence.norm[:at].strip():
        previous = next((s for s in reversed(sentences) if s.paragraph == sentence.paragraph and s.index == sentence.index - 1), None)
        if previous is not None:
            last = amounts_in(previous.norm)
            if last and not previous.norm[last[-1].end:].strip(" 。.，,"):
                return previous, last[-1]
    return None


def _list_after(text: str, amounts: list[Quantity], start: int) -> list[_Part]:
    """The amounts listed after a trigger, up to the sentence's end or the first clause that is no part."""
    parts: list[_Part] = []
    position, depth = start, 0  # brackets opened since the trigger (counted incrementally: linear)
    for quantity in (q for q in amounts if q.start >= start):
        between = text[position:quantity.start]
        depth += _depth(text, position, quantity.start)
        if depth > 0:  # inside brackets after a part: that part's own parts
            if not parts or "。" in between:
                break
            parts[-1].children.append(quantity)
            position = quantity.end
            if len(parts[-1].children) > MAX_PARTS:
                return []
            continue
        if depth < 0:  # a bracket closed that opened before the trigger: the list was inside it
            break
        label = _label(between)
        if label is None or _NOT_A_PART.search(between):
            break
        parts.append(_Part(quantity, label, []))
        position = quantity.end
        if len(parts) > MAX_PARTS:
            return []
    for part in parts:  # brackets that hold one amount restate it (「279万元（含81万元）」): no list
        if len(part.children) == 1:
            part.children.clear()
    return parts


def _depth(text: str, start: int, end: int) -> int:
    window = text[start:end]
    return sum(window.count(c) for c in "（([【") - sum(window.count(c) for c in "）)]】")


def _label(between: str) -> str | None:
    """What a part is called (the words before its amount), or None when the words are no label
    (a sentence break, a second sentence's subject)."""
    if "。" in between or "！" in between or "？" in between:
        return None
    label = between.strip().lstrip(_SEPARATORS).strip().rstrip("为是共计达")
    label = label.strip("（）() ")
    return label if len(label) <= 40 else None


def _label_before(text: str, at: int) -> str:
    """The words naming an amount: back to the previous clause break."""
    start = max((m.end() for m in re.finditer(r"[，,；;。：:（(]", text[:at])), default=0)
    return text[start:at].strip()[-30:]


def _stated_count(text: str) -> int | None:
    """A count of parts the sentence states before its list (「用于两个项目」), when exactly one."""
    found = [parse_number(m.group("n")) for m in _PART_COUNT.finditer(text)]
    found = [f for f in found if f is not None]
    if len(found) != 1 or found[0] != found[0].to_integral_value():
        return None
    return int(found[0])


def _count_words(text: str, at: int) -> str:
    match = list(_PART_COUNT.finditer(text[:at]))
    return match[-1].group(0) if match else ""


# --- budget − spending = balance ------------------------------------------------------------------


def _role(text: str, quantity: Quantity, previous_end: int) -> str | None:
    window = text[max(previous_end, quantity.start - _ROLE_WINDOW):quantity.start]
    return next((role for role, words in _ROLE_WORDS if words.search(window)), None)


def _roles(text: str, amounts: list[Quantity]) -> dict[str, list[Quantity]]:
    roles: dict[str, list[Quantity]] = {}
    previous = 0
    for quantity in amounts:
        role = _role(text, quantity, previous)
        if role is not None:
            roles.setdefault(role, []).append(quantity)
        previous = quantity.end
    return roles


def _spending(sentence: Sentence, amounts: list[Quantity]) -> Iterator[tuple[Statement, list[Quantity]]]:
    roles = _roles(sentence.norm, amounts)
    chosen = [roles.get(role, []) for role in ("budget", "spending", "balance")]
    if any(len(found) != 1 for found in chosen):
        return  # none, or more than one of a role: which is meant is a guess
    budget, spending, balance = (found[0] for found in chosen)
    if not (budget.start < spending.start < balance.start) or not _exact([budget, spending, balance]):
        return
    yield (
        Statement(
            kind="spending",
            location=sentence.location_of(budget.start, balance.end),
            subject=None,
            budget=figure(sentence, budget),
            spending=figure(sentence, spending),
            balance=figure(sentence, balance),
        ),
        [budget, spending, balance],
    )


def _rates(sentence: Sentence, amounts: list[Quantity]) -> Iterator[tuple[Statement, list[Quantity]]]:
    text = sentence.norm
    for match in _RATE.finditer(text):
        numerator_role, denominator_role = _RATE_ROLES[match.group("name")]
        if numerator_role == "arrived":
            numerators = [q for q in amounts if _ARRIVED.search(text[max(0, q.start - _ROLE_WINDOW):q.start])]
            denominators = [q for q in amounts if _ASSIGNED.search(text[max(0, q.start - _ROLE_WINDOW):q.start]) and q not in numerators]
        else:
            roles = _roles(text, [q for q in amounts if q.end <= match.start()])
            numerators, denominators = roles.get(numerator_role, []), roles.get(denominator_role, [])
        if len(numerators) != 1 or len(denominators) != 1 or not _exact([*numerators, *denominators]):
            continue
        rate = _percent_figure(sentence, match.start("number"), match.end(), match.group("number"))
        if rate is None or denominators[0].value == 0:
            continue
        yield (
            Statement(
                kind="rate",
                location=sentence.location_of(min(numerators[0].start, denominators[0].start), match.end()),
                rate=rate,
                rate_name=match.group("name"),
                numerator=figure(sentence, numerators[0]),
                denominator=figure(sentence, denominators[0]),
            ),
            [*numerators, *denominators],
        )


# --- changes --------------------------------------------------------------------------------------


def _changes(sentence: Sentence) -> Iterator[tuple[Statement, list[Quantity]]]:
    text = sentence.norm
    for match in _CHANGE.finditer(text):
        current = _figure_before(text, match.start())
        change = _figure_at(text, match.end())
        if current is None or change is None:
            continue
        percent = _CHANGE_PERCENT.match(text, change.end)
        if percent is None:
            continue
        decrease = match.group("direction") not in _INCREASE
        if (percent.group("word") not in _INCREASE) != decrease:
            continue  # 「同比增加…，下降5%」: not one change
        if not _same_kind(current, change) or not _exact([current, change]):
            continue
        rate = _percent_figure(sentence, percent.start("number"), percent.end(), percent.group("number"))
        if rate is None:
            continue
        yield (
            Statement(
                kind="change",
                location=sentence.location_of(current.start, percent.end()),
                subject=_label_before(text, current.start) or None,
                current=figure(sentence, current),
                change=figure(sentence, change),
                percent=rate,
                decrease=decrease,
            ),
            [current, change],
        )


def _figure_before(text: str, at: int) -> Quantity | None:
    """The money amount or count right before 「同比」 (only punctuation between)."""
    found = [q for q in (*amounts_in(text, 0, at), *counts_in(text, 0, at)) if _ADJACENT.match(text[q.end:at])]
    return max(found, key=lambda q: q.end) if found else None


def _figure_at(text: str, at: int) -> Quantity | None:
    """The amount or count that starts right at ``at`` (after 「同比增加」)."""
    for found in (amounts_in(text, at, at + 40), counts_in(text, at, at + 40)):
        if found and found[0].start == at:
            return found[0]
    return None


def _same_kind(one: Quantity, other: Quantity) -> bool:
    """Both money, or both counts of the same thing (a change in 万元 of a figure in 人 is no change)."""
    money = ("元", "万元", "亿元")
    return (one.unit in money and other.unit in money) or one.unit == other.unit

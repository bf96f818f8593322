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
from auditor.parsing.quantities import NUMBER, Quantity, amounts_in, counts_in, parse_number
from auditor.readers.narrative.funds_text import FUNDING_OR_CLASS
from auditor.readers.narrative.sentences import Sentence, passage_location

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
    r"|中用于|之中|当中|其余|上述|以上"  # a part of a part already listed (「财政资金中用于设备60万元」)
)
#: A part's label that names another role of the money — what was spent, executed, budgeted — rather
#: than one more part of it: 「其中中央资金300万元，省级资金200万元；实际支出480万元」 ends before 480.
#: (Classes such as 基本支出 and 项目支出 are parts: see ``FUNDING_OR_CLASS``.)
_ANOTHER_ROLE = re.compile(r"支出|执行|预算|下达|安排|实际|年末|年初|全年|累计|当年|截至|收入|总投资|完成投资")
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
    for index, sentence in enumerate(sentences):
        if len(found) >= MAX_STATEMENTS:
            break
        for statement, figures in _sentence_statements(sentences, index):
            if any((statement_paragraph, text, q.start) in consumed for statement_paragraph, text, q in figures):
                continue
            project = project_of.get(sentence.paragraph)
            found.append(statement.model_copy(update={"project": project}) if project else statement)
    return found[:MAX_STATEMENTS]


def listed_money(sentences: Sequence[Sentence]) -> Iterator[list[tuple[StatedFigure, str]]]:
    """Every list of money parts the sentences state (at every level, whether or not a project rule
    checks it), each figure with how a finding cites it: the lists D007 looks for a figure in another
    unit than its siblings in."""
    for index, sentence in enumerate(sentences):
        for statement, resting in _parts(sentences, index, amounts_in(sentence.norm)):
            where = resting[1:1 + len(statement.parts)]  # the whole comes first, then each part
            yield [(part, s.location_of(part.start, part.end)) for part, (s, _) in zip(statement.parts, where)]


#: The amounts a statement rests on: each with its paragraph and sentence words (to match ``Consumed``).
_Resting = list[tuple[int, str, Quantity]]


def _sentence_statements(sentences: Sequence[Sentence], index: int) -> Iterator[tuple[Statement, _Resting]]:
    sentence = sentences[index]
    amounts = [q for q in amounts_in(sentence.norm)]
    # A list may open here without an amount (「分别用于：」) and stand on the next lines.
    found: list[tuple[Statement, list[tuple[Sentence, Quantity]]]] = list(_parts(sentences, index, amounts))
    if amounts:
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


def _exact(quantities: Sequence[Quantity], text: str = "") -> bool:
    """No figure approximate (约/近/余/多), and none signed in ``text`` (「结余-5万元」: the reader reads
    amounts without a sign, and a relation read with one sign lost would be a false alarm)."""
    return not any(q.approximate or (q.start > 0 and text[q.start - 1] in _MINUS) for q in quantities)


_MINUS = "-－−负"


# --- a whole and its parts ------------------------------------------------------------------------


@dataclass
class _Part:
    quantity: Quantity
    label: str
    children: list[Quantity]


def _parts(
    sentences: Sequence[Sentence], index: int, amounts: list[Quantity]
) -> Iterator[tuple[Statement, list[tuple[Sentence, Quantity]]]]:
    sentence = sentences[index]
    text = sentence.norm
    for trigger in _PARTS_TRIGGER.finditer(text):
        complete_by = trigger.group("complete")
        whole = _whole_before(sentences, index, amounts, trigger.start(), complete_by is not None)
        if whole is None:
            continue
        whole_sentence, whole_quantity = whole
        cut = [False]
        parts = _list_after(text, amounts, trigger.end(), cut)
        if cut[0]:
            complete_by = None  # the list may go on past the clause it was cut at: a shortfall is no finding
        where = [sentence] * len(parts)
        if _left_open(text, parts[-1].quantity.end if parts else trigger.end()):
            for continued, items in _continued(sentences, index):
                parts += items
                where += [continued] * len(items)
        if len(parts) < (1 if where and where[-1] is sentence else 2):
            continue
        quantities = [whole_quantity, *(p.quantity for p in parts), *(c for p in parts for c in p.children)]
        texts = [whole_sentence, *where, *(at for at, p in zip(where, parts) for _ in p.children)]
        if not all(_exact([q], at.norm) for q, at in zip(quantities, texts)):
            continue
        if complete_by is None:
            stated = _stated_count(text[: trigger.start()])
            if stated is not None and stated == len(parts):
                complete_by = _count_words(text, trigger.start())
        first = whole_quantity.start if whole_sentence is sentence else parts[0].quantity.start
        last = where[-1]
        location = (
            sentence.location_of(first, parts[-1].quantity.end) if last is sentence and whole_sentence is sentence
            else passage_location(whole_sentence, last)
        )
        statement = Statement(
            kind="parts",
            location=location,
            subject=_label_before(whole_sentence.norm, whole_quantity.start) or None,
            whole=figure(whole_sentence, whole_quantity),
            parts=[figure(at, p.quantity) for at, p in zip(where, parts)],
            complete=complete_by is not None,
            complete_by=complete_by,
        )
        resting = [(whole_sentence, whole_quantity), *zip(where, (p.quantity for p in parts))]
        resting += [(at, child) for at, p in zip(where, parts) for child in p.children]
        yield statement, resting
        for at, part in zip(where, parts):  # 「中央投入资金279万元（奖励扶助资金81万元，特别扶助161万元）」
            if part.children:
                nested = Statement(
                    kind="parts",
                    location=at.location_of(part.quantity.start, part.children[-1].end),
                    subject=part.label or None,
                    whole=figure(at, part.quantity),
                    parts=[figure(at, child) for child in part.children],
                )
                yield nested, [(at, q) for q in (part.quantity, *part.children)]


#: How many lines a list opened by 「其中：」「分别用于：」 may continue on.
MAX_CONTINUATION = 20
#: What a line (or sentence) ends with when the list it holds goes on: a comma, 、, ；, ：, or nothing.
_OPEN_END = re.compile(r"[\s，,、；;：:]*$")
#: A list item's label that is a clause of its own, not one more part: the line after a list
#: (「全年实际支出858.6万元」) is no item of it.
_NOT_AN_ITEM = re.compile(r"预算|下达|支出|执行|结余|结转|余额|到位|拨付|安排|收到|剩余|合计|共计|总计|实际|全年|年初|年末")


def _left_open(text: str, after: int) -> bool:
    """Whether a sentence's list goes on past its end: nothing but a continuing mark after its last
    item (「分别用于：」, 「…612万元，」 at the end of a line)."""
    return bool(_OPEN_END.fullmatch(text, after)) and not text.rstrip().endswith(("。", "！", "？", "!", "?"))


def _continued(sentences: Sequence[Sentence], index: int) -> Iterator[tuple[Sentence, list[_Part]]]:
    """The items of a list continued after ``sentences[index]``: each following sentence (or line)
    that holds nothing but items, up to one that ends the list (「。」) or holds anything else."""
    for following in sentences[index + 1:index + 1 + MAX_CONTINUATION]:
        amounts = amounts_in(following.norm)
        items = _list_after(following.norm, amounts, 0)
        if not items or len(items) != len(amounts) or any(p.children for p in items):
            return
        if any(_NOT_AN_ITEM.search(p.label) and not FUNDING_OR_CLASS.match(p.label) for p in items) or not _OPEN_END.fullmatch(following.norm.rstrip("。"), items[-1].quantity.end):
            return
        yield following, items
        if not _left_open(following.norm, items[-1].quantity.end):
            return


def _whole_before(
    sentences: Sequence[Sentence], index: int, amounts: list[Quantity], at: int, complete: bool
) -> tuple[Sentence, Quantity] | None:
    """The whole a list is the parts of: the amount right before the trigger; for a complete list, the
    nearest amount called a total earlier in the sentence; for 「其中」 opening a sentence, the amount
    that ends the sentence before it in the same paragraph (「…经费1114.36万元。其中：…」)."""
    sentence = sentences[index]
    before = [q for q in amounts if q.end <= at]
    if before and _ADJACENT.match(sentence.norm[before[-1].end:at]):
        return sentence, before[-1]
    if complete:
        for quantity in reversed(before):
            if _TOTAL_WORD.search(sentence.norm[max(0, quantity.start - 14):quantity.start]):
                return sentence, quantity
        return None
    if not before and not sentence.norm[:at].strip() and index > 0:
        previous = sentences[index - 1]
        if previous.paragraph == sentence.paragraph:
            last = amounts_in(previous.norm)
            if last and not previous.norm[last[-1].end:].strip(" 。.，,"):
                return previous, last[-1]
    return None


def _list_after(text: str, amounts: list[Quantity], start: int, cut: list[bool] | None = None) -> list[_Part]:
    """The amounts listed after a trigger, up to the sentence's end or the first clause that is no part.
    ``cut[0]`` is set when the list ended at a clause naming another role of the money (「实际支出…」):
    it may be a part after all (「人员支出40万元」), so the list is then never taken as complete."""
    cut = cut if cut is not None else [False]
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
        if _ANOTHER_ROLE.search(label) and not FUNDING_OR_CLASS.match(label):
            cut[0] = True
            break  # 「…200万元；实际支出480万元」: the money's next clause, not one more part
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
    label = label.strip("（）() ").lstrip(_SEPARATORS).strip()  # 「…）、基本支出」 after a bracketed breakdown
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
    if not (budget.start < spending.start < balance.start) or not _exact([budget, spending, balance], sentence.norm):
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
        if len(numerators) != 1 or len(denominators) != 1 or not _exact([*numerators, *denominators], text):
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
        if not _same_kind(current, change) or not _exact([current, change], text):
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

"""Money a report states: the total, the project count, each project's amount and uses, balance claims.

The genre writes funds in a few fixed ways, all of which the seed shows:

- 「财政项目有3个，财政拨入经费1114.36万元。其中：送温暖资金1000万元、工会劳模（…）工作经费50万元、…64.36 万元」
  — a total, then a list of projects with their amounts after 其中/包括/分别为;
- 「送温暖资金用于开展…活动 50 万元；省领导慰问…60 万元；…」 — a project (often shortened)
  before 用于, then its uses, each ending in an amount, up to the end of the sentence;
- 「全部使用完毕，当年无余额」 — the zero-balance claim, or its negation (「尚有结余」);
- 「年初预算1000万元，全年支出998万元，结余2万元」 in a sentence about one project.

Only what matches is taken; an approximate amount (「约50万元」「50余万元」) is known to be
inexact and so leaves the value unknown rather than wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from auditor.parsing.quantities import (
    NUMBER,
    Quantity,
    amounts_in,
    in_unit,
    iter_amounts,
    normalize_keeping_offsets,
    parse_number,
)
from auditor.readers.narrative.evidence import Stated
from auditor.readers.narrative.project_names import (
    last_named_project,
    match_project,
    paragraph_projects,
    squeezed,
)
from auditor.readers.narrative.sentences import Sentence
from auditor.readers.narrative.tables_text import (
    ProjectTable,
    TableRow,
    read_project_tables,
)
from auditor.readers.value_ranges import amount_in_range, number_in_range

_LIST_TRIGGER = re.compile(r"(?:其中|分别为|分别是|包括|具体为|具体是|具体如下)\s*[:：]?")
#: 其中/包括… looked at for the project list: many more than any report writes before its list.
#: Each costs a search for the amount after it, so that a text of nothing but 「其中：」 took
#: ten seconds (found by fuzzing) before this bound.
MAX_LIST_TRIGGERS = 1_000
#: Between items: punctuation and conjunctions — but not the 和 of 和谐, the 及 of 及时 …
_ITEM_SEPARATORS = re.compile(r"^(?:[\s、，,；;：:]|以及|和(?![谐美睦平])|及(?![时格])|与(?![会])|另有|另外)+")
_NAME_TAIL = re.compile(r"(?:[\s:：]|预算数?|安排|下达|拨付|共计|合计|共|计|为|是|资金为|经费为)+$")
#: A list item naming where money came from or what class of spending it is rather than a project:
#: 「省级补助资金」「市级配套」「中央财政资金」「自筹资金」「基本支出」. Such a list is the parts of one sum (the
#: statement rules check it), not a project list.
FUNDING_OR_CLASS = re.compile(
    r"^(?:其中)?(?:中央|省|市|州|盟|县|区|旗|乡|镇|乡镇|本|上|地方|各级|财政|单位|社会)(?:级|本级)?(?:财政|政府)?"
    r"(?:补助|配套|拨款|投入|安排|下达|专项|转移支付|衔接|奖补)?(?:资金|经费|款)?$"
    r"|^(?:自筹|社会捐赠|捐赠|其他)(?:资金|经费|收入)?$"
    r"|^(?:中央|省级?|市级?)?预算内(?:投资|资金)$|^(?:地方)?(?:政府)?(?:专项)?债券(?:资金)?$|^(?:银行)?贷款$|^社会资本$"
    # the economic classes of a 部门整体 report's spending: 「支出500万元，其中基本支出300万元、项目支出200万元」
    r"|^(?:基本支出|项目支出|人员经费|公用经费|日常公用经费|工资福利支出|商品和服务支出|对个人和家庭的补助(?:支出)?"
    r"|资本性支出|财政拨款(?:收入|支出)?|(?:一般公共预算|政府性基金(?:预算)?|国有资本经营预算)(?:财政拨款)?(?:收入|支出|资金)?"
    r"|事业收入|经营收入|其他收入|上年结转(?:资金|收入)?|年初结转(?:和结余)?)$"
)
#: A phrase before an amount that is a clause about the money, not a project's name.
_NOT_A_NAME = re.compile(
    r"^(?:这些|上述|以上|合计|共计|总计|其中|均|全部|已|总额|年末|年初|当年|年底|尚|仍|实际|全年|累计|剩余|另|还)|.*(?:结余|余额)"
)
#: Words that make a phrase before an amount a clause about money, wherever they stand: 「目前项目资金已拨付
#: 270万元」 is no project called 「目前项目资金已」.
_CLAUSE_WORDS = re.compile(r"目前|已经|已|正在|尚|将|均|拨付|到位|支出|使用|完成|下达|结转|累计")
#: An item's further amounts: 「送温暖资金预算1000万元，支出998万元，结余2万元；…」.
_ITEM_FIELDS = (
    ("executed", re.compile(r"(?:全年|实际|累计|已)?(?:支出|执行数?|使用|完成支出)(?:金额|资金)?(?:为|了|共|达)?")),
    ("balance", re.compile(r"(?:年末|当年)?(?:结余|余额)(?:资金)?(?:为)?")),
    ("budget", re.compile(r"(?:年初|全年)?(?:预算数?|安排)(?:金额|资金)?(?:为)?")),
)
#: 「…，合计1050万元」 after the list: the total.
_TOTAL_AFTER = re.compile(r"(?:合计|共计|总计)(?:为)?$")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:]")
_TOTAL_WORDS = re.compile(r"经费|资金|拨款|拨入|预算|安排|合计|共计|总额|总计|下达")
_MAX_NAME = 60
#: More listed items than any department has projects: the list is not a project list.
MAX_PROJECTS = 200

_COUNT_PATTERNS = (
    re.compile(rf"项目(?:支出)?\s*(?:共有|共计|总计|合计|共|有|计)?\s*(?P<n>{NUMBER})\s*[个项]"),
    re.compile(rf"(?:共有|共计|总计|共|有|等|涉及|安排|实施)\s*(?P<n>{NUMBER})\s*[个项](?:财政|专项|部门|预算)*(?:支出)?项目"),
)

_USES_TRIGGER = re.compile(r"用于[:：]?|(?:使用|支出)情况(?:如下|分别为|为)?[:：]")
#: 「用于」 passages read in one report: more than any report has (a few per project, of at most
#: MAX_PROJECTS); the rest are not read, and a note says so. Each costs a look back for its
#: subject and a match against every project, so a text of nothing but 「用于」 took half a
#: minute before this bound.
MAX_USES = 2_000
_SUBJECT_STOP = "，,。；;：:"
_SUBJECT_TAIL = re.compile(r"(?:主要|分别|全部|均|已|重点|资金|经费|专项资金)*$")
_GENERIC_SUBJECT = re.compile(r"(?:该|本|此)?(?:项目|专项)?(?:资金|经费)?|(?:该|本|此)项目")
_NOT_A_USE = re.compile(r"^(?:人均|平均|每人|每户|每个|标准|合计|共计|总计|其中|累计)")

_ZERO_BALANCE = re.compile(
    r"全部(?:使用|支出|执行|拨付)完毕|(?:当年|年末|年底)?无(?:余额|结余)|(?<![有])没有(?:余额|结余)|已全部(?:使用|支出)"
)
_ZERO_BALANCE_AMOUNT = re.compile(r"(?:结余|余额)(?:资金)?为?\s*(?:0|零)(?:\.0+)?\s*(?:万?元)?(?![.\d])")
_BALANCE_LEFT = re.compile(
    r"(?:未|没有|尚未|并未|并非)(?:全部)?(?:使用|支出|执行)完毕|(?<![没无])(?:尚有|仍有|还有|存在|有)(?:少量)?(?:余额|结余)|并非无(?:余额|结余)"
)
_PROJECT_AMOUNTS = (
    ("executed", re.compile(r"(?:全年|实际|累计|已|共)?(?:支出|执行数?|完成支出|使用资金)(?:金额|资金)?\s*(?:为|了|共|合计|达)?\s*$")),
    ("budget", re.compile(r"(?:年初|全年)?(?:预算数?|批复|安排资金|下达资金)(?:金额|资金)?\s*(?:为|共|合计)?\s*$")),
    ("balance", re.compile(r"(?:结余|余额)(?:资金)?\s*(?:为|共)?\s*$")),
)


@dataclass
class ListedProject:
    """A project as the funds passages state it."""

    name: Stated
    budget: Stated | None = None
    executed: Stated | None = None
    balance: Stated | None = None
    uses: list[tuple[Stated, Stated | None]] = field(default_factory=list)  # (purpose, amount or None)


@dataclass
class FundsText:
    """Everything about money the report states."""

    unit: str = "万元"
    total: Stated | None = None
    project_count: Stated | None = None
    projects: list[ListedProject] = field(default_factory=list)
    balance_claim: Stated | None = None
    notes: list[str] = field(default_factory=list)
    #: The project each paragraph is about (by number), None where it is about none or several.
    project_of: dict[int, str | None] = field(default_factory=dict)


def read_funds(
    sentences: Sequence[Sentence], unit: str, headings: set[int], tables: Sequence[Sequence[TableRow]] = (),
    project_lists: bool = True,
) -> FundsText:
    """The funds facts of a report, from its sentences in order (``headings``: heading paragraph
    numbers; ``tables``: its tables, row by row). Without ``project_lists`` (a report whose title
    names its one project) no 「其中」 list is read as a list of projects: its lists are the parts
    of that project's money, which the statement rules check."""
    funds = FundsText(unit=unit)
    table = read_project_tables(tables, unit)
    consumed: _Consumed = set()
    listing = _find_project_list(sentences, unit, funds.notes) if project_lists else None
    if listing is not None:
        sentence, trigger_at, projects = listing
        funds.projects = projects
        for project in projects:
            for stated in (project.budget, project.executed, project.balance):
                if stated is not None:
                    _consume(consumed, stated)
        funds.total = _total_before(sentences, sentence, trigger_at, unit) or _total_after(sentence, projects, unit)
        if funds.total is not None:
            _consume(consumed, funds.total)
    else:
        funds.projects = _section_projects(sentences, headings) or _named_project(sentences)
    if table is not None:
        _merge_table(funds, table)
    funds.project_count = _project_count(sentences)
    names = [str(p.name.value) for p in funds.projects]
    by_name = {str(p.name.value): p for p in funds.projects}
    project_of = paragraph_projects(_paragraph_texts(sentences, headings), names)
    if len(names) == 1:
        # A report on one project: every paragraph that names no other is about it.
        project_of = {number: names[0] for number in project_of}
    funds.project_of = project_of
    room = MAX_USES  # 「用于」 passages still to be read
    for sentence in sentences:
        triggers = list(islice(_USES_TRIGGER.finditer(sentence.norm), room + 1))
        if len(triggers) > room:
            del triggers[room:]
            if room >= 0:
                funds.notes.insert(0, f"报告中的「用于」超过 {MAX_USES} 处，只读取了前 {MAX_USES} 处")
                room = -1  # noted; from here on nothing more is read
        else:
            room -= len(triggers)
        for name, uses in _uses_in(sentence, triggers, names, unit, project_of.get(sentence.paragraph)):
            project = by_name[name]  # type: ignore[index]
            if project.uses:
                funds.notes.append(f"「{name}」的资金用途在第{sentence.paragraph}段再次出现，只取第一次所述")
                continue
            project.uses = uses
            for _, amount in uses:
                if amount is not None:
                    _consume(consumed, amount)
    if funds.total is None and listing is None and funds.project_count is not None:
        # A total not tied to a list of projects is about them only where the report says how many
        # projects it has and names exactly that many: else 「资金合计2330.90万元」 may be one source's
        # part, or another year's, and comparing it with the projects found would be a guess.
        if funds.project_count.value == len(funds.projects):
            funds.total = _stated_total(sentences, unit)
    for sentence in sentences:
        _project_amounts(sentence, project_of.get(sentence.paragraph), by_name, consumed, unit)
    funds.balance_claim = _balance_claim(sentences, consumed)
    return funds


#: Amounts already read as a project's budget or a use: (paragraph, sentence, start).
_Consumed = set[tuple[int, int, int]]


def _consume(consumed: _Consumed, stated: Stated) -> None:
    consumed.add((stated.sentence.paragraph, stated.sentence.index, stated.start))


def _is_consumed(consumed: _Consumed, sentence: Sentence, quantity: Quantity) -> bool:
    return (sentence.paragraph, sentence.index, quantity.start) in consumed


def _amount(quantity: Quantity, sentence: Sentence, unit: str) -> Stated | None:
    """The amount in the report's unit; unknown when approximate or out of any budget's range."""
    if quantity.approximate or not amount_in_range(quantity.value, quantity.unit):
        return None
    return Stated(in_unit(quantity, unit), sentence, quantity.start, quantity.end)


def _find_project_list(
    sentences: Sequence[Sentence], unit: str, notes: list[str]
) -> tuple[Sentence, int, list[ListedProject]] | None:
    """The first 其中/包括/分别为 list of at least two named amounts, with its sentence and trigger
    position; only the first MAX_LIST_TRIGGERS triggers are looked at (a note says so)."""
    room = MAX_LIST_TRIGGERS
    for sentence in sentences:
        for trigger in _LIST_TRIGGER.finditer(sentence.norm):
            if room == 0:
                notes.append(f"报告中的「其中」「包括」等超过 {MAX_LIST_TRIGGERS} 处，只在前 {MAX_LIST_TRIGGERS} 处寻找项目清单")
                return None
            room -= 1
            items = _named_amounts(sentence, trigger.end(), len(sentence.norm), unit)
            if len(items) >= 2 and len({squeezed(str(i.name.value)) for i in items}) == len(items):
                if any(FUNDING_OR_CLASS.match(squeezed(str(i.name.value))) for i in items):
                    continue  # where the money came from (中央/省级/市级…资金), not projects: a statement's parts
                return sentence, trigger.start(), items
    return None


def _named_amounts(sentence: Sentence, start: int, end: int, unit: str) -> list[ListedProject]:
    """The items of a list: a name before each amount; a field word instead of a name
    (「，支出998万元」) gives the item before it another amount."""
    items: list[ListedProject] = []
    position = start
    while len(items) <= MAX_PROJECTS:  # one past the limit rejects the list
        # The next item's amount is at most a name's length further (which also bounds the work).
        quantity = next(iter_amounts(sentence.norm, position, min(end, position + 2 * _MAX_NAME + 30)), None)
        if quantity is None:
            break
        raw = sentence.norm[position:quantity.start]
        lead = _ITEM_SEPARATORS.match(raw)
        name_start = position + (lead.end() if lead else 0)
        name_text = sentence.norm[name_start:quantity.start]
        tail = _NAME_TAIL.search(name_text)
        name_end = name_start + (tail.start() if tail else len(name_text))
        name = sentence.text[name_start:name_end].strip()
        field_name = _item_field(sentence.norm[name_start:quantity.start]) if items else None
        if field_name == "balance" and items[-1].executed is None:
            break  # 「…B 50万元，年末结余5万元」: the department's balance, not B's
        if field_name is not None:
            if getattr(items[-1], field_name) is None:
                setattr(items[-1], field_name, _amount(quantity, sentence, unit))
            position = quantity.end
            continue
        if (
            not name or _CLAUSE_BREAK.search(name) or _NOT_A_NAME.match(name) or _CLAUSE_WORDS.search(name)
            or len(name) > _MAX_NAME or not _balanced(name)
        ):
            break
        budget = _amount(quantity, sentence, unit)
        items.append(ListedProject(name=Stated(name, sentence, name_start, name_end), budget=budget))
        position = quantity.end
    return items if len(items) <= MAX_PROJECTS else []


def _item_field(words: str) -> str | None:
    """Which amount of a listed project the words before an amount name, if they name one."""
    stripped = words.strip()
    return next((name for name, pattern in _ITEM_FIELDS if pattern.fullmatch(stripped)), None)


def _total_after(sentence: Sentence, items: list[ListedProject], unit: str) -> Stated | None:
    """「…，合计1050万元」 right after the last item."""
    last = items[-1].budget
    if last is None:
        return None
    following = next(iter_amounts(sentence.norm, last.end, min(len(sentence.norm), last.end + 20)), None)
    if following is None or not _TOTAL_AFTER.search(sentence.norm[last.end:following.start].strip(" ，,；;")):
        return None
    return _amount(following, sentence, unit)


def _balanced(name: str) -> bool:
    """Every bracket in ``name`` closed, none closed before it opens (a name cut mid-bracket is no name)."""
    depth = 0
    for ch in name:
        depth += (ch in "（(【[《") - (ch in "）)】]》")
        if depth < 0:
            return False
    return depth == 0


def _total_before(sentences: Sequence[Sentence], listing: Sentence, trigger_at: int, unit: str) -> Stated | None:
    """The amount stated just before the project list, in the same paragraph, if it reads as a total."""
    same_paragraph = [s for s in sentences if s.paragraph == listing.paragraph and s.index <= listing.index]
    for sentence in reversed(same_paragraph):
        end = trigger_at if sentence is listing else len(sentence.norm)
        found = [q for q in amounts_in(sentence.norm, 0, end)]
        if found:
            last = found[-1]
            if _TOTAL_WORDS.search(sentence.norm, 0, last.start):
                return _amount(last, sentence, unit)
            return None
    return None


def _project_count(sentences: Sequence[Sentence]) -> Stated | None:
    for sentence in sentences:
        for pattern in _COUNT_PATTERNS:
            match = pattern.search(sentence.norm)
            if match:
                value = parse_number(match.group("n"))
                if value is not None and value == value.to_integral_value() and number_in_range(value):
                    return Stated(int(value), sentence, match.start("n"), match.end())
    return None


def _uses_in(
    sentence: Sentence, triggers: Sequence[re.Match[str]], names: Sequence[str], unit: str, paragraph_project: str | None
) -> list[tuple[str, list[tuple[Stated, Stated | None]]]]:
    """Each 「<project>用于 … X万元；… Y万元」 passage in a sentence, as (project, [(purpose, amount)]),
    for the ``triggers`` (matches of ``_USES_TRIGGER``) of the sentence.

    「资金主要用于…」「该项目用于…」 (no name before 用于) are the uses of the project the
    paragraph or its section is about.
    """
    passages: list[tuple[str, int]] = []  # (project, position after 用于)
    boundaries: list[int] = []
    for trigger in triggers:
        subject_start = _subject_start(sentence.norm, trigger.start())
        subject = _SUBJECT_TAIL.sub("", sentence.norm[subject_start:trigger.start()], count=1)
        name = match_project(subject, names) if subject.strip() else None
        if name is None and _GENERIC_SUBJECT.fullmatch(subject.strip()):
            name = paragraph_project
        if name is not None:
            passages.append((name, trigger.end()))
            boundaries.append(subject_start)
    result = []
    for i, (name, start) in enumerate(passages):
        end = boundaries[i + 1] if i + 1 < len(passages) else len(sentence.norm)
        uses = _uses_between(sentence, start, end, unit)
        if uses:
            result.append((name, uses))
    return result


def _subject_start(text: str, before: int) -> int:
    """Where the phrase before 用于 starts: the last clause break outside brackets (at most
    two names' length back: a longer phrase names no project)."""
    depth = 0
    limit = max(0, before - 2 * _MAX_NAME)
    for i in range(before - 1, limit - 1, -1):
        ch = text[i]
        if ch in "）)】]》”":
            depth += 1
        elif ch in "（(【[《“":
            depth -= 1
        elif depth <= 0 and (ch in _SUBJECT_STOP or ch == "、"):
            return i + 1
    return limit


def _uses_between(sentence: Sentence, start: int, end: int, unit: str) -> list[tuple[Stated, Stated | None]]:
    uses: list[tuple[Stated, Stated | None]] = []
    position = start
    for quantity in amounts_in(sentence.norm, start, end):
        raw = sentence.norm[position:quantity.start]
        lead = _ITEM_SEPARATORS.match(raw)
        purpose_start = position + (lead.end() if lead else 0)
        purpose = sentence.text[purpose_start:quantity.start].strip()
        position = quantity.end
        if _NOT_A_USE.match(purpose):
            continue
        uses.append((Stated(purpose, sentence, purpose_start, quantity.start), _amount(quantity, sentence, unit)))
    return uses


def _field_before(sentence: Sentence, quantity: Quantity) -> str | None:
    """Which of a project's amounts (executed, budget, balance) the words just before ``quantity`` name."""
    before = sentence.norm[max(0, quantity.start - 12):quantity.start]
    return next((name for name, pattern in _PROJECT_AMOUNTS if pattern.search(before)), None)


def _project_amounts(
    sentence: Sentence,
    paragraph_project: str | None,
    by_name: dict[str, ListedProject],
    consumed: _Consumed,
    unit: str,
) -> None:
    """预算/支出/结余 amounts of a project: the one named in the amount's clause, else the one the
    sentence's previous such amount went to (「B全年支出40万元，结余10万元」), else the paragraph's."""
    names = [str(n) for n in by_name]
    if not names:
        return
    current: str | None = None
    for quantity in amounts_in(sentence.norm):
        if _is_consumed(consumed, sentence, quantity):
            continue
        field_name = _field_before(sentence, quantity)
        if field_name is None:
            continue
        clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence.norm, max(0, quantity.start - 2 * _MAX_NAME), quantity.start)), default=0)
        name = last_named_project(sentence.norm[clause_start:quantity.start], names) or current or paragraph_project
        if name is None:
            continue
        current = name
        project = by_name[name]
        if getattr(project, field_name) is None:
            stated = _amount(quantity, sentence, unit)
            setattr(project, field_name, stated)
            if stated is not None:
                _consume(consumed, stated)


def _merge_table(funds: FundsText, table: ProjectTable) -> None:
    """A project table's amounts: its projects when the prose lists none, else the amounts the prose left unknown."""
    listed = {str(p.name.value): p for p in funds.projects}
    for row in table.projects:
        name, name_row, name_start = row.name
        project = listed.get(match_project(name, list(listed)) or "") if listed else None
        if project is None:
            if funds.projects and listed:
                continue  # the prose's list is the report's project list; a stray row is not a project
            project = ListedProject(name=Stated(name, name_row.sentence, name_start, name_start + len(name)))
            funds.projects.append(project)
        for role, (value, cell_row, start, end) in row.amounts.items():
            if getattr(project, role) is None:
                setattr(project, role, Stated(value, cell_row.sentence, start, end))
    if funds.total is None and table.total is not None:
        value, total_row, start, end = table.total
        funds.total = Stated(value, total_row.sentence, start, end)
    if not listed:
        listed.update({str(p.name.value): p for p in funds.projects})


def _paragraph_texts(sentences: Sequence[Sentence], headings: set[int]) -> list[tuple[int, str, bool]]:
    texts: dict[int, list[str]] = {}
    for sentence in sentences:
        texts.setdefault(sentence.paragraph, []).append(sentence.text)
    return [(number, "".join(parts), number in headings) for number, parts in texts.items()]


_SECTION_NUMBER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|第[一二三四五六七八九十]+[部分节项])\s*")
_SECTION_NAME = re.compile(r"(?:项目|资金|经费|工程|补助|补贴|专项)$")


def _section_projects(sentences: Sequence[Sentence], headings: set[int]) -> list[ListedProject]:
    """Projects introduced as numbered section headings (「（一）农村饮水安全工程专项资金」) whose
    section states the project's budget or spending, for reports that never list them."""
    projects: list[ListedProject] = []
    names: set[str] = set()
    section: ListedProject | None = None  # the section's project, until its section states money
    for sentence in sentences:
        if sentence.paragraph in headings:
            section = None
            number = _SECTION_NUMBER.match(sentence.norm)
            name = sentence.text[number.end():].strip().rstrip("。：:") if number else ""
            if number and name and len(name) <= _MAX_NAME and _SECTION_NAME.search(normalize_keeping_offsets(name)):
                section = ListedProject(name=Stated(name, sentence, number.end(), number.end() + len(name)))
            continue
        if section is not None and any(
            _field_before(sentence, q) in ("executed", "budget") for q in amounts_in(sentence.norm)
        ):
            name = squeezed(str(section.name.value))
            if name in names:
                return []  # two sections of one name: which is the project is not known
            names.add(name)
            projects.append(section)
            section = None  # taken: the rest of its section adds nothing
    return projects


_PROJECT_NAME_FIELD = re.compile(r"项目名称\s*[:：]\s*")
#: Where a name on a line of 「label: value」 pairs ends: at the next label (「 是否为专项资金:」) or a wide gap.
_NEXT_FIELD = re.compile(r"\s+(?=[^\s:：]{1,15}[:：])|\s{2,}")


def _named_project(sentences: Sequence[Sentence]) -> list[ListedProject]:
    """「项目名称：社区矫正经费」 — the one project of a single-project report."""
    for sentence in sentences:
        label = _PROJECT_NAME_FIELD.search(sentence.norm)
        if label is None:
            continue
        end = label.end()
        while end < len(sentence.norm) and sentence.norm[end] not in "，,。；;\t" and end - label.end() < _MAX_NAME:
            end += 1
        next_field = _NEXT_FIELD.search(sentence.norm, label.end(), end)
        end = next_field.start() if next_field else end
        name = sentence.text[label.end():end].strip()
        if len(name) >= 2:
            return [ListedProject(name=Stated(name, sentence, label.end(), label.end() + len(name)))]
    return []


_STATED_TOTAL = re.compile(r"(?:预算|资金|经费|拨款)(?:资金|经费)?(?:总额|合计|共计|总计)\s*(?:为|达)?\s*$")


def _stated_total(sentences: Sequence[Sentence], unit: str) -> Stated | None:
    """「项目资金合计280万元」 in a report without a project list: the first amount called a total."""
    for sentence in sentences:
        for quantity in amounts_in(sentence.norm):
            if _STATED_TOTAL.search(sentence.norm[max(0, quantity.start - 12):quantity.start]):
                return _amount(quantity, sentence, unit)
    return None


def _balance_claim(sentences: Sequence[Sentence], consumed: _Consumed) -> Stated | None:
    """「无余额」 where the report says every yuan was spent; 「有余额」 where it says some was not.

    「结余为0」 is the report's claim unless it was read as a project's balance
    (「农村饮水安全工程全年支出40万元，结余0万元」), which the funds rules check instead.
    """
    claim: Stated | None = None
    for sentence in sentences:
        left = _BALANCE_LEFT.search(sentence.norm)
        if left:
            return Stated("有余额", sentence, left.start(), left.end())
        if claim is not None:
            continue
        zero = _ZERO_BALANCE.search(sentence.norm)
        if zero is None:
            zero = next((m for m in _ZERO_BALANCE_AMOUNT.finditer(sentence.norm) if not _read_as_project_amount(sentence, m, consumed)), None)
        if zero is not None:
            claim = Stated("无余额", sentence, zero.start(), zero.end())
    return claim


def _read_as_project_amount(sentence: Sentence, match: re.Match[str], consumed: _Consumed) -> bool:
    return any((sentence.paragraph, sentence.index, at) in consumed for at in range(match.start(), match.end()))

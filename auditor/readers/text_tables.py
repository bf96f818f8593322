"""A national 项目支出绩效自评表 found among a document's cells, laid out as the grid the national form reader reads.

Departments publish the national table inside reports and web pages, where it arrives as
a Word or Markdown table, or copied as text (:mod:`~auditor.readers.flat_cells` cuts every
shape into cells). The table is recognised by its labels, as in a workbook
(:mod:`~auditor.readers.national.labels`): 项目名称 opens it; a row of money heads
(年初预算数 · 全年预算数 · 全年执行数 …) and a row of indicator heads (一级指标 · 二级指标 ·
三级指标 · 年度指标值 …) must follow. Each block is then read by the form's structure:

* 项目资金: a row label (年度资金总额, 其中：…) and its values, one per money head. A 其中 row
  holds amounts only (its 分值 and 得分 are blank or 「—」 in the form), at most a 执行率;
* 年度总体目标: the texts under 预期目标 and 实际完成情况;
* 绩效指标: rows of 一级 · 二级 · 三级 · the value heads, 一级/二级 written only where they change;
  a 二级 label (数量指标, 社会效益指标 …) opens a group of rows, each opened by its 三级 name;
* 总分, 自评等级, 评价结论 · 存在问题 · 改进措施 after it.

Where rows are marked (a table row, a tab or 「|」 line), a row as long as its head row is
read cell by cell; any other row — and every row of a table run together on a line, whose
empty cells left no trace — is read by :mod:`~auditor.readers.cell_alignment`: a cell
stands only in a column whose values it can be (:mod:`~auditor.readers.table_tokens`), and a
column is read only where every reading of the row agrees. In cells run together, an
indicator row must hold its name, 年度指标值, 实际完成值, 分值 and 得分 (where the heads have
them: a row ends with its score) — but for the template's empty 「指标2：」 rows — and the
rows are read only where exactly one way of cutting them exists.

What cannot be placed with certainty is left out and said in a note, never guessed; and
because a rule reads an absent cell as empty, a doubt spreads as far as it must: a doubtful
amount leaves every 其中 row out (their sum against 年度资金总额 cannot be checked), a
doubtful indicator row leaves the table's every indicator out (so that no coverage,
weight or score total is judged on part of them).

Each table becomes one :class:`~auditor.sources.grid.Sheet` in the national layout, named
「第N段起的自评表」, and every cell it holds — or that a finding may cite, empty or not read —
is described by where it is in the document: 「第1段“其中:本年财政拨款”行的全年预算数「89.974」」.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from auditor.readers.cell_alignment import EMPTY, Alignment, align, positional, unique_segmentation
from auditor.readers.flat_cells import FlatCell
from auditor.readers.national.form import is_national_sheet
from auditor.readers.national.labels import (
    CONCLUSIONS,
    DEPARTMENT,
    FUNDS_TITLE,
    GOAL_TEXTS,
    GOALS_TITLE,
    GRADE,
    IMPLEMENTER,
    INDICATORS_TITLE,
    MONEY_FIELDS,
    PROJECT_NAME,
    SCORE_ROWS,
    TOTAL_ROWS,
    folded,
)
from auditor.readers.national.sheet import FormSheet
from auditor.readers.table_tokens import (
    FUNDS_HEADS,
    HEAD_SYNONYMS,
    INDICATOR_HEADS,
    TOTAL_SYNONYMS,
    Token,
    aside,
    blank,
    fits_funds,
    fits_indicator,
    is_label,
    is_words,
    level_of,
    money_row_word,
    opens_row,
    plain_number,
    score_number,
    starts_block,
    template_name,
    tokens_of,
)
from auditor.sources.grid import Cell, Sheet

_YEAR = re.compile(r"((?:19|20)\d{2})年度")

#: Where a table's title and year may stand before its 项目名称 (cells).
_TITLE_REACH = 12
#: A header value (项目名称, 主管部门, 实施单位) of more cells than this is not read.
_MAX_VALUE_CELLS = 3
#: Tables looked for in one document at most (each 项目名称 opens one).
MAX_TABLES = 200
#: Cells of one indicator group (under one 二级) at most; a longer run is not cut into rows.
_MAX_GROUP_CELLS = 400
#: Rows of one table's 项目资金 and 绩效指标 blocks at most (real tables have a handful and a few
#: dozen): past them the block is not read, so that a hostile text costs linear time.
MAX_FUNDS_ROWS = 50
MAX_INDICATOR_ROWS = 300



# --- where a grid cell came from -----------------------------------------------------------


def quoted(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def shown_label(text: str) -> str:
    return quoted(text.strip().rstrip(":："), 20)


@dataclass
class Layout:
    """A grid in the national layout, and for each of its cells where in the document it came from."""

    sheet: Sheet
    #: (row, col) → the location a finding cites for it.
    places: dict[tuple[int, int], str] = field(default_factory=dict)
    #: row → what the row is, for a cell of it not described one by one.
    row_places: dict[int, str] = field(default_factory=dict)
    last_row: int = 0

    def new_row(self, where: str) -> int:
        self.last_row += 1
        self.row_places[self.last_row] = where
        return self.last_row

    def put(self, row: int, col: int, text: str, where: str) -> None:
        self.sheet.cells[(row, col)] = Cell(row, col, "text", text)
        self.places[(row, col)] = where

    def describe(self, row: int, col: int, where: str) -> None:
        self.places.setdefault((row, col), where)

    def place_of(self, row: int, col: int) -> str:
        return self.places.get((row, col)) or self.row_places.get(row) or self.sheet.name


def value_place(token: Token, row_label: str | None, column: str) -> str:
    """「第1段“年度资金总额”行的全年预算数「0」」."""
    context = f"“{shown_label(row_label)}”行的{column}" if row_label else column
    return f"{token.where}{context}「{quoted(token.text)}」"


def gap_place(row_token: Token, row_label: str, column: str, unknown: bool) -> str:
    """An empty or unread cell: 「第8段“年度资金总额”行的执行率（空）」."""
    return f"{row_token.where}“{shown_label(row_label)}”行的{column}（{'未能确定' if unknown else '空'}）"


# --- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """One column head of a block: its token, the field it is, the text the grid gives it, and its name for a reader."""

    token: Token
    field: str
    text: str
    name: str
    #: Its position in its row, where the document marks rows.
    position: int | None


@dataclass
class TextTable:
    """One national table found in a document: its grid, where each cell came from, what was left unknown."""

    layout: Layout
    #: The paragraph of its 项目名称 (the sheet is named after it).
    paragraph: int
    notes: list[str] = field(default_factory=list)
    #: Every indicator row was left out (some could not be placed): the project's indicators are unknown.
    indicators_unknown: bool = False
    #: The 执行率 reason cell (Sichuan's 原因) could not be placed: whether it is empty is unknown.
    execution_reason_unknown: bool = False
    #: How the table reached the document: 「Word/Markdown 表格」「一格一行的文字」 …
    shape: str = ""

    @property
    def sheet(self) -> Sheet:
        return self.layout.sheet

    def place_of(self, row: int, col: int) -> str:
        return self.layout.place_of(row, col)


@dataclass
class Found:
    """What a document's cells hold: national tables read, and notes on tables that could not be."""

    tables: list[TextTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def find_tables(cells: Sequence[FlatCell]) -> Found:
    """Every national table among ``cells`` (each 项目名称 opens one), laid out as grids."""
    tokens = tokens_of(cells)
    starts = [i for i, t in enumerate(tokens) if t.key in PROJECT_NAME]
    found = Found()
    in_paragraph: dict[int, int] = {}  # tables opened so far in each paragraph
    for n, start in enumerate(starts):
        if n >= MAX_TABLES:
            found.notes.append(f"文档中的“项目名称”超过 {MAX_TABLES} 处，第{tokens[start].at.paragraph}段起的未按自评表读取")
            break
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        paragraph = tokens[start].at.paragraph
        in_paragraph[paragraph] = in_paragraph.get(paragraph, 0) + 1
        name = f"第{paragraph}段起的自评表" + (f"（其{in_paragraph[paragraph]}）" if in_paragraph[paragraph] > 1 else "")
        reader = _TableReader(tokens, start, end, Layout(Sheet(name)))
        table = reader.read()
        if table is not None:
            found.tables.append(table)
        elif reader.looks_like_table():
            found.notes.append(
                f"第{tokens[start].at.paragraph}段起像是项目支出绩效自评表，但找不到{reader.missing()}，未按自评表读取"
            )
    return found


class _TableReader:
    """One table: tokens[start:end], 项目名称 first."""

    def __init__(self, tokens: list[Token], start: int, end: int, layout: Layout) -> None:
        self.tokens = tokens
        self.start = start
        self.end = end
        self.layout = layout
        self.notes: list[str] = []
        self.funds_head: list[Head] | None = None
        self.indicator_head: list[Head] | None = None
        self.table = TextTable(layout, tokens[start].at.paragraph)
        #: The tokens of each marked row, by row (so that a row is never looked for by scanning).
        self.members: dict[int, list[int]] = {}
        for i in range(start, end):
            row = tokens[i].row
            if row is not None:
                self.members.setdefault(row, []).append(i)

    # --- looking -------------------------------------------------------------------------

    def keys_in(self, wanted: frozenset[str] | set[str], lo: int | None = None, hi: int | None = None) -> int | None:
        for i in range(self.start if lo is None else lo, self.end if hi is None else hi):
            if self.tokens[i].key in wanted:
                return i
        return None

    def looks_like_table(self) -> bool:
        return (
            self.keys_in(FUNDS_TITLE | TOTAL_ROWS) is not None
            and self.keys_in(INDICATORS_TITLE | {"一级指标", "一级"} | SCORE_ROWS) is not None
        )

    def missing(self) -> str:
        wanted = []
        if self.funds_head is None:
            wanted.append("项目资金栏的表头（年初预算数、全年预算数、全年执行数）")
        if self.indicator_head is None:
            wanted.append("绩效指标的表头（一级指标、二级指标、三级指标、年度指标值…）")
        return "、".join(wanted) or "可读的栏目"

    def row_tokens(self, row: int, lo: int, hi: int) -> list[int]:
        """The tokens of a marked row within [lo, hi)."""
        return [i for i in self.members.get(row, ()) if lo <= i < hi]

    def find_head(self, heads: dict[str, str], lo: int, accept: Callable[[set[str]], bool]) -> tuple[int, int, list[Head]] | None:
        """The first row (a marked row, or a run of cells) of heads from ``heads`` that ``accept`` takes:
        (its first token, the token after it, its heads)."""
        i = lo
        while i < self.end:
            token = self.tokens[i]
            if token.row is not None:
                members = self.row_tokens(token.row, i, self.end)
                found = [
                    _head(self.tokens[k], heads, position) for position, k in enumerate(members)
                    if _head_field(self.tokens[k], heads) is not None
                ]
                if accept({h.field for h in found}):
                    return i, members[-1] + 1, found
                i = members[-1] + 1
                continue
            if _head_field(token, heads) is not None:
                j, found = i, []
                while j < self.end and self.tokens[j].row is None and (
                    _head_field(self.tokens[j], heads) is not None or blank(self.tokens[j].text)
                ):
                    if not blank(self.tokens[j].text):
                        found.append(_head(self.tokens[j], heads, None))
                    j += 1
                if accept({h.field for h in found}):
                    return i, j, found
                i = j
                continue
            i += 1
        return None

    # --- reading -------------------------------------------------------------------------

    def read(self) -> TextTable | None:
        funds = self.find_head(FUNDS_HEADS, self.start, lambda fields: sum(f in fields for f in MONEY_FIELDS) >= 2)
        if funds is None:
            return None
        funds_at, funds_body, self.funds_head = funds
        funds_end = next((i for i in range(funds_body, self.end) if starts_block(self.tokens[i].key)), self.end)
        indicators = self.find_head(
            INDICATOR_HEADS, funds_end,
            lambda fields: "name" in fields and ("level1" in fields or "level2" in fields) and bool(fields & {"target", "actual"}),
        )
        if indicators is None:
            return None
        indicators_at, indicators_body, self.indicator_head = indicators
        indicators_end = _or(self.keys_in(SCORE_ROWS | GRADE | set(CONCLUSIONS), indicators_body), self.end)

        self.title_and_year()
        self.header(self.start, funds_at)
        self.funds(funds_at, funds_body, funds_end)
        self.goals(funds_end, indicators_at)
        self.indicators(indicators_at, indicators_body, indicators_end)
        self.tail(indicators_end)
        self.table.notes = self.notes
        self.table.shape = self.shape(indicators_end)
        if not is_national_sheet(FormSheet.of(self.layout.sheet)):
            return None
        return self.table

    def shape(self, end: int) -> str:
        """How the table reached the document, as a note names it."""
        rows = {self.tokens[i].row is not None for i in range(self.start, end)}
        return "表格或分隔的行" if rows == {True} else "连排或一格一行的文字" if rows == {False} else "表格与文字"

    def title_and_year(self) -> None:
        """The year in the title before 项目名称 (「（2022年度）」「2022年度项目支出绩效自评表」)."""
        for i in range(self.start - 1, max(-1, self.start - _TITLE_REACH - 1), -1):
            token = self.tokens[i]
            if _YEAR.search(folded(token.text)):
                row = self.layout.new_row(token.where)
                self.layout.put(row, 1, token.text, f"{token.where}「{quoted(token.text)}」")
                return

    def header(self, lo: int, hi: int) -> None:
        """项目名称, 主管部门 and 实施单位 with their values, as the form's rows 3–4."""
        name_row = dept_row = None
        for i in range(lo, hi):
            token = self.tokens[i]
            if token.key in PROJECT_NAME and name_row is None:
                name_row = self.layout.new_row(token.where)
                self.label_and_value(i, hi, name_row, 1)
            elif token.key in DEPARTMENT | IMPLEMENTER:
                if dept_row is None:
                    dept_row = self.layout.new_row(token.where)
                col = 1 if token.key in DEPARTMENT else 3
                if (dept_row, col) not in self.layout.sheet.cells:
                    self.label_and_value(i, hi, dept_row, col)

    def label_and_value(self, i: int, hi: int, row: int, col: int, most: int = _MAX_VALUE_CELLS) -> None:
        """A label and the text after it (in its row, or up to the next label); ``most``: cells it
        may take (a 自评等级 is one word, whatever follows it)."""
        label = self.tokens[i]
        self.layout.put(row, col, label.text, f"{label.where}「{quoted(label.text)}」")
        values = []
        for k in range(i + 1, hi):
            token = self.tokens[k]
            if token.row != label.row or is_label(token.key) or token.key in FUNDS_TITLE or len(values) > _MAX_VALUE_CELLS:
                break
            if token.text.rstrip().endswith((":", "：")):
                break  # a label of the form's the reader does not know (「是否为专项资金:」): the value ends before it
            if not blank(token.text):
                values.append(token)
        values = values[:most] if most == 1 else values
        if not values:
            return
        if len(values) > _MAX_VALUE_CELLS:
            self.notes.append(f"{label.where}“{shown_label(label.text)}”后有 {len(values)} 段文字，不能确定哪些是它的内容，未读取")
            return
        text = " ".join(v.text for v in values)
        self.layout.put(row, col + 1, text, f"{values[0].where}“{shown_label(label.text)}”「{quoted(text)}」")

    # --- 项目资金 ----------------------------------------------------------------------------

    def funds(self, at: int, body: int, end: int) -> None:
        heads = self.funds_head
        assert heads is not None
        head_row = self.layout.new_row(self.tokens[at].where)
        title = self.keys_in(FUNDS_TITLE, max(self.start, at - 3), body)
        if title is not None:
            token = self.tokens[title]
            self.layout.put(head_row, 1, token.text, f"{token.where}「{quoted(token.text)}」")
        for k, head in enumerate(heads):
            self.layout.put(head_row, 3 + k, head.text, f"{head.token.where}「{quoted(head.token.text)}」")
        head_width = self.width(heads[0].token)
        rows = self.funds_rows(body, end, any(h.field in ("reason", "method") for h in heads))
        if rows is not None and len(rows) > MAX_FUNDS_ROWS:
            self.notes.append(f"{self.tokens[at].where}起的项目资金栏超过 {MAX_FUNDS_ROWS} 行，未读取")
            rows = []
        if rows is None:
            self.notes.append(f"{self.tokens[at].where}起的项目资金栏有金额或文字不能确定属于哪一行，其中各行未读取（不作推测）")
            rows = [row for row in self.funds_rows(body, end, False, totals_only=True) or []]
        read: list[tuple[Token, list[Token], Alignment, bool]] = []
        money_unknown = False
        for label, values, width in rows:
            is_total = label.key in TOTAL_ROWS or label.key in TOTAL_SYNONYMS
            alignment = self.align_row(values, heads, width, head_width, lambda t, h, full: fits_funds(t, h.field, not is_total))
            unknown = [heads[j] for j in sorted(alignment.unknown)]
            if unknown:
                shown = "、".join(h.name for h in unknown) if alignment.readable else "各栏"
                self.notes.append(
                    f"{label.where}“{shown_label(label.text)}”行有 {sum(not blank(v.text) for v in values)} 个值、表头有 {len(heads)} 栏，"
                    f"不能确定{shown}各是哪一个值，未读取（不作推测）"
                )
                money_unknown |= any(h.field in MONEY_FIELDS for h in unknown)
                self.table.execution_reason_unknown |= is_total and any(h.field == "reason" for h in unknown)
            read.append((label, values, alignment, is_total))
        if money_unknown and any(not is_total for *_, is_total in read):
            self.notes.append(f"{self.tokens[at].where}起的项目资金栏有金额未能确定，其中各行未读取（不核对其合计）")
        for label, values, alignment, is_total in read:
            if money_unknown and not is_total:
                continue
            row = self.layout.new_row(f"{label.where}“{shown_label(label.text)}”行")
            self.layout.put(row, 2, TOTAL_SYNONYMS.get(label.key, label.text), f"{label.where}「{quoted(label.text)}」")
            self.place_row(row, label, label.text, values, heads, alignment, first_col=3)

    def width(self, token: Token) -> int | None:
        """How many cells the row of ``token`` has, where the document marks rows."""
        return None if token.row is None else len(self.row_tokens(token.row, self.start, self.end))

    def position(self, i: int) -> int:
        """Where token i stands in its marked row (0: first)."""
        row = self.tokens[i].row
        return 0 if row is None else self.members[row].index(i)

    def funds_rows(self, lo: int, hi: int, word_columns: bool, totals_only: bool = False) -> list[tuple[Token, list[Token], int | None]] | None:
        """(label, values, the row's width where rows are marked) for each row of the block.

        None when a value has no row (cells before any label) or, in cells run together under
        heads that hold words (Sichuan's 原因), a word could be a row's label or the reason of the
        row before. ``totals_only``: only 年度资金总额, whatever else is in doubt.
        """
        rows: list[tuple[Token, list[Token], int | None]] = []
        i = lo
        while i < hi:
            token = self.tokens[i]
            if token.row is not None:
                members = self.row_tokens(token.row, i, hi)
                i = members[-1] + 1
                cells = [self.tokens[k] for k in members]
                at = next((k for k, t in enumerate(cells) if _row_label(t)), None)
                if at is None:
                    if any(not blank(t.text) for t in cells) and not totals_only:
                        return None
                    continue
                rows.append((cells[at], cells[at + 1:], len(cells)))
                continue
            i += 1
            if aside(token.text):
                continue
            opens = is_words(token.text) and (not word_columns or not rows or money_row_word(token.text))
            if opens:
                rows.append((token, [], None))
            elif rows and rows[-1][2] is None and (blank(token.text) or not is_words(token.text)):
                rows[-1][1].append(token)
            elif blank(token.text) and not rows:
                continue
            elif not totals_only:
                return None
            elif rows:
                rows[-1] = (rows[-1][0], [], -1)  # its end is in doubt: no value of it is read
        if totals_only:
            return [(label, values, width) for label, values, width in rows
                    if (label.key in TOTAL_ROWS or label.key in TOTAL_SYNONYMS) and width != -1]
        return rows

    def align_row(
        self, values: list[Token], heads: list[Head], width: int | None, head_width: int | None,
        fits: Callable[[Token, Head, bool], bool], required: frozenset[int] = frozenset(), first: int | None = None,
    ) -> Alignment:
        """Which head each value stands under (see the module docstring). ``width``: the cells of the
        values' marked row; ``first``: the position of the first value in it (else: they end it)."""
        if width is not None and width == head_width and all(h.position is not None for h in heads):
            # A marked row as long as its head row is a grid row: each value under the head in its position.
            offset = width - len(values) if first is None else first
            known: dict[int, int] = {}
            for j, head in enumerate(heads):
                k = head.position - offset  # type: ignore[operator]
                known[j] = k if 0 <= k < len(values) and not blank(values[k].text) else EMPTY
            return Alignment(True, known, frozenset())
        if width is not None and len(values) == len(heads):
            return positional(len(heads), lambda j: blank(values[j].text))
        full = sum(not blank(v.text) for v in values) == len(heads)
        return align(
            len(values), len(heads),
            lambda i, j: fits(values[i], heads[j], full),
            lambda i: blank(values[i].text),
            required,
        )

    def place_row(self, row: int, label: Token, label_text: str, values: list[Token], heads: list[Head],
                  alignment: Alignment, first_col: int, columns: list[int] | None = None) -> None:
        """Put each value the alignment knows under its head (``first_col + j``, or ``columns[j]``),
        and describe every other cell of the row: empty, or not read."""
        for j, head in enumerate(heads):
            col = columns[j] if columns is not None else first_col + j
            content = alignment.known.get(j) if alignment.readable else None
            if content is not None and content != EMPTY:
                token = values[content]
                self.layout.put(row, col, token.text, value_place(token, label_text, head.name))
            else:
                self.layout.describe(row, col, gap_place(label, label_text, head.name, content is None))

    # --- 年度总体目标 -----------------------------------------------------------------------

    def goals(self, lo: int, hi: int) -> None:
        """The texts under 预期目标 and 实际完成情况, where their number matches the heads'."""
        title = self.keys_in(GOALS_TITLE, lo, hi)
        heads = [self.tokens[i] for i in range(lo, hi) if self.tokens[i].key in GOAL_TEXTS]
        if title is None and not heads:
            return
        indicators_title = self.keys_in(INDICATORS_TITLE, lo, hi)
        if indicators_title is not None:
            hi = indicators_title
        last = max(i for i in range(lo, hi) if self.tokens[i].key in GOAL_TEXTS or self.tokens[i].key in GOALS_TITLE)
        texts = [self.tokens[i] for i in range(last + 1, hi) if not blank(self.tokens[i].text)]
        columns = heads or [self.tokens[title]]  # type: ignore[index]  # title is set when heads are not
        if len(texts) != len(columns):
            self.notes.append(
                f"{columns[0].where}起的年度总体目标有 {len(texts)} 段文字、{len(columns)} 个栏目，不能一一对应，未读取"
            )
            return
        head_row = self.layout.new_row(columns[0].where)
        text_row = self.layout.new_row(texts[0].where)
        if title is not None and heads:
            token = self.tokens[title]
            self.layout.put(head_row, 1, token.text, f"{token.where}「{quoted(token.text)}」")
        for k, (head, text) in enumerate(zip(columns, texts)):
            self.layout.put(head_row, 2 + k, head.text, f"{head.where}「{quoted(head.text)}」")
            self.layout.put(text_row, 2 + k, text.text, f"{text.where}“{shown_label(head.text)}”「{quoted(text.text)}」")

    # --- 绩效指标 -----------------------------------------------------------------------------

    def indicators(self, at: int, body: int, end: int) -> None:
        heads = self.indicator_head
        assert heads is not None
        head_row = self.layout.new_row(self.tokens[at].where)
        title = self.keys_in(INDICATORS_TITLE, max(self.start, at - 3), body)
        if title is not None:
            token = self.tokens[title]
            self.layout.put(head_row, 1, token.text, f"{token.where}「{quoted(token.text)}」")
        for k, head in enumerate(heads):
            self.layout.put(head_row, 2 + k, head.text, f"{head.token.where}「{quoted(head.token.text)}」")
        rows = self.indicator_rows(body, end, heads, self.width(heads[0].token))
        if rows is None:
            self.table.indicators_unknown = True
            self.notes.append(f"{self.tokens[at].where}起的绩效指标不能逐格确定，本表的绩效指标均未读取（不作推测）")
            return
        for label, values, alignment in rows:
            name = next((values[c].text for j, c in alignment.known.items() if heads[j].field == "name" and c != EMPTY), label.text)
            row = self.layout.new_row(f"{label.where}“{shown_label(name)}”行")
            self.place_row(row, label, name, values, heads, alignment, first_col=2)

    def indicator_rows(self, lo: int, hi: int, heads: list[Head], head_width: int | None) -> list[tuple[Token, list[Token], Alignment]] | None:
        """Every indicator row, each with what it holds under each head; None when any is in doubt."""
        rows: list[tuple[Token, list[Token], Alignment]] = []
        i = lo
        while i < hi:
            token = self.tokens[i]
            if token.row is not None:
                members = self.row_tokens(token.row, i, hi)
                i = members[-1] + 1
                cells = [self.tokens[k] for k in members]
                while len(cells) > len(heads) and _block_title(cells[0]):
                    cells = cells[1:]
                if all(blank(c.text) for c in cells):
                    continue
                alignment = self.align_row(
                    cells, heads, len(members), head_width,
                    lambda t, h, full, cells=cells: fits_indicator(t, h.field, full, _after(cells, t)),
                )
                if not alignment.readable or alignment.unknown:
                    self.notes.append(f"{token.where}的一行指标有 {len(cells)} 格、表头有 {len(heads)} 栏，不能逐格确定")
                    return None
                rows.append((cells[0], cells, alignment))
                if len(rows) > MAX_INDICATOR_ROWS:
                    break
                continue
            j = i
            while j < hi and self.tokens[j].row is None:
                j += 1
            run = self.stream_rows(i, j, heads)
            if run is None:
                return None
            rows += run
            i = j
        if len(rows) > MAX_INDICATOR_ROWS:
            self.notes.append(f"绩效指标超过 {MAX_INDICATOR_ROWS} 行，不是一张真实的自评表")
            return None
        return rows

    def stream_rows(self, lo: int, hi: int, heads: list[Head]) -> list[tuple[Token, list[Token], Alignment]] | None:
        """Rows of cells run together: cut at each 一级/二级 label into groups, each group into rows."""
        fields = [h.field for h in heads]
        if "name" not in fields:
            return None
        name_col = fields.index("name")
        rest = [j for j, f in enumerate(fields) if f not in ("level1", "level2", "name")]
        required = frozenset(k for k, j in enumerate(rest) if fields[j] in ("target", "actual", "weight", "points"))
        rows: list[tuple[Token, list[Token], Alignment]] = []
        levels: dict[str, Token] = {}  # 一级/二级 labels not written on a row yet
        group: list[Token] = []

        def with_levels(cells: list[Token], known: dict[int, int]) -> None:
            for level, token in levels.items():
                if level in fields:
                    cells.append(token)
                    known[fields.index(level)] = len(cells) - 1
            levels.clear()  # written once, on the first row: the form reader carries them down

        def close() -> bool:
            while group and blank(group[0].text):
                group.pop(0)  # 「……」 after a 二级 label belongs to no row
            cut = self.cut_group(group, heads, rest, required)
            if cut is None:
                return False
            for a, b, alignment in cut:
                cells = list(group[a:b])
                known = {name_col: 0} | {rest[k]: (c + 1 if c != EMPTY else EMPTY) for k, c in alignment.known.items()}
                with_levels(cells, known)
                rows.append((cells[0], cells, Alignment(True, known, frozenset())))
            if levels:  # a 二级 with no 三级 under it keeps its row, as the form does
                cells, known = [], {}
                with_levels(cells, known)
                if cells:
                    rows.append((cells[0], cells, Alignment(True, known, frozenset())))
            group.clear()
            return True

        for i in range(lo, hi):
            token = self.tokens[i]
            if aside(token.text):
                continue  # 「(50分)」 of a 一级 whose name the copy lost
            level = level_of(token.text, self.tokens[i + 1].text if i + 1 < hi else None)
            if level is None:
                group.append(token)
                continue
            if (group or "level2" in levels or level in levels) and not close():
                return None
            levels[level] = token
            if len(rows) > MAX_INDICATOR_ROWS:
                return rows  # the caller says why none is read
        if (group or levels) and not close():
            return None
        return rows

    def cut_group(self, group: list[Token], heads: list[Head], rest: list[int], required: frozenset[int]) -> list[tuple[int, int, Alignment]] | None:
        """The one way of cutting a group's cells into rows (a name, then the other heads), or None."""
        if not group:
            return []
        if len(group) > _MAX_GROUP_CELLS:
            return None
        rest_heads = [heads[j] for j in rest]
        cache: dict[tuple[int, int], Alignment] = {}

        def row_alignment(a: int, b: int) -> Alignment:
            if (a, b) not in cache:
                values = group[a + 1:b]
                if template_name(group[a].text) and all(blank(v.text) for v in values):
                    # The template's 「指标2：」 with nothing after it: a row of nothing but its name.
                    cache[(a, b)] = Alignment(True, {k: EMPTY for k in range(len(rest))}, frozenset())
                else:
                    full = sum(not blank(v.text) for v in values) == len(rest)
                    cache[(a, b)] = align(
                        len(values), len(rest),
                        lambda i, j: fits_indicator(values[i], rest_heads[j].field, full),
                        lambda i: blank(values[i].text),
                        required,
                    )
            return cache[(a, b)]

        def starts(i: int, first: bool) -> bool:
            text = group[i].text
            return (is_words(text) or template_name(text)) if first else opens_row(text)

        # A row holds its name, a value per head and a few 「—」 at most: longer stretches are no row.
        longest = 3 * (len(rest) + 1)
        cut = unique_segmentation(len(group), starts, lambda a, b: row_alignment(a, b).readable, longest)
        if cut.rows is None:
            wanted = "、".join(["三级指标", *(rest_heads[k].name for k in sorted(required))])
            self.notes.append(
                f"{group[0].where}“{shown_label(group[0].text)}”起的 {len(group)} 格"
                + ("可以有不止一种分行方式" if cut.ways else f"分不成完整的指标行（每行应有{wanted}）")
            )
            return None
        result = []
        for a, b in cut.rows:
            alignment = row_alignment(a, b)
            if alignment.unknown:
                self.notes.append(
                    f"{group[a].where}“{shown_label(group[a].text)}”行不能确定"
                    + "、".join(rest_heads[k].name for k in sorted(alignment.unknown)) + "各是哪一个值"
                )
                return None
            result.append((a, b, alignment))
        return result

    # --- 总分, 自评等级, 评价结论 … ---------------------------------------------------------

    def tail(self, lo: int) -> None:
        heads = self.indicator_head
        assert heads is not None
        i = lo
        while i < self.end:
            token = self.tokens[i]
            if token.key in SCORE_ROWS:
                i = self.score(i)
            elif token.key in GRADE or token.key in CONCLUSIONS:
                row = self.layout.new_row(token.where)
                self.label_and_value(i, self.end, row, 1, most=1 if token.key in GRADE else _MAX_VALUE_CELLS)
                i += 1
            else:
                i += 1

    def score(self, i: int) -> int:
        """总分's 分值 and 得分, under the indicator heads of those fields; the token after its values."""
        heads = self.indicator_head
        assert heads is not None
        label = self.tokens[i]
        values: list[Token] = []
        k = i + 1
        while k < self.end and self.tokens[k].row == label.row and not is_label(self.tokens[k].key) and (
            label.row is not None or plain_number(self.tokens[k].text) is not None or blank(self.tokens[k].text)
        ):
            values.append(self.tokens[k])
            k += 1
        row = self.layout.new_row(f"{label.where}“{shown_label(label.text)}”行")
        self.layout.put(row, 1, label.text, f"{label.where}「{quoted(label.text)}」")
        columns = [j for j, h in enumerate(heads) if h.field in ("weight", "points")]
        score_heads = [heads[j] for j in columns]
        alignment = self.align_row(
            values, score_heads, self.width(label), self.width(heads[0].token),
            lambda t, h, full: score_number(t.text), first=self.position(i) + 1,
        )
        if alignment.unknown or not alignment.readable:
            self.notes.append(f"{label.where}“{shown_label(label.text)}”后的分数不能确定哪个是分值、哪个是得分，未读取（不作推测）")
        self.place_row(row, label, label.text, values, score_heads, alignment, first_col=0, columns=[2 + j for j in columns])
        return k


# --- heads and fits ---------------------------------------------------------------------------


def _or(found: int | None, otherwise: int) -> int:
    return otherwise if found is None else found


def _after(cells: list[Token], token: Token) -> Token | None:
    """The cell after ``token`` in its row."""
    at = next(k for k, cell in enumerate(cells) if cell is token)
    return cells[at + 1] if at + 1 < len(cells) else None


def _head_field(token: Token, heads: dict[str, str]) -> str | None:
    return heads.get(token.key)


def _head(token: Token, heads: dict[str, str], position: int | None) -> Head:
    key = token.key
    return Head(token, heads[key], HEAD_SYNONYMS.get(key, token.text), key, position)


def _row_label(token: Token) -> bool:
    """A marked funds row's label: its first cell of words that is no title or head."""
    return is_words(token.text) and token.key not in FUNDS_TITLE and token.key not in FUNDS_HEADS


def _block_title(token: Token) -> bool:
    """A block's title repeated in a marked row (「绩效指标」「年度绩效目标(80分)」) or its blank merged cell."""
    key = token.key
    return blank(token.text) or key.endswith("绩效目标") or key in INDICATORS_TITLE

"""The cells of a 自评表 copied into a document as tokens, and what each can be.

A table copied as text keeps no types: 「89.974」, 「86%」, 「≥50个」, 「效果明显」 and 「—」 are all
text. What a cell can be decides which column it may stand in when a row has lost cells
(:mod:`~auditor.readers.cell_alignment`): an amount stands under 年初预算数 · 全年预算数 ·
全年执行数, never under 执行率; a 分值 or 得分 is a number from 0 to 100; an 实际完成值 never has a
target's comparator; 「指标1：」 is the template's name prompt; a 其中 row holds amounts only.

The labels are the national form's (:mod:`~auditor.readers.national.labels`), and a few that
published tables word their own way (Yunnan's 「预算数(A)」「年初目标值(A)」「年度财政资金总额」):
the grid the form reader reads holds the form's word, the location quotes the table's. A
label broken over lines (「年度」「指标值」) is one token again (:func:`tokens_of`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from auditor.parsing.numbers import parse_amount_text, parse_decimal_text
from auditor.parsing.targets import parse_measured_value
from auditor.parsing.text import is_blank, normalize_text
from auditor.readers.flat_cells import FlatCell
from auditor.readers.national.labels import (
    ALL_LABELS,
    BLOCK_STARTS,
    CONCLUSIONS,
    FUNDS_COLUMNS,
    GRADE,
    INDICATOR_COLUMNS,
    MONEY_FIELDS,
    NATURE_COMPARATORS,
    TOTAL_ROWS,
    folded,
    label_key,
)

# --- vocabulary beyond the workbook form's ------------------------------------------------

#: Heads a published table words its own way (Yunnan's 「预算数(A)」「年初目标值(A)」), by the
#: head the national form reader knows; the grid holds the latter, the location quotes the former.
HEAD_SYNONYMS = {"预算数": "全年预算数", "年初目标值": "年度指标值"}
#: Total rows worded their own way (「年度财政资金总额」).
TOTAL_SYNONYMS = {"年度财政资金总额": "年度资金总额"}
#: 一级 and 二级 kinds (keys: brackets and spaces removed). 满意度指标 and 成本指标 are either.
LEVEL1_KINDS = frozenset({"产出指标", "效益指标", "满意度指标", "效果指标", "成本指标"})
LEVEL2_KINDS = frozenset({
    "数量指标", "质量指标", "时效指标", "进度指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标",
})
#: Words that are an 实际完成值, never an indicator's name.
ACTUAL_WORDS = frozenset({"完成", "已完成", "未完成", "达成", "达成预期指标", "达成预期", "部分达成", "未达成", "达到预期", "达标", "按时完成", "是", "否"})
#: The template's prompt for a 三级 name (「指标1：」): a name, never a value.
_TEMPLATE_NAME = re.compile(r"^指标\s*\d+")
#: 「……」 left for rows not filled in: a cell that holds nothing.
_ELLIPSIS = re.compile(r"^[.…。·]{2,}$")
_SENTENCE_END = "。！？!?；;"
_ASIDE = re.compile(r"^\([^()]*\)$")
#: A 其中 row's label worded as what the money is (「上年结转资金」「中央补助」).
_MONEY_ROW_ENDS = ("资金", "拨款", "补助", "结转", "配套", "收入")

INDICATOR_HEADS = {**INDICATOR_COLUMNS, "年初目标值": "target"}
FUNDS_HEADS = {**FUNDS_COLUMNS, "预算数": "budget"}
_LABELS = ALL_LABELS | set(HEAD_SYNONYMS) | set(TOTAL_SYNONYMS) | GRADE | set(CONCLUSIONS)


# --- what a cell holds -------------------------------------------------------------------


@lru_cache(maxsize=8192)
def blank(text: str) -> bool:
    """An empty cell: nothing, 「—」「/」「无」, or the template's 「……」."""
    return is_blank(text) or bool(_ELLIPSIS.match(normalize_text(text)))


@lru_cache(maxsize=8192)
def plain_number(text: str) -> Decimal | None:
    """「8」「89.974」: a number and nothing else."""
    return parse_decimal_text(text)


@lru_cache(maxsize=8192)
def is_percent(text: str) -> bool:
    """「86%」「100.00%」."""
    bare = "".join(normalize_text(text).split())
    return bare.endswith("%") and parse_decimal_text(bare[:-1]) is not None


@lru_cache(maxsize=8192)
def amount(text: str) -> Decimal | None:
    """An amount (「89.974」「90万元」), not a percent."""
    if is_percent(text):
        return None
    parsed = parse_amount_text(text)
    return None if parsed is None else parsed.value


@lru_cache(maxsize=8192)
def is_words(text: str) -> bool:
    """Text that is no number, percent, amount or measured value (「效果明显」, a name, a reason)."""
    return not blank(text) and amount(text) is None and not is_percent(text) and parse_measured_value(text) is None


@lru_cache(maxsize=8192)
def comparator_first(text: str) -> bool:
    """「≥50个」「不低于95%」: a target's comparator, which an actual value never has."""
    measured = parse_measured_value(text)
    return measured is not None and measured.comparator != ""


def level_of(text: str, following: str | None) -> str | None:
    """「level1」 or 「level2」 for an indicator kind label (「产出指标(50分)」「数量指标」), else None.

    满意度指标 and 成本指标 are a 一级 where a 二级 kind follows them, else a 二级.
    """
    key = label_key(text)
    if key in LEVEL1_KINDS and (key not in LEVEL2_KINDS or (following is not None and label_key(following) in LEVEL2_KINDS)):
        return "level1"
    return "level2" if key in LEVEL2_KINDS else None


@lru_cache(maxsize=8192)
def template_name(text: str) -> bool:
    """「指标1：」「指标2」: the template's prompt for a 三级 name."""
    return bool(_TEMPLATE_NAME.match(normalize_text(text)))


@lru_cache(maxsize=8192)
def opens_row(text: str) -> bool:
    """A cell that can open an indicator row inside a group: the template's prompt, or words
    that are a name — no digits, no sentence's end, not an actual value's wording."""
    if template_name(text):
        return True
    bare = normalize_text(text)
    return (
        is_words(text)
        and not any(ch.isdigit() for ch in bare)
        and not bare.endswith(tuple(_SENTENCE_END))
        and "".join(bare.split()) not in ACTUAL_WORDS
    )


def score_number(text: str) -> bool:
    """A 分值 or 得分: a number from 0 to 100."""
    value = plain_number(text)
    return value is not None and 0 <= value <= 100


def starts_block(key: str) -> bool:
    """A label that ends the block before it: the form's (年度总体目标, 绩效指标, 一级指标, 总分 …) or a
    published table's own title of its indicators (「年度绩效目标(80分)」「年度绩效指标完成情况」)."""
    return key in BLOCK_STARTS or key.endswith(("绩效目标", "绩效指标")) or key.startswith(("年度绩效指标", "年度总体目标"))


def money_row_word(text: str) -> bool:
    """A funds row's label by its wording: 年度资金总额, 「其中：…」, 上年结转资金, 其他资金 …"""
    key = label_key(text)
    return (
        key in TOTAL_ROWS or key in TOTAL_SYNONYMS or folded(text).startswith("其中")
        or key.endswith(_MONEY_ROW_ENDS) or key == "其他"
    )


# --- tokens: cells with split labels rejoined ----------------------------------------------


@dataclass(frozen=True)
class Token:
    """One cell of the table: its text (a label broken over lines rejoined) and where it starts."""

    text: str
    at: FlatCell

    @property
    def row(self) -> int | None:
        return self.at.row

    @property
    def key(self) -> str:
        return label_key(self.text)

    @property
    def where(self) -> str:
        return self.at.where()


def is_label(key: str) -> bool:
    """A label key of the national form (or one a published table words its own way)."""
    return key in _LABELS


def known_word(text: str) -> bool:
    """A label of the form, or an indicator kind."""
    key = label_key(text)
    return is_label(key) or key in LEVEL1_KINDS or key in LEVEL2_KINDS


@lru_cache(maxsize=8192)
def aside(text: str) -> bool:
    """「(万元)」「(50分)」「(2022年度)」: a bracketed aside on its own."""
    return bool(_ASIDE.match(folded(text)))


def _rejoined(cells: Sequence[FlatCell]) -> bool:
    """Whether cells are one label broken apart: together they are a label none of them is."""
    joined = label_key("".join(c.text for c in cells))
    return (
        known_word(joined)
        and all(label_key(c.text) != joined for c in cells)
        and not any(aside(c.text) for c in cells)
    )


def tokens_of(cells: Sequence[FlatCell]) -> list[Token]:
    """Cells as tokens: in cells one per line or run together, a label broken over two or three
    cells (「年度」「指标值」, 「一级」「指标」, 「经济效益」「指标」) is one token again, and an aside
    (「(万元)」「(50分)」) joins the cell before it in its paragraph, or the label before it; an
    aside that joins nothing stays a token (a year 「(2022年度)」), which the blocks pass over."""
    tokens: list[Token] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        width = 1
        if cell.row is None:
            for wider in (3, 2):
                group = cells[i:i + wider]
                if len(group) == wider and all(c.row is None for c in group) and _rejoined(group):
                    width = wider
                    break
        text = "".join(c.text for c in cells[i:i + width])
        i += width
        if cell.row is None and aside(text) and tokens and tokens[-1].row is None:
            before = tokens[-1]
            if before.at.paragraph == cell.paragraph or known_word(before.text):
                tokens[-1] = Token(before.text + text, before.at)
                continue
        tokens.append(Token(text, cell))
    return tokens



# --- which column a value may stand in -------------------------------------------------------


def fits_funds(token: Token, field: str, part_row: bool) -> bool:
    """Whether a value can stand under a funds head; a 其中 row holds amounts (and at most a printed 执行率)."""
    text = token.text
    if blank(text):
        return True
    if field in MONEY_FIELDS:
        return amount(text) is not None
    if field == "rate":
        return is_percent(text) or (not part_row and (value := plain_number(text)) is not None and value >= 0)
    if field in ("weight", "points"):
        return not part_row and score_number(text)
    if field in ("reason", "method"):
        return is_words(text)
    return False


def fits_indicator(token: Token, field: str, full: bool, following: Token | None = None) -> bool:
    """Whether a value can stand under an indicator head (see :mod:`~auditor.readers.text_tables`); ``following``:
    the value after it, which tells a 一级 成本指标/满意度指标 (a 二级 follows it) from a 二级."""
    text, kind = token.text, field
    if blank(text):
        return True
    if template_name(text):
        return kind == "name"
    level = level_of(text, following.text if following is not None else None)
    if level is not None:
        return kind == level
    if kind in ("level1", "level2"):
        return False
    if kind in ("name", "method"):
        return is_words(text)
    if kind == "nature":
        return folded(text) in NATURE_COMPARATORS
    if kind == "unit":
        bare = normalize_text(text)
        return bare == "%" or (is_words(text) and len(bare) <= 6 and not any(ch.isdigit() for ch in bare))
    if kind == "target":
        return True
    if kind == "actual":
        return not comparator_first(text)
    if kind in ("weight", "points"):
        return score_number(text)
    if kind == "reason":
        # A number where words belong is read there only when the row has a value for every head.
        return is_words(text) or full
    return False

"""Typed values out of cells, each bad one recorded as a D003 issue naming its cell.

The workbook reader asks for "an amount from this cell", "a word from this list";
this module decides what the cell really holds (number, text number, percent-formatted
number, formula without a cached value, error value) and either returns the exact
value or records why it could not.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from auditor.model import DataIssue
from auditor.parsing.numbers import (
    format_decimal,
    convert_amount,
    date_from_serial,
    decimal_from_stored_number,
    parse_amount_text,
    parse_date_text,
    parse_decimal_text,
    parse_integer_text,
    parse_percent_text,
)
from auditor.parsing.text import is_blank, normalize_text
from auditor.parsing.units import WrittenAmount, own_unit_amounts
from auditor.readers.value_ranges import MAX_AMOUNT_YUAN, amount_in_range, number_in_range
from auditor.sources.grid import Cell, column_letter

__all__ = ["MAX_AMOUNT_YUAN", "CellValues"]


class CellValues:
    """Reads typed values from the cells of one sheet, collecting D003 issues."""

    def __init__(self, sheet_name: str, issues: list[DataIssue], amounts: list[WrittenAmount] | None = None) -> None:
        self.sheet_name = sheet_name
        self.issues = issues
        #: Every amount read, by column, for ``unit_issues`` (D007) — when the reader collects them.
        self.amounts = amounts

    def location(self, cell: Cell) -> str:
        return f"{self.sheet_name}!{cell.ref}"

    def _bad(self, cell: Cell, expected_zh: str, expected_en: str, project: str | None = None) -> None:
        shown = cell.text if cell.kind != "empty" else ""
        if cell.formula_without_cache:
            held_zh = f"公式 ={cell.formula}，但文件中没有计算结果（请在表格软件中重新计算并保存）"
            held_en = f"the formula ={cell.formula} with no calculated result saved (recalculate and save it in a spreadsheet program)"
        elif cell.kind == "error":
            held_zh, held_en = f"错误值 {shown}", f"the error value {shown}"
        else:
            held_zh, held_en = f"“{shown}”", f"“{shown}”"
        self.issues.append(
            DataIssue(
                kind="bad_value",
                detail_zh=f"{self.location(cell)} 应为{expected_zh}，实际为{held_zh}",
                detail_en=f"{self.location(cell)} should hold {expected_en}, but holds {held_en}",
                locations=[self.location(cell)],
                project=project,
            )
        )

    @staticmethod
    def is_empty(cell: Cell | None) -> bool:
        """No value at all (a formula without a cached value is not empty: it is a bad value)."""
        if cell is None:
            return True
        if cell.formula_without_cache:
            return False
        return cell.kind == "empty" or (cell.kind == "text" and is_blank(cell.text))

    def _unusable(self, cell: Cell, expected_zh: str, expected_en: str, project: str | None) -> bool:
        """Formula without cache and error cells are always bad values, whatever is expected."""
        if cell.formula_without_cache or cell.kind == "error":
            self._bad(cell, expected_zh, expected_en, project)
            return True
        return False

    def text(self, cell: Cell | None) -> str | None:
        if cell is not None and cell.kind == "text":
            # The common case, decided as below: a text cell is neither a formula without a value nor an error.
            return None if is_blank(cell.text) else " ".join(cell.text.split())
        if self.is_empty(cell):
            return None
        assert cell is not None
        if self._unusable(cell, "文字", "text", None):
            return None
        if cell.kind == "number":
            # As the spreadsheet shows it: a percent-formatted 0.95 is 「95%」, a date-formatted
            # 45291 is 「2023-12-31」 — read as the bare stored number they would be misread.
            number = decimal_from_stored_number(cell.text)
            if cell.is_percent:
                return f"{format((number * 100).normalize(), 'f')}%"
            if cell.is_date:
                shown = date_from_serial(number)
                if shown is not None:
                    return shown.isoformat()
            return format(number, "f")
        return " ".join(cell.text.split())

    def number(self, cell: Cell | None, project: str | None = None) -> Decimal | None:
        """A plain number (scores, counts, weights)."""
        if self.is_empty(cell):
            return None
        assert cell is not None
        if self._unusable(cell, "数字", "a number", project):
            return None
        value = self._decimal(cell)
        if value is None:
            self._bad(cell, "数字", "a number", project)
        elif not number_in_range(value):
            self._bad(cell, "合理范围内的数字", "a number within a sane range", project)
            return None
        return value

    def _decimal(self, cell: Cell) -> Decimal | None:
        try:
            if cell.kind == "number":
                return decimal_from_stored_number(cell.text)
        except InvalidOperation:
            return None
        return parse_decimal_text(cell.text) if cell.kind == "text" else None

    def amount(self, cell: Cell | None, unit: str, column_unit: str | None, project: str | None = None) -> Decimal | None:
        """An amount in the department's ``unit``; ``column_unit`` is the unit its header names."""
        if self.is_empty(cell):
            return None
        assert cell is not None
        expected_zh, expected_en = "金额（数字）", "an amount (a number)"
        if self._unusable(cell, expected_zh, expected_en, project):
            return None
        source_unit = column_unit or unit
        value: Decimal | None
        own_unit = None
        if cell.kind == "number":
            value = self._decimal(cell)
        elif cell.kind == "text":
            parsed = parse_amount_text(cell.text)
            value = None if parsed is None else parsed.value
            if parsed is not None and parsed.unit:
                own_unit = parsed.unit if parsed.unit != source_unit else None
                source_unit = parsed.unit
        else:
            value = None
        if value is None:
            self._bad(cell, expected_zh, expected_en, project)
            return None
        if not amount_in_range(value, source_unit):  # more than any budget, or less than half a fen
            self._bad(cell, "合理范围内的金额", "an amount within a sane range", project)
            return None
        converted = convert_amount(value, source_unit, unit)
        if self.amounts is not None:
            group = f"{self.sheet_name}!{column_letter(cell.col)}"
            self.amounts.append(WrittenAmount(group, self.location(cell), converted, value, own_unit, project))
        return converted

    def percent(self, cell: Cell | None, project: str | None = None) -> Decimal | None:
        """The number of percent: ``70``, ``70%`` or a percent-formatted ``0.7`` all give 70."""
        if self.is_empty(cell):
            return None
        assert cell is not None
        if self._unusable(cell, "百分比", "a percentage", project):
            return None
        value: Decimal | None = None
        if cell.kind == "number":
            value = self._decimal(cell)
            if value is not None and cell.is_percent:
                value = (value * 100).normalize()
        elif cell.kind == "text":
            value = parse_percent_text(cell.text)
        if value is None:
            self._bad(cell, "百分比", "a percentage", project)
        elif not number_in_range(value):
            self._bad(cell, "合理范围内的百分比", "a percentage within a sane range", project)
            return None
        return value

    def integer(self, cell: Cell | None) -> int | None:
        if self.is_empty(cell):
            return None
        assert cell is not None
        if self._unusable(cell, "整数", "a whole number", None):
            return None
        value: int | None = None
        if cell.kind == "number":
            number = self._decimal(cell)
            if number is not None and number == number.to_integral_value():
                value = int(number)
        elif cell.kind == "text":
            value = parse_integer_text(cell.text)
        if value is None:
            self._bad(cell, "整数", "a whole number", None)
        elif not number_in_range(Decimal(value)):
            self._bad(cell, "合理范围内的整数", "a whole number within a sane range", None)
            return None
        return value

    def date(self, cell: Cell | None) -> date | None:
        if self.is_empty(cell):
            return None
        assert cell is not None
        if self._unusable(cell, "日期", "a date", None):
            return None
        value: date | None = None
        if cell.kind == "number":
            number = self._decimal(cell)
            value = None if number is None else date_from_serial(number)
        elif cell.kind == "text":
            value = parse_date_text(cell.text)
        if value is None:
            self._bad(cell, "日期（如 2020-05-13）", "a date (e.g. 2020-05-13)", None)
        return value

    def word(
        self,
        cell: Cell | None,
        choices: tuple[str, ...],
        synonyms: dict[str, str] | None = None,
        project: str | None = None,
    ) -> str | None:
        """One of a fixed list of words (a synonym is mapped to its canonical word)."""
        if self.is_empty(cell):
            return None
        assert cell is not None
        listing = " / ".join(choices)
        if self._unusable(cell, f"以下之一：{listing}", f"one of: {listing}", project):
            return None
        word = "".join(normalize_text(cell.text).split())
        word = (synonyms or {}).get(word, word)
        if word not in choices:
            self._bad(cell, f"以下之一：{listing}", f"one of: {listing}", project)
            return None
        return word


#: What a workbook amount's siblings are: the other amounts of its column.
COLUMN_SIBLINGS = ("同列其他金额", "the other amounts of its column")
#: What a report figure's siblings are: the other amounts of the list it stands in.
LIST_SIBLINGS = ("同一列举中的其他金额", "the other amounts of its list")


def unit_issues(
    amounts: list[WrittenAmount], unit: str, siblings: tuple[str, str] = COLUMN_SIBLINGS
) -> tuple[list[DataIssue], list[str]]:
    """What amounts written in a unit of their own call for: a D007 issue for one that stands out from
    its column (or list), read both ways; a note for the others, so that no conversion is silent."""
    issues: list[DataIssue] = []
    notes: list[str] = []
    for amount, outlier in own_unit_amounts(amounts):
        written = f"{format_decimal(amount.written, 0)}{amount.own_unit}"
        kept = f"{format_decimal(amount.value, 0)} {unit}"
        if outlier is None:
            notes.append(f"{amount.location} 写作“{written}”，已按所写单位计为 {kept}")
            continue
        typical = f"{format_decimal(outlier.siblings.normalize(), 0)} {unit}"
        as_unit = f"{format_decimal(amount.written, 0)} {unit}"
        issues.append(
            DataIssue(
                kind="unit_outlier",
                detail_zh=(
                    f"{amount.location} 写作“{written}”，按所写单位为 {kept}，而{siblings[0]}在 {typical} 上下，"
                    f"相差三个数量级以上；若本意是 {as_unit}，请更正单位"
                ),
                detail_en=(
                    f"{amount.location} is written “{written}”, which is {kept} in its own unit, while {siblings[1]} "
                    f"are around {typical}, three orders of magnitude or more apart; if {as_unit} was meant, "
                    "correct the unit"
                ),
                locations=[amount.location],
                project=amount.project,
            )
        )
    return issues, notes

"""Numbers as reports write them — ``1114.36万元``, ``64.36 万元``, ``一千万元``, ``共 99 人``, ``三个`` — with their spans.

Every pattern here runs on text normalised by ``normalize_keeping_offsets`` (full-width
digits and punctuation made ASCII one character for one character), so a match's span
is also the span of the original words. Values are exact ``Decimal``; Chinese numerals
are read by their place values (``一千零五十`` = 1050, ``两万三千`` = 23000).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

_CN_DIGIT_CHARS = "".join(_CN_DIGITS)
_CN_ALL = _CN_DIGIT_CHARS + "".join(_CN_SMALL_UNITS) + "".join(_CN_BIG_UNITS)
#: A Chinese numeral starts with a digit or 十 (「十万元」); 「万元」 alone is no number. It
#: starts where a run of numeral characters starts: a match from inside a run would also
#: be one from the run's start, which is tried first, so no match is lost; without the
#: look-behind every position of a long run (「一一一…」) was tried, each to the run's end
#: and back, which made the patterns quadratic in the run's length.
CN_NUMBER = rf"(?<![{_CN_ALL}])[{_CN_DIGIT_CHARS}十拾][{_CN_ALL}]*(?:点[{_CN_DIGIT_CHARS}]+)?"
#: Arabic numbers, with thousands separators or not; a space may sit inside only as a separator group.
AR_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{AR_NUMBER}|{CN_NUMBER})"

# Each optional part owns the spaces after it, so that a run of spaces is never split two
# ways (which made the patterns quadratic on long runs of spaces).
_APPROXIMATE_BEFORE = r"(?:(?P<approx_before>约|近|逾|超过|不足|大约|将近|接近|多达)\s*)?"
_APPROXIMATE_AFTER = r"\s*(?:(?P<approx_after>余|多)\s*)?"

#: An amount of money: number, optional 余/多, unit. 「元旦」「元素」 are not 元.
AMOUNT = re.compile(
    rf"{_APPROXIMATE_BEFORE}(?<![\d.,])(?P<number>{NUMBER}){_APPROXIMATE_AFTER}(?P<unit>亿元|万元|元)(?![旦素月宵])"
)
#: A count: number and classifier (人, 个, 家, 户 …); 「人次」 before 「人」, 「批次」 before 「批」.
#: 「1.1万人」「3万户」 count in ten-thousands: the value is read in the classifier (11000 人),
#: and ``Quantity.multiplier`` says what one written unit stands for (its printed precision's scale).
CLASSIFIERS = (
    "人次", "批次", "人", "名", "位", "个", "家", "户", "项", "场", "批", "次", "所", "座", "件",
    "套", "台", "辆", "篇", "期", "条", "份", "册", "处", "村", "县", "支", "队", "期",
)
COUNT = re.compile(
    rf"{_APPROXIMATE_BEFORE}(?<![\d.,])(?P<number>{NUMBER}){_APPROXIMATE_AFTER}(?P<big>万|亿)?(?P<classifier>{'|'.join(CLASSIFIERS)})"
)
_BIG = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}

#: How many 万元 one unit holds, exactly.
WAN_PER_UNIT = {"亿元": Decimal(10_000), "万元": Decimal(1), "元": Decimal("0.0001")}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the text states, with its unit or classifier and where it stands."""

    value: Decimal
    unit: str
    start: int
    end: int
    approximate: bool
    #: What one written unit of the number stands for: 10000 for 「1.1万人」 (value 11000), else 1.
    multiplier: Decimal = Decimal(1)


def normalize_keeping_offsets(text: str) -> str:
    """NFKC for every character whose normal form is one character, so offsets stay valid.

    ``６４．３６　万元`` becomes ``64.36 万元``; a character NFKC would expand (``㎡``)
    is kept as it is, which no pattern here needs.
    """
    return text.translate(_NORMAL_CHARS)


class _NormalChars(dict[int, int]):
    """``str.translate`` table filled on first sight of each character (the text is mostly CJK)."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        normal = unicodedata.normalize("NFKC", ch)
        if ch in "\u3000\xa0":
            normal = " "
        self[code] = ord(normal) if len(normal) == 1 else code
        return self[code]


_NORMAL_CHARS = _NormalChars()


#: The longest numeral read (「1,000,000,000,000.00」 is 20 characters, 「一亿二千三百四十五万六千七百八十九」
#: 17): a longer run of digits is no number anyone writes, and reading one digit by digit
#: (「一一一…」) would need an integer Python refuses to make from text past 4,300 digits.
MAX_NUMERAL = 40


def parse_number(text: str) -> Decimal | None:
    """The value of an Arabic or Chinese numeral; None when it is not one (or longer than :data:`MAX_NUMERAL`)."""
    text = text.strip().replace(",", "")
    if not text or len(text) > MAX_NUMERAL:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text)
        except ArithmeticError:
            return None
    return chinese_number(text)


def chinese_number(text: str) -> Decimal | None:
    """``一千零五十`` → 1050, ``十二`` → 12, ``二〇一九`` → 2019 (digit by digit), ``三点五`` → 3.5;
    None for anything else and for more than :data:`MAX_NUMERAL` characters."""
    if len(text) > MAX_NUMERAL:
        return None
    whole, _, fraction = text.partition("点")
    if fraction and not all(ch in _CN_DIGITS for ch in fraction):
        return None
    integer = _chinese_integer(whole)
    if integer is None:
        return None
    if not fraction:
        return Decimal(integer)
    return Decimal(f"{integer}.{''.join(str(_CN_DIGITS[ch]) for ch in fraction)}")


def _chinese_integer(text: str) -> int | None:
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        # 「二〇一九」 is read digit by digit; a lone digit is itself.
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    return _below_big(text)


def _below_big(text: str) -> int:
    """A numeral by its largest unit: everything before the last 亿 (else 万) counts that many of it,
    so 「二万五千万」 is 25000 × 万 and 「一亿二千万」 is 1 × 亿 + 2000 × 万."""
    for big in ("亿", "万"):
        at = text.rfind(big)
        if at >= 0:
            before, after = text[:at], text[at + 1:]
            return (_below_big(before) if before else 1) * _CN_BIG_UNITS[big] + (_below_big(after) if after else 0)
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
    return total + (digit or 0)


def amounts_in(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """The amounts of money in ``text[start:end]``, values in the unit written (``unit`` says which)."""
    return list(iter_amounts(text, start, end))


def iter_amounts(text: str, start: int = 0, end: int | None = None) -> Iterator[Quantity]:
    """``amounts_in`` one at a time, for callers that stop early."""
    return _quantities(AMOUNT, "unit", text, start, end)


def counts_in(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """The counted things (``99 人``, ``三个``) in ``text[start:end]``; ``unit`` is the classifier."""
    return list(_quantities(COUNT, "classifier", text, start, end))


def _quantities(pattern: re.Pattern[str], unit_group: str, text: str, start: int, end: int | None) -> Iterator[Quantity]:
    for match in pattern.finditer(text, start, len(text) if end is None else end):
        number, unit = _written_unit(match.group("number"), match.group(unit_group))
        value = parse_number(number)
        if value is None:
            continue
        approximate_before = match.group("approx_before")
        big = match.groupdict().get("big")
        multiplier = _BIG[big] if big else Decimal(1)
        yield Quantity(
            value=tidy(value * multiplier) if big else value,
            unit=unit,
            start=match.start() if approximate_before else match.start("number"),
            end=match.end(),
            approximate=bool(approximate_before or match.group("approx_after")),
            multiplier=multiplier,
        )


def _written_unit(number: str, unit: str) -> tuple[str, str]:
    """「一千二百万元」 is 1200 万元, as 「1200万元」 is: a Chinese numeral's closing 万 (or 亿) before 元 is
    the unit's, so that the figure keeps the precision it is written to (a whole 万元, not a yuan).
    「一亿二千万元」 keeps its 万 (its 亿 part would otherwise be read as 亿 + 2000)."""
    if unit == "元" and len(number) > 1 and number[-1] in "万亿" and not number[0].isdigit():
        head = number[:-1]
        if not any(big in head for big in "万亿"):
            return head, number[-1] + "元"
    return number, unit


def in_unit(quantity: Quantity, unit: str) -> Decimal:
    """An amount converted exactly to 万元 or 元 (``5000元`` is 0.5 万元)."""
    return converted(quantity.value, quantity.unit, unit)


def converted(value: Decimal, written_unit: str, unit: str) -> Decimal:
    """``value`` written in ``written_unit`` (亿元, 万元, 元), exactly in ``unit`` (万元 or 元)."""
    wan = value * WAN_PER_UNIT[written_unit]
    return tidy(wan if unit == "万元" else wan * 10_000)


def tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros a conversion added (``100.0000`` → ``100``, ``0.50`` → ``0.5``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()

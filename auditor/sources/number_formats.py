"""How a spreadsheet's number format shows a number: as a percentage, a date, and with how many decimals.

The three spreadsheet readers (.xlsx, .xls, .ods) keep a number's literal value and learn from
its format whether 0.7 is 「70%」, 45291 a date, and how many decimals the sheet prints — what a
reviewer sees, which the rules must read. Excel's built-in format ids and the code grammar are
the same in .xlsx and .xls, so they are defined once, here.
"""

from __future__ import annotations

from functools import lru_cache

BUILTIN_PERCENT = frozenset({9, 10})
# 14–22 and 45–47 everywhere; 27–36 and 50–58 are the date formats of the CJK locales
# (e.g. 31 = yyyy"年"m"月"d"日" in zh-CN), written by Excel/WPS without a <numFmt>.
BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})

#: A decimal literal as Excel stores it ("504.55", "-1.5E-3"), at most 30 digits either side
#: of the point and a 4-digit exponent, so that Decimal() of it is always cheap.
NUMBER_LITERAL = r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,4})?"


def shown_characters(code: str) -> str:
    """The characters a number-format code shows as format symbols: quoted text, [..] parts,
    escaped, padding and fill characters left out; sections (``;``) kept."""
    shown: list[str] = []
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch in '"[':
            j = code.find('"' if ch == '"' else "]", i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch in "\\_*":  # an escaped char, a padding char, a fill char
            i += 2
            continue
        shown.append(ch)
        i += 1
    return "".join(shown)


@lru_cache(maxsize=4096)
def classify_format(code: str) -> tuple[bool, bool]:
    """(percent, date) for a number-format code, ignoring quoted text, [..] and escapes."""
    shown = shown_characters(code)
    return "%" in shown, any(ch in shown for ch in "yYmMdDhHsS")


@lru_cache(maxsize=4096)
def format_decimals(code: str) -> int | None:
    """How many decimals a number-format code shows ("0.00%" → 2, "#,##0" → 0), from its first
    section; None for General, text, date/time and scientific formats."""
    text = shown_characters(code).partition(";")[0]
    if "general" in text.lower() or any(ch in text for ch in "@eEyYmMdDhHsS"):
        return None
    if not any(ch in text for ch in "0#?"):
        return None
    _, point, after = text.partition(".")
    if not point:
        return 0
    return len(after) - len(after.lstrip("0#?"))


#: Decimals of the built-in number formats that have a fixed count (0, 0.00, #,##0, 0%, …).
BUILTIN_DECIMALS = {1: 0, 2: 2, 3: 0, 4: 2, 9: 0, 10: 2, 37: 0, 38: 0, 39: 2, 40: 2}

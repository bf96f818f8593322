"""Text from a submission that a spreadsheet must show as text, never run as a formula.

Department names, paths, project names and messages come from files other people
wrote. A spreadsheet program treats a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (CSV injection, OWASP), and ``=HYPERLINK(...)`` in a reviewer's
workbook is a phishing link. The workbook stores every such text as a string cell;
the CSV, which has no cell types, prefixes it with ``'`` (OWASP's advice), which
Excel, WPS and LibreOffice show as text. Both use the rule defined here.

Text is also cleaned so that writing it cannot fail half-way through a batch:
control characters that XML 1.0 forbids and lone surrogates (undecodable bytes in a
file name) become U+FFFD.
"""

from __future__ import annotations

import re

#: The first characters that make a spreadsheet program read a field as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"

_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    """``text`` with the characters no XML file (nor UTF-8) can hold replaced by U+FFFD."""
    return _UNWRITABLE.sub(REPLACEMENT, text)


def csv_safe(text: str | None) -> str:
    """A CSV field that shows ``text`` as text: cleaned, and ``'``-prefixed when formula-like."""
    if text is None:
        return ""
    text = clean_text(text)
    return "'" + text if is_formula_like(text) else text

"""Text as departments type it, made comparable: full-width forms folded, placeholders seen as empty.

A name typed ``送温暖资金`` in one sheet and ``送温暖 资金`` or ``ＳＷＮ`` in another is the
same project; a cell holding only 「—」 or 「/」 is empty. Every reader and fact that
compares or tests text goes through these few functions, so they agree.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_EMPTY_MARKS = {"", "—", "－", "-", "/", "*", "——", "无"}


@lru_cache(maxsize=8192)
def normalize_text(text: str) -> str:
    """Full-width digits, letters and punctuation become their ASCII forms; outer spaces go.

    NFKC is the Unicode normalisation made for exactly this (``１０００．５`` → ``1000.5``,
    ``％`` → ``%``); the minus sign U+2212 is not covered by it, so it is mapped by hand.
    """
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """A name as compared: full-width folded, spaces removed, case ignored."""
    return "".join(normalize_text(text).split()).casefold()


def is_blank(text: str | None) -> bool:
    """True for an empty cell or one holding only a placeholder dash or slash."""
    if text is None:
        return True
    stripped = text.strip()
    # Every placeholder is at most two characters: anything longer is content.
    return len(stripped) <= 2 and normalize_text(stripped) in _EMPTY_MARKS

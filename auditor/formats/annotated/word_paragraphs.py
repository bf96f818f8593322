"""Which Word paragraphs (or table rows) make up each paragraph a finding cites as 「第N段」.

Findings count paragraphs as a reviewer does (``readers.narrative``): a paragraph that
Word broke at a page end is one, a paragraph of lines split at line breaks may be
several, empty paragraphs do not count, a table row is one. The copy must mark the Word
elements behind 「第N段」, so the two readings are aligned by their text: the Word body's
paragraphs and top-level table rows, in order, are matched against the reviewer's
paragraphs, whitespace ignored, each consuming the text it accounts for. A Word
element whose text is not where it is expected (text the reader skips, such as hidden
runs) is passed over, and the alignment picks up again at the next paragraph it matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = {"w": WORD, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_SKIPPED = "[not(ancestor::w:txbxContent)][not(ancestor::mc:Fallback)]"
#: The body's paragraphs outside tables and text boxes, and its top-level tables, in document order.
_UNITS = etree.XPath(f".//w:p[not(ancestor::w:tbl)]{_SKIPPED} | .//w:tbl[not(ancestor::w:tbl)]{_SKIPPED}", namespaces=_NAMESPACES)
_ROWS = etree.XPath("./w:tr", namespaces=_NAMESPACES)
#: The text of an element as the reader takes it: no deleted, moved-away or hidden runs.
_TEXT = etree.XPath(
    f".//w:t{_SKIPPED}[not(ancestor::w:moveFrom)][not(ancestor::w:del)]"
    "[not(ancestor::w:r/w:rPr/w:vanish[not(@w:val='0' or @w:val='false' or @w:val='off')])]",
    namespaces=_NAMESPACES,
)
_SPACE = re.compile(r"\s+")
#: How many reviewer paragraphs ahead an unmatched Word element is looked for.
_LOOKAHEAD = 8


def word_units(body: etree._Element) -> list[etree._Element]:
    """The body's paragraphs and top-level table rows, in document order."""
    units: list[etree._Element] = []
    for element in _UNITS(body):
        units.extend(_ROWS(element) if etree.QName(element).localname == "tbl" else [element])
    return units


def unit_text(unit: etree._Element) -> str:
    return "".join(node.text or "" for node in _TEXT(unit))


def align(units: Sequence[etree._Element], paragraphs: Sequence[str]) -> dict[int, list[etree._Element]]:
    """Paragraph number (1-based, as findings cite it) → the Word elements it was read from."""
    texts = [_SPACE.sub("", text) for text in paragraphs]
    found: dict[int, list[etree._Element]] = {}
    index, offset = 0, 0
    for unit in units:
        text = _SPACE.sub("", unit_text(unit))
        if not text:
            continue
        starts = [(index, offset), *((later, 0) for later in range(index + 1, min(index + 1 + _LOOKAHEAD, len(texts))))]
        for start in starts:
            consumed = _consume(text, texts, *start)
            if consumed is not None:
                touched, index, offset = consumed
                for number in touched:
                    found.setdefault(number + 1, []).append(unit)
                break
    return found


def _consume(text: str, paragraphs: Sequence[str], index: int, offset: int) -> tuple[list[int], int, int] | None:
    """Where reading ``text`` from paragraph ``index`` at ``offset`` ends, and the paragraphs it
    covered; None when the text is not what stands there."""
    touched: list[int] = []
    position = 0
    while position < len(text):
        if index >= len(paragraphs):
            return None
        rest = paragraphs[index][offset:]
        if not rest:
            index, offset = index + 1, 0
            continue
        size = min(len(rest), len(text) - position)
        if text[position:position + size] != rest[:size]:
            return None
        touched.append(index)
        position += size
        offset += size
        if offset == len(paragraphs[index]):
            index, offset = index + 1, 0
    return touched, index, offset

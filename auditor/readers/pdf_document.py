"""A PDF's pages → the ``Document`` every written report becomes: paragraphs rejoined, tables as rows.

:mod:`~auditor.sources.pdf` hands over each page's lines of text with their boxes, and its
ruled tables with their cells. A PDF has no paragraphs, only lines where the printer
broke them; this module decides, from where each line sits, which lines are one
paragraph, and then lets :func:`~auditor.readers.narrative.paragraphs.assemble` join them
as it joins the lines of a text file or a Word document, so that a PDF is counted in
「第N段」 the way its .docx would be:

* **Wrapped, joined** (``join="wrap"``): a line that ends where the next line's first word
  would not have fitted — within that word's width (and one character of slack) of the
  text's right edge. A word here is what a printer keeps together: a CJK character with
  the closing punctuation after it, or a run of Latin letters and digits (「费）504.55」).
  Across a page break the same test is made between the page's last line and the next
  page's first.
* **Ended on purpose** (``"stop"``): a line that ends short of that.
* **A new block** (``"block"``): after vertical space larger than the text's usual line
  pitch, and after a table. ``assemble`` joins a block to the paragraph before only when
  that paragraph is unfinished (no 。；： at its end) — the page-break repair that text and
  Word reports get too.
* **A new paragraph by its form**: a line indented past the text's left edge (the first-line
  indent of Chinese paragraphs, a centred title), or one that starts with numbering; each
  line is read by :func:`~auditor.readers.narrative.plain_text.plain_block`, which knows
  headings by their numbering, date lines and Markdown marks, as for any line of a text file.

Page numbers in the top or bottom margin (「- 3 -」「第 3 页 共 9 页」「3/9」) are left out.

Tables come out as ``table_row`` pieces in reading order, each cell's lines joined as a Word
cell's are; merged cells as the PDF draws them (see :class:`~auditor.sources.pdf.Table`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from auditor.readers.narrative.document import Document
from auditor.readers.narrative.limits import check_char_count, check_line_count
from auditor.readers.narrative.paragraphs import Piece, assemble, join_lines, row_piece
from auditor.readers.narrative.plain_text import plain_block
from auditor.sources.pdf import Page, Table, TextLine

#: A line is indented (starts a paragraph) this many character sizes past the left edge.
INDENT = 1.5
#: A pitch this many times the usual one between two lines is a gap between blocks.
GAP = 1.3
#: The top and bottom share of a page where page numbers sit.
MARGIN_BAND = 0.1

_PAGE_NUMBER = re.compile(
    r"[-—–－·•\s]*\d{1,4}[-—–－·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
)
#: Closing punctuation a printer never starts a line with: it stays with the word before.
_CLOSING = frozenset("，。、；：！？）」』》〉】〕”’…%％,.;:!?)]}·")


def pdf_document(pages: Sequence[Page]) -> Document:
    """The numbered paragraphs of a PDF's pages."""
    furniture = _furniture(pages)
    layouts = {
        width: _Layout.of([line for page in pages if round(page.width) == width for line in _lines(page)
                           if id(line) not in furniture])
        for width in {round(page.width) for page in pages}
    }
    pieces = list(_pieces(pages, furniture, layouts))
    check_line_count(len(pieces))
    paragraphs = assemble(pieces)
    check_char_count(sum(len(p.text) for p in paragraphs))
    return Document(paragraphs, "pdf", None)


def _lines(page: Page) -> Iterator[TextLine]:
    return (item for item in page.items if isinstance(item, TextLine))


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the body text sits: its left and right edges and its usual line pitch."""

    left: float
    right: float
    pitch: float

    @classmethod
    def of(cls, lines: list[TextLine]) -> _Layout:
        body = [line for line in lines if len(line.text) >= 10] or lines
        if not body:
            return cls(0.0, 0.0, 0.0)
        lefts = sorted(line.x0 for line in body)
        rights = sorted(line.x1 for line in body)
        pitches = [
            after.top - before.top
            for before, after in zip(lines, lines[1:])
            if 0 < after.top - before.top < 3 * _size(before)
        ]
        return cls(
            lefts[len(lefts) // 10],  # a few lines start left of the body (hanging numbers): not the edge
            rights[len(rights) * 9 // 10],  # nor do a few lines that end past it (hanging punctuation)
            statistics.median(pitches) if pitches else 0.0,
        )


def _size(line: TextLine) -> float:
    """The characters' size, as tall as the line."""
    return max(line.bottom - line.top, 1.0)


def _furniture(pages: Sequence[Page]) -> set[int]:
    """The ``id`` of each line that is a page number in the top or bottom margin of its page.

    Only page numbers: a line repeated at the top of every page may be a running head, but
    in a bound volume of 自评表 it is each table's own title and year (「（2023年度）」).
    """
    return {
        id(line)
        for page in pages
        for line in _lines(page)
        if (line.top < MARGIN_BAND * page.height or line.bottom > (1 - MARGIN_BAND) * page.height)
        and _PAGE_NUMBER.fullmatch(line.text.strip())
    }


def _pieces(pages: Sequence[Page], furniture: set[int], layouts: dict[int, _Layout]) -> Iterator[Piece]:
    """Each line and table row as a piece, knowing how it may continue the one before."""
    before: TextLine | None = None  # the last line of text, while nothing came between
    same_page = False
    for page in pages:
        layout = layouts[round(page.width)]  # pages of one width share margins (a landscape table page has its own)
        same_page = False
        for item in page.items:
            if isinstance(item, Table):
                for row in item.rows:
                    yield row_piece(tuple(join_lines(cell.split("\n")) for cell in row))
                before = None
                continue
            if id(item) in furniture:
                continue
            indented = item.x0 >= layout.left + INDENT * _size(item)
            for piece in plain_block([("  " if indented else "") + item.text], baseline=0):
                if before is not None:
                    piece.join = _join(before, item, layout, same_page)
                yield piece
            before, same_page = item, True


def _join(before: TextLine, after: TextLine, layout: _Layout, same_page: bool) -> str:
    """How ``after`` continues ``before`` (see the module docstring)."""
    if same_page and (after.top <= before.top or after.top - before.top > GAP * layout.pitch):
        return "block"
    if layout.right - before.x1 < _lead_width(after.text, _size(before)) + _size(before):
        return "wrap"
    return "block" if not same_page else "stop"


def _lead_width(text: str, size: float) -> float:
    """How wide the first word of ``text`` is, as a printer keeps it together (see the module docstring)."""
    text = text.lstrip()
    if not text:
        return 0.0
    end = 1
    if text[0].isascii() and text[0].isalnum():
        while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] in ".,%-/"):
            end += 1
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] in ".%"):
        end += 1  # 「）504.55」: digits right after closing punctuation go with it
    return sum(0.55 * size if char.isascii() else size for char in text[:end])

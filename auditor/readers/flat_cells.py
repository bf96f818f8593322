"""A document cut into the cells a table copied into it was made of, each knowing where it stands.

A 项目支出绩效自评表 pasted into a report, saved from a web page or converted from a PDF
reaches auditor in one of these shapes (the shared real excerpts show each):

* rows of a Word or Markdown table — ``table_row`` paragraphs, one cell each, empty ones kept;
* lines whose cells are separated by tabs, or by 「|」 (``项目名称 | 春节慰问经费``);
* one cell per line, with a line of 「|」 after each cell (a web table copied as text): a cell
  may take several lines, an empty cell is an empty line between two bars — but where a
  row ends (「||||」) does not reach us, since the text reader drops lines of bars only;
* one cell per line and nothing else, or a whole table run together on one line, cells
  separated by spaces — here an empty cell leaves no trace at all.

This module turns every paragraph into :class:`FlatCell` s: the text of a cell, its paragraph
and line, and — where the shape says where rows end (table rows, tab or 「|」 lines) — the
row it belongs to. What the cells mean is the table reader's business
(:mod:`~auditor.readers.text_tables`); nothing here knows a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from auditor.readers.narrative.document import Document
from auditor.readers.narrative.paragraphs import join_lines

#: A line of bars only: it ends the cell written on the lines before it.
_BARS = re.compile(r"[|｜]+")
_BAR_CHARS = "|｜"
#: Spaces that separate cells run together on one line (an ideographic space too).
_SPACES = re.compile(r"[ \u3000\u00a0]+")


@dataclass(frozen=True, slots=True)
class FlatCell:
    """One cell of a table copied into a document, and where it is."""

    text: str
    #: The paragraph it is in (「第N段」, as every written-report finding counts them).
    paragraph: int
    #: Its line within the paragraph (1-based), when the paragraph has more than one.
    line: int | None
    #: The row it belongs to, where the document marks rows (a table row, a tab- or
    #: 「|」-separated line); None for cells one per line or run together on a line, whose
    #: rows only the table's labels can tell.
    row: int | None = None

    def where(self) -> str:
        """「第12段」 or 「第1段第18行」."""
        return f"第{self.paragraph}段" + (f"第{self.line}行" if self.line is not None else "")


@dataclass(frozen=True, slots=True)
class _Line:
    paragraph: int
    line: int | None
    text: str


def document_cells(document: Document) -> list[FlatCell]:
    """Every cell of every paragraph, in document order (see the module docstring)."""
    return list(_Cutter().cut(document))


class _Cutter:
    """One pass over a document's lines, with the state a line of bars needs."""

    def __init__(self) -> None:
        self.rows = 0
        #: Lines seen since the last line of bars or marked row, not cut yet.
        self.pending: list[_Line] = []
        #: Inside cells closed by lines of bars.
        self.in_bars = False

    def cut(self, document: Document) -> Iterator[FlatCell]:
        for paragraph in document.paragraphs:
            if paragraph.kind == "table_row":
                yield from self.flush()
                self.rows += 1
                yield from (FlatCell(cell.strip(), paragraph.number, None, self.rows) for cell in paragraph.cells)
                continue
            lines = paragraph.lines()
            for index, text in enumerate(lines, start=1):
                line = _Line(paragraph.number, index if len(lines) > 1 else None, text.strip())
                if line.text:
                    yield from self.take(line)
        yield from self.flush()

    def take(self, line: _Line) -> Iterator[FlatCell]:
        if _BARS.fullmatch(line.text):
            yield from self.bars(line)
        elif "\t" in line.text or any(bar in line.text for bar in _BAR_CHARS):
            yield from self.flush()
            yield from self.delimited(line)
        else:
            self.pending.append(line)

    def bars(self, line: _Line) -> Iterator[FlatCell]:
        """A line of bars closes the cell written on the lines before it: all of them inside
        cells closed by bars, the last one where such cells begin (the lines before it are text)."""
        cell_lines = self.pending
        if not self.in_bars:
            yield from _run_together(self.pending[:-1])
            cell_lines = self.pending[-1:]
            self.in_bars = True
        self.pending = []
        first = cell_lines[0] if cell_lines else line
        yield FlatCell(join_lines(item.text for item in cell_lines), first.paragraph, first.line)

    def delimited(self, line: _Line) -> Iterator[FlatCell]:
        """A line of cells separated by tabs or bars (outer bars dropped, empty cells kept)."""
        text = line.text
        separator = "\t"
        if separator not in text:
            separator = "|"
            text = text.replace("｜", "|")
            text = text[1:] if text.startswith("|") else text
            text = text[:-1] if text.endswith("|") else text
        self.rows += 1
        for cell in text.split(separator):
            yield FlatCell(cell.strip(), line.paragraph, line.line, self.rows)

    def flush(self) -> Iterator[FlatCell]:
        """Lines not closed by a line of bars: cells one per line or run together on a line."""
        yield from _run_together(self.pending)
        self.pending = []
        self.in_bars = False


def _run_together(lines: Sequence[_Line]) -> Iterator[FlatCell]:
    for line in lines:
        for text in _SPACES.split(line.text):
            if text:
                yield FlatCell(text, line.paragraph, line.line)

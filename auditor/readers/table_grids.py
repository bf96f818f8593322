"""A document's real tables — runs of table rows from Word, Markdown, a PDF's ruled cells or a page's
``<table>`` — as grids of cells, which the national form reader reads exactly as it reads a sheet.

A table that arrives with its cells in grid order needs no guessing about which value stands
under which head: its cells go to the same row and column of a sheet, and the national
reader's label logic does the rest, as for the .xlsx it was printed or saved from. Each cell
remembers its paragraph, so that a finding cites 「第79段第6格「100.00%」」, not a sheet
nobody can open. (Tables flattened into text are :mod:`~auditor.readers.text_tables`'.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from auditor.readers.narrative.document import Document, Paragraph
from auditor.readers.national.form import is_national_sheet
from auditor.readers.national.labels import ALL_LABELS
from auditor.readers.national.sheet import FormSheet
from auditor.readers.text_tables import quoted, shown_label
from auditor.sources.grid import Cell, Sheet

#: Rows a table must have to be looked at as a 自评表 (the smallest national table has more).
MIN_ROWS = 6
#: Columns kept of any row (a national table has about a dozen).
MAX_COLUMNS = 60
#: Cells per table grid (a national table has a few hundred).
MAX_CELLS = 20_000
#: Short paragraphs just above a table taken as its title lines (「项目支出绩效自评表」「（2023年度）」).
TITLE_LINES = 3
TITLE_LENGTH = 60
_FIGURE = re.compile(r"^[\s≥≤><=＞＜%％.\d,，万元个人次分/—-]*$")


def _is_figure(text: str) -> bool:
    """A value rather than a label: a number, a percent, a target such as ≥50个, or a dash."""
    return bool(_FIGURE.match(text))


@dataclass
class GridTable:
    """One national table found among a document's table rows: its sheet and where each row came from."""

    sheet: Sheet
    #: The paragraph of its first row (the sheet is named after it).
    paragraph: int
    #: Row of the grid → the paragraph that holds it.
    rows: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    indicators_unknown: bool = False
    execution_reason_unknown: bool = False
    shape: str = "表格"
    _form_sheet: FormSheet | None = field(default=None, repr=False)

    def place_of(self, row: int, col: int) -> str:
        """Where a cell of the grid stands in the document, as a reviewer finds it: its paragraph, the row's
        label, the column's head — 「第79段“年度资金总额”行的全年预算数「251.89」」 (「（空）」 when empty)."""
        paragraph = self.rows.get(row)
        if paragraph is None:
            return self.sheet.name
        cell = self.sheet.cells.get((row, col))
        shown = cell.text if cell is not None else ""
        label = self._row_label(row, col)
        where = f"第{paragraph}段" + (f"“{shown_label(label)}”行的" if label else "") + self._column_name(row, col)
        return f"{where}「{quoted(shown)}」" if shown.strip() else f"{where}（空）"

    def _row_label(self, row: int, col: int) -> str | None:
        """The nearest label left of the cell in its row (「年度资金总额」「其中：财政资金」, an indicator's name)."""
        labels = [
            cell.text for (r, c), cell in sorted(self.sheet.cells.items())
            if r == row and c < col and cell.text.strip() and not _is_figure(cell.text)
        ]
        return labels[-1] if labels else None

    def _column_name(self, row: int, col: int) -> str:
        """The nearest head above the cell in its column that the national form knows (全年预算数, 得分), else 第C格."""
        keys = self._form().keys
        for above in range(row - 1, 0, -1):
            key = keys.get((above, col))
            if key is not None and key in ALL_LABELS:
                return self.sheet.cells[(above, col)].text.replace("\n", "")
        return f"第{col}格"

    def _form(self) -> FormSheet:
        if self._form_sheet is None:
            self._form_sheet = FormSheet.of(self.sheet)
        return self._form_sheet


def grid_tables(document: Document) -> list[GridTable]:
    """Every run of table rows in the document that is a national 自评表, as a grid."""
    found: list[GridTable] = []
    for titles, run in _runs(document.paragraphs):
        table = _grid(titles, run, len(found))
        if table is not None and is_national_sheet(FormSheet.of(table.sheet)):
            found.append(table)
    return found


def _runs(paragraphs: Sequence[Paragraph]) -> list[tuple[list[Paragraph], list[Paragraph]]]:
    """Consecutive table rows, each run at least MIN_ROWS long, with the title lines just before it.

    A table's title and its 「（2023年度）」 often stand in paragraphs above the table rather than
    in its first row (a web page's heading, a PDF's centred lines): the national reader looks for
    the year and title at the top of the sheet, so they go there.
    """
    runs: list[tuple[list[Paragraph], list[Paragraph]]] = []
    current: list[Paragraph] = []
    before: list[Paragraph] = []
    for paragraph in [*paragraphs, None]:
        if paragraph is not None and paragraph.kind == "table_row":
            current.append(paragraph)
            continue
        if len(current) >= MIN_ROWS:
            runs.append((before[-TITLE_LINES:], current))
        current = []
        if paragraph is not None:
            before = [*before, paragraph] if len(paragraph.text) <= TITLE_LENGTH else []
    return runs


def _grid(titles: Sequence[Paragraph], run: Sequence[Paragraph], index: int) -> GridTable | None:
    """The run as a grid — only when its rows are all as wide, i.e. its cells really are in grid order.

    A web page's or a PDF's rows come with every position (a merged cell once, the positions it
    covers empty); a Word table stores a merged cell once, so its rows differ in length and a
    value would land under another column's head. Such a run is left to the reading of tables by
    what their cells can be (``text_tables``), which does not depend on positions.
    """
    if len({len(p.cells) for p in run}) != 1:
        return None
    first = run[0].number
    name = f"第{first}段起的自评表" + (f"（其{index + 1}）" if index else "")
    sheet = Sheet(name)
    table = GridTable(sheet, first)
    rows = [(p, (p.text,)) for p in titles] + [(p, p.cells) for p in run]
    for row, (paragraph, cells) in enumerate(rows, start=1):
        table.rows[row] = paragraph.number
        for col, text in enumerate(cells[:MAX_COLUMNS], start=1):
            if text.strip():
                sheet.cells[(row, col)] = Cell(row, col, "text", text.strip())
        if len(sheet.cells) > MAX_CELLS:
            return None
    return table

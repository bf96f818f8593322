"""A saved web page → the report's numbered paragraphs and table rows, page chrome left out.

The page's bytes (or a .mht web archive's page part) are decoded and parsed by
:mod:`auditor.sources.html` (strictly, bounded, nothing executed or fetched); this module walks the element tree in document order the
way a reader's eye goes down the page:

* text between block boundaries (``<p>``, ``<div>``, ``<li>``, a layout table's cells …) is
  one block, broken into lines at ``<br>``; its lines are read like a block of a .txt file
  (:func:`~auditor.readers.narrative.plain_text.plain_block`: a line indented with
  ``&nbsp;``/「　」 starts a paragraph, numbering makes a heading), so a paragraph cut by a
  page break into two ``<p>`` is joined again as in every other format; ``<h1>``–``<h6>``
  are headings;
* a data table becomes one ``table_row`` piece per ``<tr>``, its cells in grid order after
  rowspan/colspan (:func:`~auditor.sources.html.table_grid`: a merged cell's text in its
  first slot, ``""`` in the slots it spans — as a spreadsheet stores it, and as a Word
  table's continued vertical merge reads); its grid is kept too (:attr:`Page.tables`) for
  the spreadsheet layout readers;
* a layout table — one that holds another table, headings or lists in its cells, only one
  cell, or ``role="presentation"`` — is not data: its cells are blocks of the page;
* page chrome is dropped line by line, and metadata boxes whole (:mod:`.html_chrome`).

The resulting pieces are numbered by :func:`~auditor.readers.narrative.paragraphs.assemble`
into a :class:`~auditor.readers.narrative.document.Document` (format ``"html"``) like any
other report's.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from auditor.readers.html_chrome import (
    LINK_DENSITY,
    is_chrome_line,
    is_chrome_region,
    is_metadata_label,
    states_figure,
)
from auditor.readers.narrative.document import MAX_BYTES, Document
from auditor.readers.narrative.limits import check_char_count, check_line_count
from auditor.readers.narrative.paragraphs import Piece, assemble, join_lines, row_piece
from auditor.readers.narrative.plain_text import plain_block
from auditor.sources.files import human_size, read_regular_file
from auditor.sources.html import (
    BLOCK,
    HEADINGS,
    MAX_PAGE_TABLE_SLOTS,
    Element,
    TableGrid,
    collapse_whitespace,
    decode_page,
    is_hidden,
    is_web_archive,
    parse_html,
    table_grid,
    table_rows,
    text_lines,
    web_archive_page,
)
from auditor.sources.refusal import Refused

#: Elements inside a table cell that make the table a layout table, not data.
_LAYOUT_CONTENT = HEADINGS | {
    "table", "ul", "ol", "dl", "nav", "header", "footer", "article", "section", "aside", "main", "form", "blockquote",
}
#: Containers whose items are checked together for the page-metadata box.
_LISTS = frozenset({"ul", "ol", "dl"})
#: A list or table naming this many metadata labels (and no figure) is the metadata box.
_BOX_MIN_LABELS = 2
_PREFORMATTED = frozenset({"pre", "xmp", "plaintext", "listing"})
#: Containers of the whole page or its main content: never a box of links, however short the page.
_WHOLE_PAGE = frozenset({"#document", "html", "body", "main", "article"})
#: A box of links keeps at most this much text outside its links (a title, dates): more,
#: and it is a page's body with links in it.
MAX_LINK_BOX_TEXT = 200
#: More text than any cell of a 自评表 holds (its longest, 实际完成情况, runs to several hundred
#: characters): a cell holding more is a page's body laid out in a table.
MAX_DATA_CELL_CHARS = 3000


@dataclass(frozen=True, slots=True)
class Page:
    """A web page read: its paragraphs, and the grid of each data table in it, in document order."""

    document: Document
    tables: list[TableGrid] = field(default_factory=list)


def read_page(path: Path, max_bytes: int = MAX_BYTES) -> Page:
    """The report on the page saved at ``path``; raises :class:`Refused`, and nothing else,
    for a file that is not a readable page or holds no report text."""
    data = read_regular_file(path, max_bytes, Refused, _too_large, _cannot_open)
    if is_web_archive(data):
        return page_from_bytes(*web_archive_page(data))
    return page_from_bytes(data)


#: The mark auditor's own HTML report carries (formats/templates/html_report.html.j2): a report of an
#: earlier run left in a folder being checked is named as such, not read as a department's report.
_AUDITOR_REPORT = re.compile(r"<meta\s+name=[\"']generator[\"']\s+content=[\"']auditor[\"']", re.IGNORECASE)


def page_from_bytes(data: bytes, declared_charset: str | None = None) -> Page:
    """The report on a page given as bytes (``declared_charset`` from outside the page, if any)."""
    text, encoding = decode_page(data, declared_charset)
    if _AUDITOR_REPORT.search(text, 0, 4096):
        raise Refused(
            "这是 auditor 生成的筛查报告（HTML），不是自评材料；请勿把报告放在待审查的文件夹中。",
            "This is a screening report auditor wrote (HTML), not a submission; keep reports out of the folder being checked.",
        )
    try:
        root = parse_html(text)
    except RecursionError:  # not expected (the tree is walked iteratively); a refusal all the same
        raise Refused("网页结构嵌套过深，拒绝读取。", "The page is nested too deeply; refused.") from None
    walker = _Walker()
    walker.walk(root)
    paragraphs = assemble(walker.pieces)
    check_char_count(sum(len(p.text) for p in paragraphs))
    if not paragraphs:
        raise Refused(
            "网页中没有正文文字（只有导航、页眉页脚等页面框架，或正文是图片），无法审查。",
            "The page holds no body text (only the site's menus, header and footer, or the text is a picture); nothing to screen.",
        )
    return Page(Document(paragraphs, "html", encoding), walker.tables)


def _too_large(size: int, limit: int) -> Refused:
    return Refused(
        f"文件大小（{human_size(size)}）超过上限 {human_size(limit)}，拒绝读取；网页形式的自评报告不应这么大。",
        f"The file ({human_size(size)}) is larger than the limit of {human_size(limit)}; refused "
        "(a report saved as a web page is never that large).",
    )


def _cannot_open(exc: OSError) -> Refused:
    return Refused(f"无法打开文件：{exc.strerror or exc}", f"The file cannot be opened: {exc.strerror or exc}")


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a piece of text stands: in a chrome region, an article, a link, a heading, a list item."""

    region: bool = False
    article: bool = False
    link: bool = False
    heading: bool = False
    item: bool = False
    preformatted: bool = False


@dataclass(slots=True)
class _Line:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    outside_region: bool = False  # some visible text of the line lies outside chrome regions

    def text(self) -> str:
        return collapse_whitespace("".join(self.parts))


@dataclass(slots=True)
class _Frame:
    """An element being walked: where the walk is in its children, and the counts when it began."""

    element: Element
    context: _Context
    at: int = 0
    first_piece: int = 0
    labels: int = 0
    figures: int = 0
    visible: int = 0
    links: int = 0


class _Walker:
    """The tree in document order → pieces (and data tables' grids)."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.tables: list[TableGrid] = []
        self.lines: list[_Line] = [_Line()]
        self.block = _Context()  # the context of the block being gathered
        self.labels = 0  # lines so far that are metadata labels (for the metadata box)
        self.figures = 0  # pieces so far that state a figure
        self.visible = 0  # visible characters so far, and those of them in links
        self.links = 0
        self.slots = 0  # table slots so far
        self.chars = 0  # characters of the pieces so far

    def walk(self, root: Element) -> None:
        """Walk the tree in document order; iterative, so that no page can exhaust the stack."""
        stack = [_Frame(root, _Context())]
        while stack:
            frame = stack[-1]
            children = frame.element.children
            if frame.at == len(children):
                stack.pop()
                self._leave(frame, stack[-1].context if stack else _Context())
                continue
            child = children[frame.at]
            frame.at += 1
            if isinstance(child, str):
                self._text(child, frame.context)
            elif child.tag == "br":
                self.lines.append(_Line())
            elif child.tag == "hr":
                self._flush()
            elif is_hidden(child):
                continue
            elif child.tag == "table" and not _is_layout_table(child):
                self._flush()
                self._table(child, frame.context)
            else:
                if child.tag in BLOCK:
                    self._flush()
                context = _enter(child, frame.context)
                if child.tag in BLOCK:
                    self.block = context
                stack.append(_Frame(child, context, 0, len(self.pieces), self.labels, self.figures, self.visible, self.links))
        self._flush()

    def _leave(self, frame: _Frame, outer: _Context) -> None:
        tag = frame.element.tag
        if tag not in BLOCK:
            return
        self._flush()
        if tag in _LISTS and self.labels - frame.labels >= _BOX_MIN_LABELS and self.figures == frame.figures:
            self._drop(frame.first_piece, lambda piece: False)  # the page-metadata box
        visible, links = self.visible - frame.visible, self.links - frame.links
        if tag not in _WHOLE_PAGE and visible and links >= LINK_DENSITY * visible and visible - links <= MAX_LINK_BOX_TEXT:
            # A box of links (a menu column, related links) with a title or dates: only
            # table rows and lines that state a figure are kept.
            self._drop(frame.first_piece, lambda piece: piece.kind == "table_row" or states_figure(piece.text))
        self.block = outer

    # ---- gathering text

    def _text(self, text: str, context: _Context) -> None:
        if context.preformatted and "\n" in text:
            first, *rest = text.split("\n")
            self._text(first, context)
            for line in rest:
                self.lines.append(_Line())
                self._text(line, context)
            return
        line = self.lines[-1]
        line.parts.append(text)
        visible = _visible(text)
        if visible:
            self.visible += visible
            if context.link:
                line.link_chars += visible
                self.links += visible
            if not context.region:
                line.outside_region = True

    def _flush(self) -> None:
        """The gathered block → pieces, its chrome lines left out."""
        lines, self.lines = self.lines, [_Line()]
        kept: list[str] = []
        heading = self.block.heading
        for line in lines:
            text = line.text()
            bare = text.strip(" \u3000")
            if not bare:
                continue
            self.labels += is_metadata_label(bare)  # counted even when dropped: the box is told by them
            if not is_chrome_line(bare, line.link_chars, not line.outside_region, heading):
                kept.append(text)
        if not kept:
            return
        if heading:
            pieces = [Piece("heading", join_lines(kept))]
        else:
            pieces = plain_block(kept, baseline=0)
            if pieces and self.block.item:
                pieces[0].fresh = True  # a list item starts a paragraph
        self._add(pieces)

    def _add(self, pieces: list[Piece]) -> None:
        self.figures += sum(states_figure(piece.text) for piece in pieces)
        self.pieces.extend(pieces)
        check_line_count(len(self.pieces))
        self.chars += sum(len(piece.text) for piece in pieces)
        check_char_count(self.chars)  # as the paragraphs will be, refused before they are made

    def _drop(self, first: int, keep: Callable[[Piece], bool]) -> None:
        """Drop the pieces from ``first`` on that ``keep`` does not keep (the counts of labels
        and figures seen stay: a box is judged by what it held)."""
        self.pieces[first:] = [piece for piece in self.pieces[first:] if keep(piece)]

    # ---- tables

    def _table(self, table: Element, context: _Context) -> None:
        grid = table_grid(table)
        self.slots += grid.width * len(grid.rows)
        if self.slots > MAX_PAGE_TABLE_SLOTS:
            raise Refused(
                f"网页中各表格合计超过 {MAX_PAGE_TABLE_SLOTS} 个单元格（含合并单元格展开后），拒绝读取。",
                f"The page's tables hold more than {MAX_PAGE_TABLE_SLOTS:,} cells in all (merged cells expanded); refused.",
            )
        rows = [tuple(join_lines(cell.split("\n")) for cell in row) for row in grid.rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        cells = [cell for row in rows for cell in row if cell]
        self.visible += sum(map(_visible, cells))
        labels = sum(map(is_metadata_label, cells))
        self.labels += labels
        figures = any(states_figure(cell) for cell in cells)
        region = context.region or is_chrome_region("table", table.attrs, context.article)
        if not figures and (region or labels >= _BOX_MIN_LABELS):
            return  # a menu laid out as a table, or the page-metadata box
        caption = next((c for c in table.children if isinstance(c, Element) and c.tag == "caption"), None)
        pieces: list[Piece] = []
        if caption is not None and (caption_lines := text_lines(caption)):
            pieces.append(Piece("text", join_lines(caption_lines), fresh=True))
        pieces.extend(row_piece(row) for row in rows)
        self._add(pieces)
        self.tables.append(grid)


def _enter(element: Element, context: _Context) -> _Context:
    """The context of an element's contents."""
    tag = element.tag
    inner = _Context(
        region=context.region or is_chrome_region(tag, element.attrs, context.article),
        article=context.article or tag in ("article", "main") or element.attrs.get("role") == "main",
        link=context.link or (tag == "a" and "href" in element.attrs),
        heading=context.heading or tag in HEADINGS,
        item=tag in ("li", "dd", "dt") or (context.item and tag not in BLOCK),
        preformatted=context.preformatted or tag in _PREFORMATTED,
    )
    return context if inner == context else inner


_INVISIBLE = str.maketrans("", "", " \t\n\r\f\xa0\u3000")


def _visible(text: str) -> int:
    return len(text.translate(_INVISIBLE)) if text else 0


def _is_layout_table(table: Element) -> bool:
    """A table used to lay out the page (see the module docstring), not a table of data.

    Old government sites lay out whole pages in tables: a column of title, metadata and
    body cells, a menu cell beside a content cell. A table is data only when it has at
    least two columns, holds no other table, heading or list, and no cell holds more text
    than a form's cell would (:data:`MAX_DATA_CELL_CHARS`).
    """
    if table.attrs.get("role", "").lower() in ("presentation", "none"):
        return True
    rows = table_rows(table)
    if max((len(cells) for cells in rows), default=0) <= 1:
        return True
    if any(element.tag in _LAYOUT_CONTENT for element in table.elements()):
        return True
    return any(_text_length(cell) > MAX_DATA_CELL_CHARS for cells in rows for cell in cells)


def _text_length(element: Element) -> int:
    return sum(len(child) for node in (element, *element.elements()) for child in node.children if isinstance(child, str))

"""Pieces of text → the numbered paragraphs a reviewer counts (「第N段」), page breaks repaired.

Reports converted from PDF or Word break paragraphs mid-sentence at page ends
(「…向建立工会组织的单位」, blank line, 「按规定收取的工会经费…」), and text files either
wrap every paragraph over several lines or hold one paragraph per line. The readers of
each format (:mod:`~auditor.readers.narrative.plain_text`, :mod:`~auditor.readers.narrative.docx_text`)
cut a report into pieces (:class:`Piece`), each marked with how it may continue the one before;
:func:`assemble` joins those that do and numbers the rest.

How a break between two pieces of text is judged (:func:`_continues`), the heuristic:

* Never joined: when either side is a heading or a table row; when the text after the
  break starts a paragraph by its form (indented further than the file's body lines,
  starting with numbering such as ``（二）`` ``1、`` ``一是`` ``①``, or a date line such as
  「2020年5月13日」); when the paragraph before is shorter than :data:`MIN_BODY_CHARS`
  characters, so that title lines and signatures (「贵州省总工会」) stay on their own.
* Across a blank line, between two .docx paragraphs, and between the lines of a .txt
  block that holds one paragraph per line (its lines mostly end a sentence): joined when
  the paragraph before is unfinished, i.e. ends in a CJK character, a digit, 、 or ，
  rather than in 。！？；：… (closing quotes and brackets are looked through: 「…（试行）」
  is unfinished, 「…。”」 finished), unless it is a title line (≤ 40 characters without
  ，、。；：) before the body begins (a finished paragraph, a table or a numbered heading).
* Between the lines of a .txt block that wraps one paragraph, and between the lines of
  a .docx paragraph (split at ``w:br``), read the same way: joined when the line before
  is about as wide as the block's widest line
  (:data:`~auditor.readers.narrative.plain_text.FULL_LINE`); a shorter line was ended on purpose.
* Within a Markdown paragraph: always joined, as Markdown shows it.

Joined text is concatenated, with one space only between two ASCII words
(「64.36」+「万元」 → 「64.36万元」, 「Excel」+「2019」 → 「Excel 2019」); digits meeting
digits are one number cut by the break (「40.0」+「5 万元」 → 「40.05 万元」).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["heading", "text", "table_row"]

#: A paragraph shorter than this is a title, a signature or a label: never continued.
MIN_BODY_CHARS = 20


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph as a reviewer counts it (「第N段」)."""

    number: int  # 1-based, in document order, counting only non-empty paragraphs
    text: str  # as written, the lines of the paragraph joined
    kind: Kind
    cells: tuple[str, ...] = ()  # for a table_row: the cell texts (``text`` is them joined by "\t")
    #: Where each line joined into ``text`` after the first begins (character offsets): a
    #: table copied as text keeps one cell per line, and :meth:`lines` gives them back.
    #: Not part of a paragraph's identity (a .txt and a .docx of one report read the same).
    line_starts: tuple[int, ...] = field(default=(), compare=False)

    def lines(self) -> tuple[str, ...]:
        """The lines (or .docx paragraph lines) joined into this paragraph, as each was written."""
        if not self.line_starts:
            return (self.text,)
        bounds = (0, *self.line_starts, len(self.text))
        # A line joined after an ASCII word got one space before it: it is not part of either line.
        return tuple(self.text[a:b].rstrip(" ") for a, b in zip(bounds, bounds[1:]))


#: How a piece may continue the one before it (see _continues).
Join = Literal["block", "wrap", "stop"]


@dataclass(slots=True)
class Piece:
    """A line or paragraph on its way to becoming a :class:`Paragraph`."""

    kind: Kind
    text: str
    cells: tuple[str, ...] = ()
    #: "block": across a blank line, a .docx paragraph or a one-paragraph-per-line break;
    #: "wrap": after a full line of a wrapped block; "stop": after a short one.
    join: Join = "block"
    fresh: bool = False  # starts a paragraph by its form, whatever precedes it
    closed: bool = False  # nothing continues it (a date line)
    #: Text joined onto ``text``, each part with its separator; a list, not a growing
    #: string, so that a 20 MB paragraph wrapped over a million lines joins in linear time.
    more: list[str] | None = None
    length: int = 0
    #: Where each joined line begins in the full text (see :attr:`Paragraph.line_starts`).
    line_starts: list[int] | None = None

    def __post_init__(self) -> None:
        self.length = len(self.text)

    @property
    def tail(self) -> str:
        """The last part of the text, which decides how it ends."""
        return self.more[-1] if self.more else self.text

    def extend(self, after: str, line_starts: list[int] | None = None) -> None:
        """Join ``after`` (whose own joined lines begin at ``line_starts`` within it) onto this piece."""
        separator = _separator(self.tail, after)
        part = separator + after
        if self.more is None:
            self.more = []
        if self.line_starts is None:
            self.line_starts = []
        start = self.length + len(separator)
        self.line_starts.append(start)
        self.line_starts += [start + offset for offset in line_starts or ()]
        self.more.append(part)
        self.length += len(part)

    def full_text(self) -> str:
        return self.text + "".join(self.more) if self.more else self.text


def row_piece(cells: tuple[str, ...]) -> Piece:
    """A table row: its cells, and as text the cells joined by tabs."""
    return Piece("table_row", "\t".join(cells), cells)


#: Chinese numerals as section numbering writes them.
CN_NUMERAL = "一二三四五六七八九十百零〇"
#: Section numbering that can head a line: 一、 （一） 第一部分 1． （1） ①. A short line that
#: starts with it is a heading by its form (see plain_text); such a heading ends the title lines.
NUMBERING = re.compile(
    rf"[{CN_NUMERAL}]{{1,4}}[、．.]|[（(][{CN_NUMERAL}]{{1,4}}[）)]"
    rf"|第[{CN_NUMERAL}\d]{{1,4}}(?:部分|章|节|篇)|\d{{1,2}}[、．.](?!\d)|[（(]\d{{1,2}}[）)]|[①-⑳]"
)

#: The genre's words in a title line (「…绩效自评报告」).
_TITLE_WORDS = re.compile(r"绩效|自评|评价|总结|报告")
_TITLE_PUNCTUATION = frozenset("，,。；;：:！？!?、")
#: Looked through when deciding whether a paragraph is finished: 「…。”」 ends a sentence.
_CLOSERS = "”’\"'）)】〕」』》]〉> \t\u3000"
_TERMINAL = frozenset("。！？!?；;：:…．.‼⁇")


def finished(text: str) -> bool:
    """Whether text ends a sentence (or a clause that opens a list: ：；), looking through closers."""
    bare = text.rstrip(_CLOSERS)
    return not bare or bare[-1] in _TERMINAL


def _title_like(text: str) -> bool:
    return len(text) <= 40 and _TITLE_PUNCTUATION.isdisjoint(text)


def _ends_finished(piece: Piece) -> bool:
    tail = piece.tail
    return finished(tail if tail.rstrip(_CLOSERS) else piece.full_text())


def _continues(before: Piece, piece: Piece, in_title: bool) -> bool:
    """Whether ``piece`` continues the paragraph ``before`` (the heuristic of the module docstring)."""
    if before.kind != "text" or piece.kind != "text" or piece.fresh or before.closed:
        return False
    if piece.join == "stop" or before.length < MIN_BODY_CHARS:
        return False
    if in_title and before.length <= 40 and _title_like(before.full_text()) and _TITLE_WORDS.search(before.full_text()):
        return False  # a report's title as wide as the body line under it is still a line of its own
    if piece.join == "wrap":
        return True
    return not _ends_finished(before)


def _separator(before: str, after: str) -> str:
    """What goes between two parts of one paragraph: nothing in CJK text or inside a number,
    a space between ASCII words."""
    if not (before and after):
        return ""
    last, first = before[-1], after[0]
    if last.isascii() and first.isascii() and last.isalnum() and first.isalnum():
        return "" if last.isdigit() and first.isdigit() else " "
    return ""


def join_lines(lines: Iterable[str]) -> str:
    """Lines of one cell or heading as one text (blank lines dropped)."""
    joined: Piece | None = None
    for line in lines:
        if line := line.strip():
            if joined is None:
                joined = Piece("text", line)
            else:
                joined.extend(line)
    return joined.full_text() if joined is not None else ""


def _ends_title_lines(paragraph: Piece) -> bool:
    """Body text has begun: a finished paragraph, a table, or a numbered section heading (a line kept
    on its own, such as a web page's 「分享到：」 or a date, is none of these)."""
    if paragraph.kind == "text":
        return not (paragraph.closed and paragraph.fresh) and _ends_finished(paragraph)
    return paragraph.kind == "table_row" or bool(NUMBERING.match(paragraph.text))


def assemble(pieces: Iterable[Piece]) -> list[Paragraph]:
    """Join the pieces that continue each other and number what remains."""
    merged: list[Piece] = []
    in_title = True  # no finished paragraph yet: unfinished short lines are title lines
    for piece in pieces:
        if not piece.text.strip():
            continue
        if merged and _continues(merged[-1], piece, in_title):
            merged[-1].extend(piece.full_text(), piece.line_starts)
            merged[-1].closed = piece.closed
            continue
        if merged and _ends_title_lines(merged[-1]):
            in_title = False
        merged.append(piece)
    return [
        Paragraph(n, piece.full_text(), piece.kind, piece.cells, tuple(piece.line_starts or ()))
        for n, piece in enumerate(merged, start=1)
    ]

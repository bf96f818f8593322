"""A .txt or .md report's text → pieces: its lines read for headings, tables, rules and numbering.

Markdown marks (``#`` headings, ``---`` rules, pipe tables) appear in .txt files converted
from PDF as much as in .md files, so a .txt (and each line of a .docx paragraph, which the
Word reader hands to :func:`plain_block`) is read for them too; .md also loses emphasis,
list and quote markers. A short line that starts with Chinese section numbering (``一、``
``（一）`` ``第一部分`` ``1．``) and has no 。 is a heading. Each piece says how it may
continue the one before (see :mod:`~auditor.readers.narrative.paragraphs`): the lines of a .txt
block are judged by their width, those of a Markdown paragraph are joined here.

Text is kept as written (not NFKC-normalised); only control characters other than tabs
and line breaks are dropped, since no reviewer can see them and workbook writers refuse them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from auditor.readers.narrative.limits import check_line_count
from auditor.readers.narrative.paragraphs import (
    CN_NUMERAL,
    NUMBERING,
    Piece,
    finished,
    row_piece,
)
from auditor.sources.text import CONTROLS

#: A line of a wrapped .txt block at least this share of the block's widest line is "full".
FULL_LINE = 0.75


def text_pieces(text: str, fmt: Literal["txt", "md"]) -> list[Piece]:
    """The pieces of ``text`` read as a .txt or .md file.

    Raises :class:`~auditor.sources.refusal.Refused` for a text of more than
    :data:`~auditor.readers.narrative.limits.MAX_LINES` non-blank lines.
    """
    lines = _lines(text)
    check_line_count(sum(1 for line in lines if line))
    return _markdown_pieces(lines) if fmt == "md" else _txt_pieces(lines)


_LINE_BREAKS = str.maketrans({"\r": "\n", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n\n"})


def _lines(text: str) -> list[str]:
    """Lines with every kind of break made ``\\n`` (a form feed is a page break: a line
    break too), invisible control characters dropped, trailing blanks removed."""
    text = CONTROLS.sub("", text.removeprefix("\ufeff").replace("\r\n", "\n")).translate(_LINE_BREAKS)
    return [line.rstrip() for line in text.split("\n")]


#: Item markers that start a paragraph but not a heading: 一是 第一条 and bullets.
_ITEM = re.compile(rf"[{CN_NUMERAL}]是|第[{CN_NUMERAL}\d]{{1,4}}条|[•·●○◆◇■□▪][ \t]?|[-*+][ \t]")
_CN_DATE_DIGIT = "〇零○一二三四五六七八九十"
_DATE_LINE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    rf"|[{_CN_DATE_DIGIT}]{{4}}年[{_CN_DATE_DIGIT}]{{1,2}}月(?:[{_CN_DATE_DIGIT}]{{1,3}}日)?"
)
#: A web page's own lines around a report (its metadata, print and share buttons): lines of their own,
#: never wrapped into the title or text beside them (「…浏览次数：1024」 + 「2023年度…」 is no number 10242023).
_PAGE_CHROME = re.compile(
    r"(?:发布时间|发布日期|更新时间|浏览次数|阅读次数|点击数|访问量|信息来源|文章来源|字号\s*[:：]|【\s*字体|打印本页|关闭窗口|分享到)"
)
_RULE = re.compile(r"(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,}|(?:[—─━－＿][ \t]*){2,}")
_SENTENCE_INSIDE = frozenset("。！？!?；;")


def _heading_by_form(text: str) -> bool:
    """「一、基本情况」「（一）概况」「第一部分 …」「1．项目概况」: numbered, short, no sentence."""
    match = NUMBERING.match(text)
    return (
        match is not None
        and len(text) <= 40
        and bool(text[match.end():].strip())
        and text[-1] not in "，,、"
        and _SENTENCE_INSIDE.isdisjoint(text)
    )


def _text_piece(text: str, fresh: bool = False) -> Piece:
    """A line of body text, or a heading by its form."""
    if _heading_by_form(text):
        return Piece("heading", text)
    if _DATE_LINE.fullmatch(text) or _PAGE_CHROME.search(text):
        return Piece("text", text, fresh=True, closed=True)
    return Piece("text", text, fresh=fresh or bool(NUMBERING.match(text) or _ITEM.match(text)))


def _atx_heading(line: str) -> str | None:
    """The text of a ``## heading`` line ("" for an empty one), or None."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or (len(line) > level and line[level] not in " \t"):
        return None
    text = line[level:].strip()
    if text.endswith("#"):
        bare = text.rstrip("#")
        if not bare or bare[-1] in " \t":
            text = bare.rstrip()
    return text


def _is_separator_row(line: str) -> bool:
    """``|---|:---:|``, the line under a Markdown table's header."""
    if "|" not in line:
        return False
    cells = line.strip().strip("|").split("|")
    return all(re.fullmatch(r"\s*:?-+:?\s*", cell) for cell in cells)


def _row_cells(line: str, clean: Callable[[str], str] = str.strip) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(clean(cell).strip() for cell in _split_cells(inner))


def _split_cells(inner: str) -> list[str]:
    """Split a table row on its pipes, keeping escaped ones (``\\|``) in their cell."""
    return [cell.replace("\ufdd0", "|") for cell in inner.replace("\\|", "\ufdd0").split("|")]


def _plain_line(line: str, baseline: int | None) -> Piece | None:
    """What one line of a .txt file (or of a .docx paragraph) is; None for a rule."""
    stripped = line.strip()
    if _RULE.fullmatch(stripped):
        return None
    heading = _atx_heading(stripped) if stripped.startswith("#") else None
    if heading is not None:
        return Piece("heading", heading) if heading else None
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        return None if _is_separator_row(stripped) else row_piece(_row_cells(stripped))
    return _text_piece(stripped, fresh=baseline is not None and _indent(line) >= baseline + 2)


def _indent(line: str) -> int:
    """Leading blank width in half-width columns (an ideographic space is two, a tab four)."""
    lead = line[: len(line) - len(line.lstrip())]
    return len(lead) + lead.count("\u3000") + 3 * lead.count("\t")


def _width(text: str) -> int:
    """Display width, CJK counting two: each extra UTF-8 byte pair marks a wide character."""
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def plain_block(lines: Sequence[str], baseline: int | None) -> list[Piece]:
    """The pieces of a block of consecutive lines, each knowing how it may join the one before.

    A block whose inner lines mostly end a sentence holds one paragraph per line (a Word
    "plain text" export); otherwise it is one paragraph wrapped over its lines.
    """
    pieces = [_plain_line(line, baseline) for line in lines]
    inner = [p.text for p in pieces[:-1] if p is not None and p.kind == "text"]
    one_per_line = bool(inner) and 2 * sum(map(finished, inner)) >= len(inner)
    widest = max((_width(p.text) for p in pieces if p is not None and p.kind == "text"), default=0)
    out: list[Piece] = []
    before: Piece | None = None
    for piece in pieces:
        if piece is not None:
            if before is not None and not one_per_line:
                piece.join = "wrap" if _width(before.text) >= FULL_LINE * widest else "stop"
            out.append(piece)
        before = piece  # a rule inside a block breaks it like a blank line
    return out


def _txt_pieces(lines: list[str]) -> list[Piece]:
    """The pieces of a .txt file: blocks of lines between blank lines."""
    baseline = min((_indent(line) for line in lines if line.strip()), default=0)
    pieces: list[Piece] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            pieces += plain_block(block, baseline)
            block = []
    return pieces


# ---------------------------------------------------------------------------- Markdown

_FENCE = re.compile(r"(`{3,}|~{3,})")
_QUOTE = re.compile(r"(?:[ \t]*>[ \t]?)+")
_LIST = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_SETEXT = re.compile(r"=+|-+")
#: A link or image: the brackets exclude each other, so that matching stays linear.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"()]*\")?\)")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
#: Escaped characters stand in as noncharacters (never in real text) until the marks are gone.
_PROTECT = {c: chr(0xFDD1 + i) for i, c in enumerate("\\`*_{}[]()#+-.!|>~")}
_RESTORE = str.maketrans({v: k for k, v in _PROTECT.items()})


def _markdown_text(text: str) -> str:
    """Inline Markdown without its marks: ``**粗体**`` ``*强调*`` ``` `代码` ``` ``[文字](链接)``."""
    text = _ESCAPED.sub(lambda m: _PROTECT[m.group(1)], text)
    text = _LINK.sub(r"\1", text)
    for mark in ("**", "__", "~~", "*", "`"):
        text = _without_paired(text, mark)
    return _HTML_BREAK.sub("", text).translate(_RESTORE)


def _without_paired(text: str, mark: str) -> str:
    """``text`` without ``mark`` where it comes in pairs (an odd last one stays); linear time."""
    parts = text.split(mark)
    if len(parts) < 3:
        return text
    if len(parts) % 2 == 0:  # an odd number of marks
        return "".join(parts[:-1]) + mark + parts[-1]
    return "".join(parts)


def _markdown_pieces(lines: list[str]) -> list[Piece]:
    """The pieces of a Markdown file; lines of one paragraph or list item are joined here."""
    pieces: list[Piece] = []
    paragraph: Piece | None = None  # the open paragraph, which the next line continues
    fence = ""
    in_table = was_quoted = False
    for i, raw in enumerate(lines):
        if fence:
            if raw.strip().startswith(fence):
                fence = ""
            elif raw.strip():
                pieces.append(Piece("text", raw.strip(), fresh=True, closed=True))
            continue
        quote = _QUOTE.match(raw)
        line = raw[quote.end():] if quote else raw
        stripped = line.strip()
        if not stripped:
            paragraph, in_table = None, False
            continue
        if fence_match := _FENCE.match(stripped):
            fence, paragraph = fence_match.group(1), None
            continue
        if paragraph is not None and paragraph.kind == "text" and _SETEXT.fullmatch(stripped):
            paragraph.kind, paragraph = "heading", None  # the line above is a setext heading
            continue
        if _RULE.fullmatch(stripped):
            paragraph = None
            continue
        heading = _atx_heading(stripped) if stripped.startswith("#") else None
        if heading is not None:
            if heading := _markdown_text(heading).strip():
                pieces.append(Piece("heading", heading))
            paragraph = None
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if stripped.startswith("|") or ("|" in stripped and (in_table or _is_separator_row(following))):
            if not _is_separator_row(stripped):
                pieces.append(row_piece(_row_cells(stripped, _markdown_text)))
            paragraph, in_table = None, True
            continue
        item = _LIST.match(stripped)
        text = _markdown_text(stripped[item.end():] if item else stripped).strip()
        if not text:
            continue
        piece = _text_piece(text, fresh=bool(item) or bool(quote) != was_quoted)
        was_quoted = bool(quote)
        if piece.kind == "text" and paragraph is not None and not piece.fresh:
            paragraph.extend(piece.text)  # a soft line break
            continue
        pieces.append(piece)
        paragraph = piece if piece.kind == "text" and not piece.closed else None
    return pieces

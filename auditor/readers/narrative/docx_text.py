"""A .docx report → pieces: Word's document part walked in order, safely, under the zip guard.

The file is opened as a zip package by :mod:`auditor.sources.zip_guard` (the workbook
reader's size, ratio and inflation limits) and its XML parsed by the readers' hardened
parser (no DOCTYPE, no entities); their refusals are reworded for a Word document. The
main part (``word/document.xml``, or wherever ``_rels/.rels`` says) is walked in document
order: paragraphs (deleted revisions skipped, insertions kept), headings by style or
outline level, and one ``table_row`` per table row. The lines of a paragraph (split at
``w:br``) are read like a block of a .txt file (:func:`~auditor.readers.narrative.plain_text.plain_block`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from auditor.readers.narrative.limits import check_line_count
from auditor.readers.narrative.paragraphs import Piece, join_lines, row_piece
from auditor.readers.narrative.plain_text import plain_block
from auditor.sources.refusal import PackageRefused, Refused, clip
from auditor.sources.text import OLE_MAGIC, describe_binary
from auditor.sources.xml_guard import parse_xml
from auditor.sources.zip_guard import PackageKind, WorkbookZip, open_package

_WORD_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 strict
})
_MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DOCUMENT_PART = "word/document.xml"
#: Packages that are not Word documents, by a part only they have.
_OTHER_PACKAGES = (
    ("xl/workbook.xml", "Excel 工作簿（.xlsx）", "an Excel .xlsx workbook"),
    ("ppt/presentation.xml", "PowerPoint 演示文稿（.pptx）", "a PowerPoint .pptx file"),
    ("content.xml", "ODF 文档（.odt）", "an OpenDocument file"),
)
_BODY_ELEMENTS = (
    "p", "pPr", "pStyle", "outlineLvl", "numPr", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen",
    "vanish", "tbl", "tr", "tc", "del", "moveFrom",
)
_STYLE_ELEMENTS = ("style", "name", "basedOn", "outlineLvl")
_OFF = ("0", "false", "off")
_HEADING_STYLE_PREFIXES = ("heading", "title", "标题")

# zip_guard and the XML parser say "workbook"/".xlsx" in their reasons; the same reasons,
# said of a Word document.
_WORDING_ZH = (
    ("无法作为 .xlsx 读取", "无法作为 Word 文档（.docx）读取"), (".xlsx 工作簿", "可读取的 Word 文档"),
    ("Excel/WPS", "Word/WPS"), ("工作簿", "Word 文档"), (".xlsx", ".docx"),
)
_WORDING_EN = (
    ("an .xlsx workbook", "a readable Word document"), ("as .xlsx", "as .docx"), ("workbook", "Word document"),
    ("Workbook", "Word document"), (".xlsx", ".docx"), ("Excel", "Word"),
)

#: No part is required of a Word package by name: its main part may be elsewhere, as
#: ``_rels/.rels`` says, and an Excel, PowerPoint or ODF package is refused as what it is
#: (see _main_part).
_WORD_PACKAGE = PackageKind("Word 文档压缩包", "The Word document's archive")


def docx_pieces(path: Path, data: bytes, max_chars: int) -> list[Piece]:
    """The pieces of the Word document at ``path``, whose bytes are ``data``, of at most
    ``max_chars`` characters of text; refuses what is not a readable .docx."""
    if data.startswith(OLE_MAGIC):
        raise _legacy_doc()
    if not data.startswith(b"PK"):
        refusal = describe_binary(data, "Word 文档（.docx）", "a Word .docx document")
        if refusal is not None:
            raise refusal
        if not data.strip():
            raise Refused("文件为空，不是 Word 文档。", "The file is empty; it is not a Word document.")
        raise Refused(
            "这是纯文本文件，不是 Word 文档（.docx）；请把扩展名改为 .txt 后再提交。",
            "The file is plain text, not a Word .docx document; rename it to .txt and resubmit.",
        )
    try:
        package = open_package(path, data, kind=_WORD_PACKAGE)
        part, xml = _main_part(package)
        styles_xml = package.read(posixpath.join(posixpath.dirname(part), "styles.xml"))
        headings = _heading_styles(styles_xml, package.limits.max_xml_depth) if styles_xml is not None else frozenset()
        return _body_pieces(part, xml, headings, max_chars, package.limits.max_xml_depth)
    except PackageRefused as exc:
        raise _as_document_error(exc) from None


def _legacy_doc() -> Refused:
    return Refused(
        "这是旧版 .doc 或加密的 Word 文件，请另存为 .docx（去掉打开密码）后再提交。",
        "This is a legacy .doc or an encrypted Word file; save it as .docx (without a password) and resubmit.",
    )


def _as_document_error(exc: PackageRefused) -> Refused:
    """A zip guard / XML parser refusal, reworded for a Word document."""
    zh, en = exc.reason_zh, exc.reason_en
    for old, new in _WORDING_ZH:
        zh = zh.replace(old, new)
    for old, new in _WORDING_EN:
        en = en.replace(old, new)
    return Refused(zh, en)


def _main_part(package: WorkbookZip) -> tuple[str, bytes | bytearray]:
    """The name and bytes of the main document part; refuses a package that is not Word's."""
    xml = package.read(_DOCUMENT_PART)
    if xml is not None:
        return _DOCUMENT_PART, xml
    for member, what_zh, what_en in _OTHER_PACKAGES:
        if package.has(member):
            raise Refused(
                f"这是{what_zh}，不是 Word 文档；请提交 .docx 或 .txt 格式的自评报告。",
                f"The file is {what_en}, not a Word document; submit the report as .docx or .txt.",
            )
    rels = package.read("_rels/.rels")
    part = _office_document_target(rels, package.limits.max_xml_depth) if rels is not None else None
    xml = package.read(part) if part else None
    if part is None or xml is None:
        raise Refused(
            "压缩包中没有 word/document.xml，不是可读取的 Word 文档。",
            "The archive has no word/document.xml; it is not a readable Word document.",
        )
    return part, xml


def _office_document_target(rels: bytes | bytearray, max_depth: int) -> str | None:
    """Where ``_rels/.rels`` says the main document is (some writers call it document2.xml)."""
    targets: list[str] = []
    depth = _Depth("_rels/.rels", max_depth)

    def start(name: str, attrs: dict[str, str]) -> None:
        depth.enter()
        if name.rpartition(":")[2] == "Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
            targets.append(attrs.get("Target", "").replace("\\", "/").lstrip("/"))

    _parse("_rels/.rels", rels, start, lambda _name: depth.leave(), None)
    return posixpath.normpath(targets[0]) if targets and targets[0] else None


def _parse(part: str, data: bytes | bytearray, start: Callable[[str, dict[str, str]], None],
           end: Callable[[str], None] | None, chars: Callable[[str], None] | None) -> None:
    """The readers' hardened expat parse (no DOCTYPE, no entities; every error a refusal)."""
    parse_xml(part, bytes(data), start, end, chars)


class _Depth:
    """Open XML elements, refused beyond the limit (expat keeps every open element in memory)."""

    __slots__ = ("part", "limit", "level")

    def __init__(self, part: str, limit: int) -> None:
        self.part, self.limit, self.level = part, limit, 0

    def enter(self) -> None:
        self.level += 1
        if self.level > self.limit:
            raise _too_deep(self.part, self.limit)

    def leave(self) -> None:
        self.level -= 1


def _too_deep(part: str, max_depth: int) -> Refused:
    return Refused(
        f"Word 文档的部件 {clip(part)} 中 XML 元素嵌套超过 {max_depth} 层，拒绝读取。",
        f"The XML of part {clip(part)!r} is nested more than {max_depth} levels deep; refused.",
    )


def _word_names(root_attrs: dict[str, str], elements: Sequence[str]) -> tuple[dict[str, str], str]:
    """Qualified name → local name for the WordprocessingML ``elements`` (and ``mc:Fallback``),
    by the prefixes the root element declares; and the qualified name of ``w:val``."""
    word = markup = None
    for key, value in root_attrs.items():
        if key == "xmlns" or key.startswith("xmlns:"):
            if value in _WORD_NAMESPACES:
                word = key[6:]
            elif value == _MARKUP_COMPATIBILITY:
                markup = key[6:]
    word = "w" if word is None else word

    def qualified(prefix: str, local: str) -> str:
        return f"{prefix}:{local}" if prefix else local

    names = {qualified(word, local): local for local in elements}
    if markup is not None:
        names[qualified(markup, "Fallback")] = "Fallback"  # the same content again, for old readers
    return names, qualified(word, "val")


@dataclass(slots=True)
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: bool = False


def _heading_styles(xml: bytes | bytearray, max_depth: int) -> frozenset[str]:
    """IDs of the paragraph styles that are headings: named heading/title/标题 (Chinese Word
    gives 「标题 1」 the ID "1"), with an outline level, or based on such a style."""
    names: dict[str, str] = {}
    val = "w:val"
    styles: dict[str, _Style] = {}
    current: _Style | None = None
    depth = _Depth("word/styles.xml", max_depth)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal names, val, current
        depth.enter()
        if depth.level == 1:
            names, val = _word_names(attrs, _STYLE_ELEMENTS)
        local = names.get(name)
        if local == "style":
            style_id = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "styleId"), None)
            current = styles.setdefault(style_id, _Style()) if style_id else None
        elif current is not None and local == "name":
            current.name = attrs.get(val) or attrs.get("val") or ""
        elif current is not None and local == "basedOn":
            current.based_on = attrs.get(val) or attrs.get("val")
        elif current is not None and local == "outlineLvl":
            current.outline = _outline_level(attrs.get(val) or attrs.get("val"))

    def end(name: str) -> None:
        nonlocal current
        depth.leave()
        if names.get(name) == "style":
            current = None

    _parse("word/styles.xml", xml, start, end, None)

    def is_heading(style_id: str, hops: int = 0) -> bool:
        style = styles.get(style_id, _Style())
        if style.outline or _heading_style_name(style.name) or _heading_style_name(style_id):
            return True
        return style.based_on is not None and hops < 10 and is_heading(style.based_on, hops + 1)

    return frozenset(style_id for style_id in styles if is_heading(style_id))


def _heading_style_name(name: str) -> bool:
    return name.lower().startswith(_HEADING_STYLE_PREFIXES)


def _outline_level(value: str | None) -> bool:
    """``w:outlineLvl`` 0–8 is a heading level; 9 is body text."""
    return value is not None and value.isdigit() and int(value) < 9


@dataclass(slots=True)
class _WordParagraph:
    parts: list[str] = field(default_factory=list)
    style: str | None = None
    outline: bool = False
    numbered: bool = False


def _body_pieces(part: str, xml: bytes | bytearray, heading_styles: frozenset[str], max_chars: int,
                 max_depth: int) -> list[Piece]:
    """The pieces of ``word/document.xml`` in document order.

    Paragraphs nested in another (text boxes) come out before it; tables nested in a
    table cell are flattened into that cell; ``mc:Fallback`` (a copy of the content for
    old readers), deleted and moved-away text and hidden runs are skipped.
    """
    names: dict[str, str] = {}
    val = "w:val"
    pieces: list[Piece] = []
    open_paragraphs: list[_WordParagraph] = []
    depth = _Depth(part, max_depth)
    skip_from = 0  # depth of the element being skipped, 0 when none
    in_properties = in_run = tables = 0
    hidden = in_text = False
    row: list[str] | None = None
    cell: list[str] | None = None
    room = max_chars

    def add(text: str) -> None:
        if open_paragraphs and in_run and not in_properties:
            open_paragraphs[-1].parts.append(text)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal names, val, skip_from, in_properties, in_run, tables, hidden, in_text, row, cell
        depth.enter()
        if skip_from:
            return
        if depth.level == 1:
            names, val = _word_names(attrs, _BODY_ELEMENTS)
        local = names.get(name)
        if local is None:
            return
        if local == "t":
            in_text = not hidden
        elif local == "r":
            in_run += 1
            hidden = False
        elif local == "p":
            open_paragraphs.append(_WordParagraph())
        elif local in ("tab", "ptab"):
            add("\t")  # (a w:tab in w:pPr is a tab stop, not text: add() checks)
        elif local in ("br", "cr"):
            add("\n")
        elif local == "noBreakHyphen":
            add("-")
        elif local == "pPr":
            in_properties += 1
        elif local in ("del", "moveFrom", "Fallback"):
            skip_from = depth.level
        elif local == "tbl":
            tables += 1
        elif local == "tr" and tables == 1:
            row = []
        elif local == "tc" and tables == 1 and row is not None:
            cell = []
        elif local == "vanish" and in_run and not in_properties:
            hidden = (attrs.get(val) or attrs.get("val") or "true").lower() not in _OFF
        elif in_properties and open_paragraphs:
            paragraph = open_paragraphs[-1]
            if local == "pStyle":
                paragraph.style = attrs.get(val) or attrs.get("val")
            elif local == "outlineLvl":
                paragraph.outline = _outline_level(attrs.get(val) or attrs.get("val"))
            elif local == "numPr":
                paragraph.numbered = True

    def end(name: str) -> None:
        nonlocal skip_from, in_properties, in_run, tables, hidden, in_text, row, cell
        depth.leave()
        if skip_from:
            if depth.level < skip_from:
                skip_from = 0
            return
        local = names.get(name)
        if local is None:
            return
        if local == "t":
            in_text = False
        elif local == "r":
            in_run -= 1
            hidden = False
        elif local == "pPr":
            in_properties -= 1
        elif local == "p" and open_paragraphs:
            paragraph = open_paragraphs.pop()
            lines = "".join(paragraph.parts).split("\n")
            if cell is not None:
                cell.extend(lines)
            else:
                pieces.extend(_word_paragraph(paragraph, lines, heading_styles))
                check_line_count(len(pieces))
        elif local == "tc" and tables == 1 and row is not None and cell is not None:
            row.append(join_lines(cell))
            cell = None
        elif local == "tr" and tables == 1 and row is not None:
            if any(row):
                pieces.append(row_piece(tuple(row)))
                check_line_count(len(pieces))
            row = None
        elif local == "tbl":
            tables -= 1

    def chars(text: str) -> None:
        nonlocal room
        if in_text and open_paragraphs:
            room -= len(text)
            if room < 0:
                raise Refused(
                    f"Word 文档的文字超过上限 {max_chars} 个字符，拒绝读取；自评报告正文不应这么长。",
                    f"The Word document holds more than {max_chars} characters of text; refused "
                    "(a written report is never that long).",
                )
            open_paragraphs[-1].parts.append(text)

    _parse(part, xml, start, end, chars)
    return pieces


def _word_paragraph(paragraph: _WordParagraph, lines: list[str], heading_styles: frozenset[str]) -> list[Piece]:
    """A body paragraph: a heading by its style or outline level, else its lines (split at
    ``w:br``) read like a block of a .txt file."""
    style = paragraph.style
    if paragraph.outline or (style is not None and (style in heading_styles or _heading_style_name(style))):
        text = join_lines(lines)
        return [Piece("heading", text)] if text else []
    pieces = plain_block([line for line in lines if line.strip()], baseline=0)
    if pieces and paragraph.numbered:
        pieces[0].fresh = True  # a list item (its number lives in numbering.xml)
    return pieces

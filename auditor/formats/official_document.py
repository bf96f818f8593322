"""A Word document laid out as a Chinese official document (GB/T 9704-2012), written reproducibly.

The 「存在的问题」 section goes into reports that follow 《党政机关公文格式》, so it arrives in
that shape: A4 with the standard's margins (天头 37 mm, 订口 28 mm, a 156 × 225 mm text
block), body text in 三号仿宋 at 22 lines a page, the title in 二号小标宋, first-level
headings in 黑体, second-level in 楷体, third-level in bold 仿宋, every paragraph indented
two characters, and page numbers 「— 1 —」 in 四号宋体, odd pages right and even pages left.

Fonts: the East-Asian name goes in ``w:eastAsia`` (python-docx's ``font.name`` sets only the
Latin ones) and every theme font is removed, or Word would use the theme's instead. The
standard's 仿宋_GB2312 and 楷体_GB2312 are not on every machine, so the font table names the
font Word should use where one is missing (``w:altName``: 仿宋, 楷体, 宋体 — shipped with
Windows) and says it is a GB2312 font of the right family, which LibreOffice and WPS use to
pick a Chinese substitute. Digits and Latin letters are in Times New Roman.

Same document, same bytes: the core properties carry a fixed time (``SOURCE_DATE_EPOCH``
where set, as reproducible builds do), and the zip is rewritten with that time on every
entry (python-docx stamps entries with the current time). The file is written beside its
target and renamed, so no half-written document ever carries the final name.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from auditor.formats.cell_text import clean_text
from auditor.formats.files import finish_atomically, temporary_sibling

#: Used when ``SOURCE_DATE_EPOCH`` is not set: the same as the screening workbook's.
DEFAULT_TIMESTAMP = datetime(2024, 1, 1, tzinfo=timezone.utc)
#: GB/T 9704 font sizes in points: 二号, 三号, 四号.
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
#: 225 mm of text block for 22 lines.
LINE_PITCH = Pt(28.95)
LATIN = "Times New Roman"
#: The Chinese a document is in: Word lays out punctuation and picks fonts by it.
LANGUAGE = "zh-CN"
#: The namespace declaration each paragraph serialised on its own carries, which the document's root already makes.
_W_DECLARATION = b' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class Typeface:
    """An East-Asian font as GB/T 9704 names it, and the one Windows ships to use without it."""

    name: str
    alternative: str
    #: The font table's family: ``roman`` (serif: 宋, 仿宋, 楷) or ``modern``/``swiss`` (黑体).
    family: str


FANGSONG = Typeface("仿宋_GB2312", "仿宋", "roman")
KAITI = Typeface("楷体_GB2312", "楷体", "roman")
HEITI = Typeface("黑体", "SimHei", "modern")
XIAOBIAOSONG = Typeface("方正小标宋简体", "宋体", "roman")
SONGTI = Typeface("宋体", "SimSun", "roman")
TYPEFACES = (FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI)


@dataclass(frozen=True)
class Level:
    """How one kind of paragraph looks."""

    style: str
    typeface: Typeface
    size: Pt
    bold: bool = False
    centred: bool = False
    #: Set flush left rather than justified: a line such as a file's path, which justifying would tear apart.
    ragged: bool = False


#: The paragraph styles, by what they hold. Word's own heading styles, so that its
#: navigation pane, a table of contents and a PDF's bookmarks see the outline.
TITLE = Level("Title", XIAOBIAOSONG, SIZE_2, centred=True)
HEADING_1 = Level("Heading 1", HEITI, SIZE_3)
HEADING_2 = Level("Heading 2", KAITI, SIZE_3)
HEADING_3 = Level("Heading 3", FANGSONG, SIZE_3, bold=True)
BODY = Level("Normal", FANGSONG, SIZE_3)
BODY_RAGGED = Level("Normal", FANGSONG, SIZE_3, ragged=True)
FOOTER = Level("Footer", SONGTI, SIZE_4)


class OfficialDocument:
    """A python-docx document set up as GB/T 9704 asks, to which paragraphs are added in order."""

    def __init__(self, title: str) -> None:
        self.document: Document = docx.Document()
        self.timestamp = document_timestamp()
        _set_page(self.document)
        for level in (BODY, TITLE, HEADING_1, HEADING_2, HEADING_3, FOOTER):
            _set_style(self.document.styles[level.style], level)
        _set_defaults(self.document)
        _set_page_numbers(self.document)
        properties = self.document.core_properties
        properties.title, properties.author, properties.last_modified_by = title, "auditor", "auditor"
        properties.created = properties.modified = properties.last_printed = self.timestamp
        properties.revision = 1
        properties.language = LANGUAGE
        # Paragraphs wait in a temporary file, not in the document, so that memory does not
        # grow with the batch; they are spliced into word/document.xml when it is written.
        # (python-docx's add_paragraph would also look the style up by name and scan the
        # whole body for every paragraph: 0.2 s a file after a few hundred files.)
        self._style_ids = {level.style: self.document.styles[level.style].style_id for level in (TITLE, HEADING_1, HEADING_2, HEADING_3, BODY)}
        self._spool = tempfile.TemporaryFile()
        self.add(TITLE, title)

    def add(self, level: Level, text: str) -> None:
        """A paragraph of ``text`` in ``level``'s style, at the end of the document. Characters XML
        cannot hold (from a submission's own text) become U+FFFD rather than fail the batch."""
        element = OxmlElement("w:p")
        element.get_or_add_pPr().style = self._style_ids[level.style]
        paragraph = Paragraph(element, self.document._body)
        paragraph.add_run(clean_text(text))
        if level.ragged:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._spool.write(etree.tostring(element, encoding="UTF-8").replace(_W_DECLARATION, b"", 1))

    def save(self, path: Path) -> None:
        """Write the document to ``path`` (atomically; same content, same bytes)."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        temporary = temporary_sibling(Path(path))
        try:
            self._spool.seek(0)
            _rezip(buffer.getvalue(), self._spool, temporary, self.timestamp)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            self._spool.close()
        finish_atomically(temporary, Path(path))


def document_timestamp() -> datetime:
    """``SOURCE_DATE_EPOCH`` (UTC, not before 1980, the zip format's first year), else a fixed day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(datetime.fromtimestamp(int(epoch), timezone.utc), datetime(1980, 1, 1, tzinfo=timezone.utc))
    return DEFAULT_TIMESTAMP


def _set_page(document: Document) -> None:
    """A4 portrait; margins that leave GB/T 9704's 156 × 225 mm text block, 37 mm from the top and 28 mm from the binding."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's 一字线 stands 7 mm below the text block.
    section.footer_distance = Mm(23)


def _set_style(style: ParagraphStyle, level: Level) -> None:
    """Give a style ``level``'s font, size and paragraph shape, and nothing of the template's
    theme (its colours, border and fonts)."""
    properties = style.element.get_or_add_rPr()
    for name in ("w:rFonts", "w:color", "w:i", "w:iCs", "w:b", "w:bCs", "w:spacing", "w:kern"):
        for element in properties.findall(qn(name)):
            properties.remove(element)
    properties.insert(0, _fonts(level.typeface))
    style.font.size = level.size
    style.font.bold = level.bold
    paragraph = style.element.get_or_add_pPr()
    for element in paragraph.findall(qn("w:pBdr")):
        paragraph.remove(element)
    shape = style.paragraph_format
    shape.space_before = shape.space_after = Pt(0)
    shape.line_spacing = LINE_PITCH
    shape.alignment = WD_ALIGN_PARAGRAPH.CENTER if level.centred else WD_ALIGN_PARAGRAPH.JUSTIFY
    shape.first_line_indent = None if level.centred or level is FOOTER else 2 * level.size
    if level is TITLE:  # a blank line's worth between the title and the text
        shape.space_after = LINE_PITCH
    if level.style.startswith("Heading"):
        shape.keep_with_next = True


def _fonts(typeface: Typeface) -> etree._Element:
    """``w:rFonts`` naming ``typeface`` for Chinese and Times New Roman for the rest, no theme fonts."""
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), LATIN)
    fonts.set(qn("w:eastAsia"), typeface.name)
    fonts.set(qn("w:hint"), "eastAsia")
    return fonts


def _set_defaults(document: Document) -> None:
    """Chinese as the document's language and 仿宋 as its default font, instead of the template's
    theme fonts and its Japanese East-Asian language."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for element in run.findall(qn("w:rFonts")):
        run.remove(element)
    run.insert(0, _fonts(FANGSONG))
    for language in run.findall(qn("w:lang")):
        language.set(qn("w:eastAsia"), LANGUAGE)
    settings = document.settings.element
    for theme_language in settings.findall(qn("w:themeFontLang")):
        theme_language.set(qn("w:eastAsia"), LANGUAGE)


def _set_page_numbers(document: Document) -> None:
    """「— 1 —」: odd pages at the right, even pages at the left, each a character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[FOOTER.style]
        paragraph.alignment = alignment
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        paragraph.add_run("— ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        number = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        number.append(text)
        field.append(number)
        paragraph._p.append(field)
        paragraph.add_run(" —")


def _font_table(xml: bytes) -> bytes:
    """The template's font table with an entry for each typeface used: its substitute, its
    GB2312 character set and its family, so that a machine without it picks a close Chinese font."""
    fonts = etree.fromstring(xml)
    for typeface in TYPEFACES:
        font = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): typeface.name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): typeface.alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): typeface.family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    return etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rezip(data: bytes, paragraphs: IO[bytes], target: Path, timestamp: datetime) -> None:
    """Copy the zip ``data`` to ``target`` with ``paragraphs`` (serialised ``w:p`` elements) put
    at the end of the body, every entry stamped ``timestamp`` and the font table completed."""
    stamp = timestamp.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(target, "x", zipfile.ZIP_DEFLATED, allowZip64=True) as copy:
        for entry in source.infolist():
            content = source.read(entry)
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            if entry.filename == "word/fontTable.xml":
                content = _font_table(content)
            if entry.filename != "word/document.xml":
                copy.writestr(info, content)
                continue
            # the body ends with the section's properties: the paragraphs go just before them
            end = content.rindex(b"<w:sectPr")
            with copy.open(info, "w", force_zip64=True) as document:
                document.write(content[:end])
                shutil.copyfileobj(paragraphs, document, 1 << 20)
                document.write(content[end:])

"""Opening a PDF the guarded way: each page's text lines and ruled tables, in reading order, or a refusal.

Departments print their reports and their 项目支出绩效自评表 to PDF, and many bureaus
only keep the PDF. This module reads a PDF's text layer and hands the readers, page by
page, what a reviewer sees: lines of text with their position, and tables with their
cells in grid order; it never interprets them (``readers.pdf_document`` does).

**The library: pdfplumber (over pdfminer.six), measured against pypdfium2.** On the seed
report printed by LibreOffice and on the three national samples printed from Excel
(``benchmarks/pdf.py``; ``scripts/make_pdf_fixtures.py`` makes them):

* Chinese text: pdfplumber gives each character with its box; auditor orders them by
  position and puts a space only where a space glyph is drawn or a gap is too wide for
  anything else (:func:`_line_text`). Against the text the seed was printed from, line
  breaks removed: no character changed, no space added, 3 spaces dropped (each at the end
  of a printed line); 1000.05 and 504.55 whole. pypdfium2's text (PDFium's ``FPDFText``)
  follows the order the content stream draws in and guesses spaces from gaps: 37 spaces
  added (「2019 年」「1114.36 万元」 wherever Writer leaves CJK–Latin room) and 14 characters
  out of place — every 「“」「”」 drawn in another font moved away from its words
  (「开展 爱在阳 “ ”—— 光新城」). pdfminer.six's own ``extract_text`` regrouped whole
  paragraphs (488 characters out of place, 83 spaces added).
* Tables: pdfplumber finds a ruled table's cells from the lines drawn around them (merged
  cells as the boxes the PDF draws); pypdfium2 has no table finder — one would have to be
  written over its path objects.
* Speed (best of 5 on a quiet machine; about twice as long on a busy one): pypdfium2 is a
  C++ engine, 3–14 ms a file; pdfplumber is pure Python, 60–320 ms a file of two to four
  pages, and auditor's whole PDF reader 70–250 ms, against 2–8 ms for the .docx and .xlsx
  the PDFs were printed from. Slow beside the other readers, well inside the batch's
  per-file timeout, and correct text is the point.
* Licences: pdfplumber and pdfminer.six MIT, pypdfium2 (which pdfplumber requires, for
  rendering only) Apache-2.0/BSD. PyMuPDF is faster still but AGPL, which auditor's users
  could not accept; it was not considered further.

**Guards.** A PDF is a program for drawing pages, and a hostile one costs memory or time:

* the file is read by :func:`~auditor.sources.files.read_regular_file` (read-only, bounded);
* at most :data:`MAX_PAGES` pages and :data:`MAX_OBJECTS` objects (counted in the
  cross-reference tables before any page is drawn);
* every stream pdfminer decodes goes through bounded decoders (:func:`_guarded_pdfminer`):
  one stream may inflate to at most :data:`MAX_STREAM_BYTES`, all of them together to
  :data:`MAX_DECODED_BYTES` — a FlateDecode stream of a few KB that inflates to GBs (a
  "PDF bomb") is refused after its first 64 MiB, not after the machine's memory;
  CCITT fax images, which text never needs, are not decoded at all (pdfminer's decoder is
  pure Python and a CPU sink);
* a chain of object references is followed at most :data:`MAX_REFERENCE_CHAIN` hops (pdfminer
  follows one for ever, and an object that refers to itself would hang it);
* at most :data:`MAX_CHARS` characters of text;
* a PDF that needs a password to open is refused 「PDF 已加密」. One encrypted only to
  restrict printing or copying opens without a password in every viewer, and is read.
* a PDF with no text layer — only pictures, a scan — is refused saying so: auditor does
  no OCR.

pdfminer reports a malformed file with its own exceptions (``PSException`` and
``PDFException``, which pdfplumber wraps in ``PdfminerException``) but also with the
built-in ones its parser trips over on bad input (``KeyError``, ``TypeError``,
``AssertionError``…). Those are caught only around the calls into the library
(:func:`_library_calls`), where auditor's own code does no more than gather what the
library found, and run the guards it gave pdfminer, whose refusals pass through;
everywhere else, an exception is auditor's own bug.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from auditor.sources.files import MiB, human_size, read_regular_file
from auditor.sources.refusal import Refused, clip
from auditor.sources.text import describe_binary

#: Largest PDF file read (a long report with pictures is a few MB).
MAX_BYTES = 20 * MiB
#: Pages: a self-evaluation report has tens, a bureau's bound volume of tables a few hundred.
MAX_PAGES = 500
#: Objects in the cross-reference tables: a 300-page report has a few thousand.
MAX_OBJECTS = 200_000
#: Bytes one stream may decode to (a page's drawing, a font, an object stream).
MAX_STREAM_BYTES = 64 * MiB
#: Bytes all streams of one file may decode to together.
MAX_DECODED_BYTES = 256 * MiB
#: Characters of text (the narrative reader's own limit, counted here as they are drawn).
MAX_CHARS = 2_000_000
#: A document whose characters are more than this share unmapped glyphs has no usable text.
MAX_UNMAPPED_SHARE = 0.1


_ADVICE_ZH = "请提交原始的 .docx、.txt 或 .xlsx 文件"
_ADVICE_EN = "submit the original .docx, .txt or .xlsx file"


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of text as the page shows it, with its box in points from the page's top left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table: its rows top to bottom, each row's cells left to right as the PDF draws them.

    Rows are in grid order, every position kept, as a web page's are: a merged cell's text is
    at its first position and the positions it covers (to the right or below) are ``""``, so
    that a value stands under its column's head. A cell's lines are joined by ``"\\n"``.
    """

    rows: tuple[tuple[str, ...], ...]
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its size in points and its lines and tables in reading order (top to bottom)."""

    number: int
    width: float
    height: float
    items: tuple[TextLine | Table, ...]


def read_pdf(path: Path, max_bytes: int = MAX_BYTES) -> list[Page]:
    """The pages of the PDF at ``path``; raises :class:`Refused` for one that cannot be read."""

    def too_large(size: int, limit: int) -> Refused:
        return Refused(
            f"文件大小（{human_size(size)}）超过上限 {human_size(limit)}，拒绝读取；自评材料的 PDF 不应这么大。",
            f"The file ({human_size(size)}) is larger than the limit of {human_size(limit)}; refused.",
        )

    def cannot_open(exc: OSError) -> Refused:
        return Refused(f"无法打开文件：{exc.strerror or exc}", f"The file cannot be opened: {exc.strerror or exc}")

    data = read_regular_file(path, max_bytes, Refused, too_large, cannot_open)
    _check_is_pdf(data)
    try:
        return _read_pages(data)
    except MemoryError:
        raise Refused("读取 PDF 时内存不足，拒绝读取。", "Out of memory while reading the PDF; refused.") from None
    except RecursionError:
        raise Refused("PDF 结构嵌套过深，拒绝读取。", "The PDF is nested too deeply; refused.") from None


def _check_is_pdf(data: bytes) -> None:
    """A PDF starts with ``%PDF-`` (viewers accept up to 1 KB of junk before it)."""
    if b"%PDF-" in data[:1024]:
        return
    if not data.strip():
        raise Refused("文件为空，不是 PDF 文件。", "The file is empty; it is not a PDF.")
    raise describe_binary(data, "PDF 文件", "a PDF file") or Refused(
        "文件扩展名是 .pdf，但内容不是 PDF（可能是改了扩展名的文本文件）；请用原来的扩展名提交。",
        "The file is named .pdf but is not a PDF (perhaps a renamed text file); submit it under its own extension.",
    )


def _read_pages(data: bytes) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page as PlumberPage

    counts = _Counts()
    pages: list[Page] = []
    # No pdf.close(): it would build the list of every page (past MAX_PAGES) to close them;
    # each page is closed here once read, and the file is bytes in memory.
    with _guarded_pdfminer(_Budget()):
        with _library_calls():
            pdf = pdfplumber.PDF(io.BytesIO(data), raise_unicode_errors=False)
            objects = sum(len(list(xref.get_objids())) for xref in pdf.doc.xrefs)
            page_objects = PDFPage.create_pages(pdf.doc)
        if objects > MAX_OBJECTS:
            raise Refused(
                f"PDF 含有 {objects} 个对象，超过上限 {MAX_OBJECTS}，拒绝读取（可能是恶意构造的文件）。",
                f"The PDF holds {objects} objects, more than the limit of {MAX_OBJECTS}; refused.",
            )
        while True:
            with _library_calls():
                page_object = next(page_objects, None)
                if page_object is None:
                    break
                if len(pages) == MAX_PAGES:
                    raise Refused(
                        f"PDF 超过 {MAX_PAGES} 页，不像是一份自评材料，拒绝读取。",
                        f"The PDF has more than {MAX_PAGES} pages; it is no self-evaluation; refused.",
                    )
                plumbed = _plumbed(PlumberPage(pdf, page_object, page_number=len(pages) + 1))
            pages.append(_page(plumbed, counts))
    counts.check_text()
    return pages


class _Char(NamedTuple):
    """A character drawn on the page (a space glyph too), with its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class _Plumbed:
    """What pdfplumber found on one page, before auditor looks at it."""

    number: int
    width: float
    height: float
    chars: list[dict[str, Any]]
    images: int
    #: Each ruled table's box, its columns' left edges, and per row its cells' boxes (None: covered).
    tables: list[tuple[Box, list[float], list[list[Box | None]]]]


def _plumbed(page: Any) -> _Plumbed:
    """The calls into pdfplumber for one page (made inside :func:`_library_calls`)."""
    tables = [
        (table.bbox, sorted({cell[0] for cell in table.cells}), [row.cells for row in table.rows])
        for table in page.find_tables()
        if len(table.cells) > 1  # a boxed paragraph is text
    ]
    plumbed = _Plumbed(page.page_number, float(page.width), float(page.height), page.chars, len(page.images), tables)
    page.close()
    return plumbed


def _page(plumbed: _Plumbed, counts: _Counts) -> Page:
    """One page's lines and tables, top to bottom."""
    counts.add(plumbed.chars, plumbed.images)
    chars = _without_copies([
        _Char(char["text"], char["x0"], char["x1"], char["top"], char["bottom"], char["size"] or 1.0)
        for char in plumbed.chars
    ])
    items: list[TextLine | Table] = []
    for box, columns, rows in plumbed.tables:
        inside = [char for char in chars if _within(char, box)]
        items.append(_table(box, columns, rows, inside))
    outside = [char for char in chars if not any(_within(char, box) for box, _, _ in plumbed.tables)]
    items += _lines(outside)
    items.sort(key=lambda item: (item.top, item.x0))
    return Page(plumbed.number, plumbed.width, plumbed.height, tuple(items))


def _without_copies(chars: list[_Char]) -> list[_Char]:
    """The characters less the copies drawn over them (WPS and some printers draw bold text
    twice, a fraction of a point apart): a character of the same text and size within
    :data:`COPY_DISTANCE` points of one already kept is a copy. (pdfplumber's own
    ``dedupe_chars`` does the same in a third of the whole page's reading time.)"""
    kept: list[_Char] = []
    seen: set[tuple[str, float, int, int]] = set()
    for char in chars:
        x, y = round(char.x0 / COPY_DISTANCE), round(char.top / COPY_DISTANCE)
        if any((char.text, char.size, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            continue
        seen.add((char.text, char.size, x, y))
        kept.append(char)
    return kept


#: How near (in points) a character drawn again over itself is a copy.
COPY_DISTANCE = 1.0


def _within(char: _Char, box: Box) -> bool:
    """Whether a character's centre lies in ``box`` (as pdfplumber assigns characters to cells)."""
    x0, top, x1, bottom = box
    return x0 <= (char.x0 + char.x1) / 2 < x1 and top <= char.middle < bottom


def _lines(chars: list[_Char]) -> list[TextLine]:
    """Characters grouped into lines (middles within half a character of the line's first),
    each read left to right."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda char: char.middle):
        if rows and char.middle - rows[-1][0].middle <= rows[-1][0].size / 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda char: char.x0)
        drawn = [char for char in row if not char.text.isspace()]
        if text := _line_text(row):
            lines.append(TextLine(
                text, drawn[0].x0, max(char.x1 for char in drawn),
                min(char.top for char in drawn), max(char.bottom for char in drawn),
            ))
    return lines


def _line_text(row: list[_Char]) -> str:
    """A line's text: a space where a space glyph is drawn, or where a gap says one is missing.

    A printer draws the spaces a document has; between a CJK character and a digit Word
    and Writer leave a quarter of a character of extra room, and justification stretches
    every gap — neither is a space, and a space there (「2019 年」 for 「2019年」) would be
    one the report never had. So a gap without a glyph is a space only between two Latin
    letters or digits (a word space some printers leave undrawn: over :data:`WORD_GAP` of
    the size), or where it is wider than :data:`COLUMN_GAP` characters (columns of a table
    set without rules).
    """
    out: list[str] = []
    before: _Char | None = None
    spaced = False
    for char in row:
        if char.text.isspace():
            spaced = before is not None
            continue
        if before is not None and (spaced or _missing_space(before, char)):
            out.append(" ")
        out.append(char.text)
        before, spaced = char, False
    return "".join(out)


#: A gap between two Latin letters or digits wider than this share of their size is a space.
WORD_GAP = 0.2
#: A gap between any two characters wider than this many characters is a space.
COLUMN_GAP = 1.0


def _missing_space(before: _Char, after: _Char) -> bool:
    gap = after.x0 - before.x1
    if gap > COLUMN_GAP * before.size:
        return True
    last, first = before.text[-1], after.text[0]
    return last.isascii() and first.isascii() and last.isalnum() and first.isalnum() and gap > WORD_GAP * before.size


def _table(box: Box, columns: list[float], rows: list[list[Box | None]], chars: list[_Char]) -> Table:
    """A table's cells in grid order: a position a merged cell covers (from the left or above) is ``""``."""
    cells_by_row: list[tuple[str, ...]] = []
    for boxes in rows:
        cells: list[str] = []
        for cell in boxes:
            if cell is not None:
                cells.append("\n".join(line.text for line in _lines([c for c in chars if _within(c, cell)])))
            else:
                cells.append("")
        if any(cells):
            cells_by_row.append(tuple(cells))
    x0, top, x1, bottom = box
    return Table(tuple(cells_by_row), x0, x1, top, bottom)


@dataclass(slots=True)
class _Counts:
    """Characters and pictures seen so far; refuses past :data:`MAX_CHARS`, and a PDF without text."""

    chars: int = 0
    unmapped: int = 0
    images: int = 0

    def add(self, chars: list[dict[str, Any]], images: int) -> None:
        self.chars += len(chars)
        self.unmapped += sum(1 for char in chars if char["text"].startswith("(cid:"))
        self.images += images
        if self.chars > MAX_CHARS:
            raise Refused(
                f"PDF 中的文字超过 {MAX_CHARS // 10_000} 万字，不像是一份自评材料，拒绝读取。",
                f"The PDF holds more than {MAX_CHARS:,} characters of text; it is not a report; refused.",
            )

    def check_text(self) -> None:
        """Refuse a PDF with no text layer (a scan) or whose text cannot be mapped to characters."""
        if self.chars == 0 and self.images:
            raise Refused(
                f"这是扫描件：PDF 中只有图片，没有文字层；auditor 不支持文字识别（OCR），{_ADVICE_ZH}。",
                f"This is a scan: the PDF holds only pictures and no text layer; auditor does no OCR "
                f"(text recognition): {_ADVICE_EN}.",
            )
        if self.chars == 0:
            raise Refused("PDF 中没有任何文字，无法审查。", "The PDF holds no text; nothing to screen.")
        if self.unmapped > MAX_UNMAPPED_SHARE * self.chars:
            raise Refused(
                f"PDF 中的文字无法提取：所用字体没有到 Unicode 的映射，文字只以字形编号保存；{_ADVICE_ZH}。",
                f"The PDF's text cannot be extracted: its fonts map glyphs to no Unicode characters; {_ADVICE_EN}.",
            )


# ------------------------------------------------------------------ calls into the library


@contextmanager
def _library_calls() -> Iterator[None]:
    """Turn what pdfminer and pdfplumber raise on a malformed file into a refusal (see the module docstring)."""
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        yield
    except (PdfminerException, MalformedPDFException, PSException, *_MALFORMED) as exc:
        cause: BaseException = exc
        while isinstance(cause, PdfminerException) and cause.args and isinstance(cause.args[0], BaseException):
            cause = cause.args[0]  # pdfplumber wraps whatever pdfminer raised, our refusals too
        if isinstance(cause, Refused):
            raise cause from None
        if isinstance(cause, (MemoryError, RecursionError)):
            raise cause from None
        if isinstance(cause, PDFEncryptionError):
            raise Refused(
                f"PDF 已加密（需要密码才能打开），无法读取；请提交未加密的 PDF，或{_ADVICE_ZH[1:]}。",
                f"The PDF is encrypted (it needs a password to open) and cannot be read; submit it without a "
                f"password, or {_ADVICE_EN}.",
            ) from None
        detail = clip(f"{type(cause).__name__}: {cause}".rstrip(": "), 80)
        raise Refused(
            f"这是一个 PDF 文件，但已损坏或不完整，无法读取（{detail}）；请重新导出 PDF，或{_ADVICE_ZH[1:]}。",
            f"This is a PDF file that is damaged or incomplete and cannot be read ({detail}); export it again, "
            f"or {_ADVICE_EN}.",
        ) from None


#: Built-in exceptions pdfminer's parser raises on malformed input (caught only in _library_calls).
_MALFORMED: tuple[type[BaseException], ...] = (
    KeyError, IndexError, TypeError, ValueError, AssertionError, AttributeError, EOFError,
    OverflowError, ZeroDivisionError, struct.error, zlib.error,
)


# ------------------------------------------------------------------ bounded stream decoding


@dataclass(slots=True)
class _Budget:
    """Bytes decoded so far in one file; refuses a stream or a file past its limit."""

    used: int = 0

    def room(self, produced: int = 0) -> int:
        """How many more bytes a stream that has decoded ``produced`` bytes may add."""
        return min(MAX_STREAM_BYTES - produced, MAX_DECODED_BYTES - self.used)

    def take(self, count: int, produced: int = 0) -> None:
        """Count ``count`` more bytes of a stream that had decoded ``produced``; refuse past a limit."""
        if produced + count > MAX_STREAM_BYTES:
            raise Refused(
                f"PDF 中的一个压缩数据流解压后超过 {human_size(MAX_STREAM_BYTES)}，拒绝读取（可能是“压缩炸弹”）。",
                f"A compressed stream of the PDF inflates to more than {human_size(MAX_STREAM_BYTES)}; "
                "refused (perhaps a decompression bomb).",
            )
        self.used += count
        if self.used > MAX_DECODED_BYTES:
            raise Refused(
                f"PDF 中的压缩数据解压后合计超过 {human_size(MAX_DECODED_BYTES)}，拒绝读取（可能是“压缩炸弹”）。",
                f"The PDF's compressed streams inflate to more than {human_size(MAX_DECODED_BYTES)} in all; "
                "refused (perhaps a decompression bomb).",
            )


class _BoundedInflater:
    """A ``zlib.decompressobj()`` that never produces more than the budget allows.

    zlib's ``max_length`` stops inflating one byte past the room, so a bomb costs the
    room, never its own size.
    """

    def __init__(self, budget: _Budget) -> None:
        self._budget = budget
        self._inflater = zlib.decompressobj()
        self._produced = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inflater.decompress(data, self._budget.room(self._produced) + 1)
        self._budget.take(len(out), self._produced)
        self._produced += len(out)
        return out


class _BoundedZlib:
    """What pdfminer's stream decoder uses of :mod:`zlib`, every output bounded.

    A truncated stream, on which ``zlib.decompress`` raises and pdfminer retries byte by
    byte to keep what inflates, gives that same partial output here at once.
    """

    error = zlib.error

    def __init__(self, budget: _Budget) -> None:
        self._budget = budget

    def decompressobj(self) -> _BoundedInflater:
        return _BoundedInflater(self._budget)

    def decompress(self, data: bytes) -> bytes:
        return _BoundedInflater(self._budget).decompress(data)


def _bounded(budget: _Budget, decode: Callable[[bytes], bytes], ratio: int) -> Callable[[bytes], bytes]:
    """``decode``, whose output is at most ``ratio`` times its input: refused beforehand when that could pass the room."""

    def bounded(data: bytes) -> bytes:
        if len(data) * ratio > budget.room():
            budget.take(len(data) * ratio)  # refuses
        out = decode(data)
        budget.take(len(out))
        return out

    return bounded


def _bounded_lzw(budget: _Budget) -> Callable[[bytes], bytes]:
    """pdfminer's LZW decoder, stopped as soon as its output passes the room."""
    from pdfminer.lzw import LZWDecoder

    def lzwdecode(data: bytes) -> bytes:
        parts: list[bytes] = []
        produced = 0
        for part in LZWDecoder(io.BytesIO(data)).run():
            budget.take(len(part), produced)
            produced += len(part)
            parts.append(part)
        return b"".join(parts)

    return lzwdecode


def _undecoded(data: bytes, *_params: object) -> bytes:
    """CCITT fax images are left encoded: text never needs them (see the module docstring)."""
    return data


#: Indirect references followed from one object to the next (「2 0 R」 whose object is 「3 0 R」…).
MAX_REFERENCE_CHAIN = 32


def _guarded_getobj(getobj: Callable[[Any, int], object]) -> Callable[[Any, int], object]:
    """pdfminer's ``PDFDocument.getobj``, following a chain of references itself, at most
    :data:`MAX_REFERENCE_CHAIN` long: pdfminer follows one without end, and an object that
    is a reference to itself (「2 0 obj 2 0 R endobj」) hangs it forever."""
    from pdfminer.pdftypes import PDFObjRef

    def guarded(document: Any, objid: int) -> object:
        obj = getobj(document, objid)
        for _ in range(MAX_REFERENCE_CHAIN):
            if not isinstance(obj, PDFObjRef):
                return obj
            obj = getobj(document, obj.objid)
        raise Refused(
            f"PDF 中的对象引用成环或过长（对象 {objid}），拒绝读取（可能是恶意构造的文件）。",
            f"The PDF's object references go round in a circle or too far (object {objid}); refused.",
        )

    return guarded


@contextmanager
def _guarded_pdfminer(budget: _Budget) -> Iterator[None]:
    """While reading one file, pdfminer decodes streams with bounded decoders and follows
    reference chains a bounded number of hops.

    pdfminer inflates a stream whole, with no limit, and offers no hook; its decoder
    (``PDFStream.decode``) looks each filter up in its module, so the bounded ones are put
    there for the duration of one read (auditor reads one file at a time per process) and
    the originals put back; ``PDFDocument.getobj`` is wrapped the same way.
    """
    from pdfminer import ascii85, pdftypes, runlength
    from pdfminer.pdfdocument import PDFDocument

    bounded = {
        "zlib": _BoundedZlib(budget),
        "lzwdecode": _bounded_lzw(budget),
        "rldecode": _bounded(budget, runlength.rldecode, 64),  # a 2-byte run makes at most 128 bytes
        "ascii85decode": _bounded(budget, ascii85.ascii85decode, 4),  # 「z」 is four bytes
        "asciihexdecode": _bounded(budget, ascii85.asciihexdecode, 1),
        "ccittfaxdecode": _undecoded,
    }
    missing = [name for name in bounded if not hasattr(pdftypes, name)]
    if missing:  # another pdfminer.six than the one pdfplumber pins: never read unguarded
        raise RuntimeError(f"pdfminer.pdftypes has no {missing}: the PDF stream guard does not fit this pdfminer.six")
    originals = {name: getattr(pdftypes, name) for name in bounded}
    getobj = PDFDocument.getobj
    for name, function in bounded.items():
        setattr(pdftypes, name, function)
    PDFDocument.getobj = _guarded_getobj(getobj)  # type: ignore[method-assign]
    try:
        yield
    finally:
        PDFDocument.getobj = getobj  # type: ignore[method-assign]
        for name, function in originals.items():
            setattr(pdftypes, name, function)

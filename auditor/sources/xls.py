"""Read every cell of an Excel 97-2003 workbook (.xls, and WPS .et, which is the same BIFF8 inside) into the grid.

:func:`read_xls_cells` gives the same :class:`~auditor.sources.grid.WorkbookCells` as
the .xlsx reader, so that the layout readers (``readers.spreadsheet``) find the same
tables and the same findings whichever format a department saved in.

The work is split three ways:

* the OLE2 container is opened by :mod:`auditor.sources.ole2`, which bounds every chain
  and size (xlrd's own container reader can loop forever on a hostile mini-FAT), and only
  the ``Workbook`` stream (``Book`` in Excel 5/95 files) goes further;
* the stream's BIFF records are walked once here, without interpreting them, to bound
  what xlrd will do with them before it runs (:func:`_survey`): the encryption record, the
  worksheets' positions (several sheets at the same place, or overlapping, would make xlrd
  read the same records again and again), and how many cells xlrd will store — with
  ``formatting_info`` it keeps formatted blank cells too and pads each row to its last
  cell, so a 700 KB file of one blank at the far right of every row would cost it 16
  million cells. Beyond the bounds the file is refused before xlrd sees it;
* xlrd 2.x (``formatting_info=True``, ``ragged_rows=True``) decodes the records: strings,
  numbers, the number formats that say a cell is a percentage or a date, merged ranges.

Numbers. BIFF stores every number as an IEEE double (an ``RK`` record packs a small one
as an integer or hundredths). A double is not the decimal that was typed: 504.55 is
stored as 504.549999999999954525…. Its **shortest round-trip representation**
(``repr``) is, for any number typed with up to 15 significant digits, exactly the
digits that were typed — ``"504.55"`` — because a double holds 15.95 decimal digits
and ``repr`` gives the shortest decimal that reads back to the same double. That
literal becomes the cell's text, as an .xlsx stores ``<v>504.55</v>``; the layout
readers then turn it into a ``Decimal`` with
:func:`auditor.parsing.numbers.decimal_from_stored_number`, which keeps the 15
significant digits a spreadsheet shows, so a formula's cached ``0.30000000000000004``
is 0.3 as Excel displays it. A whole number is written without ``.0`` (``"1000"``), as
Excel writes it. This is the one place where an amount passes through a binary float,
and the float is the file's own: nothing is computed with it. A NaN or infinite double
(which no spreadsheet can type) becomes the error value ``#NUM!``.

What a cell becomes: a number (a date is a number whose format is a date format,
``is_date`` set, as in .xlsx), text, ``TRUE``/``FALSE``, an error (``#DIV/0!``…).
Formatted blank cells are left out, as the .xlsx reader leaves them out. A formula's
text is not kept: BIFF always stores its result, so "a formula without a cached value"
(the one use the grid has for formula text) cannot happen. ``is_percent``, ``is_date``
and ``format_decimals`` come from the number format exactly as for .xlsx (the same
classification, of the format code or of a built-in format's number). Merged ranges
are kept, clipped to the caps like the .xlsx reader's. Rows and columns beyond
``Limits.max_rows``/``max_cols`` are counted, not stored; more than ``Limits.max_cells``
stored cells refuses the workbook.
"""

from __future__ import annotations

import io
import math
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.sources.files import read_regular_file
from auditor.sources.grid import Cell, Sheet, WorkbookCells
from auditor.sources.number_formats import (
    BUILTIN_DATE,
    BUILTIN_DECIMALS,
    BUILTIN_PERCENT,
    classify_format,
    format_decimals,
)
from auditor.sources.ole2 import OLE2_MAGIC, file_too_large, open_compound_file
from auditor.sources.refusal import Refused, clip
from auditor.sources.xlsx import MAX_MERGES
from auditor.sources.zip_guard import Limits

if TYPE_CHECKING:
    from xlrd.book import Book

__all__ = ["Limits", "NotBiffWorkbook", "read_xls_cells"]

#: Cells xlrd may hold for the whole workbook, counting what it pads each row with (every
#: cell up to the row's last one, formatted blanks included). A filled 自评表 holds a few
#: thousand; a form formatted down to the last row of a sheet (65,536 × 10) 655,360.
MAX_XLRD_CELLS = 2_000_000
#: BIFF records xlrd may be given (a 200,000-cell workbook has about as many).
MAX_RECORDS = 2_000_000
#: Column spans of COLINFO records, summed (xlrd loops over each; a sheet needs at most 256).
MAX_COLUMN_INFO = 100_000

_BOF_CODES = frozenset({0x0809, 0x0409, 0x0209, 0x0009})
_EOF = 0x000A
_BOUNDSHEET = 0x0085
_FILEPASS = 0x002F
_COLINFO = 0x007D
_GCW = 0x00AB
_ONE_CELL = frozenset({0x0203, 0x00FD, 0x0204, 0x00D6, 0x027E, 0x0006, 0x0406, 0x0205, 0x0201})
_MULTI_CELL = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK
_WORKSHEET = 0x00
_RECORD_HEAD = struct.Struct("<HH")


class NotBiffWorkbook(Refused):
    """The file holds no workbook xlrd can read — it is no OLE2 file, or a sound OLE2 file
    without a Workbook stream or whose records xlrd cannot parse — so that another reader, or
    LibreOffice, may still read it (a WPS .et). A damaged OLE2 container, an encrypted
    workbook or one beyond the limits is a plain :class:`Refused`: nothing else should try."""

    def __init__(self, reason_zh: str, reason_en: str, compound_file: bool) -> None:
        super().__init__(reason_zh, reason_en)
        #: The file is a sound OLE2 compound file (what LibreOffice could be given).
        self.compound_file = compound_file


def read_xls_cells(path: str | os.PathLike[str], limits: Limits = Limits()) -> WorkbookCells:
    """Every stored cell of every worksheet of the BIFF workbook at ``path``, in workbook order.

    Raises :class:`Refused` (and nothing else) when the file is not a readable workbook
    or breaks one of ``limits``; :class:`NotBiffWorkbook` when it holds no BIFF workbook.
    """
    data = read_regular_file(path, limits.max_file_bytes, Refused, file_too_large)
    return xls_cells(data, limits)


def xls_cells(data: bytes, limits: Limits = Limits()) -> WorkbookCells:
    """:func:`read_xls_cells` of a file's bytes."""
    if not data.startswith(OLE2_MAGIC):
        raise NotBiffWorkbook(
            "文件不是 Excel 97-2003 工作簿（没有 OLE2 复合文档文件头）。",
            "The file is not an Excel 97-2003 workbook (it has no OLE2 compound-file header).",
            compound_file=False,
        )
    container = open_compound_file(data, limits.max_member_bytes)
    if container.stream("EncryptedPackage") is not None or container.stream("EncryptionInfo") is not None:
        raise _encrypted()
    entry = container.stream("Workbook") or container.stream("Book")
    if entry is None:
        if container.stream("WordDocument") is not None:
            raise NotBiffWorkbook("这是 Word 97-2003 文档，不是工作簿。", "The file is a Word 97-2003 document, not a workbook.",
                                  compound_file=True)
        raise NotBiffWorkbook(
            "OLE2 复合文档中没有工作簿数据流（Workbook），不是 Excel 97-2003 工作簿。",
            "The OLE2 compound file has no Workbook stream; it is not an Excel 97-2003 workbook.",
            compound_file=True,
        )
    stream = container.read(entry)
    del data, container
    _survey(stream, limits)
    return _grid(_xlrd_book(stream), limits)


def _encrypted() -> Refused:
    return Refused(
        "工作簿设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中去掉密码并另存为 .xlsx。",
        "The workbook is password-protected (encrypted); remove the password in Excel or WPS and save it as .xlsx.",
    )


def _damaged(why_zh: str, why_en: str) -> Refused:
    return Refused(f"工作簿已损坏：{why_zh}。", f"The workbook is damaged: {why_en}.")


# ---------------------------------------------------------------------------- the survey


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    """(offset, code, length) of each record from ``start`` to the end of the stream."""
    pos, end = start, len(stream)
    head = _RECORD_HEAD.unpack_from
    while pos + 4 <= end:
        code, length = head(stream, pos)
        yield pos, code, length
        pos += 4 + length


@dataclass
class _Survey:
    records: int = 0
    padded: int = 0
    column_info: int = 0
    sheets: list[tuple[int, int]] = field(default_factory=list)  # worksheet (start, end) offsets


def _survey(stream: bytes, limits: Limits) -> _Survey:
    """Bound what xlrd will do with ``stream`` before it runs; refuse beyond the bounds."""
    survey = _Survey()
    records = _records(stream, 0)
    first = next(records, None)
    if first is None or first[1] not in _BOF_CODES:
        raise _damaged("工作簿数据流不以 BOF 记录开头", "its workbook stream does not begin with a BOF record")
    starts: list[int] = []
    for pos, code, length in records:
        survey.records += 1
        if code == _EOF:
            break
        if code == _FILEPASS:
            raise _encrypted()
        if code == _BOUNDSHEET and length >= 6:
            offset, _visibility, kind = struct.unpack_from("<LBB", stream, pos + 4)
            if kind == _WORKSHEET:
                starts.append(offset)
    if len(starts) > limits.max_sheets:
        raise Refused(
            f"工作簿中的工作表过多（{len(starts)} 个，上限 {limits.max_sheets}），拒绝读取。",
            f"The workbook has too many worksheets ({len(starts)}; limit {limits.max_sheets}); refused.",
        )
    previous_end = 0
    for start in sorted(starts):
        if start < previous_end or start + 4 > len(stream):
            raise _damaged("工作表的位置重叠或超出数据流", "its worksheets overlap or lie outside the workbook stream")
        previous_end = _survey_sheet(stream, start, survey)
        survey.sheets.append((start, previous_end))
        if survey.records > MAX_RECORDS or survey.padded > MAX_XLRD_CELLS or survey.column_info > MAX_COLUMN_INFO:
            raise Refused(
                f"工作簿中的记录或单元格过多（超过 {MAX_RECORDS} 条记录或 {MAX_XLRD_CELLS} 个含格式的单元格），拒绝读取。",
                f"The workbook has too many records or cells (more than {MAX_RECORDS} records or "
                f"{MAX_XLRD_CELLS} cells counting formatted blanks); refused.",
            )
    return survey


def _survey_sheet(stream: bytes, start: int, survey: _Survey) -> int:
    """Count one worksheet's records and the cells xlrd will hold for it; the offset past its EOF."""
    widths: dict[int, int] = {}  # row → 1 + its last column
    nested = 0
    end = len(stream)
    records = 0
    column_info = 0
    for pos, code, length in _records(stream, start):
        records += 1
        if code in _ONE_CELL:
            if length >= 4:
                row, col = struct.unpack_from("<HH", stream, pos + 4)
                if col >= widths.get(row, 0):
                    widths[row] = col + 1
        elif code in _MULTI_CELL:
            if length >= 6:
                row, _first = struct.unpack_from("<HH", stream, pos + 4)
                (last,) = struct.unpack_from("<H", stream, pos + 4 + length - 2)
                if last >= widths.get(row, 0):
                    widths[row] = last + 1
        elif code == _COLINFO:
            if length >= 4:
                first, last = struct.unpack_from("<HH", stream, pos + 4)
                column_info += max(0, min(last, 256) - first + 1)
        elif code == _GCW:
            column_info += 256
        elif code in _BOF_CODES and pos != start:
            nested += 1  # a chart's substream inside the sheet
        elif code == _EOF:
            if nested == 0:
                end = pos + 4 + length
                break
            nested -= 1
        if records > MAX_RECORDS:
            break
    survey.records += records
    survey.column_info += column_info
    survey.padded += sum(widths.values()) + (max(widths) + 1 if widths else 0)
    return end


# ---------------------------------------------------------------------------- xlrd


class _Discard(io.TextIOBase):
    """Where xlrd's warnings go ("WARNING *** file size …" would otherwise reach stdout)."""

    def write(self, text: str) -> int:
        return len(text)


def _xlrd_book(stream: bytes) -> Book:
    import xlrd

    try:
        # The stream, not the OLE2 file: xlrd then reads it as the workbook's records
        # directly and never parses the container itself.
        return xlrd.open_workbook(
            file_contents=stream, formatting_info=True, ragged_rows=True, on_demand=False,
            logfile=_Discard(), verbosity=0,
        )
    except Exception as exc:  # noqa: BLE001 - see below
        # Scoped to this one call into xlrd, which parses records it did not write and, on a
        # malformed one, raises whatever its code meets (XLRDError, struct.error, IndexError,
        # KeyError, AssertionError, UnicodeDecodeError, …). None of it is auditor's bug.
        text = str(exc).replace("\n", " ")
        if "encrypted" in text.lower():
            raise _encrypted() from None
        raise NotBiffWorkbook(
            f"工作簿已损坏：无法解析其 BIFF 记录（{type(exc).__name__}: {clip(text)}）。",
            f"The workbook is damaged: its BIFF records cannot be parsed ({type(exc).__name__}: {clip(text)}).",
            compound_file=True,
        ) from None


def _grid(book: Book, limits: Limits) -> WorkbookCells:
    from xlrd.biffh import (
        XL_CELL_BOOLEAN,
        XL_CELL_DATE,
        XL_CELL_ERROR,
        XL_CELL_NUMBER,
        XL_CELL_TEXT,
        error_text_from_code,
    )

    flags = _xf_formats(book)
    result = WorkbookCells(date1904=book.datemode == 1)
    stored = 0
    for xl_sheet in book.sheets():
        cells: dict[tuple[int, int], Cell] = {}
        sheet = Sheet(xl_sheet.name, cells)
        dropped = 0
        for r in range(xl_sheet.nrows):
            types = xl_sheet.row_types(r)
            values = xl_sheet.row_values(r)
            for c, (ctype, value) in enumerate(zip(types, values)):
                if ctype in (XL_CELL_NUMBER, XL_CELL_DATE):
                    kind, text = ("number", _number_text(value)) if math.isfinite(value) else ("error", "#NUM!")
                elif ctype == XL_CELL_TEXT:
                    if not value:
                        continue  # an empty string is a blank cell
                    kind, text = "text", value
                elif ctype == XL_CELL_BOOLEAN:
                    kind, text = "bool", "TRUE" if value else "FALSE"
                elif ctype == XL_CELL_ERROR:
                    kind, text = "error", error_text_from_code.get(value, "#N/A")
                else:
                    continue  # empty, or a formatted blank
                if r + 1 > limits.max_rows or c + 1 > limits.max_cols:
                    dropped += 1
                    continue
                percent = date = False
                decimals = None
                if kind == "number":
                    percent, date, decimals = flags.get(xl_sheet.cell_xf_index(r, c), _GENERAL)
                cells[(r + 1, c + 1)] = Cell(r + 1, c + 1, kind, text, percent, date, None, decimals)
                stored += 1
                if stored > limits.max_cells:
                    raise Refused(
                        f"工作簿中的单元格过多（超过 {limits.max_cells} 个），拒绝读取。",
                        f"The workbook has too many cells (more than {limits.max_cells}); refused.",
                    )
        sheet.dropped_cells = dropped
        sheet.merged = _merges(xl_sheet.merged_cells, limits)
        result.sheets.append(sheet)
    return result


_GENERAL = (False, False, None)


def _xf_formats(book: Book) -> dict[int, tuple[bool, bool, int | None]]:
    """Cell style (XF) index → (percent, date, decimals) of its number format, classified as
    the .xlsx reader classifies it: by the format's code, or by a built-in format's number."""
    by_key: dict[int, tuple[bool, bool, int | None]] = {}
    flags: dict[int, tuple[bool, bool, int | None]] = {}
    for index, xf in enumerate(book.xf_list):
        key = xf.format_key
        if key not in by_key:
            fmt = book.format_map.get(key)
            code = fmt.format_str if fmt is not None else None
            if code and key not in BUILTIN_PERCENT | BUILTIN_DATE:
                percent, date = classify_format(code)
                by_key[key] = (percent, date, format_decimals(code))
            else:
                by_key[key] = (key in BUILTIN_PERCENT, key in BUILTIN_DATE, BUILTIN_DECIMALS.get(key))
        flags[index] = by_key[key]
    return flags


def _number_text(value: float) -> str:
    """The literal a double stands for: the shortest text that reads back to it (see above)."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _merges(ranges: list[tuple[int, int, int, int]], limits: Limits) -> list[tuple[int, int, int, int]]:
    """xlrd's half-open 0-based (rlo, rhi, clo, chi) as the grid's (first row, first col, last
    row, last col), clipped to the caps as the .xlsx reader clips them."""
    merged: list[tuple[int, int, int, int]] = []
    for rlo, rhi, clo, chi in ranges[:MAX_MERGES]:
        first_row, first_col, last_row, last_col = rlo + 1, clo + 1, rhi, chi
        if last_row < first_row or last_col < first_col or (first_row, first_col) == (last_row, last_col):
            continue
        if first_row > limits.max_rows or first_col > limits.max_cols:
            continue
        merged.append((first_row, first_col, min(last_row, limits.max_rows), min(last_col, limits.max_cols)))
    return merged

"""Read every cell of an OpenDocument spreadsheet (.ods, LibreOffice's and WPS's "ODF") into the grid.

:func:`read_ods_cells` gives the same :class:`~auditor.sources.grid.WorkbookCells` as the
.xlsx reader, so that the layout readers find the same tables and the same findings in
a LibreOffice save of a workbook as in the .xlsx it came from.

An .ods is a zip of XML parts, like an .xlsx, and is opened by the same guards: the
file's size is capped before it is read, every member's declared and actual inflated
size while it is inflated (:mod:`auditor.sources.zip_guard`), and any DTD or entity
declaration refuses the part before anything can expand (:mod:`auditor.sources.xml_guard`).
``content.xml`` holds the sheets and the cells' automatic styles; ``styles.xml`` the
named styles and number formats they inherit.

Why a reader of our own rather than odfpy or python-calamine (measured in
``benchmarks/formats.py``; see the commit that added this module): a number's
``office:value`` is exact decimal text (``"504.55"``), which this reader keeps as the
cell's literal, as the .xlsx reader keeps ``<v>``; calamine gives binary floats and
no number formats or merged ranges, and odfpy builds a DOM of the whole document on
top of a zip it opens without any size guard.

What a cell becomes, by its ``office:value-type``:

=====================================  ============================================
``float``, ``currency``, ``percentage``  ``number``: the ``office:value`` literal
                                          (``percentage`` sets ``is_percent``)
``date``, ``time``                       ``number``: the date serial as Excel counts
                                          it from 1899-12-30 (exact decimal), ``is_date``
``boolean``                              ``bool``: ``"TRUE"``/``"FALSE"``
``string``                               ``text``: the ``<text:p>`` paragraphs joined
                                          by line breaks (comments left out)
LibreOffice's ``calcext:value-type``     ``error``: the error shown (``#DIV/0!``)
``error``
none, with a ``table:formula``           ``empty`` with its formula (never calculated)
=====================================  ============================================

``is_percent``, ``is_date`` and ``format_decimals`` also come from the cell's number
format (its style, else its row's, else its column's default style, up the parent
styles to a data style), classified as the .xlsx reader classifies a format code.
Repeated rows and cells (``number-rows-repeated``, ``number-columns-repeated``: every
LibreOffice save ends each sheet with a million empty rows) are counted, never
expanded beyond ``Limits.max_rows``/``max_cols``; cells beyond them are counted in
``Sheet.dropped_cells``; more than ``Limits.max_cells`` stored cells refuses the
workbook. ``number-columns-spanned``/``number-rows-spanned`` are the merged ranges.
Element and attribute names are matched with the standard ODF prefixes (``table:``,
``office:``, ``text:``, ``number:``, ``style:``), which every ODF writer uses.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from auditor.sources.files import human_size, read_regular_file
from auditor.sources.grid import Cell, Sheet, WorkbookCells
from auditor.sources.number_formats import NUMBER_LITERAL
from auditor.sources.refusal import PackageRefused, Refused, clip
from auditor.sources.xlsx import MAX_MERGES
from auditor.sources.xml_guard import parse_xml
from auditor.sources.zip_guard import Limits, PackageKind, open_package

__all__ = ["Limits", "read_ods_cells"]

ODS_PACKAGE = PackageKind(
    archive_zh="OpenDocument 表格压缩包",
    archive_en="The OpenDocument spreadsheet's archive",
    required_part="content.xml",
    missing_zh="压缩包中没有 content.xml：这不是 OpenDocument 表格（.ods）。",
    missing_en="The archive has no content.xml: it is not an OpenDocument spreadsheet (.ods).",
)
_SPREADSHEET_TYPES = (b"application/vnd.oasis.opendocument.spreadsheet", b"application/vnd.oasis.opendocument.spreadsheet-template")
_OTHER_TYPES = {
    b"application/vnd.oasis.opendocument.text": ("OpenDocument 文本（.odt）", "an OpenDocument text (.odt)"),
    b"application/vnd.oasis.opendocument.presentation": ("OpenDocument 演示文稿（.odp）", "an OpenDocument presentation (.odp)"),
    b"application/vnd.oasis.opendocument.graphics": ("OpenDocument 绘图（.odg）", "an OpenDocument drawing (.odg)"),
}

_NUMBER = re.compile(NUMBER_LITERAL, re.ASCII).fullmatch
_DATE = re.compile(
    r"(-?[0-9]{4,6})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,12})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?",
    re.ASCII,
).fullmatch
_DURATION = re.compile(r"(-?)PT?([0-9]{1,9})H([0-9]{1,9})M([0-9]{1,9}(?:\.[0-9]{1,12})?)S", re.ASCII).fullmatch
_EXCEL_EPOCH = date(1899, 12, 30)
_SECONDS_PER_DAY = Decimal(86400)
_DIGITS_15 = 15
#: A ``<text:s text:c="…"/>`` of more spaces than this is read as this many.
_MAX_SPACES = 1000
#: Parent styles followed to find a number format.
_MAX_STYLE_DEPTH = 32

_DATA_STYLE_KINDS = {
    "number:number-style": "number",
    "number:currency-style": "number",
    "number:percentage-style": "percent",
    "number:date-style": "date",
    "number:time-style": "date",
    "number:boolean-style": "other",
    "number:text-style": "other",
}
#: Where text is not the cell's own: comments, ruby annotations, drawings and forms.
_SKIPPED = frozenset({"office:annotation", "text:ruby-text", "draw:frame", "draw:custom-shape", "draw:g", "office:forms", "text:note"})
_NO_FLAGS: tuple[bool, bool, int | None] = (False, False, None)


def read_ods_cells(path: str | os.PathLike[str], limits: Limits = Limits()) -> WorkbookCells:
    """Every stored cell of every sheet of the OpenDocument spreadsheet at ``path``, in order.

    Raises :class:`Refused` (and nothing else) when the file is not a readable
    spreadsheet or breaks one of ``limits``. The file is only ever opened for reading.
    """
    try:
        return _read(path, limits)
    except Refused:
        raise
    except MemoryError:
        raise PackageRefused("读取工作簿时内存不足，拒绝读取。", "Out of memory while reading the workbook; refused.") from None
    except RecursionError:  # pragma: no cover - nothing here recurses
        raise PackageRefused("工作簿结构嵌套过深，拒绝读取。", "The workbook is nested too deeply; refused.") from None


def _read(path: str | os.PathLike[str], limits: Limits) -> WorkbookCells:
    data = read_regular_file(path, limits.max_file_bytes, PackageRefused, _file_too_large)
    package = open_package(path, data, limits, ODS_PACKAGE)
    del data
    mimetype = package.read("mimetype")
    if mimetype is not None:
        kind = bytes(mimetype).strip()
        if kind in _OTHER_TYPES:
            what_zh, what_en = _OTHER_TYPES[kind]
            raise Refused(f"这是{what_zh}，不是表格。", f"The file is {what_en}, not a spreadsheet.")
    manifest = package.read("META-INF/manifest.xml")
    if manifest is not None and b"encryption-data" in manifest:
        raise Refused(
            "表格设置了打开密码（已加密），无法读取；请在 LibreOffice 或 WPS 中去掉密码后另存为 .xlsx 或 .ods。",
            "The spreadsheet is password-protected (encrypted); remove the password and save it as .xlsx or .ods.",
        )
    styles = _Styles()
    styles_xml = package.read("styles.xml")
    if styles_xml is not None:
        _Content("styles.xml", styles, limits, body=False).parse(styles_xml)
    del styles_xml
    content_xml = package.read("content.xml")
    assert content_xml is not None  # open_package checked it
    content = _Content("content.xml", styles, limits, body=True)
    content.parse(content_xml)
    if not content.workbook.sheets:
        raise PackageRefused("工作簿中没有任何工作表。", "The workbook contains no worksheets.")
    return content.workbook


def _file_too_large(size: int, limit: int) -> PackageRefused:
    return PackageRefused(
        f"文件大小 {human_size(size)} 超过上限 {human_size(limit)}，拒绝读取。",
        f"The file size of {human_size(size)} exceeds the limit of {human_size(limit)}; refused.",
    )


# ---------------------------------------------------------------------------- styles


@dataclass
class _DataStyle:
    kind: str  # number, percent, date, other
    decimals: int | None = None
    #: The style of the first ``style:map`` (LibreOffice puts the positive section there:
    #: a format's first section, whose decimals the .xlsx reader counts).
    mapped: str | None = None


@dataclass
class _Styles:
    """Cell styles and number formats by name, from both parts."""

    cells: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # name → (parent, data style)
    data: dict[str, _DataStyle] = field(default_factory=dict)
    _resolved: dict[str | None, tuple[bool, bool, int | None]] = field(default_factory=dict)

    def flags(self, name: str | None) -> tuple[bool, bool, int | None]:
        """(percent, date, decimals) of the number format of the cell style ``name``."""
        found = self._resolved.get(name)
        if found is None:
            found = self._resolved[name] = self._resolve(name)
        return found

    def _resolve(self, name: str | None) -> tuple[bool, bool, int | None]:
        seen: set[str] = set()
        while name is not None and name not in seen and len(seen) < _MAX_STYLE_DEPTH:
            seen.add(name)
            parent, data_style = self.cells.get(name, (None, None))
            if data_style is not None:
                return self._data_flags(data_style)
            name = parent
        return _NO_FLAGS

    def _data_flags(self, name: str) -> tuple[bool, bool, int | None]:
        style = self.data.get(name)
        if style is None:
            return _NO_FLAGS
        decimals = style.decimals
        if style.mapped is not None and style.mapped in self.data:
            decimals = self.data[style.mapped].decimals
        if style.kind == "date":
            return False, True, None
        return style.kind == "percent", False, decimals if style.kind in ("number", "percent") else None


# ---------------------------------------------------------------------------- content


@dataclass
class _PendingCell:
    """A cell read in the current row, to be stored once the row's repeat count is known."""

    col: int
    repeat: int
    kind: str
    text: str
    percent: bool
    date: bool
    formula: str | None
    decimals: int | None
    spans: tuple[int, int]  # (rows, columns) merged from this cell


class _Content:
    """One expat pass over a part: its styles, and (``body``) its sheets and cells."""

    def __init__(self, part: str, styles: _Styles, limits: Limits, body: bool) -> None:
        self.part = part
        self.styles = styles
        self.limits = limits
        self.body = body
        self.workbook = WorkbookCells()
        self.depth = 0
        self.stored = 0
        # styles being read
        self.data_style: _DataStyle | None = None
        # where we are in the body
        self.sheet: Sheet | None = None
        self.nested = 0  # depth inside a table within the sheet's table (a drawing's), or a skipped element
        self.row = 0  # the next row's number
        self.row_repeat = 1
        self.row_style: str | None = None
        self.columns: list[tuple[int, int, str]] = []  # (first column, count, default cell style)
        self.next_column = 1
        self.pending: list[_PendingCell] = []
        self.col = 1
        # the cell being read
        self.cell_attrs: dict[str, str] | None = None
        self.paragraphs: list[list[str]] | None = None
        self.text: list[str] | None = None

    def parse(self, data: bytes | bytearray) -> None:
        parse_xml(self.part, data, self.start, self.end, self.chars)

    # -- handlers

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self.limits.max_xml_depth:
            raise PackageRefused(
                f"工作簿的部件 {clip(self.part)} 中 XML 元素嵌套超过 {self.limits.max_xml_depth} 层，拒绝读取。",
                f"The XML of part {clip(self.part)!r} is nested more than {self.limits.max_xml_depth} levels deep; refused.",
            )
        if self.nested:
            self.nested += 1
            return
        if self.cell_attrs is not None:
            self._cell_content(tag, attrs)
        elif tag == "table:table-cell" or tag == "table:covered-table-cell":
            if self.sheet is not None:
                self.cell_attrs = attrs
                self.paragraphs = []
                self.text = None
        elif tag == "table:table-row":
            if self.sheet is not None:
                self.row_repeat = _count(attrs.get("table:number-rows-repeated"))
                self.row_style = attrs.get("table:default-cell-style-name")
                self.pending = []
                self.col = 1
        elif tag == "table:table-column":
            if self.sheet is not None:
                count = _count(attrs.get("table:number-columns-repeated"))
                style = attrs.get("table:default-cell-style-name")
                if style is not None and self.next_column <= self.limits.max_cols:
                    self.columns.append((self.next_column, count, style))
                self.next_column += count
        elif tag == "table:table":
            if self.sheet is not None:
                self.nested = 1  # a table inside the sheet (in a drawing): not the sheet's cells
            elif self.body:
                self._new_sheet(attrs.get("table:name", ""))
        elif tag in _SKIPPED:
            if self.sheet is not None:
                self.nested = 1
        elif tag == "style:style":
            if attrs.get("style:family") == "table-cell" and "style:name" in attrs:
                self.styles.cells[attrs["style:name"]] = (attrs.get("style:parent-style-name"), attrs.get("style:data-style-name"))
        elif tag in _DATA_STYLE_KINDS:
            name = attrs.get("style:name")
            if name is not None:
                self.data_style = self.styles.data[name] = _DataStyle(_DATA_STYLE_KINDS[tag])
        elif self.data_style is not None:
            if tag == "number:number" and self.data_style.decimals is None:
                self.data_style.decimals = _decimal_places(attrs.get("number:decimal-places"))
            elif tag == "style:map" and self.data_style.mapped is None:
                self.data_style.mapped = attrs.get("style:apply-style-name")

    def _cell_content(self, tag: str, attrs: dict[str, str]) -> None:
        assert self.paragraphs is not None
        if tag == "text:p" or tag == "text:h":
            self.text = []
            self.paragraphs.append(self.text)
        elif tag in _SKIPPED:
            self.nested = 1
        elif self.text is not None:
            if tag == "text:s":
                self.text.append(" " * min(_count(attrs.get("text:c")), _MAX_SPACES))
            elif tag == "text:tab":
                self.text.append("\t")
            elif tag == "text:line-break":
                self.text.append("\n")

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.nested:
            self.nested -= 1
            return
        if self.cell_attrs is not None:
            if tag == "table:table-cell" or tag == "table:covered-table-cell":
                self._end_cell()
            elif tag == "text:p" or tag == "text:h":
                self.text = None
        elif tag == "table:table-row":
            if self.sheet is not None:
                self._end_row()
        elif tag == "table:table":
            if self.sheet is not None:
                self.sheet = None
        elif tag in _DATA_STYLE_KINDS:
            self.data_style = None

    def chars(self, text: str) -> None:
        if self.text is not None and not self.nested:
            self.text.append(text)

    # -- sheets, rows, cells

    def _new_sheet(self, name: str) -> None:
        if len(self.workbook.sheets) >= self.limits.max_sheets:
            raise PackageRefused(
                f"工作簿中的工作表过多（超过 {self.limits.max_sheets} 个），拒绝读取。",
                f"The workbook has too many worksheets (more than {self.limits.max_sheets}); refused.",
            )
        self.sheet = Sheet(name)
        self.workbook.sheets.append(self.sheet)
        self.row = 1
        self.columns = []
        self.next_column = 1

    def _end_cell(self) -> None:
        attrs = self.cell_attrs
        assert attrs is not None and self.paragraphs is not None
        self.cell_attrs = None
        repeat = _count(attrs.get("table:number-columns-repeated"))
        col = self.col
        self.col += repeat
        if col > self.limits.max_cols:
            # beyond the columns read: only whether it holds something matters (dropped_cells)
            if attrs.get("office:value-type") or attrs.get("table:formula") or self.paragraphs:
                self.pending.append(_PendingCell(col, repeat, "text", "", False, False, None, None, (1, 1)))
            return
        # (a covered cell, under a merged range, has no spans of its own; its value is kept,
        # as the .xlsx reader keeps a value under a merge)
        spans = (_count(attrs.get("table:number-rows-spanned")), _count(attrs.get("table:number-columns-spanned")))
        value = self._value(attrs, col)
        if value is None:
            if spans != (1, 1):
                self.pending.append(_PendingCell(col, repeat, "", "", False, False, None, None, spans))
            return
        kind, text, percent, date_, formula, decimals = value
        self.pending.append(_PendingCell(col, repeat, kind, text, percent, date_, formula, decimals, spans))

    def _value(self, attrs: dict[str, str], col: int) -> tuple[str, str, bool, bool, str | None, int | None] | None:
        """(kind, text, percent, date, formula, decimals) of a cell, or None for a blank one."""
        assert self.paragraphs is not None
        value_type = attrs.get("office:value-type")
        formula = attrs.get("table:formula")
        if formula is not None:
            formula = formula.partition("=")[2] if "=" in formula[:8] else formula
        shown = "\n".join("".join(p) for p in self.paragraphs)
        if attrs.get("calcext:value-type") == "error":
            return "error", shown.strip() or "#VALUE!", False, False, formula, None
        if value_type in ("float", "currency", "percentage", "date", "time"):
            number = self._number(value_type, attrs)
            if number is None:  # a value that is no number: keep what the cell shows
                return ("text", shown, False, False, formula, None) if shown else None
            percent, is_date, decimals = self._flags(attrs, col)
            return ("number", number, percent or value_type == "percentage",
                    is_date or value_type in ("date", "time"), formula, decimals)
        if value_type == "boolean":
            flag = attrs.get("office:boolean-value", "").strip().lower()
            if flag in ("true", "false"):
                return "bool", flag.upper(), False, False, formula, None
            return ("text", shown, False, False, formula, None) if shown else None
        if value_type == "string" or value_type is not None:
            text = attrs.get("office:string-value", shown)
            if not text and formula is None:
                return None  # an empty string is a blank cell
            return "text", text, False, False, formula, None
        if formula is not None:  # a formula never calculated
            percent, is_date, decimals = self._flags(attrs, col)
            return "empty", "", percent, is_date, formula, decimals
        return None

    def _number(self, value_type: str, attrs: dict[str, str]) -> str | None:
        if value_type == "date":
            return _date_serial(attrs.get("office:date-value", ""))
        if value_type == "time":
            return _time_serial(attrs.get("office:time-value", ""))
        literal = attrs.get("office:value", "").strip()
        return literal if _NUMBER(literal) else None

    def _flags(self, attrs: dict[str, str], col: int) -> tuple[bool, bool, int | None]:
        """The number format of a cell: its own style, else its row's, else its column's default."""
        style = attrs.get("table:style-name") or self.row_style or self._column_style(col)
        return self.styles.flags(style if style is not None else "Default")

    def _column_style(self, col: int) -> str | None:
        for first, count, style in self.columns:
            if first <= col < first + count:
                return style
        return None

    def _end_row(self) -> None:
        assert self.sheet is not None
        limits = self.limits
        first_row = self.row
        repeat = self.row_repeat
        self.row += repeat
        if not self.pending:
            return
        sheet = self.sheet
        rows_kept = max(0, min(repeat, limits.max_rows - first_row + 1))
        for pending in self.pending:
            cols_kept = max(0, min(pending.repeat, limits.max_cols - pending.col + 1))
            if pending.kind:
                sheet.dropped_cells += pending.repeat * repeat - cols_kept * rows_kept
            for row in range(first_row, first_row + rows_kept):
                if pending.spans != (1, 1) and len(sheet.merged) < MAX_MERGES:
                    for col in range(pending.col, pending.col + cols_kept):
                        last_row = min(row + pending.spans[0] - 1, limits.max_rows)
                        last_col = min(col + pending.spans[1] - 1, limits.max_cols)
                        if (last_row, last_col) != (row, col):
                            sheet.merged.append((row, col, last_row, last_col))
                if not pending.kind:
                    continue
                for col in range(pending.col, pending.col + cols_kept):
                    sheet.cells[(row, col)] = Cell(row, col, pending.kind, pending.text, pending.percent,  # type: ignore[arg-type]
                                                   pending.date, pending.formula, pending.decimals)
                self.stored += cols_kept
                if self.stored > limits.max_cells:
                    raise PackageRefused(
                        f"工作簿中的单元格过多（超过 {limits.max_cells} 个），拒绝读取。",
                        f"The workbook has too many cells (more than {limits.max_cells}); refused.",
                    )
        self.pending = []


def _count(text: str | None, default: int = 1) -> int:
    """A repeat or span count; anything that is not a positive whole number counts as ``default``."""
    if text is None:
        return default
    text = text.strip()
    if not (0 < len(text) <= 9 and text.isascii() and text.isdigit()):
        return default
    return int(text) or default


def _decimal_places(text: str | None) -> int | None:
    """A number format's decimal places (``"2"``, ``"0"``); None when absent or absurd (General)."""
    if text is None or not (0 < len(text.strip()) <= 2 and text.strip().isdigit()):
        return None
    return int(text)


def _date_serial(text: str) -> str | None:
    """The serial Excel gives a date (days since 1899-12-30, the time as a fraction), exact."""
    match = _DATE(text.strip())
    if match is None:
        return None
    year, month, day, hours, minutes, seconds, fraction = match.groups()
    try:
        days = (date(int(year), int(month), int(day)) - _EXCEL_EPOCH).days
    except ValueError:
        return None
    if hours is None:
        return str(days)
    clock = int(hours) * 3600 + int(minutes) * 60 + int(seconds) + Decimal(fraction or 0)
    return _serial_text(days + clock / _SECONDS_PER_DAY)


def _time_serial(text: str) -> str | None:
    """A duration (``PT12H30M00S``) as the fraction of a day Excel stores for a time."""
    match = _DURATION(text.strip())
    if match is None:
        return None
    sign, hours, minutes, seconds = match.groups()
    value = (int(hours) * 3600 + int(minutes) * 60 + Decimal(seconds)) / _SECONDS_PER_DAY
    return _serial_text(-value if sign else value)


def _serial_text(value: Decimal) -> str:
    """A serial at the 15 significant digits a spreadsheet keeps, as plain decimal text."""
    digits = value.adjusted() + 1 if value else 1
    rounded = round(value, max(0, _DIGITS_15 - digits))
    text = format(rounded.normalize(), "f")
    return text

"""Writes a ``Submission`` into the submission workbook layout (docs/SUBMISSION_FORMAT.md).

Samples and tests build a workbook from a known ``Submission`` and check that the
reader gives it back, so the writer can produce every layout variant departments
really send (title rows, English names, amounts typed as text, percentage cells,
shuffled or extra columns, units in headers, cover and notes sheets) and can plant
raw values in chosen cells (``overrides``) to make bad files on purpose.

Numbers are written with their exact decimal text. openpyxl formats every number as
``"%.16g" % value``, a float conversion that turns 8.45 into ``8.449999999999999``
(for ``Decimal`` and ``float`` alike); the writer hands openpyxl the ``Decimal``'s own
text for the ``<v>`` element instead, so a workbook never states an amount that the
``Submission`` does not.

Saving is reproducible: fixed document timestamps and zip entry dates, so the same
input gives the same bytes (the committed sample files do not churn).
"""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Literal, get_args

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from auditor.model import Submission
from auditor.readers.workbook.columns import (
    ALL_SHEETS,
    BASIC,
    BASIC_FIELDS,
    CLAIMS,
    EXPENDITURES,
    INDICATORS,
    PROJECTS,
    Column,
    SheetLayout,
    ValueType,
)

AmountText = Literal["no", "plain", "thousands", "fullwidth", "padded"]
#: (sheet canonical name or alias, A1 cell ref) -> the raw value to put in that cell last.
Overrides = Mapping[tuple[str, str], object]

NOTES_SHEET = "说明"
COVER_SHEET = "封面"
REMARKS_HEADER = "备注"
DATE_FORMAT = "yyyy-mm-dd"
#: The creation time every written workbook claims (and its zip entries' date): same input, same bytes.
FIXED_TIMESTAMP = datetime(2024, 1, 1)

_NO_OVERRIDES: Overrides = MappingProxyType({})
_RECORD_LISTS: dict[str, str] = {
    PROJECTS.name: "projects",
    EXPENDITURES.name: "expenditures",
    INDICATORS.name: "indicators",
    CLAIMS.name: "claims",
}
_REMARKS_KEY = "__remarks__"
_REMARK_TEXT = "已核对"
# Real files mix full-width and half-width brackets; alternating exercises both.
_UNIT_BRACKETS: tuple[tuple[str, str], ...] = (("（", "）"), ("(", ")"))
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TYPE_LABELS: dict[ValueType, str] = {
    "text": "文本",
    "integer": "整数",
    "date": "日期（yyyy-mm-dd）",
    "amount": "金额（按金额单位）",
    "number": "数值",
    "percent": "百分比（70 表示 70%）",
    "word": "固定词（下拉选择）",
}


@dataclass(frozen=True)
class WorkbookStyle:
    """Which layout variants to write; every default gives the plain canonical layout."""

    #: Title rows above each sheet's header row (title, 「单位：万元」, a blank row), 0..3.
    title_rows: int = 0
    #: English sheet names, headers and 基本信息 field names (the layout's aliases).
    english_names: bool = False
    #: Write amounts as text: "1000.05", "1,000.05", "１０００．０５" or " 1000.05 ".
    amounts_as_text: AmountText = "no"
    #: 声称比例 as percent/100 in a cell formatted as a percentage (70 -> 0.7, "0%").
    percent_cells: bool = False
    #: Seed for permuting each table sheet's columns (header and data together).
    shuffle_columns: int | None = None
    #: Amount headers carry the unit: 「预算数（万元）」, 「执行数(万元)」.
    header_units: bool = False
    #: A cover sheet 封面 and a notes sheet 说明 before the data, and a 备注 column in every table.
    extra_sheets: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.title_rows <= 3:
            raise ValueError(f"title_rows must be 0..3, not {self.title_rows}")
        if self.amounts_as_text not in get_args(AmountText):
            raise ValueError(f"amounts_as_text must be one of {get_args(AmountText)}, not {self.amounts_as_text!r}")


@dataclass(frozen=True)
class _Slot:
    """One written column: the key its values are found under, and its header text."""

    key: str
    header: str


@dataclass(frozen=True)
class _Line:
    """One data row: per slot key, the layout column that types the value, and the value."""

    values: Mapping[str, tuple[Column | None, object]]
    #: For a 基本信息 row, the Department field it states (rows exist only for fields that are set).
    basic_field: str | None = None


@dataclass(frozen=True)
class _SheetPlan:
    """Where everything of one sheet goes; shared by the writer and ``cell_of`` so they cannot disagree."""

    layout: SheetLayout
    title: str
    header_row: int
    slots: tuple[_Slot, ...]
    lines: tuple[_Line, ...]

    def ref(self, line_index: int, key: str) -> str:
        column = next(i for i, slot in enumerate(self.slots, start=1) if slot.key == key)
        return f"{get_column_letter(column)}{self.header_row + 1 + line_index}"


def write_submission(
    submission: Submission,
    path: Path,
    style: WorkbookStyle = WorkbookStyle(),
    overrides: Overrides = _NO_OVERRIDES,
) -> None:
    """Write ``submission`` to ``path`` in the layout variant ``style``, then put each override in its cell.

    ``sources`` are ignored, ``None`` leaves a cell empty, 基本信息 gets a row per field
    that is set, and 数据声明 is written only when there are claims. ``overrides`` maps
    (sheet canonical name or alias, cell ref such as ``"C3"``) to a raw value written
    after the layout, so tests can plant bad values (``("资金明细", "C3"): "约五十万"``)
    — a text starting with ``=`` there is a formula, on purpose.
    Use ``cell_of`` to find the cell a record's field went to.
    """
    save_reproducibly(submission_workbook(submission, style, overrides), Path(path))


def submission_workbook(
    submission: Submission, style: WorkbookStyle = WorkbookStyle(), overrides: Overrides = _NO_OVERRIDES
) -> Workbook:
    """The workbook ``write_submission`` saves, open for callers that add sheets (the extract draft)."""
    plans = _sheet_plans(submission, style)
    workbook = Workbook()
    workbook.remove(workbook.active)
    if style.extra_sheets:
        _write_cover(workbook.create_sheet(COVER_SHEET), submission)
        write_notes_sheet(workbook.create_sheet(NOTES_SHEET))
    for plan in plans:
        _write_sheet(workbook.create_sheet(plan.title), plan, submission, style)
    for (sheet, ref), value in overrides.items():
        put_value(workbook[_find_plan(plans, sheet).title][ref], value)
    return workbook


def cell_of(submission: Submission, style: WorkbookStyle, sheet: str, record_index: int, field: str) -> str:
    """The cell, as ``"资金明细!C5"``, where ``write_submission`` puts a record's field.

    ``sheet`` is a canonical sheet name or alias; ``record_index`` indexes the
    submission's list for that sheet (``projects``, ``expenditures``, ...) and is ignored
    for 基本信息, where ``field`` is a ``Department`` field and the result is its 值 cell.
    The sheet name in the result is the one written (the alias under ``english_names``);
    ``ref.rpartition("!")[2]`` gives the bare ref that ``overrides`` takes.
    """
    plan = _find_plan(_sheet_plans(submission, style), sheet)
    if plan.layout is BASIC:
        line_index = next((i for i, line in enumerate(plan.lines) if line.basic_field == field), None)
        if line_index is None:
            raise KeyError(f"{BASIC.name} has no row for {field!r}: it is not set in the submission")
        return f"{plan.title}!{plan.ref(line_index, BASIC.columns[1].field)}"
    if not 0 <= record_index < len(plan.lines):
        raise IndexError(f"{plan.layout.name} has {len(plan.lines)} records, no record {record_index}")
    if all(slot.key != field for slot in plan.slots):
        raise KeyError(f"{plan.layout.name} has no column for field {field!r}")
    return f"{plan.title}!{plan.ref(record_index, field)}"


def exact_decimal_text(value: Decimal) -> str:
    """The plain decimal text of ``value`` as a spreadsheet stores it: no exponent, no trailing zeros."""
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as an amount")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def amount_text(amount: Decimal, form: AmountText) -> str:
    """An amount typed as text the way departments type it (``form`` is a ``WorkbookStyle.amounts_as_text``)."""
    plain = exact_decimal_text(amount)
    if form == "plain":
        return plain
    if form == "thousands":
        # At least two places, as accountants write them, but never fewer than the value has.
        places = max(2, -amount.normalize().as_tuple().exponent)
        return format(amount, f",.{places}f")
    if form == "fullwidth":
        return plain.translate(_FULLWIDTH)
    if form == "padded":
        return f" {plain} "
    raise ValueError(f"{form!r} is not a text form of an amount")


def put_value(cell: Cell, value: object, number_format: str | None = None) -> None:
    """Put ``value`` in ``cell`` so that the file stores exactly the number it denotes.

    A ``Decimal`` is stored as its own decimal text and a float as its shortest
    round-trip text (what Excel writes); openpyxl would write ``"%.16g"`` of either.
    The cell stays a number cell: only the text of its ``<v>`` changes.
    """
    cell.value = value
    if isinstance(value, Decimal):
        cell._value = exact_decimal_text(value)
    elif isinstance(value, float):
        cell._value = repr(value)
    if number_format is not None:
        cell.number_format = number_format


def write_header_row(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    """Write a bold, shaded header row (the look of the blank template and the samples)."""
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(row, column, header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL


def finish_sheet(ws: Worksheet, header_row: int, min_width: int = 8, max_width: int = 50) -> None:
    """Freeze the panes below the header row and size each column to its widest cell from the header down."""
    ws.freeze_panes = f"A{header_row + 1}"
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), _display_width(str(cell.value)))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, min_width), max_width)
        if width + 2 > max_width:
            for (cell,) in ws.iter_rows(min_row=header_row, min_col=column, max_col=column):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_notes_sheet(ws: Worksheet) -> None:
    """Fill a 说明 sheet that explains every sheet and every field/column, straight from ``auditor.readers.workbook.columns``."""
    unit = basic_field("unit")
    required_sheets = "、".join(sheet.name for sheet in ALL_SHEETS if sheet.required)
    optional_sheets = "、".join(sheet.name for sheet in ALL_SHEETS if not sheet.required)
    general = (
        "部门项目支出绩效自评提交表 填表说明",
        f"必填工作表：{required_sheets}；选填工作表：{optional_sheets}。工作表按名称识别（中文名或英文别名），顺序不限；本说明表不参与审核。",
        "表头行之上可以有标题行；列按表头文字识别，可调整列的顺序、增加备注列；金额列表头可带单位，如“金额（万元）”。",
        f"金额单位见“{BASIC.name}/{unit.name}”（{'或'.join(unit.choices)}）；金额只填数字，不要填“约”“左右”等文字。",
        "百分比填百分数：70 表示 70%；也可填 70% 或设为百分比格式的 0.7。空行会被跳过。",
    )
    for row, text in enumerate(general, start=1):
        ws.cell(row, 1, text)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    header_row = len(general) + 2
    write_header_row(ws, header_row, ("工作表", "字段/列", "英文别名", "是否必填", "类型", "说明", "可选值"))
    row = header_row
    for sheet in ALL_SHEETS:
        row += 1
        for column, value in enumerate((sheet.name, "（工作表）", sheet.alias, _required_label(sheet.required), "", sheet.meaning, ""), start=1):
            ws.cell(row, column, value).font = _HEADER_FONT
        explained = (*sheet.columns, *BASIC_FIELDS) if sheet is BASIC else sheet.columns
        for item in explained:
            row += 1
            values = (sheet.name, item.name, item.alias, _required_label(item.required), _TYPE_LABELS[item.type], item.meaning, "、".join(item.choices))
            for column, value in enumerate(values, start=1):
                ws.cell(row, column, value)
    finish_sheet(ws, header_row)


def basic_field(field: str) -> Column:
    """The 基本信息 field that fills ``Department.<field>``."""
    return next(column for column in BASIC_FIELDS if column.field == field)


def save_reproducibly(workbook: Workbook, path: Path, *, overwrite: bool = True) -> None:
    """Save with fixed timestamps so the same workbook always gives the same bytes.

    ``openpyxl``'s own save stamps the current time into docProps/core.xml and every
    zip entry; this writes through its ``ExcelWriter`` into a zip that stamps
    ``FIXED_TIMESTAMP`` instead. With ``overwrite=False`` an existing file is never
    replaced (``FileExistsError``), checked at the moment of creation.
    """
    workbook.properties.creator = "auditor"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    archive = _FixedTimeZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()  # writes every part and closes the archive
    with open(path, "wb" if overwrite else "xb") as file:
        file.write(buffer.getvalue())


class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip archive whose entries all carry ``FIXED_TIMESTAMP`` instead of the time of writing."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        # openpyxl streams each worksheet to a temporary file and adds it with write(),
        # which would stamp the file's mtime; go through writestr() instead.
        with open(filename, "rb") as file:
            self.writestr(arcname or str(filename), file.read(), compress_type, compresslevel)


def _sheet_plans(submission: Submission, style: WorkbookStyle) -> list[_SheetPlan]:
    layouts = [BASIC, PROJECTS, EXPENDITURES, INDICATORS]
    if submission.claims:
        layouts.append(CLAIMS)
    return [_sheet_plan(layout, submission, style) for layout in layouts]


def _find_plan(plans: Sequence[_SheetPlan], sheet: str) -> _SheetPlan:
    for plan in plans:
        if sheet in (plan.layout.name, plan.layout.alias):
            return plan
    written = "、".join(plan.layout.name for plan in plans)
    raise KeyError(f"no sheet {sheet!r} is written for this submission (written: {written})")


def _sheet_plan(layout: SheetLayout, submission: Submission, style: WorkbookStyle) -> _SheetPlan:
    slots = [_Slot(column.field, header) for column, header in zip(layout.columns, _headers(layout.columns, style, submission.department.unit))]
    lines = list(_basic_lines(submission, style) if layout is BASIC else _record_lines(layout, submission))
    if style.extra_sheets:
        slots.append(_Slot(_REMARKS_KEY, REMARKS_HEADER))
        if lines:
            lines[0] = _Line({**lines[0].values, _REMARKS_KEY: (None, _REMARK_TEXT)}, lines[0].basic_field)
    if style.shuffle_columns is not None and layout is not BASIC:
        # Seeded per sheet, so whether 数据声明 exists does not change the other sheets' order.
        random.Random(f"{style.shuffle_columns}/{layout.name}").shuffle(slots)
    return _SheetPlan(
        layout=layout,
        title=layout.alias if style.english_names else layout.name,
        header_row=style.title_rows + 1,
        slots=tuple(slots),
        lines=tuple(lines),
    )


def _headers(columns: Sequence[Column], style: WorkbookStyle, unit: str) -> list[str]:
    headers: list[str] = []
    amount_columns = 0
    for column in columns:
        header = column.alias if style.english_names else column.name
        if style.header_units and column.type == "amount":
            left, right = _UNIT_BRACKETS[amount_columns % len(_UNIT_BRACKETS)]
            header = f"{header}{left}{unit}{right}"
            amount_columns += 1
        headers.append(header)
    return headers


def _basic_lines(submission: Submission, style: WorkbookStyle) -> list[_Line]:
    name_column, value_column = BASIC.columns
    lines = []
    for item in BASIC_FIELDS:
        value = getattr(submission.department, item.field)
        if value is not None:
            label = item.alias if style.english_names else item.name
            lines.append(_Line({name_column.field: (None, label), value_column.field: (item, value)}, item.field))
    return lines


def _record_lines(layout: SheetLayout, submission: Submission) -> list[_Line]:
    records = getattr(submission, _RECORD_LISTS[layout.name])
    return [_Line({column.field: (column, getattr(record, column.field)) for column in layout.columns}) for record in records]


def _write_sheet(ws: Worksheet, plan: _SheetPlan, submission: Submission, style: WorkbookStyle) -> None:
    for row, text in enumerate(_title_texts(submission, style), start=1):
        ws.cell(row, 1, text)
    if style.title_rows:
        ws.cell(1, 1).font = Font(bold=True, size=14)
        if len(plan.slots) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(plan.slots))
    write_header_row(ws, plan.header_row, [slot.header for slot in plan.slots])
    for line_index, line in enumerate(plan.lines):
        for column_index, slot in enumerate(plan.slots, start=1):
            column, value = line.values.get(slot.key, (None, None))
            cell = ws.cell(plan.header_row + 1 + line_index, column_index)
            put_value(cell, *_cell_content(column, value, style))
            if isinstance(value, str) and cell.data_type == "f":
                # A record's text is data, never a formula, even when it starts with 「=」.
                cell.data_type = "s"
                cell.quotePrefix = True
    finish_sheet(ws, plan.header_row)


def _title_texts(submission: Submission, style: WorkbookStyle) -> list[str | None]:
    year = submission.department.year
    title = f"{year}年度部门项目支出绩效自评提交表" if year is not None else "部门项目支出绩效自评提交表"
    return [title, f"单位：{submission.department.unit}", None][: style.title_rows]


def _cell_content(column: Column | None, value: object, style: WorkbookStyle) -> tuple[object, str | None]:
    """The value to store for a layout column's value under ``style``, and the number format it needs."""
    if value is None or column is None:
        return value, None
    if column.type == "amount" and style.amounts_as_text != "no":
        return amount_text(Decimal(value), style.amounts_as_text), None
    if column.type == "percent" and style.percent_cells:
        return _percent_cell(Decimal(value))
    if isinstance(value, date):
        return value, DATE_FORMAT
    return value, None


def _percent_cell(percent: Decimal) -> tuple[Decimal, str]:
    """70 -> (0.7, "0%"), 73.5 -> (0.735, "0.0%"): the format shows exactly the digits the percent has."""
    places = max(0, -percent.normalize().as_tuple().exponent)
    return percent.scaleb(-2), ("0." + "0" * places + "%") if places else "0%"


def _write_cover(ws: Worksheet, submission: Submission) -> None:
    department = submission.department
    ws["A1"] = "部门项目支出绩效自评提交表"
    ws["A1"].font = Font(bold=True, size=16)
    cover_lines = (("填报单位（盖章）", department.name), ("评价年度", department.year), ("报告日期", department.report_date))
    for row, (label, value) in enumerate(cover_lines, start=3):
        ws.cell(row, 1, label)
        put_value(ws.cell(row, 2), value, DATE_FORMAT if isinstance(value, date) else None)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 30


def _required_label(required: bool) -> str:
    return "必填" if required else "选填"


def _display_width(text: str) -> int:
    """Columns a text needs: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)

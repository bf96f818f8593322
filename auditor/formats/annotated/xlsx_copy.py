"""An .xlsx (or .xlsm) workbook → its marked copy, through openpyxl, from bytes already in memory.

The original is read once, read-only, into memory by the caller; openpyxl opens those
bytes, never the file, so nothing can write to it. openpyxl keeps values, styles,
merged cells, comments, data validation and charts (rewritten), and drops what it does
not understand; what was dropped is found by comparing zip listings (``kept_parts``),
and what openpyxl warns about while reading is added to the notes, in its own words.
"""

from __future__ import annotations

import io
import warnings
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.writer.excel import ExcelWriter

from auditor.formats.annotated.grid import formula_count, grid_workbook
from auditor.formats.annotated.kept_parts import fragile_parts, lost_parts
from auditor.formats.annotated.package import DOCUMENT_TIMESTAMP, MODIFIED_BY, restamped
from auditor.formats.annotated.workbook import mark_workbook
from auditor.formats.interface import OutputOptions
from auditor.model import FileResult
from auditor.sources.grid import WorkbookCells

NOTES = {
    "zh": {
        "lost": "原文件中的以下内容未能保留在副本中：{parts}；请以原文件为准。",
        "formulas": "副本保留了 {count} 个公式，但不含其计算结果，打开时由 Excel/WPS 重新计算。",
        "warning": "读取时表格库提示：{message}",
        "converted": "原文件为 {suffix} 格式，副本按 auditor 读取的单元格写成 .xlsx：保留了单元格的值和合并单元格，"
                     "字体、边框、颜色、图片、图表、宏等未保留{formulas}。",
        "converted_formulas": "，{count} 个公式只保留了计算结果",
    },
    "en": {
        "lost": "The copy could not keep these parts of the original: {parts}; refer to the original for them.",
        "formulas": "The copy keeps {count} formulas but not their results; Excel or WPS recalculates them on opening.",
        "warning": "The spreadsheet library warned while reading: {message}",
        "converted": "The original is a {suffix} file; the copy is written as .xlsx from the cells auditor read: "
                     "values and merged cells are kept, fonts, borders, colours, pictures, charts and macros are not{formulas}.",
        "converted_formulas": ", and {count} formulas are kept as their results only",
    },
}


def xlsx_copy(source: bytes, result: FileResult, file_name: str, options: OutputOptions) -> bytes:
    """The marked copy of the workbook whose bytes are ``source``."""
    lang = options.lang
    words = NOTES["en" if lang == "en" else "zh"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        workbook = load_workbook(io.BytesIO(source), rich_text=True)
    notes = [words["warning"].format(message=message) for message in dict.fromkeys(str(w.message) for w in caught)]
    formulas = sum(cell.data_type == "f" for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row)
    if formulas:
        notes.append(words["formulas"].format(count=formulas))
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        original_parts = package.namelist()
        has_created = b"created" in package.read("docProps/core.xml") if "docProps/core.xml" in original_parts else False
    if not has_created:  # openpyxl would stamp the time of reading
        workbook.properties.created = DOCUMENT_TIMESTAMP
    # What is dropped is known only once written: a workbook with parts openpyxl may drop is
    # written once to compare listings, before it is marked and written with the note.
    if fragile_parts(original_parts):
        with zipfile.ZipFile(io.BytesIO(_saved(workbook))) as package:
            lost = lost_parts(original_parts, package.namelist(), lang)
    else:
        lost = []
    if lost:
        notes.insert(0, words["lost"].format(parts="、".join(lost) if lang != "en" else ", ".join(lost)))
    mark_workbook(workbook, result, file_name, options, notes)
    return _saved(workbook)


def converted_copy(cells: WorkbookCells, suffix: str, result: FileResult, file_name: str, options: OutputOptions) -> bytes:
    """The marked .xlsx copy of a .xls, .et or .ods workbook, from the grid auditor read of it."""
    lang = options.lang
    words = NOTES["en" if lang == "en" else "zh"]
    workbook = grid_workbook(cells)
    count = formula_count(cells)
    formulas = words["converted_formulas"].format(count=count) if count else ""
    notes = [words["converted"].format(suffix=suffix, formulas=formulas)]
    workbook.properties.created = DOCUMENT_TIMESTAMP
    mark_workbook(workbook, result, file_name, options, notes)
    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    """The workbook's bytes, marked as auditor's and dated as every copy is."""
    workbook.properties.lastModifiedBy = MODIFIED_BY
    workbook.properties.modified = DOCUMENT_TIMESTAMP
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return restamped(buffer.getvalue())

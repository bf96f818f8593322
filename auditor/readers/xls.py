"""The reader of Excel 97-2003 workbooks and WPS .et files: their BIFF cells, then whichever layout they are in.

Many provincial 自评表 templates, and WPS's "compatible" saves, are .xls; WPS's own .et
is the same BIFF8 inside an OLE2 file. Their cells are read into the same grid as an
.xlsx's (``sources.xls``), so that the same layouts give the same findings. An .et that
xlrd cannot read is converted by LibreOffice where it is installed
(``readers.office_conversion``). A light plugin object (see ``readers.xlsx``).
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.sources.refusal import Refused

#: Endings of WPS Spreadsheets files, which LibreOffice may read where xlrd cannot.
WPS_SPREADSHEET = (".et", ".ett")


class XlsReader:
    """Excel 97-2003 (BIFF8) workbooks and WPS .et files, read with xlrd over auditor's OLE2 guard."""

    name = "xls"
    suffixes = (".xls", ".xlt", *WPS_SPREADSHEET)
    # OLE2's magic begins Word 97 documents too: workbooks are taken by their ending only.
    magic: tuple[bytes, ...] = ()
    layout = "submission-workbook"
    description = {
        "zh": "Excel 97-2003 工作簿与 WPS 表格（.xls、.et）",
        "en": "Excel 97-2003 workbooks and WPS Spreadsheets files (.xls, .et)",
    }

    def read(self, path: Path) -> Submission:
        from auditor.readers.office_conversion import explained

        try:
            return self._read(path)
        except Refused as refused:
            raise explained(refused, path) from None

    def _read(self, path: Path) -> Submission:
        from auditor.readers.office_conversion import converted_workbook
        from auditor.readers.spreadsheet import read_spreadsheet
        from auditor.sources.files import read_regular_file
        from auditor.sources.ole2 import file_too_large
        from auditor.sources.xls import Limits, NotBiffWorkbook, xls_cells
        from auditor.sources.xlsx import read_workbook_cells

        limits = Limits()
        data = read_regular_file(path, limits.max_file_bytes, Refused, file_too_large)
        try:
            cells = xls_cells(data, limits)
        except NotBiffWorkbook as refused:
            if data.startswith(b"PK"):  # an .xlsx under an old ending, as some systems export it
                submission = read_spreadsheet(path, read_workbook_cells(path, limits))
                submission.notes.insert(0, f"文件扩展名为 {path.suffix}，实际是 Excel 工作簿（.xlsx），已按 .xlsx 读取")
                return submission
            if refused.compound_file and path.suffix.lower() in WPS_SPREADSHEET:
                return converted_workbook(path, data, refused)
            if not refused.compound_file:
                raise _not_a_workbook(data, path) from None
            raise
        return read_spreadsheet(path, cells)


def _not_a_workbook(data: bytes, path: Path) -> Refused:
    """What a file with a workbook's ending but no workbook inside is, and what to send instead."""
    head = data[:4096].lower()
    advice_zh, advice_en = "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再提交", "open it in Excel or WPS and save it as .xlsx"
    if b"<html" in head or b"<table" in head or b"urn:schemas-microsoft-com:office" in head:
        return Refused(
            f"这是网页或 XML 格式的表格，扩展名却是 {path.suffix}（一些系统导出的“Excel 文件”其实是网页）；{advice_zh}。",
            f"The file is a web-page (HTML) or XML table with the ending {path.suffix} (some systems export those as "
            f"“Excel files”); {advice_en}.",
        )
    if not data:
        return Refused("文件为空（0 字节），不是工作簿。", "The file is empty (0 bytes); it is not a workbook.")
    return Refused(
        f"文件不是 Excel 97-2003 工作簿（没有 OLE2 复合文档文件头）；{advice_zh}。",
        f"The file is not an Excel 97-2003 workbook (it has no OLE2 compound-file header); {advice_en}.",
    )


READER = XlsReader()

"""The reader of Excel workbooks (.xlsx, .xlsm): their cells, then whichever layout they are in.

The plugin object is light — ``auditor --help`` loads every reader to name the kinds of
file it takes — and imports the reading code when it first reads a file.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission


class XlsxReader:
    """Office Open XML workbooks, read by auditor's own guarded reader (``sources.xlsx``)."""

    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")
    # A zip's "PK" begins .docx files too: workbooks are taken by their ending only.
    magic: tuple[bytes, ...] = ()
    layout = "submission-workbook"
    description = {
        "zh": "Excel 工作簿（.xlsx、.xlsm；自评提交表或项目支出绩效自评表）",
        "en": "Excel workbooks (.xlsx, .xlsm; the submission workbook or the national 项目支出绩效自评表)",
    }

    def read(self, path: Path) -> Submission:
        from auditor.readers.spreadsheet import read_spreadsheet
        from auditor.sources.xlsx import read_workbook_cells

        return read_spreadsheet(path, read_workbook_cells(path))


READER = XlsxReader()

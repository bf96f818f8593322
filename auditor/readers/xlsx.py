"""The reader of Excel workbooks (.xlsx, .xlsm): their cells, then whichever layout they are in."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.spreadsheet import SUBMISSION_WORKBOOK, read_spreadsheet
from auditor.sources.xlsx import read_workbook_cells


class XlsxReader:
    """Office Open XML workbooks, read by auditor's own guarded reader (``sources.xlsx``)."""

    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")
    # A zip's "PK" begins .docx files too: workbooks are taken by their ending only.
    magic: tuple[bytes, ...] = ()
    layout = SUBMISSION_WORKBOOK
    description = {
        "zh": "Excel 工作簿（.xlsx、.xlsm）：自评提交表或项目支出绩效自评表",
        "en": "Excel workbooks (.xlsx, .xlsm): the submission workbook or the national 项目支出绩效自评表",
    }

    def read(self, path: Path) -> Submission:
        return read_spreadsheet(path, read_workbook_cells(path))


READER = XlsxReader()

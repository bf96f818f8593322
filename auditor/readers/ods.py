"""The reader of OpenDocument spreadsheets (.ods): their cells, then whichever layout they are in.

LibreOffice users send .ods. Its cells are read into the same grid as an .xlsx's
(``sources.ods``), so that the same layouts give the same findings. A light plugin
object (see ``readers.xlsx``).
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.sources.refusal import Refused


class OdsReader:
    """OpenDocument spreadsheets, read by auditor's own guarded reader (``sources.ods``)."""

    name = "ods"
    suffixes = (".ods", ".ots")
    # A zip's "PK" begins .xlsx and .docx files too: spreadsheets are taken by their ending only.
    magic: tuple[bytes, ...] = ()
    layout = "submission-workbook"
    description = {
        "zh": "OpenDocument 表格（.ods）",
        "en": "OpenDocument spreadsheets (.ods)",
    }

    def read(self, path: Path) -> Submission:
        from auditor.readers.office_conversion import explained
        from auditor.readers.spreadsheet import read_spreadsheet
        from auditor.sources.ods import read_ods_cells

        try:
            cells = read_ods_cells(path)
        except Refused as refused:
            raise explained(refused, path) from None
        return read_spreadsheet(path, cells)


READER = OdsReader()

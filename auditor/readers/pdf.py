"""The reader of PDF files with a text layer: a report or a printed 自评表, read as a written document.

A light plugin object (see ``readers.xlsx``): pdfplumber and the reading code are imported
on first use. The PDF is opened under :mod:`~auditor.sources.pdf`'s guards, its pages become
a ``Document`` (:mod:`~auditor.readers.pdf_document`: paragraphs rejoined across lines and
pages, ruled tables as rows of cells), and that document goes the one way every document
goes (:func:`~auditor.readers.documents.submission_from_document`) — so a printed report is
read as its .docx is, and a printed national table as the table rows it holds.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission


class PdfReader:
    """PDF files with a text layer; a scan (pictures only) is refused, auditor does no OCR."""

    name = "pdf"
    suffixes = (".pdf",)
    magic: tuple[bytes, ...] = (b"%PDF-",)
    layout = "narrative-report"
    description = {
        "zh": "PDF 文件（有文字层的自评报告或自评表；扫描件不支持）",
        "en": "PDF files (reports or tables with a text layer; not scans)",
    }

    def read(self, path: Path) -> Submission:
        from auditor.readers.documents import submission_from_document
        from auditor.readers.pdf_document import pdf_document
        from auditor.sources.pdf import read_pdf

        return submission_from_document(pdf_document(read_pdf(path)), path)


READER = PdfReader()

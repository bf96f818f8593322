"""The reader of written self-evaluation reports (.txt, .md, .docx): paragraphs → the statements they make.

A light plugin object (see ``readers.xlsx``): the reading code is imported on first use.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission


class ReportReader:
    """Narrative reports as text files or Word documents (``readers.narrative``)."""

    name = "report"
    suffixes = (".txt", ".md", ".docx")
    magic: tuple[bytes, ...] = ()
    layout = "narrative-report"
    description = {
        "zh": "文字自评报告（.docx、.txt、.md）",
        "en": "written reports (.docx, .txt, .md)",
    }

    def read(self, path: Path) -> Submission:
        from auditor.readers.documents import submission_from_document
        from auditor.readers.narrative.document import read_document

        return submission_from_document(read_document(path), path)


READER = ReportReader()

"""The reader of written self-evaluation reports (.txt, .md, .docx): paragraphs → the statements they make."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.narrative.document import NARRATIVE_SUFFIXES, read_document
from auditor.readers.narrative.extract import LAYOUT, extract_submission


class ReportReader:
    """Narrative reports as text files or Word documents (``readers.narrative``)."""

    name = "report"
    suffixes = NARRATIVE_SUFFIXES
    magic: tuple[bytes, ...] = ()
    layout = LAYOUT
    description = {
        "zh": "文字自评报告（.docx、.txt、.md）",
        "en": "written reports (.docx, .txt, .md)",
    }

    def read(self, path: Path) -> Submission:
        return extract_submission(read_document(path), str(path))


READER = ReportReader()

"""Narrative self-evaluation reports (.txt, .md, .docx): the document's paragraphs → extracted submission."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.narrative.document import read_document
from auditor.sources.refusal import Refused
from auditor.readers.narrative.extract import LAYOUT, extract_submission
from auditor.readers.workbook.reader import unreadable_submission


def read_narrative_report(path: Path) -> Submission:
    """What a written report states; a file that is not readable text gives a D001 submission."""
    try:
        document = read_document(path)
    except Refused as refused:
        submission = unreadable_submission(path, refused.reason_zh, refused.reason_en)
        submission.layout = LAYOUT
        return submission
    return extract_submission(document, str(path))

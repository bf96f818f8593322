"""A document's paragraphs and tables → the submission it states, whatever file it came from.

Written reports arrive as text, Word, PDF and web pages; each reader turns its file into
one ``Document`` (numbered paragraphs, table rows among them) and hands it here, so
that every kind of document is read the same way: by the narrative extractor
(``narrative.extract``) — and, where a document holds a national 项目支出绩效自评表
(as a table, or copied as text), by the national form's label logic.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.narrative.document import Document
from auditor.readers.narrative.extract import extract_submission


def submission_from_document(document: Document, path: Path) -> Submission:
    """What a document states: its statements, read as a written report."""
    return extract_submission(document, str(path))

"""A document's paragraphs and tables → the submission it states, whatever file it came from.

Written reports arrive as text, Word, PDF and web pages; each reader turns its file into
one ``Document`` (numbered paragraphs, table rows among them) and hands it here, so
that every kind of document is read the same way.

A document that holds a national 项目支出绩效自评表 — as a Word or Markdown table, or copied
as text (:mod:`~auditor.readers.text_tables`) — is read as that table, by the national form
reader, exactly as a workbook holding it would be: the table states every figure the
rules need (amounts, 其中 rows, 执行率, scores, indicators) in cells whose meaning its
labels fix, where a report's sentences only state some of them. The rest of such a
document (a preface, the notes under the table) is not read as a written report — a
second reading of the same project by its sentences would report its figures twice, or
as two projects — and its notes say so. Any other document is read by the narrative
extractor (``narrative.extract``), as it always was.

Every value of a table read from a document cites where it stands in it (「第1段“年度资金总额”
行的全年预算数「0」」), not a cell of a sheet nobody can open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from auditor.model import DataIssue, Record, Submission
from auditor.readers.flat_cells import document_cells
from auditor.readers.narrative.document import Document
from auditor.readers.narrative.extract import extract_submission
from auditor.readers.national.form import read_national_form
from auditor.readers.table_grids import GridTable, grid_tables
from auditor.readers.text_tables import TextTable, find_tables
from auditor.sources.grid import WorkbookCells, column_index


R = TypeVar("R", bound=Record)

#: A cell of a table's grid, as the national reader cites it: 「第1段起的自评表（其2）!D6」.
_CELL_OF_SHEET = re.compile(r"(第\d+段起的自评表(?:（其\d+）)?)!([A-Z]{1,3})(\d+)")
_SHEET_NAMED = re.compile(r"(工作表|the sheet )“(第\d+段起的自评表(?:（其\d+）)?)”")


def submission_from_document(document: Document, path: Path) -> Submission:
    """What a document states: its national 自评表 where it holds one, else its statements as a written report."""
    grids = grid_tables(document)
    if grids:  # real tables, cells in grid order: read as sheets are
        return _national(path, grids, [])
    found = find_tables(document_cells(document))
    if not found.tables:
        submission = extract_submission(document, str(path))
        if found.notes:
            submission.notes = [*submission.notes, *found.notes]
        return submission
    return _national(path, found.tables, found.notes)


def _national(path: Path, tables: Sequence[TextTable | GridTable], notes: list[str]) -> Submission:
    """The tables read by the national form reader, every reference relocated into the document."""
    workbook = WorkbookCells([table.sheet for table in tables])
    submission = read_national_form(path, workbook)
    unavailable = _unknown_parts(submission, tables)
    submission = _relocated(submission, tables)
    starts = "、".join(f"第{t.paragraph}段起（{t.shape}）" for t in tables)
    submission.notes = [
        f"文档中有项目支出绩效自评表：{starts}，按自评表逐格读取；表外的文字未按文字报告审查",
        *submission.notes,
        *(note for table in tables for note in table.notes),
        *notes,
    ]
    submission.unavailable = [*submission.unavailable, *unavailable]
    return submission


def _unknown_parts(submission: Submission, tables: Sequence[TextTable | GridTable]) -> list[str]:
    """What a table left unknown, by its project: rules that need it are skipped, not run on a gap."""
    parts: list[str] = []
    for table in tables:
        prefix = f"{table.sheet.name}!"
        for project in submission.projects:
            if not (project.source("name") or "").startswith(prefix):
                continue
            if table.indicators_unknown:
                parts.append(f"indicators:{project.name}")
            if table.execution_reason_unknown:
                parts.append(f"execution_reason:{project.name}")
    return parts


def _relocated(submission: Submission, tables: Sequence[TextTable | GridTable]) -> Submission:
    """The submission with every reference to a table's grid (``第1段起的自评表!D6``) replaced by
    where that cell stands in the document."""
    by_sheet = {table.sheet.name: table for table in tables}

    def place(match: re.Match[str]) -> str:
        table = by_sheet.get(match.group(1))
        if table is None:
            return match.group(0)
        return table.place_of(int(match.group(3)), column_index(match.group(2)))

    def sheet(match: re.Match[str]) -> str:
        return match.group(2) if match.group(2) in by_sheet else match.group(0)

    def text(value: str) -> str:
        # 「工作表“第1段起的自评表”」 is the national reader's wording for a sheet: here there is none.
        return _SHEET_NAMED.sub(sheet, _CELL_OF_SHEET.sub(place, value))

    def sourced(record: R) -> R:
        return record.model_copy(update={"sources": {k: text(v) for k, v in record.sources.items()}})

    def issue(item: DataIssue) -> DataIssue:
        return item.model_copy(update={
            "detail_zh": text(item.detail_zh),
            "detail_en": text(item.detail_en),
            "locations": [text(location) for location in item.locations],
        })

    return submission.model_copy(update={
        "department": sourced(submission.department),
        "projects": [sourced(r) for r in submission.projects],
        "funding": [sourced(r) for r in submission.funding],
        "indicators": [sourced(r) for r in submission.indicators],
        "texts": [sourced(r) for r in submission.texts],
        "issues": [issue(i) for i in submission.issues],
        "notes": [text(note) for note in submission.notes],
    })

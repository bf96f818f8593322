"""``--annotate DIR``: a marked-up copy of each checked workbook and Word report, for the reviewer.

Reviewers work in Excel/WPS and Word: the copy is the department's own file with the
findings on it — each cited cell filled by severity and carrying the finding as a
comment, and a first sheet 审核意见 listing them with links; a Word report's cited
paragraphs shaded, each finding a Word comment. The original is never touched.

One module per job: ``source_kind`` (what a file is, read safely), ``names`` (where its
copy goes), ``xlsx_copy`` / ``grid`` / ``workbook`` / ``kept_parts`` (workbooks),
``report_copy`` / ``word_paragraphs`` (Word reports), ``package`` (reproducible, atomic
writing) and ``copies`` (the sink). Only this module is imported when the format is
loaded; openpyxl and python-docx are imported when a copy is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from auditor.formats.interface import OutputOptions, ResultSink


class AnnotatedCopies:
    """The format ``--annotate`` loads by the name ``annotated``: a folder of copies, never a stream."""

    name = "annotated"
    #: Written by ``--annotate DIR`` only: no ``--output`` ending chooses it.
    suffixes: tuple[str, ...] = ()
    streams = False
    description = {
        "zh": "标注副本（--annotate 目录）：工作簿的被引用单元格标色并加批注，Word 报告的被引用段落加底纹和批注",
        "en": "annotated copies (--annotate DIR): workbooks with cited cells coloured and commented, Word reports with comments",
    }

    def open_stream(self, out: TextIO, options: OutputOptions) -> ResultSink:
        raise TypeError("annotated copies are written into a folder: use --annotate DIR")

    def open_file(self, path: Path, options: OutputOptions) -> ResultSink:
        """A sink writing the copies into the folder ``path`` (created when missing)."""
        from auditor.formats.annotated.copies import CopySink

        return CopySink(path, options)


FORMAT = AnnotatedCopies()

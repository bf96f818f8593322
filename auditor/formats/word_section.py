"""The 「存在的问题」 section as a Word document (``--output 存在的问题.docx``), laid out as an official document.

Under the title 「存在的问题」, each submission is a first-level heading (「一、贵州省总工会
2019 年度」), each group of its problems a second-level one (「（一）数据矛盾」), each project
a third-level lead line, and each problem one paragraph, 「1. 」 and its plain sentence —
the same outline, sentences and numbers as the Markdown section and its ``--plain`` form
(``problems``). Rule codes, severities, cells and the file's path appear only
``--with-cells``. The page, the fonts and the numbering follow GB/T 9704
(``official_document``).

A Word document is one zip written at the end, so the format does not stream: the sink
adds paragraphs as results arrive and writes the file when closed (also after Ctrl-C,
with what was added). python-docx is imported only when a ``.docx`` is written: a run
without one does not pay for it and lxml.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from auditor.formats.interface import OutputOptions, ResultSink
from auditor.formats.problems import HEADING, LineKind, outline_lines, submission_problems
from auditor.model import FileResult

if TYPE_CHECKING:
    from auditor.formats.official_document import Level, OfficialDocument


class WordSectionFormat:
    name = "docx"
    suffixes = (".docx",)
    streams = False
    description = {"zh": "「存在的问题」（Word，公文格式）", "en": "the 「存在的问题」 section (Word, laid out as an official document)"}

    def open_stream(self, out: TextIO, options: OutputOptions) -> ResultSink:
        raise TypeError("a Word document is written to a file, not to a stream")

    def open_file(self, path: Path, options: OutputOptions) -> WordSectionSink:
        return WordSectionSink(Path(path), options)


FORMAT = WordSectionFormat()


class WordSectionSink:
    """Paragraphs added as results arrive; the document written when closed."""

    def __init__(self, path: Path, options: OutputOptions) -> None:
        from auditor.formats import official_document as official  # python-docx, only when used

        self.path, self.options = path, options
        self.document: OfficialDocument = official.OfficialDocument(HEADING[options.lang])
        self.levels: dict[LineKind, Level] = {
            "submission": official.HEADING_1,
            "group": official.HEADING_2,
            "project": official.HEADING_3,
            "file": official.BODY_RAGGED,
            "nothing": official.BODY,
            "problem": official.BODY,
        }
        self.submissions = 0
        self.closed = False

    def add(self, result: FileResult) -> None:
        self.submissions += 1
        problems = submission_problems(result, self.options.lang, self.options.with_cells)
        for kind, text in outline_lines(problems, self.submissions, self.options.lang, self.options.with_cells):
            self.document.add(self.levels[kind], text)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.document.save(self.path)

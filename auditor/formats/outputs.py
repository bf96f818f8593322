"""``--output FILE``: which sink writes a file, chosen by the file's ending."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from auditor.catalogue.rule_files import Catalogue
from auditor.formats.interface import ResultSink
from auditor.formats.json_report import JsonLinesSink, JsonSink
from auditor.formats.markdown import MarkdownSink
from auditor.model import FileResult

SUFFIXES = (".xlsx", ".csv", ".json", ".jsonl", ".md")


class UnsupportedOutput(ValueError):
    """An --output whose ending names no known format."""


class _ClosingSink:
    """A text sink that also closes the file it writes to."""

    def __init__(self, sink: ResultSink, handle: TextIO) -> None:
        self.sink = sink
        self.handle = handle

    def add(self, result: FileResult) -> None:
        self.sink.add(result)

    def close(self) -> None:
        self.sink.close()
        self.handle.close()


def open_output(path: Path, lang: str, catalogue: Catalogue) -> ResultSink:
    """The sink for ``path``: .xlsx screening workbook, .csv findings, .json/.jsonl report, .md 「存在的问题」."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from auditor.formats.screening_workbook import ScreeningWorkbook

        return ScreeningWorkbook(path, lang, {r.code: r.title.text(lang) for r in catalogue.rules})
    if suffix == ".csv":
        from auditor.formats.findings_csv import FindingsCsv

        return FindingsCsv(path, lang)
    if suffix in (".json", ".jsonl", ".md"):
        handle = path.open("w", encoding="utf-8")
        if suffix == ".json":
            return _ClosingSink(JsonSink(handle), handle)
        if suffix == ".jsonl":
            return _ClosingSink(JsonLinesSink(handle), handle)
        return _ClosingSink(MarkdownSink(handle, lang), handle)
    raise UnsupportedOutput(f"cannot write {path}: use one of {', '.join(SUFFIXES)}")

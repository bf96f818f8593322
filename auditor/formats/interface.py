"""What a report format is: results in, one at a time, and a finished output at the end.

Batches can hold hundreds of thousands of files, so every output is a sink that is
fed results as they arrive (in path order) and never needs all of them at once.
``close`` finishes the output from whatever was added — also after Ctrl-C.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from auditor.model import FileResult


class ResultSink(Protocol):
    def add(self, result: FileResult) -> None:
        """Take one file's result (results arrive sorted by path)."""
        ...

    def close(self) -> None:
        """Finish the output; nothing is added after this."""
        ...


class ReportFormat(Protocol):
    """A text report for standard output: opens a sink writing to a stream."""

    def open(self, out: TextIO, lang: str) -> ResultSink:
        ...

"""What a report format is: results in, text out (one small class per format)."""

from __future__ import annotations

from typing import Protocol

from auditor.model import FileResult


class ReportFormat(Protocol):
    def render(self, results: list[FileResult], lang: str) -> str:
        """The whole report for a run, in ``lang`` (zh or en)."""
        ...

"""The machine-readable report (docs/RULES.md): one JSON document, amounts as decimal strings."""

from __future__ import annotations

import json

from auditor.model import FileResult

REPORT_VERSION = 1


class JsonFormat:
    def render(self, results: list[FileResult], lang: str) -> str:
        document = {"version": REPORT_VERSION, "results": [r.model_dump(mode="json") for r in results]}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

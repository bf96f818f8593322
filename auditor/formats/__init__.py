"""Report formats: the same results as a terminal table, the JSON contract, JSON lines, or 「存在的问题」."""

from auditor.formats.interface import ReportFormat, ResultSink
from auditor.formats.json_report import JsonFormat, JsonLinesFormat
from auditor.formats.markdown import MarkdownFormat
from auditor.formats.table import TableFormat

FORMATS: dict[str, ReportFormat] = {
    "table": TableFormat(),
    "json": JsonFormat(),
    "jsonl": JsonLinesFormat(),
    "markdown": MarkdownFormat(),
}

__all__ = ["FORMATS", "ReportFormat", "ResultSink"]

"""Report formats: the same results as a terminal table, the JSON contract, or a 「存在的问题」 section."""

from auditor.formats.interface import ReportFormat
from auditor.formats.json_report import JsonFormat
from auditor.formats.markdown import MarkdownFormat
from auditor.formats.table import TableFormat

FORMATS: dict[str, ReportFormat] = {"table": TableFormat(), "json": JsonFormat(), "markdown": MarkdownFormat()}

__all__ = ["FORMATS", "ReportFormat"]

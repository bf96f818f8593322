"""The installed output formats, found through the ``auditor.formats`` entry-point group.

``--format NAME`` names one by its entry point; ``--output FILE`` picks the one whose
suffixes include the file's ending. Only the formats a run uses are imported: printing
a table never loads the screening workbook's spreadsheet library.
"""

from __future__ import annotations

from pathlib import Path

from auditor.formats.interface import ReportFormat
from auditor.plugins import load_plugin, load_plugins, plugin_points

GROUP = "auditor.formats"


class UnknownFormat(ValueError):
    """A ``--format`` or ``--output`` that no installed format takes; the message says what does."""


def format_names() -> list[str]:
    """The names of the installed formats (without importing any of them)."""
    return [point.name for point in plugin_points(GROUP)]


def load_format(name: str) -> ReportFormat:
    """The format called ``name``."""
    for point in plugin_points(GROUP):
        if point.name == name:
            return load_plugin(point, ReportFormat)  # type: ignore[return-value]
    raise UnknownFormat(f"no output format {name!r} (installed: {', '.join(format_names())})")


def installed_formats() -> dict[str, ReportFormat]:
    """Every installed format by name."""
    return load_plugins(GROUP, ReportFormat)  # type: ignore[return-value]


def format_for_file(path: Path) -> ReportFormat:
    """The format that writes files ending like ``path``."""
    formats = installed_formats()
    suffix = path.suffix.lower()
    for report_format in formats.values():
        if suffix in report_format.suffixes:
            return report_format
    known = ", ".join(s for f in formats.values() for s in f.suffixes)
    raise UnknownFormat(f"cannot write {path}: use one of {known}")

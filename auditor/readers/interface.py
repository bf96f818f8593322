"""What a reader is: a plugin that says which files it takes and turns one into a ``Submission``.

Readers are found through the ``auditor.readers`` entry-point group (see
``registry``); auditor's own are registered the same way in ``pyproject.toml``. A
reader raises :class:`~auditor.sources.refusal.Refused` for a file it understood to be
unreadable (corrupt, encrypted, hostile, of the wrong kind): that is the submitter's
problem and becomes a D001 finding. Any other exception is a bug in the reader and
is reported as auditor's own internal error, never as the user's broken file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from auditor.model import DataIssue, Submission


@runtime_checkable
class Reader(Protocol):
    """One kind of input file. Attributes are read once, when the plugin is loaded."""

    #: A short name, shown in ``auditor check --help`` (``xlsx``, ``report``).
    name: str
    #: The file endings it takes, lower-case with the dot (``(".xlsx", ".xlsm")``).
    suffixes: tuple[str, ...]
    #: Leading bytes that identify its files when the ending names no reader (``(b"%PDF-",)``).
    magic: tuple[bytes, ...]
    #: The ``layout`` a file it refuses is reported under (its usual layout).
    layout: str
    #: What it reads, for a reviewer: ``{"zh": "自评报告（.docx、.txt、.md）", "en": "…"}``.
    description: dict[str, str]

    def read(self, path: Path) -> Submission:
        """What the file at ``path`` states; raises ``Refused`` when it cannot be read."""
        ...


def unreadable_submission(path: Path, reason_zh: str, reason_en: str, layout: str | None = "submission-workbook") -> Submission:
    """A submission holding only the D001 issue that says why the file could not be read.

    ``layout`` is the reader's usual layout, or None for a file no reader took.
    """
    issue = DataIssue(kind="unreadable_file", detail_zh=reason_zh, detail_en=reason_en, locations=[path.name])
    return Submission(path=str(path), layout=layout, issues=[issue], unreadable=True)

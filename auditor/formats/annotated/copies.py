"""The ``--annotate`` sink: as each file's result arrives, its marked copy is written into the folder.

Copies are written in the parent process, one per result, as results stream in; the
sink keeps nothing but the names it handed out and the reasons files got no copy, so a
batch of any size runs in the same memory. A file that cannot be copied — unreadable
(D001), a PDF or web page, a workbook openpyxl cannot open — never stops the run: it is
counted, and ``close`` says on stderr, one line per reason, which files have no copy
and why. Failing to write (a full disk) is different: it is raised at ``close`` as an
output that could not be written, as every format's is.

The original is read once into memory (``source_kind``) and never opened for writing;
a copy never takes the original's own path, whatever folder is given.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path, PurePath
from typing import TextIO

from auditor.formats.annotated.names import CopyNames, copy_name, relative_name
from auditor.formats.annotated.package import is_earlier_copy, write_atomically
from auditor.formats.annotated.source_kind import NoCopy, Source, source_of
from auditor.formats.interface import OutputOptions
from auditor.model import FileResult
from auditor.sources.grid import WorkbookCells
from auditor.sources.refusal import Refused

#: Rules whose finding means the file was not read (or not checked): nothing to mark on it.
UNREAD_RULES = ("D001", "E000")
#: How many file names a line about files without a copy lists.
NAMES_SHOWN = 5


class CopySink:
    """A ``ResultSink`` writing a marked copy of each workbook and Word report into ``folder``."""

    def __init__(self, folder: Path, options: OutputOptions, report: TextIO | None = None) -> None:
        self.folder = Path(folder)
        self.options = options
        self._inputs = [Path(path) for path in options.inputs]
        self._names = CopyNames(self.folder, is_earlier_copy)
        self._report = report
        #: Copies written: original path → copy path.
        self.written: dict[str, Path] = {}
        #: Files without a copy, by reason.
        self.skipped: dict[str, list[str]] = defaultdict(list)
        self._failures: list[OSError] = []
        self._closed = False

    def add(self, result: FileResult) -> None:
        try:
            self._copy(result)
        except NoCopy as exc:
            self.skipped[str(exc)].append(result.path)
        except OSError as exc:  # the folder cannot be written: the run is told at close
            self._failures.append(exc)
        except Exception as exc:  # noqa: BLE001 - one odd workbook must not stop a batch
            self.skipped[f"the copy could not be made ({type(exc).__name__}: {exc})"].append(result.path)

    def _copy(self, result: FileResult) -> None:
        if result.status != "ok" or any(f.rule in UNREAD_RULES for f in result.findings):
            raise NoCopy("the file could not be read")
        original = Path(result.path)
        source = source_of(original, result.layout)
        relative = relative_name(result.path, self._inputs)
        data, ending = self._marked(source, original, relative, result)
        target = self._names.claim(copy_name(relative, ending), original)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        self.written[result.path] = target

    def _marked(self, source: Source, original: Path, relative: PurePath, result: FileResult) -> tuple[bytes, str]:
        """The copy's bytes and its ending (heavy libraries imported only when a copy is made)."""
        if source.kind == "docx":
            from auditor.formats.annotated.report_copy import report_copy

            return report_copy(source.data, original, result, self.options), ".docx"
        from auditor.formats.annotated.xlsx_copy import converted_copy, xlsx_copy

        if source.kind == "xlsx":
            return xlsx_copy(source.data, result, relative.name, self.options), ".xlsx"
        try:
            cells = _grid(source, original)
        except Refused as exc:
            raise NoCopy(exc.reason_en) from None
        return converted_copy(cells, original.suffix or source.kind, result, relative.name, self.options), ".xlsx"

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        report = self._report if self._report is not None else sys.stderr
        if self.written:
            print(f"auditor: wrote {len(self.written)} annotated cop{'y' if len(self.written) == 1 else 'ies'} in {self.folder}", file=report)
        for reason, paths in self.skipped.items():
            shown = ", ".join(paths[:NAMES_SHOWN]) + (f" and {len(paths) - NAMES_SHOWN} more" if len(paths) > NAMES_SHOWN else "")
            print(f"auditor: no annotated copy of {shown}: {reason}", file=report)
        if self._failures:
            raise self._failures[0]


def _grid(source: Source, original: Path) -> WorkbookCells:
    """The cells of a .xls/.et or .ods workbook, read by the readers' own sources."""
    if source.kind == "ods":
        from auditor.sources.ods import read_ods_cells

        return read_ods_cells(original)
    from auditor.sources.xls import xls_cells

    return xls_cells(source.data)

"""Writing an output file so that it exists under its name only once it is whole.

An interrupted or failed run must never leave half a report under the name a reviewer
will open (or a script will read). Every output is written to a hidden temporary file
beside the target — the same file system, so the final rename is atomic — and renamed
when the sink is closed; a failure removes the temporary file.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from auditor.formats.interface import ResultSink
    from auditor.model import FileResult


def temporary_sibling(path: Path) -> Path:
    """A fresh hidden name in ``path``'s folder (same file system, so the rename is atomic)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


def open_text_atomically(path: Path, encoding: str, newline: str | None) -> tuple[TextIO, Path]:
    """A new temporary text file beside ``path``, and its name."""
    temporary = temporary_sibling(Path(path))
    return open(temporary, "x", encoding=encoding, newline=newline), temporary


def finish_atomically(temporary: Path, path: Path) -> None:
    """Give the finished temporary file its final name (replacing what was there)."""
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class TextFileSink:
    """A text format's sink writing to a temporary file, renamed to ``path`` on close."""

    def __init__(self, sink: ResultSink, handle: TextIO, temporary: Path, path: Path) -> None:
        self._sink, self._handle, self._temporary, self._path = sink, handle, temporary, Path(path)

    def add(self, result: FileResult) -> None:
        self._sink.add(result)

    def close(self) -> None:
        if self._handle.closed:
            return
        try:
            self._sink.close()
            self._handle.close()
        except BaseException:
            self._handle.close()
            self._temporary.unlink(missing_ok=True)
            raise
        finish_atomically(self._temporary, self._path)

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
from typing import TextIO


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

"""The installed readers, found through the ``auditor.readers`` entry-point group, and which one takes a file.

The Python convention for plugins (pytest, flake8, sqlfluff): a distribution declares

    [project.entry-points."auditor.readers"]
    pdf = "auditor_pdf:READER"

and auditor finds it with :func:`importlib.metadata.entry_points`; its own readers are
declared the same way, so there is no hand-written list to edit. A file goes to the
first reader (in entry-point name order) whose suffixes include its ending; a file whose
ending no reader takes, or whose first bytes are unmistakably another reader's, goes to the
first reader whose magic bytes begin it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from auditor.plugins import load_plugins
from auditor.readers.interface import Reader
from auditor.sources.files import peek

GROUP = "auditor.readers"
#: Bytes read from a file's start to match magic numbers (a PDF's ``%PDF-``, OLE2's 8 bytes).
MAGIC_BYTES = 16




@cache
def installed_readers() -> tuple[Reader, ...]:
    """The readers installed with auditor and beside it, in entry-point name order."""
    return tuple(load_plugins(GROUP, Reader).values())  # type: ignore[arg-type]


def readable_suffixes() -> tuple[str, ...]:
    """Every file ending some installed reader takes."""
    return tuple(dict.fromkeys(suffix for reader in installed_readers() for suffix in reader.suffixes))


def reader_for(path: Path, readers: tuple[Reader, ...] | None = None) -> Reader | None:
    """The reader that takes ``path``: by its ending — unless its first bytes are unmistakably another
    reader's (a web page a budget system exports as 「.xls」, a PDF named .doc) —, else by its first bytes;
    None when none does."""
    readers = installed_readers() if readers is None else readers
    suffix = path.suffix.lower()
    by_ending = next((reader for reader in readers if suffix in reader.suffixes), None)
    magical = [reader for reader in readers if reader.magic]
    if not magical:
        return by_ending
    head = peek(path, MAGIC_BYTES)
    by_content = next((reader for reader in magical if head.startswith(reader.magic)), None)
    if by_ending is None:
        return by_content
    if by_content is not None and by_content is not by_ending and not (by_ending.magic and head.startswith(by_ending.magic)):
        return by_content
    return by_ending

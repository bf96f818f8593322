"""The installed readers, found through the ``auditor.readers`` entry-point group, and which one takes a file.

The Python convention for plugins (pytest, flake8, sqlfluff): a distribution declares

    [project.entry-points."auditor.readers"]
    pdf = "auditor_pdf:READER"

and auditor finds it with :func:`importlib.metadata.entry_points`; its own readers are
declared the same way, so there is no hand-written list to edit. A file goes to the
first reader (in entry-point name order) whose suffixes include its ending; a file whose
ending no reader takes goes to the first reader whose magic bytes begin it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from auditor.readers.interface import Reader
from auditor.sources.files import peek

GROUP = "auditor.readers"
#: Bytes read from a file's start to match magic numbers (a PDF's ``%PDF-``, OLE2's 8 bytes).
MAGIC_BYTES = 16


class PluginError(RuntimeError):
    """An installed plugin that does not load or does not have the shape its group requires."""


def load_plugins(group: str, check: type, points: Iterable[EntryPoint] | None = None) -> dict[str, object]:
    """Every plugin of an entry-point group by name, in name order, each checked against a protocol.

    A name declared twice (the same distribution seen on two paths) is loaded once. A
    third party's plugin that fails to load is reported on stderr and left out, so that
    one broken package cannot stop every check; one of auditor's own is a bug, and raises.
    """
    found: dict[str, object] = {}
    for point in sorted(points if points is not None else entry_points(group=group), key=lambda p: p.name):
        if point.name in found:
            continue
        try:
            plugin = point.load()
            if not isinstance(plugin, check):
                raise PluginError(f"{point.value} is not a {check.__name__}")
        except Exception as exc:  # noqa: BLE001 - a third party's import error must not stop auditor
            if point.dist is not None and point.dist.name == "auditor":
                raise
            print(f"auditor: the plugin {point.name} ({group}) cannot be used: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        found[point.name] = plugin
    return found


@cache
def installed_readers() -> tuple[Reader, ...]:
    """The readers installed with auditor and beside it, in entry-point name order."""
    return tuple(load_plugins(GROUP, Reader).values())  # type: ignore[arg-type]


def readable_suffixes() -> tuple[str, ...]:
    """Every file ending some installed reader takes."""
    return tuple(dict.fromkeys(suffix for reader in installed_readers() for suffix in reader.suffixes))


def reader_for(path: Path, readers: tuple[Reader, ...] | None = None) -> Reader | None:
    """The reader that takes ``path``: by its ending, else by its first bytes; None when none does."""
    readers = installed_readers() if readers is None else readers
    suffix = path.suffix.lower()
    for reader in readers:
        if suffix in reader.suffixes:
            return reader
    magical = [reader for reader in readers if reader.magic]
    if not magical:
        return None
    head = peek(path, MAGIC_BYTES)
    return next((reader for reader in magical if head.startswith(reader.magic)), None)

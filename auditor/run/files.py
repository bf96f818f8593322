"""Which files a run checks: the files named, and every regular file under the folders named, in path order.

Every file a reviewer put in a folder is accounted for — a kind auditor does not read
gets a D001 finding saying what it is, never silence. Left out are only what nobody
submitted: hidden files and folders (``.git``, ``.DS_Store``), Office lock files
(``~$name.xlsx``, left by an open workbook) and this run's own outputs.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path, PurePath


def collect_files(paths: list[Path], outputs: Collection[Path] = ()) -> Iterator[tuple[Path, Path]]:
    """(path as given, file) pairs: files as named, folders searched recursively, each sorted."""
    written = {_identity(path) for path in outputs} - {None}
    for given in paths:
        if given.is_dir():
            for path in sorted(_submitted_files(given)):
                if _identity(path) not in written:
                    yield given, path
        else:
            yield given, given


def _submitted_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if is_submitted(path.relative_to(folder)) and path.is_file():
            yield path


def is_submitted(relative: PurePath) -> bool:
    """Whether a file at this place in a folder was put there by a reviewer (not hidden, not an Office lock file)."""
    return not any(part.startswith(".") for part in relative.parts) and not relative.name.startswith("~$")


def _identity(path: Path) -> tuple[int, int] | None:
    """The file a path names (device, inode), so that a hard link or another spelling is the same file."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name the same existing file."""
    identity = _identity(one)
    return identity is not None and identity == _identity(other)


def shown_path(path: Path, given: Path) -> str:
    """The path as a reviewer will recognise it: the one typed, or a folder's path joined with the file's."""
    return str(path) if path == given else str(given / path.relative_to(given))

"""Which files a run checks: the files named, and every workbook or report under the folders named, in path order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from auditor.readers import readable_suffixes


def collect_files(paths: list[Path]) -> Iterator[tuple[Path, Path]]:
    """(path as given, file) pairs: files as named, folders searched recursively, each sorted.

    Excel's lock files (``~$name.xlsx``) are not submissions and are skipped.
    """
    suffixes = readable_suffixes()
    for given in paths:
        if given.is_dir():
            found = [
                p for p in given.rglob("*")
                if p.suffix.lower() in suffixes and p.is_file() and not p.name.startswith("~$")
            ]
            for path in sorted(found):
                yield given, path
        else:
            yield given, given


def shown_path(path: Path, given: Path) -> str:
    """The path as a reviewer will recognise it: the one typed, or a folder's path joined with the file's."""
    return str(path) if path == given else str(given / path.relative_to(given))

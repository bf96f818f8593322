"""Where in the ``--annotate`` folder each copy goes: the file's path under the folder it was
found in, so that a batch's copies lie as its files did.

``check subs/ --annotate out/`` writes ``subs/a/x.xlsx``'s copy as ``out/a/x.xlsx``; a
file named on the command line goes to the top of the folder. A workbook that is not an
.xlsx gets the ending added, ``x.xls`` → ``x.xls.xlsx``, so that a copy never looks
like its original and ``x.xls`` and ``x.xlsx`` side by side never collide. Two files
that would still get one name (``check a/x.xlsx b/x.xlsx``) are told apart by a number,
``x (2).xlsx``, given in path order, so the same run gives the same names. An existing
file is replaced only when auditor wrote it (an earlier copy): anything else keeps its
name and the copy takes the next number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import os
from pathlib import Path, PurePath


def relative_name(shown: str, inputs: Sequence[Path]) -> PurePath:
    """The copy's path under the folder: the file's path under the input folder it was found in."""
    path = PurePath(shown)
    best: PurePath | None = None
    for given in inputs:
        root = PurePath(given)
        if path == root:
            return PurePath(path.name)
        try:
            relative = path.relative_to(root)
        except ValueError:
            continue
        if best is None or len(relative.parts) < len(best.parts):
            best = relative
    if best is not None:
        return best
    parts = [part for part in path.parts if part not in ("..", ".") and part != path.anchor]
    return PurePath(*parts) if parts else PurePath(path.name)


def copy_name(relative: PurePath, ending: str) -> PurePath:
    """``relative`` with ``ending`` added unless it already ends so (case aside)."""
    return relative if relative.suffix.lower() == ending else relative.with_name(relative.name + ending)


class CopyNames:
    """Hands out the copies' paths in one folder, each once, never over someone else's file."""

    def __init__(self, folder: Path, replaceable: Callable[[Path], bool]) -> None:
        self._folder = folder
        self._replaceable = replaceable
        self._taken: set[str] = set()

    def claim(self, name: PurePath, original: Path) -> Path:
        """The first free path for ``name``: itself, else ``stem (2).suffix`` and on — never ``original``."""
        number = 1
        while True:
            candidate = name if number == 1 else name.with_name(f"{name.stem} ({number}){name.suffix}")
            target = self._folder / candidate
            key = str(candidate).casefold()  # Windows and macOS folders ignore case
            free = not target.exists() or (target.is_file() and not _same_file(target, original) and self._replaceable(target))
            if key not in self._taken and free:
                self._taken.add(key)
                return target
            number += 1


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file (a hard link or another spelling of the original)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False

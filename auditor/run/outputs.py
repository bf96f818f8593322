"""Where a run may write its outputs: never onto an input, never over a file unless asked, and only
where it can — all decided before the first file is checked.

A run over a thousand files must not fail at the end because its output folder is
read-only, and must never replace the submission it was given (``check a.xlsx --output
a.xlsx``). So each ``--output`` is refused up front, with one line saying why, when it
is one of the inputs, exists without ``--force``, is a folder, or lies in a folder
auditor cannot create a file in.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from auditor.run.files import same_file


class OutputRefused(ValueError):
    """An output that may not or cannot be written; the message says which and why."""


def check_outputs(outputs: Sequence[Path], inputs: Sequence[Path], force: bool) -> None:
    """Refuse (OutputRefused) any output that would destroy an input or a file, or cannot be written."""
    seen: list[Path] = []
    for output in outputs:
        if any(output.resolve() == other.resolve() or same_file(output, other) for other in seen):
            raise OutputRefused(f"{output} is given twice as --output")
        seen.append(output)
        if output.is_dir():
            raise OutputRefused(f"{output} is a folder; give a file name such as {output / 'screening.xlsx'}")
        if not output.parent.is_dir():
            raise OutputRefused(f"no folder to write {output} in")
        if output.exists() or output.is_symlink():
            if any(same_file(output, path) for path in inputs):
                raise OutputRefused(f"{output} is one of the files being checked; it would be overwritten — choose another name")
            if not force:
                raise OutputRefused(f"{output} exists; use --force to replace it")
        probe_writable(output.parent)


def probe_writable(folder: Path) -> None:
    """Create and remove a file in ``folder``, as the output will be written (a hidden sibling, renamed)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".auditor-probe-", dir=folder)
    except OSError as exc:
        raise OutputRefused(f"cannot write in {folder}: {exc.strerror or exc}") from None
    os.close(handle)
    os.unlink(name)


def check_copy_folder(folder: Path, inputs: Sequence[Path]) -> None:
    """Refuse an ``--annotate`` folder inside a checked one (its copies would be checked next time as
    submissions, and could stand where originals do); create it, and make sure it can be written."""
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"--annotate {folder} is a file; give a folder")
    resolved = folder.resolve()
    for given in inputs:
        if given.is_dir() and (resolved == given.resolve() or given.resolve() in resolved.parents):
            raise OutputRefused(f"--annotate {folder} lies in the checked folder {given}; choose a folder outside it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputRefused(f"cannot create {folder}: {exc.strerror or exc}") from None
    probe_writable(folder)

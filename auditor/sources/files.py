"""Reading a file's bytes the guarded way: read-only, regular files only, bounded in size.

Every reader starts here. A path given to auditor may be a directory, a FIFO that would
block forever, a device, a file that grows while it is read or one of gigabytes; each is
refused before its bytes are trusted, and the file is never opened for writing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

MiB = 1024 * 1024


def human_size(n: int) -> str:
    """A byte count as a reviewer reads it: "812 B", "3.5 KiB", "20.0 MiB"."""
    if n >= MiB:
        return f"{n / MiB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} B"


def read_regular_file(
    path: str | os.PathLike[str],
    max_bytes: int,
    refuse: Callable[[str, str], Exception],
    too_large: Callable[[int, int], Exception],
    cannot_open: Callable[[OSError], Exception] | None = None,
) -> bytes:
    """The bytes of the regular file at ``path``, opened read-only and read once, at most ``max_bytes``.

    A path that does not exist, is a directory, a device or a pipe, or may not be read is
    refused with ``refuse(reason_zh, reason_en)``; a file larger than ``max_bytes`` with
    ``too_large(size, max_bytes)``; any other failure to open it with ``cannot_open(error)``,
    or, without that, the ``OSError`` itself.
    """
    try:
        # Read-only; O_NONBLOCK so that a FIFO given as the path cannot block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise refuse("文件不存在。", "The file does not exist.") from None
    except IsADirectoryError:
        raise refuse(*_DIRECTORY) from None
    except PermissionError:
        raise refuse("没有读取该文件的权限。", "Permission denied reading the file.") from None
    except OSError as exc:
        if cannot_open is None:
            raise
        raise cannot_open(exc) from None
    try:  # checked before open(), which refuses a directory with an error of its own
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise refuse(*_DIRECTORY)
        if not stat.S_ISREG(status.st_mode):
            raise refuse("路径不是普通文件（可能是设备或管道）。", "The path is not a regular file (a device or a pipe).")
        if status.st_size > max_bytes:
            raise too_large(status.st_size, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    with open(fd, "rb") as fp:
        # Ask for the size fstat gave (plus one byte, to notice a file that grew since): asking
        # for max_bytes + 1 would make the buffered reader allocate the whole limit each time.
        data = fp.read(status.st_size + 1)
        if len(data) > status.st_size:  # it grew: read on, up to the limit
            data += fp.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    return data


_DIRECTORY = ("路径是一个目录，不是文件。", "The path is a directory, not a file.")


def peek(path: str | os.PathLike[str], count: int) -> bytes:
    """The first ``count`` bytes of a regular file, or ``b""`` for anything else or any failure.

    For telling a file's kind by its magic number: never blocks on a FIFO, never raises.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, count)
    except OSError:
        return b""
    finally:
        os.close(fd)

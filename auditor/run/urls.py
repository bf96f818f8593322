"""Inputs named by URL: ``file://`` read where they are, any other fsspec URL (``s3://…``, ``gs://…``)
listed here and copied by the Dask worker that checks each file.

A national screening keeps its millions of files on a shared disk or in an object store,
and the workers of a Dask cluster read them from there. The run is the same as for a
local folder: files in path order by their place under the URL given, hidden and lock
files left out, each shown as the URL a reviewer can open. fsspec (and the package of
the store, such as ``s3fs``) is imported only when such a URL is given.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from auditor.run.files import collect_files, is_submitted
from auditor.run.pool import Task

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")  # two letters at least: C:// is a Windows path
#: A file larger than this is not copied to a worker (no reader takes one a tenth of this size).
MAX_COPY_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class RemoteTask(Task):
    """A file only a Dask worker reads, from ``url``; ``path`` is the URL as a path, which names no local file."""

    url: str


class TooLargeToCopy(OSError):
    """A remote file over MAX_COPY_BYTES: refused before it fills a worker's disk."""


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and bool(_SCHEME.match(location))


def is_remote(location: str | Path) -> bool:
    """A URL that only Dask workers read (``file://`` is read here, like a path)."""
    return is_url(location) and urlsplit(str(location)).scheme != "file"


def local_path(url: str) -> Path:
    """The file a ``file://`` URL names on this machine."""
    return Path(url2pathname(urlsplit(url).path))


def url_exists(url: str) -> bool:
    if not is_remote(url):
        return local_path(url).exists()
    filesystem, root = _filesystem(url)
    return bool(filesystem.exists(root))


def url_tasks(url: str, first_index: int, outputs: Collection[Path] = ()) -> list[Task]:
    """The files under (or at) ``url``, in path order, numbered from ``first_index``."""
    if not is_remote(url):
        folder = local_path(url)
        pairs = collect_files([folder], outputs)
        return [Task(first_index + n, path, _joined(url, path.relative_to(folder)) if path != folder else url)
                for n, (_, path) in enumerate(pairs)]
    filesystem, root = _filesystem(url)
    if not filesystem.isdir(root):
        return [RemoteTask(first_index, Path(url), url, url)]
    prefix = root.rstrip("/") + "/"
    found = (PurePosixPath(name[len(prefix):]) for name in filesystem.find(root) if name.startswith(prefix))
    files = sorted(relative for relative in found if is_submitted(relative))
    return [RemoteTask(first_index + n, Path(shown), shown, shown)
            for n, shown in enumerate(_joined(url, relative) for relative in files)]


def fetch(url: str, folder: Path) -> Path:
    """A copy of the file at ``url`` in ``folder``, under its own name (readers go by the name's ending)."""
    target = folder / (PurePosixPath(urlsplit(url).path).name or "file")
    filesystem, name = _filesystem(url)
    copied = 0
    with filesystem.open(name, "rb") as source, target.open("wb") as copy:
        while chunk := source.read(1024 * 1024):
            copied += len(chunk)
            if copied > MAX_COPY_BYTES:
                raise TooLargeToCopy(f"larger than {MAX_COPY_BYTES // (1024 * 1024)} MiB")
            copy.write(chunk)
    return target


def _joined(url: str, relative: PurePosixPath | Path) -> str:
    return url.rstrip("/") + "/" + relative.as_posix()


def _filesystem(url: str) -> tuple[Any, str]:
    import fsspec  # only for URLs: plain paths never need it

    return fsspec.core.url_to_fs(url)

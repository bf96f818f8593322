"""Writing a copy's package: the same results give the same bytes, and only a whole file gets its name.

openpyxl and python-docx stamp the time of writing into every zip entry (and openpyxl
into the document properties); the copy is re-zipped with one fixed time, so that
checking the same files twice writes identical copies. The bytes go to a hidden file
beside the target, renamed when complete (``formats.files``).

Each copy is marked as auditor's (its document properties' 「last modified by」), so that
a later run may replace a copy it wrote but never a file of anyone else's that happens
to have the same name in the folder.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from auditor.formats.files import finish_atomically, temporary_sibling

#: The time every zip entry of a copy carries (and a workbook copy's properties).
DOCUMENT_TIMESTAMP = datetime(2024, 1, 1)
#: Who a copy says last modified it.
MODIFIED_BY = "auditor"
_CORE = "docProps/core.xml"
_MODIFIED_BY = re.compile(rb"<(?:\w+:)?lastModifiedBy>\s*auditor\s*</(?:\w+:)?lastModifiedBy>")
#: A core.xml larger than this is no copy of auditor's (a real one is under 2 KB).
_MAX_CORE_BYTES = 64 * 1024


def restamped(data: bytes) -> bytes:
    """The zip ``data`` with every entry dated ``DOCUMENT_TIMESTAMP`` (content and order kept)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=DOCUMENT_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` under ``path``, which appears only once it is whole (replacing what was there)."""
    temporary = temporary_sibling(path)
    try:
        with open(temporary, "xb") as file:
            file.write(data)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finish_atomically(temporary, path)


def is_earlier_copy(path: Path) -> bool:
    """Whether ``path`` is a copy auditor wrote (its properties say auditor last modified it)."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(_CORE)
            if info.file_size > _MAX_CORE_BYTES:
                return False
            return bool(_MODIFIED_BY.search(package.read(info)))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return False

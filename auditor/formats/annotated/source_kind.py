"""What a checked file is, for its copy: an .xlsx workbook, a .xls/.et or .ods one, a Word report, or none.

Told by the bytes, not the ending (a ``.xls`` that is really an .xlsx is copied as one),
after the same guards the readers use: the file is read once, read-only and bounded,
and a zip must pass the zip guard's limits (no bomb, not encrypted) before any part of
it is inflated. An XML part with a DOCTYPE is refused here too: auditor's readers never
parse one, and openpyxl or python-docx would be the first to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from auditor.sources.files import read_regular_file
from auditor.sources.refusal import Refused
from auditor.sources.zip_guard import Limits, PackageKind, WorkbookZip, open_package

SourceKind = Literal["xlsx", "xls", "ods", "docx"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PACKAGE = PackageKind("压缩包", "The archive")
_XML_ENDINGS = (".xml", ".rels", ".vml")
#: Layouts read from a spreadsheet (an OLE2 file read as anything else is a .doc).
WORKBOOK_LAYOUTS = ("submission-workbook", "national-form")


@dataclass(frozen=True)
class Source:
    """A checked file's bytes and what they are."""

    kind: SourceKind
    data: bytes


class NoCopy(Exception):
    """Why a file gets no copy, in one line (English, for stderr)."""


def source_of(path: Path, layout: str | None, limits: Limits = Limits()) -> Source:
    """The file at ``path`` as a source of a copy; NoCopy says why it is not one."""
    try:
        data = read_regular_file(path, limits.max_file_bytes, _refused, _too_large)
    except Refused as exc:
        raise NoCopy(exc.reason_en) from None
    if data.startswith(_OLE2):
        if layout in WORKBOOK_LAYOUTS:
            return Source("xls", data)
        raise NoCopy("a legacy Office document (.doc/.wps): only .docx reports are marked up")
    if not data.startswith(b"PK"):
        raise NoCopy("not a workbook or a Word .docx report (PDF, web page and text reports are not marked up)")
    try:
        package = open_package(path, data, limits, _PACKAGE)
        kind = _package_kind(package)
        _refuse_doctype(package)
    except Refused as exc:
        raise NoCopy(exc.reason_en) from None
    return Source(kind, data)


def _package_kind(package: WorkbookZip) -> SourceKind:
    if package.has("xl/workbook.xml"):
        return "xlsx"
    if package.has("word/document.xml"):
        return "docx"
    mimetype = package.read("mimetype") or b""
    if package.has("content.xml") and b"spreadsheet" in bytes(mimetype[:100]):
        return "ods"
    raise NoCopy("a zip package that is neither an Excel workbook nor a Word document")


def _refuse_doctype(package: WorkbookZip) -> None:
    for name in package.names():
        if name.lower().endswith(_XML_ENDINGS):
            part = package.read(name) or b""
            if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                raise NoCopy(f"its part {name} declares a DOCTYPE, which auditor never parses")


def _refused(reason_zh: str, reason_en: str) -> Refused:
    return Refused(reason_zh, reason_en)


def _too_large(size: int, limit: int) -> Refused:
    return Refused(f"文件大于 {limit} 字节", f"the file ({size} bytes) is larger than the limit of {limit} bytes")

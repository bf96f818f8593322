"""Files read through LibreOffice: Word 97 .doc and WPS .wps reports, and .et workbooks xlrd cannot read.

A department's report is often a Word 97 .doc or a WPS Writer .wps, and some WPS .et
workbooks are not plain BIFF. No well-kept Python reader takes them, so where LibreOffice
is installed auditor has it convert the file — to .docx or .xlsx, in a private temporary
folder, with a time limit and with macros disabled (:mod:`auditor.sources.libreoffice`)
— and reads the result with its own readers, as if the department had sent that: the
result keeps the original path, and a note says the file was converted. Where
LibreOffice is not installed, the file is refused saying exactly how to save it.

Before LibreOffice sees a file, it must be what its ending says: an OLE2 compound file
whose container opens soundly (:mod:`auditor.sources.ole2`; a damaged or hostile one is
refused without starting LibreOffice), or an RTF document saved as .doc. A zip saved as
.doc is a .docx under another name and is read as one; anything else (a web page, a
PDF) is refused saying what it is.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission
from auditor.readers.file_kinds import FileKind, file_kind
from auditor.sources.refusal import Refused
from auditor.sources.zip_guard import Limits

#: The note every converted file's result carries.
CONVERTED_NOTE = "由 LibreOffice 转换后读取"


def libreoffice_missing(kind: FileKind) -> Refused:
    """The refusal of a file only LibreOffice could read, where it is not installed."""
    return Refused(
        f"这是{kind.name_zh}；本机没有安装 LibreOffice，auditor 无法转换读取这类文件。{kind.advice_zh}。",
        f"this is {kind.name_en}; LibreOffice is not installed here, so auditor cannot convert and read it: "
        f"{kind.advice_en}.",
    )


def kind_of(path: Path) -> FileKind:
    """The kind (name and advice) a file's ending says it is."""
    kind = file_kind(path)
    assert kind is not None, path  # every ending read here has its kind
    return kind


def explained(refused: Refused, path: Path) -> Refused:
    """A refusal that also says what kind of file this is and how to send it instead, unless it
    says so already: a reviewer reads 「…已损坏（Excel 97-2003 工作簿（.xls））；请…另存为 .xlsx」."""
    if "另存为" in refused.reason_zh:
        return refused
    kind = kind_of(path)
    return Refused(
        f"{refused.reason_zh.rstrip('。')}（{kind.name_zh}）；{kind.advice_zh}。",
        f"{refused.reason_en.rstrip('.')} ({kind.name_en}); {kind.advice_en}.",
    )


def converted_workbook(path: Path, data: bytes, because: Refused) -> Submission:
    """A workbook (a WPS .et xlrd cannot read) converted to .xlsx by LibreOffice and read as one;
    ``because`` is why it could not be read directly, kept in a note."""
    from auditor.readers.spreadsheet import read_spreadsheet
    from auditor.sources.libreoffice import converted, soffice
    from auditor.sources.xlsx import read_workbook_cells

    kind = kind_of(path)
    if soffice() is None:
        raise libreoffice_missing(kind)
    try:
        with converted(data, path.suffix, "xlsx") as xlsx:
            cells = read_workbook_cells(xlsx)
    except Refused as failed:
        raise Refused(f"{because.reason_zh.rstrip('。')}；{failed.reason_zh}", f"{because.reason_en.rstrip('.')}; {failed.reason_en}") from None
    submission = read_spreadsheet(path, cells)
    submission.notes.insert(0, f"{CONVERTED_NOTE}（{kind.name_zh}，不能直接读取：{because.reason_zh.rstrip('。')}）")
    return submission


def converted_document(path: Path, data: bytes) -> Submission:
    """A Word 97 or WPS document converted to .docx by LibreOffice and read as a report."""
    from auditor.readers.documents import submission_from_document
    from auditor.readers.narrative.document import read_document
    from auditor.sources.libreoffice import converted, soffice

    kind = kind_of(path)
    if soffice() is None:
        raise libreoffice_missing(kind)
    with converted(data, path.suffix, "docx") as docx:
        document = read_document(docx)
    submission = submission_from_document(document, path)
    submission.notes.insert(0, f"{CONVERTED_NOTE}（{kind.name_zh}）")
    return submission


class ConvertedDocumentReader:
    """Word 97-2003 and WPS Writer documents (.doc, .wps), converted to .docx by LibreOffice."""

    name = "doc"
    suffixes = (".doc", ".dot", ".wps", ".wpt")
    # OLE2's magic begins .xls files too: documents are taken by their ending only.
    magic: tuple[bytes, ...] = ()
    layout = "narrative-report"
    description = {
        "zh": "Word 97-2003 与 WPS 文字文档（.doc、.wps；经 LibreOffice 转换）",
        "en": "Word 97-2003 and WPS Writer documents (.doc, .wps; converted by LibreOffice)",
    }

    def read(self, path: Path) -> Submission:
        try:
            return self._read(path)
        except Refused as refused:
            raise explained(refused, path) from None

    def _read(self, path: Path) -> Submission:
        from auditor.readers.documents import submission_from_document
        from auditor.readers.narrative.document import read_document
        from auditor.sources.files import read_regular_file
        from auditor.sources.ole2 import OLE2_MAGIC, file_too_large, open_compound_file
        from auditor.sources.text import describe_binary

        limits = Limits()
        data = read_regular_file(path, limits.max_file_bytes, Refused, file_too_large)
        if data.startswith(b"PK"):  # a .docx under another ending: read as what it is
            submission = submission_from_document(read_document(path), path)
            submission.notes.insert(0, f"文件扩展名为 {path.suffix}，实际是 Word 文档（.docx），已按 .docx 读取")
            return submission
        if data.startswith(OLE2_MAGIC):
            container = open_compound_file(data, limits.max_member_bytes)
            if container.stream("EncryptedPackage") is not None:
                raise Refused("文档设置了打开密码（已加密），无法读取；请去掉密码后另存为 .docx。",
                              "The document is password-protected (encrypted); remove the password and save it as .docx.")
            if container.stream("Workbook") is not None or container.stream("Book") is not None:
                raise Refused(f"这是 Excel 工作簿，扩展名却是 {path.suffix}；请改用 .xls 扩展名，或另存为 .xlsx 后再提交。",
                              f"The file is an Excel workbook with the ending {path.suffix}; give it the ending .xls, or save it as .xlsx.")
        elif not data.lstrip().startswith(b"{\\rtf"):
            kind = kind_of(path)
            refusal = describe_binary(data, kind.name_zh, kind.name_en)
            raise refusal if refusal is not None else Refused(
                f"文件不是{kind.name_zh}（没有 OLE2 复合文档文件头）；{kind.advice_zh}。",
                f"The file is not {kind.name_en} (it has no OLE2 compound-file header); {kind.advice_en}.",
            )
        return converted_document(path, data)


READER = ConvertedDocumentReader()

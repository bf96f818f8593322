"""What a file is when no installed reader takes it, and what its sender should do instead.

A finance bureau's folder holds whatever departments sent: .xls and WPS .et saves, PDFs,
scans, zips. A reviewer must be told, for each, what it is and how to get it checked —
「这是 Excel 97-2003 工作簿（.xls）；请另存为 .xlsx」 — never silence and never "unknown
file". The kind is told by the file's ending first (the sender's own word for it), then
by its first bytes. This is consulted for files no reader takes; the readers of .xls/.et,
.ods and .doc/.wps (which take those endings) use their entries' names and advice in their
own refusals: a damaged .xls, or a .doc where LibreOffice is not installed to convert it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from auditor.sources.files import peek


@dataclass(frozen=True)
class FileKind:
    """A kind of file auditor does not read: its name and advice in both languages, its endings and magic bytes."""

    name_zh: str
    name_en: str
    advice_zh: str
    advice_en: str
    suffixes: tuple[str, ...] = ()
    magic: tuple[bytes, ...] = ()


_SAVE_AS_XLSX = ("请在 Excel 或 WPS 中另存为 .xlsx 后再提交", "save it as .xlsx in Excel or WPS and submit that")
_SAVE_AS_DOCX = ("请在 Word 或 WPS 中另存为 .docx 后再提交", "save it as .docx in Word or WPS and submit that")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

KINDS: tuple[FileKind, ...] = (
    FileKind("Excel 97-2003 工作簿（.xls）", "an Excel 97-2003 workbook (.xls)", *_SAVE_AS_XLSX, (".xls", ".xlt")),
    FileKind("WPS 表格文件（.et）", "a WPS Spreadsheets file (.et)", "请在 WPS 中另存为 .xlsx 后再提交", "save it as .xlsx in WPS and submit that", (".et", ".ett")),
    FileKind(
        "OpenDocument 表格（.ods）", "an OpenDocument spreadsheet (.ods)",
        "请在 LibreOffice、WPS 或 Excel 中另存为 .xlsx 后再提交", "save it as .xlsx in LibreOffice, WPS or Excel and submit that",
        (".ods", ".ots"),
    ),
    FileKind("Word 97-2003 文档（.doc）", "a Word 97-2003 document (.doc)", *_SAVE_AS_DOCX, (".doc", ".dot")),
    FileKind("WPS 文字文件（.wps）", "a WPS Writer file (.wps)", "请在 WPS 中另存为 .docx 后再提交", "save it as .docx in WPS and submit that", (".wps", ".wpt")),
    FileKind("OpenDocument 文本（.odt）", "an OpenDocument text (.odt)", *_SAVE_AS_DOCX, (".odt", ".ott")),
    FileKind("RTF 文档", "an RTF document", *_SAVE_AS_DOCX, (".rtf",), (b"{\\rtf",)),
    FileKind(
        "PDF 文件（.pdf）", "a PDF file (.pdf)",
        "请提交原始的 .docx、.txt 或 .xlsx 文件", "submit the original .docx, .txt or .xlsx file instead",
        (".pdf",), (b"%PDF-",),
    ),
    FileKind(
        "网页文件", "a web page",
        "请把扩展名改为 .html 后再提交（auditor 读取网页），或把正文另存为 .docx", "give it the ending .html (auditor reads web pages), or save its text as .docx",
        (".html", ".htm", ".mht", ".mhtml", ".xhtml"),
    ),
    FileKind(
        "CSV 文本表格（.csv）", "a CSV table (.csv)",
        "请把内容填入 auditor template 生成的 .xlsx 提交表", "enter its contents into the .xlsx workbook `auditor template` writes",
        (".csv", ".tsv"),
    ),
    FileKind(
        "压缩包", "an archive",
        "请解压后检查其中的文件", "extract it and check the files inside",
        (".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz"),
        (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00"),
    ),
    FileKind(
        "图片（可能是扫描件）", "a picture (perhaps a scan)",
        "图中的文字无法核对（不做文字识别），请提交原始的 .xlsx、.docx 或 .txt 文件", "text in a picture cannot be checked (no OCR): submit the original .xlsx, .docx or .txt file",
        (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"),
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*"),
    ),
    FileKind(
        "演示文稿", "a presentation",
        "演示文稿不是自评材料；请提交 .xlsx 自评表或 .docx 自评报告", "a presentation is no self-evaluation: submit the .xlsx table or the .docx report",
        (".ppt", ".pptx", ".pps", ".ppsx", ".dps", ".odp"),
    ),
)
#: Kinds told by content alone, for files whose ending says nothing.
_OLE2_KIND = FileKind(
    "Office 97-2003 文件（.xls、.doc、.et 或 .wps）", "an Office 97-2003 file (.xls, .doc, .et or .wps)",
    "请另存为 .xlsx（表格）或 .docx（文档）后再提交", "save it as .xlsx (a table) or .docx (a document) and submit that",
    magic=(_OLE2,),
)
_ZIP_KIND = FileKind(
    "压缩包（zip）", "a zip archive",
    "若是 Excel 或 Word 文件，请把扩展名改为 .xlsx 或 .docx；否则请解压后检查其中的文件",
    "if it is an Excel or Word file, give it the ending .xlsx or .docx; otherwise extract it and check the files inside",
    magic=(b"PK\x03\x04", b"PK\x05\x06"),
)
_BY_CONTENT = (_OLE2_KIND, _ZIP_KIND, *KINDS)


def file_kind(path: Path) -> FileKind | None:
    """The kind of a file no reader takes: by its ending, else by its first bytes; None when unknown."""
    suffix = path.suffix.lower()
    for kind in KINDS:
        if suffix in kind.suffixes:
            return kind
    head = peek(path, 512)
    for kind in _BY_CONTENT:
        if kind.magic and head.startswith(kind.magic):
            return kind
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return next(kind for kind in KINDS if ".html" in kind.suffixes)
    return None

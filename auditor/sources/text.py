"""A text file's bytes → its text, decoded strictly; anything that is not text is refused.

A text file is UTF-8 (with or without BOM), UTF-16 with a BOM, or GBK/GB2312 (decoded as
their superset GB18030). Each is tried strictly and the first that fits is kept; a file
that fits none, holds NUL bytes, or is really a PDF, an Office file or a zip with another
name, is refused with :class:`Refused` saying what it looks like. Guessing an
encoding with replacement characters would put garbled numbers in front of a reviewer,
which is worse than refusing.
"""

from __future__ import annotations

import re

from auditor.sources.refusal import Refused

#: A text with a larger share of control characters is binary, whatever it decoded as.
MAX_CONTROL_SHARE = 0.10

#: An OLE compound file: a legacy .doc/.xls, or an encrypted Office file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
#: Other formats people rename: (magic, what it is in Chinese, in English).
_OTHER_MAGIC = (
    (b"{\\rtf", "RTF 富文本文件", "an RTF document"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩包", "a gzip archive"),
)
_ZIP_CONTENTS = (
    (b"word/document", "Word 文档（.docx）", "a Word .docx document"),
    (b"xl/workbook", "Excel 工作簿（.xlsx）", "an Excel .xlsx workbook"),
    (b"ppt/presentation", "PowerPoint 演示文稿（.pptx）", "a PowerPoint .pptx file"),
    (b"opendocument", "ODF 文档（.odt/.ods）", "an OpenDocument file"),
)
#: Control characters no reviewer can see (tabs and line breaks are not among them).
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was decoded with; refuses rather than guesses."""
    if not data:
        raise Refused("文件为空（0 字节）。", "The file is empty (0 bytes).")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise Refused(
            "文件是 UTF-32 编码，不支持；请另存为 UTF-8 文本。",
            "The file is UTF-32 encoded, which is not supported; save it as UTF-8 text.",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        refusal = describe_binary(data, "文本", "text")
        if refusal is not None:
            raise refusal
        candidates = ("utf-8", "gb18030")
    error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        _check_printable(text)
        return text, encoding
    assert error is not None
    if candidates == ("utf-8", "gb18030"):
        raise Refused(
            f"文件既不是有效的 UTF-8 编码，也不是有效的 GB18030/GBK/GB2312 编码（第 {error.start + 1} 字节起无法解码）；"
            "为避免乱码，拒绝读取。请用记事本或 WPS 另存为 UTF-8 文本。",
            f"The file is neither valid UTF-8 nor valid GB18030/GBK/GB2312 (undecodable from byte "
            f"{error.start + 1}); refused rather than garbled. Save it as UTF-8 text.",
        )
    raise Refused(
        f"文件开头标明为 {candidates[0].upper()} 编码，但内容不是有效的 {candidates[0].upper()}（第 {error.start + 1} 字节起）；"
        "为避免乱码，拒绝读取。",
        f"The file starts with a {candidates[0].upper()} byte-order mark but is not valid {candidates[0].upper()} "
        f"(from byte {error.start + 1}); refused rather than garbled.",
    )


def describe_binary(data: bytes, expected_zh: str, expected_en: str) -> Refused | None:
    """A refusal saying what a non-text file looks like, or None when it may be text."""
    if data.startswith(_ZIP_MAGIC):
        for marker, what_zh, what_en in _ZIP_CONTENTS:
            if marker in data:
                return Refused(
                    f"这是一个 zip 压缩包，看起来是改了扩展名的{what_zh}，不是{expected_zh}；请用原来的扩展名提交。",
                    f"The file is a zip archive, apparently {what_en} renamed; it is not {expected_en}. "
                    "Submit it under its own extension.",
                )
        return Refused(
            f"这是一个 zip 压缩包，不是{expected_zh}。", f"The file is a zip archive, not {expected_en}."
        )
    if data.startswith(b"%PDF"):
        return Refused(
            f"这是一个 PDF 文件，不是{expected_zh}；请提交 Word 文档或从中复制出的文本。",
            f"The file is a PDF document, not {expected_en}; submit the Word document or text copied out of it.",
        )
    if data.startswith(OLE_MAGIC):
        return Refused(
            f"这是旧版 Office 文件（.doc/.xls）或加密的 Office 文件，不是{expected_zh}；请另存为 .docx 或 .txt。",
            f"The file is a legacy Office file (.doc/.xls) or an encrypted Office file, not {expected_en}; "
            "save it as .docx or .txt.",
        )
    for magic, what_zh, what_en in _OTHER_MAGIC:
        if data.startswith(magic):
            return Refused(f"这是{what_zh}，不是{expected_zh}。", f"The file is {what_en}, not {expected_en}.")
    if b"\x00" in data:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) >= len(sample) // 8 and 8 * min(even, odd) <= max(even, odd):  # NULs on one side
            return Refused(
                "文件看起来是没有字节顺序标记（BOM）的 UTF-16 文本，无法可靠解码；请另存为 UTF-8 文本。",
                "The file looks like UTF-16 text without a byte-order mark and cannot be decoded "
                "reliably; save it as UTF-8 text.",
            )
        return _binary(expected_zh, expected_en, "含有 NUL 字节", "it contains NUL bytes")
    return None


def _binary(expected_zh: str, expected_en: str, why_zh: str, why_en: str) -> Refused:
    return Refused(
        f"文件{why_zh}，看起来是二进制文件，不是{expected_zh}；为避免乱码，拒绝读取。",
        f"The file looks binary ({why_en}), not {expected_en}; refused rather than garbled.",
    )


def _check_printable(text: str) -> None:
    if "\x00" in text:
        raise _binary("文本", "text", "含有 NUL 字符", "it contains NUL characters")
    controls = len(CONTROLS.findall(text))
    if controls and controls > MAX_CONTROL_SHARE * len(text):
        raise _binary("文本", "text", "中大量字符是不可打印的控制字符", "many of its characters are control characters")

"""Read a narrative report (.txt, .md, .docx) into numbered paragraphs: the public API.

A finding on a written report cites 「第N段」, so paragraphs must be counted the way a
reviewer sees them, whatever the file went through on its way here. This module reads the
file (read-only, bounded, by the readers' own file guard) and hands it through the stages
that make that hard, one module each:

* :mod:`~auditor.sources.text`: bytes → text, decoded strictly or refused;
* :mod:`~auditor.readers.narrative.plain_text`: a .txt or .md text → pieces (lines read for
  headings, tables, rules and numbering);
* :mod:`~auditor.readers.narrative.docx_text`: a .docx → pieces, walked in document order under
  the zip guard's limits;
* :mod:`~auditor.readers.narrative.paragraphs`: pieces → paragraphs, page breaks and wrapped lines
  repaired, numbered.

Every refusal, at any stage, is an :class:`Refused`
(:mod:`~auditor.readers.narrative.limits`). The names other code uses are all importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from auditor.readers.narrative.limits import MAX_CHARS, MAX_LINES, check_char_count
from auditor.readers.narrative.paragraphs import (
    MIN_BODY_CHARS,
    Kind,
    Paragraph,
    assemble,
)
from auditor.readers.narrative.plain_text import FULL_LINE, text_pieces
from auditor.sources.refusal import Refused
from auditor.sources.text import MAX_CONTROL_SHARE, OLE_MAGIC, decode

# auditor.readers imports this module (for NARRATIVE_SUFFIXES and read_document), so the
# readers' file and zip guard, and the .docx reader built on them, are imported where a
# file is read, never at import time.

Format = Literal["txt", "md", "docx", "pdf", "html"]

NARRATIVE_SUFFIXES = (".txt", ".md", ".docx")
#: Largest file read, and largest text a .docx may yield (characters).
MAX_BYTES = 20 * 1024 * 1024

__all__ = [
    "FULL_LINE", "MAX_BYTES", "MAX_CHARS", "MAX_CONTROL_SHARE", "MAX_LINES", "MIN_BODY_CHARS", "NARRATIVE_SUFFIXES",
    "Document", "Format", "Kind", "Paragraph", "Refused", "document_from_text", "read_document",
]


@dataclass(frozen=True, slots=True)
class Document:
    """The paragraphs of one report, and how its file was read."""

    paragraphs: list[Paragraph]
    format: Format
    encoding: str | None  # "utf-8", "utf-8-sig", "utf-16", "gb18030" for text files; None for .docx and .pdf


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """The paragraphs of the report at ``path``: .docx by content, anything else as text.

    Raises :class:`Refused`, and nothing else, when the file cannot be read
    without guessing, is larger than ``max_bytes``, or holds no text at all.
    """
    path = Path(path)
    try:
        document = _read(path, max_bytes)
    except Refused:
        raise
    except MemoryError:
        raise Refused("读取文件时内存不足，拒绝读取。", "Out of memory while reading the file; refused.") from None
    except RecursionError:
        raise Refused("文件结构嵌套过深，拒绝读取。", "The file is nested too deeply; refused.") from None
    if not document.paragraphs:
        if document.format == "docx":
            raise Refused(
                "Word 文档中没有任何文字（可能只有图片或扫描件），无法审查。",
                "The Word document holds no text (perhaps only pictures or scans); nothing to screen.",
            )
        raise Refused("文件中没有任何文字，无法审查。", "The file holds no text; nothing to screen.")
    return document


def document_from_text(text: str, fmt: Literal["txt", "md"] = "txt", encoding: str | None = None) -> Document:
    """The paragraphs of ``text`` read as a .txt or .md file (see :mod:`~auditor.readers.narrative.plain_text`).

    Raises :class:`Refused` only for a text of more than :data:`MAX_LINES`
    non-blank lines or :data:`MAX_CHARS` characters.
    """
    check_char_count(len(text))
    return Document(assemble(text_pieces(text, fmt)), fmt, encoding)


def _read(path: Path, max_bytes: int) -> Document:
    data = _read_file(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".docx" or (suffix not in (".txt", ".md") and data.startswith((b"PK", OLE_MAGIC))):
        from auditor.readers.narrative.docx_text import (
            docx_pieces,  # see the note on imports above
        )

        paragraphs = assemble(docx_pieces(path, data, max_bytes))
        check_char_count(sum(len(p.text) for p in paragraphs))
        return Document(paragraphs, "docx", None)
    text, encoding = decode(data)
    return document_from_text(text, "md" if suffix == ".md" else "txt", encoding)


def _read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, opened read-only."""
    from auditor.sources.zip_guard import (  # see the note on imports above
        human_size,
        read_regular_file,
    )

    def too_large(size: int, limit: int) -> Refused:
        return Refused(
            f"文件大小（{human_size(size)}）超过上限 {human_size(limit)}，拒绝读取；自评报告正文不应这么大。",
            f"The file ({human_size(size)}) is larger than the limit of {human_size(limit)}; refused "
            "(a written report is never that large).",
        )

    def cannot_open(exc: OSError) -> Refused:
        return Refused(f"无法打开文件：{exc.strerror or exc}", f"The file cannot be opened: {exc.strerror or exc}")

    return read_regular_file(path, max_bytes, Refused, too_large, cannot_open)

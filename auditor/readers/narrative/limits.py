"""Why a report cannot be read: :class:`UnreadableDocument`, which every stage of reading raises.

The file, its bytes, its lines and a .docx package each refuse with the same exception, so
that :func:`~auditor.readers.narrative.document.read_document` can promise to raise nothing else;
this module holds it, and the limit on a report's lines that two stages check, and
imports none of them.
"""

from __future__ import annotations

#: Non-blank lines (or .docx paragraphs and table rows) in one report. A long report has a
#: few thousand; the bound keeps memory in proportion to reports, not to any 20 MB file.
MAX_LINES = 200_000
#: Characters of text in one report. A long self-evaluation is a few tens of thousands;
#: two million bounds the time extraction can take on any file (about seconds, not minutes).
MAX_CHARS = 2_000_000


class UnreadableDocument(Exception):
    """The file cannot be read as a report; the reason is meant for a reviewer (D001)."""

    def __init__(self, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


def check_line_count(count: int) -> None:
    """Refuse a report of more than :data:`MAX_LINES` lines (or .docx paragraphs and rows)."""
    if count > MAX_LINES:
        raise UnreadableDocument(
            f"文件有超过 {MAX_LINES} 行（段）文字，不像是一份自评报告，拒绝读取。",
            f"The file has more than {MAX_LINES} lines (paragraphs) of text; it is not a report; refused.",
        )


def clip(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters, for quoting it in a reason."""
    return text if len(text) <= width else text[: width - 1] + "…"


def check_char_count(count: int) -> None:
    """Refuse a report of more than :data:`MAX_CHARS` characters of text."""
    if count > MAX_CHARS:
        raise UnreadableDocument(
            f"文件有超过 {MAX_CHARS // 10_000} 万字，不像是一份自评报告，拒绝读取。",
            f"The file holds more than {MAX_CHARS:,} characters of text; it is not a report; refused.",
        )

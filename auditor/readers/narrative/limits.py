"""The limits on a report's size, which the stages of reading check (text files and .docx; sentences and amounts).

Each refuses with :class:`~auditor.sources.refusal.Refused`, like every other stage, so
that a report too large to be one becomes a D001 finding, never a slow batch.
"""

from __future__ import annotations

from auditor.sources.refusal import Refused

#: Non-blank lines (or .docx paragraphs and table rows) in one report. A long report has a
#: few thousand; the bound keeps memory in proportion to reports, not to any 20 MB file, and
#: time too: every line costs some tens of microseconds of extraction, so that 160,000 short
#: lines (found by fuzzing) took a quarter of a minute.
MAX_LINES = 20_000
#: Characters of text in one report. A long self-evaluation is a few tens of thousands;
#: two million bounds the time extraction can take on any file (about seconds, not minutes).
MAX_CHARS = 2_000_000
#: Sentences in one report. A long report has a few thousand; every sentence costs some tens
#: of microseconds of extraction, and one line can hold a million of them (「甲。甲。…」, or a
#: text of 「?」 where an encoding had no Chinese: found by fuzzing, 100,000 took 5 s).
MAX_SENTENCES = 50_000
#: Amounts of money in one report. A long report writes a few hundred; each is looked at by
#: several passes (its project, its field, its clause), some tens of microseconds in all, so
#: that two million characters of 「预算1万元，支出1万元，」 took seven seconds (found by fuzzing).
MAX_AMOUNTS = 20_000


def check_line_count(count: int) -> None:
    """Refuse a report of more than :data:`MAX_LINES` lines (or .docx paragraphs and rows)."""
    if count > MAX_LINES:
        raise Refused(
            f"文件有超过 {MAX_LINES} 行（段）文字，不像是一份自评报告，拒绝读取。",
            f"The file has more than {MAX_LINES} lines (paragraphs) of text; it is not a report; refused.",
        )


def check_sentence_count(count: int) -> None:
    """Refuse a report of more than :data:`MAX_SENTENCES` sentences."""
    if count > MAX_SENTENCES:
        raise Refused(
            f"文件有超过 {MAX_SENTENCES} 句文字，不像是一份自评报告，拒绝读取。",
            f"The file has more than {MAX_SENTENCES} sentences of text; it is not a report; refused.",
        )


def check_amount_count(count: int) -> None:
    """Refuse a report of more than :data:`MAX_AMOUNTS` amounts of money."""
    if count > MAX_AMOUNTS:
        raise Refused(
            f"文件中有超过 {MAX_AMOUNTS} 个金额，不像是一份自评报告，拒绝读取。",
            f"The file states more than {MAX_AMOUNTS} amounts of money; it is not a report; refused.",
        )


def check_char_count(count: int) -> None:
    """Refuse a report of more than :data:`MAX_CHARS` characters of text."""
    if count > MAX_CHARS:
        raise Refused(
            f"文件有超过 {MAX_CHARS // 10_000} 万字，不像是一份自评报告，拒绝读取。",
            f"The file holds more than {MAX_CHARS:,} characters of text; it is not a report; refused.",
        )

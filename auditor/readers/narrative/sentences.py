"""Sentences of a paragraph, each knowing its paragraph and where it starts, and how a finding cites it.

A finding on a narrative report points at the sentence a number came from, as a
reviewer would quote it: ``第7段「其中：送温暖资金1000万元、…」``. Every value taken
from one sentence cites the same string, so a finding lists a sentence once however
many of its numbers were compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.parsing.quantities import normalize_keeping_offsets

#: A sentence ends after 。！？ (and any closing quotes or brackets right after them).
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_WHITESPACE = re.compile(r"\s+")
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?]")
#: Longest quotation shown in a finding; longer sentences show their head and tail.
MAX_QUOTE = 120


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text`` as written, ``norm`` its offset-preserving normal form."""

    paragraph: int
    index: int
    text: str
    norm: str

    @classmethod
    def of(cls, paragraph: int, index: int, text: str) -> Sentence:
        """The sentence ``text`` (already stripped), with its normal form."""
        return cls(paragraph, index, text, normalize_keeping_offsets(text))

    @property
    def location(self) -> str:
        """How findings cite this sentence: its paragraph and its words."""
        return f"第{self.paragraph}段「{quote(self.text)}」"

    def location_of(self, start: int, end: int) -> str:
        """How findings cite the words ``text[start:end]``: the whole sentence when it is short,
        else the clause (between ，；。) holding them, so that the quoted words include the value."""
        if len(self.text) <= MAX_QUOTE:
            return self.location
        # Only a quote's length around the words is looked at: longer clauses are cut anyway.
        window_start = max(0, start - MAX_QUOTE)
        clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(self.norm, window_start, start)), default=window_start)
        window_end = min(len(self.norm), max(end, start + 1) + MAX_QUOTE)
        next_break = _CLAUSE_BREAK.search(self.norm, max(end, start + 1), window_end)
        clause_end = next_break.start() if next_break else window_end
        clause = quote(self.text[clause_start:clause_end])
        lead = "…" if clause_start > 0 else ""
        trail = "…" if clause_end < len(self.text.rstrip("。！？!?")) else ""
        return f"第{self.paragraph}段「{lead}{clause}{trail}」"


def split_sentences(paragraph: int, text: str, limit: int | None = None) -> list[Sentence]:
    """The sentences of one paragraph, in order; text after the last 。 is a sentence too.
    With a ``limit``, no more than that many (the rest of the paragraph is not split)."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if limit is not None and len(sentences) >= limit:
            return sentences
        _add(sentences, paragraph, text[start:match.end()])
        start = match.end()
    if limit is None or len(sentences) < limit:
        _add(sentences, paragraph, text[start:])
    return sentences


def _add(sentences: list[Sentence], paragraph: int, text: str) -> None:
    stripped = text.strip()
    if stripped:
        sentences.append(Sentence.of(paragraph, len(sentences) + 1, stripped))


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """A sentence on one line, shortened to its head and tail when longer than ``limit``."""
    flat = _WHITESPACE.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    half = (limit - 1) // 2
    return f"{flat[:half]}…{flat[-half:]}"


def passage_location(first: Sentence, last: Sentence, kind: str = "", limit: int = MAX_QUOTE) -> str:
    """How a finding cites a relation over several sentences, lines or table rows: its paragraphs
    and the words of its first and last (「第7–10段「项目资金共计860万元，分别用于： … 经办服务费用66.5万元。」」);
    ``kind`` says what the passage is (「（表格）」)."""
    paragraphs = f"第{first.paragraph}段" if first.paragraph == last.paragraph else f"第{first.paragraph}–{last.paragraph}段"
    return f"{paragraphs}{kind}「{quote(first.text, limit)} … {quote(last.text, limit)}」"

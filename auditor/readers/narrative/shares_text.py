"""Share claims in a report's sentences, each value tied to the words it was read from.

The grammar is ``parsing.shares`` (the workbook's 数据声明 reads the same): here each
claim is placed in its sentence, and its part and whole become ``Stated`` values that a
finding can quote. A whole is looked for in the same paragraph only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditor.parsing.shares import share_claims
from auditor.readers.narrative.evidence import Stated
from auditor.readers.narrative.sentences import Sentence


@dataclass(frozen=True, slots=True)
class StatedShare:
    """One share claim with the spans of its numbers (each in its own sentence)."""

    statement: str
    statement_span: tuple[int, int]
    sentence: Sentence
    percent: Decimal
    percent_span: tuple[int, int]
    comparator: str | None
    part: Stated | None
    whole: Stated | None


def read_shares(sentences: Sequence[Sentence]) -> Iterator[StatedShare]:
    """Every share claim in the report, in order (lazily: callers take as many as they check)."""
    for claim in share_claims([s.norm for s in sentences], [s.paragraph for s in sentences]):
        sentence = sentences[claim.index]
        start, end = claim.statement_span
        part, whole = claim.part, claim.whole
        yield StatedShare(
            statement=sentence.text[start:end].strip(),
            statement_span=claim.statement_span,
            sentence=sentence,
            percent=claim.percent,
            percent_span=claim.percent_span,
            # as written (「～」, not the normal form 「~」)
            comparator=sentence.text[slice(*claim.comparator_span)] if claim.comparator_span else None,
            part=Stated(part.value, sentence, part.start, part.end) if part else None,
            whole=Stated(whole[1].value, sentences[whole[0]], whole[1].start, whole[1].end) if whole else None,
        )

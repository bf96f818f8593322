"""The record of what was extracted from where, shared by every extraction step.

Each step hands over a value together with the sentence and characters it came from (a
``Stated``);
``Evidence`` keeps the ``TextSource`` list (the draft workbook's 提取来源 sheet) and
returns the location string the record's ``sources`` cite.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.model import TextSource
from auditor.readers.narrative.sentences import Sentence


@dataclass(frozen=True, slots=True)
class Stated:
    """One value a step read, and where its sentence says it (``sentence.text[start:end]``)."""

    value: object
    sentence: Sentence
    start: int
    end: int


@dataclass
class Evidence:
    """Every extracted value in order, with its sentence and span."""

    sources: list[TextSource] = field(default_factory=list)

    def cite(self, sentence: Sentence, start: int, end: int, label: str, value: object, location: str | None = None) -> str:
        """Record that ``sentence.text[start:end]`` states ``value`` for ``label``; return its location.

        ``location`` cites a wider passage instead of the value's own clause: the uses of one
        project are cited as one passage, so a finding lists it once, not once per amount.
        """
        location = location or sentence.location_of(start, end)
        self.sources.append(
            TextSource(
                field=label,
                value=str(value),
                paragraph=sentence.paragraph,
                sentence=sentence.text,
                start=start,
                end=end,
                location=location,
            )
        )
        return location

    def cite_stated(self, stated: Stated, label: str, value: object, location: str | None = None) -> str:
        """``cite`` for a value a step handed over with its sentence and span."""
        return self.cite(stated.sentence, stated.start, stated.end, label, value, location)

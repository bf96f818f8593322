"""A figure of a report's list written in another unit than its siblings (D007): 「13万元 … 72元」.

A list of money parts — the uses of a project, the parts under 「其中」/「分别为」 at every
level — is written in one unit as a rule. A part written in another unit keeps the unit it is
written in (72元 is 0.0072万元: nothing is silently re-read); where, so read, it is three
orders of magnitude or more away from its siblings, D007 names it with both readings for a
reviewer to decide, exactly as for a 「45.20元」 cell in a 万元 workbook (``parsing/units.py``
judges both). A list whose units have no majority has no "siblings' unit" and is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from auditor.model import DataIssue, StatedFigure
from auditor.parsing.quantities import converted
from auditor.parsing.units import WrittenAmount
from auditor.readers.cell_values import LIST_SIBLINGS, unit_issues

#: One list: each figure with how a finding cites it, and the project it belongs to (None: none known).
FigureList = Sequence[tuple[StatedFigure, str]]


def list_unit_issues(lists: Iterable[tuple[FigureList, str | None]]) -> list[DataIssue]:
    """D007 issues for the lists' figures that stand out in a unit of their own; one per figure, however
    many lists hold it (a nested list is read at each level)."""
    issues: dict[tuple[str, ...], DataIssue] = {}
    for number, (figures, project) in enumerate(lists):
        unit = _siblings_unit([figure for figure, _ in figures])
        if unit is None:
            continue
        amounts = [
            WrittenAmount(
                group=str(number),
                location=location,
                value=converted(figure.value, figure.unit, unit),
                written=figure.value,
                own_unit=figure.unit if figure.unit != unit else None,
                project=project,
            )
            for figure, location in figures
        ]
        for issue in unit_issues(amounts, unit, LIST_SIBLINGS)[0]:
            issues.setdefault((issue.detail_zh, *issue.locations), issue)
    return list(issues.values())


def _siblings_unit(figures: Sequence[StatedFigure]) -> str | None:
    """The unit most of a mixed list is written in (元 or 万元), when more of it is than in any other unit;
    None for a list in one unit (nothing to name) or with no such majority."""
    counts = Counter(figure.unit for figure in figures).most_common()
    if len(counts) < 2 or counts[0][1] == counts[1][1] or counts[0][0] not in ("万元", "元"):
        return None
    return counts[0][0]

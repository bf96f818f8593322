"""The vocabulary of facts: a kind's declared attributes, one derived row, and the submission view they come from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

from auditor.model import (
    FEN_PER_UNIT,
    UNIT_NAMES,
    Expenditure,
    Indicator,
    Project,
    Submission,
)
from auditor.parsing.numbers import decimals_written, format_fen, to_fen
from auditor.parsing.text import name_key

#: money: integer fen, shown in the workbook's unit; score: integer ten-thousandths of a
#: point; integer: a count or flag; word: a short text the engine may compare.
AttrType = Literal["money", "score", "integer", "word"]

Params = Mapping[str, Any]


Cells = dict[str, list[str]]
Labels = dict[str, tuple[str, str]]


class FactRow:
    """One derived fact before it meets the engine.

    ``values`` are what conditions may test (all present, integers or words); ``labels``
    are bilingual texts only messages show; ``cells`` are the locations a finding may
    cite, by role (``budget``, ``breakdown`` …), so that a rule can cite only the
    cells its finding is about.

    Few facts fire, so ``cells`` and ``labels`` may be given as functions that make them,
    called the first time a message asks (bind loop variables as arguments, never by closure).
    """

    __slots__ = ("project", "values", "_cells", "_labels")

    def __init__(
        self,
        project: str | None,
        values: dict[str, int | str],
        cells: Cells | Callable[[], Cells] | None = None,
        labels: Labels | Callable[[], Labels] | None = None,
    ) -> None:
        self.project = project
        self.values = values
        self._cells = {} if cells is None else cells
        self._labels = {} if labels is None else labels

    @property
    def cells(self) -> Cells:
        if callable(self._cells):
            self._cells = self._cells()
        return self._cells

    @property
    def labels(self) -> Labels:
        if callable(self._labels):
            self._labels = self._labels()
        return self._labels

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FactRow):
            return NotImplemented
        return (self.project, self.values, self.cells, self.labels) == (other.project, other.values, other.cells, other.labels)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"FactRow(project={self.project!r}, values={self.values!r}, cells={self.cells!r}, labels={self.labels!r})"


Derivation = Callable[["SubmissionView", Params], Iterable[FactRow]]


@dataclass(frozen=True)
class FactKind:
    """A kind of fact: what one is, its attributes and parameters, and how it is derived."""

    name: str
    doc: str
    attributes: Mapping[str, AttrType]
    derive: Derivation
    params: Mapping[str, Any] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    cell_roles: tuple[str, ...] = ()

    def all_attributes(self) -> dict[str, AttrType]:
        """Declared attributes plus ``project``, which every fact carries."""
        return {"project": "word", **self.attributes}


class SubmissionView:
    """Lookups over one submission that several derivations share (computed once)."""

    def __init__(self, submission: Submission) -> None:
        self.submission = submission
        self.unit = submission.department.unit
        self.fen_per_unit = FEN_PER_UNIT[self.unit]

    def has(self, *parts: str) -> bool:
        """Whether the file has these tables or columns (``projects``, ``indicators.level2``)."""
        return not any(part in self.submission.unavailable for part in parts)

    def has_for(self, project: str, *parts: str) -> bool:
        """Whether the file states these tables for one project (a report may discuss only some)."""
        return self.has(*parts) and not any(f"{part}:{project}" in self.submission.unavailable for part in parts)

    def fen(self, amount: Decimal) -> int:
        return to_fen(amount, self.fen_per_unit)

    def show(self, fen: int, lang: str) -> str:
        """Fen as a message shows money: in the submission's unit, with the unit (「90.00 万元」)."""
        return f"{format_fen(fen, self.fen_per_unit)} {UNIT_NAMES[lang][self.unit]}"

    @cached_property
    def projects_by_key(self) -> dict[str, Project]:
        """Projects by normalised name; the first row wins when a name repeats (D005 says so)."""
        found: dict[str, Project] = {}
        for project in self.submission.projects:
            found.setdefault(name_key(project.name), project)
        return found

    def project(self, name: str | None) -> Project | None:
        return None if name is None else self.projects_by_key.get(name_key(name))

    @cached_property
    def expenditures_by_project(self) -> dict[str, list[Expenditure]]:
        grouped: dict[str, list[Expenditure]] = {}
        for row in self.submission.expenditures:
            grouped.setdefault(name_key(row.project), []).append(row)
        return grouped

    @cached_property
    def indicators_by_project(self) -> dict[str, list[Indicator]]:
        grouped: dict[str, list[Indicator]] = {}
        for row in self.submission.indicators:
            grouped.setdefault(name_key(row.project), []).append(row)
        return grouped

    def expenditures_of(self, project: Project) -> list[Expenditure]:
        return self.expenditures_by_project.get(name_key(project.name), [])

    def indicators_of(self, project: Project) -> list[Indicator]:
        return self.indicators_by_project.get(name_key(project.name), [])


def tolerance_fen(items: int, precision: Decimal, fen_per_unit: int) -> int:
    """(n + 1) × precision / 2 in whole fen, rounded down.

    Rounding down is exact for the comparison: differences are whole fen, so
    |d| ≤ t holds exactly when |d| ≤ floor(t).
    """
    return int((Decimal(items + 1) * precision * fen_per_unit / 2).to_integral_value(rounding=ROUND_FLOOR))


def cells_of(records: Iterable[Any], field_name: str) -> list[str]:
    """The source cells of one field over several records, skipping unknown ones."""
    return [loc for r in records if (loc := r.source(field_name))]


def cited(**roles: list[str] | str | None) -> dict[str, list[str]]:
    """Cells by role, each given as one location or a list; unknown locations are left out."""
    return {role: [cell] if isinstance(cell, str) else list(cell or []) for role, cell in roles.items() if cell}


#: The largest integer the engine compares exactly (its numbers are doubles).
ENGINE_INTEGER_LIMIT = 2**53
#: The finest decimal scale used to compare two decimals as integers.
MAX_SCALE_DIGITS = 6


def on_one_scale(*numbers: Decimal) -> tuple[int, ...] | None:
    """Decimals as integers on one decimal scale (70.5 and 99 → 705, 990), exactly;
    None when that would need more than MAX_SCALE_DIGITS decimals or leave the exact range."""
    digits = max(decimals_written(n) for n in numbers)
    if digits > MAX_SCALE_DIGITS:
        return None
    scale = Decimal(10) ** digits
    scaled = tuple(int(n * scale) for n in numbers)
    return scaled if all(abs(v) < ENGINE_INTEGER_LIMIT for v in scaled) else None


def ceil_fraction(value: Fraction) -> int:
    """The smallest integer ≥ ``value`` (so that ``ceil(x) > n`` ⇔ ``x > n`` for an integer n)."""
    return -(-value.numerator // value.denominator)


def clamped(value: int) -> int:
    """Keep an integer in the engine's exact range; past it, the comparison's answer is the same."""
    return max(-ENGINE_INTEGER_LIMIT + 1, min(ENGINE_INTEGER_LIMIT - 1, value))


def fraction_text(value: Fraction, places: int = 2) -> str:
    """An exact fraction as a message shows it, to ``places`` decimals (26/3 → ``8.67``)."""
    return f"{Decimal(value.numerator) / Decimal(value.denominator):.{places}f}"


#: Scores, weights and points are compared in ten-thousandths of a point.
SCORE_SCALE = 10_000


def printed_score_tolerance(points: Decimal, tolerance: object) -> int:
    """The tolerance for a printed score, in score units: the rule's (0.1 of a point), or half a unit of
    the score's last printed digit when that is wider — a score printed as a whole 「9」 stands for
    anything from 8.5 to 9.5, as real tables print 8.62 points (RULES.md, printed precision)."""
    half_digit = Decimal(5).scaleb(-decimals_written(points) - 1)
    return score_units(max(Decimal(str(tolerance)), half_digit))


def score_units(value: Decimal) -> int:
    """A score in whole ten-thousandths of a point (finer digits than that are rounded half-up)."""
    return int((value * SCORE_SCALE).quantize(Decimal(1), rounding=ROUND_HALF_UP))

"""Score facts (S rules): a project's 自评得分 against its parts, and its 自评等级 against its score band."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from functools import partial

from auditor.facts.base import (
    SCORE_SCALE,
    FactKind,
    FactRow,
    Params,
    SubmissionView,
    ceil_fraction,
    cells_of,
    cited,
    fraction_text,
    score_units,
)
from auditor.model import Indicator, Project


def _score_total(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    execution_points = Fraction(Decimal(str(params["execution_points"])))
    for project in view.submission.projects:
        scored = [i for i in view.indicators_of(project) if i.points is not None]
        if project.score is None or not scored:
            continue
        if project.execution_points is not None:
            # The national table prints its 预算执行率得分: 总分 is that plus the indicators' (S003 checks it).
            execution = Fraction(project.execution_points)
        elif project.budget and project.executed is not None:
            rate = min(Fraction(view.fen(project.executed), view.fen(project.budget)), Fraction(1))
            execution = execution_points * rate
        else:
            continue
        expected = execution + sum(Fraction(i.points) for i in scored if i.points is not None)
        gap = Fraction(project.score) - expected
        yield FactRow(
            project=project.name,
            values={
                "score": score_units(project.score),
                # Rounded up, so that "gap > tolerance" stays exact for a tolerance on this scale.
                "abs_gap": ceil_fraction(abs(gap) * SCORE_SCALE),
                "tolerance": score_units(Decimal(str(params["tolerance"]))),
            },
            cells=partial(_score_total_cells, project, scored),
            labels=partial(_expected_score_label, expected),
        )


def _score_total_cells(project: Project, scored: list[Indicator]) -> dict[str, list[str]]:
    return cited(
        score=project.source("score"),
        points=[c for c in (project.source("execution_points"),) if c] + cells_of(scored, "points"),
    )


def _expected_score_label(expected: Fraction) -> dict[str, tuple[str, str]]:
    return {"expected_score": (fraction_text(expected), fraction_text(expected))}


def _grade_band(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    # Highest floor first; the band without a floor (差) catches everything below.
    bands = sorted(params["bands"], key=lambda b: (b["min"] is not None, Decimal(str(b["min"] or 0))), reverse=True)
    for project in view.submission.projects:
        if project.score is None or project.grade is None:
            continue
        expected = next(b["grade"] for b in bands if b["min"] is None or project.score >= Decimal(str(b["min"])))
        yield FactRow(
            project=project.name,
            values={"grade": project.grade, "expected_grade": expected, "score": score_units(project.score)},
            cells=cited(grade=project.source("grade"), score=project.source("score")),
        )


SCORE_KINDS = (
    FactKind(
        name="score_total",
        doc="One per project with 自评得分 (总分) and any indicator 得分, and either a printed 预算执行率得分 or a "
        "预算数 above 0 and a 执行数: |自评得分 − (执行率得分 + Σ得分)| as abs_gap (rounded up), where 执行率得分 "
        "is the printed one, else execution_points × min(执行数/预算数, 1); and the tolerance.",
        attributes={"score": "score", "abs_gap": "score", "tolerance": "score"},
        labels=("expected_score",),
        cell_roles=("score", "points"),
        params={"execution_points": 10, "tolerance": "0.5"},
        derive=_score_total,
    ),
    FactKind(
        name="grade_band",
        doc="One per project with 自评得分 and 自评等级: the grade and the grade its score's band gives.",
        attributes={"grade": "word", "expected_grade": "word", "score": "score"},
        params={
            "bands": [
                {"grade": "优秀", "min": 90},
                {"grade": "良好", "min": 80},
                {"grade": "中", "min": 60},
                {"grade": "差", "min": None},
            ]
        },
        cell_roles=("grade", "score"),
        derive=_grade_band,
    ),
)

"""Data facts (D rules): problems with the file itself, from the reader and from cross-sheet checks."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.facts.base import FactKind, FactRow, Params, SubmissionView
from auditor.parsing.text import name_key


def _data_issues(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for issue in view.submission.issues:
        yield FactRow(
            project=issue.project,
            values={"issue": issue.kind},
            cells={"cells": list(issue.locations)},
            # The rule's message ends the sentence; a reason that already ends one would double it.
            labels={"detail": (issue.detail_zh.rstrip("。"), issue.detail_en.rstrip("."))},
        )
    if view.has("projects"):
        yield from _unknown_projects(view)
    yield from _duplicate_projects(view)


def _unknown_projects(view: SubmissionView) -> Iterator[FactRow]:
    """One fact per project name that rows of other sheets use but 项目 lacks."""
    cells_by_name: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    rows = [*view.submission.expenditures, *view.submission.indicators, *view.submission.claims]
    for row in rows:
        if row.project is None or view.project(row.project) is not None:
            continue
        key = name_key(row.project)
        names.setdefault(key, row.project)
        cells_by_name.setdefault(key, []).extend([loc] if (loc := row.source("project")) else [])
    for key, name in names.items():
        cells = cells_by_name[key]
        yield FactRow(
            project=name,
            values={"issue": "unknown_project"},
            cells={"cells": cells},
            labels={
                "detail": (
                    f"“{name}”（{'、'.join(cells)}）不是“项目”表中的项目",
                    f"“{name}” ({', '.join(cells)}) is not a project of the projects sheet",
                )
            },
        )


def _duplicate_projects(view: SubmissionView) -> Iterator[FactRow]:
    rows_by_name: dict[str, list[str]] = {}
    for project in view.submission.projects:
        rows_by_name.setdefault(name_key(project.name), []).append(project.source("name") or project.name)
    for project in view.submission.projects:
        cells = rows_by_name.pop(name_key(project.name), [])
        if len(cells) > 1:
            yield FactRow(
                project=project.name,
                values={"issue": "duplicate_project"},
                cells={"cells": cells},
                labels={
                    "detail": (
                        f"项目“{project.name}”在“项目”表中出现 {len(cells)} 次（{'、'.join(cells)}）",
                        f"the project “{project.name}” appears {len(cells)} times in the projects sheet ({', '.join(cells)})",
                    )
                },
            )


DATA_KINDS = (
    FactKind(
        name="data_issue",
        doc="One per problem with the file: issue is unreadable_file, missing_structure, missing_statement, bad_value, "
        "unknown_project or duplicate_project; the detail label says what and where.",
        attributes={"issue": "word"},
        labels=("detail",),
        cell_roles=("cells",),
        derive=_data_issues,
    ),
)

"""Fund facts (F and B rules): breakdown sums, department total, balances, spending and the 无余额 claim.

Every amount is integer fen and every comparison carries its own tolerance,
(n + 1) × precision / 2 for n stated items, so that the rules only compare.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor.facts.base import (
    FactKind,
    FactRow,
    Params,
    SubmissionView,
    cells_of,
    cited,
    tolerance_fen,
)
from auditor.model import Project

PRECISION = {"precision": "0.01"}


def _precision(params: Params) -> Decimal:
    return Decimal(str(params["precision"]))


def _known_breakdown(view: SubmissionView, project: Project) -> tuple[int, int, list[str]] | None:
    """(items, total in fen, cells) of a project's 资金明细, or None when absent or any amount unknown."""
    rows = view.expenditures_of(project)
    if not rows or any(r.amount is None for r in rows):
        return None
    return len(rows), sum(view.fen(r.amount) for r in rows if r.amount is not None), cells_of(rows, "amount")


def _breakdown(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for project in view.submission.projects:
        breakdown = _known_breakdown(view, project)
        basis, basis_field, label = project.executed, "executed", ("执行数", "executed amount")
        if basis is None:
            basis, basis_field, label = project.budget, "budget", ("预算数", "budget")
        if breakdown is None or basis is None:
            continue
        items, total, cells = breakdown
        difference = total - view.fen(basis)
        yield FactRow(
            project=project.name,
            values={
                "items": items,
                "breakdown_total": total,
                "basis_amount": view.fen(basis),
                "difference": difference,
                "abs_difference": abs(difference),
                "tolerance": tolerance_fen(items, _precision(params), view.fen_per_unit),
            },
            cells=cited(basis=project.source(basis_field), breakdown=cells),
            labels={"basis": label},
        )


def _allocation_total(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    department, projects = view.submission.department, view.submission.projects
    if department.total_allocation is None or not projects or any(p.budget is None for p in projects):
        return
    total = sum(view.fen(p.budget) for p in projects if p.budget is not None)
    stated = view.fen(department.total_allocation)
    yield FactRow(
        project=None,
        values={
            "items": len(projects),
            "projects_total": total,
            "stated_total": stated,
            "difference": total - stated,
            "abs_difference": abs(total - stated),
            "tolerance": tolerance_fen(len(projects), _precision(params), view.fen_per_unit),
        },
        cells=cited(total=department.source("total_allocation"), budgets=cells_of(projects, "budget")),
    )


def _balance(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for project in view.submission.projects:
        if project.balance is None or project.budget is None or project.executed is None:
            continue
        expected = view.fen(project.budget) - view.fen(project.executed)
        stated = view.fen(project.balance)
        yield FactRow(
            project=project.name,
            values={
                "budget": view.fen(project.budget),
                "executed": view.fen(project.executed),
                "stated_balance": stated,
                "expected_balance": expected,
                "difference": stated - expected,
                "abs_difference": abs(stated - expected),
                # 预算数 and 执行数 are the two items, 结余 the stated total.
                "tolerance": tolerance_fen(2, _precision(params), view.fen_per_unit),
            },
            cells=cited(balance=project.source("balance"), budget=project.source("budget"), executed=project.source("executed")),
        )


def _spending(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for project in view.submission.projects:
        if project.budget is None or project.executed is None:
            continue
        budget, executed = view.fen(project.budget), view.fen(project.executed)
        yield FactRow(
            project=project.name,
            values={
                "budget": budget,
                "executed": executed,
                "overspend": executed - budget,
                "tolerance": tolerance_fen(1, _precision(params), view.fen_per_unit),
            },
            cells=cited(executed=project.source("executed"), budget=project.source("budget")),
        )


def _project_count(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    department = view.submission.department
    if department.project_count is None or not view.has("projects"):
        return
    yield FactRow(
        project=None,
        values={"stated_count": department.project_count, "counted": len(view.submission.projects)},
        cells=cited(count=department.source("project_count"), projects=cells_of(view.submission.projects, "name")),
    )


def _zero_balance_claim(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    department = view.submission.department
    if department.balance_claim != "无余额":
        return
    precision = _precision(params)
    for project in view.submission.projects:
        # A project whose 预算数 is unknown still contradicts the claim by a stated 结余 other than 0.
        budget = view.fen(project.budget) if project.budget is not None else 0
        executed = view.fen(project.executed) if project.executed is not None else budget
        balance = view.fen(project.balance) if project.balance is not None else 0
        breakdown = _known_breakdown(view, project)
        items, breakdown_total, breakdown_cells = breakdown if breakdown else (0, budget, [])
        yield FactRow(
            project=project.name,
            values={
                "budget_known": int(project.budget is not None),
                "budget": budget,
                "executed_known": int(project.executed is not None),
                "executed": executed,
                "unspent": budget - executed,
                "unspent_tolerance": tolerance_fen(1, precision, view.fen_per_unit),
                "balance_known": int(project.balance is not None),
                "balance": balance,
                "abs_balance": abs(balance),
                "breakdown_known": int(breakdown is not None),
                "breakdown_total": breakdown_total,
                "breakdown_gap": breakdown_total - budget,
                "abs_breakdown_gap": abs(breakdown_total - budget),
                "breakdown_tolerance": tolerance_fen(items, precision, view.fen_per_unit),
            },
            cells=cited(
                claim=department.source("balance_claim"),
                budget=project.source("budget"),
                executed=project.source("executed"),
                balance=project.source("balance"),
                breakdown=breakdown_cells,
            ),
        )


FUND_KINDS = (
    FactKind(
        name="breakdown",
        doc="One per project whose 资金明细 rows all have amounts and which has a 执行数 (or else a 预算数): "
        "the breakdown total against that basis.",
        attributes={
            "items": "integer",
            "breakdown_total": "money",
            "basis_amount": "money",
            "difference": "money",
            "abs_difference": "money",
            "tolerance": "money",
        },
        labels=("basis",),
        cell_roles=("basis", "breakdown"),
        params=PRECISION,
        derive=_breakdown,
    ),
    FactKind(
        name="allocation_total",
        doc="One per submission stating 财政拨款合计 whose projects all have a 预算数: their sum against it.",
        attributes={
            "items": "integer",
            "projects_total": "money",
            "stated_total": "money",
            "difference": "money",
            "abs_difference": "money",
            "tolerance": "money",
        },
        cell_roles=("total", "budgets"),
        params=PRECISION,
        derive=_allocation_total,
    ),
    FactKind(
        name="balance",
        doc="One per project stating 结余, 预算数 and 执行数: the stated balance against 预算数 − 执行数.",
        attributes={
            "budget": "money",
            "executed": "money",
            "stated_balance": "money",
            "expected_balance": "money",
            "difference": "money",
            "abs_difference": "money",
            "tolerance": "money",
        },
        cell_roles=("balance", "budget", "executed"),
        params=PRECISION,
        derive=_balance,
    ),
    FactKind(
        name="spending",
        doc="One per project stating 预算数 and 执行数: how far execution exceeds the budget.",
        attributes={"budget": "money", "executed": "money", "overspend": "money", "tolerance": "money"},
        cell_roles=("executed", "budget"),
        params=PRECISION,
        derive=_spending,
    ),
    FactKind(
        name="project_count",
        doc="One per submission stating 项目个数: the stated count against the rows of 项目.",
        attributes={"stated_count": "integer", "counted": "integer"},
        cell_roles=("count", "projects"),
        derive=_project_count,
    ),
    FactKind(
        name="zero_balance_claim",
        doc="One per project when 结余声明 is 无余额: every amount that could contradict the claim. "
        "Attributes of unknown amounts hold neutral values and their *_known flag is 0 (an unknown 预算数 leaves "
        "unspent and breakdown_gap at 0). A stated balance has no tolerance: a printed 0.01 already says money was left.",
        attributes={
            "budget_known": "integer",
            "budget": "money",
            "executed_known": "integer",
            "executed": "money",
            "unspent": "money",
            "unspent_tolerance": "money",
            "balance_known": "integer",
            "balance": "money",
            "abs_balance": "money",
            "breakdown_known": "integer",
            "breakdown_total": "money",
            "breakdown_gap": "money",
            "abs_breakdown_gap": "money",
            "breakdown_tolerance": "money",
        },
        cell_roles=("claim", "budget", "executed", "balance", "breakdown"),
        params=PRECISION,
        derive=_zero_balance_claim,
    ),
)

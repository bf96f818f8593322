"""The free-text cells of a national table: 实施单位, 年度总体目标, 评价结论 · 存在问题 · 改进措施.

Each becomes a TextCell (what the cell is, its text as written, its address) for the
checks on text left unanswered (D006: 「（200字以内）」 still in 存在问题).
"""

from __future__ import annotations

from auditor.model import TextCell
from auditor.readers.national.labels import (
    CONCLUSIONS,
    GOAL_TEXTS,
    GOALS_TITLE,
    IMPLEMENTER,
)
from auditor.readers.national.sheet import FormSheet, written_text
from auditor.sources.grid import Cell


def implementer_text(form: FormSheet, project: str) -> list[TextCell]:
    """实施单位, beside its label."""
    label = form.find(IMPLEMENTER)
    return [] if label is None else _texts(form, project, "实施单位", *form.right_of(label))


def goal_texts(form: FormSheet, project: str, before_row: int) -> list[TextCell]:
    """年度总体目标: the texts under 预期目标 and 实际完成情况, or the one text beside the title."""
    texts: list[TextCell] = []
    labels = list(form.labels(GOAL_TEXTS, range(1, before_row)))
    title = form.find(GOALS_TITLE, range(1, before_row))
    for label in labels or ([title] if title is not None else []):
        cell, ref = form.below(label, before_row)
        if cell is None:
            cell, ref = form.right_of(label)
        texts += _texts(form, project, GOAL_TEXTS.get(form.keys[(label.row, label.col)], "年度总体目标"), cell, ref)
    return texts


def conclusion_texts(form: FormSheet, project: str) -> list[TextCell]:
    """评价结论, 存在问题, 改进措施: the text beside each (or under it), the first of each."""
    texts: dict[str, list[TextCell]] = {}
    for label in form.labels(CONCLUSIONS):
        name = CONCLUSIONS[form.keys[(label.row, label.col)]]
        if name in texts:
            continue
        cell, ref = form.right_of(label)
        if cell is None:
            below, below_ref = form.below(label, form.sheet.max_row + 1)
            cell, ref = (below, below_ref) if below_ref is not None else (cell, ref)
        texts[name] = _texts(form, project, name, cell, ref)
    return [text for found in texts.values() for text in found]


def _texts(form: FormSheet, project: str, label: str, cell: Cell | None, ref: str | None) -> list[TextCell]:
    text = written_text(cell)
    if text is None or ref is None:
        return []
    return [TextCell(project=project, label=label, text=text, sources={"text": ref})]

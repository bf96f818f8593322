"""Free-text facts (D006): a template prompt left in a cell instead of an answer.

Blank forms ship with prompts — 「（200字以内）」, 「指标1：」, 「XXX」 — that a department
is meant to replace. One left in 评价结论 or 存在问题 means the question was never
answered. The prompts are a rule parameter, compared after NFKC normalisation, so
full-width and half-width brackets are alike.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.facts.base import FactKind, FactRow, Params, SubmissionView, cited
from auditor.model import TextCell
from auditor.parsing.text import is_blank, normalize_text

#: The prompts blank forms ship with (D006's default parameter).
PLACEHOLDERS = (
    "（200字以内）", "（300字以内）", "（500字以内）", "（100字以内）", "（50字以内）",
    "指标1：", "指标2：", "指标3：", "XXX", "×××", "请填写", "（请填写）", "填写说明",
)
_PROMPTS_ONLY = frozenset(normalize_text(p) for p in PLACEHOLDERS)


def unanswered(text: str | None) -> bool:
    """Empty, a dash, or nothing but a template prompt (「（100字以内）」): no answer was given."""
    return is_blank(text) or normalize_text(text or "") in _PROMPTS_ONLY


#: An indicator's free-text fields, with the label D006 names them by (as the national form's cells).
INDICATOR_TEXTS = {"name": "三级指标", "target": "年度指标值", "actual": "实际完成值", "deviation_reason": "偏差原因"}


def free_texts(view: SubmissionView) -> Iterator[TextCell]:
    """Every free-text cell: those the reader listed (评价结论, 存在问题 …), and the indicators' own
    texts in a layout that lists none for them — RULES.md: where the submission workbook states the
    same things, the national form's rules apply to it too."""
    listed = {(cell.project, cell.label, cell.text) for cell in view.submission.texts}
    yield from view.submission.texts
    for indicator in view.submission.indicators:
        for field, label in INDICATOR_TEXTS.items():
            text = getattr(indicator, field)
            if text and (indicator.project, label, text) not in listed:
                where = indicator.source(field)
                yield TextCell(project=indicator.project, label=label, text=text, sources={"text": where} if where else {})


def _placeholders(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    prompts = [(prompt, normalize_text(str(prompt))) for prompt in params["placeholders"]]
    for cell in free_texts(view):
        text = normalize_text(cell.text)
        found = next((shown for shown, normal in prompts if normal and normal in text), None)
        if found is None:
            continue
        yield FactRow(
            project=cell.project,
            values={"prompts_found": 1},
            cells=cited(text=cell.source("text")),
            labels={
                "label": (cell.label, cell.label),
                "prompt": (found, found),
                "text": (cell.text, cell.text),
            },
        )


TEXT_KINDS = (
    FactKind(
        name="placeholder_text",
        doc="One per free-text cell (评价结论, 存在问题, an indicator's 三级指标, 年度指标值, 实际完成值, 偏差原因 …) "
        "holding one of the template prompts listed in the placeholders parameter; prompts_found is 1.",
        attributes={"prompts_found": "integer"},
        labels=("label", "prompt", "text"),
        cell_roles=("text",),
        params={"placeholders": list(PLACEHOLDERS)},
        derive=_placeholders,
    ),
)

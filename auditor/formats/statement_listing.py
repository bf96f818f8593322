"""The relations a written report was read to state, as a table a reviewer can check against the text.

``auditor extract --statements REPORT`` prints it: every whole and its parts, budget /
spending / balance, rate and change the statement rules (F009–F011, P003) will check, each
figure with its characters in its sentence (「[7–12]」, counted from 1), and the words quoted.
What is not listed was not read — and so is not checked: the way to see why a report got no
statement finding.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.model import StatedFigure, Statement

_KIND = {
    "parts": ("总数与各部分", "whole and parts"),
    "spending": ("预算、支出与结余", "budget, spending, balance"),
    "rate": ("比率", "rate"),
    "change": ("同比变化", "change"),
}
_ROLES = {
    "whole": ("总数", "whole"), "parts": ("部分", "part"),
    "budget": ("预算", "budget"), "spending": ("支出", "spending"), "balance": ("结余", "balance"),
    "numerator": ("分子", "numerator"), "denominator": ("分母", "denominator"), "rate": ("比率", "rate"),
    "current": ("当年", "current"), "change": ("变化", "change"), "percent": ("幅度", "percent"),
}


def _figure(role: str, figure: StatedFigure, lang: str, first_paragraph: int) -> str:
    """「部分 612万元 [7–12]」; a figure on another line than the relation's first (a list continued
    over lines) names its paragraph: 「部分 186万元 [第3段 7–12]」."""
    name = _ROLES[role][0 if lang == "zh" else 1]
    where = "" if figure.paragraph == first_paragraph else (f"第{figure.paragraph}段 " if lang == "zh" else f"¶{figure.paragraph} ")
    return f"{name} {figure.text} [{where}{figure.start + 1}–{figure.end}]"


def _figures(statement: Statement, lang: str) -> list[str]:
    found = [(role, getattr(statement, role)) for role in _SINGLE_ROLES if getattr(statement, role) is not None]
    found += [("parts", part) for part in statement.parts]
    first = found[0][1].paragraph if found else 0
    return [_figure(role, figure, lang, first) for role, figure in found]


_SINGLE_ROLES = ("whole", "budget", "spending", "balance", "numerator", "denominator", "rate", "current", "change", "percent")


def _about(statement: Statement, lang: str) -> str:
    words = _KIND[statement.kind][0 if lang == "zh" else 1]
    if statement.rate_name:
        words += f" {statement.rate_name}"
    if statement.kind == "change":
        words += (("（减少）" if statement.decrease else "（增加）") if lang == "zh" else (" (decrease)" if statement.decrease else " (increase)"))
    if statement.kind == "parts":
        if statement.complete:
            words += f"（列举完整：{statement.complete_by}）" if lang == "zh" else f" (stated complete: {statement.complete_by})"
        else:
            words += "（列举部分，不查短缺）" if lang == "zh" else " (some of the parts: a shortfall is not checked)"
    labels = [label for label in (statement.project, statement.subject) if label]
    return words + "".join(f" 「{label}」" for label in dict.fromkeys(labels))


def statement_listing(statements: Sequence[Statement], lang: str = "zh") -> str:
    """The statements, one block each: what relation, the words quoted, and each figure with its characters
    in its sentence. Blocks, not a table: quoted sentences are long, and a terminal may be 80 columns."""
    if not statements:
        return (
            "报告中没有读到可核对的数字关系（总数与各部分、预算支出结余、比率、同比变化）。"
            if lang == "zh"
            else "No relation between figures was read from the report (a whole and its parts, budget/spending/balance, a rate, a change)."
        )
    head = (
        f"读到 {len(statements)} 处数字关系（方括号内为数字在句中的第几字）：" if lang == "zh"
        else f"{len(statements)} relations read (in brackets: the figure's characters in its sentence):"
    )
    blocks = [head]
    for number, statement in enumerate(statements, start=1):
        figures = ("；" if lang == "zh" else "; ").join(_figures(statement, lang))
        blocks.append(f"{number}. {_about(statement, lang)}\n   {statement.location}\n   {figures}")
    return "\n\n".join(blocks)

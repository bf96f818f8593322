"""A rule's documentation, generated from its file: the catalogue listing and ``auditor rules show``."""

from __future__ import annotations

from tabulate import tabulate

from auditor.catalogue.conditions import AllOf, AttrRef, Comparison, Condition
from auditor.catalogue.rule_files import Catalogue, Rule, dump_yaml
from auditor.model import SEVERITY_NAMES

_SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}
_WORDS = {
    "zh": {"all": "同时满足", "any": "满足任一", "severity": "级别", "fact": "事实类型", "when": "触发条件",
           "params": "参数", "why": "为什么重要", "message": "提示语", "examples": "示例", "fires": "触发",
           "passes": "不触发", "findings": "条", "none": "无"},
    "en": {"all": "all of", "any": "any of", "severity": "severity", "fact": "fact kind", "when": "fires when",
           "params": "parameters", "why": "why it matters", "message": "message", "examples": "examples",
           "fires": "fires", "passes": "passes", "findings": "finding(s)", "none": "none"},
}


def rule_listing(catalogue: Catalogue, lang: str) -> str:
    """The catalogue as a table: in Chinese what each rule checks and its 错误/警告/提示; in English its name too."""
    severity = SEVERITY_NAMES[lang]
    if lang == "zh":
        rows = [[r.code, r.title.zh, severity[r.severity]] for r in catalogue.rules]
        return tabulate(rows, headers=["规则", "检查内容", "级别"], tablefmt="simple") + f"\n\n（规则文件：{catalogue.folder}）"
    rows = [[r.code, r.name, severity[r.severity], r.title.en] for r in catalogue.rules]
    return tabulate(rows, headers=["rule", "name", "severity", "checks"], tablefmt="simple") + f"\n\n({catalogue.folder})"


def describe_condition(condition: Condition, lang: str, depth: int = 0) -> str:
    """A condition as indented plain text: ``abs_difference > tolerance``."""
    pad = "  " * depth
    if isinstance(condition, Comparison):
        right = condition.operand.attr if isinstance(condition.operand, AttrRef) else repr(condition.operand)
        label = f"  [{condition.id}]" if condition.id else ""
        return f"{pad}{condition.attr} {_SYMBOLS[condition.op]} {right}{label}"
    word = _WORDS[lang]["all" if isinstance(condition, AllOf) else "any"]
    label = f"  [{condition.id}]" if condition.id else ""
    return "\n".join([f"{pad}{word}:{label}", *(describe_condition(c, lang, depth + 1) for c in condition.items)])


def rule_page(rule: Rule, lang: str) -> str:
    words = _WORDS[lang]
    lines = [
        f"{rule.code} {rule.name} — {rule.title.text(lang)}",
        "",
        f"{words['severity']}: {SEVERITY_NAMES[lang][rule.severity]}    {words['fact']}: {rule.fact}",
        "",
        f"{words['why']}:",
        f"  {rule.why.text(lang)}",
        "",
        f"{words['when']}:",
        describe_condition(rule.condition, lang, 1),
        "",
        f"{words['params']}:",
        _indent(_yaml(rule.effective_params) if rule.effective_params else words["none"]),
        "",
        f"{words['message']}:",
        f"  {rule.message.text(lang)}",
        "",
        f"{words['examples']}:",
    ]
    for example in rule.examples:
        verdict = f"{words['fires']} ({len(example.expect)} {words['findings']})" if example.expect else words["passes"]
        lines += [f"- {example.name} → {verdict}", _indent(_yaml(example.submission), 2), ""]
    lines.append(f"({rule.path})")
    return "\n".join(lines)


def _yaml(data: object) -> str:
    return dump_yaml(data).strip()


def _indent(text: str, depth: int = 1) -> str:
    return "\n".join("  " * depth + line for line in text.splitlines())


def fact_kinds_page(lang: str) -> str:
    """Every fact kind a rule file may name: what one is, its attributes, parameters and cells."""
    from auditor.facts import FACT_KINDS

    lines: list[str] = []
    for kind in FACT_KINDS.values():
        attributes = ", ".join(f"{name} ({type_})" for name, type_ in kind.all_attributes().items())
        lines += [f"{kind.name}", f"  {kind.doc}", f"  attributes: {attributes}"]
        if kind.labels:
            lines.append(f"  labels (messages only): {', '.join(kind.labels)}")
        if kind.cell_roles:
            lines.append(f"  cells (for locations): {', '.join(kind.cell_roles)}")
        if kind.params:
            lines.append("  parameters (defaults):")
            lines.append(_indent(_yaml(dict(kind.params)), 2))
        lines.append("")
    lines.append("money: integer fen, shown in the workbook's unit; score: integer ten-thousandths of a point.")
    return "\n".join(lines)

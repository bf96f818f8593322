"""One finding as the text a comment on its cell or paragraph shows, in the run's language.

The comment is read beside the figure it is about, so it says everything a reviewer
needs there: the rule and its severity, the message, and the values compared
(「应为 1000.00；实际 1000.05；相差 0.05」), exact as the finding holds them.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.formats.cell_text import clean_text
from auditor.model import SEVERITY_NAMES, Finding

#: How comments name the compared values a finding carries (``values`` keys); others as they are.
VALUE_NAMES: dict[str, dict[str, str]] = {
    "zh": {
        "expected": "应为", "actual": "实际", "difference": "相差", "tolerance": "容差", "missing": "缺少",
        "share": "计算占比", "claimed": "所称", "part": "分子", "whole": "分母", "score": "得分",
        "rate": "执行率", "threshold": "阈值", "indicator": "指标", "target": "年度指标值", "column": "列",
        "detail": "说明", "field": "栏目", "prompt": "提示语", "comparator": "比较",
    },
    "en": {},
}
AUTHOR = "auditor"


def finding_heading(finding: Finding, lang: str, titles: Mapping[str, str]) -> str:
    """「F001 错误：资金明细合计与执行数不一致」 (the rule's title in ``lang``, else its name)."""
    severity = SEVERITY_NAMES["en" if lang == "en" else "zh"][finding.severity]
    title = titles.get(finding.rule) or finding.name
    return f"{finding.rule} {severity}：{title}" if lang != "en" else f"{finding.rule} {severity}: {title}"


def compared_values(finding: Finding, lang: str) -> str:
    """「应为 1000.00；实际 1000.05；相差 0.05」, empty when the finding compares nothing."""
    names = VALUE_NAMES.get(lang, {})
    separator = "；" if lang != "en" else "; "
    return separator.join(f"{names.get(key, key)} {value}" for key, value in finding.values.items() if value != "")


def finding_text(finding: Finding, lang: str, titles: Mapping[str, str]) -> str:
    """The heading, the message and the compared values, one per line (cleaned for XML)."""
    lines = [finding_heading(finding, lang, titles), finding.message]
    if values := compared_values(finding, lang):
        lines.append(values)
    return clean_text("\n".join(lines))

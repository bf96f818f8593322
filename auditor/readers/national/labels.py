"""The labels of the national 项目支出绩效自评表 and its variants, and how a cell's text is compared with them.

Departments retype labels: 「其中：本年财政拨款」, 「年度资金总额：」, 「全年预算数（A）」, 「分 值」,
「预算执行情况(10分)」. A label is compared by its key: NFKC-folded (full-width colons and
brackets become ASCII), without spaces or colons, without a 「其中」 prefix and without
bracketed asides (「（A）」「（B/A）」「（万元）」「（10分）」「（200字以内）」). The weight and the
unit such asides carry are read separately (:func:`label_weight`, :func:`label_unit`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from auditor.parsing.text import normalize_text

_BRACKETED = re.compile(r"\([^()]*\)")
_WEIGHT = re.compile(r"\((\d{1,3}(?:\.\d+)?)分\)")
_UNIT = re.compile(r"\((万元|元)\)|单位:?(万元|元)")
_OTHER_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


@lru_cache(maxsize=8192)
def folded(text: str) -> str:
    """NFKC, no spaces, every bracket round: the form labels are matched and searched in."""
    return "".join(normalize_text(text).split()).translate(_OTHER_BRACKETS)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """「其中：本年财政拨款」 → 本年财政拨款; 「全年预算数（A）」 → 全年预算数; 「分 值」 → 分值."""
    key = folded(text).replace(":", "")
    while True:
        bare = _BRACKETED.sub("", key)
        if bare == key:
            break
        key = bare
    return key.removeprefix("其中")


def label_weight(text: str) -> Decimal | None:
    """The weight a label states: 「分值(10分)」「预算执行情况（10分）」 → 10."""
    match = _WEIGHT.search(folded(text))
    return Decimal(match.group(1)) if match else None


def label_unit(text: str) -> str | None:
    """The amount unit a label names: 「项目资金（万元）」「单位：元」 → 万元 / 元."""
    match = _UNIT.search(folded(text))
    return (match.group(1) or match.group(2)) if match else None


# --- the table's fields, by key ----------------------------------------------------------

PROJECT_NAME = frozenset({"项目名称"})
DEPARTMENT = frozenset({"主管部门", "主管部门及代码", "主管单位", "主管部门名称"})
IMPLEMENTER = frozenset({"实施单位", "项目实施单位", "实施单位名称"})
GRADE = frozenset({"评价等级", "自评等级", "绩效评价等级", "自评结果等级"})
GRADE_SYNONYMS = {"优": "优秀", "良": "良好", "及格": "中", "合格": "中", "不及格": "差"}

#: The 项目资金 block: its title (merged down beside the rows), its column heads, its rows.
FUNDS_TITLE = frozenset({"项目资金", "预算执行情况", "项目资金情况", "资金情况"})
FUNDS_COLUMNS: dict[str, str] = {
    "年初预算数": "initial",
    "年初预算": "initial",
    "全年预算数": "budget",
    "全年预算": "budget",
    "调整后预算数": "budget",
    "调整后预算": "budget",
    "全年执行数": "executed",
    "预算执行数": "executed",
    "全年实际执行数": "executed",
    "执行数": "executed",
    "分值": "weight",
    "权重": "weight",
    "执行率": "rate",
    "预算执行率": "rate",
    "得分": "points",
    "原因": "reason",
    "偏差原因": "reason",
    "未完成原因": "reason",
    "执行偏差原因": "reason",
    "得分计算方法": "method",
}
#: The money columns: a funds head row holds at least two of them.
MONEY_FIELDS = ("initial", "budget", "executed")
TOTAL_ROWS = frozenset({"年度资金总额", "总额", "资金总额", "年度资金总计"})

#: 年度总体目标 and its two texts.
GOALS_TITLE = frozenset({"年度总体目标", "总体目标", "年度目标", "年度总体目标完成情况", "绩效目标"})
GOAL_TEXTS = {
    "预期目标": "预期目标", "年度预期目标": "预期目标", "项目年度目标": "预期目标",
    "实际完成情况": "实际完成情况", "目标实际完成情况": "实际完成情况", "年度目标完成情况": "实际完成情况",
}

#: The 绩效指标 block: its title and column heads.
INDICATORS_TITLE = frozenset({"绩效指标"})
INDICATOR_COLUMNS: dict[str, str] = {
    "一级指标": "level1",
    "一级": "level1",
    "二级指标": "level2",
    "二级": "level2",
    "三级指标": "name",
    "三级": "name",
    "指标性质": "nature",
    "年度指标值": "target",
    "指标值": "target",
    "年度目标值": "target",
    "目标值": "target",
    "度量单位": "unit",
    "计量单位": "unit",
    "实际完成值": "actual",
    "全年实际值": "actual",
    "完成值": "actual",
    "实际值": "actual",
    "分值": "weight",
    "权重": "weight",
    "得分": "points",
    "得分计算方法": "method",
    "偏差原因分析及改进措施": "reason",
    "偏差原因分析": "reason",
    "偏差原因": "reason",
    "未完成原因分析": "reason",
    "未完成原因": "reason",
}

#: The row after the indicators that states the total score.
SCORE_ROWS = frozenset({"总分", "合计", "总计", "得分合计"})
#: Rows of free text after the table, by the name a TextCell gets.
CONCLUSIONS = {
    "评价结论": "评价结论",
    "自评结论": "评价结论",
    "总体评价结论": "评价结论",
    "存在问题": "存在问题",
    "存在的问题": "存在问题",
    "主要问题": "存在问题",
    "改进措施": "改进措施",
    "改进意见": "改进措施",
    "整改措施": "改进措施",
    "下一步改进措施": "改进措施",
}

#: Labels that start a block: the rows of the block before end at the first of them.
BLOCK_STARTS = GOALS_TITLE | set(GOAL_TEXTS) | INDICATORS_TITLE | {"一级指标", "一级"} | SCORE_ROWS | set(CONCLUSIONS)
#: Every label of the table: a value is never one of these.
ALL_LABELS = (
    PROJECT_NAME | DEPARTMENT | IMPLEMENTER | GRADE | FUNDS_TITLE | set(FUNDS_COLUMNS) | TOTAL_ROWS
    | BLOCK_STARTS | set(INDICATOR_COLUMNS)
)

#: 指标性质 → the comparator put before the 指标值 (定性: none).
NATURE_COMPARATORS = {
    "≥": "≥", ">=": "≥", "大于等于": "≥", "不低于": "≥",
    "≤": "≤", "<=": "≤", "小于等于": "≤", "不高于": "≤",
    "=": "=", "等于": "=", ">": ">", "<": "<", "定性": "",
}

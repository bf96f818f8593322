"""The submission workbook layout (docs/SUBMISSION_FORMAT.md) as data: one place for reader, writer and template.

The reader finds sheets and columns by these names, the template writes them with
their explanations, and the sample/test writer produces them; keeping the layout in
one table means the three can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from auditor.parsing.comparators import OFFERED_WORDS

ValueType = Literal["text", "integer", "date", "amount", "number", "percent", "word"]

GRADES: tuple[str, ...] = ("优秀", "良好", "中", "差")
BALANCE_CLAIMS: tuple[str, ...] = ("无余额", "有余额")
AMOUNT_UNITS: tuple[str, ...] = ("万元", "元")
LEVEL1_KINDS: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_KINDS: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
#: The 比较 column's drop-down list (every word of ``parsing.comparators`` is accepted as typed).
COMPARATOR_WORDS: tuple[str, ...] = OFFERED_WORDS


@dataclass(frozen=True)
class Column:
    """A column of a table sheet (or a field of 基本信息): its names, type and meaning."""

    name: str  # canonical Chinese header
    alias: str  # English alias accepted in its place
    field: str  # the model attribute it fills
    type: ValueType
    required: bool
    meaning: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetLayout:
    name: str
    alias: str
    required: bool
    columns: tuple[Column, ...]
    meaning: str

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


BASIC_FIELDS: tuple[Column, ...] = (
    Column("部门名称", "department", "name", "text", True, "填报部门全称，如 贵州省总工会"),
    Column("年度", "year", "year", "integer", True, "评价的预算年度，如 2019"),
    Column("报告日期", "report_date", "report_date", "date", False, "自评报告日期，如 2020-05-13"),
    Column("金额单位", "unit", "unit", "word", False, "本表所有金额的单位：万元（默认）或 元", AMOUNT_UNITS),
    Column("财政拨款合计", "total_allocation", "total_allocation", "amount", False, "报告所述全部项目预算合计，如 1114.36"),
    Column("项目个数", "project_count", "project_count", "integer", False, "报告所述项目个数，如 3"),
    Column("结余声明", "balance_claim", "balance_claim", "word", False, "报告是否声称资金全部使用完毕（当年无余额）", BALANCE_CLAIMS),
    Column("自评等级", "grade", "grade", "word", False, "部门总体自评等级", GRADES),
)

BASIC = SheetLayout(
    name="基本信息",
    alias="basic",
    required=True,
    columns=(
        Column("字段", "field", "field", "text", True, "字段名（见下表）"),
        Column("值", "value", "value", "text", True, "该字段的值"),
    ),
    meaning="两列：字段、值；每行一个字段。",
)

PROJECTS = SheetLayout(
    name="项目",
    alias="projects",
    required=True,
    columns=(
        Column("项目名称", "project", "name", "text", True, "项目名称，在本工作簿内唯一，其他表据此引用"),
        Column("预算数", "budget", "budget", "amount", True, "全年预算数（财政拨入）"),
        Column("执行数", "executed", "executed", "amount", False, "全年执行数"),
        Column("结余", "balance", "balance", "amount", False, "年末结余"),
        Column("自评得分", "score", "score", "number", False, "项目自评总分（0–100）"),
        Column("自评等级", "grade", "grade", "word", False, "项目自评等级", GRADES),
    ),
    meaning="每行一个项目。",
)

EXPENDITURES = SheetLayout(
    name="资金明细",
    alias="expenditures",
    required=True,
    columns=(
        Column("项目名称", "project", "project", "text", True, "须与“项目”表中的项目名称一致"),
        Column("用途", "purpose", "purpose", "text", True, "资金用途"),
        Column("金额", "amount", "amount", "amount", True, "该用途的金额"),
    ),
    meaning="每行一笔资金用途（报告所列的资金使用明细）。",
)

INDICATORS = SheetLayout(
    name="绩效指标",
    alias="indicators",
    required=True,
    columns=(
        Column("项目名称", "project", "project", "text", True, "须与“项目”表中的项目名称一致"),
        Column("一级指标", "level1", "level1", "word", True, "产出指标 / 效益指标 / 满意度指标（成本指标亦可作一级）", LEVEL1_KINDS),
        Column("二级指标", "level2", "level2", "word", True, "如 数量指标、质量指标、时效指标、成本指标", LEVEL2_KINDS),
        Column("三级指标", "name", "name", "text", True, "指标本身，如 劳模疗休养人数"),
        Column("年度指标值", "target", "target", "text", False, "目标值，可带比较符和单位：≥99人、100%、第三季度前、≤50万元"),
        Column("实际完成值", "actual", "actual", "text", False, "实际完成值，形式同年度指标值"),
        Column("分值", "weight", "weight", "number", False, "该指标的分值"),
        Column("得分", "points", "points", "number", False, "该指标的得分"),
        Column("偏差原因", "deviation_reason", "deviation_reason", "text", False, "偏差原因分析及改进措施"),
    ),
    meaning="每行一个三级绩效指标。",
)

CLAIMS = SheetLayout(
    name="数据声明",
    alias="claims",
    required=False,
    columns=(
        Column("项目名称", "project", "project", "text", False, "该声明所属项目（可空）"),
        Column("声明内容", "statement", "statement", "text", True, "报告原句，如：其中来自基层和一线的劳模有73人，占比70%以上"),
        Column("分子", "part", "part", "number", False, "比例的分子（如 73）；为空时从原句读取"),
        Column("分母", "whole", "whole", "number", False, "比例的分母（如 99）；为空时从原句读取"),
        Column("声称比例", "claimed_percent", "claimed_percent", "percent", False, "声称的比例，70 表示 70%；为空时从原句读取"),
        Column("比较", "comparator", "comparator", "word", False, "以上 / 超过 / 以下 / 不足 / 约，或空（占比/为）", COMPARATOR_WORDS),
    ),
    meaning="每行一个报告中的比例（占比）声明。",
)

TABLE_SHEETS: tuple[SheetLayout, ...] = (PROJECTS, EXPENDITURES, INDICATORS, CLAIMS)
ALL_SHEETS: tuple[SheetLayout, ...] = (BASIC, *TABLE_SHEETS)

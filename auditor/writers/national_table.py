"""What one national 项目支出绩效自评表 states, as the writer draws it (docs/NATIONAL_FORM.md).

A ``NationalTable`` holds what the printed table says, cell by cell, not what it
means: the 一级 label with its weight in it (「产出指标(50分)」), the 执行率 as
printed (「50%」「100.00%」「49.88」), the total row of 项目资金 at 0 while its 其中
rows hold money (a real table does that). Nothing is derived or corrected here, so
samples can transcribe real tables exactly and plant contradictions on purpose.

What a cell holds: ``str`` is written as text (never a formula, whatever it starts
with), ``Decimal`` as an exact number, ``None`` leaves the cell empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from auditor.model import AmountUnit
from auditor.writers.form_sheet import CellContent

NationalVariant = Literal["2020", "central-ab", "beijing-2016", "sichuan-2023"]
NATIONAL_VARIANTS: tuple[NationalVariant, ...] = get_args(NationalVariant)

#: Rows of 项目资金 in a blank table, total first; Sichuan names its own.
STANDARD_FUNDING = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
BEIJING_FUNDING = ("年度资金总额：", "其中：本年一般公共预算拨款", "其他资金")
SICHUAN_FUNDING = ("总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金")
#: The 一级 → 二级 kinds a blank table offers one empty row each for.
BLANK_INDICATOR_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",)),
)
#: Beijing's 2016 form prints each 一级's weight in its label.
BEIJING_LEVEL1_WEIGHTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


@dataclass(frozen=True)
class FundingLine:
    """One row of 项目资金 (预算执行情况 in Sichuan): 年度资金总额 first, then the 其中 rows."""

    label: str
    #: 年初预算数 (Beijing: 年初预算数(A), its only budget column and its 执行率's denominator);
    #: 全年预算数 (Sichuan: 调整后预算数); 全年执行数 (预算执行数).
    initial: Decimal | None = None
    budget: Decimal | None = None
    executed: Decimal | None = None
    #: Sichuan prints a 预算执行率 on every row; the total row's is ``NationalTable.execution_rate``.
    rate: str | None = None


@dataclass(frozen=True)
class IndicatorLine:
    """One row of 绩效指标. A row with no 三级 (``name`` None) is an empty 二级 row, as real tables keep."""

    #: As printed, weight included: 「产出指标」, 「产出指标(50分)」, 「效益指标（30分）」.
    level1: str
    level2: str
    name: str | None = None
    #: 年度指标值 and 实际完成值 (完成值), e.g. 「≥50个」 and 「50」 or Decimal("50").
    target: CellContent = None
    actual: CellContent = None
    #: 分值 (Sichuan: 权重) and 得分.
    weight: Decimal | None = None
    points: Decimal | None = None
    #: 偏差原因分析及改进措施 (未完成原因分析).
    reason: str | None = None
    #: Sichuan states the target in three cells instead of ``target``: 指标性质 (≥ ≤ = 定性), 指标值, 度量单位.
    nature: str | None = None
    value: CellContent = None
    unit: str | None = None
    #: Beijing's 得分计算方法.
    method: str | None = None


@dataclass(frozen=True)
class NationalTable:
    """One project's table, on one sheet."""

    #: 项目名称 as printed (Sichuan: with its code prefix, 「51000021R000000019951-工资性支出」).
    project: str
    #: 主管部门 (Beijing: 主管部门及代码) and 实施单位.
    department: str | None = None
    implementer: str | None = None
    year: int | None = None
    unit: AmountUnit = "万元"
    funding: tuple[FundingLine, ...] = ()
    #: The total row's 分值 (权重), printed 执行率, 得分; Sichuan's 原因, Beijing's 得分计算方法.
    execution_weight: Decimal | None = Decimal(10)
    execution_rate: str | None = None
    execution_points: Decimal | None = None
    execution_reason: str | None = None
    execution_method: str | None = None
    #: 年度总体目标: 预期目标 and 实际完成情况 (Sichuan: 项目年度目标, 年度目标完成情况).
    goal_expected: str | None = None
    goal_actual: str | None = None
    indicators: tuple[IndicatorLine, ...] = ()
    #: The 总分 (合计) row: 100, and the total score.
    total_weight: Decimal | None = Decimal(100)
    total_score: Decimal | None = None
    #: Sichuan only: 项目实施内容及过程概述, 评价结论, 存在问题, 改进措施.
    implementation: str | None = None
    conclusion: str | None = None
    problems: str | None = None
    improvements: str | None = None
    #: Printed rates typed as text (「50%」) rather than numbers shown in a percent format.
    rates_as_text: bool = False
    #: Cells that do not apply (the 其中 rows' 分值/得分) carry the form's 「—」 (Sichuan 「/」), or stay empty.
    not_applicable_marks: bool = True
    #: The sheet's name; by default the project's (without a budget-system code prefix).
    sheet_name: str | None = None


#: Fields only some layouts have a cell for: stating them in another layout is an error, not a silent loss.
_ONLY_IN: dict[str, tuple[NationalVariant, ...]] = {
    "execution_reason": ("sichuan-2023",),
    "execution_method": ("beijing-2016",),
    "implementation": ("sichuan-2023",),
    "conclusion": ("sichuan-2023",),
    "problems": ("sichuan-2023",),
    "improvements": ("sichuan-2023",),
}
_INDICATOR_ONLY_IN: dict[str, tuple[NationalVariant, ...]] = {
    "target": ("2020", "central-ab", "beijing-2016"),
    "nature": ("sichuan-2023",),
    "value": ("sichuan-2023",),
    "unit": ("sichuan-2023",),
    "method": ("beijing-2016",),
}


def check_fits(table: NationalTable, variant: NationalVariant) -> None:
    """Raise ``ValueError`` when ``table`` states something the ``variant`` layout has no cell for."""
    if variant not in NATIONAL_VARIANTS:
        raise ValueError(f"no national layout {variant!r}; the layouts are {', '.join(NATIONAL_VARIANTS)}")
    where = f"{table.project or '（空白表）'} ({variant})"
    for name, variants in _ONLY_IN.items():
        if getattr(table, name) is not None and variant not in variants:
            raise ValueError(f"{where}: the layout has no cell for {name}")
    for line in table.indicators:
        for name, variants in _INDICATOR_ONLY_IN.items():
            if getattr(line, name) is not None and variant not in variants:
                raise ValueError(f"{where}: the layout has no cell for an indicator's {name} ({line.name})")
    for index, line in enumerate(table.funding):
        if index == 0 and line.rate is not None:
            raise ValueError(f"{where}: the total row's rate is the table's execution_rate")
        if line.rate is not None and variant != "sichuan-2023":
            raise ValueError(f"{where}: only Sichuan's layout prints a rate on every funding row ({line.label})")
        if variant == "beijing-2016" and line.budget is not None:
            raise ValueError(f"{where}: the Beijing layout has no 全年预算数, only 年初预算数(A): put it in initial ({line.label})")


def blank_table(variant: NationalVariant) -> NationalTable:
    """The table ``auditor template --national`` writes: labels, heads, the form's fixed weights, empty values."""
    if variant == "sichuan-2023":
        funding_labels = SICHUAN_FUNDING
    elif variant == "beijing-2016":
        funding_labels = BEIJING_FUNDING
    else:
        funding_labels = STANDARD_FUNDING
    indicators = tuple(
        IndicatorLine(level1=_blank_level1(level1, variant), level2=level2)
        for level1, kinds in BLANK_INDICATOR_KINDS
        for level2 in kinds
    )
    return NationalTable(project="", funding=tuple(FundingLine(label) for label in funding_labels), indicators=indicators)


def _blank_level1(level1: str, variant: NationalVariant) -> str:
    return f"{level1}({BEIJING_LEVEL1_WEIGHTS[level1]}分)" if variant == "beijing-2016" else level1


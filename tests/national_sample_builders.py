"""The bundled samples of the national 项目支出绩效自评表: a clean workbook, real cases transcribed, a Sichuan one.

Written to ``sample_submissions/`` by ``scripts/make_samples.py`` (``make samples``),
byte for byte the same on every run:

- ``national_clean``: two consistent tables in the 2020 layout — every rule of
  docs/RULES.md's national section satisfied.
- ``national_real_cases``: the real tables of docs/NATIONAL_FORM.md's last section,
  figures as published, each in the layout it came in.
- ``national_sichuan``: two tables in Sichuan's 2023 layout, one with a low 执行率
  and its 原因 given.

Every figure a source does not give is chosen and named in its generator's docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from auditor.writers.national_form import write_national_form
from auditor.writers.national_table import (
    FundingLine,
    IndicatorLine,
    NationalTable,
    NationalVariant,
)

NATIONAL_CLEAN_FILE = "national-clean.xlsx"
NATIONAL_REAL_CASES_FILE = "national-real-cases.xlsx"
NATIONAL_SICHUAN_FILE = "national-sichuan.xlsx"

Number = str | int | None


def _d(value: Number) -> Decimal | None:
    """Sample numbers are typed as text or int, so no float ever gets near them."""
    return None if value is None else Decimal(value)


def _funding(label: str, initial: Number, budget: Number, executed: Number, rate: str | None = None) -> FundingLine:
    return FundingLine(label=label, initial=_d(initial), budget=_d(budget), executed=_d(executed), rate=rate)


def _indicator(
    level1: str,
    level2: str,
    name: str | None,
    target: str | Decimal | None,
    actual: str | Decimal | None,
    weight: Number,
    points: Number,
    reason: str | None = None,
    method: str | None = None,
) -> IndicatorLine:
    return IndicatorLine(
        level1=level1,
        level2=level2,
        name=name,
        target=target,
        actual=actual,
        weight=_d(weight),
        points=_d(points),
        reason=reason,
        method=method,
    )


def _sichuan_indicator(
    level1: str,
    level2: str,
    name: str,
    nature: str,
    value: Number,
    unit: str,
    actual: Number,
    weight: Number,
    points: Number,
    reason: str | None = None,
) -> IndicatorLine:
    """A Sichuan row: the target in three cells (指标性质, 指标值, 度量单位), numbers as numbers."""
    return IndicatorLine(
        level1=level1,
        level2=level2,
        name=name,
        nature=nature,
        value=_d(value),
        unit=unit,
        actual=_d(actual),
        weight=_d(weight),
        points=_d(points),
        reason=reason,
    )


# --- a clean workbook (2020 layout) --------------------------------------------------------

_BUREAU = "某市生态环境局"


def national_clean() -> tuple[NationalTable, ...]:
    """某市生态环境局 2023, two projects, every figure agreeing with every other (all figures chosen).

    大气环境监测站点运维: 其中 450 + 50 + 0 = 500 (年初), 470 + 50 + 0 = 520 (全年),
    460.32 + 47.20 + 0 = 507.52 (执行); 执行率 507.52 / 520 = 97.6%, printed 97.60% (0.976 in a
    「0.00%」 cell), 得分 9.76; indicators 15 + 15 + 10 + 10 + 15 + 15 + 10 = 90, all met in full;
    总分 9.76 + 90 = 99.76.
    土壤污染状况详查: 其中 260 + 0 + 40 = 300 (年初), 240 + 0 + 40 = 280 (全年 and 执行);
    执行率 100%, typed as the text 「100%」; 得分 10; indicators 90 in full; 总分 100.
    Every target has a number, cost targets are ceilings (≤), actuals stay within 20% of
    their targets, and no text is a template prompt.
    """
    air = NationalTable(
        project="大气环境监测站点运维",
        department=_BUREAU,
        implementer="某市生态环境监测站",
        year=2023,
        funding=(
            _funding("年度资金总额", "500.00", "520.00", "507.52"),
            _funding("其中：当年财政拨款", "450.00", "470.00", "460.32"),
            _funding("上年结转资金", "50.00", "50.00", "47.20"),
            _funding("其他资金", "0", "0", "0"),
        ),
        execution_rate="97.60%",
        execution_points=_d("9.76"),
        goal_expected="保障全市36个空气自动监测站点稳定运行，监测数据有效率不低于90%，为大气污染防治提供准确及时的数据支撑。",
        goal_actual="36个站点全年稳定运行，监测数据有效率95.2%，数据按时上报；全市空气质量优良天数比率87.4%。",
        indicators=(
            _indicator("产出指标(50分)", "数量指标", "空气自动监测站点运维数量", "≥36个", "36个", 15, 15),
            _indicator("产出指标(50分)", "质量指标", "监测数据有效率", "≥90%", "95.2%", 15, 15),
            _indicator("产出指标(50分)", "时效指标", "监测数据按时上报率", "100%", "100%", 10, 10),
            _indicator("产出指标(50分)", "成本指标", "单站点年运维成本", "≤14万元", "13.6万元", 10, 10),
            _indicator("效益指标(30分)", "社会效益指标", "空气质量优良天数比率", "≥85%", "87.4%", 15, 15),
            _indicator("效益指标(30分)", "生态效益指标", "PM2.5年均浓度", "≤35微克/立方米", "33微克/立方米", 15, 15),
            _indicator("满意度指标(10分)", "服务对象满意度指标", "公众对空气质量改善满意度", "≥85%", "90%", 10, 10),
        ),
        total_score=_d("99.76"),
    )
    soil = NationalTable(
        project="土壤污染状况详查",
        department=_BUREAU,
        implementer="某市土壤环境保护中心",
        year=2023,
        funding=(
            _funding("年度资金总额", "300.00", "280.00", "280.00"),
            _funding("其中：当年财政拨款", "260.00", "240.00", "240.00"),
            _funding("上年结转资金", "0", "0", "0"),
            _funding("其他资金", "40.00", "40.00", "40.00"),
        ),
        execution_rate="100%",
        execution_points=_d("10"),
        goal_expected="完成农用地和重点行业企业用地土壤样品采集检测1200个以上，建立土壤环境档案，受污染耕地安全利用率达到93%。",
        goal_actual="采集检测土壤样品1236个，质控合格率98.5%，建立156个地块土壤环境档案，受污染耕地安全利用率95%。",
        indicators=(
            _indicator("产出指标（50分）", "数量指标", "完成土壤样品采集检测数量", "≥1200个", "1236个", 15, 15),
            _indicator("产出指标（50分）", "质量指标", "样品检测质控合格率", "≥95%", "98.5%", 15, 15),
            _indicator("产出指标（50分）", "时效指标", "详查任务完成时限", "≤11个月", "10.5个月", 10, 10),
            _indicator("产出指标（50分）", "成本指标", "单个样品采集检测成本", "≤2000元", "1935元", 10, 10),
            _indicator("效益指标（30分）", "社会效益指标", "受污染耕地安全利用率", "≥93%", "95%", 15, 15),
            _indicator("效益指标（30分）", "可持续影响指标", "建立土壤环境档案的地块数", "≥150个", "156个", 15, 15),
            _indicator("满意度指标（10分）", "服务对象满意度指标", "委托方验收满意度", "≥90%", "96%", 10, 10),
        ),
        total_score=_d("100"),
        rates_as_text=True,
    )
    return (air, soil)


# --- the real cases (docs/NATIONAL_FORM.md, "Real tables to learn from") ------------------

_TOWN = "219-池州市贵池区棠溪镇人民政府"
_TOWN_UNIT = "219001-池州市贵池区棠溪镇人民政府"
_MET = "达成预期指标"
_CLEAR_EFFECT = "效果明显"
_TOWN_SATISFACTION = _indicator("满意度指标(10分)", "满意度指标", "公众满意度", "≥90百分比", Decimal(90), 10, 10)
_BEIJING_METHOD = "完成值达到指标值，记满分；未达到指标值，按B/A或A/B*该指标分值记分。"
_SICHUAN_REASON_PROMPT = (
    "1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）；"
    "2.年中发生预算调整的（追加或调减），应单独说明理由；3.其他资金包括：社会投入资金、银行贷款。"
)


def town_commissioned_services() -> NationalTable:
    """池州市贵池区棠溪镇 (Anhui), 委托业务项目, 2022, as published in the 2020 layout.

    As published: 年度资金总额： 0 / 0 / 0 with 分值 10, 执行率 0, 得分 0; 其中:本年财政拨款
    90 / 89.974 / 89.974; 上年结转资金 and 其他资金 empty, no 「—」 in the 其中 rows; the goal
    texts itemising 30 + 30 + 30 = 90 and 30 + 30 + 29.99 (= 89.99) but saying 89.97
    (punctuation made full-width); every indicator row down to 满意度 (targets such as 「≥50个」
    「≥100百分比」「在项目计划完成时间内完成」, the empty 经济效益指标 row), all with full marks.
    Chosen: the numeric actuals 50 / 100 / 90 are number cells (the source does not say);
    the 满意度 row, where the published text breaks off after 二级 「满意度指标」 and 「公众满」,
    is completed as 「公众满意度」, target 「≥90百分比」, actual 90, 10 of 10; 总分 90, the sum
    of the printed scores (0 + 50 + 30 + 10).
    """
    output, benefit = "产出指标(50分)", "效益指标(30分)"
    return NationalTable(
        project="委托业务项目",
        department=_TOWN,
        implementer=_TOWN_UNIT,
        year=2022,
        funding=(
            _funding("年度资金总额：", 0, 0, 0),
            _funding("其中:本年财政拨款", "90", "89.974", "89.974"),
            _funding("上年结转资金", None, None, None),
            _funding("其他资金", None, None, None),
        ),
        execution_rate="0",
        execution_points=_d(0),
        goal_expected="本项目共申请预算资金90万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；"
        "30万元用于基建工程项目设计、规划、测绘。",
        goal_actual="本项目共完成预算资金89.97万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；"
        "29.99万元用于基建工程项目设计、规划、测绘。",
        indicators=(
            _indicator(output, "数量指标", "基建工程委托业务项目数量", "≥50个", Decimal(50), 8, 8),
            _indicator(output, "质量指标", "委托业务报告合格率", "≥100百分比", Decimal(100), 8, 8),
            _indicator(output, "质量指标", "经费支出合规性", "严格执行相关制度规定", _MET, 8, 8),
            _indicator(output, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", _MET, 8, 8),
            _indicator(output, "成本指标", "项目总成本", "≤90万元", Decimal(90), 8, 8),
            _indicator(output, "成本指标", "单项业务成本", "符合相关规定", _MET, 10, 10),
            _indicator(benefit, "社会效益指标", "对维护基建市场公平的影响程度", _CLEAR_EFFECT, _MET, 10, 10),
            _indicator(benefit, "生态效益指标", "对控制基建项目成本影响程度", _CLEAR_EFFECT, _MET, 10, 10),
            _indicator(benefit, "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", _CLEAR_EFFECT, _MET, 10, 10),
            _indicator(benefit, "经济效益指标", None, None, None, None, None),
            _TOWN_SATISFACTION,
        ),
        total_score=_d(90),
        not_applicable_marks=False,
    )


def town_village_subsidies() -> NationalTable:
    """The same town's 村级补助及运转经费, 2022, as published in the 2020 layout.

    As published: 年度资金总额： 0 / 0 / 0 (分值 10, 执行率 0, 得分 0); 其中:本年财政拨款 202.64 /
    132.912 / 132.912; the planned items 400000 + 252000 + 28000 + 960000 + 100000 = 1,740,000 元
    against a stated 2,026,400 元, the spent items adding to the stated 1,329,120.67 元; the 产出
    rows (=8个 → 8, =42个 → 42, 合规, 严格执行相关制度规定, 及时, ≤202.6万元 → 132.9) and the
    经济/社会效益 rows, all full marks.
    Chosen (the published text breaks off at 「可持续影响」): the 可持续影响指标 row
    「对村(社区)各项事业持续发展的影响程度」 效果明显 / 达成预期指标 10 of 10, the 满意度 row as in
    委托业务项目, 总分 90; numeric actuals as number cells.
    """
    output, benefit = "产出指标(50分)", "效益指标(30分)"
    return NationalTable(
        project="村级补助及运转经费",
        department=_TOWN,
        implementer=_TOWN_UNIT,
        year=2022,
        funding=(
            _funding("年度资金总额：", 0, 0, 0),
            _funding("其中:本年财政拨款", "202.64", "132.912", "132.912"),
            _funding("上年结转资金", None, None, None),
            _funding("其他资金", None, None, None),
        ),
        execution_rate="0",
        execution_points=_d(0),
        goal_expected="本项目共申请预算资金2026400元，其中村级组织运转400000元，村民组长、党小组长基本报酬252000元，"
        "村民监督委员会工资28000元，村级事务补助960000元，村级工作目标奖励100000元。",
        goal_actual="本项目共完成预算资金1329120.67元，其中村级组织运转439120.67元，村民组长、党小组长基本报酬152000元，"
        "村民监督委员会工资28000元，村级事务补助660000元，村级工作目标奖励50000元。",
        indicators=(
            _indicator(output, "数量指标", "补助村(社区)数量", "=8个", Decimal(8), 8, 8),
            _indicator(output, "数量指标", "保障村干部人数", "=42个", Decimal(42), 8, 8),
            _indicator(output, "质量指标", "补助资格合规性", "合规", _MET, 8, 8),
            _indicator(output, "质量指标", "经费审批流程规范性", "严格执行相关制度规定", _MET, 8, 8),
            _indicator(output, "时效指标", "补助经费到位及时性", "及时", _MET, 8, 8),
            _indicator(output, "成本指标", "项目总成本", "≤202.6万元", Decimal("132.9"), 10, 10),
            _indicator(benefit, "经济效益指标", "对保障村(社区)两委机构正常运行的影响程度", _CLEAR_EFFECT, _MET, 10, 10),
            _indicator(benefit, "社会效益指标", "提高村(社区)干部工作积极性的影响程度", _CLEAR_EFFECT, _MET, 10, 10),
            _indicator(benefit, "可持续影响指标", "对村(社区)各项事业持续发展的影响程度", _CLEAR_EFFECT, _MET, 10, 10),
            _TOWN_SATISFACTION,
        ),
        total_score=_d(90),
        not_applicable_marks=False,
    )


def beijing_street_cleaning() -> NationalTable:
    """北京市海淀区学院路街道, 【体制】自管道路清扫保洁外包工作经费, 2016, in Beijing's 2016 layout.

    As published: 年初预算数(A) 310.2, 全年执行数(B) 154.74, 分值 10, 执行率 「50%」 (typed as
    text), 得分 5 (154.74 / 310.2 × 10 = 4.99), its 得分计算方法; 其中：本年一般公共预算拨款 310.2 /
    154.74, 其他资金 empty; the goal texts (shortened, figures kept: 20 条道路, 4 处小广场); the
    数量指标 「是否完成绩效目标申报表中申报的数量」 12.5 points, 1 / 1, full marks, with its
    得分计算方法.
    Chosen (the published text breaks off after the 数量 row): the other rows — 质量, 时效, 成本
    12.5 each, 社会效益 and 可持续影响 15 each, 满意度 10 (≥90% / 95%), all 1 / 1 and full marks
    — and 总分 95 (5 + 90).
    """
    output, benefit, satisfaction = "产出指标(50分)", "效益指标(30分)", "满意度指标(10分)"
    one = Decimal(1)
    rows = (
        (output, "数量指标", "是否完成绩效目标申报表中申报的数量", one, one, "12.5"),
        (output, "质量指标", "是否达到国家、行业或地方规定的保洁质量标准", one, one, "12.5"),
        (output, "时效指标", "是否按绩效目标申报表中申报的时间完成", one, one, "12.5"),
        (output, "成本指标", "是否控制在绩效目标申报表中申报的成本以内", one, one, "12.5"),
        (benefit, "社会效益指标", "地区环境卫生是否得到改善", one, one, "15"),
        (benefit, "可持续影响指标", "自管道路保洁长效机制是否建立", one, one, "15"),
        (satisfaction, "服务对象满意度指标", "辖区居民满意度", "≥90%", "95%", "10"),
    )
    return NationalTable(
        project="【体制】自管道路清扫保洁外包工作经费",
        department="北京市海淀区人民政府学院路街道办事处",
        implementer="北京市海淀区学院路街道城市运行服务中心",
        year=2016,
        funding=(
            _funding("年度资金总额：", "310.2", None, "154.74"),
            _funding("其中：本年一般公共预算拨款", "310.2", None, "154.74"),
            _funding("其他资金", None, None, None),
        ),
        execution_rate="50%",
        execution_points=_d(5),
        execution_method="执行率*该指标分值，最高不得超过分值上限。",
        goal_expected="通过规范地区自管道路清扫保洁外包工作经费的使用，充分发挥项目资金在自管小区、小广告、三级以下道路、"
        "无主垃圾渣土清运及重大活动环境卫生保障工作中的作用，将自管道路保洁进行外包。",
        goal_actual="按照年初设定目标，将辖区20条城市道路清扫保洁、4处居民生活区小广场清扫保洁业务通过公开招投标方式进行了外包，"
        "地区环境卫生及社区环境更加优美。",
        indicators=tuple(
            _indicator(level1, level2, name, target, actual, weight, weight, method=_BEIJING_METHOD)
            for level1, level2, name, target, actual, weight in rows
        ),
        total_score=_d(95),
        rates_as_text=True,
        not_applicable_marks=False,
    )


def sichuan_county_salaries() -> NationalTable:
    """青神县发展和改革局 (Sichuan), 51000021R000000019951-工资性支出, 2023, in Sichuan's 2023 layout.

    As published (www.scqs.gov.cn): 总额 238.93 / 251.89 / 251.89, 100.00%, 权重 10, 得分 blank,
    the 原因 cell holding the form's instructions; 其中:财政资金 the same figures; 财政专户管理资金
    and 单位资金 0.00 / 0.00 / 0.00, 0.00%; 其他资金 empty; 「/」 in the 其中 rows' 权重 and 得分;
    two indicators only, 发放(缴纳)覆盖率 = 100 % (60 points) and 足额保障率(参保率) = 100 % (30 points),
    完成值 and 得分 blank; 合计 100 with no score; the 年度目标完成情况 cell and all three of
    评价结论, 存在问题, 改进措施 still holding the form's prompts (「（100字以内）」「（200字以内）」).
    Nothing chosen.
    """
    zero = Decimal("0.00")
    return NationalTable(
        project="51000021R000000019951-工资性支出",
        department="青神县发展和改革局本级",
        implementer="青神县发展和改革局",
        year=2023,
        funding=(
            _funding("总额", "238.93", "251.89", "251.89"),
            _funding("其中:财政资金", "238.93", "251.89", "251.89", rate="100.00%"),
            FundingLine("财政专户管理资金", zero, zero, zero, rate="0.00%"),
            FundingLine("单位资金", zero, zero, zero, rate="0.00%"),
            FundingLine("其他资金"),
        ),
        execution_rate="100.00%",
        execution_reason=_SICHUAN_REASON_PROMPT,
        goal_expected="严格执行相关政策，保障工资及时、足额发放或社保及时、足额缴纳，预算编制科学合理，减少结余资金。",
        goal_actual="对照年度目标，说明相关任务目标的完成情况（100字以内）",
        indicators=(
            _sichuan_indicator("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", 100, "%", None, 60, None),
            _sichuan_indicator("效益指标", "社会效益指标", "足额保障率(参保率)", "=", 100, "%", None, 30, None),
        ),
        conclusion="结合自评情况，说明项目自评总分，说明项目实施取得的成效或成果。（200字以内）",
        problems="结合自评情况，分析存在的问题及原因。（200字以内）",
        improvements="针对项目自评中发现的问题，提出下一步改进完善的意见及有关政策性建议。（200字以内）",
    )


def national_real_cases() -> tuple[tuple[NationalTable, NationalVariant], ...]:
    """The four real tables, each with the layout it was published in."""
    return (
        (town_commissioned_services(), "2020"),
        (town_village_subsidies(), "2020"),
        (beijing_street_cleaning(), "beijing-2016"),
        (sichuan_county_salaries(), "sichuan-2023"),
    )


# --- a Sichuan workbook with one low execution --------------------------------------------

_COUNTY_BUREAU = "某县农业农村局"


def national_sichuan() -> tuple[NationalTable, ...]:
    """某县农业农村局 2023 in Sichuan's layout (all figures chosen); consistent but for one honest shortfall.

    耕地地力保护补贴工作经费: 120.00 / 126.50 / 124.37 in 总额 and 其中:财政资金, 0 elsewhere;
    124.37 / 126.50 = 98.32%, 得分 9.83; indicators 20 + 20 + 10 + 10 + 20 + 10 = 90, met in full;
    合计 得分 99.83.
    农村人居环境整治专项: 300.00 / 300.00 / 240.60 → 执行率 80.20%, below 90%, with its 原因 given;
    得分 8.02; one target missed (4 of ≥6 污水处理设施, 15 × 4/6 = 10 points, 未完成原因分析 given),
    the others met in full: 20 + 10 + 15 + 10 + 10 + 10 + 10 = 85 of 90; 合计 得分 93.02.
    """
    subsidy_amounts = ("120.00", "126.50", "124.37")
    subsidy = NationalTable(
        project="51000023R000000052118-耕地地力保护补贴工作经费",
        department=_COUNTY_BUREAU,
        implementer=_COUNTY_BUREAU,
        year=2023,
        funding=_sichuan_funding(subsidy_amounts, "98.32%"),
        execution_rate="98.32%",
        execution_points=_d("9.83"),
        goal_expected="按时足额发放耕地地力保护补贴，补贴发放准确率100%，开展补贴政策宣传培训12场以上。",
        goal_actual="全年向86210户农户兑付补贴，发放准确率100%，开展宣传培训13场，补贴资金在28日内拨付到户。",
        implementation="年初制定补贴实施方案，乡镇核实面积并公示，县级审核后通过“一卡通”发放，全程接受监督。",
        indicators=(
            _sichuan_indicator("产出指标", "数量指标", "补贴政策宣传培训场次", "≥", 12, "场", 13, 20, 20),
            _sichuan_indicator("产出指标", "质量指标", "补贴发放准确率", "=", 100, "%", 100, 20, 20),
            _sichuan_indicator("产出指标", "时效指标", "补贴资金拨付到户时限", "≤", 30, "日", 28, 10, 10),
            _sichuan_indicator("产出指标", "成本指标", "工作经费支出", "≤", "126.5", "万元", "124.37", 10, 10),
            _sichuan_indicator("效益指标", "社会效益指标", "补贴覆盖农户数", "≥", 85000, "户", 86210, 20, 20),
            _sichuan_indicator("满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥", 90, "%", 95, 10, 10),
        ),
        total_score=_d("99.83"),
        conclusion="项目自评总分99.83分，等级为优。补贴资金及时足额兑付到户，农户种粮积极性得到保护。",
        problems="个别乡镇面积核实进度偏慢，影响补贴资金拨付节奏。",
        improvements="提前部署面积核实工作，运用遥感数据辅助核查，进一步压缩拨付时间。",
    )
    environment = NationalTable(
        project="51000023R000000052126-农村人居环境整治专项",
        department=_COUNTY_BUREAU,
        implementer=_COUNTY_BUREAU,
        year=2023,
        funding=_sichuan_funding(("300.00", "300.00", "240.60"), "80.20%"),
        execution_rate="80.20%",
        execution_points=_d("8.02"),
        execution_reason="2处农村生活污水处理设施因用地调整延至2024年3月开工，对应工程款59.40万元未支付，已按规定结转下年使用。",
        goal_expected="新建农村卫生厕所800座以上，建设农村生活污水处理设施6处，农村卫生厕所普及率达到90%。",
        goal_actual="新建农村卫生厕所812座，建成污水处理设施4处（2处延至2024年开工），农村卫生厕所普及率91.5%。",
        implementation="按“先建后补”方式实施改厕，污水处理设施公开招标建设，乡镇组织验收、县级抽查。",
        indicators=(
            _sichuan_indicator("产出指标", "数量指标", "新建农村卫生厕所", "≥", 800, "座", 812, 20, 20),
            _sichuan_indicator(
                "产出指标", "数量指标", "建设农村生活污水处理设施", "≥", 6, "处", 4, 15, 10, "2处设施因用地调整延至2024年3月开工，已督促加快建设。"
            ),
            _sichuan_indicator("产出指标", "质量指标", "改厕工程验收合格率", "≥", 95, "%", 97, 15, 15),
            _sichuan_indicator("产出指标", "时效指标", "年度改厕任务完成时限", "≤", 12, "个月", 11, 10, 10),
            _sichuan_indicator("产出指标", "成本指标", "每座卫生厕所补助标准", "≤", 1500, "元", 1500, 10, 10),
            _sichuan_indicator("效益指标", "社会效益指标", "农村卫生厕所普及率", "≥", 90, "%", "91.5", 10, 10),
            _sichuan_indicator("满意度指标", "服务对象满意度指标", "受益农户满意度", "≥", 90, "%", 93, 10, 10),
        ),
        total_score=_d("93.02"),
        conclusion="项目自评总分93.02分，等级为优。改厕任务超额完成，农村人居环境明显改善。",
        problems="2处污水处理设施因用地调整未能按期开工，预算执行率80.20%，低于90%。",
        improvements="提前落实项目用地，加强项目前期论证，结转资金在2024年上半年支付完毕。",
    )
    return (subsidy, environment)


def _sichuan_funding(amounts: tuple[str, str, str], rate: str) -> tuple[FundingLine, ...]:
    """Sichuan's five rows, all the money 财政资金: its rate printed on the row, 0.00% on the empty ones."""
    zero = ("0.00", "0.00", "0.00")
    return (
        _funding("总额", *amounts),
        _funding("其中:财政资金", *amounts, rate=rate),
        _funding("财政专户管理资金", *zero, rate="0.00%"),
        _funding("单位资金", *zero, rate="0.00%"),
        _funding("其他资金", *zero, rate="0.00%"),
    )


# --- the files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NationalSampleFile:
    """One national-form file of ``sample_submissions/``: its tables, and the layout of each."""

    file_name: str
    build: Callable[[], Sequence[tuple[NationalTable, NationalVariant]]]

    def write(self, path: Path) -> None:
        pairs = self.build()
        write_national_form([table for table, _ in pairs], path, [variant for _, variant in pairs])


def _all_in(variant: NationalVariant, tables: Callable[[], Sequence[NationalTable]]) -> Callable[[], tuple[tuple[NationalTable, NationalVariant], ...]]:
    return lambda: tuple((table, variant) for table in tables())


NATIONAL_SAMPLE_FILES: tuple[NationalSampleFile, ...] = (
    NationalSampleFile(NATIONAL_CLEAN_FILE, _all_in("2020", national_clean)),
    NationalSampleFile(NATIONAL_REAL_CASES_FILE, national_real_cases),
    NationalSampleFile(NATIONAL_SICHUAN_FILE, _all_in("sichuan-2023", national_sichuan)),
)

"""Hypothesis strategies for narrative reports: facts planted in generated report text, written in the genre's words.

``planted_reports`` draws the facts a 自评报告 states — department, year, report date, unit,
projects with budgets (some with spending, balance and uses), the total, the project count,
the balance claim, share claims, self-ratings. ``report_texts`` writes them as such a report does, choosing among
several phrasings for each fact: numbers in Arabic, full-width or Chinese numerals, in 万元
or 元 (with thousands separators), shortened project names before 用于, filler sentences
without numbers, stray spaces around numbers, single line breaks inside paragraphs and page
breaks (a blank line mid-sentence). ``reports`` gives both: the text, and the facts that
extraction must find in it.

Phrasings it once misread are pinned by the minimal cases in ``test_narrative_properties.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from hypothesis import strategies as st

from auditor.parsing.comparators import COMPARATORS as VOCABULARY
from tests.strategies import CENT, satisfying_percent, splits

AmountUnit = Literal["万元", "元"]
BalanceClaim = Literal["无余额", "有余额"]

# --- what a report is about -------------------------------------------------------------------

REGIONS = ["贵州省", "云南省", "某省", "XX省", "遵义市", "某某市", "黔东南州", "毕节市", "六盘水市", "某县"]
ORGANISATIONS = [
    "总工会", "财政局", "卫生健康委员会", "教育厅", "农业农村厅", "水利局", "文化和旅游厅", "政务服务中心",
    "残疾人联合会", "妇女联合会", "机关事务管理局", "林业局", "疾病预防控制中心", "人力资源和社会保障局",
]
#: How the body of a report refers to its own department, by the department's last word.
SELF_REFERENCE = {"会": "我会", "局": "我局", "厅": "我厅", "中心": "我中心"}

#: Project names as reports write them; each one's core (the name without 工作经费/资金/项目)
#: is neither a prefix nor a part of another's, so that a shortened name means one project.
PROJECT_NAMES = [
    "送温暖资金",
    "工会劳模（疗休养、生活补贴）工作经费",
    "服务职工（厂务公开、困难职工帮扶）工作经费",
    "农村饮水安全工程",
    "职工文化体育活动经费",
    "非物质文化遗产保护专项资金",
    "农田水利建设项目",
    "乡村道路养护经费",
    "文物保护（修缮、安防）专项资金",
    "职业技能培训补贴资金",
    "基层医疗卫生机构运行补助经费",
    "职工法律援助工作经费",
    "森林防火专项资金",
    "信息化建设（运维、等保测评）项目",
    "农民工返乡服务驿站建设资金",
    "劳动关系和谐企业创建经费",
    "公共卫生服务补助资金",
    "和谐劳动关系创建经费",
]
_GENERIC_ENDINGS = re.compile(r"(?:专项|项目|工作|经费|资金|补助|补贴)+$")

PURPOSES = [
    "慰问困难职工",
    "设立农民工返乡服务岗",
    "劳模疗休养",
    "发放困难劳模生活补贴",
    "省领导慰问困难企业及职工",
    "重点工程项目",
    "易地扶贫搬迁集中安置点困难工会会员福利费（困难补助费）",
    "慰问困难农民工",
    "厂务公开工作经费",
    "困难职工帮扶工作开展使用经费",
    "开展“两节”送温暖慰问活动",
    "金秋助学活动",
    "职工技能培训",
    "购置办公设备",
    "印制宣传资料",
    "聘请第三方机构开展绩效评价",
    "设备维护及运行",
    "专家咨询及评审",
    "为158名困难职工家庭子女提供助学帮助",
    "和谐企业创建",
]

#: Sentences a report pads its paragraphs with: no numbers, no money, balance, share or rating words.
FILLERS = [
    "通过不断建立健全相关财务制度，加强对财政资金从预算管理、使用、监督等方面的监控，确保资金管理安全、使用规范。",
    "财务部门、经审部门等积极配合，有序保障已设定项目的具体实施和开展。",
    "单位高度重视绩效自评工作，成立了由主要领导任组长的绩效自评工作领导小组。",
    "各项工作严格按照年初设定的绩效目标有序推进，资金使用规范、安全、有效。",
    "项目实施过程中，严格执行财务管理制度，做到专款专用、按时拨付。",
    "下一步将加强部门绩效目标编报基础工作，不断提高绩效目标表编报水平。",
    "这些工作的开展，体现了党和政府对职工群众的关心和关爱之情。",
    "在编报绩效目标申报表时，注意所细化分解的绩效指标的完整性，确保绩效指标能充分支撑绩效目标。",
    "切实发挥了财政资金的使用效益，得到了服务对象的广泛好评。",
    "资金拨付及时，会计核算规范，未发现截留、挤占、挪用等违规情况。",
    "在绩效评价中，我们也发现部分绩效目标设置不够细化、量化。",
]

#: Comparator words as written, by what they mean (P001's classes) and where they stand: every
#: qualifier of the one vocabulary (parsing.comparators), and None for a plain 「占比 73.74%」.
COMPARATORS: dict[str | None, tuple[str, Literal["before", "after"]]] = {
    None: ("plain", "after"),
    **{c.word: (c.meaning, c.position) for c in VOCABULARY if c.meaning != "plain"},
}
GRADES = ["优秀", "良好", "合格", "中", "差"]

# --- the planted facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedUse:
    purpose: str
    amount: Decimal


@dataclass(frozen=True)
class PlantedProject:
    name: str
    budget: Decimal
    executed: Decimal | None = None
    balance: Decimal | None = None
    uses: tuple[PlantedUse, ...] = ()
    score: Decimal | None = None
    grade: str | None = None

    @property
    def core(self) -> str:
        """The name without its generic ending, as reports shorten it (「送温暖资金」 → 「送温暖」)."""
        core = _GENERIC_ENDINGS.sub("", self.name)
        return core if len(core) >= 2 else self.name


@dataclass(frozen=True)
class PlantedPart:
    count: int
    percent: Decimal
    comparator: str | None  # the word as written; None for a plain 「占比 73.74%」


@dataclass(frozen=True)
class PlantedShares:
    """One whole and the shares claimed of it: 「共 99 人…其中…73 人，占比 70%以上，…20 人，占比 20%以上」."""

    whole: int
    parts: tuple[PlantedPart, ...]
    project: str | None  # the project the paragraph stating it is about, if any


@dataclass(frozen=True)
class PlantedReport:
    """Everything a generated report states, in the report's unit: what extraction must return."""

    department: str
    year: int
    report_date: date
    unit: AmountUnit
    projects: tuple[PlantedProject, ...]
    total: Decimal | None
    project_count: int | None
    balance_claim: BalanceClaim | None
    shares: tuple[PlantedShares, ...] = ()
    department_grade: str | None = None

    def with_use_moved(self, project: int, use: int, steps: int) -> PlantedReport:
        """The same report with one use amount moved by ``steps`` hundredths of the unit."""
        planted = self.projects[project]
        uses = list(planted.uses)
        uses[use] = replace(uses[use], amount=uses[use].amount + steps * CENT)
        projects = list(self.projects)
        projects[project] = replace(planted, uses=tuple(uses))
        return replace(self, projects=tuple(projects))


def _hundredths(value: int, decimals: int) -> Decimal:
    """``value`` hundredths as a Decimal written with ``decimals`` places (0–2), exactly."""
    return (Decimal(value) * CENT).quantize(Decimal(1).scaleb(-decimals))


def _cores_apart(names: list[str]) -> bool:
    cores = [PlantedProject(n, Decimal(0)).core for n in names]
    return all(a == b or a not in b for a in cores for b in cores)


@st.composite
def _amounts(draw: st.DrawFn, unit: AmountUnit) -> int:
    """An amount in hundredths of the unit, on the scale reports of that unit state."""
    low, high = (100, 10**7) if unit == "万元" else (10**4, 10**10)
    return draw(st.integers(low, high))


@st.composite
def _decimals_of(draw: st.DrawFn, hundredths: int) -> Decimal:
    """The amount written with as few decimals as it needs, or sometimes with all of them."""
    needed = 0 if hundredths % 100 == 0 else 1 if hundredths % 10 == 0 else 2
    return _hundredths(hundredths, draw(st.integers(needed, 2)) if draw(st.booleans()) else needed)


@st.composite
def _planted_uses(draw: st.DrawFn, budget: int, consistent: bool) -> tuple[PlantedUse, ...]:
    if budget < 2:
        return ()
    parts = draw(splits(budget, 1, 7))
    if not consistent and draw(st.booleans()):
        moved = draw(st.integers(0, len(parts) - 1))
        parts[moved] = max(1, parts[moved] + draw(st.integers(-500, 500).filter(bool)))
    usable = PURPOSES
    purposes = draw(st.lists(st.sampled_from(usable), min_size=len(parts), max_size=len(parts), unique=True))
    return tuple(PlantedUse(purpose, draw(_decimals_of(part))) for purpose, part in zip(purposes, parts))


@st.composite
def _planted_project(
    draw: st.DrawFn, name: str, unit: AmountUnit, claim: BalanceClaim | None, consistent: bool
) -> PlantedProject:
    """A project; a consistent one spends no more than its budget, all of it when 无余额 is claimed,
    states its balance as budget − spending, and accounts for its spending in its uses."""
    budget = draw(_amounts(unit))
    executed = balance = None
    if draw(st.integers(0, 2)) == 0:
        executed = budget if claim == "无余额" and consistent else draw(st.integers(budget // 2, budget))
        if draw(st.booleans()):
            balance = budget - executed if consistent else draw(st.integers(0, budget))
    elif draw(st.integers(0, 3)) == 0:
        balance = 0 if claim == "无余额" and consistent else draw(st.integers(0, budget))
    if balance == 0 and claim is None:
        balance = None  # 「结余0万元」 alone reads as the report's 无余额 claim
    spent = executed if executed is not None else budget
    uses = draw(_planted_uses(spent, consistent)) if draw(st.booleans()) else ()
    score = draw(st.none() | st.integers(600, 1000).map(lambda tenths: Decimal(tenths) / 10))
    grade = draw(st.none() | st.sampled_from(GRADES))
    return PlantedProject(
        name=name,
        budget=draw(_decimals_of(budget)),
        executed=None if executed is None else draw(_decimals_of(executed)),
        balance=None if balance is None else draw(_decimals_of(balance)),
        uses=uses,
        score=score,
        grade=grade,
    )


@st.composite
def _planted_part(draw: st.DrawFn, whole: int, consistent: bool) -> PlantedPart:
    count = draw(st.integers(1, whole))
    comparator = draw(st.sampled_from(list(COMPARATORS)))
    decimals = draw(st.integers(0, 2))
    if consistent:
        claimed = satisfying_percent(Fraction(100 * count, whole), COMPARATORS[comparator][0], decimals)
        if claimed is None or claimed > 100:
            comparator, claimed = "以上", Fraction(100 * count // whole)
        percent = (Decimal(claimed.numerator) / Decimal(claimed.denominator)).quantize(Decimal(1).scaleb(-decimals))
    else:
        percent = Decimal(draw(st.integers(1, 99 * 10**decimals))).scaleb(-decimals)
    return PlantedPart(count=count, percent=percent, comparator=comparator)


@st.composite
def _planted_shares(draw: st.DrawFn, projects: tuple[PlantedProject, ...], consistent: bool) -> PlantedShares:
    whole = draw(st.integers(2, 2000))
    parts = draw(st.lists(_planted_part(whole, consistent), min_size=1, max_size=2))
    project = draw(st.none() | st.sampled_from([p.name for p in projects]))
    return PlantedShares(whole=whole, parts=tuple(parts), project=project)


@st.composite
def planted_reports(draw: st.DrawFn, consistent: bool = False) -> PlantedReport:
    """The facts of one report; ``consistent`` ones add up, count right and claim only what holds."""
    unit: AmountUnit = draw(st.sampled_from(["万元", "元"]))
    usable = PROJECT_NAMES
    names = draw(st.lists(st.sampled_from(usable), min_size=2, max_size=6, unique=True).filter(_cores_apart))
    claim: BalanceClaim | None = draw(st.sampled_from(["无余额", "有余额", None]))
    projects = tuple(draw(_planted_project(name, unit, claim, consistent)) for name in names)
    budgets = sum((p.budget for p in projects), Decimal(0))
    total = budgets
    count: int | None = len(projects)
    if not consistent:
        total = draw(st.sampled_from([budgets, budgets + draw(st.integers(-300, 300).filter(bool)) * CENT, None]))
        count = draw(st.sampled_from([len(projects), len(projects) + draw(st.sampled_from([-1, 1])), None]))
    year = draw(st.integers(2015, 2025))
    shares = tuple(draw(st.lists(_planted_shares(projects, consistent), max_size=2)))
    return PlantedReport(
        department=draw(st.sampled_from(REGIONS)) + draw(st.sampled_from(ORGANISATIONS)),
        year=year,
        report_date=draw(st.dates(date(year + 1, 1, 1), date(year + 1, 12, 28))),
        unit=unit,
        projects=projects,
        total=total if total is None or total > 0 else budgets,
        project_count=count,
        balance_claim=claim,
        shares=shares,
        department_grade=draw(st.none() | st.sampled_from(GRADES[:3])),
    )


# --- numbers as reports write them ----------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def chinese_numeral(n: int) -> str:
    """``n`` (1 ≤ n < 10⁸) as a Chinese numeral: 1050 → 一千零五十, 100000 → 十万."""

    def below_ten_thousand(value: int) -> str:
        written, gap = "", False
        for place, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = value // place % 10
            if digit == 0:
                gap = gap or bool(written)
                continue
            written += ("零" if gap else "") + _CN_DIGITS[digit] + word
            gap = False
        return written

    high, low = divmod(n, 10_000)
    written = below_ten_thousand(high) + "万" if high else ""
    if low:
        written += ("零" if high and low < 1000 else "") + below_ten_thousand(low)
    return written[1:] if written.startswith("一十") else written


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _grouped(value: Decimal) -> str:
    whole, _, fraction = _plain(value).partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


@st.composite
def spaced(draw: st.DrawFn, number: str, unit: str) -> str:
    """A number and its unit, with the stray spaces reports put around numbers (「 64.36 万元」)."""
    space = st.sampled_from(["", "", " "])
    return f"{draw(space)}{number}{draw(space)}{unit}"


@st.composite
def amount_texts(draw: st.DrawFn, value: Decimal, unit: AmountUnit, in_unit: bool = False) -> str:
    """``value`` (in ``unit``) as a report writes it: 1114.36万元, １１１４．３６万元, 11,143,600元, 一千万元.

    ``in_unit`` keeps it in ``unit``: a report is read as in 万元 when it writes any amount in 万元.
    """
    styles = ["plain", "plain", "full-width", "grouped"] + ([] if in_unit else ["yuan"])
    if value == value.to_integral_value() and 0 < value < 10**8 and len(str(int(value)).rstrip("0")) <= 2:
        styles.append("chinese")
    style = draw(st.sampled_from(styles))
    if style == "chinese":
        numeral = chinese_numeral(int(value))
        if unit == "万元" or "万" not in numeral[-1:]:  # 「五万元」 would make a 元 report a 万元 one
            return numeral + unit
        style = "plain"
    if style == "yuan":
        yuan = value * 10_000 if unit == "万元" else value
        yuan = yuan.quantize(Decimal(1)) if yuan == yuan.to_integral_value() else yuan
        return draw(spaced(draw(st.sampled_from([_grouped, _plain]))(yuan), "元"))
    number = _grouped(value) if style == "grouped" else _plain(value)
    return draw(spaced(number.translate(_FULL_WIDTH) if style == "full-width" else number, unit))


@st.composite
def count_texts(draw: st.DrawFn, n: int, classifier: str) -> str:
    """A count as written: 「3个」「3 个」「三个」「两个」."""
    if draw(st.booleans()) and 0 < n < 100:
        return ("两" if n == 2 and draw(st.booleans()) else chinese_numeral(n)) + classifier
    return draw(spaced(str(n), classifier))


@st.composite
def _digit_by_digit(draw: st.DrawFn, year: int) -> str:
    """「二〇一九」, or with the circle 「二○一九」 many writers type for 〇."""
    zero = draw(st.sampled_from(["〇", "○"]))
    return "".join((zero + "一二三四五六七八九")[int(d)] for d in str(year))


@st.composite
def year_texts(draw: st.DrawFn, year: int, suffix: str = "年") -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(_digit_by_digit(year)) + suffix
    return draw(spaced(str(year), suffix))


@st.composite
def date_texts(draw: st.DrawFn, day: date) -> str:
    if draw(st.integers(0, 3)) == 0:
        return f"{draw(_digit_by_digit(day.year))}年{chinese_numeral(day.month)}月{chinese_numeral(day.day)}日"
    space = draw(st.sampled_from(["", " "]))
    return f"{day.year}{space}年{space}{day.month}{space}月{space}{day.day}{space}日"


def _percent_text(part: PlantedPart, number_space: str, sign: str = "%") -> str:
    word = part.comparator or ""
    percent = f"{_plain(part.percent)}{number_space}{sign}"
    return f"{word}{percent}" if COMPARATORS[part.comparator][1] == "before" else f"{percent}{word}"


# --- the report, paragraph by paragraph -----------------------------------------------------------

#: A paragraph of the report: a heading, a body paragraph (which may be wrapped and broken), or a line kept whole.
Paragraph = tuple[Literal["heading", "body", "line"], str]


def _self_reference(department: str) -> str:
    return next((ref for ending, ref in SELF_REFERENCE.items() if department.endswith(ending)), "我单位")


def _free_of(text: str, cores: list[str]) -> bool:
    return not any(core in text for core in cores)


@st.composite
def _with_fillers(draw: st.DrawFn, sentences: list[str], cores: list[str]) -> str:
    """The sentences in order, with a filler sentence slipped in here and there (one in three gaps)."""
    usable = [f for f in FILLERS if _free_of(f, cores)]
    out: list[str] = []
    for sentence in [*sentences, ""]:
        if draw(st.integers(0, 2)) == 0:
            out.append(draw(st.sampled_from(usable)))
        out.append(sentence)
    return "".join(out)


@st.composite
def _heading(draw: st.DrawFn, text: str, level: int) -> Paragraph:
    marks = draw(st.sampled_from(["#" * level + " ", ""]))
    return ("heading", marks + text)


@st.composite
def _header(draw: st.DrawFn, report: PlantedReport) -> list[Paragraph]:
    """The name and title lines: 「# 贵州省总工会」「## 关于 2019 年部门项目支出 绩效自评工作情况总结」 or one line."""
    year = draw(year_texts(report.year))
    style = draw(st.sampled_from(["name-then-title", "name-in-title", "name-before-关于", "signature-only"]))
    if style == "name-then-title":
        title = draw(st.sampled_from([f"关于 {year} 部门项目支出 绩效自评工作情况总结", f"关于{year}度项目支出绩效自评情况的报告"]))
        rule = [("line", "---")] if draw(st.booleans()) else []
        return [draw(_heading(report.department, 1)), *rule, draw(_heading(title, 2))]
    if style == "name-in-title":
        return [draw(_heading(f"{report.department}{year}度项目支出绩效自评报告", 1))]
    if style == "name-before-关于":
        return [draw(_heading(f"{report.department}关于{year}度部门项目支出绩效自评工作情况的报告", 1))]
    return [draw(_heading(f"关于{year}度项目支出绩效自评工作情况的报告", 1))]


@st.composite
def _introduction(draw: st.DrawFn, report: PlantedReport, cores: list[str]) -> list[Paragraph]:
    if not draw(st.booleans()):
        return []
    year = draw(year_texts(report.year, "年度"))
    finance = draw(st.sampled_from(
        ["省财政厅", "市财政局", "财政部门"]
    ))
    ref = _self_reference(report.department)
    sentence = f"按照《{finance}关于开展{year}项目支出绩效自评工作的通知》精神，{ref}积极开展部门项目支出绩效自评工作，现将有关情况报告如下："
    return [("body", sentence)]


@st.composite
def _total_and_count(draw: st.DrawFn, report: PlantedReport) -> tuple[str, bool]:
    """The sentence (or clause) stating the count and the total; True when the list follows in the same sentence."""
    year = draw(year_texts(report.year))
    ref = _self_reference(report.department)
    total = draw(amount_texts(report.total, report.unit)) if report.total is not None else None
    count = draw(count_texts(report.project_count, "个")) if report.project_count is not None else None
    if count and total:
        options = [
            (f"{year}，{ref}财政项目有{count}，财政拨入经费{total}。", False),
            (f"{year}，共安排{count}项目，项目经费合计{total}。", False),
            (f"{year}，{ref}实施{count}财政支出项目，省财政安排的项目经费{total}，", True),
        ]
    elif count:
        options = [(f"{year}，{ref}财政项目有{count}。", False), (f"{year}，共安排{count}项目。", False)]
    elif total:
        options = [(f"{year}，省财政安排的项目经费{total}。", False), (f"{year}，财政拨入经费{total}，", True)]
    else:
        options = [(f"{year}，{ref}的财政项目如下。", False)]
    return draw(st.sampled_from(options))


@st.composite
def _project_list(draw: st.DrawFn, report: PlantedReport) -> str:
    """「其中：A1000万元、B50万元、C 64.36 万元」 and its kin."""
    trigger = draw(st.sampled_from(["其中：", "其中，", "包括", "分别为：", "具体为："]))
    separator = draw(st.sampled_from(["、", "，", "；"]))
    items = []
    for number, project in enumerate(report.projects):
        between = draw(st.sampled_from(["", "", " ", "安排", "预算"]))
        items.append(f"{project.name}{between}{draw(amount_texts(project.budget, report.unit, in_unit=number == 0))}")
    last = draw(st.sampled_from(["", "以及", "和"]))
    if last:
        items[-1] = last + items[-1]
    return trigger + separator.join(items)


def _balance_sentences(claim: BalanceClaim | None) -> list[str]:
    if claim == "无余额":
        return ["这些经费当年已按要求和规定全部使用完毕，当年无余额", "上述资金年末无结余", "项目资金结余为0", "资金已全部使用，结余为零"]
    if claim == "有余额":
        return ["截至年末，项目资金尚有结余，将按规定结转使用", "部分资金未全部使用完毕", "部分项目存在结余"]
    return []


@st.composite
def _uses_passage(draw: st.DrawFn, project: PlantedProject, unit: AmountUnit) -> str:
    """「送温暖资金用于P1 50 万元；P2 60 万元」 — the full or shortened name, then each purpose and amount."""
    subject = draw(st.sampled_from([project.name, project.core, project.core + "主要", project.name + "分别"]))
    colon = draw(st.sampled_from(["", "", "："]))
    separator = draw(st.sampled_from(["；", "、", "，"]))
    items = [f"{use.purpose}{draw(st.sampled_from(['', ' ']))}{draw(amount_texts(use.amount, unit))}" for use in project.uses]
    if len(items) > 1 and draw(st.booleans()):
        return f"{subject}用于{colon}" + separator.join(items[:-1]) + draw(st.sampled_from(["和", "以及"])) + items[-1]
    return f"{subject}用于{colon}" + separator.join(items)


@st.composite
def _funds(draw: st.DrawFn, report: PlantedReport, cores: list[str], spending_in_funds: bool) -> list[Paragraph]:
    """The 资金安排/收支 paragraphs: total and count, the list, the balance claim, the uses (and spending)."""
    opening, list_follows = draw(_total_and_count(report))
    listing = draw(_project_list(report))
    balance = draw(st.sampled_from(_balance_sentences(report.balance_claim))) if report.balance_claim else None
    balance_inline = balance is not None and draw(st.booleans())
    listing += f"，{balance}。" if balance_inline else "。"
    sentences = [opening + listing] if list_follows else [opening, listing]
    if balance and not balance_inline:
        sentences.append(balance + "。")
    if spending_in_funds and (spending := draw(_spending_together(report))):
        sentences.append(spending)
    with_uses = [p for p in report.projects if p.uses]
    passages = [draw(_uses_passage(p, report.unit)) for p in draw(st.permutations(with_uses))]
    uses: list[str] = []
    if passages:
        if draw(st.booleans()):
            uses = ["使用情况分别为：" + "。".join(passages) + "。"]
        elif draw(st.booleans()):
            uses = ["；".join(passages) + "。"]
        else:
            uses = [p + "。" for p in passages]
    if draw(st.booleans()):
        return [("body", draw(_with_fillers([*sentences, *uses], cores)))]
    return [("body", draw(_with_fillers(sentences, cores))), ("body", draw(_with_fillers(uses, cores)))] if uses else [
        ("body", draw(_with_fillers(sentences, cores)))
    ]


_SHARE_TOPICS = {
    "人": ("组织{batches}劳模{whole_word}{n}到全国劳模疗休养基地进行疗休养", ["来自基层和一线的劳模有{n}", "女劳模{n}", "农民工{n}"]),
    "名": ("培训职工{whole_word}{n}", ["女职工{n}", "一线职工有{n}", "新入职职工{n}"]),
    "户": ("慰问困难职工家庭{whole_word}{n}", ["单亲家庭{n}", "农村家庭有{n}", "因病致困家庭{n}"]),
}


@st.composite
def _shares_sentences(draw: st.DrawFn, shares: PlantedShares) -> list[str]:
    """「组织 3 批次劳模共 99 人…，其中来自基层的劳模有 73 人，占比 70%以上，女劳模 20 人，占比 20%以上」."""
    classifier = draw(st.sampled_from(sorted(_SHARE_TOPICS)))
    whole_phrase, labels = _SHARE_TOPICS[classifier]
    whole_word = draw(st.sampled_from(["共", "共有", "共计", "总计", "合计"]))
    batches = draw(st.sampled_from(["", "疗休养", draw(count_texts(draw(st.integers(1, 9)), "批次"))]))
    whole = whole_phrase.format(whole_word=whole_word, batches=batches, n=draw(spaced(str(shares.whole), classifier)))
    named = draw(st.permutations(labels))
    clauses = []
    for i, part in enumerate(shares.parts):
        label = named[i].format(n=draw(spaced(str(part.count), classifier)))
        before = COMPARATORS[part.comparator][1] == "before" and part.comparator is not None
        share_word = draw(st.sampled_from(["占比", "占"] if before else ["占比", "占比", "占", "占比达", "比例为"]))
        space = draw(st.sampled_from(["", " "]))
        percent = _percent_text(part, space, draw(st.sampled_from(["%", "%", "％"])))
        lead = draw(st.sampled_from(["其中", "其中，"])) if i == 0 else ""
        clauses.append(f"{lead}{label}，{share_word}{space}{percent}")
    if draw(st.booleans()):
        return [f"{whole}，{'，'.join(clauses)}。"]
    return [f"{whole}。", f"{'，'.join(clauses)}。"]


@st.composite
def _rating_sentence(draw: st.DrawFn, project: PlantedProject) -> str | None:
    parts = []
    if project.score is not None:
        parts.append(draw(st.sampled_from(["自评得分{}分", "自评得分为{}分", "综合得分{}分"])).format(_plain(project.score)))
    if project.grade is not None:
        parts.append(draw(st.sampled_from(["评价等级为{}", "自评等级为“{}”", "等级为{}"])).format(project.grade))
    if not parts:
        return None
    return f"经自评，该项目{'，'.join(parts)}。"


@st.composite
def _spending_clause(draw: st.DrawFn, project: PlantedProject, unit: AmountUnit) -> str | None:
    """「送温暖年初预算1000万元，全年支出998万元，结余2万元」 — naming the project, as extraction needs."""
    if project.executed is None and project.balance is None:
        return None
    mention = draw(st.sampled_from([project.core, project.name]))
    clauses = []
    if draw(st.booleans()):
        clauses.append(draw(st.sampled_from(["年初预算{}", "预算数为{}"])).format(draw(amount_texts(project.budget, unit))))
    if project.executed is not None:
        words = draw(st.sampled_from(["全年支出{}", "实际支出{}", "已支出{}", "执行数为{}", "累计使用资金{}"]))
        clauses.append(words.format(draw(amount_texts(project.executed, unit))))
    if project.balance is not None:
        words = draw(st.sampled_from(["结余{}", "结余资金{}", "余额为{}"]))
        clauses.append(words.format(draw(amount_texts(project.balance, unit))))
    return mention + "，".join(clauses)


_SPENDING_LEADS = ["", "截至年底，", "从执行情况看，"]


@st.composite
def _spending_together(draw: st.DrawFn, report: PlantedReport) -> str | None:
    """Every project's spending in one sentence: 「从执行情况看，A全年支出…；B实际支出…，结余…。」"""
    clauses = [c for p in report.projects if (c := draw(_spending_clause(p, report.unit)))]
    if not clauses:
        return None
    return draw(st.sampled_from(_SPENDING_LEADS)) + draw(st.sampled_from(["；", "，"])).join(clauses) + "。"


@st.composite
def _project_sections(
    draw: st.DrawFn, report: PlantedReport, cores: list[str], headings: bool, spending_in_funds: bool
) -> list[Paragraph]:
    """One paragraph per project it has something to say about, each naming only its project (or under its heading)."""
    paragraphs: list[Paragraph] = []
    for number, project in enumerate(report.projects, start=1):
        shares = [s for s in report.shares if s.project == project.name]
        rating = draw(_rating_sentence(project))
        clause = None if spending_in_funds else draw(_spending_clause(project, report.unit))
        spending = f"{draw(st.sampled_from(_SPENDING_LEADS))}{clause}。" if clause else None
        if not shares and rating is None and spending is None and draw(st.booleans()):
            continue
        under_heading = headings and draw(st.booleans())
        if under_heading:
            paragraphs.append(draw(_heading(f"（{chinese_numeral(number)}）{project.name}", 4)))
        mention = draw(st.sampled_from([project.core, project.name]))
        opener = draw(st.sampled_from(["{}工作扎实推进。", "{}按计划顺利实施。", "{}主要围绕服务职工群众开展工作。"])).format(mention)
        sentences = [] if under_heading and draw(st.booleans()) else [opener]
        for group in shares:
            sentences += draw(_shares_sentences(group))
        if spending:
            sentences.append(spending)
        if rating:
            sentences.append(rating)
        paragraphs.append(("body", draw(_with_fillers(sentences, cores)) if sentences else opener))
    return paragraphs


@st.composite
def report_texts(draw: st.DrawFn, report: PlantedReport) -> str:
    """The text of a report stating exactly ``report``'s facts, in randomly chosen phrasings."""
    cores = [p.core for p in report.projects]
    headings = draw(st.booleans())
    paragraphs: list[Paragraph] = [*draw(_header(report)), *draw(_introduction(report, cores))]
    if headings:
        paragraphs.append(draw(_heading("一、绩效评价对象的基本情况", 2)))
    paragraphs += [("body", draw(_with_fillers([], cores)) or FILLERS[0])]
    if headings:
        paragraphs.append(draw(_heading("二、项目资金收支情况", 2)))
    spending_in_funds = draw(st.booleans())
    paragraphs += draw(_funds(report, cores, spending_in_funds))
    if headings:
        paragraphs.append(draw(_heading("三、项目实施情况", 2)))
    for group in report.shares:
        if group.project is None:
            paragraphs.append(("body", draw(_with_fillers(draw(_shares_sentences(group)), cores))))
    paragraphs += draw(_project_sections(report, cores, headings, spending_in_funds))
    if headings or report.department_grade:
        paragraphs.append(draw(_heading("四、项目支出绩效总评", 2)))
    closing = [f"{_self_reference(report.department)}对项目支出绩效总体评价为{report.department_grade}。"] if report.department_grade else []
    paragraphs.append(("body", draw(_with_fillers(closing, cores)) or FILLERS[5]))
    signature = [report.department, draw(date_texts(report.report_date))]
    paragraphs += [("line", "\n".join(signature))] if draw(st.booleans()) else [("line", line) for line in signature]
    body = [draw(_broken(text)) if kind == "body" else text for kind, text in paragraphs]
    return "\n\n".join(body) + "\n"


# --- line and page breaks -------------------------------------------------------------------------

#: Where a line may wrap or a page break: after a character that does not end a sentence (a
#: sentence end is taken for a paragraph end) and before one that does not start a heading
#: or list item (「一、」「（一）」), and never inside an ASCII word such as 1114.36, which the
#: document reader would join back with a space.
_LINE_END = re.compile(r"[\u4e00-\u9fff0-9A-Za-z，、）”》]")
_LINE_START = re.compile(r"[\u4e00-\u9fff0-9（“《]")
_NUMERALS = set("一二三四五六七八九十百千万亿零〇○两第")


def _break_points(paragraph: str) -> list[int]:
    return [
        i for i in range(1, len(paragraph))
        if _LINE_END.match(paragraph[i - 1]) and _LINE_START.match(paragraph[i]) and paragraph[i] not in _NUMERALS
        and not (paragraph[i - 1].isascii() and paragraph[i].isascii())
        and not (paragraph[i - 1] in "）”》" and i > 1 and paragraph[i - 2] in "。！？；：")
    ]


#: The document reader continues a paragraph across a blank line only after at least 20 characters.
PAGE_BREAK_AFTER = 24


def _width(text: str) -> int:
    return sum(1 if ch.isascii() else 2 for ch in text)


def _wrap(paragraph: str, width: int, points: list[int]) -> list[str]:
    """Lines of at least ``width`` columns, as a PDF export wraps a paragraph; [paragraph] when they
    would not all be about as wide as the widest (a short line ends a paragraph in a .txt file)."""
    lines, start = [], 0
    for point in points:
        if _width(paragraph[start:point]) >= width and len(paragraph[start:point]) >= 20:
            lines.append(paragraph[start:point])
            start = point
    lines.append(paragraph[start:])
    widest = max(map(_width, lines))
    if any(_width(line) < 0.8 * widest for line in lines[:-1]):
        return [paragraph]
    return lines


@st.composite
def _broken(draw: st.DrawFn, paragraph: str) -> str:
    """The paragraph hard-wrapped into lines, or not, and perhaps broken by a page (a blank line) mid-sentence."""
    points = _break_points(paragraph)
    page = [i for i in points if i >= PAGE_BREAK_AFTER and len(paragraph) - i >= 2]
    pieces = [paragraph]
    if page and draw(st.integers(0, 2)) == 0:
        cut = draw(st.sampled_from(page))
        pieces = [paragraph[:cut], paragraph[cut:]]
    if draw(st.booleans()):
        width = draw(st.integers(40, 120))
        pieces = ["\n".join(_wrap(piece, width, _break_points(piece))) for piece in pieces]
    return "\n\n".join(pieces)


def reports(consistent: bool = False) -> st.SearchStrategy[tuple[str, PlantedReport]]:
    """A report's text and the facts planted in it."""
    return planted_reports(consistent).flatmap(lambda planted: report_texts(planted).map(lambda text: (text, planted)))

"""The one definition of a submission and of a finding, shared by every reader and format.

Values are kept flat on each record; ``sources`` maps a field name to where it was
read (``资金明细!C5``), so that a finding can point at the cell a number came from.
A value that was absent or rejected as unreadable is ``None`` (unknown, never zero):
the rules that need it are skipped rather than run on a guess.

Amounts are ``Decimal`` in the department's unit (``万元`` or ``元``), exactly as
written in the file; nothing on this path is a binary float.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

AmountUnit = Literal["万元", "元"]
Severity = Literal["error", "warning", "info"]
IssueKind = Literal[
    "unreadable_file",
    "missing_structure",
    # What a written report was expected to state (department, year, projects) and was not found to.
    "missing_statement",
    # A figure written in another unit than its siblings and, so read, far from them (D007).
    "unit_outlier",
    "bad_value",
    "unknown_project",
    "duplicate_project",
]

#: How many fen (0.01 元) one unit of each amount unit holds.
FEN_PER_UNIT: dict[str, int] = {"万元": 1_000_000, "元": 100}
#: How reports name each severity, per language.
SEVERITY_NAMES: dict[str, dict[str, str]] = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
#: How messages name each unit, per language.
UNIT_NAMES: dict[str, dict[str, str]] = {"zh": {"万元": "万元", "元": "元"}, "en": {"万元": "×10,000 yuan", "元": "yuan"}}


class Record(BaseModel):
    """Base of every row read from a file: its values and where each came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: dict[str, str] = Field(default_factory=dict)

    def source(self, field: str) -> str | None:
        """The location a field was read from, or None when it was not read from a cell."""
        return self.sources.get(field)


class Department(Record):
    name: str | None = None
    year: int | None = None
    report_date: date | None = None
    unit: AmountUnit = "万元"
    total_allocation: Decimal | None = None
    project_count: int | None = None
    balance_claim: Literal["无余额", "有余额"] | None = None
    grade: str | None = None


class Project(Record):
    name: str
    #: 全年预算数 (调整后预算数 in Sichuan's table); 预算数 in the submission workbook.
    budget: Decimal | None = None
    executed: Decimal | None = None
    balance: Decimal | None = None
    #: 自评得分; the national table's 总分.
    score: Decimal | None = None
    grade: str | None = None
    # What the national table (项目支出绩效自评表) states besides; None elsewhere.
    #: 年初预算数.
    budget_initial: Decimal | None = None
    #: The printed 执行率 in percent (50 for 「50%」 or a percent-formatted 0.5) …
    execution_rate: Decimal | None = None
    #: … and how many digits it shows after the point, as a percent (「49.88」 → 2, 「50%」 → 0).
    execution_rate_decimals: int | None = None
    #: 预算执行率's 分值 (usually 10) and its printed 得分.
    execution_weight: Decimal | None = None
    execution_points: Decimal | None = None
    #: The reason given for a low 执行率, where the layout has a cell for it (Sichuan's 原因).
    execution_reason: str | None = None
    #: The 主管部门 and 年度 of this project's own table, in a workbook of several tables (else None:
    #: the submission's department and year).
    department: str | None = None
    year: int | None = None


class Expenditure(Record):
    project: str
    purpose: str | None = None
    amount: Decimal | None = None


class FundingRow(Record):
    """One row of the national table's 项目资金 block: 年度资金总额 (``is_total``) or a 其中 row."""

    project: str
    label: str
    is_total: bool = False
    #: 年初预算数, 全年预算数 (调整后预算数), 全年执行数 (预算执行数), in the table's unit.
    initial: Decimal | None = None
    budget: Decimal | None = None
    executed: Decimal | None = None


class TextCell(Record):
    """A cell of free text (评价结论, 存在问题, an indicator's name …), for the placeholder check (D006)."""

    project: str | None = None
    label: str
    text: str


class Indicator(Record):
    project: str
    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    target: str | None = None
    actual: str | None = None
    weight: Decimal | None = None
    points: Decimal | None = None
    deviation_reason: str | None = None


class Claim(Record):
    project: str | None = None
    statement: str
    part: Decimal | None = None
    whole: Decimal | None = None
    claimed_percent: Decimal | None = None
    comparator: str | None = None


class TextSource(BaseModel):
    """Where a narrative report states one value: its paragraph, its sentence, the characters.

    ``location`` is the string findings cite (``第7段「其中：送温暖资金1000万元、…」``);
    ``start``/``end`` are character offsets of the value's words within ``sentence``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    value: str
    paragraph: int
    sentence: str
    start: int
    end: int
    location: str


class StatedFigure(BaseModel):
    """One figure a report states, as written: its value in the unit written beside it, the last
    digit it prints (its precision: 7.79 → 0.01, 1.1万 → 0.1, 2595.6208 → 0.0001), and where."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Decimal
    #: 元, 万元, 亿元 for money; %, or a classifier (人, 个 …) for other figures.
    unit: str
    precision: Decimal
    #: The words as written (「504.55 万元」).
    text: str
    paragraph: int
    #: Where the words stand in their sentence (characters, from 0).
    start: int
    end: int


StatementKind = Literal["parts", "spending", "rate", "change"]


class Statement(BaseModel):
    """A relation a report states between its figures, read from one sentence (or a passage), that the
    statement rules check (F009–F011, P003): a whole and its parts, a budget/spending/balance of one
    sum of money, a rate between two amounts, a change and its percentage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: StatementKind
    #: How a finding cites it: the paragraph and the words quoted (第12段「…」).
    location: str
    #: The project whose paragraph states it (a single-project report's, from its title), else None.
    project: str | None = None
    #: What the figures are about, by the nearest label (a project, 中央资金 …), where known.
    subject: str | None = None
    # parts: a whole and the parts listed under it; complete when the list is stated to be all of it.
    whole: StatedFigure | None = None
    parts: list[StatedFigure] = Field(default_factory=list)
    complete: bool = False
    #: Why the list is complete (「分别为」, 「两项」 …), for the message.
    complete_by: str | None = None
    # spending: budget − spending = balance.
    budget: StatedFigure | None = None
    spending: StatedFigure | None = None
    balance: StatedFigure | None = None
    # rate: a stated percentage of numerator / denominator (执行率 = spending / budget …).
    rate: StatedFigure | None = None
    rate_name: str | None = None
    numerator: StatedFigure | None = None
    denominator: StatedFigure | None = None
    # change: the current figure, the change stated, its percentage; decrease for 减少/下降.
    current: StatedFigure | None = None
    change: StatedFigure | None = None
    percent: StatedFigure | None = None
    decrease: bool = False


class DataIssue(BaseModel):
    """A problem with the file itself, found while reading it (the D rules report these)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: IssueKind
    detail_zh: str
    detail_en: str
    locations: list[str] = Field(default_factory=list)
    project: str | None = None


class Submission(BaseModel):
    """Everything one file states, in one shape whatever layout it came in."""

    model_config = ConfigDict(extra="forbid")

    path: str
    #: The kind of document read (submission-workbook, national-form, narrative-report, …);
    #: None for a file no reader took.
    layout: str | None = "submission-workbook"
    department: Department = Field(default_factory=Department)
    projects: list[Project] = Field(default_factory=list)
    expenditures: list[Expenditure] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    #: The national table's 项目资金 rows (none in other layouts).
    funding: list[FundingRow] = Field(default_factory=list)
    #: Free-text cells, where the layout has them.
    texts: list[TextCell] = Field(default_factory=list)
    issues: list[DataIssue] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    #: True when the file could not be read at all (a D001 issue says why).
    unreadable: bool = False
    #: Tables (``indicators``) or columns (``indicators.level2``) the file lacks: rules that
    #: need them are skipped rather than run as if every row were empty.
    unavailable: list[str] = Field(default_factory=list)
    #: For a narrative report: every value extracted and the sentence it came from.
    extracted: list[TextSource] = Field(default_factory=list)
    #: For a written report: the relations it states between its figures (the statement rules' input).
    statements: list[Statement] = Field(default_factory=list)


class Finding(BaseModel):
    """One problem, as every format shows it: the JSON report's ``findings`` item."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    name: str
    severity: Severity
    project: str | None = None
    message: str
    locations: list[str] = Field(default_factory=list)
    values: dict[str, str] = Field(default_factory=dict)
    #: Whose and which year's figures the finding is about: the file's, or, in a workbook holding
    #: tables of several departments or years, its own table's.
    department: str | None = None
    year: int | None = None


class FileResult(BaseModel):
    """What checking one file produced: the JSON report's ``results`` item."""

    model_config = ConfigDict(extra="forbid")

    path: str
    department: str | None = None
    year: int | None = None
    #: ``ok``: the file was read and checked; ``error``: it could not be read (a D finding
    #: says why); ``internal-error``: auditor itself failed on it (an E000 finding says so).
    status: Literal["ok", "error", "internal-error"] = "ok"
    layout: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    #: BLAKE2b-128 of the file's bytes (hex), taken where the file is checked: two files with the
    #: same digest are one submission sent twice. None when the file could not be read for it.
    digest: str | None = None
    #: The traceback of an internal error, for stderr and the maintainers; never in a report.
    _traceback: str | None = PrivateAttr(default=None)

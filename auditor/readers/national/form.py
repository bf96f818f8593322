"""Reads a workbook of national 项目支出绩效自评表 (one project per sheet) into one Submission.

docs/NATIONAL_FORM.md describes the table and its variants (2020 national, central A/B,
2016–2019 central and Beijing, Sichuan 2023). Every field is found by its label, never
by position; every value keeps its cell; a bad value is a D003 issue and None, a block
that cannot be found a D002 issue, and nothing here raises. The blocks are read by
national_funds, national_indicators and national_texts; this module reads the rest
(项目名称, 主管部门, year, unit, 总分, 评价等级) and puts the sheets together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from auditor.model import (
    DataIssue,
    Department,
    FundingRow,
    Indicator,
    Project,
    Submission,
    TextCell,
)
from auditor.parsing.units import WrittenAmount
from auditor.readers.cell_values import CellValues, unit_issues
from auditor.readers.national.funds import (
    FundsBlock,
    FundsHead,
    find_funds_head,
    read_funds,
)
from auditor.readers.national.indicators import (
    IndicatorHead,
    find_indicator_head,
    read_indicators,
)
from auditor.readers.national.labels import (
    DEPARTMENT,
    FUNDS_TITLE,
    GRADE,
    GRADE_SYNONYMS,
    INDICATORS_TITLE,
    PROJECT_NAME,
    SCORE_ROWS,
    TOTAL_ROWS,
    folded,
    label_unit,
)
from auditor.readers.national.sheet import FormSheet, text_of
from auditor.readers.national.texts import (
    conclusion_texts,
    goal_texts,
    implementer_text,
)
from auditor.readers.workbook import columns as layout
from auditor.sources.grid import Cell, WorkbookCells

LAYOUT_NAME = "national-form"
#: 「51000021R000000019951-」: the budget system's project code before Sichuan's 项目名称.
_PROJECT_CODE = re.compile(r"^(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{12,}\s*[-－—–_]+\s*(?=\S)")
#: 「[101001]某局」「101001-某局」「某局（101001）」: the code of 主管部门及代码.
_DEPARTMENT_CODE = re.compile(r"^[\[(（【]?\d{3,}[\])）】]?\s*[-－—_]?\s*|\s*[\[(（【]\d{3,}[\])）】]$|\s+\d{3,}$")
_YEAR = re.compile(r"((?:19|20)\d{2})年度")


def is_national_sheet(form: FormSheet) -> bool:
    """项目名称, a funds block (年度资金总额/总额 or 预算执行情况), and a 绩效指标 block or 总分/合计."""
    return (
        form.find(PROJECT_NAME) is not None
        and form.find(FUNDS_TITLE | TOTAL_ROWS) is not None
        and form.find(INDICATORS_TITLE | {"一级指标", "一级"} | SCORE_ROWS) is not None
    )


def read_national_form(path: Path, workbook: WorkbookCells, forms: Sequence[FormSheet] | None = None) -> Submission:
    """The projects of every sheet that holds a national table, as one submission.

    ``forms`` are the workbook's sheets already indexed by label (layout recognition made
    them), so that a national workbook's labels are indexed once.
    """
    return NationalFormReader(path, workbook, forms).read()


@dataclass(frozen=True)
class _Stated:
    """A department-level value as one sheet states it, and where."""

    value: str | int
    ref: str


@dataclass(frozen=True)
class _Sheet:
    """A sheet holding a table: its labels, its two blocks' heads, and the unit it names."""

    form: FormSheet
    funds: FundsHead | None
    indicators: IndicatorHead | None
    unit: _Stated | None


@dataclass
class _Table:
    """What one sheet's table states."""

    project: Project
    funding: list[FundingRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    texts: list[TextCell] = field(default_factory=list)
    department: _Stated | None = None
    year: _Stated | None = None


def _projects_with_their_departments(tables: Sequence[_Table]) -> list[Project]:
    """Each table's project; in a workbook whose tables state several 主管部门 or 年度, each
    knowing its own table's, so that its findings are reported under them."""
    departments = {t.department.value for t in tables if t.department}
    years = {t.year.value for t in tables if t.year}
    if len(departments) <= 1 and len(years) <= 1:
        return [t.project for t in tables]
    return [
        t.project.model_copy(update={
            "department": str(t.department.value) if t.department else None,
            "year": int(t.year.value) if t.year else None,
        })
        for t in tables
    ]


class NationalFormReader:
    """One read of one workbook: collects records, data issues and notes as it goes."""

    def __init__(self, path: Path, workbook: WorkbookCells, forms: Sequence[FormSheet] | None = None) -> None:
        self.path = path
        self.workbook = workbook
        self.forms = list(forms) if forms is not None else [FormSheet.of(sheet) for sheet in workbook.sheets]
        self.issues: list[DataIssue] = []
        self.notes: list[str] = []
        self.amounts: list[WrittenAmount] = []
        # The table has no 资金明细 or 数据声明: rules on them are skipped, not fired on absence.
        self.unavailable: list[str] = ["expenditures", "claims"]

    def read(self) -> Submission:
        sheets = []
        for form in self.forms:
            sheet = form.sheet
            if is_national_sheet(form):
                funds, indicators = find_funds_head(form), find_indicator_head(form)
                sheets.append(_Sheet(form, funds, indicators, _sheet_unit(form, funds, indicators)))
            elif sheet.cells:
                self.notes.append(f"工作表“{sheet.name}”中没有项目支出绩效自评表，已跳过")
        unit = str(self._agreed([s.unit for s in sheets], "金额单位", "金额单位", ("，按万元读取", "，金额均已换算")) or "万元")
        tables = [self._table(s, unit) for s in sheets]
        unit_outliers, unit_notes = unit_issues(self.amounts, unit)
        self.issues.extend(unit_outliers)
        self.notes.extend(unit_notes)
        department = Department(
            name=self._agreed([t.department for t in tables], "主管部门", "主管部门"),
            year=self._agreed([t.year for t in tables], "年度", "年度（如「（2019年度）」）"),
            unit=unit,
            sources=_first_refs(name=[t.department for t in tables], year=[t.year for t in tables], unit=[s.unit for s in sheets]),
        )
        return Submission(
            path=str(self.path),
            layout=LAYOUT_NAME,
            department=department,
            projects=_projects_with_their_departments(tables),
            indicators=[i for t in tables for i in t.indicators],
            funding=[r for t in tables for r in t.funding],
            texts=[c for t in tables for c in t.texts],
            issues=self.issues,
            notes=[f"按全国项目支出绩效自评表读取（{len(tables)} 张表）", *self.notes],
            unavailable=self.unavailable,
        )

    def _agreed(self, stated: list[_Stated | None], what: str, looked_for: str, then: tuple[str, str] = ("", "")) -> str | int | None:
        """The first sheet's value; a note (ending in ``then``) when no sheet states it or the sheets disagree."""
        found = [s for s in stated if s is not None]
        if not found:
            self.notes.append(f"自评表中未找到{looked_for}{then[0]}")
            return None
        if len({s.value for s in found}) > 1:
            listing = "、".join(f"{s.value}（{s.ref}）" for s in found)
            self.notes.append(f"各表的{what}不一致：{listing}；按第一张表读取{then[1]}")
        return found[0].value

    def _missing(self, zh: str, en: str, location: str, project: str | None = None) -> None:
        self.issues.append(DataIssue(kind="missing_structure", detail_zh=zh, detail_en=en, locations=[location], project=project))

    # --- one sheet ---------------------------------------------------------------------------

    def _table(self, sheet: _Sheet, unit: str) -> _Table:
        form = sheet.form
        values = CellValues(form.name, self.issues, self.amounts)
        name, name_ref = self._project_name(form, values)
        funds = FundsBlock()
        if sheet.funds is None:
            self._missing(
                f"工作表“{form.name}”中找不到项目资金栏的表头（年初预算数、全年预算数、全年执行数）",
                f"no header of the funds block found in the sheet “{form.name}” (年初预算数, 全年预算数, 全年执行数)",
                form.name, name,
            )
        else:
            # A sheet that names no unit is taken to be in the unit the others name.
            funds = read_funds(form, sheet.funds, values, name, unit, str(sheet.unit.value) if sheet.unit else unit)
            self.notes.extend(funds.notes)
        if not funds.has_reason_cell:
            self.unavailable.append(f"execution_reason:{name}")
        sources = {"name": name_ref, **funds.sources}
        score = _score(form, values, sheet.indicators, name, sources)
        grade = _grade(form, values, name, sources)
        table = _Table(
            project=Project(name=name, score=score, grade=grade, sources=sources, **funds.project),
            funding=funds.rows,
            department=_department(form, values),
            year=_year(form),
        )
        end_of_goals = sheet.indicators.row if sheet.indicators else form.sheet.max_row + 1
        table.texts = implementer_text(form, name) + funds.texts + goal_texts(form, name, end_of_goals)
        if sheet.indicators is None:
            self._missing(
                f"工作表“{form.name}”中找不到绩效指标表头（一级指标、二级指标、三级指标）",
                f"no header of the performance indicators found in the sheet “{form.name}” (一级指标, 二级指标, 三级指标)",
                form.name, name,
            )
            self.unavailable.append(f"indicators:{name}")
        else:
            block = read_indicators(form, sheet.indicators, values, name)
            table.indicators = block.indicators
            table.texts += block.texts
        table.texts += conclusion_texts(form, name)
        return table

    def _project_name(self, form: FormSheet, values: CellValues) -> tuple[str, str]:
        """项目名称 without a budget-system code before it; the sheet's name when it is empty (D002)."""
        label = form.find(PROJECT_NAME)
        assert label is not None  # is_national_sheet checked it
        cell, ref = form.right_of(label)
        text = text_of(values, cell)
        if text is None:
            self._missing(
                f"工作表“{form.name}”的项目名称为空，以工作表名称代替",
                f"the 项目名称 of the sheet “{form.name}” is empty; the sheet's name stands for it",
                ref,
            )
            return form.name, ref
        code = _PROJECT_CODE.match(text)
        return (text[code.end():] if code else text), ref


def _department(form: FormSheet, values: CellValues) -> _Stated | None:
    """主管部门 (主管部门及代码 without its code)."""
    label = form.find(DEPARTMENT)
    if label is None:
        return None
    cell, ref = form.right_of(label)
    text = text_of(values, cell)
    name = _DEPARTMENT_CODE.sub("", text).strip() if text else None
    return _Stated(name, ref) if name else None


def _year(form: FormSheet) -> _Stated | None:
    """「（2019年度）」 or 「2019年度项目支出绩效自评表」 in the title rows, down to 项目名称's row."""
    label = form.find(PROJECT_NAME)
    for row in range(1, label.row + 1 if label is not None else 1):
        for cell in form.row_cells(row):
            match = _YEAR.search(folded(cell.text)) if (cell.row, cell.col) in form.keys else None
            if match:
                return _Stated(int(match.group(1)), form.ref(cell.row, cell.col))
    return None


def _sheet_unit(form: FormSheet, funds: FundsHead | None, indicators: IndicatorHead | None) -> _Stated | None:
    """The amount unit the sheet names: 「项目资金（万元）」, a funds head 「（元）」, or 「单位：万元」 above the indicators."""
    candidates = list(form.labels(FUNDS_TITLE)) + (list(funds.cells.values()) if funds is not None else [])
    above = range(1, indicators.row if indicators else form.sheet.max_row + 1)
    candidates += [cell for row in above for cell in form.row_cells(row)]
    for cell in candidates:
        unit = label_unit(cell.text) if (cell.row, cell.col) in form.keys else None
        if unit is not None:
            return _Stated(unit, form.ref(cell.row, cell.col))
    return None


def _score(form: FormSheet, values: CellValues, head: IndicatorHead | None, project: str, sources: dict[str, str]) -> Decimal | None:
    """总分 (合计): the cell under the indicators' 得分 head, else the last value in its row."""
    label = form.find(SCORE_ROWS, range(head.row + 1, form.sheet.max_row + 1) if head is not None else None)
    if label is None:
        return None
    cell: Cell | None
    if head is not None and "points" in head.columns:
        col = head.columns["points"]
        cell, ref = form.cell(label.row, col), form.ref(label.row, col)
        if CellValues.is_empty(cell) and (anchor := form.anchor_of(label.row, col)) is not None:
            cell, ref = anchor, form.ref(anchor.row, anchor.col)  # 得分 merged with its neighbours
    else:
        filled = [c for c in form.row_cells(label.row) if c.col > form.past(label)[1] and not CellValues.is_empty(c)]
        cell = filled[-1] if filled else None
        ref = form.ref(label.row, cell.col if cell else form.past(label)[1] + 1)
    sources["score"] = ref
    return values.number(cell, project)


def _grade(form: FormSheet, values: CellValues, project: str, sources: dict[str, str]) -> str | None:
    """评价等级 (自评等级), beside its label: 优/良 are read as 优秀/良好."""
    label = form.find(GRADE)
    if label is None:
        return None
    cell, sources["grade"] = form.right_of(label)
    return values.word(cell, layout.GRADES, GRADE_SYNONYMS, project)


def _first_refs(**stated: list[_Stated | None]) -> dict[str, str]:
    """Where the first sheet that states each department-level value states it."""
    found = {name: next((s.ref for s in values if s is not None), None) for name, values in stated.items()}
    return {name: ref for name, ref in found.items() if ref is not None}

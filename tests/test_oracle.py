"""Generated workbooks this project has never seen get exactly the findings the catalogue defines.

"Defines" is said by ``tests/catalogue_oracle.py``, an independent reading of docs/RULES.md:
for each generated submission it gives the (rule, project) pairs that must be found, as many
times as each must be, and auditor must find exactly those — none missing, none extra.

- Workbooks: consistent submissions with several problems planted at once (amounts moved to
  a tolerance or one step past it, amounts and counts left unknown, unmet targets, every
  comparator word, rows of unknown and repeated projects …) are written as .xlsx in the
  layout variants departments send and checked from the file, as ``auditor check`` does. An
  unknown amount is sometimes written as words (「约五十万」) instead of left empty: then
  the cell is also a D003, and the value stays unknown. Or a sheet or a column is taken
  out of the written file: a required one is a D002, and what it held is unknown — the rules
  that need it are skipped, not run as if it were empty.
- National workbooks: generated national tables (其中 rows, printed 执行率 and 得分, reasons,
  prompts left in cells, indicators with every kind of target) are drawn in each layout of the
  national 项目支出绩效自评表 and checked from the file. The catalogue is asked about what the
  drawn table states (``drawn_tables``): a layout without a reason cell drops the reason, one
  that prints its 分值 in a label states that 分值.
- Submissions: what no workbook of ours can state — data issues, unreadable files, a table
  whose indicator block was not found — is checked as a ``Submission``.

Both run on a fixed sample that holds every plant (the same every run) and on new examples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import DurableEngine, engine_for
from auditor.model import FileResult, FundingRow, Indicator, Project, Submission, TextCell
from auditor.run.pipeline import check_file
from auditor.writers.national_form import write_national_form
from auditor.writers.national_table import NATIONAL_VARIANTS, FundingLine, IndicatorLine, NationalTable, NationalVariant
from auditor.writers.workbook import WorkbookStyle, cell_of, write_submission
from tests.catalogue_oracle import Expected, expected_findings
from tests.strategies import (
    INDICATOR_TEXT_CELLS,
    REASON_CELL,
    every_plant,
    fixed_sample,
    national_submissions,
    planted_submissions,
    rule_reaching_submissions,
)

STYLES = (
    WorkbookStyle(),
    WorkbookStyle(title_rows=2),
    WorkbookStyle(english_names=True),
    WorkbookStyle(amounts_as_text="thousands", percent_cells=True),
    WorkbookStyle(amounts_as_text="fullwidth", header_units=True),
    WorkbookStyle(shuffle_columns=7, header_units=True, extra_sheets=True),
    WorkbookStyle(title_rows=3, amounts_as_text="padded", percent_cells=True, english_names=True),
)
#: Words where a number was expected: the reader reports the cell (D003) and the value stays unknown.
WORDS_FOR_A_NUMBER = "约五十万"
#: Unknown values a workbook may hold as words instead of an empty cell: (sheet, record list, field).
GARBLEABLE = (
    ("项目", "projects", ("budget", "executed", "balance", "score")),
    ("资金明细", "expenditures", ("amount",)),
    ("绩效指标", "indicators", ("weight", "points")),
    ("数据声明", "claims", ("part", "whole", "claimed_percent")),
)


@pytest.fixture(scope="module")
def engine(catalogue: Catalogue) -> DurableEngine:
    return engine_for(catalogue)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("oracle")


#: Examples of each plant the fixed sample is written as workbooks for (writing one takes 25–40 ms).
WRITTEN_PER_PLANT = 2


def written_sample(*kinds: str) -> list[Submission]:
    """The first WRITTEN_PER_PLANT examples of each of the fixed sample's strategies named ``kinds[i]:…`` or ``kinds[i]``,
    after checking that every one of them is there."""
    wanted = {name for name, _ in every_plant() if name.partition(":")[0] in kinds}
    taken: Counter[str] = Counter()
    chosen = []
    for name, submission in fixed_sample():
        if name in wanted and taken[name] < WRITTEN_PER_PLANT:
            taken[name] += 1
            chosen.append(submission)
    assert set(taken) == wanted
    return chosen


def found(result: FileResult) -> Counter[Expected]:
    return Counter((finding.rule, finding.project) for finding in result.findings)


def garbled_unknowns(submission: Submission, style: WorkbookStyle, garble: Callable[[], bool]) -> tuple[dict, Counter[Expected]]:
    """Overrides that write the unknown values ``garble()`` picks as words, and the D003 findings they must give."""
    overrides: dict[tuple[str, str], object] = {}
    expected: Counter[Expected] = Counter()
    for sheet, records, fields in GARBLEABLE:
        for index, record in enumerate(getattr(submission, records)):
            for field in fields:
                if getattr(record, field) is None and garble():
                    ref = cell_of(submission, style, sheet, index, field).rpartition("!")[2]
                    overrides[(sheet, ref)] = WORDS_FOR_A_NUMBER
                    expected[("D003", record.name if records == "projects" else record.project)] += 1
    return overrides, expected


@dataclass(frozen=True)
class Cut:
    """A sheet (``column`` None) or a column taken out of a written workbook, and what is then unknown.

    ``records`` is the submission's list the sheet holds, ``field`` the records' field the column
    holds (the key column: every row of the sheet, which no longer names its project).
    """

    sheet: str
    alias: str
    records: str
    #: The column's header, Chinese and English (the writer's ``english_names``).
    column: tuple[str, str] | None = None
    field: str | None = None
    required: bool = True
    key: bool = False

    def stated(self, submission: Submission) -> Submission:
        """What the workbook states without the sheet or column: the reader marks it unavailable."""
        if self.column is None or self.key:
            return submission.model_copy(update={self.records: [], "unavailable": [*submission.unavailable, self.alias]})
        records = [record.model_copy(update={self.field: None}) for record in getattr(submission, self.records)]
        return submission.model_copy(update={self.records: records, "unavailable": [*submission.unavailable, f"{self.alias}.{self.field}"]})

    def apply(self, path: Path, style: WorkbookStyle) -> None:
        workbook = openpyxl.load_workbook(path)
        sheet = next(ws for ws in workbook.worksheets if ws.title in (self.sheet, self.alias))
        if self.column is None:
            workbook.remove(sheet)
        else:
            (header_row,) = sheet.iter_rows(min_row=style.title_rows + 1, max_row=style.title_rows + 1)
            # A header may carry its unit: 「预算数（万元）」.
            header = next(cell for cell in header_row if isinstance(cell.value, str) and cell.value.startswith(self.column))
            sheet.delete_cols(header.column)
        workbook.save(path)


CUTS = (
    Cut("项目", "projects", "projects"),
    Cut("资金明细", "expenditures", "expenditures"),
    Cut("绩效指标", "indicators", "indicators"),
    Cut("数据声明", "claims", "claims", required=False),
    Cut("项目", "projects", "projects", ("预算数", "budget"), "budget"),
    Cut("项目", "projects", "projects", ("执行数", "executed"), "executed", required=False),
    Cut("项目", "projects", "projects", ("结余", "balance"), "balance", required=False),
    Cut("项目", "projects", "projects", ("自评得分", "score"), "score", required=False),
    Cut("资金明细", "expenditures", "expenditures", ("项目名称", "project"), "project", key=True),
    Cut("资金明细", "expenditures", "expenditures", ("金额", "amount"), "amount"),
    Cut("绩效指标", "indicators", "indicators", ("二级指标", "level2"), "level2"),
    Cut("绩效指标", "indicators", "indicators", ("偏差原因", "deviation_reason"), "deviation_reason", required=False),
    Cut("绩效指标", "indicators", "indicators", ("得分", "points"), "points", required=False),
)


def explain(submission: Submission, result: FileResult, expected: Counter[Expected]) -> str:
    """What differs, with auditor's messages and the submission, for whoever reads a failure."""
    got = found(result)
    lines = [f"catalogue only: {sorted((expected - got).elements(), key=str)}", f"auditor only: {sorted((got - expected).elements(), key=str)}"]
    lines += [f"  {f.rule} {f.project}: {f.message}" for f in result.findings if (f.rule, f.project) in (got - expected)]
    lines.append(submission.model_dump_json(indent=1, exclude_defaults=True))
    return "\n".join(lines)


def check_as_workbook(
    submission: Submission, style: WorkbookStyle, garble: Callable[[], bool], catalogue: Catalogue, engine: DurableEngine, path: Path,
    cut: Cut | None = None,
) -> None:
    """Write ``submission`` (some unknown values as words, or with ``cut`` taken out), check the file, compare."""
    if cut is not None and not (cut.sheet == "数据声明" and not submission.claims):  # no claims: no such sheet to cut
        write_submission(submission, path, style)
        cut.apply(path, style)
        stated = cut.stated(submission)
        garbled = Counter({("D002", None): 1}) if cut.required else Counter()
    else:
        overrides, garbled = garbled_unknowns(submission, style, garble)
        write_submission(submission, path, style, overrides)
        stated = submission
    result = check_file(path, catalogue, engine, debug=True)
    expected = expected_findings(stated) + garbled
    assert result.status == "ok"
    assert found(result) == expected, explain(stated, result, expected)


# --- the oracle itself ---------------------------------------------------------------------------


def test_the_oracle_gives_every_rule_files_examples_exactly_their_findings(catalogue):
    """The rule files' examples are the catalogue's own cases: the independent reading must give them too."""
    for rule in catalogue.rules:
        for example in rule.examples:
            submission = Submission(path="example.xlsx", **example.submission)
            read = Counter(project for code, project in expected_findings(submission).elements() if code == rule.code)
            assert read == Counter(finding.project for finding in example.expect), f"{rule.code}: {example.name}"


# --- workbooks ---------------------------------------------------------------------------------


def test_the_fixed_sample_written_as_workbooks_gets_exactly_the_catalogues_findings(catalogue, engine, workdir):
    workbooks = written_sample("workbook", "consistent", "disturbed")
    for n, submission in enumerate(workbooks):
        style = STYLES[n % len(STYLES)]
        cut = CUTS[n // 3 % len(CUTS)] if n % 3 == 2 else None
        check_as_workbook(submission, style, lambda n=n: n % 2 == 1, catalogue, engine, workdir / f"sample-{n}.xlsx", cut)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(planted_submissions(), st.sampled_from(STYLES), st.one_of(st.none(), st.none(), st.sampled_from(CUTS)), st.data())
def test_a_new_generated_workbook_gets_exactly_the_catalogues_findings(catalogue, engine, workdir, submission, style, cut, data):
    check_as_workbook(submission, style, lambda: data.draw(st.booleans()), catalogue, engine, workdir / "new.xlsx", cut)


# --- national workbooks ----------------------------------------------------------------------------

#: Layouts that print their 执行率's 分值 in a label (「预算执行情况(10分)」「分值(10分)」): a blank 分值 cell is that.
WEIGHT_IN_LABEL: dict[NationalVariant, Decimal | None] = {"2020": None, "central-ab": None, "beijing-2016": Decimal(10), "sichuan-2023": Decimal(10)}
#: Free-text cells each layout has besides its indicator rows: a text labelled otherwise has no cell to go in.
TEXT_CELLS: dict[NationalVariant, tuple[str, ...]] = {
    "2020": ("年度总体目标",), "central-ab": ("年度总体目标",), "beijing-2016": ("年度总体目标",),
    "sichuan-2023": ("年度总体目标", "评价结论", "存在问题", "改进措施", REASON_CELL),
}


def printed_rate(project: Project, bare: bool) -> tuple[str | None, Decimal | None, int | None]:
    """The 执行率 as the table prints it (「87.50%」, or 「87.50」 above 1%), and the value and digits it shows."""
    if project.execution_rate is None:
        return None, None, None
    written = -project.execution_rate.normalize().as_tuple().exponent
    places = max(0, written, project.execution_rate_decimals or 0)
    number = f"{project.execution_rate:.{places}f}"
    return (number if bare and project.execution_rate > 1 else f"{number}%"), Decimal(number), places


def drawn_tables(submission: Submission, variant: NationalVariant, bare_rates: bool, rates_as_text: bool) -> tuple[list[NationalTable], Submission]:
    """One table per project of a generated national submission, and the submission those tables state.

    What a layout has no cell for is not stated (a reason outside Sichuan's form, a 评价结论 outside it,
    a second text for one cell, a grade); the indicator block is always drawn, so a table whose block
    was "not found" states no indicators instead; Beijing's only budget column is 年初预算数(A).
    """
    beijing = variant == "beijing-2016"
    tables: list[NationalTable] = []
    projects: list[Project] = []
    funding: list[FundingRow] = []
    texts: list[TextCell] = []
    unavailable = ["expenditures", "claims"]
    for project in submission.projects:
        name = project.name
        rows = [row for row in submission.funding if row.project == name]
        if beijing:
            rows = [row.model_copy(update={"initial": row.budget, "budget": None}) for row in rows]
        rate, shown_rate, places = printed_rate(project, bare_rates)
        weight = project.execution_weight if project.execution_weight is not None else WEIGHT_IN_LABEL[variant]
        reason = project.execution_reason if REASON_CELL in TEXT_CELLS[variant] else None
        # One cell per label of the table (the last text written to it wins); one per indicator row and column.
        own_texts = {cell.label: cell for cell in submission.texts if cell.project == name and cell.label in TEXT_CELLS[variant]}
        row_texts = [cell for cell in submission.texts if cell.project == name and cell.label in INDICATOR_TEXT_CELLS.values()]
        indicators: list[Indicator] = [i for i in submission.indicators if i.project == name]
        tables.append(NationalTable(
            project=name, department=submission.department.name, year=submission.department.year, unit=submission.department.unit,
            funding=tuple(FundingLine(row.label, row.initial, row.budget, row.executed) for row in rows),
            execution_weight=project.execution_weight, execution_rate=rate, execution_points=project.execution_points,
            execution_reason=reason, goal_expected=own_texts["年度总体目标"].text if "年度总体目标" in own_texts else None,
            indicators=tuple(
                IndicatorLine(
                    level1=i.level1 or "", level2=i.level2 or "", name=i.name,
                    target=None if variant == "sichuan-2023" else i.target, value=i.target if variant == "sichuan-2023" else None,
                    actual=i.actual, weight=i.weight, points=i.points, reason=i.deviation_reason,
                )
                for i in indicators
            ),
            total_score=project.score, rates_as_text=rates_as_text,
            **{field: own_texts[label].text for field, label in (("conclusion", "评价结论"), ("problems", "存在问题"), ("improvements", "改进措施")) if label in own_texts},
        ))
        total = next((row for row in rows if row.is_total), None)
        projects.append(project.model_copy(update={
            "budget": None if total is None else (total.initial if beijing else total.budget),
            "budget_initial": None if total is None else total.initial,
            "executed": None if total is None else total.executed,
            "execution_rate": shown_rate, "execution_rate_decimals": places, "execution_weight": weight,
            "execution_reason": reason, "grade": None,
        }))
        funding += rows
        texts += [*row_texts, *own_texts.values()]
        if REASON_CELL not in TEXT_CELLS[variant]:
            unavailable.append(f"execution_reason:{name}")
    stated = submission.model_copy(update={
        "projects": projects, "funding": funding, "texts": texts, "unavailable": unavailable, "issues": [],
    })
    return tables, stated


def check_as_national_workbook(submission: Submission, variant: NationalVariant, bare_rates: bool, rates_as_text: bool, catalogue: Catalogue, engine: DurableEngine, path: Path) -> None:
    tables, stated = drawn_tables(submission, variant, bare_rates, rates_as_text)
    write_national_form(tables, path, variant)
    result = check_file(path, catalogue, engine, debug=True)
    expected = expected_findings(stated)
    assert (result.status, result.layout) == ("ok", "national-form")
    assert found(result) == expected, f"{variant}\n{explain(stated, result, expected)}"


def test_the_fixed_samples_national_tables_drawn_in_every_layout_get_exactly_the_catalogues_findings(catalogue, engine, workdir):
    national = written_sample("national", "consistent national")
    for n, submission in enumerate(national):
        variant = NATIONAL_VARIANTS[n % len(NATIONAL_VARIANTS)]
        check_as_national_workbook(submission, variant, n % 3 == 1, n % 5 == 2, catalogue, engine, workdir / f"national-{n}.xlsx")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(national_submissions(), st.sampled_from(NATIONAL_VARIANTS), st.booleans(), st.booleans())
def test_a_new_generated_national_workbook_gets_exactly_the_catalogues_findings(catalogue, engine, workdir, submission, variant, bare_rates, rates_as_text):
    check_as_national_workbook(submission, variant, bare_rates, rates_as_text, catalogue, engine, workdir / "new-national.xlsx")


# --- what the oracle found wrong in auditor, from the file --------------------------------------------


def test_a_stated_balance_contradicts_nothing_left_where_the_budget_cell_is_empty(catalogue, engine, workdir):
    """B001 skipped every project whose 预算数 was unknown, though any 结余 other than 0 contradicts 「无余额」."""
    submission = Submission(
        path="b001.xlsx",
        department={"name": "某厅", "year": 2023, "balance_claim": "无余额"},
        projects=[{"name": "宣传经费", "executed": Decimal(100), "balance": Decimal("-0.01")}, {"name": "印刷经费", "budget": Decimal(5), "executed": Decimal(5), "balance": Decimal(0)}],
    )
    path = workdir / "b001.xlsx"
    write_submission(submission, path)
    result = check_file(path, catalogue, engine, debug=True)
    assert [(f.rule, f.project) for f in result.findings if f.rule == "B001"] == [("B001", "宣传经费")]
    assert found(result) == expected_findings(submission)


def test_a_2020_table_with_its_execution_cells_left_blank_still_has_a_low_rate(catalogue, engine, workdir):
    """F008 looked only at projects printing a 执行率, 分值 or 得分; a table leaving all three blank has 执行率 50%."""
    table = NationalTable(
        project="信息化运维项目", department="某县某局", year=2023,
        funding=(FundingLine("年度资金总额", Decimal(100), Decimal(100), Decimal(50)), FundingLine("其中：当年财政拨款", Decimal(100), Decimal(100), Decimal(50))),
        execution_weight=None, execution_rate=None, execution_points=None,
        indicators=(IndicatorLine("产出指标", "数量指标", "培训人数", "≥10人", "10人", Decimal(90), Decimal(90)),),
        total_score=Decimal(95),
    )
    path = workdir / "f008.xlsx"
    write_national_form([table], path, "2020")
    result = check_file(path, catalogue, engine, debug=True)
    assert [(f.rule, f.project, f.values.get("rate")) for f in result.findings if f.rule == "F008"] == [("F008", "信息化运维项目", "50.00")]


# --- submissions -------------------------------------------------------------------------------


def test_every_submission_of_the_fixed_sample_gets_exactly_the_catalogues_findings(check):
    for name, submission in fixed_sample():
        result = check(submission)
        expected = expected_findings(submission)
        assert found(result) == expected, f"{name}\n{explain(submission, result, expected)}"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_reaching_submissions())
def test_a_new_generated_submission_gets_exactly_the_catalogues_findings(check, submission):
    result = check(submission)
    expected = expected_findings(submission)
    assert found(result) == expected, explain(submission, result, expected)

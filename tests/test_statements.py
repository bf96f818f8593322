"""The statement reader on hand-written sentences in the genre's shapes, and the statement rules on them.

Each case is a sentence (or a few lines) of our own in a shape real reports use, with the
relation it states — or, where the sentence does not tie its figures together beyond doubt,
with nothing: the reader skips what it cannot read with certainty.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import Statement, Submission
from auditor.parsing.quantities import amounts_in, counts_in
from auditor.readers.narrative.document import document_from_text
from auditor.readers.narrative.extract import extract_submission

FIXTURES = Path(__file__).parent / "fixtures" / "statements"


def read(text: str) -> Submission:
    return extract_submission(document_from_text(text), "report.txt")


#: A single-project report's title: its 「其中」 lists are parts of the project's money. (In a report on
#: a department's projects, the first such list names the projects: the seed's genre.)
TITLE = "2023年度示范项目资金绩效自评报告\n"


def statements(text: str, kind: str | None = None) -> list[Statement]:
    """The statements of ``text`` under a single-project title (paragraph 1)."""
    return [s for s in read(TITLE + text).statements if kind is None or s.kind == kind]


def parts_of(statement: Statement) -> tuple[str, list[str]]:
    return statement.whole.text, [p.text for p in statement.parts]  # type: ignore[union-attr]


def fired(text: str, check) -> list[tuple[str, str | None]]:  # noqa: ANN001 — the conftest fixture
    return sorted((f.rule, f.project) for f in check(read(TITLE + text)).findings if f.severity != "info")


# --- a whole and its parts ------------------------------------------------------------------------


def test_qizhong_list_in_the_sentence() -> None:
    [found] = statements("全年共投入资金406.5万元，其中中央资金279万元、省级资金100万元、县级资金27.5万元。\n")
    assert parts_of(found) == ("406.5万元", ["279万元", "100万元", "27.5万元"])
    assert not found.complete
    assert found.whole.precision == Decimal("0.1") and found.parts[0].precision == Decimal(1)  # type: ignore[union-attr]


def test_a_list_stated_complete_by_fenbiewei() -> None:
    [found] = statements("项目总投入资金86万元，分别为设备购置50万元、人员培训30万元和宣传印刷6万元。\n")
    assert parts_of(found) == ("86万元", ["50万元", "30万元", "6万元"])
    assert found.complete and found.complete_by == "分别为"


def test_a_list_stated_complete_by_its_count() -> None:
    [found] = statements("安排三个项目，资金120万元，其中：设备购置50万元、人员培训40万元、宣传印刷30万元。\n")
    assert found.complete and found.complete_by == "三个"


def test_a_count_that_differs_from_the_list_leaves_it_open() -> None:
    [found] = statements("安排四个项目，资金120万元，其中：设备购置50万元、人员培训40万元、宣传印刷30万元。\n")
    assert not found.complete


def test_nested_parts_in_brackets_are_a_list_of_their_own() -> None:
    outer, inner = statements("共投入资金406.5万元，其中中央资金279万元（奖励扶助资金81万元，特别扶助资金198万元），县级资金127.5万元。\n")
    assert parts_of(outer) == ("406.5万元", ["279万元", "127.5万元"])
    assert parts_of(inner) == ("279万元", ["81万元", "198万元"])
    assert inner.subject == "中央资金"


def test_brackets_restating_one_amount_are_no_list() -> None:
    [found] = statements("共投入资金300万元，其中中央资金200万元（含结转资金20万元），县级资金100万元。\n")
    assert parts_of(found) == ("300万元", ["200万元", "100万元"])


def test_qizhong_opening_the_next_sentence() -> None:
    [found] = statements("本年度共下达资金1114.36万元。其中：设备购置1000万元；人员培训114.36万元。\n")
    assert parts_of(found) == ("1114.36万元", ["1000万元", "114.36万元"])
    assert found.location == "第2段「本年度共下达资金1114.36万元。 … 其中：设备购置1000万元；人员培训114.36万元。」"


def test_a_list_continued_on_the_following_lines() -> None:
    text = "全年安排资金860万元，分别用于：\n基础养老金发放612万元，\n个人账户补贴186万元，\n经办服务费用62万元。\n全年实际支出858万元。\n"
    [found] = statements(text, "parts")
    assert parts_of(found) == ("860万元", ["612万元", "186万元", "62万元"])
    assert found.location.startswith("第2–5段「全年安排资金860万元，分别用于：")
    assert [p.paragraph for p in found.parts] == [3, 4, 5]


def test_a_continued_list_ends_at_a_line_that_is_a_clause_of_its_own() -> None:
    text = "全年安排资金860万元，其中：\n基础养老金发放612万元，\n个人账户补贴186万元，\n全年实际支出858万元。\n"
    [found] = statements(text, "parts")
    assert parts_of(found) == ("860万元", ["612万元", "186万元"])


def test_a_clause_about_the_money_ends_the_list() -> None:
    [found] = statements("共投入资金100万元，其中设备购置60万元、人员培训30万元，年末结余10万元。\n", "parts")
    assert parts_of(found) == ("100万元", ["60万元", "30万元"])


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        ("项目资金到位500万元，其中中央资金300万元，省级资金200万元；实际支出480万元，结余20万元。", ["300万元", "200万元"]),
        ("项目预算资金150万元，其中人员经费50万元，公用经费40万元，年末支出85万元。", ["50万元", "40万元"]),
        ("项目总投资1200万元，其中：中央资金800万元，省级资金200万元，县级配套200万元，已完成投资1100万元。", ["800万元", "200万元", "200万元"]),
        ("全年支出500万元，其中基本支出300万元、项目支出200万元。", ["300万元", "200万元"]),
        ("项目总投资900万元，其中中央预算内投资600万元、地方政府专项债券300万元。", ["600万元", "300万元"]),
        ("共投入资金100万元，其中财政资金80万元，财政资金中用于设备购置60万元。", ["80万元"]),
    ],
)
def test_a_clause_naming_another_role_of_the_money_ends_the_list(sentence: str, parts: list[str]) -> None:
    [found] = statements(f"{sentence}\n", "parts")
    assert [p.text for p in found.parts] == parts


def test_a_complete_list_cut_at_such_a_clause_is_no_longer_taken_as_complete(check) -> None:  # noqa: ANN001
    """「人员支出40万元」 may be a part after all: a list cut there is not checked for a shortfall."""
    sentence = "共投入资金90万元，分别为设备购置50万元、人员支出40万元。\n"
    [found] = statements(sentence, "parts")
    assert not found.complete
    assert fired(sentence, check) == []


def test_approximate_figures_are_never_checked() -> None:
    assert statements("共投入资金约100万元，其中设备购置60万元、人员培训50万元。\n", "parts") == []
    assert statements("共投入资金100万元，其中设备购置60余万元、人员培训50万元。\n", "parts") == []


def test_signed_figures_are_not_read_without_their_sign() -> None:
    assert statements("年初预算100万元，实际支出105万元，结余-5万元。\n", "spending") == []


def test_counts_under_qizhong_are_never_summed() -> None:
    """People under 「其中」 overlap (女性, 少数民族 …): only their shares are checked, by P001."""
    assert statements("共培训学员1200人，其中女性学员700人、少数民族学员600人。\n", "parts") == []


def test_mixed_units_are_converted_exactly() -> None:
    [found] = statements("共投入资金1.2万元，其中设备购置7000元、人员培训5000元。\n")
    assert [p.unit for p in found.parts] == ["元", "元"] and found.whole.unit == "万元"  # type: ignore[union-attr]


def test_chinese_numerals_keep_their_written_unit_and_precision() -> None:
    [found] = statements("共投入资金一千二百万元，其中设备购置八百万元、人员培训四百万元。\n")
    assert (found.whole.value, found.whole.unit, found.whole.precision) == (Decimal(1200), "万元", Decimal(1))  # type: ignore[union-attr]
    [quantity] = amounts_in("一亿二千万元")
    assert (quantity.value, quantity.unit) == (Decimal(120_000_000), "元")


def test_counts_in_ten_thousands_keep_their_printed_precision() -> None:
    [quantity] = counts_in("服务群众1.1万人")
    assert (quantity.value, quantity.multiplier) == (Decimal(11000), Decimal(10000))


# --- budget, spending, balance and rates ----------------------------------------------------------


def test_budget_spending_and_balance_of_one_sum() -> None:
    [found] = statements("年初预算安排资金50万元，实际支出48.6万元，结余1.4万元。\n", "spending")
    assert (found.budget.text, found.spending.text, found.balance.text) == ("50万元", "48.6万元", "1.4万元")  # type: ignore[union-attr]


def test_two_amounts_of_one_role_are_not_guessed_between() -> None:
    assert statements("下达资金50万元，追加预算10万元，实际支出48.6万元，结余1.4万元。\n", "spending") == []


def test_an_execution_rate_against_its_amounts() -> None:
    [found] = statements("项目预算2596万元，全年实际支出2595.6208万元，预算执行率99.98%。\n", "rate")
    assert (found.rate_name, found.numerator.text, found.denominator.text, found.rate.value) == (  # type: ignore[union-attr]
        "执行率", "2595.6208万元", "2596万元", Decimal("99.98"),
    )


def test_an_arrival_rate_against_the_amounts_assigned_and_arrived() -> None:
    [found] = statements("计划下达资金200万元，实际到位资金150万元，资金到位率75%。\n", "rate")
    assert (found.numerator.text, found.denominator.text) == ("150万元", "200万元")  # type: ignore[union-attr]


# --- changes --------------------------------------------------------------------------------------


def test_a_change_and_its_percentage() -> None:
    [found] = statements("全年收入792.22万元，同比增加189.25万元，增长31.39%。\n", "change")
    assert (found.current.text, found.change.text, found.percent.value, found.decrease) == ("792.22万元", "189.25万元", Decimal("31.39"), False)  # type: ignore[union-attr]


def test_a_change_in_counts() -> None:
    [found] = statements("服务对象3200人，较上年减少300人，下降8.57%。\n", "change")
    assert found.decrease and found.current.unit == "人"  # type: ignore[union-attr]


def test_a_change_whose_directions_disagree_is_no_change() -> None:
    assert statements("全年收入792.22万元，同比增加189.25万元，下降31.39%。\n", "change") == []


def test_a_change_of_money_in_people_is_no_change() -> None:
    assert statements("服务对象3200人，同比增加30万元，增长8%。\n", "change") == []


# --- the rules on them ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "rules"),
    [
        ("共投入资金100万元，其中设备购置60万元、人员培训42万元。", [("F009", None)]),
        ("共投入资金100万元，其中设备购置60万元、人员培训41万元。", []),  # 1 万元 off: within 3 × 0.5
        ("共投入资金100万元，分别为设备购置60万元、人员培训38万元。", [("F010", None)]),
        ("共投入资金100万元，其中设备购置60万元、人员培训38万元。", []),  # an open list may leave some out
        ("年初预算50万元，实际支出48.6万元，结余2.4万元。", [("F011", None)]),
        ("年初预算50万元，实际支出48.6万元，结余1.4万元。", []),
        ("项目预算200万元，实际支出150万元，预算执行率80%。", [("F011", None)]),
        ("项目预算200万元，实际支出150万元，预算执行率75%。", []),
        ("全年收入792.22万元，同比增加189.25万元，增长35%。", [("P003", None)]),
        ("全年收入792.22万元，同比增加189.25万元，增长31.39%。", []),
    ],
)
def test_statement_rules_on_sentences(sentence: str, rules: list[tuple[str, None]], check) -> None:  # noqa: ANN001
    assert [(rule, None) for rule, _ in fired(f"{sentence}\n", check) if rule in {"F009", "F010", "F011", "P003"}] == rules


def test_findings_quote_the_passage_and_state_the_numbers(check) -> None:  # noqa: ANN001
    text = "全年安排资金860万元，分别用于：\n基础养老金发放612万元，\n个人账户补贴186万元，\n经办服务费用66.5万元。\n"
    [finding] = [f for f in check(read(TITLE + text)).findings if f.rule == "F009"]
    assert "864.50 万元" in finding.message and "860.00 万元" in finding.message and "4.50 万元" in finding.message
    assert finding.project == "示范项目资金"
    assert finding.locations[0].startswith("第2–5段「全年安排资金860万元，分别用于：")


# --- single-project and 部门整体 reports ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "project"),
    [
        ("2023年高龄补贴事后绩效评价报告", "高龄补贴"),
        ("某县残联2023年度绩效自评报告（残疾人事业发展补助资金）", "残疾人事业发展补助资金"),
        ("2022年度农村公路养护专项资金绩效自评报告", "农村公路养护专项资金"),
        ("某县民政局2023年度部门整体支出绩效自评报告", None),
        ("2023年度项目支出绩效自评报告", None),
    ],
)
def test_the_project_a_title_names(title: str, project: str | None) -> None:
    submission = read(f"{title}\n共投入资金100万元，其中中央资金60万元、县级资金40万元。\n")
    assert [p.name for p in submission.projects] == ([project] if project else [])
    assert [s.project for s in submission.statements] == [project]


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("某县残联2023年度绩效自评报告（残疾人事业发展补助资金）\n", "某县残联"),
        ("2023年度绩效自评报告\n单位名称：某市水利局\n", "某市水利局"),
        ("2023年度绩效自评报告\n来源：某区人民政府\n", "某区人民政府"),
        ("2023年度高龄补贴绩效自评报告\n", None),
    ],
)
def test_the_department_from_title_labels_or_the_page(text: str, department: str | None) -> None:
    assert read(text).department.name == department


def test_a_departments_accounts_are_read_as_parts() -> None:
    submission = read((FIXTURES / "department-accounts.txt").read_text(encoding="utf-8"))
    assert [parts_of(s) for s in submission.statements] == [
        ("3568.42万元", ["3102.18万元", "400万元", "66.24万元"]),
        ("3495.37万元", ["1386.55万元", "2108.82万元"]),
    ]
    assert submission.department.project_count == 12 and "projects" in submission.unavailable


def test_a_list_of_funding_sources_is_no_list_of_projects() -> None:
    submission = read("某县民政局2023年度部门整体支出绩效自评报告\n全年支出500万元，其中基本支出300万元、项目支出200万元。\n")
    assert submission.projects == []
    [found] = submission.statements
    assert parts_of(found) == ("500万元", ["300万元", "200万元"])


def test_a_project_count_in_a_single_project_report_counts_what_it_paid_for() -> None:
    submission = read("2023年度农村公路养护专项资金绩效自评报告\n安排3个项目，资金120万元，其中A段养护50万元、B段养护40万元、C段养护30万元。\n")
    assert submission.department.project_count is None
    assert [p.name for p in submission.projects] == ["农村公路养护专项资金"]


def test_a_title_line_as_wide_as_the_line_under_it_stays_a_title() -> None:
    submission = read("2023年度高龄津贴补助资金绩效自评报告\n本年度共投入资金1元，其中设备购置1元。\n")
    assert [p.name for p in submission.projects] == ["高龄津贴补助资金"]


def test_page_chrome_is_never_joined_into_the_title() -> None:
    submission = read("发布时间：2023-06-15 10:32 来源：本站 浏览次数：1024\n2023年度高龄津贴补助资金绩效自评报告\n")
    assert [p.name for p in submission.projects] == ["高龄津贴补助资金"]


# --- D007 on a report's lists ---------------------------------------------------------------------


def test_a_figure_in_another_unit_than_its_siblings_is_named() -> None:
    text = "共投入资金406万元，其中设备购置200万元、人员培训72元、宣传印刷134万元。\n"
    issues = [i for i in read(TITLE + text).issues if i.kind == "unit_outlier"]
    assert len(issues) == 1 and "72元" in issues[0].detail_zh


def test_a_list_all_in_one_unit_or_evenly_mixed_is_not_named() -> None:
    for text in ("共投入资金406万元，其中设备购置200万元、人员培训72万元、宣传印刷134万元。\n", "共投入资金3万元，其中设备购置20000元、人员培训1万元。\n"):
        assert [i for i in read(TITLE + text).issues if i.kind == "unit_outlier"] == []


# --- the fixtures and the listing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("single-project.txt", [("F009", "城乡居民养老保险补助资金"), ("F011", "城乡居民养老保险补助资金")]),
        ("department-whole.txt", [("F010", None), ("P003", None)]),
        ("consistent.txt", []),
        ("department-accounts.txt", []),  # a 部门整体 report's accounts, all consistent; 「项目12个」 is no F005
    ],
)
def test_fixture_reports_get_exactly_their_findings(name: str, expected: list[tuple[str, str | None]], check) -> None:  # noqa: ANN001
    submission = extract_submission(document_from_text((FIXTURES / name).read_text(encoding="utf-8")), name)
    assert sorted((f.rule, f.project) for f in check(submission).findings if f.severity != "info") == expected


def test_extract_statements_lists_every_relation_with_its_characters() -> None:
    result = CliRunner().invoke(app, ["extract", "--statements", str(FIXTURES / "single-project.txt")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("读到 5 处数字关系")
    assert any("分别用于" in line for line in lines)
    assert any("[" in line and "–" in line for line in lines)


def test_extract_statements_in_english() -> None:
    result = CliRunner().invoke(app, ["extract", "--statements", "--lang", "en", str(FIXTURES / "department-whole.txt")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("4 relations")


# --- a table's 其中 rows --------------------------------------------------------------------------

TABLE = """# 2023年度农村公路养护专项资金绩效自评报告

| 资金来源 | {header} | 执行率 |
|---|---|---|
| 合计 | {total} | 99.84% |
| 其中：省级补助 | 520 | 100% |
| 市级配套 | 300 | 99.53% |
| 县级配套 | {last} | 88.9% |
| 备注 | 无 | |
"""


def table_statements(header: str = "预算数（万元）", total: str = "860", last: str = "40") -> list[Statement]:
    text = TABLE.format(header=header, total=total, last=last)
    return extract_submission(document_from_text(text, "md"), "report.md").statements


def test_a_tables_qizhong_rows_are_the_parts_of_its_total_row() -> None:
    [found] = table_statements()
    assert (found.whole.value, found.whole.unit) == (Decimal(860), "万元")  # type: ignore[union-attr]
    assert [p.value for p in found.parts] == [520, 300, 40]
    assert not found.complete  # 其中 names some of the parts: a shortfall is not checked
    assert found.location.startswith("第3–6段（表格）「合计 860")


def test_a_tables_parts_over_its_total_fire_f009(check) -> None:  # noqa: ANN001
    text = TABLE.format(header="预算数（万元）", total="860", last="45")
    submission = extract_submission(document_from_text(text, "md"), "report.md")
    assert [(f.rule, f.project) for f in check(submission).findings if f.severity != "info"] == [("F009", "农村公路养护专项资金")]


def test_a_table_column_is_read_only_with_its_unit_and_plain_numbers() -> None:
    assert table_statements(header="预算数") == []  # no unit: which is meant is a guess
    assert table_statements(total="约860") == []
    assert table_statements(header="预算数", total="860万元") == []  # 520 and 300 still have no unit


# --- P001 on a report's counts ------------------------------------------------------------------


@pytest.mark.parametrize(("claimed", "rules"), [("59%", []), ("65%", [("P001", "示范项目资金")])])
def test_a_share_of_a_total_counted_in_ten_thousands(claimed: str, rules: list[tuple[str, str]], check) -> None:  # noqa: ANN001
    """「总人口1.1万人」 is the whole of 「占总人口的59%」: 6498 / 11000 = 59.07%, printed 59 (RULES.md)."""
    sentence = f"全乡总人口1.1万人，其中苗族人口6498人，占总人口的{claimed}。\n"
    [claim] = read(TITLE + sentence).claims
    assert (claim.part, claim.whole) == (Decimal(6498), Decimal(11000))
    assert fired(sentence, check) == rules

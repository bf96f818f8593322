"""What an indicator or claim finding says, in both languages: its message, values and the cells it cites.

A rule's condition decides whether it fires; the fact's labels and cells decide what the
finding tells the reviewer — why S004 allows so many points, which cells to look at, what
an empty value reads as. These are the parts of a fact only a message shows, so they are
checked on the message itself.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.engine.plain import PlainEngine
from auditor.model import Finding, FundingRow, Indicator, Submission
from auditor.run.pipeline import check_submission

PROJECT = "甲"
SOURCES = {
    "name": "绩效指标!D2", "target": "绩效指标!E2", "actual": "绩效指标!F2",
    "weight": "绩效指标!G2", "points": "绩效指标!H2", "deviation_reason": "绩效指标!I2",
}


def findings(catalogue: Catalogue, submission: Submission, code: str, lang: str) -> list[Finding]:
    result = check_submission(submission, catalogue, engine_for(catalogue), lang)
    assert check_submission(submission, catalogue, PlainEngine(catalogue), lang) == result
    return [finding for finding in result.findings if finding.rule == code]


def indicator(**fields: Any) -> Submission:
    row = {"project": PROJECT, "level1": "产出指标", "level2": "数量指标", "name": "人数", "sources": SOURCES, **fields}
    return Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": PROJECT}], indicators=[row])


def shown(value: Fraction) -> str:
    return f"{float(value):.2f}"


# ---- S004: the reasoning behind the points allowed ----------------------------------------

S004_CASES = [
    # (target, actual, weight, allowed share, reasoning zh, reasoning en)
    ("≥8人", "6人", 20, Fraction(6, 8), "未达到目标（按 分值×实际/目标）", "the target was not met (weight × actual / target)"),
    ("≤100元", "125元", 10, max(1 - Fraction(25, 100), Fraction(100, 125)), "超出上限（按两种通行公式中较高者）", "the ceiling was exceeded (the higher of the two formulas in use)"),
    ("按期完成", "部分达成", 10, Fraction(80, 100), "评为“部分达成”（按 80% 分值）", "rated “部分达成” (80% of the weight)"),
    ("按期完成", "未达成", 10, Fraction(60, 100), "评为“未达成”（按 60% 分值）", "rated “未达成” (60% of the weight)"),
    ("按期完成", "未完成", 10, Fraction(60, 100), "评为“未达成”（按 60% 分值）", "rated “未达成” (60% of the weight)"),
]


@pytest.mark.parametrize(("target", "actual", "weight", "share", "why_zh", "why_en"), S004_CASES, ids=["floor", "ceiling", "partial", "unmet", "unfinished"])
def test_s004_says_how_many_points_the_completion_allows_and_why(catalogue, target, actual, weight, share, why_zh, why_en):
    submission = indicator(target=target, actual=actual, weight=Decimal(weight), points=Decimal(weight))
    allowed = shown(share * weight)
    [zh] = findings(catalogue, submission, "S004", "zh")
    [en] = findings(catalogue, submission, "S004", "en")
    assert zh.message == f"{PROJECT}：指标“人数”目标 {target}、实际 {actual}，{why_zh}，最多 {allowed} 分，却得 {weight} 分。"
    assert en.message == f"{PROJECT}: the indicator “人数” has target {target} and actual {actual}; as {why_en} it may score at most {allowed}, but it scored {weight}."
    assert zh.values == en.values == {"indicator": "人数", "expected": allowed, "actual": str(weight)}
    assert zh.locations == ["绩效指标!H2", "绩效指标!E2:F2"]


def test_s004_on_a_rating_without_a_target_shows_the_target_as_empty(catalogue):
    submission = indicator(target=None, actual="未达成", weight=Decimal(10), points=Decimal(10))
    [zh] = findings(catalogue, submission, "S004", "zh")
    [en] = findings(catalogue, submission, "S004", "en")
    assert zh.message.startswith(f"{PROJECT}：指标“人数”目标 、实际 未达成，")
    assert en.message.startswith(f"{PROJECT}: the indicator “人数” has target  and actual 未达成;")


# ---- I008: the threshold and the cells ----------------------------------------------------


@pytest.mark.parametrize("name", ["人数", None])
def test_i008_says_how_far_over_and_cites_target_actual_and_reason(catalogue, name):
    submission = indicator(name=name, target="≥10人", actual="12人")
    [zh] = findings(catalogue, submission, "I008", "zh")
    [en] = findings(catalogue, submission, "I008", "en")
    shown_name = name or ""
    assert zh.message == f"{PROJECT}：指标“{shown_name}”实际完成 12人，超出年度指标值 ≥10人 的 20% 以上，但未说明原因（目标可能定得过低）。"
    assert en.message == f"{PROJECT}: the indicator “{shown_name}” reached 12人, 20% or more above its target ≥10人, with no explanation (the target was probably set too low)."
    assert zh.values == en.values == {"indicator": shown_name, "target": "≥10人", "actual": "12人"}
    assert zh.locations == ["绩效指标!E2:F2", "绩效指标!I2"]


# ---- I002, I003, I004: empty values, and the cells cited ----------------------------------


def test_i002_shows_an_empty_value_as_empty_in_each_language(catalogue):
    submission = indicator(name=None, target=None, actual=None)
    [zh] = findings(catalogue, submission, "I002", "zh")
    [en] = findings(catalogue, submission, "I002", "en")
    assert zh.message == f"{PROJECT}：指标“（未命名）”年度指标值为空；实际完成值为空。"
    assert en.message == f"{PROJECT}: the indicator “(unnamed)” has no target; no actual value."
    assert zh.values == {"indicator": "（未命名）", "target": "（空）", "actual": "（空）"}
    assert en.values == {"indicator": "(unnamed)", "target": "(empty)", "actual": "(empty)"}
    assert zh.locations == ["绩效指标!E2:F2"]


def test_i002_names_the_value_that_is_there(catalogue):
    [zh] = findings(catalogue, indicator(target="≥8人", actual=None), "I002", "zh")
    assert zh.values == {"indicator": "人数", "target": "≥8人", "actual": "（空）"}
    assert zh.message == f"{PROJECT}：指标“人数”实际完成值为空。"


def test_i003_cites_the_target_actual_and_reason_cells(catalogue):
    [zh] = findings(catalogue, indicator(target="≥8人", actual="6人"), "I003", "zh")
    assert zh.locations == ["绩效指标!E2:F2", "绩效指标!I2"]
    assert zh.message == f"{PROJECT}：指标“人数”实际完成值 6人未达到年度指标值 ≥8人，但未填写偏差原因。"


def test_i004_cites_the_points_and_weight_cells(catalogue):
    [zh] = findings(catalogue, indicator(target="8人", actual="8人", weight=Decimal(10), points=Decimal(12)), "I004", "zh")
    assert zh.locations == ["绩效指标!H2", "绩效指标!G2"]
    assert zh.values == {"indicator": "人数", "expected": "10", "actual": "12"}


# ---- P001, P002: the claim's cells and counts ----------------------------------------------


def claim(**fields: Any) -> Submission:
    sources = {"statement": "数据声明!B2", "part": "数据声明!C2", "whole": "数据声明!D2", "claimed_percent": "数据声明!E2", "project": "数据声明!A2"}
    row = {"project": PROJECT, "statement": "共99人，其中73人，占比80%", "part": Decimal(73), "whole": Decimal(99), "claimed_percent": Decimal(80), "sources": sources, **fields}
    return Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": PROJECT}], claims=[row])


def test_p001_cites_the_claims_cells_and_shows_the_claim_as_worded(catalogue):
    [zh] = findings(catalogue, claim(comparator="以上"), "P001", "zh")
    assert zh.locations == ["数据声明!B2:E2"]
    assert zh.values == {"share": "73.74", "claimed": "80", "comparator": "以上", "part": "73", "whole": "99"}
    assert zh.message == f"{PROJECT}：“共99人，其中73人，占比80%”——按 73 / 99 计算占比为 73.74%，与所称“80%以上”不符。"
    [plain] = findings(catalogue, claim(comparator=None), "P001", "en")
    assert plain.values["comparator"] == ""
    assert "“80%”" in plain.message


def test_p002_cites_the_claims_cells_and_shows_the_counts(catalogue):
    [zh] = findings(catalogue, claim(part=Decimal(92), whole=Decimal(86), comparator="超过"), "P002", "zh")
    assert zh.locations == ["数据声明!B2:E2"]
    assert zh.values == {"part": "92", "whole": "86"}


# ---- F006, F007, F008: the national table's execution block, in both languages -------------


def national_table(**project: Any) -> Submission:
    row = {"name": PROJECT, "budget": Decimal("310.2"), "executed": Decimal("154.74"), "execution_rate": Decimal(60), "execution_rate_decimals": 0, **project}
    funding = [
        {"project": PROJECT, "label": "年度资金总额", "is_total": True, "initial": Decimal(0), "budget": Decimal(100), "executed": Decimal(50)},
        {"project": PROJECT, "label": "其中：财政拨款", "initial": Decimal(90), "budget": Decimal(90), "executed": Decimal(50)},
    ]
    return Submission(path="x.xlsx", layout="national-form", department={"name": "某厅", "year": 2023}, projects=[row], funding=funding)


def test_f006_names_every_column_off_in_each_language(catalogue):
    [zh] = findings(catalogue, national_table(), "F006", "zh")
    [en] = findings(catalogue, national_table(), "F006", "en")
    assert zh.message == (
        f"{PROJECT}：项目资金“其中”各行与年度资金总额不符——年初预算数：其中各行合计 90.00 万元，年度资金总额 0.00 万元；"
        "全年预算数：其中各行合计 90.00 万元，年度资金总额 100.00 万元。"
    )
    assert en.message == (
        f"{PROJECT}: the funds rows under the annual total do not add up — initial budget: the rows add up to 90.00 ×10,000 yuan, "
        "the total row says 0.00 ×10,000 yuan; full-year budget: the rows add up to 90.00 ×10,000 yuan, the total row says 100.00 ×10,000 yuan."
    )
    assert zh.values == {"column": "年初预算数", "expected": "0.00", "actual": "90.00", "difference": "90.00"}
    assert en.values["column"] == "initial budget"


def test_f007_and_f008_show_the_computed_rate_in_each_language(catalogue):
    rate = 100 * Fraction(15474, 31020)  # 49.8839…%
    for lang, f007, f008 in (
        ("zh", f"{PROJECT}：执行率填报为 60%，而全年执行数/全年预算数为 {shown(rate)}%，超出按所填位数四舍五入或截断的范围。", f"{PROJECT}：预算执行率 {shown(rate)}%，低于 90%，但未说明原因。"),
        ("en", f"{PROJECT}: the execution rate is printed as 60%, but full-year execution / full-year budget is {shown(rate)}%, beyond what rounding or truncating to the printed digits allows.", f"{PROJECT}: budget execution is {shown(rate)}%, below 90%, and no reason is given."),
    ):
        [rate_finding] = findings(catalogue, national_table(), "F007", lang)
        [low] = findings(catalogue, national_table(), "F008", lang)
        assert (rate_finding.message, low.message) == (f007, f008)
        assert rate_finding.values == {"expected": shown(rate), "actual": "60"}
        assert low.values == {"rate": shown(rate), "threshold": "90"}


def test_f007_shows_two_more_digits_than_were_printed(catalogue):
    [finding] = findings(catalogue, national_table(execution_rate=Decimal("60.5"), execution_rate_decimals=1), "F007", "en")
    assert finding.values == {"expected": f"{float(100 * Fraction(15474, 31020)):.3f}", "actual": "60.5"}


def test_s003_shows_the_rate_the_weight_and_the_expected_points_in_each_language(catalogue):
    sources = {"execution_points": "表1!J5", "budget": "表1!D5", "executed": "表1!E5"}
    table = national_table(execution_points=Decimal(3), execution_weight=Decimal(20), sources=sources)
    rate = Fraction(15474, 31020)
    [zh] = findings(catalogue, table, "S003", "zh")
    [en] = findings(catalogue, table, "S003", "en")
    # a whole 「3」 stands for 2.5–3.5: the tolerance shown is that half point, wider than the rule's 0.1
    assert zh.message == f"{PROJECT}：预算执行率得分填报 3 分，按 min(执行率 {shown(100 * rate)}%, 100%) × 20 分应为 {shown(20 * rate)} 分（相差超过 0.5 分）。"
    assert en.message == f"{PROJECT}: the budget-execution score is 3, but min(execution {shown(100 * rate)}%, 100%) × 20 gives {shown(20 * rate)} (more than 0.5 apart)."
    assert zh.values == en.values == {"expected": shown(20 * rate), "actual": "3"}
    assert zh.locations == ["表1!J5", "表1!D5:E5"]


def test_p001_in_english_shows_the_claim_as_worded(catalogue):
    [en] = findings(catalogue, claim(comparator="以上"), "P001", "en")
    assert en.message == f"{PROJECT}: “共99人，其中73人，占比80%” — 73 of 99 is 73.74%, which does not agree with the claim “80%以上”."
    assert en.values == {"share": "73.74", "claimed": "80", "comparator": "以上", "part": "73", "whole": "99"}
    [worded_after] = findings(catalogue, claim(comparator="超过", claimed_percent=Decimal("80.50")), "P001", "en")
    assert worded_after.values["claimed"] == "80.5" and worded_after.message.endswith("the claim “超过80.5%”.")


# ---- F001: the basis it was held against; F006, F007, F008, S001: the cells cited ------------


@pytest.mark.parametrize(("executed", "basis_zh", "basis_en", "cell"), [(Decimal(100), "执行数", "executed amount", "项目!C2"), (None, "预算数", "budget", "项目!B2")])
def test_f001_names_the_amount_the_breakdown_was_held_against(catalogue, executed, basis_zh, basis_en, cell):
    project = {"name": PROJECT, "budget": Decimal(100), "executed": executed, "sources": {"budget": "项目!B2", "executed": "项目!C2"}}
    uses = [{"project": PROJECT, "purpose": "a", "amount": Decimal(90), "sources": {"amount": "资金明细!C2"}}]
    submission = Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[project], expenditures=uses)
    [zh] = findings(catalogue, submission, "F001", "zh")
    [en] = findings(catalogue, submission, "F001", "en")
    assert zh.message == f"{PROJECT}：资金明细合计 90.00 万元，与{basis_zh} 100.00 万元不一致（相差 10.00 万元，超出 1 项明细的舍入容差 0.01 万元）。"
    assert en.message.startswith(f"{PROJECT}: the breakdown adds up to 90.00 ×10,000 yuan, not the {basis_en} of 100.00 ×10,000 yuan")
    assert zh.locations == [cell, "资金明细!C2"]


def test_the_national_findings_cite_their_cells(catalogue):
    sources = {"execution_rate": "表1!I5", "budget": "表1!D5", "executed": "表1!E5", "execution_reason": "表1!D9", "execution_points": "表1!J5"}
    table = national_table(sources=sources, score=Decimal(90))
    table.indicators = [Indicator(project=PROJECT, name="a", weight=Decimal(90), points=Decimal(70), sources={"points": "表1!H12"})]
    table.funding = [
        FundingRow(project=PROJECT, label="年度资金总额", is_total=True, initial=Decimal(0), budget=Decimal(100), sources={"initial": "表1!C6", "budget": "表1!D6"}),
        FundingRow(project=PROJECT, label="其中", initial=Decimal(90), budget=Decimal(90), sources={"initial": "表1!C7", "budget": "表1!D7"}),
    ]
    located = {rule: findings(catalogue, table, rule, "zh")[0].locations for rule in ("F006", "F007", "F008", "S001")}
    assert located == {
        "F006": ["表1!C6:C7", "表1!D6:D7"],
        "F007": ["表1!I5", "表1!D5:E5"],
        "F008": ["表1!I5", "表1!D5:E5", "表1!D9"],
        "S001": ["表1!J5", "表1!H12"],
    }


# ---- D rules: the detail as the reader wrote it -------------------------------------------


def test_a_data_issue_detail_ending_a_sentence_does_not_end_it_twice(catalogue):
    issue = {"kind": "bad_value", "detail_zh": "资金明细!C10 应为金额。", "detail_en": "资金明细!C10 should be an amount.", "locations": ["资金明细!C10"]}
    submission = Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": PROJECT}], issues=[issue])
    [zh] = findings(catalogue, submission, "D003", "zh")
    [en] = findings(catalogue, submission, "D003", "en")
    assert zh.message == "数据无法识别：资金明细!C10 应为金额。"
    assert en.message.endswith("资金明细!C10 should be an amount.") and not en.message.endswith("..")
    assert zh.locations == ["资金明细!C10"]


def test_d004_names_each_unknown_project_once_with_all_its_rows(catalogue):
    def use(project: str, row: int) -> dict[str, Any]:
        return {"project": project, "amount": Decimal(1), "sources": {"project": f"资金明细!A{row}"}}

    submission = Submission(
        path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=[{"name": PROJECT}],
        expenditures=[use("乙", 2), use("丙", 3), use("乙", 5)],
    )
    zh = findings(catalogue, submission, "D004", "zh")
    en = findings(catalogue, submission, "D004", "en")
    assert [f.message for f in zh] == ["项目名称不一致：“乙”（资金明细!A2、资金明细!A5）不是“项目”表中的项目。", "项目名称不一致：“丙”（资金明细!A3）不是“项目”表中的项目。"]
    assert en[0].message.endswith("“乙” (资金明细!A2, 资金明细!A5) is not a project of the projects sheet.")
    no_projects_sheet = submission.model_copy(update={"unavailable": ["projects"]})
    assert findings(catalogue, no_projects_sheet, "D004", "zh") == []


def test_d005_lists_every_row_of_a_repeated_project(catalogue):
    rows = [{"name": PROJECT, "sources": {"name": f"项目!A{row}"}} for row in (2, 4)]
    submission = Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, projects=rows)
    [zh] = findings(catalogue, submission, "D005", "zh")
    [en] = findings(catalogue, submission, "D005", "en")
    assert zh.message == f"项目重复：项目“{PROJECT}”在“项目”表中出现 2 次（项目!A2、项目!A4）。"
    assert en.message.endswith(f"the project “{PROJECT}” appears 2 times in the projects sheet (项目!A2, 项目!A4).")

"""Extraction from narrative reports: the seed's facts, its findings, and hand-written variants of its phrasing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.model import FileResult, Submission
from auditor.readers import read_submission
from auditor.readers.narrative.document import document_from_text
from auditor.readers.narrative.extract import extract_submission

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "guizhou-federation-2019-seed.txt"
SEED_FILES = [SEED, FIXTURES / "guizhou-federation-2019-seed.gb18030.txt", FIXTURES / "guizhou-federation-2019-seed.docx"]

SONGWENNUAN = "送温暖资金"
LAOMO = "工会劳模（疗休养、生活补贴）工作经费"
FUWU = "服务职工（厂务公开、困难职工帮扶）工作经费"

Check = Callable[[Submission], FileResult]


def extract(text: str) -> Submission:
    return extract_submission(document_from_text(text), "report.txt")


def rules_fired(result: FileResult) -> set[tuple[str, str | None]]:
    return {(f.rule, f.project) for f in result.findings}


@pytest.fixture(scope="module")
def seed() -> Submission:
    return read_submission(SEED)


def test_seed_department_facts(seed: Submission) -> None:
    department = seed.department
    assert (department.name, department.year, department.report_date) == ("贵州省总工会", 2019, date(2020, 5, 13))
    assert (department.total_allocation, department.project_count, department.unit) == (Decimal("1114.36"), 3, "万元")
    assert department.balance_claim == "无余额"
    assert department.grade == "优秀"
    assert seed.layout == "narrative-report"


def test_seed_projects_keep_nested_brackets_whole(seed: Submission) -> None:
    assert [(p.name, p.budget, p.executed) for p in seed.projects] == [
        (SONGWENNUAN, Decimal("1000"), None),
        (LAOMO, Decimal("50"), None),
        (FUWU, Decimal("64.36"), None),  # written 「工」 / page break / 「作经费 64.36 万元」
    ]


def test_seed_uses_attributed_to_their_projects(seed: Submission) -> None:
    uses: dict[str, list[Decimal | None]] = {}
    for row in seed.expenditures:
        uses.setdefault(row.project, []).append(row.amount)
    assert uses == {
        SONGWENNUAN: [Decimal(v) for v in ("50", "60", "225.7", "15", "22", "504.55", "122.8")],
        LAOMO: [Decimal("30"), Decimal("20")],
        FUWU: [Decimal("12.36"), Decimal("52")],
    }
    assert sum(u for u in uses[SONGWENNUAN] if u is not None) == Decimal("1000.05")
    purposes = [row.purpose for row in seed.expenditures if row.project == LAOMO]
    assert purposes == ["劳模疗休养", "发放困难劳模生活补贴"]


def test_seed_share_claims(seed: Submission) -> None:
    claims = [(c.part, c.whole, c.claimed_percent, c.comparator) for c in seed.claims]
    assert claims == [
        (Decimal("73"), Decimal("99"), Decimal("70"), "以上"),
        (Decimal("20"), Decimal("99"), Decimal("20"), "以上"),
    ]
    assert all(c.project == LAOMO for c in seed.claims)


def test_seed_states_no_indicators_so_indicator_rules_are_skipped(seed: Submission) -> None:
    assert seed.indicators == []
    assert "indicators" in seed.unavailable


def test_every_source_quotes_its_paragraph_and_sentence(seed: Submission) -> None:
    assert seed.extracted, "nothing recorded as extracted"
    for source in seed.extracted:
        assert source.location.startswith(f"第{source.paragraph}段「")
        assert 0 <= source.start < source.end <= len(source.sentence)
    amounts = [s for s in seed.extracted if s.field.endswith("用途金额")]
    assert [s.sentence[s.start:s.end].replace(" ", "") for s in amounts][:2] == ["50万元", "60万元"]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_findings_in_every_format(path: Path, check: Check) -> None:
    result = check(read_submission(path))
    assert result.status == "ok"
    assert rules_fired(result) == {("F001", SONGWENNUAN), ("B001", SONGWENNUAN)}
    f001 = next(f for f in result.findings if f.rule == "F001")
    assert (f001.values["expected"], f001.values["actual"], f001.values["difference"]) == ("1000.00", "1000.05", "0.05")
    assert any("504.55 万元" in location for location in f001.locations)
    assert any(location.startswith("第") and "送温暖资金1000万元" in location for location in f001.locations)


def test_seed_formats_give_identical_facts() -> None:
    submissions = [read_submission(path) for path in SEED_FILES]
    dumps = [s.model_dump(exclude={"path", "notes"}) for s in submissions]
    assert dumps[0] == dumps[1] == dumps[2]


# ---- variants of the seed's phrasing -------------------------------------------------

HEADER = "# 某某市总工会\n\n## 关于 2021 年部门项目支出绩效自评工作情况总结\n\n"
FOOTER = "\n\n某某市总工会\n\n2022年3月1日\n"


def test_chinese_numerals_and_yuan_amounts(check: Check) -> None:
    text = HEADER + (
        "2021年，我会财政项目有两个，财政拨入经费合计一百五十万元。其中：慰问资金1,000,000元、培训经费500,000元，"
        "当年无结余。慰问资金用于走访慰问 600,000 元；节日慰问 400,000 元。"
    ) + FOOTER
    submission = extract(text)
    assert submission.department.unit == "万元"
    assert submission.department.project_count == 2
    assert submission.department.total_allocation == Decimal("150")
    assert [(p.name, p.budget) for p in submission.projects] == [("慰问资金", Decimal("100")), ("培训经费", Decimal("50"))]
    assert [r.amount for r in submission.expenditures] == [Decimal("60"), Decimal("40")]
    assert rules_fired(check(submission)) == set()


def test_amount_split_across_a_page_break(check: Check) -> None:
    text = HEADER + (
        "2021年，我会财政项目有2个，财政拨入经费110万元。其中：甲项目资金100万元、乙项目资金10万元，这些经费当年已全部使用完毕。甲项目资金用于设备购置 60 万元；人员培训 40.0\n\n"
        "5 万元。\n"
    ) + FOOTER
    submission = extract(text)
    assert [r.amount for r in submission.expenditures] == [Decimal("60"), Decimal("40.05")]
    assert rules_fired(check(submission)) == {("F001", "甲项目资金"), ("B001", "甲项目资金")}


def test_negated_zero_balance_is_not_a_claim() -> None:
    text = HEADER + "2021年，我会财政项目有2个。其中：甲项目100万元、乙项目10万元，年末尚有结余5万元。" + FOOTER
    assert extract(text).department.balance_claim == "有余额"
    text = HEADER + "2021年，我会财政项目有2个。其中：甲项目100万元、乙项目10万元，资金未全部使用完毕。" + FOOTER
    assert extract(text).department.balance_claim == "有余额"


def test_share_whole_from_a_preceding_sentence_and_strict_comparator(check: Check) -> None:
    text = HEADER + (
        "2021年，我会财政项目有2个，财政拨入经费110万元。其中：甲项目100万元、乙项目10万元。"
        "\n\n甲项目共培训学员 200 人。其中女学员 80 人，占比超过 40%。\n"
    ) + FOOTER
    submission = extract(text)
    assert [(c.part, c.whole, c.claimed_percent, c.comparator) for c in submission.claims] == [
        (Decimal("80"), Decimal("200"), Decimal("40"), "超过")
    ]
    assert ("P001", "甲项目") in rules_fired(check(submission))  # 80/200 is exactly 40%, not more


def test_approximate_amounts_stay_unknown(check: Check) -> None:
    text = HEADER + (
        "2021年，我会财政项目有2个，财政拨入经费110万元。其中：甲项目100万元、乙项目10万元。"
        "甲项目用于设备购置约 60 万元；人员培训 50 万元。"
    ) + FOOTER
    submission = extract(text)
    assert [r.amount for r in submission.expenditures] == [None, Decimal("50")]
    assert not any(f.rule == "F001" for f in check(submission).findings)


def test_total_and_count_disagreeing_with_the_list(check: Check) -> None:
    text = HEADER + "2021年，我会财政项目有3个，财政拨入经费120万元。其中：甲项目100万元、乙项目10万元。" + FOOTER
    fired = rules_fired(check(extract(text)))
    assert ("F002", None) in fired and ("F005", None) in fired


def test_indicators_named_by_kind(check: Check) -> None:
    text = HEADER + (
        "2021年，我会财政项目有2个，财政拨入经费110万元。其中：甲项目100万元、乙项目10万元。\n\n"
        "甲项目绩效目标完成情况如下。数量指标：培训人数，年度指标值≥200人，实际完成180人。"
        "质量指标：培训合格率，年度指标值≥95%，实际完成98%，分值10分，得分10分。\n\n"
        "甲项目自评得分85分，自评等级为优秀。\n"
    ) + FOOTER
    submission = extract(text)
    assert [(i.project, i.level2, i.name, i.target, i.actual) for i in submission.indicators] == [
        ("甲项目", "数量指标", "培训人数", "≥200人", "180人"),
        ("甲项目", "质量指标", "培训合格率", "≥95%", "98%"),
    ]
    assert (submission.projects[0].score, submission.projects[0].grade) == (Decimal("85"), "优秀")
    fired = rules_fired(check(submission))
    assert ("I003", "甲项目") in fired  # 180 < 200 with no 偏差原因
    assert ("I001", "甲项目") in fired  # no 时效/成本 indicator
    assert ("S002", "甲项目") in fired  # 85 is 良好, not 优秀
    assert not any(rule == "I001" and project == "乙项目" for rule, project in fired)  # says nothing about 乙


def test_text_without_funds_gets_a_clear_d002(check: Check) -> None:
    result = check(extract("随便写的一段话，没有任何数字。"))
    assert {f.rule for f in result.findings} == {"D002"}
    assert any("项目及其金额" in f.message for f in result.findings)

"""Texts built to make extraction slow or big: each must finish with bounded results.

Before the limits in auditor/readers/narrative/, several of these were quadratic (a 50,000-character
run of share claims took 30 s; 200,000 characters would take minutes), so this file
finishing at all is the check; no wall-clock limit is asserted.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from auditor.parsing.quantities import amounts_in, counts_in
from auditor.readers.narrative.document import document_from_text
from auditor.readers.narrative.extract import (
    MAX_CLAIMS,
    MAX_INDICATORS,
    extract_submission,
)
from auditor.readers.narrative.funds_text import MAX_LIST_TRIGGERS, MAX_PROJECTS, MAX_USES
from auditor.readers.narrative.limits import MAX_AMOUNTS, MAX_SENTENCES
from auditor.sources.refusal import Refused

N = 20_000
rng = random.Random(20261129)

HOSTILE = {
    "a project list longer than any department's": "其中：" + "、".join(f"甲{i}项目{i}万元" for i in range(N // 4)),
    "用于 repeated with no amount until the end": "其中：甲项目10万元、乙项目5万元。" + "甲项目用于" * N + "10万元",
    "a run of spaces between amounts": "其中：甲项目10万元、" + " " * (N * 10) + "1万元",
    "thousands of share claims in one sentence": "共100人，" + "其中10人，占比10%，" * N,
    "thousands of wholes before one claim": "共1人" * N + "其中2人占比5%",
    "thousands of indicator clauses": "其中：甲项目10万元、乙项目5万元。\n\n甲项目" + "数量指标：a，目标值1人，" * N,
    # found by fuzzing: each took minutes or more (a Chinese numeral was tried from every
    # position of the run, each time to its end and back; every 「用于」 looked back for its subject)
    "a run of two hundred thousand 一 before 元": "其中：甲项目10万元、乙项目5万元。" + "一" * (N * 10) + "元",
    "a run of 一万 before 元": "其中：甲项目10万元、乙项目5万元。" + "一万" * (N * 5) + "元",
    "nothing but 用于": "其中：甲项目10万元、乙项目5万元。" + "用于" * (N * 20),
    "nothing but 其中": "其中：" * (N * 20) + "甲项目10万元、乙项目5万元。",
    "random characters the patterns look for": "".join(rng.choice("0123456789.,万元人共其中占比%用于：、，。 \n甲乙项目结余无余额") for _ in range(N * 10)),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_text_is_extracted_with_bounded_results(text: str) -> None:
    submission = extract_submission(document_from_text(text), "hostile.txt")
    assert len(submission.projects) <= MAX_PROJECTS
    assert len(submission.claims) <= MAX_CLAIMS
    assert len(submission.indicators) <= MAX_INDICATORS
    assert len(submission.notes) <= 25


def test_a_list_past_the_project_limit_is_not_a_project_list() -> None:
    items = "、".join(f"甲{i}项目{i}万元" for i in range(MAX_PROJECTS + 1))
    assert extract_submission(document_from_text("其中：" + items), "x.txt").projects == []
    items = "、".join(f"甲{i}项目{i}万元" for i in range(MAX_PROJECTS))
    assert len(extract_submission(document_from_text("其中：" + items), "x.txt").projects) == MAX_PROJECTS


def test_claims_past_the_limit_are_noted_not_checked() -> None:
    text = "共100人，" + "其中10人，占比10%，" * (MAX_CLAIMS + 5)
    submission = extract_submission(document_from_text(text), "x.txt")
    assert len(submission.claims) == MAX_CLAIMS
    assert any(f"超过 {MAX_CLAIMS} 条" in note for note in submission.notes)


def test_uses_past_the_limit_are_noted_not_read() -> None:
    text = "其中：甲项目10万元、乙项目5万元。\n\n" + "甲项目用于购买设备1万元；" * (MAX_USES + 5)
    submission = extract_submission(document_from_text(text), "x.txt")
    assert any(f"超过 {MAX_USES} 处" in note for note in submission.notes)
    assert {e.project for e in submission.expenditures} == {"甲项目"}
    text = "其中：甲项目10万元、乙项目5万元。\n\n" + "甲项目用于购买设备1万元；" * MAX_USES
    assert not any("用于" in note for note in extract_submission(document_from_text(text), "x.txt").notes)


def test_a_section_heading_repeated_thousands_of_times_names_no_project() -> None:
    """Each section was compared with every project found before it (quadratic in the sections):
    now each is taken once, and a name that heads two sections is still nobody's project."""
    section = "（一）农业技术推广经费\n\n该项目全年支出50万元。\n\n"
    assert [p.name for p in extract_submission(document_from_text(section), "x.txt").projects] == ["农业技术推广经费"]
    assert extract_submission(document_from_text(section * 5_000), "x.txt").projects == []
    two = section + section.replace("农业技术推广", "农村饮水安全")
    assert [p.name for p in extract_submission(document_from_text(two), "x.txt").projects] == [
        "农业技术推广经费", "农村饮水安全经费"]


def test_list_triggers_past_the_limit_are_noted_not_searched() -> None:
    listing = "其中：甲项目10万元、乙项目5万元。"
    near = extract_submission(document_from_text("其中，" * (MAX_LIST_TRIGGERS - 1) + listing), "x.txt")
    assert [p.name for p in near.projects] == ["甲项目", "乙项目"]
    far = extract_submission(document_from_text("其中，" * MAX_LIST_TRIGGERS + listing), "x.txt")
    assert far.projects == []
    assert any(f"超过 {MAX_LIST_TRIGGERS} 处" in note for note in far.notes)


def test_a_text_of_more_sentences_than_any_report_is_refused() -> None:
    """A line can hold a million sentences (「?」 is what a text saved without its Chinese shows)."""
    assert extract_submission(document_from_text("甲。" * MAX_SENTENCES), "x.txt").department.name is None
    with pytest.raises(Refused) as refused:
        extract_submission(document_from_text("甲。" * (MAX_SENTENCES + 1)), "x.txt")
    assert f"超过 {MAX_SENTENCES} 句" in refused.value.reason_zh
    with pytest.raises(Refused):  # and one paragraph of a million is not split to its end
        extract_submission(document_from_text("a?" * 1_000_000), "x.txt")


def test_a_text_of_more_amounts_than_any_report_is_refused() -> None:
    amounts = "其中：甲项目10万元、乙项目5万元。预算1万元，支出1万元，"
    assert len(extract_submission(document_from_text(amounts + "结余0万元，" * (MAX_AMOUNTS - 4)), "x.txt").projects) == 2
    with pytest.raises(Refused) as refused:
        extract_submission(document_from_text(amounts + "结余0万元，" * (MAX_AMOUNTS - 3)), "x.txt")
    assert f"超过 {MAX_AMOUNTS} 个金额" in refused.value.reason_zh


#: Numbers no report states, each of which made checking fail (found by fuzzing): now the
#: value is unknown, as an approximate one is.
OUT_OF_RANGE = {
    "an amount of 29 digits (decimal.InvalidOperation)": "其中：甲项目99999999999999999999999999999万元、乙项目5万元。",
    "5,000 一 read digit by digit (ValueError: too long for int())": "其中：甲项目" + "一" * 5000 + "元、乙项目5元。",
    "3,000 一万 (RecursionError)": "其中：甲项目" + "一万" * 3000 + "元、乙项目5元。",
    "an amount under half a fen": "其中：甲项目0.000001元、乙项目5元。",
}


@pytest.mark.parametrize("text", OUT_OF_RANGE.values(), ids=list(OUT_OF_RANGE))
def test_an_amount_no_budget_holds_is_unknown(text: str, check) -> None:
    submission = extract_submission(document_from_text(text), "x.txt")
    assert {p.budget for p in submission.projects} <= {None, Decimal(5)}
    assert check(submission).status == "ok"


def test_a_score_or_count_past_any_report_is_unknown(check) -> None:
    text = ("其中：甲项目10万元、乙项目5万元。项目共有99999999999999999999个。\n\n"
            "甲项目自评得分99999999999999999999分，自评等级为优秀。")
    submission = extract_submission(document_from_text(text), "x.txt")
    assert submission.department.project_count is None
    assert [p.score for p in submission.projects] == [None, None]
    assert check(submission).status == "ok"  # the engine was given 9999…0000 ten-thousandths of a point: EngineError


def test_a_chinese_numeral_is_read_from_the_start_of_its_run() -> None:
    """The look-behind that made reading a run linear finds what was found before."""
    found = [(q.value, q.unit) for q in amounts_in("拨款一千零五十万元、二〇一九年十二万元、约三点五万元、一亿二千万元")]
    # A numeral's closing 万 before 元 is the unit's (「一千零五十万元」 is 1050 万元, to a whole 万元);
    # 「一亿二千万元」 keeps it, its 亿 part being no number of 万元.
    assert found == [(Decimal(1050), "万元"), (Decimal(12), "万元"), (Decimal("3.5"), "万元"),
                     (Decimal(120_000_000), "元")]
    assert [q.value for q in counts_in("共九十九人，其中七十三人")] == [Decimal(99), Decimal(73)]
    assert amounts_in("一" * 41 + "元") == []  # longer than any numeral: no number

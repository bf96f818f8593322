"""The bundled sample files give exactly the findings their builders say they plant — read from disk, with both engines.

The samples are what a finance bureau tries auditor on first, and each builder states
which rule fires on which project (``MANY_PROBLEMS_EXPECTED``, the docstrings of
``guizhou_federation_2019`` and of the national tables). A table nobody asserts goes
stale silently; here every file of ``sample_submissions/`` is read as the CLI reads it
and its findings, rule by rule and one entry per finding, must equal its table.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.engine.plain import PlainEngine
from auditor.model import FileResult
from auditor.run.pipeline import check_file
from tests.conftest import SAMPLES
from tests.national_sample_builders import NATIONAL_CLEAN_FILE, NATIONAL_REAL_CASES_FILE, NATIONAL_SICHUAN_FILE
from tests.sample_builders import CLEAN_FILE, GUIZHOU_FILE, MANY_PROBLEMS_EXPECTED, MANY_PROBLEMS_FILE

Expected = dict[str, tuple[str | None, ...]]

_WARMTH = "送温暖资金"
_MODEL_WORKERS = "工会劳模（疗休养、生活补贴）工作经费"
_SERVING_WORKERS = "服务职工（厂务公开、困难职工帮扶）工作经费"

#: The seed as the report states it (``guizhou_federation_2019``): F001 and B001 on 送温暖资金
#: (1000.05 against 1000), I001 on every project (no indicator kinds stated), I002 on every
#: indicator (no targets or actuals stated: five, five and two); P001 not (73/99 ≥ 70%).
GUIZHOU_EXPECTED: Expected = {
    "F001": (_WARMTH,),
    "B001": (_WARMTH,),
    "I001": (_WARMTH, _MODEL_WORKERS, _SERVING_WORKERS),
    "I002": (_WARMTH,) * 5 + (_MODEL_WORKERS,) * 5 + (_SERVING_WORKERS,) * 2,
}
#: The seed's Word report: the same contradiction, and nothing the prose does not state.
GUIZHOU_REPORT_EXPECTED: Expected = {"F001": (_WARMTH,), "B001": (_WARMTH,)}

_TOWN_SERVICES = "委托业务项目"
_TOWN_VILLAGES = "村级补助及运转经费"
_BEIJING = "【体制】自管道路清扫保洁外包工作经费"
_SICHUAN_SALARIES = "工资性支出"
#: The four published tables (``national_real_cases``): both Anhui tables' 年度资金总额 rows
#: disagree with their 其中 rows (F006) and each has three targets in words only (「严格执行相关
#: 制度规定」, 「在项目计划完成时间内完成」, 「符合相关规定」: I006); Beijing's 154.74 / 310.2 =
#: 49.88% is low and its 2016 layout has no cell for a reason (F008), while its printed 5 for
#: 4.99 is within S003's 0.1; Sichuan's blank table has no 时效 or 成本 indicator (I001), two
#: blank 完成值 (I002) and five 「（200字以内）」 prompts left in (D006).
NATIONAL_REAL_CASES_EXPECTED: Expected = {
    "F006": (_TOWN_SERVICES, _TOWN_VILLAGES),
    "I006": (_TOWN_SERVICES,) * 3 + (_TOWN_VILLAGES,) * 3,
    "F008": (_BEIJING,),
    "I001": (_SICHUAN_SALARIES,),
    "I002": (_SICHUAN_SALARIES,) * 2,
    "D006": (_SICHUAN_SALARIES,) * 5,
}

EXPECTED_BY_FILE: dict[str, Expected] = {
    CLEAN_FILE: {},
    GUIZHOU_FILE: GUIZHOU_EXPECTED,
    "guizhou-federation-2019-report.docx": GUIZHOU_REPORT_EXPECTED,
    MANY_PROBLEMS_FILE: MANY_PROBLEMS_EXPECTED,
    NATIONAL_CLEAN_FILE: {},
    NATIONAL_REAL_CASES_FILE: NATIONAL_REAL_CASES_EXPECTED,
    NATIONAL_SICHUAN_FILE: {},
}


def findings_by_rule(result: FileResult) -> dict[str, Counter[str | None]]:
    found: dict[str, Counter[str | None]] = {}
    for finding in result.findings:
        found.setdefault(finding.rule, Counter())[finding.project] += 1
    return found


def test_every_sample_file_has_an_expected_table():
    assert sorted(path.name for path in SAMPLES.iterdir() if path.is_file()) == sorted(EXPECTED_BY_FILE)


@pytest.mark.parametrize("file_name", sorted(EXPECTED_BY_FILE))
def test_each_sample_file_gives_exactly_its_expected_findings(catalogue: Catalogue, file_name: str) -> None:
    path = SAMPLES / file_name
    result = check_file(path, catalogue, engine_for(catalogue))
    assert result.status == "ok"
    expected = {rule: Counter(projects) for rule, projects in EXPECTED_BY_FILE[file_name].items()}
    assert findings_by_rule(result) == expected
    assert check_file(path, catalogue, PlainEngine(catalogue)) == result, "durable-rules and the plain evaluator disagree"


#: The cells the first finding of a rule cites, where the reader put them (sheet!cell of the sample file).
CITED = [
    (MANY_PROBLEMS_FILE, "F002", ["基本信息!B6", "项目!B2:B9"]),
    (MANY_PROBLEMS_FILE, "F003", ["项目!D3", "项目!B3:C3"]),
    (MANY_PROBLEMS_FILE, "F004", ["项目!C4", "项目!B4"]),
    (MANY_PROBLEMS_FILE, "F005", ["基本信息!B7", "项目!A2:A9"]),
    (MANY_PROBLEMS_FILE, "I001", ["项目!A5", "绩效指标!C20:C23"]),
    (MANY_PROBLEMS_FILE, "I005", ["绩效指标!G30:G35"]),
    (MANY_PROBLEMS_FILE, "S001", ["项目!E5", "绩效指标!H20:H23"]),
    (MANY_PROBLEMS_FILE, "S002", ["项目!F5", "项目!E5"]),
    (MANY_PROBLEMS_FILE, "D004", ["资金明细!A17"]),
    (MANY_PROBLEMS_FILE, "D005", ["项目!A8:A9"]),
    (NATIONAL_REAL_CASES_FILE, "D006", ["工资性支出!I11"]),
    (NATIONAL_REAL_CASES_FILE, "F008", ["【体制】自管道路清扫保洁外包工作经费!G5", "【体制】自管道路清扫保洁外包工作经费!D5:E5"]),
    (NATIONAL_REAL_CASES_FILE, "I006", ["委托业务项目!E15"]),
]


@pytest.mark.parametrize(("file_name", "rule", "cells"), CITED, ids=[f"{f}-{r}" for f, r, _ in CITED])
def test_a_finding_cites_the_cells_it_rests_on(catalogue: Catalogue, file_name: str, rule: str, cells: list[str]) -> None:
    result = check_file(SAMPLES / file_name, catalogue, engine_for(catalogue))
    assert next(f for f in result.findings if f.rule == rule).locations == cells


def test_the_seed_workbook_and_its_word_report_agree_on_the_contradiction(catalogue: Catalogue) -> None:
    """The figures of F001 and B001 are the seed's, whichever form the seed comes in."""
    engine = engine_for(catalogue)
    for name in (GUIZHOU_FILE, "guizhou-federation-2019-report.docx"):
        result = check_file(Path(SAMPLES / name), catalogue, engine)
        [f001] = [f for f in result.findings if f.rule == "F001"]
        [b001] = [f for f in result.findings if f.rule == "B001"]
        assert f001.values == {"expected": "1000.00", "actual": "1000.05", "difference": "0.05", "tolerance": "0.04"}, name
        assert b001.values == {"expected": "1000.00", "actual": "1000.05", "difference": "0.05"}, name
    workbook = check_file(SAMPLES / GUIZHOU_FILE, catalogue, engine).findings
    # The cells a reviewer opens: 执行数 and the seven uses for F001; the claim, the project's figures and the uses for B001.
    assert [f.locations for f in workbook if f.rule in ("F001", "B001")] == [
        ["基本信息!B10", "项目!B4:D4", "资金明细!C4:C10"],
        ["项目!C4", "资金明细!C4:C10"],
    ]

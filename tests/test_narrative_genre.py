"""Reports in the seed's genre but written differently: sections per project, a project
table, a single-project report. Each states its own figures (and one planted slip);
each must get the findings the catalogue defines for what it states, and no others."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from auditor.readers import read_submission

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def findings(check, name: str) -> set[tuple[str, str | None]]:
    return {(f.rule, f.project) for f in check(read_submission(REPORTS / name)).findings}


def test_projects_in_numbered_sections(check) -> None:
    """「（一）农村饮水安全工程专项资金」 sections: 结余 1.5 万元 beside 「全部使用完毕，无结余」."""
    submission = read_submission(REPORTS / "agriculture-sections.txt")
    assert [(p.name, p.budget, p.executed, p.balance) for p in submission.projects] == [
        ("农村饮水安全工程专项资金", Decimal("150"), Decimal("148.5"), Decimal("1.5")),
        ("高标准农田建设项目", Decimal("80"), Decimal("80"), None),
        ("农业技术推广经费", Decimal("50"), Decimal("50"), None),
    ]
    assert [(e.project, e.amount) for e in submission.expenditures] == [
        ("农村饮水安全工程专项资金", Decimal("100")), ("农村饮水安全工程专项资金", Decimal("20")),
        ("农村饮水安全工程专项资金", Decimal("28.5")), ("农业技术推广经费", Decimal("30")), ("农业技术推广经费", Decimal("20")),
    ]
    assert (submission.department.total_allocation, submission.department.project_count) == (Decimal("280"), 3)
    assert findings(check, "agriculture-sections.txt") == {("B001", "农村饮水安全工程专项资金")}


def test_a_project_table_in_markdown(check) -> None:
    submission = read_submission(REPORTS / "civil-affairs-table.md")
    assert [(p.name, p.budget, p.executed, p.balance) for p in submission.projects][2] == (
        "养老服务体系建设", Decimal("120.6"), Decimal("100.7"), Decimal("19.9")
    )
    assert (submission.department.total_allocation, submission.department.project_count) == (Decimal("2350.6"), 4)
    assert [(c.part, c.whole, c.claimed_percent) for c in submission.claims] == [(Decimal("9800"), Decimal("12500"), Decimal("78.4"))]
    assert findings(check, "civil-affairs-table.md") == set()


def test_a_single_project_report(check) -> None:
    """Its uses add up to 46.3 万元 against 48.3 spent — a slip of the kind the seed has."""
    submission = read_submission(REPORTS / "justice-single-project.txt")
    project = submission.projects[0]
    assert (project.name, project.budget, project.executed, project.score, project.grade) == (
        "社区矫正经费", Decimal("50"), Decimal("48.3"), Decimal("96"), "优秀"
    )
    assert [i.level2 for i in submission.indicators] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    assert findings(check, "justice-single-project.txt") == {("F001", "社区矫正经费")}


def test_a_clause_after_a_single_item_is_no_second_project(tmp_path, check) -> None:  # type: ignore[no-untyped-def]
    """「…资金303万元，其中项目管理费3万元，目前项目资金已拨付270万元」: one part and a clause about
    payment, not a project list of 「项目管理费」 and 「目前项目资金已」 (a false F002 on a real report)."""
    text = (
        "某乡人民政府2021年度项目支出绩效自评报告\n\n"
        "一、基本情况\n\n"
        "1.养殖基地建设项目，统筹整合使用财政涉农资金303万元，其中项目管理费3万元，目前项目资金已拨付270万元。项目本年未整体竣工验收。\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    read = read_submission(path)
    assert [p.name for p in read.projects] == [] or all("目前" not in p.name for p in read.projects)
    assert "F002" not in {f.rule for f in check(read).findings}


def test_a_law_year_in_the_body_is_not_the_years_evaluated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "专项资金使用情况的说明\n\n根据《预算法》（2002年修订）的规定，现将有关情况说明如下。\n"
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    assert read_submission(path).department.year is None

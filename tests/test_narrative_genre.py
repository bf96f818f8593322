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

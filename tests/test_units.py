"""D007: an amount written in another unit than its column is read in that unit, never silently, and
named with both readings when it stands three orders of magnitude or more from its siblings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.model import Department, Expenditure, Project, Submission
from auditor.parsing.units import WrittenAmount, own_unit_amounts
from auditor.readers import read_submission
from auditor.writers.workbook import WorkbookStyle, cell_of

USES = [("印刷", "40"), ("媒体投放", "35"), ("活动场地", "25")]


def workbook(tmp_path: Path, third_use: str) -> Path:
    """A 万元 workbook whose third use of 100 is typed as ``third_use`` (text with its own unit)."""
    submission = Submission(
        path="units.xlsx",
        department=Department(name="某厅", year=2023, unit="万元"),
        projects=[Project(name="宣传经费", budget=Decimal(100), executed=Decimal(100))],
        expenditures=[Expenditure(project="宣传经费", purpose=p, amount=Decimal(a)) for p, a in USES],
    )
    from auditor.writers.workbook import write_submission

    style = WorkbookStyle()
    path = tmp_path / "units.xlsx"
    sheet, _, ref = cell_of(submission, style, "资金明细", 2, "amount").rpartition("!")
    write_submission(submission, path, style, {(sheet, ref): third_use})
    return path


def test_an_outlier_unit_is_kept_and_named_with_both_readings(tmp_path: Path, catalogue, check) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path, "25元")
    read = read_submission(path)
    assert [e.amount for e in read.expenditures] == [Decimal(40), Decimal(35), Decimal("0.0025")]  # 25 元, not re-read
    result = check(read)
    [d007] = [f for f in result.findings if f.rule == "D007"]
    assert d007.severity == "warning" and d007.project == "宣传经费"
    assert "写作“25元”" in d007.message and "0.0025 万元" in d007.message and "若本意是 25 万元" in d007.message
    assert d007.locations == ["资金明细!C4"]
    # the figures as read do not add up to 100: F001 says so too, at its own cells
    assert "F001" in {f.rule for f in result.findings}


def test_an_own_unit_that_fits_its_column_is_noted_not_flagged(tmp_path: Path, check) -> None:  # type: ignore[no-untyped-def]
    read = read_submission(workbook(tmp_path, "250000元"))
    assert read.expenditures[2].amount == Decimal(25)
    assert any("资金明细!C4 写作“250000元”，已按所写单位计为 25 万元" in note for note in read.notes)
    assert [f.rule for f in check(read).findings if f.rule != "I001"] == []  # I001: it names no indicators


@pytest.mark.parametrize(
    ("value", "fires"),
    [(Decimal("0.04"), True), (Decimal("0.0401"), False), (Decimal("40000"), True), (Decimal("39999.99"), False)],
)
def test_three_orders_of_magnitude_is_the_edge(value: Decimal, fires: bool) -> None:
    siblings = [WrittenAmount("资金明细!C", f"资金明细!C{n}", Decimal(v), Decimal(v)) for n, v in ((2, 30), (3, 40), (4, 50))]
    own = WrittenAmount("资金明细!C", "资金明细!C5", value, value * 10000, "元")
    [(amount, outlier)] = list(own_unit_amounts([*siblings, own]))
    assert amount is own and (outlier is not None) == fires
    assert outlier is None or outlier.siblings == Decimal(40)


def test_an_own_unit_with_no_siblings_is_only_noted() -> None:
    alone = WrittenAmount("基本信息!B", "基本信息!B6", Decimal("0.0045"), Decimal(45), "元")
    assert list(own_unit_amounts([alone])) == [(alone, None)]

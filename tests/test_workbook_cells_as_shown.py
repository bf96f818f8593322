"""A workbook cell is read as the spreadsheet shows it: a percent-formatted 0.95 is 「95%」, a date-formatted
serial is a date — read as the bare stored number they gave false I003/S004/I007. And a template prompt
left in an indicator's cell of the submission workbook is D006, as in the national form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from auditor.model import Department, Indicator, Project, Submission
from auditor.readers import read_submission
from auditor.writers.workbook import WorkbookStyle, cell_of, write_submission

QUALITY = Indicator(project="宣传经费", level1="产出指标", level2="质量指标", name="验收合格率", target="≥95%", actual="95%", weight=Decimal(30), points=Decimal(30))
TIMELY = Indicator(project="宣传经费", level1="产出指标", level2="时效指标", name="完成时间", target="2023-12-31", actual="2023-11-30", weight=Decimal(30), points=Decimal(30))


def written(tmp_path: Path, reason: str | None = None) -> Path:
    submission = Submission(
        path="x.xlsx",
        department=Department(name="某厅", year=2023),
        projects=[Project(name="宣传经费", budget=Decimal(100), executed=Decimal(100))],
        indicators=[QUALITY.model_copy(update={"deviation_reason": reason}), TIMELY],
    )
    path = tmp_path / "formats.xlsx"
    write_submission(submission, path, WorkbookStyle())
    # Type the actual as Excel stores 「95%」 and the target as a real date, as a department would.
    book = openpyxl.load_workbook(path)
    actual = cell_of(submission, WorkbookStyle(), "绩效指标", 0, "actual").rpartition("!")[2]
    target = cell_of(submission, WorkbookStyle(), "绩效指标", 1, "target").rpartition("!")[2]
    sheet = book["绩效指标"]
    sheet[actual].value, sheet[actual].number_format = 0.95, "0%"
    sheet[target].value, sheet[target].number_format = date(2023, 12, 31), "yyyy-mm-dd"
    book.save(path)
    return path


def test_percent_and_date_cells_read_as_shown(tmp_path: Path, check) -> None:  # type: ignore[no-untyped-def]
    read = read_submission(written(tmp_path))
    quality, timely = read.indicators
    assert quality.actual == "95%" and timely.target == "2023-12-31"
    rules = {f.rule for f in check(read).findings}
    assert not rules & {"I003", "S004", "I007", "I006"}, rules


def test_a_prompt_left_in_an_indicators_reason_is_d006(tmp_path: Path, check) -> None:  # type: ignore[no-untyped-def]
    read = read_submission(written(tmp_path, reason="（200字以内）"))
    [d006] = [f for f in check(read).findings if f.rule == "D006"]
    assert d006.project == "宣传经费" and "偏差原因" in d006.message and d006.locations == [read.indicators[0].sources["deviation_reason"]]
    assert [f.rule for f in check(read_submission(written(tmp_path, reason="已据实调整"))).findings if f.rule == "D006"] == []


def test_durations_are_compared_and_calendar_points_are_not() -> None:
    from auditor.parsing.targets import parse_measured_value

    for text, unit in (("≤24小时", "小时"), ("≤2周", "周"), ("30天", "天")):
        measured = parse_measured_value(text)
        assert measured is not None and measured.unit == unit, text
    for text in ("2023年12月底前", "第四季度", "12月", "2023年"):
        assert parse_measured_value(text) is None, text

"""The draft workbook ``auditor extract`` writes from a narrative report: it reads back as it was written.

Most drafts are built from hand-made narrative submissions (``narrative_submission``),
so that each field's round trip is checked on its own; one test takes the real seed
report through the narrative reader, ``extract`` and back.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from auditor import readers
from auditor.cli import app
from auditor.model import (
    Claim,
    Department,
    Expenditure,
    Indicator,
    Project,
    Submission,
    TextSource,
)
from auditor.readers import read_submission
from auditor.readers.interface import unreadable_submission
from auditor.readers.workbook.columns import (
    BASIC,
    CLAIMS,
    EXPENDITURES,
    INDICATORS,
    PROJECTS,
)
from auditor.writers.draft import (
    SOURCES_HEADERS,
    SOURCES_SHEET,
    DraftOntoReport,
    character_span,
    write_draft,
)

REPO = Path(__file__).resolve().parent.parent
SEED_REPORT = REPO / "tests" / "fixtures" / "guizhou-federation-2019-seed.txt"
SEED_WORKBOOK = REPO / "sample_submissions" / "guizhou-federation-2019.xlsx"
WARMTH = "送温暖资金"
MODEL_WORKERS = "工会劳模（疗休养、生活补贴）工作经费"
SERVING_WORKERS = "服务职工（厂务公开、困难职工帮扶）工作经费"
ALLOCATION = "2019年，省财政安排的项目经费1114.36万元，主要用于开展送温暖活动、工会劳模工作经费、服务职工工作经费等。"
WARMTH_USES = "其中：省领导慰问困难企业及职工60万元、重点工程项目8.45万元、慰问困难农民工若干。"
SHARE = "其中来自基层和一线的劳模有73人，占比70%以上。"


# --- a narrative submission, as the reader will give one -----------------------------------


def stated(field: str, value: str, paragraph: int, sentence: str) -> TextSource:
    """Where a value is stated: its offsets found in the sentence, as the reader reports them."""
    start = sentence.index(value)
    clipped = sentence if len(sentence) <= 20 else sentence[:20] + "…"
    return TextSource(
        field=field,
        value=value,
        paragraph=paragraph,
        sentence=sentence,
        start=start,
        end=start + len(value),
        location=f"第{paragraph}段「{clipped}」",
    )


def narrative_submission(report: Path, *, department: Department | None = None, purpose: str = "重点工程项目") -> Submission:
    """A report that states some values and leaves others unknown (None): no 报告日期, 自评等级, 执行数, ..."""
    return Submission(
        path=str(report),
        layout="narrative-report",
        department=department
        or Department(name="贵州省总工会", year=2019, total_allocation=Decimal("1114.36"), project_count=3, balance_claim="无余额"),
        projects=[
            Project(name=WARMTH, budget=Decimal("1000"), executed=Decimal("1000"), balance=Decimal("0")),
            Project(name=MODEL_WORKERS, budget=Decimal("50")),
            Project(name=SERVING_WORKERS),
        ],
        expenditures=[
            Expenditure(project=WARMTH, purpose="省领导慰问困难企业及职工", amount=Decimal("60")),
            Expenditure(project=WARMTH, purpose=purpose, amount=Decimal("8.45")),
            Expenditure(project=WARMTH, purpose="慰问困难农民工"),
        ],
        indicators=[
            Indicator(project=MODEL_WORKERS, level1="产出指标", level2="数量指标", name="劳模疗休养人数", actual="99人"),
        ],
        claims=[
            Claim(project=MODEL_WORKERS, statement=SHARE, part=Decimal("73"), claimed_percent=Decimal("70"), comparator="以上"),
        ],
        extracted=[
            stated("部门名称", "贵州省总工会", 1, "贵州省总工会关于2019年部门项目支出绩效自评工作情况总结"),
            stated("财政拨款合计", "1114.36万元", 5, ALLOCATION),
            stated(f"项目「{WARMTH}」预算数", "1000万元", 7, f"{WARMTH}1000万元，全部使用完毕，当年无余额。"),
            stated(f"项目「{WARMTH}」资金明细「省领导慰问困难企业及职工」", "60万元", 8, WARMTH_USES),
            stated(f"项目「{WARMTH}」资金明细「{purpose}」", "8.45万元", 8, WARMTH_USES.replace("重点工程项目", purpose)),
            stated("数据声明", "占比70%以上", 12, SHARE),
        ],
    )


def records(items: list) -> list[dict]:
    return [item.model_dump(exclude={"sources"}) for item in items]


def sources_rows(path: Path) -> tuple[openpyxl.worksheet.worksheet.Worksheet, int, list[tuple]]:
    """The 提取来源 sheet, its header row and the rows under it, as openpyxl reads them."""
    sheet = openpyxl.load_workbook(path)[SOURCES_SHEET]
    header_row = next(row[0].row for row in sheet.iter_rows() if tuple(c.value for c in row[: len(SOURCES_HEADERS)]) == SOURCES_HEADERS)
    rows = [tuple(c.value for c in row[: len(SOURCES_HEADERS)]) for row in sheet.iter_rows(min_row=header_row + 1)]
    return sheet, header_row, rows


def expected_rows(extracted: list[TextSource]) -> list[tuple]:
    return [(n, s.field, s.value, s.paragraph, s.sentence, character_span(s)) for n, s in enumerate(extracted, start=1)]


# --- write_draft ---------------------------------------------------------------------------


def test_the_draft_reads_back_as_the_submission_it_was_written_from(tmp_path: Path) -> None:
    submission = narrative_submission(tmp_path / "report.txt")
    draft = tmp_path / "draft.xlsx"
    write_draft(submission, draft, "report.txt")
    back = read_submission(draft)
    assert not back.unreadable and back.layout == "submission-workbook"
    assert back.department.model_dump(exclude={"sources"}) == submission.department.model_dump(exclude={"sources"})
    for field in ("projects", "expenditures", "indicators", "claims"):
        assert records(getattr(back, field)) == records(getattr(submission, field)), field
    # The file states the exact decimals, not what a float makes of them (8.449999999999999).
    assert [e.amount for e in back.expenditures] == [Decimal("60"), Decimal("8.45"), None]
    with zipfile.ZipFile(draft) as archive:
        sheets = b"".join(archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))
    assert b"<v>8.45</v>" in sheets and b"<v>1114.36</v>" in sheets and b"99999" not in sheets


def test_what_the_report_does_not_state_stays_empty_never_zero(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    unnamed = Department(year=2019)
    draft = tmp_path / "draft.xlsx"
    write_draft(narrative_submission(report, department=unnamed), draft, report.name)
    back = read_submission(draft)
    assert (back.department.name, back.department.report_date, back.department.grade) == (None, None, None)
    [serving] = [p for p in back.projects if p.name == SERVING_WORKERS]
    assert (serving.budget, serving.executed, serving.balance) == (None, None, None)
    assert back.expenditures[-1].amount is None
    # Required 基本信息 fields the report lacks have a row with an empty 值, so the reader
    # names them as missing (as for the blank template), not as some value.
    sheet = openpyxl.load_workbook(draft)[BASIC.name]
    values = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}
    assert values["部门名称"] is None and values["报告日期"] is None and values["年度"] == 2019
    missing = [i.detail_zh for i in back.issues if i.kind == "missing_structure"]
    assert missing == ["基本信息缺少必填字段“部门名称”"]


def test_the_sources_sheet_lists_every_extracted_value(tmp_path: Path) -> None:
    submission = narrative_submission(tmp_path / "report.txt")
    draft = tmp_path / "draft.xlsx"
    write_draft(submission, draft, "贵州省总工会自评报告.txt")
    workbook = openpyxl.load_workbook(draft)
    assert workbook.sheetnames == [BASIC.name, PROJECTS.name, EXPENDITURES.name, INDICATORS.name, CLAIMS.name, SOURCES_SHEET]
    sheet, header_row, rows = sources_rows(draft)
    assert rows == expected_rows(submission.extracted)
    assert rows[1][2] == "1114.36万元" and rows[1][5] == "第17–25字"
    assert "本表由 auditor 从《贵州省总工会自评报告.txt》自动提取" in sheet["A1"].value
    assert "留空" in sheet["A1"].value and "核对、补全后再提交" in sheet["A1"].value
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref == f"A{header_row}:F{header_row + len(rows)}"
    sentence_column = SOURCES_HEADERS.index("原文句子") + 1
    assert all(sheet.cell(header_row + n, sentence_column).alignment.wrap_text for n in range(1, len(rows) + 1))
    assert sheet.column_dimensions["E"].width >= 40 and sheet.column_dimensions["A"].width < 20


def test_character_span_counts_from_one_and_includes_both_ends() -> None:
    assert character_span(stated("x", "贵州", 1, "贵州省")) == "第1–2字"
    assert character_span(stated("x", "省", 1, "贵州省")) == "第3字"


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    purpose = "=HYPERLINK(\"http://example.com\",\"点此\")"
    submission = narrative_submission(tmp_path / "report.txt", purpose=purpose)
    submission.extracted.append(stated("数据声明", "=1+1", 13, "=1+1 是一句以等号开头的话"))
    submission.extracted.append(stated("数据声明", "-5", 14, "-5 万元的调减"))
    draft = tmp_path / "draft.xlsx"
    write_draft(submission, draft, "report.txt")
    with zipfile.ZipFile(draft) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    workbook = openpyxl.load_workbook(draft)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    _, _, rows = sources_rows(draft)
    assert rows == expected_rows(submission.extracted)
    back = read_submission(draft)
    assert back.expenditures[1].purpose == purpose and not back.issues


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    submission = narrative_submission(tmp_path / "report.txt")
    draft = tmp_path / "draft.xlsx"
    draft.write_bytes(b"a person's corrected draft")
    with pytest.raises(FileExistsError):
        write_draft(submission, draft, "report.txt")
    assert draft.read_bytes() == b"a person's corrected draft"
    write_draft(submission, draft, "report.txt", overwrite=True)
    assert read_submission(draft).department.name == "贵州省总工会"


def test_the_report_itself_is_never_written_onto(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(SHARE, encoding="utf-8")
    submission = narrative_submission(report)
    for same in (report, tmp_path / "sub" / ".." / "report.txt"):
        with pytest.raises(DraftOntoReport):
            write_draft(submission, same, "report.txt", overwrite=True)
    assert report.read_text(encoding="utf-8") == SHARE


def test_the_same_submission_gives_the_same_bytes(tmp_path: Path) -> None:
    submission = narrative_submission(tmp_path / "report.txt")
    write_draft(submission, tmp_path / "a.xlsx", "report.txt")
    write_draft(submission, tmp_path / "b.xlsx", "report.txt")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


# --- auditor extract -----------------------------------------------------------------------


def run(*args: object) -> Result:
    return CliRunner().invoke(app, ["extract", *map(str, args)])


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(SHARE, encoding="utf-8")
    return path


def test_extract_writes_the_draft_and_says_what_it_extracted(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    submission = narrative_submission(report)
    monkeypatch.setattr(readers, "read_submission", lambda path: submission)
    draft = report.with_name("draft.xlsx")
    result = run(report, "-o", draft)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [result.stdout.strip()]
    assert "提取了 6 个值（3 个项目）" in result.stdout and str(draft) in result.stdout
    assert records(read_submission(draft).projects) == records(submission.projects)
    assert sources_rows(draft)[2] == expected_rows(submission.extracted)
    again = run(report, "-o", draft, "--force", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "extracted 6 values (3 projects)" in again.stdout


def test_extract_of_an_unreadable_report_is_exit_1_with_the_reason(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unreadable = unreadable_submission(report, "文件已损坏", "the file is damaged")
    monkeypatch.setattr(readers, "read_submission", lambda path: unreadable)
    result = run(report, "-o", report.with_name("draft.xlsx"))
    assert result.exit_code == 1 and "文件已损坏" in result.stderr
    assert not report.with_name("draft.xlsx").exists()
    assert "the file is damaged" in run(report, "-o", report.with_name("draft.xlsx"), "--lang", "en").stderr


def test_extract_refuses_what_is_no_narrative_report(report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = run(SEED_WORKBOOK, "-o", tmp_path / "draft.xlsx")
    assert workbook.exit_code == 2 and "extract 只用于文字报告" in workbook.stderr and "是工作簿" in workbook.stderr
    monkeypatch.setattr(readers, "read_submission", lambda path: Submission(path=str(path)))
    other = run(report, "-o", tmp_path / "draft.xlsx")
    assert other.exit_code == 2 and "extract 只用于文字报告" in other.stderr
    assert not (tmp_path / "draft.xlsx").exists()


def test_extract_usage_errors_are_exit_2_and_write_nothing(report: Path, tmp_path: Path) -> None:
    existing = tmp_path / "draft.xlsx"
    existing.write_bytes(b"keep me")
    cases = {
        "missing report": (tmp_path / "nowhere.txt", tmp_path / "new.xlsx"),
        "output is the report": (report, report),
        "output is the report by another path": (report, tmp_path / "sub" / ".." / "report.txt"),
        "output not .xlsx": (report, tmp_path / "draft.csv"),
        "no folder for the output": (report, tmp_path / "missing" / "draft.xlsx"),
        "output exists": (report, existing),
    }
    for case, (given, output) in cases.items():
        result = run(given, "-o", output)
        assert result.exit_code == 2, (case, result.output)
        assert result.stderr.startswith("auditor: "), case
    assert "--force" in run(report, "-o", existing).stderr
    assert existing.read_bytes() == b"keep me" and report.read_text(encoding="utf-8") == SHARE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.xlsx", "report.txt"]


def test_extract_of_the_seed_report(tmp_path: Path) -> None:
    """The real path: the seed report read as a narrative report, extracted, and read back."""
    submission = read_submission(SEED_REPORT)
    assert submission.layout == "narrative-report"
    draft = tmp_path / "draft.xlsx"
    result = run(SEED_REPORT, "-o", draft)
    assert result.exit_code == 0, result.output
    back = read_submission(draft)
    assert back.department.name == submission.department.name
    assert [(p.name, p.budget, p.executed, p.balance) for p in back.projects] == [
        (p.name, p.budget, p.executed, p.balance) for p in submission.projects
    ]
    assert [(e.project, e.purpose, e.amount) for e in back.expenditures] == [
        (e.project, e.purpose, e.amount) for e in submission.expenditures
    ]
    assert sources_rows(draft)[2] == expected_rows(submission.extracted)


def test_extract_points_a_report_holding_a_national_table_to_check(tmp_path: Path) -> None:
    report = REPO / "tests" / "fixtures" / "text-tables" / "one-cell-per-line.txt"
    result = CliRunner().invoke(app, ["extract", str(report), "-o", str(tmp_path / "draft.xlsx")])
    assert result.exit_code == 2 and "auditor check" in result.stderr and "自评表" in result.stderr
    assert not (tmp_path / "draft.xlsx").exists()

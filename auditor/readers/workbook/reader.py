"""Reads the submission workbook (docs/SUBMISSION_FORMAT.md) into a ``Submission``.

Every value keeps the cell it came from; a missing sheet or column, an unreadable
value, or a file that is no workbook at all becomes a data issue (D001–D003), never an
exception, so a batch always goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.model import (
    Claim,
    DataIssue,
    Department,
    Expenditure,
    Indicator,
    Project,
    Submission,
)
from auditor.parsing.indicator_kinds import indicator_kind
from auditor.parsing.shares import parse_share_statement
from auditor.parsing.text import name_key
from auditor.parsing.units import WrittenAmount
from auditor.readers.cell_values import CellValues, unit_issues
from auditor.readers.workbook import columns as layout
from auditor.readers.workbook.sheets import (
    DataRow,
    HeaderRow,
    data_rows,
    find_header_row,
    find_sheet,
)
from auditor.sources.grid import Cell, Sheet, WorkbookCells, column_letter

BALANCE_CLAIM_SYNONYMS = {
    "当年无余额": "无余额",
    "无结余": "无余额",
    "全部使用完毕": "无余额",
    "有结余": "有余额",
}
LAYOUT_NAME = "submission-workbook"
#: The column without which no row of a table can be attributed to a project.
KEY_COLUMNS = {"projects": "name", "expenditures": "project", "indicators": "project"}


def read_submission_workbook(path: Path, workbook: WorkbookCells) -> Submission:
    """The submission a workbook's cells state, in the layout of docs/SUBMISSION_FORMAT.md."""
    return WorkbookReader(path, workbook).read()




class WorkbookReader:
    """One read of one workbook: collects records and data issues as it goes."""

    def __init__(self, path: Path, workbook: WorkbookCells) -> None:
        self.path = path
        self.workbook = workbook
        self.issues: list[DataIssue] = []
        self.notes: list[str] = []
        self.unavailable: list[str] = []
        self.amounts: list[WrittenAmount] = []

    def read(self) -> Submission:
        department = self._department()
        unit = department.unit
        projects = [self._project(r, unit) for r in self._table(layout.PROJECTS)]
        expenditures = [self._expenditure(r, unit) for r in self._table(layout.EXPENDITURES)]
        indicators = [self._indicator(r) for r in self._table(layout.INDICATORS)]
        claims = [self._claim(r) for r in self._table(layout.CLAIMS)]
        unit_outliers, unit_notes = unit_issues(self.amounts, unit)
        self.issues.extend(unit_outliers)
        self.notes.extend(unit_notes)
        return Submission(
            path=str(self.path),
            layout=LAYOUT_NAME,
            department=department,
            projects=[p for p in projects if p is not None],
            expenditures=[e for e in expenditures if e is not None],
            indicators=[i for i in indicators if i is not None],
            claims=[c for c in claims if c is not None],
            issues=self.issues,
            notes=self.notes,
            unavailable=self.unavailable,
        )

    # --- structure -------------------------------------------------------------------------

    def _missing(self, what_zh: str, what_en: str, location: str) -> None:
        self.issues.append(
            DataIssue(kind="missing_structure", detail_zh=what_zh, detail_en=what_en, locations=[location])
        )

    def _sheet_and_header(self, sheet_layout: layout.SheetLayout) -> tuple[Sheet, HeaderRow] | None:
        """The sheet and its header row; what is missing is reported (D002) and marked unavailable."""
        found = self._find_sheet_and_header(sheet_layout)
        if found is None:
            self.unavailable.append(sheet_layout.alias)
        else:
            missing = found[1].missing(sheet_layout.columns)
            self.unavailable.extend(f"{sheet_layout.alias}.{column.field}" for column in missing)
        return found

    def _find_sheet_and_header(self, sheet_layout: layout.SheetLayout) -> tuple[Sheet, HeaderRow] | None:
        sheet = find_sheet(self.workbook, sheet_layout)
        name = f"{sheet_layout.name}（{sheet_layout.alias}）"
        if sheet is None:
            if sheet_layout.required:
                self._missing(f"缺少工作表“{name}”", f"the sheet “{sheet_layout.name}” ({sheet_layout.alias}) is missing", self.path.name)
            return None
        header = find_header_row(sheet, sheet_layout.columns)
        if header is None:
            expected = "、".join(c.name for c in sheet_layout.columns if c.required)
            self._missing(
                f"工作表“{sheet.name}”中找不到表头行（应含：{expected}）",
                f"no header row found in the sheet “{sheet.name}” (expected: {expected})",
                sheet.name,
            )
            return None
        for column in header.missing(sheet_layout.columns):
            self._missing(
                f"工作表“{sheet.name}”缺少必填列“{column.name}”（{column.alias}）",
                f"the sheet “{sheet.name}” lacks the required column “{column.name}” ({column.alias})",
                f"{sheet.name}!{header.row}:{header.row}",
            )
        return sheet, header

    def _table(self, sheet_layout: layout.SheetLayout) -> list[tuple[CellValues, DataRow, HeaderRow]]:
        found = self._sheet_and_header(sheet_layout)
        if found is None:
            return []
        sheet, header = found
        key = KEY_COLUMNS.get(sheet_layout.alias)
        if key is not None and key not in header.headers:
            # Rows that name no project cannot be attributed; D002 said why.
            self.unavailable.append(sheet_layout.alias)
            return []
        values = CellValues(sheet.name, self.issues, self.amounts)
        return [(values, row, header) for row in data_rows(sheet, header)]

    # --- 基本信息 ----------------------------------------------------------------------------

    def _department(self) -> Department:
        sheet = find_sheet(self.workbook, layout.BASIC)
        header = find_header_row(sheet, layout.BASIC.columns) if sheet is not None else None
        pairs = _label_value_pairs(sheet, header) if sheet is not None else {}
        if sheet is None or (header is None and not pairs):
            # Report exactly as for any other sheet (D002), now that no field was found either.
            self._sheet_and_header(layout.BASIC)
            return Department()
        values = CellValues(sheet.name, self.issues, self.amounts)
        cells = {field: cell for field, (cell, _) in pairs.items()}
        refs = {field: ref for field, (_, ref) in pairs.items()}
        unit = values.word(cells.get("unit"), layout.AMOUNT_UNITS) or "万元"
        found_values: dict[str, Any] = {
            "name": values.text(cells.get("name")),
            "year": values.integer(cells.get("year")),
            "report_date": values.date(cells.get("report_date")),
            "unit": unit,
            "total_allocation": values.amount(cells.get("total_allocation"), unit, None),
            "project_count": values.integer(cells.get("project_count")),
            "balance_claim": values.word(cells.get("balance_claim"), layout.BALANCE_CLAIMS, BALANCE_CLAIM_SYNONYMS),
            "grade": values.word(cells.get("grade"), layout.GRADES),
        }
        for required in ("name", "year"):
            if found_values[required] is None and CellValues.is_empty(cells.get(required)):
                column = layout.BASIC_FIELDS[0] if required == "name" else layout.BASIC_FIELDS[1]
                self._missing(
                    f"基本信息缺少必填字段“{column.name}”",
                    f"the basic-information sheet lacks the required field “{column.name}” ({column.alias})",
                    sheet.name,
                )
        return Department(sources=refs, **found_values)

    # --- table rows ------------------------------------------------------------------------

    def _row_name(self, values: CellValues, row: DataRow, field: str) -> str | None:
        """The project a row is about; a row without one cannot be attributed and is skipped with a note."""
        name = values.text(row.cells.get(field))
        if name is None:
            self.notes.append(f"{values.sheet_name} 第 {row.row} 行没有项目名称，已跳过")
        return name

    def _project(self, entry: tuple[CellValues, DataRow, HeaderRow], unit: str) -> Project | None:
        values, row, header = entry
        name = self._row_name(values, row, "name")
        if name is None:
            return None
        unit_of = header.units
        return Project(
            name=name,
            budget=values.amount(row.cells.get("budget"), unit, unit_of.get("budget"), name),
            executed=values.amount(row.cells.get("executed"), unit, unit_of.get("executed"), name),
            balance=values.amount(row.cells.get("balance"), unit, unit_of.get("balance"), name),
            score=values.number(row.cells.get("score"), name),
            grade=values.word(row.cells.get("grade"), layout.GRADES, project=name),
            sources=dict(row.refs),
        )

    def _expenditure(self, entry: tuple[CellValues, DataRow, HeaderRow], unit: str) -> Expenditure | None:
        values, row, header = entry
        project = self._row_name(values, row, "project")
        if project is None:
            return None
        return Expenditure(
            project=project,
            purpose=values.text(row.cells.get("purpose")),
            amount=values.amount(row.cells.get("amount"), unit, header.units.get("amount"), project),
            sources=dict(row.refs),
        )

    def _indicator(self, entry: tuple[CellValues, DataRow, HeaderRow]) -> Indicator | None:
        values, row, _ = entry
        project = self._row_name(values, row, "project")
        if project is None:
            return None
        return Indicator(
            project=project,
            level1=self._kind(values, row.cells.get("level1"), layout.LEVEL1_KINDS, project),
            level2=self._kind(values, row.cells.get("level2"), layout.LEVEL2_KINDS, project),
            name=values.text(row.cells.get("name")),
            target=values.text(row.cells.get("target")),
            actual=values.text(row.cells.get("actual")),
            weight=values.number(row.cells.get("weight"), project),
            points=values.number(row.cells.get("points"), project),
            deviation_reason=values.text(row.cells.get("deviation_reason")),
            sources=dict(row.refs),
        )

    @staticmethod
    def _kind(values: CellValues, cell: Cell | None, choices: tuple[str, ...], project: str) -> str | None:
        text = values.text(cell)
        if text is None or cell is None:
            return None
        kind = indicator_kind(text)
        return values.word(Cell(cell.row, cell.col, "text", kind or ""), choices, project=project)

    def _claim(self, entry: tuple[CellValues, DataRow, HeaderRow]) -> Claim | None:
        values, row, _ = entry
        statement = values.text(row.cells.get("statement"))
        project = values.text(row.cells.get("project"))
        part = values.number(row.cells.get("part"), project)
        whole = values.number(row.cells.get("whole"), project)
        claimed = values.percent(row.cells.get("claimed_percent"), project)
        comparator = values.text(row.cells.get("comparator"))
        sources = dict(row.refs)
        if statement is not None:
            # Counts left empty are read from the sentence, and point at the sentence's cell.
            stated = parse_share_statement(statement)
            read = {"part": part, "whole": whole, "claimed_percent": claimed}
            from_sentence = {"part": stated.part, "whole": stated.whole, "claimed_percent": stated.percent}
            for field, value in from_sentence.items():
                if CellValues.is_empty(row.cells.get(field)) and value is not None:
                    read[field] = value
                    sources[field] = sources["statement"]
            part, whole, claimed = read["part"], read["whole"], read["claimed_percent"]
            if comparator is None and CellValues.is_empty(row.cells.get("claimed_percent")):
                comparator = stated.comparator
        if part is None and whole is None and claimed is None:
            self.notes.append(f"{values.sheet_name} 第 {row.row} 行的声明没有可核对的数字，已忽略")
            return None
        return Claim(
            project=project,
            statement=statement or "",
            part=part,
            whole=whole,
            claimed_percent=claimed,
            comparator=None if comparator is None else "".join(comparator.split()),  # as typed; P001 compares its normal form
            sources=sources,
        )


def _label_value_pairs(sheet: Sheet, header: HeaderRow | None) -> dict[str, tuple[Cell | None, str]]:
    """基本信息 fields by model field: (value cell, its address).

    Under a 字段/值 header row the value is in the 值 column; a sheet without that header
    (departments do delete it) is read as field names with their values to the right.
    """
    fields = {name_key(c.name): c for c in layout.BASIC_FIELDS}
    fields.update({name_key(c.alias): c for c in layout.BASIC_FIELDS})
    pairs: dict[str, tuple[Cell | None, str]] = {}
    if header is not None:
        for row in data_rows(sheet, header):
            label = row.cells.get("field")
            column = fields.get(name_key(label.text)) if label is not None and label.kind == "text" else None
            if column is not None and column.field not in pairs and "value" in row.refs:
                pairs[column.field] = (row.cells.get("value"), row.refs["value"])
        return pairs
    for (row, col), cell in sorted(sheet.cells.items()):
        column = fields.get(name_key(cell.text)) if cell.kind == "text" else None
        if column is not None and column.field not in pairs:
            pairs[column.field] = (sheet.cells.get((row, col + 1)), f"{sheet.name}!{column_letter(col + 1)}{row}")
    return pairs


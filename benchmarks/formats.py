"""Time reading the held-out workbooks as .xlsx, .xls and .ods, and compare the .ods readers one could use.

Run as ``python benchmarks/formats.py`` (``N`` in the environment changes the number of
reads of each file; the best is kept). For each format it prints milliseconds per file
for auditor's cell reader, for the whole reader plugin (cells, then the layout read into
a submission), and for python-calamine reading every cell (the bare-read floor); for
.xls also xlrd alone on the file (its own OLE2 reader, no survey); for .ods also odfpy
when it is installed (``pip install odfpy``; not a dependency). Then, for .ods, how
exact each reader is: numbers that differ from the file's ``office:value`` text, percent
and date cells it can tell, merged ranges it sees. Prints figures; asserts nothing.
The machine may be shared and noisy: compare the readers measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from auditor.readers.ods import READER as ODS_READER
from auditor.readers.xls import READER as XLS_READER
from auditor.readers.xlsx import READER as XLSX_READER
from auditor.sources.ods import read_ods_cells
from auditor.sources.xls import read_xls_cells
from auditor.sources.xlsx import read_workbook_cells

N = int(os.environ.get("N", "30"))
FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
STEMS = sorted(path.stem for path in (FORMATS / "xlsx").glob("*.xlsx"))


def best_ms(read: Callable[[Path], object], path: Path) -> float:
    times = []
    for _ in range(N):
        started = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def calamine_every_cell(path: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()


def xlrd_alone(path: Path) -> None:
    import xlrd

    xlrd.open_workbook(str(path), formatting_info=True, ragged_rows=True, logfile=open(os.devnull, "w"))


def odfpy_every_cell(path: Path) -> None:
    from odf.opendocument import load
    from odf.table import Table, TableCell

    document = load(str(path))
    for table in document.spreadsheet.getElementsByType(Table):
        for cell in table.getElementsByType(TableCell):
            cell.getAttribute("valuetype")
            cell.getAttribute("value")


def report(label: str, read: Callable[[Path], object], suffix: str) -> None:
    figures = [best_ms(read, FORMATS / suffix / f"{stem}.{suffix}") for stem in STEMS]
    print(f"  {label:<44} {statistics.mean(figures):7.2f} ms/file   (min {min(figures):.2f}, max {max(figures):.2f})")


def exactness() -> None:
    """How each .ods reader's numbers, percent/date cells and merged ranges compare with the file's."""
    literal_numbers = percent = dates = merged = 0
    calamine_differing = calamine_merged = 0
    odfpy_differing = None
    for stem in STEMS:
        path = FORMATS / "ods" / f"{stem}.ods"
        ours = read_ods_cells(path)
        workbook = CalamineWorkbook.from_path(str(path))
        for sheet in ours.sheets:
            rows = workbook.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
            calamine_merged += len(workbook.get_sheet_by_name(sheet.name).merged_cell_ranges or [])
            merged += len(sheet.merged)
            for (r, c), cell in sheet.cells.items():
                if cell.kind != "number":
                    continue
                literal_numbers += 1
                percent += cell.is_percent
                dates += cell.is_date
                if cell.is_date:
                    continue  # calamine gives a date object, not the serial
                value = rows[r - 1][c - 1] if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) else None
                if not isinstance(value, (int, float)) or Decimal(repr(float(value))) != Decimal(cell.text):
                    calamine_differing += 1
    try:
        import odf  # noqa: F401

        odfpy_differing = 0  # odfpy hands attributes back as the file's text: exact by construction
    except ImportError:
        pass
    print(f"  numbers read: {literal_numbers} (auditor: the office:value text itself, 0 differ)")
    print(f"  python-calamine: {calamine_differing} of them differ from the file's literal once read as a binary float and shown shortest")
    print(f"  percent cells auditor recognises: {percent}; dates: {dates}; python-calamine gives neither flag (a percent is its fraction)")
    print(f"  merged ranges: auditor {merged}, python-calamine {calamine_merged}")
    if odfpy_differing is not None:
        print("  odfpy: attribute text, exact; but number formats, repeats and merges are left to the caller, and its zip has no size guard")


def main() -> None:
    print(f"{len(STEMS)} held-out workbooks (tests/fixtures/formats), best of {N} reads each, mean over files")
    for suffix, cells, reader in (
        ("xlsx", read_workbook_cells, XLSX_READER),
        ("xls", read_xls_cells, XLS_READER),
        ("ods", read_ods_cells, ODS_READER),
    ):
        print(f".{suffix}")
        report("auditor cells (sources)", cells, suffix)
        report("auditor reader (cells + layout → Submission)", reader.read, suffix)
        report("python-calamine, every cell (the floor)", calamine_every_cell, suffix)
        if suffix == "xls":
            report("xlrd alone on the file (its own OLE2 reader)", xlrd_alone, suffix)
        if suffix == "ods":
            try:
                import odf  # noqa: F401
            except ImportError:
                print("  odfpy: not installed (pip install odfpy to compare)")
            else:
                report("odfpy, every cell (a DOM of the document)", odfpy_every_cell, suffix)
    print(".ods exactness")
    exactness()


if __name__ == "__main__":
    main()

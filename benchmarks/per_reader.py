"""Per-file cost of every reader, on the same documents in each format: ms per file, best of N.

Run as ``python benchmarks/per_reader.py`` (``N`` repetitions, default 20). Reads each file with
``read_submission`` (the reader and the layout reading, no rules) and prints what it costs, so
that the formats can be compared on the same content: the seed (贵州省总工会, 2019) as a
workbook and as a report in every format, and the national real-cases table in every format.
Prints figures; asserts nothing. .doc goes through LibreOffice and is timed when ``soffice``
is installed.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from auditor.readers import read_submission  # noqa: E402

N = int(os.environ.get("N", "20"))
FIXTURES = REPO / "tests" / "fixtures"
SAMPLES = REPO / "sample_submissions"

CASES: list[tuple[str, str, Path]] = [
    ("seed workbook", "xlsx", SAMPLES / "guizhou-federation-2019.xlsx"),
    ("seed workbook", "xls", FIXTURES / "formats" / "xls" / "guizhou-federation-2019.xls"),
    ("seed workbook", "ods", FIXTURES / "formats" / "ods" / "guizhou-federation-2019.ods"),
    ("seed workbook", "et", FIXTURES / "formats" / "guizhou-federation-2019.et"),
    ("seed report", "txt", FIXTURES / "guizhou-federation-2019-seed.txt"),
    ("seed report", "txt (GB18030)", FIXTURES / "guizhou-federation-2019-seed.gb18030.txt"),
    ("seed report", "docx", SAMPLES / "guizhou-federation-2019-report.docx"),
    ("seed report", "pdf", FIXTURES / "pdf" / "guizhou-federation-2019-report.pdf"),
    ("seed report", "html", FIXTURES / "html" / "seed-portal.utf8.html"),
    ("seed report", "mht", FIXTURES / "html" / "seed-word.gb2312.mht"),
    ("seed report", "doc (LibreOffice)", FIXTURES / "formats" / "guizhou-federation-2019-report.doc"),
    ("national real cases", "xlsx", SAMPLES / "national-real-cases.xlsx"),
    ("national real cases", "xls", FIXTURES / "formats" / "xls" / "national-real-cases.xls"),
    ("national real cases", "ods", FIXTURES / "formats" / "ods" / "national-real-cases.ods"),
    ("national real cases", "pdf", FIXTURES / "pdf" / "national-real-cases.pdf"),
    ("national real cases", "html", FIXTURES / "html" / "national-real-cases.html"),
    ("table copied as text", "txt (one cell per line)", FIXTURES / "text-tables" / "one-cell-per-line.txt"),
    ("table copied as text", "txt (run together)", FIXTURES / "text-tables" / "run-together.txt"),
    ("table copied as text", "md", FIXTURES / "text-tables" / "one-table.md"),
]


def best_ms(path: Path, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        read_submission(path)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    print(f"per-file reading cost, best of {N} ({platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores)")
    print(f"{'content':<22} {'format':<26} {'ms/file':>9}  {'size':>9}  layout")
    for content, kind, path in CASES:
        if not path.exists():
            print(f"{content:<22} {kind:<26} {'(missing)':>9}")
            continue
        if "LibreOffice" in kind and shutil.which("soffice") is None:
            print(f"{content:<22} {kind:<26} {'(no soffice)':>9}")
            continue
        repeats = 3 if "LibreOffice" in kind else N
        read_submission(path)  # imports and caches out of the way
        layout = read_submission(path).layout
        print(f"{content:<22} {kind:<26} {best_ms(path, repeats):9.2f}  {path.stat().st_size / 1024:7.1f} KB  {layout}")


if __name__ == "__main__":
    main()

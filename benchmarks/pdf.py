"""Time auditor's PDF reader and the libraries it was chosen among, and measure their Chinese text.

Run as ``python benchmarks/pdf.py`` (``N`` in the environment changes the number of reads;
the best of them is printed). For each printed fixture of tests/fixtures/pdf/ — the seed
report printed from its .docx, the three national samples printed from Excel, and a report
set over two pages — it prints milliseconds per file for:

* ``auditor pdf``: the whole reader (guarded opening, lines and tables, paragraphs,
  extraction): what ``auditor check`` spends on the file;
* ``auditor sources.pdf``: the guarded opening alone (pdfplumber underneath);
* ``pdfplumber text`` and ``pdfplumber tables``: the library's own ``extract_text`` and
  ``extract_tables`` on every page;
* ``pdfminer.six text``: ``pdfminer.high_level.extract_text``;
* ``pypdfium2 text``: PDFium's text of every page (C++, no layout analysis);
* ``.docx`` / ``.xlsx``: auditor's readers of the files the PDFs were printed from.

Then, for the seed report, how each library's text compares with the text the Word file
holds (tests/fixtures/guizhou-federation-2019-seed.txt), character by character once line
breaks are removed: characters missing or added other than spaces,
spaces the report does not have, and spaces of the report left out (at line ends, harmless).
Prints figures; asserts nothing. The machine may be shared and noisy: compare figures of
one run with each other.
"""

from __future__ import annotations

import difflib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2
from pdfminer.high_level import extract_text as pdfminer_text

from auditor.readers import read_submission
from auditor.sources.pdf import read_pdf

N = int(os.environ.get("N", "5"))
REPO = Path(__file__).resolve().parent.parent
PDFS = REPO / "tests" / "fixtures" / "pdf"
SAMPLES = REPO / "sample_submissions"
FILES = {
    "guizhou-federation-2019-report.pdf": SAMPLES / "guizhou-federation-2019-report.docx",
    "national-clean.pdf": SAMPLES / "national-clean.xlsx",
    "national-real-cases.pdf": SAMPLES / "national-real-cases.xlsx",
    "national-sichuan.pdf": SAMPLES / "national-sichuan.xlsx",
    "report-over-pages.pdf": None,
}


def plumber_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def plumber_tables(path: Path) -> list[object]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def pdfium_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def auditor_text(path: Path) -> str:
    return "\n".join(item.text for page in read_pdf(path) for item in page.items if hasattr(item, "text"))


READERS: dict[str, Callable[[Path], object]] = {
    "auditor pdf": read_submission,
    "auditor sources.pdf": read_pdf,
    "pdfplumber text": plumber_text,
    "pdfplumber tables": plumber_tables,
    "pdfminer.six text": lambda path: pdfminer_text(str(path)),
    "pypdfium2 text": pdfium_text,
}


def best_ms(read: Callable[[Path], object], path: Path) -> float:
    times = []
    for _ in range(N):
        start = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def text_quality(text: str, written: str) -> tuple[int, int, int]:
    """(characters changed other than spaces, spaces added, spaces left out) against the report's text."""
    got, want = re.sub(r"[\n\r\f]", "", text), written
    changed = added = dropped = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        removed, inserted = want[i1:i2], got[j1:j2]
        if op == "equal":
            continue
        dropped += removed.count(" ")
        added += inserted.count(" ")
        changed += len(removed.replace(" ", "")) + len(inserted.replace(" ", ""))
    return changed, added, dropped


def main() -> None:
    names = list(READERS) + [".docx / .xlsx"]
    print(f"ms per file, best of {N}")
    print(f"{'file':38}" + "".join(f"{name:>21}" for name in names))
    for name, original in FILES.items():
        path = PDFS / name
        row = [best_ms(read, path) for read in READERS.values()]
        source = f"{best_ms(read_submission, original):21.1f}" if original else f"{'—':>21}"
        print(f"{name:38}" + "".join(f"{ms:21.1f}" for ms in row) + source)

    seed = PDFS / "guizhou-federation-2019-report.pdf"
    # The Word sample holds the text of the .txt fixture, Markdown marks and all, one paragraph a line.
    written = re.sub(r"[\n\r]", "", (REPO / "tests" / "fixtures" / "guizhou-federation-2019-seed.txt").read_text("utf-8"))
    print("\nThe seed report's text against the text it was printed from (line breaks removed):")
    print(f"{'':22}{'other characters':>18}{'spaces added':>14}{'spaces dropped':>16}")
    for label, text in (
        ("auditor sources.pdf", auditor_text(seed)),
        ("pdfplumber text", plumber_text(seed)),
        ("pdfminer.six text", pdfminer_text(str(seed))),
        ("pypdfium2 text", pdfium_text(seed)),
    ):
        changed, added, dropped = text_quality(text, written)
        print(f"{label:22}{changed:18}{added:14}{dropped:16}")


if __name__ == "__main__":
    main()

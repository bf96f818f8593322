"""Time reading narrative reports: the seed in its three encodings/formats, and hostile texts.

Run as ``python benchmarks/reports.py`` (``N`` in the environment changes the number of
reads). Prints figures; asserts nothing — the machine may be shared and noisy.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from auditor.readers import read_submission
from auditor.readers.narrative.document import document_from_text, read_document
from auditor.readers.narrative.extract import extract_submission

N = int(os.environ.get("N", "200"))
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def timed(fn, n: int) -> tuple[float, float]:
    """(median, best) milliseconds of ``fn()`` over ``n`` calls."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    print(f"narrative reports, N={N}: ms per file, median / best (document → paragraphs, then extraction)")
    reports = sorted(FIXTURES.glob("guizhou-federation-2019-seed*")) + sorted((FIXTURES / "reports").glob("*"))
    for path in reports:
        document = read_document(path)
        whole, whole_best = timed(lambda: read_submission(path), N)
        paragraphs, paragraphs_best = timed(lambda: read_document(path), N)
        print(f"  {path.name:45s} {path.stat().st_size:>7} bytes  whole {whole:6.2f} / {whole_best:6.2f}   "
              f"of which paragraphs {paragraphs:5.2f} / {paragraphs_best:5.2f}   ({len(document.paragraphs)} paragraphs)")
    print("\nhostile texts (one extraction each; linear growth is the point):")
    for label, build in [
        ("share claims in one sentence", lambda n: "共100人，" + "其中10人，占比10%，" * n),
        ("用于 without amounts", lambda n: "其中：甲项目10万元、乙项目5万元。" + "甲项目用于" * n + "10万元"),
        ("indicator clauses", lambda n: "其中：甲项目10万元、乙项目5万元。\n\n甲项目" + "数量指标：a，目标值1人，" * n),
    ]:
        for n in (10_000, 40_000, 120_000):  # the largest stays under the 2,000,000-character limit
            text = build(n)
            start = time.perf_counter()
            extract_submission(document_from_text(text), "hostile.txt")
            print(f"  {label:30s} {len(text):>9} chars  {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()

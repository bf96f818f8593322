"""Time reading web pages: ms per file for the html reader on the fixture pages, and hostile pages.

Run as ``python benchmarks/html_pages.py`` (``N`` in the environment changes the number of reads).
For each page in tests/fixtures/html/ (.html, and the .mht web archive): the whole read (``read_submission``: decoding,
parsing, chrome, paragraphs, extraction), the page alone (``read_page``: up to the
numbered paragraphs and the grids), and the stdlib's ``html.parser`` merely tokenizing the
same text (the floor a parser built on it could not go below — on benign pages only, since
it is quadratic on unclosed constructs, which the second half shows for this reader).
Prints figures; asserts nothing — the machine may be shared and noisy.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from auditor.readers import read_submission  # noqa: E402
from auditor.readers.html_page import page_from_bytes, read_page  # noqa: E402
from auditor.sources.html import decode_page, is_web_archive, web_archive_page  # noqa: E402
from auditor.sources.refusal import Refused  # noqa: E402

N = int(os.environ.get("N", "50"))
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def best_ms(fn: Callable[[], object], n: int) -> float:
    """The best of ``n`` calls of ``fn()``, in milliseconds."""
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def stdlib_tokenize(text: str) -> None:
    parser = HTMLParser(convert_charrefs=True)
    parser.feed(text)
    parser.close()


def main() -> None:
    print(f"web pages, best of N={N}, ms per file: whole read / page (paragraphs + grids) / html.parser tokenizing only")
    for path in sorted(p for p in (FIXTURES / "html").iterdir() if p.suffix in (".html", ".mht")):
        data = path.read_bytes()
        text = decode_page(*web_archive_page(data))[0] if is_web_archive(data) else decode_page(data)[0]
        page = read_page(path)
        whole = best_ms(lambda: read_submission(path), N)
        paragraphs = best_ms(lambda: read_page(path), N)
        floor = best_ms(lambda: stdlib_tokenize(text), N)
        print(f"  {path.name:28s} {path.stat().st_size:>7} bytes  {whole:7.2f} / {paragraphs:7.2f} / {floor:6.2f}   "
              f"({len(page.document.paragraphs)} paragraphs, {len(page.tables)} tables)")
    seed = FIXTURES / "guizhou-federation-2019-seed.txt"
    print(f"  (the seed as .txt, whole read: {best_ms(lambda: read_submission(seed), N):.2f} ms)")

    print("\nhostile pages (one read each; linear growth is the point; refusals say why):")
    for label, build in [
        ("unclosed <a b=\" (quadratic in html.parser)", lambda n: "<p>正文。</p>" + '<a b="' * n),
        ("unclosed <a", lambda n: "<p>正文。</p>" + "<a" * n),
        ("nested <div>", lambda n: "<div>" * n + "正文。"),
        ("paragraphs", lambda n: "<p>　　本单位项目支出共计120万元，已全部使用完毕。</p>" * n),
        ("table rows with merged cells", lambda n: "<table>" + "<tr><td rowspan=2>甲</td><td colspan=3>乙</td></tr><tr><td>1</td><td>2</td><td>3</td></tr>" * n + "</table>"),
    ]:
        for n in (10_000, 40_000, 120_000):
            data = build(n).encode("utf-8")
            start = time.perf_counter()
            try:
                page = page_from_bytes(data)
                outcome = f"{len(page.document.paragraphs)} paragraphs"
            except Refused as refused:
                outcome = "refused: " + refused.reason_en[:60]
            print(f"  {label:45s} {len(data):>9} bytes  {time.perf_counter() - start:6.2f} s  {outcome}")
    for n in (2_000, 8_000):
        text = "<p>正文。</p>" + '<a b="' * n
        start = time.perf_counter()
        stdlib_tokenize(text)
        print(f"  html.parser on unclosed <a b=\" {len(text):>9} chars  {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()

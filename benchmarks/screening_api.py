"""What the pandas API and the screening workbook cost, and what keeping pandas out of the command line saves.

Run as ``python benchmarks/screening_api.py`` (``N`` files in the synthetic batch, default
20,000, five findings each). Prints figures; asserts nothing. The machine may be shared
and noisy: compare figures measured in the same run.

1. Start-up: ``auditor --help`` as it is, and with pandas imported first (what every
   command would pay if the workbook or the API imported it at the top); pandas' own
   import time by ``python -X importtime``.
2. The digest each worker takes of its file (BLAKE2b over the bytes): µs per sample file.
3. The screening workbook on N synthetic results: seconds to stream the rows, seconds in
   ``close`` (the pandas tables for 汇总 and 规则统计, then the zip), and the ledger's
   memory per finding.
4. ``frames`` building ``run.files`` / ``run.findings`` with text for the same batch.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
N = int(os.environ.get("N", "20000"))


def wall(arguments: list[str], repeat: int = 5) -> float:
    """Median seconds of a command, started fresh each time."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(arguments, cwd=REPO, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pandas_import_ms() -> float:
    """pandas' cumulative import time (µs in -X importtime's last line for it) in ms."""
    probe = subprocess.run([sys.executable, "-X", "importtime", "-c", "import pandas"], capture_output=True, text=True, check=True)
    lines = [line for line in probe.stderr.splitlines() if line.rstrip().endswith("| pandas")]
    return int(lines[-1].split("|")[1]) / 1000


def start_up() -> None:
    plain = wall([sys.executable, "-m", "auditor", "--help"])
    burdened = wall([sys.executable, "-c", "import pandas; from auditor.cli import app; app(['--help'])"])
    seed = "sample_submissions/guizhou-federation-2019.xlsx"
    check = wall([sys.executable, "-m", "auditor", "check", seed, "-q", "--fail-on", "never"])
    print(f"auditor --help: {plain * 1000:.0f} ms; with pandas imported first: {burdened * 1000:.0f} ms "
          f"(saved: {(burdened - plain) * 1000:.0f} ms); pandas' import alone (-X importtime): {pandas_import_ms():.0f} ms")
    print(f"auditor check {seed} (table): {check * 1000:.0f} ms, pandas never imported")


def digests() -> None:
    from auditor.sources.digest import content_digest

    samples = sorted((REPO / "sample_submissions").iterdir())
    best = min(_timed(lambda: [content_digest(path) for path in samples]) for _ in range(50))
    size = sum(path.stat().st_size for path in samples) / len(samples)
    print(f"digest: {best / len(samples) * 1e6:.0f} µs per file (samples, {size / 1024:.0f} KiB on average)")


def synthetic(n: int) -> list:
    from auditor.model import FileResult, Finding

    severities = ("error", "warning", "warning", "info", "warning")
    return [
        FileResult(
            path=f"batch/{index // 100:03d}/dept{index:06d}.xlsx", department=f"第{index % 5000}局", year=2019 + index % 3,
            layout="submission-workbook", digest=f"{index % (n - 7):032x}",
            findings=[
                Finding(rule=f"F00{k}", name="rule", severity=severities[k], project=f"项目{k}", message=f"项目{k}：合计 {index}.05 万元，与执行数不一致。",
                        locations=[f"项目!C{k + 2}", f"资金明细!C{k + 2}:C{k + 8}"], values={"expected": f"{index}.00", "actual": f"{index}.05", "difference": "0.05"})
                for k in range(5)
            ],
        )
        for index in range(n)
    ]


def workbook(results: list) -> None:
    from auditor.findings.ledger import Ledger
    from auditor.formats.screening_workbook import ScreeningWorkbook

    import pandas  # noqa: F401 - imported before timing: a run that writes a workbook pays it once

    with tempfile.TemporaryDirectory() as folder:
        sink = ScreeningWorkbook(Path(folder) / "screening.xlsx")
        started = time.perf_counter()
        for result in results:
            sink.add(result)
        streamed = time.perf_counter()
        sink.close()
        closed = time.perf_counter()
        size = (Path(folder) / "screening.xlsx").stat().st_size
    findings = sum(len(r.findings) for r in results)
    print(f"workbook, {len(results):,} files, {findings:,} findings: rows streamed in {streamed - started:.1f} s "
          f"({(streamed - started) / len(results) * 1000:.2f} ms a file), close {closed - streamed:.1f} s; {size / 1e6:.1f} MB")
    tracemalloc.start()
    ledger = Ledger(with_text=False)
    for result in results:
        ledger.add(result)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"ledger kept by the workbook: {held / 1e6:.1f} MB ({held / findings:.0f} bytes a finding, files' paths included)")


def api_tables(results: list) -> None:
    from auditor.api import Run

    run = Run(results)
    started = time.perf_counter()
    findings, files = run.findings, run.files
    built = time.perf_counter()
    submissions = run.submissions
    ranked = time.perf_counter()
    print(f"API tables: findings ({len(findings):,} rows) and files ({len(files):,}) in {built - started:.1f} s; "
          f"submissions ranked in {ranked - built:.2f} s; repeats found: {int(files['duplicate_of'].notna().sum())}")
    del submissions


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    start_up()
    digests()
    results = synthetic(N)
    workbook(results)
    api_tables(results)

"""Time each stage of checking one workbook — read, facts, engine, findings — and the whole ``check_file``.

Run as ``python benchmarks/check.py`` (``N`` in the environment sets the repetitions).
Uses the bundled sample submissions, which are of typical size. Prints figures;
asserts nothing (timings on a shared machine are not test material).
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.catalogue.rule_files import load_catalogue
from auditor.engine.durable_adapter import engine_for
from auditor.engine.plain import PlainEngine
from auditor.facts import build_facts
from auditor.findings.render import build_findings
from auditor.readers import read_submission
from auditor.run.pipeline import check_file

N = int(os.environ.get("N", "500"))
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "sample_submissions").glob("*.xlsx"))


def median_ms(action: Callable[[], Any], repeat: int = N) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    catalogue = load_catalogue()
    durable = engine_for(catalogue)
    plain = PlainEngine(catalogue)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; N={N} per file")
    print(f"{'file':34} {'facts':>5} {'read':>8} {'facts':>8} {'durable':>8} {'plain':>8} {'render':>8} {'check_file':>10}  (ms, median)")
    for path in SAMPLES:
        submission = read_submission(path)
        facts = build_facts(submission, catalogue.fact_requests)
        firings = durable.fire(facts)
        row = [
            median_ms(lambda: read_submission(path)),
            median_ms(lambda: build_facts(submission, catalogue.fact_requests)),
            median_ms(lambda: durable.fire(facts)),
            median_ms(lambda: plain.fire(facts)),
            median_ms(lambda: build_findings(catalogue, facts, firings, submission.department.unit, "zh")),
            median_ms(lambda: check_file(path, catalogue, durable)),
        ]
        print(f"{path.name:34} {len(facts):5d} " + " ".join(f"{v:8.3f}" for v in row[:-1]) + f" {row[-1]:10.3f}")
    start = time.perf_counter()
    files = 0
    for _ in range(max(1, N // 5)):
        for path in SAMPLES:
            check_file(path, catalogue, durable)
            files += 1
    elapsed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"throughput: {files / elapsed:.0f} files/s in one process ({files} files); peak RSS {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()

"""The ``--annotate`` benchmark: how long marking one copy takes, per sample, in the parent process.

Run as ``python benchmarks/annotate.py`` (environment: ``ROUNDS``, default 5). Copies are
written in the parent as results stream in, so this time is added to a batch's, file by
file, whatever the number of jobs. Prints the median per file and the import cost of
openpyxl and python-docx (paid once per run, only when a copy is made); asserts nothing.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from auditor.formats.annotated.copies import CopySink  # noqa: E402
from auditor.formats.interface import OutputOptions  # noqa: E402
from auditor.model import FileResult  # noqa: E402


def main() -> None:
    rounds = int(os.environ.get("ROUNDS", "5"))
    samples = REPO / "sample_submissions"
    report = subprocess.run([sys.executable, "-m", "auditor", "check", str(samples), "--format", "json", "--quiet"],
                            capture_output=True, text=True, check=False)
    results = [FileResult.model_validate(item) for item in json.loads(report.stdout)["results"]]
    started = time.perf_counter()
    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    print(f"import openpyxl + python-docx: {time.perf_counter() - started:.3f} s (once per run)")
    with tempfile.TemporaryDirectory() as folder:
        for result in results:
            times = []
            for _ in range(rounds):
                sink = CopySink(Path(folder), OutputOptions(inputs=(str(samples),)), report=io.StringIO())
                started = time.perf_counter()
                sink.add(result)
                sink.close()
                times.append(time.perf_counter() - started)
            print(f"{Path(result.path).name:45} {statistics.median(times) * 1000:7.0f} ms  ({len(result.findings)} findings)")


if __name__ == "__main__":
    main()

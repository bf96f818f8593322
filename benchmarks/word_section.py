"""Time and memory of the Word 「存在的问题」: the seed's result added N times, then the document written.

Run as ``python benchmarks/word_section.py`` (``FILES`` in the environment sets the batch
sizes, default ``1,1000,5000``; each size runs in a process of its own, so that its peak
memory is its own). Prints ms per file added, the time to write, the process's peak
memory and the file's size: paragraphs wait in a temporary file, so memory should not grow
with the batch. Prints figures; asserts nothing — the machine may be shared and noisy.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sample_submissions" / "guizhou-federation-2019.xlsx"


def one_batch(files: int) -> None:
    from auditor.catalogue.rule_files import load_catalogue
    from auditor.engine.durable_adapter import engine_for
    from auditor.formats.interface import OutputOptions
    from auditor.formats.word_section import FORMAT
    from auditor.run.pipeline import check_file

    catalogue = load_catalogue(ROOT / "rules")
    seed = check_file(SEED, catalogue, engine_for(catalogue), "zh")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "存在的问题.docx"
        started = time.perf_counter()
        sink = FORMAT.open_file(target, OutputOptions())
        for number in range(files):
            sink.add(seed.model_copy(update={"path": f"{number:06d}.xlsx"}))
        added = time.perf_counter()
        sink.close()
        written = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{files:>7} files × {len(seed.findings)} problems: {(added - started) / files * 1000:6.2f} ms a file added, "
            f"written in {written - added:5.2f} s, peak {peak:5.0f} MB, {target.stat().st_size / 1e6:6.2f} MB on disk"
        )


if __name__ == "__main__":
    if len(sys.argv) == 2:
        one_batch(int(sys.argv[1]))
    else:
        for size in os.environ.get("FILES", "1,1000,5000").split(","):
            subprocess.run([sys.executable, __file__, size], check=True)

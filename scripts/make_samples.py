"""Regenerate sample_submissions/*.xlsx from tests.sample_builders and tests.national_sample_builders (same bytes on every run).

Run from anywhere: ``python scripts/make_samples.py [OUTPUT_DIR]``; the default is the
repository's ``sample_submissions/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # so the script runs without installing the package

from auditor.writers.workbook import write_submission  # noqa: E402
from tests.national_sample_builders import NATIONAL_SAMPLE_FILES  # noqa: E402
from tests.sample_builders import SAMPLE_DIR, SAMPLE_FILES  # noqa: E402


def main(output_dir: Path) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLE_FILES:
        path = output_dir / sample.file_name
        write_submission(sample.build(), path, sample.style, sample.overrides(sample.style))
        print(path)
    for national in NATIONAL_SAMPLE_FILES:
        path = output_dir / national.file_name
        national.write(path)
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / SAMPLE_DIR)

"""Regenerate tests/fixtures/formats/: held-out workbooks as .xlsx, and LibreOffice's .xls and .ods saves of them.

The .xlsx originals are written by auditor's own writers (the sample builders, every
layout variant of the submission workbook, the national form's variants, and a few
submissions the test suite's hypothesis strategies generate, derandomized); LibreOffice
then saves each as Excel 97-2003 (.xls) and as OpenDocument (.ods), as a department
would. ``tests/test_xls_ods.py`` checks that each save gets exactly the findings of its
original. Also written: the seed report as Word 97 (.doc, for
``tests/test_office_conversion.py``) and a BIFF workbook under WPS's .et ending.

Needs LibreOffice (``soffice``). Run from anywhere:
``python scripts/make_format_fixtures.py [OUTPUT_DIR]``; the default is
``tests/fixtures/formats/``. LibreOffice's saves carry timestamps, so the bytes differ
from run to run; the cells do not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # so the script runs without installing the package

from auditor.model import Submission  # noqa: E402
from auditor.writers.national_form import write_national_form  # noqa: E402
from auditor.writers.workbook import WorkbookStyle, write_submission  # noqa: E402
from tests.national_sample_builders import NATIONAL_SAMPLE_FILES, national_clean  # noqa: E402
from tests.sample_builders import SAMPLE_FILES, guizhou_federation_2019, many_problems_example  # noqa: E402

DEFAULT_OUTPUT = REPO / "tests" / "fixtures" / "formats"
SEED_REPORT = REPO / "sample_submissions" / "guizhou-federation-2019-report.docx"
#: How many generated submissions join the held-out set.
GENERATED = 3


def submission_variants() -> dict[str, tuple[Callable[[], Submission], WorkbookStyle]]:
    """Every layout variant the submission-workbook writer has, on submissions that fire many rules."""
    return {
        "variant-title-rows": (many_problems_example, WorkbookStyle(title_rows=3)),
        "variant-english": (guizhou_federation_2019, WorkbookStyle(english_names=True)),
        "variant-text-amounts": (many_problems_example, WorkbookStyle(amounts_as_text="thousands")),
        "variant-fullwidth-amounts": (guizhou_federation_2019, WorkbookStyle(amounts_as_text="fullwidth")),
        "variant-padded-amounts": (many_problems_example, WorkbookStyle(amounts_as_text="padded")),
        "variant-percent-cells": (guizhou_federation_2019, WorkbookStyle(percent_cells=True)),
        "variant-shuffled": (many_problems_example, WorkbookStyle(shuffle_columns=7, header_units=True, extra_sheets=True)),
    }


def generated_submissions(count: int) -> list[Submission]:
    """The first ``count`` submissions with six or more uses of funds that the suite's strategy of
    disturbed submissions draws, derandomized (the same for a given hypothesis version)."""
    from hypothesis import HealthCheck, Phase, given, settings

    from tests.strategies import disturbed_submissions

    found: list[Submission] = []

    @settings(derandomize=True, max_examples=300, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(disturbed_submissions())
    def collect(submission: Submission) -> None:
        if len(found) < count and len(submission.expenditures) >= 6 and len(submission.projects) >= 2:
            found.append(submission)

    collect()
    return found


def write_originals(folder: Path) -> list[Path]:
    """The held-out .xlsx workbooks, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for sample in SAMPLE_FILES:
        path = folder / sample.file_name
        write_submission(sample.build(), path, sample.style, sample.overrides(sample.style))
        written.append(path)
    for national in NATIONAL_SAMPLE_FILES:
        path = folder / national.file_name
        national.write(path)
        written.append(path)
    for name, (build, style) in submission_variants().items():
        path = folder / f"{name}.xlsx"
        write_submission(build(), path, style)
        written.append(path)
    path = folder / "national-central-ab.xlsx"
    write_national_form(list(national_clean()), path, "central-ab")
    written.append(path)
    for index, submission in enumerate(generated_submissions(GENERATED), 1):
        path = folder / f"generated-{index}.xlsx"
        write_submission(submission, path)
        written.append(path)
    return written


def libreoffice_save(sources: list[Path], target: str, folder: Path) -> None:
    """Save each of ``sources`` as ``target`` (xls, ods, doc) into ``folder``, as LibreOffice does."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="auditor-fixtures-") as profile:
        subprocess.run(
            ["soffice", "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={Path(profile).as_uri()}",
             "--convert-to", target, "--outdir", str(folder), *map(str, sources)],
            check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=600,
        )
    for source in sources:
        if not (folder / f"{source.stem}.{target}").is_file():
            raise SystemExit(f"LibreOffice did not save {source.name} as .{target}")


def main(output: Path) -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed to save the fixtures as .xls and .ods")
    for sub in ("xlsx", "xls", "ods"):
        shutil.rmtree(output / sub, ignore_errors=True)
    originals = write_originals(output / "xlsx")
    libreoffice_save(originals, "xls", output / "xls")
    libreoffice_save(originals, "ods", output / "ods")
    libreoffice_save([SEED_REPORT], "doc", output)
    shutil.copy(output / "xls" / "guizhou-federation-2019.xls", output / "guizhou-federation-2019.et")
    for path in sorted(output.rglob("*")):
        if path.is_file():
            print(path.relative_to(output), path.stat().st_size)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)

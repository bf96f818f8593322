"""Fuzzing: real samples corrupted at the byte, zip, XML and text level always get a result.

The property, for every corrupted input (``tests/fuzz_strategies.py``): ``check_file``
returns; the status is ``ok`` or ``error``, never ``internal-error`` (a corrupted file that
makes auditor fail is auditor's bug: the reader must refuse it with a reason or read it);
a status of ``error`` comes with the D001 finding that says why, and D001 only with it;
and the file checked is not changed. The number of examples is bounded for CI (2,000
inputs; about 12 s of CPU on the development machine); ``benchmarks/fuzz_campaign.py`` runs the same
strategies on a hundred thousand inputs, and the escapes it found are pinned by minimal
cases in ``test_hostile.py``, ``test_xlsx_cells.py``, ``test_narrative_document.py`` and
``test_narrative_hostile.py``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from auditor.catalogue.rule_files import Catalogue
from auditor.engine import RuleEngine
from auditor.engine.durable_adapter import engine_for
from auditor.model import FileResult
from auditor.run.pipeline import check_file
from auditor.sources.xlsx import read_workbook_cells
from tests.fuzz_strategies import (
    Corrupted,
    Member,
    all_samples,
    build_zip,
    document_inputs,
    members_of,
    renamed_inputs,
    text_inputs,
    with_shared_strings,
    workbook_inputs,
)

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def engine(catalogue: Catalogue) -> RuleEngine:
    return engine_for(catalogue)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def checked(corrupted: Corrupted, workdir: Path, catalogue: Catalogue, engine: RuleEngine) -> FileResult:
    """Check the input as a file of its ending, and hold the property on what comes back."""
    path = workdir / f"input{corrupted.suffix}"
    path.write_bytes(corrupted.data)
    result = check_file(path, catalogue, engine)
    assert result.status != "internal-error", getattr(result, "_traceback", result.findings)
    assert result.status in ("ok", "error")
    rules = {finding.rule for finding in result.findings}
    assert ("D001" in rules) == (result.status == "error"), rules
    assert path.read_bytes() == corrupted.data, "checking a file changed it"
    return result


# --------------------------------------------------------------------------- the property


@settings(FUZZ, max_examples=1000)
@given(corrupted=workbook_inputs())
def test_a_corrupted_workbook_gets_a_result(corrupted: Corrupted, workdir: Path, catalogue: Catalogue,
                                            engine: RuleEngine) -> None:
    checked(corrupted, workdir, catalogue, engine)


@settings(FUZZ, max_examples=400)
@given(corrupted=document_inputs())
def test_a_corrupted_word_report_gets_a_result(corrupted: Corrupted, workdir: Path, catalogue: Catalogue,
                                               engine: RuleEngine) -> None:
    checked(corrupted, workdir, catalogue, engine)


@settings(FUZZ, max_examples=400)
@given(corrupted=text_inputs())
def test_a_corrupted_text_report_gets_a_result(corrupted: Corrupted, workdir: Path, catalogue: Catalogue,
                                               engine: RuleEngine) -> None:
    checked(corrupted, workdir, catalogue, engine)


@settings(FUZZ, max_examples=200)
@given(corrupted=renamed_inputs())
def test_a_file_with_another_files_ending_gets_a_result(corrupted: Corrupted, workdir: Path, catalogue: Catalogue,
                                                        engine: RuleEngine) -> None:
    checked(corrupted, workdir, catalogue, engine)


# --------------------------------------------------------------------------- the strategies' ground


@pytest.mark.parametrize("sample", all_samples(), ids=lambda sample: sample.name)
def test_every_sample_is_read_before_it_is_corrupted(sample, workdir: Path, catalogue: Catalogue,
                                                     engine: RuleEngine) -> None:
    """Corrupting a file auditor refuses anyway would test nothing: each sample reads as it is."""
    result = checked(Corrupted(sample.name, sample.suffix, sample.data), workdir, catalogue, engine)
    assert result.status == "ok"


def test_the_zip_writer_rebuilds_a_package_member_for_member() -> None:
    sample = next(sample for sample in all_samples() if sample.suffix == ".xlsx")
    members = members_of(sample.data)
    assert members_of(build_zip(members)) == members
    # and lies where told to: a declared size, a CRC, a repeated name
    lying = build_zip([Member(b"a.xml", b"<a/>", declared_size=99, crc=1), Member(b"a.xml", b"<b/>")])
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        infos = archive.infolist()
    assert [(info.filename, info.file_size, info.CRC) for info in infos][0] == ("a.xml", 99, 1)
    assert [info.filename for info in infos] == ["a.xml", "a.xml"]


def test_the_shared_string_variant_holds_the_same_cells(tmp_path: Path) -> None:
    """Each workbook moved to a shared-string table reads cell for cell as the original."""
    for sample in all_samples():
        if sample.suffix != ".xlsx" or ".sst." in sample.name:
            continue
        original, shared = tmp_path / "original.xlsx", tmp_path / "shared.xlsx"
        original.write_bytes(sample.data)
        shared.write_bytes(with_shared_strings(sample.data))
        with zipfile.ZipFile(shared) as archive:
            assert b"<si>" in archive.read("xl/sharedStrings.xml")
            assert b'inlineStr' not in archive.read("xl/worksheets/sheet1.xml")
        before, after = read_workbook_cells(original), read_workbook_cells(shared)
        assert [(s.name, s.cells, s.merged) for s in after.sheets] == [(s.name, s.cells, s.merged) for s in before.sheets]

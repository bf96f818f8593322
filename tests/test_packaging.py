"""The package as installed: every subpackage listed, the rules and the plugins inside the wheel, no sample data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, RULES


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "auditor").rglob("__init__.py")}
    assert found | {"auditor.rules_data"} == listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel built from a copy of the project's files (not build/ nor caches: nothing stale slips in)."""
    source = tmp_path_factory.mktemp("source")
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [path] = out.glob("auditor-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_ships_every_rule_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {f"auditor/rules_data/{p.name}" for p in RULES.glob("*.yaml")} <= names
    assert "auditor/cli.py" in names and "auditor/sources/xlsx.py" in names


def test_the_wheel_holds_no_sample_data_and_exactly_the_source_modules(wheel: zipfile.ZipFile) -> None:
    modules = {name for name in wheel.namelist() if name.startswith("auditor/") and name.endswith(".py")}
    assert modules == {str(p.relative_to(REPO)) for p in (REPO / "auditor").rglob("*.py")}
    assert not any("sample" in name for name in modules)


def test_the_wheel_declares_the_built_in_plugins(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [name for name in wheel.namelist() if name.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[auditor.readers]" in text and "xlsx = auditor.readers.xlsx:READER" in text
    assert "[auditor.formats]" in text and "json = auditor.formats.json_report:JSON" in text


def test_the_wheel_ships_the_html_reports_templates_and_declares_its_format(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    templates = {str(p.relative_to(REPO)) for p in (REPO / "auditor" / "formats" / "templates").glob("*.j2")}
    assert templates and templates <= names
    [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    assert "html = auditor.formats.html_report:FORMAT" in wheel.read(entry_points).decode()
    [metadata] = [name for name in names if name.endswith(".dist-info/METADATA")]
    assert "Requires-Dist: Jinja2" in wheel.read(metadata).decode()


def test_the_installed_rules_folder_is_found_without_the_repository(tmp_path, monkeypatch):
    import auditor.catalogue.rule_files as catalogue

    fake_package = tmp_path / "site" / "auditor"
    (fake_package / "rules_data").mkdir(parents=True)
    for rule in RULES.glob("*.yaml"):
        (fake_package / "rules_data" / rule.name).write_bytes(rule.read_bytes())
    monkeypatch.setattr(catalogue, "__file__", str(fake_package / "catalogue" / "rule_files.py"))
    assert catalogue.default_rules_folder() == fake_package / "rules_data"
    assert Path(catalogue.default_rules_folder()).is_dir()

"""The package as installed: every subpackage listed, and the rules shipped inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tests.conftest import REPO, RULES


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "auditor").rglob("__init__.py")}
    assert found | {"auditor.rules_data"} == listed


def test_the_wheel_ships_every_rule_file(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("auditor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"auditor/rules_data/{p.name}" for p in RULES.glob("*.yaml")} <= names
    assert "auditor/cli.py" in names and "auditor/sources/xlsx.py" in names


def test_the_installed_rules_folder_is_found_without_the_repository(tmp_path, monkeypatch):
    import auditor.catalogue.rule_files as catalogue

    fake_package = tmp_path / "site" / "auditor"
    (fake_package / "rules_data").mkdir(parents=True)
    for rule in RULES.glob("*.yaml"):
        (fake_package / "rules_data" / rule.name).write_bytes(rule.read_bytes())
    monkeypatch.setattr(catalogue, "__file__", str(fake_package / "catalogue" / "rule_files.py"))
    assert catalogue.default_rules_folder() == fake_package / "rules_data"
    assert Path(catalogue.default_rules_folder()).is_dir()

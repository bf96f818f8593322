"""The package is a house whose floors only go down: no module imports one above it, and no cycle.

Floors, bottom first: the model, the parsing of text into values and the plugin loader;
sources (guarded bytes: files, zips, XML, text, grids of cells); readers; facts; the
rule catalogue; the engine; findings; formats and the writers of blank workbooks; the
run; the command line, the Python API and the package face. A module that needs something from a floor
above it is in the wrong place, and an import cycle is two modules that are one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

FLOORS: dict[str, float] = {
    "auditor.model": 0,
    "auditor.parsing": 0,
    "auditor.plugins": 0,
    "auditor.sources": 1,
    "auditor.readers": 2,
    "auditor.facts": 3,
    "auditor.catalogue": 4,
    "auditor.engine": 5,
    "auditor.findings": 6,
    "auditor.formats": 7,
    "auditor.writers": 7.5,
    "auditor.run": 8,
    "auditor.cli": 9,
    "auditor.api": 9,  # the Python API, beside the command line: both drive the run
    "auditor.__main__": 10,
    "auditor": 10,  # the package face (auditor/__init__.py)
}
PACKAGE = REPO / "auditor"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor(module: str) -> tuple[str, float]:
    """The floor a module stands on: its longest prefix in FLOORS."""
    for prefix in sorted(FLOORS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix, FLOORS[prefix]
    raise AssertionError(f"{module} stands on no floor: add its package to FLOORS")


def imports(path: Path) -> set[str]:
    """Every auditor module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "auditor":
                found.update(f"auditor.{alias.name}" for alias in node.names)
            elif node.module.startswith("auditor."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("auditor"))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {target for target in imports(path) if target != name} for name, path in modules.items()}


def test_no_module_imports_one_above_it() -> None:
    upward = []
    for module, targets in graph().items():
        home, level = floor(module)
        for target in targets:
            there, target_level = floor(target)
            if target_level > level or (target_level == level and there != home):
                upward.append(f"{module} ({home}) imports {target} ({there})")
    assert upward == []


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if target not in edges:
                continue
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [module, target])
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_top_of_the_package_is_small() -> None:
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "api.py", "cli.py", "model.py", "plugins.py"]

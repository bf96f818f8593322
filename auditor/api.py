"""The Python API: check submissions from a notebook and get the findings as pandas tables.

    >>> import auditor
    >>> run = auditor.check("sample_submissions/", jobs=2)
    >>> run.findings.groupby("rule").size()          # one row per finding
    >>> run.files.sort_values("risk_score", ascending=False).head()
    >>> run.to_excel("screening.xlsx"); run.to_json("report.json")

A run goes through the same machinery as ``auditor check`` (``run.batch``: the files
collected the same way, checked in worker processes, results in path order), so
``run.to_json`` writes the very bytes ``auditor check --format json`` prints, and
``run.files`` ranks files by the computation the screening workbook's 汇总 uses
(``findings.frames``). Amounts stay exact: the compared values are decimal strings.

This module imports pandas; ``import auditor`` does not, until ``auditor.check`` is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import pandas as pd

from auditor.catalogue.rule_files import Catalogue, load_catalogue
from auditor.findings import frames
from auditor.findings.ledger import Ledger
from auditor.formats.interface import OutputOptions, ResultSink
from auditor.formats.json_report import JSON
from auditor.formats.screening_workbook import FORMAT as SCREENING_WORKBOOK
from auditor.model import FileResult
from auditor.run.batch import RunSettings, file_tasks, run_checks

PathLike = str | os.PathLike[str]
#: The rules that say why a file could not be checked: kept when a subset of rules is chosen,
#: so that an unreadable file still says why rather than coming back with no finding.
ALWAYS_RULES = ("D001", "D002")


def check(
    paths: PathLike | Iterable[PathLike],
    *,
    jobs: int | None = None,
    rules: PathLike | Iterable[str] | Catalogue | None = None,
    lang: str = "zh",
    timeout: float = 30.0,
) -> Run:
    """Check a file, a folder (every file under it), or a list of them; the results as a ``Run``.

    ``jobs``: worker processes (default: one per core). ``rules``: a folder of rule files
    (as ``--rules``), a list of rule codes to run (D001/D002 always run), or a loaded
    ``Catalogue``; default the built-in rules. ``lang``: ``zh`` or ``en`` messages.
    """
    given = [Path(paths)] if isinstance(paths, (str, os.PathLike)) else [Path(path) for path in paths]
    missing = [str(path) for path in given if not path.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    catalogue = _catalogue(rules)
    options = OutputOptions(lang, {rule.code: rule.title.text(lang) for rule in catalogue.rules})
    collected = _Collected()
    summary = run_checks(file_tasks(given), catalogue, [collected], RunSettings(lang, jobs, timeout))
    return Run(collected.results, options, summary.interrupted)


class Run:
    """What one check found: ``files`` and ``findings`` as DataFrames, and the reports to write.

    The tables are built once, on first use, from ``results`` (the ``FileResult`` of each
    file in path order, as the JSON report holds them).
    """

    def __init__(self, results: list[FileResult], options: OutputOptions = OutputOptions(), interrupted: bool = False) -> None:
        self.results = results
        self.options = options
        #: Ctrl-C stopped the run: the tables hold the files finished before it.
        self.interrupted = interrupted

    @cached_property
    def findings(self) -> pd.DataFrame:
        """One row per finding: file (its row in ``files``), path, department, year, layout, rule,
        name, severity, project, message, locations, expected, actual, difference (exact decimal
        strings) and values (every value the message names)."""
        return frames.findings_frame(self._ledger)

    @cached_property
    def files(self) -> pd.DataFrame:
        """One row per file: path, department, year, layout, status, errors, warnings, infos,
        findings, risk_score, file_problem, digest, duplicate_of, duplicate_kind, copies."""
        return frames.files_frame(self._ledger, self.findings)

    @cached_property
    def submissions(self) -> pd.DataFrame:
        """The screening workbook's 汇总: one row per submission, worst first."""
        return frames.submissions_table(self.files, self.findings)

    @cached_property
    def rules(self) -> pd.DataFrame:
        """The screening workbook's 规则统计: per rule, the files it fired on, their share, its findings."""
        return frames.rules_table(self.files, self.findings)

    def to_excel(self, path: PathLike) -> Path:
        """Write the screening workbook (汇总, 问题清单, 规则统计, 未能读取, 说明) to ``path``."""
        return self._write(SCREENING_WORKBOOK.open_file(Path(path), self.options), path)

    def to_json(self, path: PathLike) -> Path:
        """Write the JSON report: the same bytes as ``auditor check --format json`` on the same files."""
        return self._write(JSON.open_file(Path(path), self.options), path)

    def __repr__(self) -> str:
        severities = self.findings["severity"].value_counts()
        counts = ", ".join(f"{severities.get(name, 0)} {name}s" for name in ("error", "warning", "info"))
        return f"<auditor.Run: {len(self.results)} files, {counts}{' (interrupted)' if self.interrupted else ''}>"

    @cached_property
    def _ledger(self) -> Ledger:
        ledger = Ledger(with_text=True)
        for result in self.results:
            ledger.add(result)
        return ledger

    def _write(self, sink: ResultSink, path: PathLike) -> Path:
        try:
            for result in self.results:
                sink.add(result)
        finally:
            sink.close()
        return Path(path)


class _Collected:
    """A sink keeping every result: the API hands them all back at once."""

    def __init__(self) -> None:
        self.results: list[FileResult] = []

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def close(self) -> None:
        return None


def _catalogue(rules: PathLike | Iterable[str] | Catalogue | None) -> Catalogue:
    if rules is None or isinstance(rules, (str, os.PathLike)) and Path(rules).is_dir():
        return load_catalogue(None if rules is None else Path(rules))  # type: ignore[arg-type]
    if isinstance(rules, Catalogue):
        return rules
    codes = {rules.upper()} if isinstance(rules, str) else {str(code).upper() for code in rules}  # type: ignore[union-attr]
    catalogue = load_catalogue()
    unknown = sorted(codes - set(catalogue.by_code))
    if unknown:
        raise ValueError(f"no rule {', '.join(unknown)} (known: {', '.join(catalogue.by_code)}), and no such folder of rule files")
    return Catalogue([rule for rule in catalogue.rules if rule.code in codes or rule.code in ALWAYS_RULES], catalogue.folder)

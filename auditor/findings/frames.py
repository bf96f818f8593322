"""A run as pandas tables: one row per file, one per finding, and from them the workbook's 汇总 and 规则统计.

This is the one computation of how submissions rank and how often rules fire: the
screening workbook's sheets and the Python API's ``run.files`` / ``run.findings`` come
from these functions, so the two cannot disagree. Scores follow ``tally`` exactly
(tests compare them on generated results), computed column-wise with groupby.

pandas costs a few hundred milliseconds to import, which a single-file check at the
command line must not pay; so nothing imports this module until a workbook is
finished or the API is used (``auditor --help`` and ``auditor check x.xlsx`` never do).

Amounts stay exact: ``expected``, ``actual`` and ``difference`` are the finding's decimal
strings as the JSON report gives them, never floats.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from auditor.findings.ledger import SAME_BYTES, SAME_DEPARTMENT_YEAR, SEVERITIES, Ledger
from auditor.findings.tally import CALIBRATION_SHARE, FILE_PROBLEM_RULES, SEVERITY_POINTS, UNREADABLE_POINTS

#: The values most rules compare, given their own columns; the rest stay in ``values``.
COMPARED = ("expected", "actual", "difference")
#: The layout of a written report, which accompanies a department's table rather than repeating it.
REPORT_LAYOUT = "narrative-report"


def files_frame(ledger: Ledger, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per file, in path order (the index is its position, ``findings.file`` points here).

    Columns: path, department, year, layout, status, errors, warnings, infos, findings,
    risk_score, file_problem (unreadable / incomplete / None), digest, and duplicate_of,
    duplicate_kind, copies (how many files the repeated submission came as).
    """
    findings = findings_frame(ledger) if findings is None else findings
    files = pd.DataFrame(
        {
            "path": pd.array(ledger.paths, dtype="string"),
            "department": pd.array(ledger.departments, dtype="string"),
            "year": pd.array(ledger.years, dtype="Int64"),
            "layout": pd.array(ledger.layouts, dtype="string"),
            "status": pd.array(ledger.statuses, dtype="string"),
        }
    )
    scored = _scored(findings)
    per_file = scored.groupby("file").agg(
        errors=("is_error", "sum"), warnings=("is_warning", "sum"), infos=("is_info", "sum"),
        findings=("rule", "size"), points=("points", "sum"), problem=("problem", "any"),
    )
    for column in ("errors", "warnings", "infos", "findings"):
        files[column] = per_file[column].reindex(files.index, fill_value=0).astype("int64")
    unreadable = files["status"] != "ok"
    problem = per_file["problem"].reindex(files.index, fill_value=False).astype(bool)
    files["risk_score"] = _score(per_file["points"].reindex(files.index, fill_value=0), problem, unreadable)
    files["file_problem"] = pd.array(
        np.where(unreadable, "unreadable", np.where(problem, "incomplete", None)), dtype="string"
    )
    files["digest"] = pd.array(ledger.digests, dtype="string")
    return files.join(_duplicates(files))


def findings_frame(ledger: Ledger) -> pd.DataFrame:
    """One row per finding, in the order the reports list them.

    Columns: file (its row in ``files_frame``), path, department and year (whose figures
    the finding is about), layout, rule, name, severity; with the ledger's text also
    project, message, locations (a tuple of cells), expected, actual, difference (exact
    decimal strings or None) and values (every value the message names, as strings).
    """
    file = np.frombuffer(ledger.finding_file, dtype=np.int64) if len(ledger.finding_file) else np.zeros(0, np.int64)
    owners = list(ledger.owners)
    owner = np.asarray(ledger.finding_owner, dtype=np.int64)
    rule_codes = list(ledger.rules)
    rule = np.asarray(ledger.finding_rule, dtype=np.int64)
    frame = pd.DataFrame(
        {
            "file": file,
            "path": pd.array([ledger.paths[i] for i in file], dtype="string"),
            "department": pd.array([owners[i][0] for i in owner], dtype="string"),
            "year": pd.array([owners[i][1] for i in owner], dtype="Int64"),
            "layout": pd.array([ledger.layouts[i] for i in file], dtype="string"),
            # Categories in code order (groupby lists rules as 规则统计 does); severities worst first.
            "rule": pd.Categorical.from_codes(rule, categories=rule_codes).reorder_categories(sorted(rule_codes)),
            "name": pd.array([ledger.rule_names[i] for i in rule], dtype="string"),
            "severity": pd.Categorical.from_codes(np.asarray(ledger.finding_severity, dtype=np.int8), categories=SEVERITIES, ordered=True),
        }
    )
    if ledger.with_text:
        frame["project"] = pd.array(ledger.projects, dtype="string")
        frame["message"] = pd.array(ledger.messages, dtype="string")
        frame["locations"] = pd.Series(ledger.locations, dtype="object")
        for key in COMPARED:
            frame[key] = pd.array([values.get(key) for values in ledger.values], dtype="string")
        frame["values"] = pd.Series(ledger.values, dtype="object")
    return frame


def submissions_table(files: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The 汇总 rows: one per submission, worst first (highest risk score, ties in path order).

    A submission is a file, except a workbook holding tables of several departments or
    years: each of those is ranked on its own findings. Columns: file, path, department,
    year, status, file_problem, errors, warnings, risk_score, first_finding (the row of its
    first finding in ``findings``, or -1), duplicate_of, duplicate_kind, copies.
    """
    scored = _scored(findings)
    scored["ordinal"] = np.arange(len(scored))
    owner = scored.groupby(["department", "year"], dropna=False, sort=False).ngroup()
    split = (scored.assign(owner=owner).groupby("file")["owner"].nunique() > 1).reindex(files.index, fill_value=False)
    split &= files["status"] == "ok"
    # A finding of a file that is not split counts for the file as a whole, under the file's name.
    whole = ~split.reindex(scored["file"]).to_numpy(dtype=bool)
    of_finding = files.reindex(scored["file"])
    scored["department"] = np.where(whole, of_finding["department"].astype(object).to_numpy(), scored["department"].to_numpy())
    scored["year"] = np.where(whole, of_finding["year"].astype(object).to_numpy(), scored["year"].to_numpy())
    groups = scored.groupby(["file", "department", "year"], dropna=False, sort=False).agg(
        errors=("is_error", "sum"), warnings=("is_warning", "sum"), points=("points", "sum"),
        problem=("problem", "any"), first_finding=("ordinal", "min"),
    ).reset_index()
    clean = files.index.difference(groups["file"].unique())
    groups = pd.concat(
        [
            groups,
            pd.DataFrame(
                {
                    "file": clean, "department": files["department"].reindex(clean).to_numpy(),
                    "year": files["year"].reindex(clean).to_numpy(), "errors": 0, "warnings": 0,
                    "points": 0, "problem": False, "first_finding": -1,
                }
            ),
        ],
        ignore_index=True,
    )
    groups = groups.sort_values(["file", "first_finding"], kind="stable").reset_index(drop=True)
    of_file = files.reindex(groups["file"]).reset_index(drop=True)
    unreadable = of_file["status"] != "ok"
    problem = groups["problem"].astype(bool)
    table = pd.DataFrame(
        {
            "file": groups["file"].astype("int64"),
            "path": of_file["path"],
            "department": pd.array(groups["department"], dtype="string"),
            "year": pd.array(groups["year"], dtype="Int64"),
            "status": of_file["status"],
            "file_problem": pd.array(
                np.where(unreadable, "unreadable", np.where(problem, "incomplete", None)), dtype="string"
            ),
            "errors": groups["errors"].astype("int64"),
            "warnings": groups["warnings"].astype("int64"),
            "risk_score": _score(groups["points"], problem, unreadable),
            "first_finding": groups["first_finding"].astype("int64"),
            "duplicate_of": of_file["duplicate_of"],
            "duplicate_kind": of_file["duplicate_kind"],
            "copies": of_file["copies"],
        }
    )
    return table.sort_values(["risk_score", "path"], ascending=[False, True], kind="stable").reset_index(drop=True)


def rules_table(files: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The 规则统计 rows, by rule code: name, on how many files it fired, their share, its findings,
    and whether it fires on more than half of the files (so probably needs calibrating)."""
    if findings.empty:
        return pd.DataFrame({"rule": [], "name": [], "files": [], "share": [], "findings": [], "needs_calibration": []})
    rule = findings["rule"].astype(str)
    grouped = findings.assign(rule=rule).groupby("rule", sort=True)
    table = grouped.agg(name=("name", "first"), files=("file", "nunique"), findings=("file", "size")).reset_index()
    table["share"] = table["files"] / len(files)
    table["needs_calibration"] = ~table["rule"].str.startswith("D") & (table["share"] > CALIBRATION_SHARE)
    return table[["rule", "name", "files", "share", "findings", "needs_calibration"]]


def records(table: pd.DataFrame) -> list[Any]:
    """A table's rows as named tuples of plain values, a missing one as None (for writing cells)."""
    return list(table.astype(object).where(table.notna(), None).itertuples(index=False))


def _scored(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings' keys with what each adds: its severity as flags, its points, whether it is a file problem."""
    severity = findings["severity"].astype(str).to_numpy()
    rule = findings["rule"].astype(str).to_numpy()
    problem = np.isin(rule, FILE_PROBLEM_RULES) & (severity == "error")
    points = np.select([severity == s for s in SEVERITY_POINTS], list(SEVERITY_POINTS.values()), 0)
    return pd.DataFrame(
        {
            "file": findings["file"].to_numpy(),
            "department": findings["department"].astype(object).to_numpy(),
            "year": findings["year"].astype(object).to_numpy(),
            "rule": rule,
            "is_error": severity == "error",
            "is_warning": severity == "warning",
            "is_info": severity == "info",
            "problem": problem,
            "points": np.where(problem, 0, points).astype("int64"),
        }
    )


def _score(points: pd.Series, problem: pd.Series, unreadable: pd.Series) -> pd.Series:
    """``tally.risk_score`` column-wise: 100 unread; else the points, plus 100 for a file problem."""
    points = points.to_numpy(dtype="int64")
    score = np.where(unreadable.to_numpy(dtype=bool), UNREADABLE_POINTS, points + UNREADABLE_POINTS * problem.to_numpy(dtype=bool))
    return pd.Series(score.astype("int64"), index=unreadable.index)


def _duplicates(files: pd.DataFrame) -> pd.DataFrame:
    """For each file sent more than once: the other file it repeats, how, and how many copies there are.

    Same bytes first (the same file sent twice); then another file of the same department
    and year, both tables or both written reports (a resubmission, or one of the two is
    misnamed). Each names the first other
    file of its group in path order, so a group of fourteen reads as fourteen rows pointing
    at one another and a count of 14.
    """
    duplicate_of: list[str | None] = [None] * len(files)
    kind: list[str | None] = [None] * len(files)
    copies = [1] * len(files)
    paths = files["path"].tolist()
    by_bytes = files[files["digest"].notna()]
    # A written report and the table of the same department and year are a pair, not a repeat.
    by_owner = files[files["department"].notna() & files["year"].notna()].assign(report=(files["layout"] == REPORT_LAYOUT).fillna(False))
    groupings = (
        (SAME_BYTES, by_bytes, by_bytes.groupby("digest", sort=False).indices),
        (SAME_DEPARTMENT_YEAR, by_owner, by_owner.groupby(["department", "year", "report"], sort=False).indices),
    )
    for name, subset, groups in groupings:
        for members in groups.values():
            if len(members) < 2:
                continue
            positions = subset.index[members]
            for position in positions:
                if kind[position] is not None:
                    continue
                other = positions[1] if position == positions[0] else positions[0]
                duplicate_of[position], kind[position], copies[position] = paths[other], name, len(positions)
    return pd.DataFrame(
        {
            "duplicate_of": pd.array(duplicate_of, dtype="string"),
            "duplicate_kind": pd.array(kind, dtype="string"),
            "copies": pd.array(copies, dtype="int64"),
        },
        index=files.index,
    )

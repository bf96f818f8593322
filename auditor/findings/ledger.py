"""A run's files and findings written down as columns, one result at a time, to become tables once.

The screening workbook and the Python API both rank submissions and count rules from
the same two tables (``frames``); this is what they are built from. It is plain Python
and compact, because the workbook keeps it for a whole batch while streaming its rows
to disk: a finding is its file's position, its rule, its severity and whose figures it
is about, about a dozen bytes in arrays, with each distinct rule and department-year
stored once. The API also keeps each finding's text (``with_text``): project, message,
cells and the values compared, as exact strings.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from auditor.model import FileResult

SEVERITIES = ("error", "warning", "info")
#: How a file repeats another (``frames``): the same bytes, or another file of the same department and year.
SAME_BYTES = "same-bytes"
SAME_DEPARTMENT_YEAR = "same-department-year"


@dataclass
class Ledger:
    """Columns of every file and finding added, in arrival (path) order."""

    #: Keep each finding's project, message, locations and values (the API), or only what ranks and counts (the workbook).
    with_text: bool = True
    # One entry per file.
    paths: list[str] = field(default_factory=list)
    departments: list[str | None] = field(default_factory=list)
    years: list[int | None] = field(default_factory=list)
    layouts: list[str | None] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    digests: list[str | None] = field(default_factory=list)
    # One entry per finding: its file's position, and indices into the tables below.
    finding_file: array = field(default_factory=lambda: array("q"))
    finding_rule: array = field(default_factory=lambda: array("l"))
    finding_severity: array = field(default_factory=lambda: array("b"))
    finding_owner: array = field(default_factory=lambda: array("q"))
    #: Each rule code seen, with the name of its first finding, in the order first seen.
    rules: dict[str, int] = field(default_factory=dict)
    rule_names: list[str] = field(default_factory=list)
    #: Each (department, year) a finding was about — its own table's in a workbook of several.
    owners: dict[tuple[str | None, int | None], int] = field(default_factory=dict)
    # Per finding, only ``with_text``.
    projects: list[str | None] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    locations: list[tuple[str, ...]] = field(default_factory=list)
    values: list[dict[str, str]] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        position = len(self.paths)
        self.paths.append(result.path)
        self.departments.append(result.department)
        self.years.append(result.year)
        self.layouts.append(result.layout)
        self.statuses.append(result.status)
        self.digests.append(result.digest)
        for finding in result.findings:
            rule = self.rules.get(finding.rule)
            if rule is None:
                rule = self.rules[finding.rule] = len(self.rule_names)
                self.rule_names.append(finding.name)
            owner_key = (finding.department or result.department, finding.year or result.year)
            owner = self.owners.setdefault(owner_key, len(self.owners))
            self.finding_file.append(position)
            self.finding_rule.append(rule)
            self.finding_severity.append(SEVERITIES.index(finding.severity))
            self.finding_owner.append(owner)
            if self.with_text:
                self.projects.append(finding.project)
                self.messages.append(finding.message)
                self.locations.append(tuple(finding.locations))
                self.values.append(dict(finding.values))

    @property
    def file_count(self) -> int:
        return len(self.paths)

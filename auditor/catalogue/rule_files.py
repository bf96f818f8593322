"""Loading and validating the rule files of a folder (``rules/*.yaml``) into a catalogue.

A rule author edits data, not Python; a typo must come back as a sentence naming the
file and the field, never as an engine error code. So every file is checked against
the schema (the pydantic model ``Rule``) and then against the fact kind it names:
attributes, parameters, placeholders and examples must all make sense before
anything is compiled.
"""

from __future__ import annotations

import json
import string
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from auditor.catalogue.conditions import (
    AttrRef,
    Condition,
    ConditionError,
    comparisons,
    labelled,
    parse_condition,
)
from auditor.facts import FACT_KINDS, FactKind, FactRequest
from auditor.model import Severity

#: Placeholders every message may use besides a fact's attributes and labels.
COMMON_PLACEHOLDERS = {"project", "unit", "evidence"}
#: What ``values`` may name besides attributes and labels.
COMMON_VALUES = {"project", "unit"}


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and what is wrong."""


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ExpectedFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project: str | None = None
    values: dict[str, str] = Field(default_factory=dict)


class RuleExample(BaseModel):
    """A small submission and exactly the findings this rule gives on it ([] for a passing one)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    expect: list[ExpectedFinding]
    submission: dict[str, Any]


class Rule(BaseModel):
    """One rule file. This model is the schema: ``auditor rules schema`` prints it as JSON Schema."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    code: str = Field(pattern=r"^[A-Z][A-Z0-9]*\d{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    severity: Severity
    fact: str
    params: dict[str, Any] = Field(default_factory=dict)
    title: Bilingual
    message: Bilingual
    why: Bilingual
    when: Any
    evidence: dict[str, Bilingual] = Field(default_factory=dict)
    values: dict[str, str] = Field(default_factory=dict)
    #: Which of the fact's cells a finding cites, by role; all of them when empty.
    locations: list[str] = Field(default_factory=list)
    clause_values: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: A severity other than the rule's for a finding whose named clause holds (D002 on a written report is info).
    clause_severity: dict[str, Severity] = Field(default_factory=dict)
    examples: list[RuleExample]
    path: str = ""

    @field_validator("when")
    @classmethod
    def _parse_when(cls, raw: Any) -> Condition:
        try:
            return parse_condition(raw)
        except ConditionError as exc:
            raise ValueError(str(exc)) from exc

    @property
    def condition(self) -> Condition:
        return self.when  # type: ignore[no-any-return]

    @property
    def kind(self) -> FactKind:
        return FACT_KINDS[self.fact]

    @cached_property
    def effective_params(self) -> dict[str, Any]:
        """The fact kind's default parameters overridden by this rule's."""
        return {**self.kind.params, **self.params}

    @cached_property
    def variant(self) -> str:
        """Rules of one kind with equal parameters share facts; this string says which set."""
        return json.dumps(self.effective_params, sort_keys=True, ensure_ascii=False, default=str)


class Catalogue:
    """The rules of one folder, validated, in code order."""

    def __init__(self, rules: list[Rule], folder: Path) -> None:
        self.rules = sorted(rules, key=lambda r: r.code)
        self.folder = folder
        self.by_code = {r.code: r for r in self.rules}

    def rule(self, code: str) -> Rule:
        return self.by_code[code.upper()]

    @cached_property
    def variants(self) -> dict[tuple[str, str], int]:
        """A small integer per (fact kind, parameter set) in use, sent to the engine with each fact."""
        found: dict[tuple[str, str], int] = {}
        for rule in self.rules:
            found.setdefault((rule.fact, rule.variant), len(found))
        return found

    def variant_of(self, rule: Rule) -> int:
        return self.variants[(rule.fact, rule.variant)]

    @cached_property
    def fact_requests(self) -> list[FactRequest]:
        """The facts the rules need: each (fact kind, parameter set) once, in the order first used."""
        requests: dict[tuple[str, str], FactRequest] = {}
        for rule in self.rules:
            key = (rule.fact, rule.variant)
            requests.setdefault(key, FactRequest(rule.fact, self.variants[key], rule.effective_params))
        return list(requests.values())


def default_rules_folder() -> Path:
    """The rules shipped with auditor: the repository's ``rules/`` or the installed copy."""
    package = Path(__file__).resolve().parent.parent  # auditor/, above auditor/catalogue/
    for candidate in (package.parent / "rules", package / "rules_data"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise RuleFileError(f"no rules folder found next to {package}")


class _DecimalLoader(yaml.SafeLoader):
    """YAML's safe loader, with numbers that have a decimal point read as exact Decimals."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _DecimalDumper(yaml.SafeDumper):
    """YAML's safe dumper, writing Decimals as the plain numbers they were read from."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_DecimalDumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(data: Any) -> str:
    """Data as YAML for people to read (rule pages, docs), decimals as written."""
    return yaml.dump(data, Dumper=_DecimalDumper, allow_unicode=True, sort_keys=False, width=120)


def load_yaml(path: Path) -> Any:
    """A YAML file read safely (no tags that build objects), decimals kept exact."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass


def load_rule(path: Path) -> Rule:
    """One validated rule file; RuleFileError names the file and the problem."""
    try:
        raw = load_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise RuleFileError(f"{path}: not readable YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise RuleFileError(f"{path}: a rule file is a mapping of fields (code, name, severity, …)")
    try:
        rule = Rule(**raw, path=str(path))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RuleFileError(f"{path}: {problems}") from exc
    problems = rule_problems(rule, path)
    if problems:
        raise RuleFileError(f"{path}: " + "; ".join(problems))
    return rule


def rule_problems(rule: Rule, path: Path) -> list[str]:
    """Everything the schema alone cannot see: names that must exist in the fact kind."""
    if rule.fact not in FACT_KINDS:
        return [f"fact: unknown fact kind {rule.fact!r} (known: {', '.join(sorted(FACT_KINDS))})"]
    problems: list[str] = []
    kind = rule.kind
    attributes = kind.all_attributes()
    if path.stem.upper() != rule.code:
        problems.append(f"code {rule.code} does not match the file name {path.name}")
    for name in rule.params:
        if name not in kind.params:
            problems.append(f"params.{name}: fact kind {kind.name} has no such parameter (has: {', '.join(kind.params) or 'none'})")
    for comparison in comparisons(rule.condition):
        problems.extend(_comparison_problems(comparison.attr, comparison.operand, attributes))
    for role in rule.locations:
        if role not in kind.cell_roles:
            problems.append(f"locations: {kind.name} has no cells {role!r} (has: {', '.join(kind.cell_roles)})")
    clause_ids = {c.id for c in labelled(rule.condition)}
    for key in (*rule.evidence, *rule.clause_values, *rule.clause_severity):
        if key not in clause_ids:
            problems.append(f"evidence/clause_values/clause_severity: no clause with id {key!r} in when")
    shown = set(attributes) | set(kind.labels) | COMMON_VALUES
    for mapping in (rule.values, *rule.clause_values.values()):
        for key, name in mapping.items():
            if name not in shown:
                problems.append(f"values.{key}: {name!r} is not an attribute or label of {kind.name}")
    texts = [rule.message.zh, rule.message.en, *(t for e in rule.evidence.values() for t in (e.zh, e.en))]
    for text in texts:
        for placeholder in _placeholders(text):
            if placeholder not in shown | COMMON_PLACEHOLDERS:
                problems.append(f"message: unknown placeholder {{{placeholder}}} (attributes/labels of {kind.name})")
    if not any(e.expect for e in rule.examples) or not any(not e.expect for e in rule.examples):
        problems.append("examples: at least one example that fires (expect: [...]) and one that passes (expect: [])")
    return problems


def _comparison_problems(attr: str, operand: Any, attributes: dict[str, str]) -> list[str]:
    if attr not in attributes:
        return [f"when: unknown attribute {attr!r} (has: {', '.join(attributes)})"]
    if isinstance(operand, AttrRef):
        if operand.attr not in attributes:
            return [f"when: unknown attribute {operand.attr!r}"]
        if (attributes[attr] == "word") != (attributes[operand.attr] == "word"):
            return [f"when: {attr} and {operand.attr} are of different types"]
        return []
    if (attributes[attr] == "word") != isinstance(operand, str):
        wanted = "a word" if attributes[attr] == "word" else "a whole number"
        return [f"when: {attr} is compared with {operand!r}, but it holds {wanted}"]
    return []


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Every ``*.yaml`` rule of a folder, validated; RuleFileError lists every bad file."""
    folder = folder or default_rules_folder()
    if not folder.is_dir():
        raise RuleFileError(f"{folder}: not a folder of rule files")
    rules: list[Rule] = []
    errors: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            rules.append(load_rule(path))
        except RuleFileError as exc:
            errors.append(str(exc))
    codes = [r.code for r in rules]
    errors.extend(f"{folder}: rule code {c} is defined twice" for c in sorted({c for c in codes if codes.count(c) > 1}))
    if errors:
        raise RuleFileError("\n".join(errors))
    if not rules:
        raise RuleFileError(f"{folder}: holds no rule files (*.yaml)")
    return Catalogue(rules, folder)

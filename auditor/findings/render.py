"""Turning a fired (rule, fact) into a finding: the rule's message with the fact's numbers and cells.

Nothing here decides whether a rule fires (the engine did); it only renders. Money is
shown in the workbook's unit with at least two decimals, straight from integer fen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from auditor.catalogue.conditions import evaluate, labelled
from auditor.catalogue.rule_files import Catalogue, Rule
from auditor.engine.interface import Firing
from auditor.facts import EngineFact
from auditor.facts.base import SCORE_SCALE
from auditor.model import FEN_PER_UNIT, UNIT_NAMES, Finding
from auditor.parsing.numbers import format_decimal, format_fen
from auditor.sources.grid import column_index, column_letter

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_CELL = re.compile(r"^(?P<sheet>.+)!(?P<col>[A-Z]+)(?P<row>\d+)$")


class ShownValues(dict[str, str]):
    """A fact's attributes and labels as message text, each formatted only when a template asks.

    Money is shown in the workbook unit, scores as points; ``project`` and ``unit`` are
    always there. Formatting lazily matters in batches: most attributes never reach a message.
    """

    def __init__(self, fact: EngineFact, rule: Rule, unit: str, lang: str) -> None:
        super().__init__(project=fact.row.project or ("本部门" if lang == "zh" else "the department"), unit=UNIT_NAMES[lang][unit])
        self._fact, self._types, self._lang = fact, rule.kind.all_attributes(), lang
        self._fen_per_unit = FEN_PER_UNIT[unit]

    def __missing__(self, name: str) -> str:
        labels = self._fact.row.labels
        if name in labels:
            zh, en = labels[name]
            text = zh if self._lang == "zh" else en
        else:
            value, kind = self._fact.payload[name], self._types[name]
            if kind == "money":
                text = format_fen(int(value), self._fen_per_unit)
            elif kind == "score":
                text = format_decimal(Decimal(int(value)) / SCORE_SCALE, 0)
            else:
                text = str(value)
        self[name] = text
        return text


def compress_locations(cells: Iterable[str]) -> list[str]:
    """Runs of neighbouring cells as ranges: ``资金明细!C2``…``C8`` → ``资金明细!C2:C8``, ``B4 C4 D4`` → ``B4:D4``.

    Order is kept and repeats are dropped; anything that is not a plain cell passes as it is.
    """
    result: list[str] = []
    run: list[tuple[str, int, int]] = []  # (sheet, column, row) of the current run
    for cell in dict.fromkeys(cells):
        match = _CELL.match(cell)
        if match is None:
            result.extend(_run_text(run))
            run = []
            result.append(cell)
            continue
        here = (match.group("sheet"), column_index(match.group("col")), int(match.group("row")))
        if run and _continues(run, here):
            run.append(here)
            continue
        result.extend(_run_text(run))
        run = [here]
    result.extend(_run_text(run))
    return result


def _continues(run: list[tuple[str, int, int]], cell: tuple[str, int, int]) -> bool:
    sheet, col, row = run[-1]
    if cell[0] != sheet:
        return False
    down = cell[1] == col and cell[2] == row + 1 and (len(run) == 1 or run[0][1] == col)
    across = cell[2] == row and cell[1] == col + 1 and (len(run) == 1 or run[0][2] == row)
    return down or across


def _run_text(run: list[tuple[str, int, int]]) -> list[str]:
    if not run:
        return []
    (sheet, col, row), (_, last_col, last_row) = run[0], run[-1]
    first = f"{column_letter(col)}{row}"
    if len(run) == 1:
        return [f"{sheet}!{first}"]
    return [f"{sheet}!{first}:{column_letter(last_col)}{last_row}"]


def render_finding(rule: Rule, fact: EngineFact, unit: str, lang: str) -> Finding:
    """The finding a rule gives on a fact it fired on."""
    shown = ShownValues(fact, rule, unit, lang)
    payload = fact.payload
    holding = [c.id for c in labelled(rule.condition) if c.id and evaluate(c, payload)]
    separator = "；" if lang == "zh" else "; "
    shown["evidence"] = separator.join(rule.evidence[i].text(lang).format_map(shown) for i in holding if i in rule.evidence)
    values = {key: shown[name] for key, name in rule.values.items()}
    for clause in holding:
        if clause in rule.clause_values:
            values.update({key: shown[name] for key, name in rule.clause_values[clause].items()})
            break
    severity = next((rule.clause_severity[c] for c in holding if c in rule.clause_severity), rule.severity)
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity,
        project=fact.row.project,
        message=rule.message.text(lang).format_map(shown),
        locations=compress_locations(cell for role in rule.locations or fact.row.cells for cell in fact.row.cells.get(role, [])),
        values=values,
    )


def build_findings(catalogue: Catalogue, facts: list[EngineFact], firings: list[Firing], unit: str, lang: str) -> list[Finding]:
    """Findings for every firing, errors first, then by rule code, then in the order of the file."""
    by_key = {fact.key: (position, fact) for position, fact in enumerate(facts)}
    rendered = [
        (render_finding(catalogue.rule(f.rule), by_key[f.fact_key][1], unit, lang), by_key[f.fact_key][0]) for f in firings
    ]
    rendered.sort(key=lambda item: (SEVERITY_ORDER[item[0].severity], item[0].rule, item[1]))
    return [finding for finding, _ in rendered]

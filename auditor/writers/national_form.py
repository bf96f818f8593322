"""Writes national 项目支出绩效自评表 workbooks: one table per sheet, in the 2020 layout or a variant.

Finance bureaus receive these tables besides the submission workbook (docs/NATIONAL_FORM.md);
the samples and the tests need them written exactly — real tables transcribed figure by
figure, contradictions planted on purpose — and ``auditor template --national`` hands out
the blank form. What a table states is a ``NationalTable`` (auditor/writers/national_table.py);
how each layout arranges it is auditor/writers/national_layouts.py. Files are
byte-reproducible (``save_reproducibly``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from auditor.writers.national_table import (
    NATIONAL_VARIANTS,
    FundingLine,
    IndicatorLine,
    NationalTable,
    NationalVariant,
    blank_table,
)
from auditor.writers.national_variants import TITLE, draw_table
from auditor.writers.workbook import save_reproducibly

__all__ = [
    "NATIONAL_VARIANTS",
    "FundingLine",
    "IndicatorLine",
    "NationalTable",
    "NationalVariant",
    "national_workbook",
    "sheet_titles",
    "write_national_form",
    "write_national_template",
]

#: Excel's limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_LIMIT = 31
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\\/?*\[\]:]")
#: A budget system's project code before the name: 「51000021R000000019951-工资性支出」.
_PROJECT_CODE = re.compile(r"^[0-9A-Za-z]{10,}\s*[-－—_]\s*")


def write_national_form(
    tables: Sequence[NationalTable],
    path: Path,
    variant: NationalVariant | Sequence[NationalVariant] = "2020",
    *,
    overwrite: bool = True,
) -> None:
    """Write one table per sheet to ``path``, all in the ``variant`` layout or each in its own.

    ``variant`` is one layout for every table, or a sequence with one layout per table
    (a workbook of real cases keeps each in the layout it came in). A table stating
    something its layout has no cell for is a ``ValueError``. With ``overwrite=False``
    an existing file is never replaced (``FileExistsError``).
    """
    save_reproducibly(national_workbook(tables, variant), Path(path), overwrite=overwrite)


def national_workbook(tables: Sequence[NationalTable], variant: NationalVariant | Sequence[NationalVariant] = "2020") -> Workbook:
    """The workbook ``write_national_form`` saves."""
    variants = [variant] * len(tables) if isinstance(variant, str) else list(variant)
    if len(variants) != len(tables):
        raise ValueError(f"{len(tables)} tables but {len(variants)} layouts")
    if not tables:
        raise ValueError("a workbook needs at least one table")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, title, layout in zip(tables, sheet_titles(tables), variants, strict=True):
        draw_table(workbook.create_sheet(title), table, layout)
    return workbook


def write_national_template(path: Path, variant: NationalVariant = "2020", overwrite: bool = False) -> None:
    """Write the blank table of ``variant`` to ``path``; an existing file is replaced only with ``overwrite=True``.

    As with the submission template, a department's filled copy often keeps the
    template's name, so replacing it silently would destroy their work.
    """
    path = Path(path)
    if variant not in NATIONAL_VARIANTS:
        raise ValueError(f"no national layout {variant!r}; the layouts are {', '.join(NATIONAL_VARIANTS)}")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; not overwriting it (pass overwrite=True to replace it)")
    write_national_form([blank_table(variant)], path, variant, overwrite=overwrite)


def sheet_titles(tables: Sequence[NationalTable]) -> list[str]:
    """Each table's sheet name: its ``sheet_name`` or its project's, made legal in Excel and unique."""
    titles: list[str] = []
    taken: set[str] = set()
    for table in tables:
        base = _legal_sheet_name(table.sheet_name or _PROJECT_CODE.sub("", table.project.strip()))
        title, copy = base, 1
        while title.casefold() in taken:
            copy += 1
            suffix = f"({copy})"
            title = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        taken.add(title.casefold())
        titles.append(title)
    return titles


def _legal_sheet_name(name: str) -> str:
    """No 「\\ / ? * [ ] :」, at most 31 characters, no apostrophe at either end, never empty or 「History」."""
    legal = _FORBIDDEN_IN_SHEET_NAME.sub("_", name)[:SHEET_NAME_LIMIT].strip("' ")
    if not legal or legal.casefold() == "history":
        return TITLE
    return legal

"""Which project a phrase means, when reports shorten names (「工会劳模（疗休养、生活补贴）用于…」).

A report introduces its projects once with their full names and later refers to them
by a shorter form: the name without 「工作经费」「资金」「项目」, or only its start. A
phrase matches a project when one is the other's start after those endings are
removed; a phrase that fits two projects equally means neither (never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from auditor.parsing.quantities import normalize_keeping_offsets

_ENDINGS = re.compile(r"(?:专项|项目|工作|经费|资金|补助|补贴|支出|的)+$")
_SPACES = re.compile(r"\s+")
#: A shortened name must keep at least this many characters to identify a project.
MIN_CORE = 2


def squeezed(text: str) -> str:
    """The text without spaces, in the normal form the patterns see (「（」 and 「(」 alike)."""
    return _SPACES.sub("", normalize_keeping_offsets(text))


@lru_cache(maxsize=1024)
def core_name(name: str) -> str:
    """A project name without spaces and its generic endings: 「送温暖资金」 → 「送温暖」."""
    compact = squeezed(name)
    core = _ENDINGS.sub("", compact)
    return core if len(core) >= MIN_CORE else compact


def match_project(phrase: str, names: Sequence[str]) -> str | None:
    """The one project ``phrase`` names (in full or shortened), or None when none or several fit."""
    compact = squeezed(phrase)
    if not compact:
        return None
    exact = [n for n in names if squeezed(n) == compact]
    if len(exact) == 1:
        return exact[0]
    phrase_core = core_name(compact)
    fitting = [n for n in names if _fits(phrase_core, core_name(n))]
    return fitting[0] if len(fitting) == 1 else None


def _fits(phrase_core: str, name_core: str) -> bool:
    if len(phrase_core) < MIN_CORE:
        return False
    return name_core.startswith(phrase_core) or (phrase_core.startswith(name_core) and len(name_core) >= MIN_CORE + 1)


def named_projects(text: str, names: Sequence[str]) -> list[str]:
    """The projects whose names (or cores) ``text`` mentions, in the order it first mentions them.

    Where one project's core contains another's (「服务职工培训」, 「服务职工」), a mention of
    the longer one is not also counted as the shorter.
    """
    compact = squeezed(text)
    found: list[tuple[int, int, str]] = []
    for name in names:
        core = core_name(name)
        at = compact.find(core)
        if at >= 0:
            found.append((at, -len(core), name))
    found.sort()
    result: list[str] = []
    covered: list[tuple[int, int]] = []
    for at, negative_length, name in found:
        end = at - negative_length
        if any(start <= at and end <= stop for start, stop in covered) and compact.count(core_name(name)) == 1:
            continue
        covered.append((at, end))
        result.append(name)
    return result


def last_named_project(text: str, names: Sequence[str]) -> str | None:
    """The project ``text`` names last (nearest its end), or None when it names none."""
    compact = squeezed(text)
    best: tuple[int, int, str] | None = None
    for name in names:
        core = core_name(name)
        at = compact.rfind(core)
        if at >= 0 and (best is None or (at + len(core), len(core)) > best[:2]):
            best = (at + len(core), len(core), name)
    return best[2] if best else None


def paragraph_projects(paragraphs: Sequence[tuple[int, str, bool]], names: Sequence[str]) -> dict[int, str | None]:
    """The project each paragraph is about: the one it names, or the one its section heading names.

    ``paragraphs`` are (number, text, is_heading). A paragraph naming several projects
    (a summary) is about none of them; a heading naming none ends the previous section.
    """
    result: dict[int, str | None] = {}
    section: str | None = None
    for number, text, is_heading in paragraphs:
        mentioned = named_projects(text, names)
        named = mentioned[0] if len(mentioned) == 1 else None
        if is_heading:
            section = named
        result[number] = named if mentioned else section
    return result

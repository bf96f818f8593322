"""Which column each cell of a row stands in, where the row has not one cell per column — and only where that is certain.

A table copied as text loses its empty cells (「年度资金总额: 880 880 880 10 10」 under six
column heads), and a Word table loses its merged ones. What is left of a row is a
sequence of cells in their order; each may stand only in the columns whose values it can
be (an amount is no 执行率 「86%」, 「≥50个」 is no actual value). Every way of putting
the cells into the columns in order is a *reading* of the row; a column is known only when
all readings agree on what it holds — that cell, or nothing. A column the readings
disagree on is left unknown, never guessed: 「880 880 880 10 10」 under 年初预算数 ·
全年预算数 · 全年执行数 · 分值 · 执行率 · 得分 gives the three amounts (no reading moves
them: 880 is no 分值) and leaves 分值, 执行率 and 得分 unknown.

Rows whose ends the text does not mark (a table run together on one line) are cut by
:func:`unique_segmentation`: every way of cutting the cells into readable rows is tried,
and the rows are known only when exactly one way exists.

Both are dynamic programmes over (cell, column), linear in the row's cells times its columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: A column's content in a reading: a cell's index, or EMPTY (no cell, or a cell that only says 「—」).
EMPTY = -1


@dataclass(frozen=True)
class Alignment:
    """What every reading of a row agrees on."""

    #: Whether the row can be read at all.
    readable: bool
    #: Column → the cell every reading puts there (EMPTY: every reading leaves it empty).
    known: dict[int, int]
    #: Columns the readings disagree on.
    unknown: frozenset[int]


def align(
    cells: int,
    columns: int,
    fits: Callable[[int, int], bool],
    blank: Callable[[int], bool] = lambda _: False,
    required: frozenset[int] = frozenset(),
) -> Alignment:
    """The readings of ``cells`` cells put in order into ``columns`` columns.

    ``fits(i, j)``: cell i may stand in column j. A cell for which ``blank(i)`` holds (「—」,
    an empty table cell) may also stand in no column at all (a merged cell's leftover);
    every other cell stands in exactly one column, and a column holds at most one cell.
    A ``required`` column holds a cell that is not blank in every reading.
    """
    n, m = cells, columns

    def may_hold(i: int, j: int) -> bool:
        return fits(i, j) and not (j in required and blank(i))

    # ahead[i][j]: cells[:i] can stand in columns[:j]; behind[i][j]: cells[i:] in columns[j:].
    ahead = [[False] * (m + 1) for _ in range(n + 1)]
    behind = [[False] * (m + 1) for _ in range(n + 1)]
    ahead[0][0] = True
    for j in range(1, m + 1):
        ahead[0][j] = ahead[0][j - 1] and (j - 1) not in required
    behind[n][m] = True
    for j in range(m - 1, -1, -1):
        behind[n][j] = behind[n][j + 1] and j not in required
    for i in range(1, n + 1):
        for j in range(m + 1):
            ahead[i][j] = (
                (j > 0 and (j - 1) not in required and ahead[i][j - 1])
                or (j > 0 and ahead[i - 1][j - 1] and may_hold(i - 1, j - 1))
                or (blank(i - 1) and ahead[i - 1][j])
            )
    for i in range(n - 1, -1, -1):
        for j in range(m, -1, -1):
            behind[i][j] = (
                (j < m and j not in required and behind[i][j + 1])
                or (j < m and behind[i + 1][j + 1] and may_hold(i, j))
                or (blank(i) and behind[i + 1][j])
            )
    if not ahead[n][m]:
        return Alignment(False, {}, frozenset(range(m)))
    known: dict[int, int] = {}
    unknown: set[int] = set()
    for j in range(m):
        contents: set[int] = set()
        if j not in required and any(ahead[i][j] and behind[i][j + 1] for i in range(n + 1)):
            contents.add(EMPTY)  # the column left empty
        for i in range(n):
            if ahead[i][j] and may_hold(i, j) and behind[i + 1][j + 1]:
                contents.add(EMPTY if blank(i) else i)
        if len(contents) == 1:
            known[j] = contents.pop()
        else:
            unknown.add(j)
    return Alignment(True, known, frozenset(unknown))


@dataclass(frozen=True)
class Segmentation:
    """The rows of a run of cells, where exactly one way of cutting it exists."""

    #: The rows as (first cell, cell after the last); None unless ``ways`` is 1.
    rows: list[tuple[int, int]] | None
    #: How many ways exist: 0, 1, or 2 for "more than one".
    ways: int


def unique_segmentation(
    cells: int,
    starts_row: Callable[[int, bool], bool],
    readable: Callable[[int, int], bool],
    longest: int,
) -> Segmentation:
    """The one way of cutting ``cells`` cells into consecutive rows (rows None when there is none or several).

    ``starts_row(i, first)``: cell i can open a row (``first``: it is the first cell of all);
    ``readable(a, b)``: cells a..b-1 make one readable row; no row is longer than ``longest``.
    """
    n = cells
    # ways[i]: how many ways cells[i:] cut into rows (counted up to 2: one or more than one).
    ways = [0] * (n + 1)
    ways[n] = 1
    following: list[int | None] = [None] * n
    for a in range(n - 1, -1, -1):
        if not starts_row(a, a == 0):
            continue
        for b in range(a + 1, min(n, a + longest) + 1):
            if ways[b] and (b == n or starts_row(b, False)) and readable(a, b):
                ways[a] = min(2, ways[a] + ways[b])
                following[a] = b
                if ways[a] > 1:
                    break
    if n == 0:
        return Segmentation([], 1)
    if ways[0] != 1:
        return Segmentation(None, ways[0])
    rows: list[tuple[int, int]] = []
    a = 0
    while a < n:
        b = following[a]
        assert b is not None
        rows.append((a, b))
        a = b
    return Segmentation(rows, 1)


def positional(columns: int, blank: Callable[[int], bool] = lambda _: False) -> Alignment:
    """One cell per column, in order: the only reading of a row exactly as long as its head."""
    return Alignment(True, {j: EMPTY if blank(j) else j for j in range(columns)}, frozenset())

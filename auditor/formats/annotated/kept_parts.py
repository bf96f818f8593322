"""What a workbook copy could not keep, told by comparing the parts of the original and the copy.

openpyxl rewrites a workbook from what it understands: pictures (without Pillow),
shapes and text boxes, VBA macros, form controls, embedded objects, slicers and
timelines are not written back. Rather than trust a list of what openpyxl supports in
one version, the copy's zip listing is compared with the original's, part kind by part
kind, and each kind the copy has fewer of is named in the 审核意见 sheet's note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PartKind:
    """Parts of one kind in a workbook package, by name, and how a note names them."""

    pattern: re.Pattern[str]
    zh: str
    en: str


PART_KINDS = (
    PartKind(re.compile(r"xl/charts/chart[^/]*\.xml"), "图表", "charts"),
    PartKind(re.compile(r"xl/media/[^/]+"), "图片", "pictures"),
    PartKind(re.compile(r"xl/drawings/drawing[^/]*\.xml"), "图形（图片、图表、形状、文本框所在的绘图层）", "drawings (pictures, charts, shapes, text boxes)"),
    PartKind(re.compile(r"xl/vbaproject\.bin"), "宏（VBA 代码）", "macros (VBA code)"),
    PartKind(re.compile(r"xl/pivottables/[^/]+\.xml"), "数据透视表", "pivot tables"),
    PartKind(re.compile(r"xl/embeddings/[^/]+"), "嵌入对象", "embedded objects"),
    PartKind(re.compile(r"xl/(?:activex|ctrlprops)/[^/]+\.xml"), "控件", "form controls"),
    PartKind(re.compile(r"xl/slicers?/[^/]+\.xml"), "切片器", "slicers"),
    PartKind(re.compile(r"xl/timelines?/[^/]+\.xml"), "日程表", "timelines"),
    PartKind(re.compile(r"xl/externallinks/[^/]+\.xml"), "外部链接", "external links"),
)


def lost_parts(original: Iterable[str], copy: Iterable[str], lang: str) -> list[str]:
    """「图片 2 个」 for each kind of part the copy holds fewer of than the original."""
    before, after = _counts(original), _counts(copy)
    lost = []
    for kind in PART_KINDS:
        missing = before.get(kind, 0) - after.get(kind, 0)
        if missing > 0:
            lost.append(f"{kind.zh} {missing} 个" if lang != "en" else f"{missing} {kind.en}")
    return lost


def fragile_parts(names: Iterable[str]) -> bool:
    """Whether a package holds any part of a kind a copy may lose."""
    return bool(_counts(names))


def _counts(names: Iterable[str]) -> dict[PartKind, int]:
    counts: dict[PartKind, int] = {}
    for name in names:
        normal = name.replace("\\", "/").lstrip("/").lower()
        for kind in PART_KINDS:
            if kind.pattern.fullmatch(normal):
                counts[kind] = counts.get(kind, 0) + 1
    return counts

"""Read every cell of an .xlsx/.xlsm workbook, safely, with :mod:`xml.parsers.expat`.

:func:`read_workbook_cells` is the only entry point. It reads the package through
:mod:`auditor.sources.zip_guard` (size, ratio and inflation limits) and parses the
parts it needs with expat directly, worksheets, shared strings and styles first through
a fast path that returns the same result or gives up (see "fast paths" below; it is what
makes a small workbook cost about a millisecond rather than three):

* a document with a DOCTYPE or any entity declaration is refused outright, so entity
  expansion ("billion laughs") and external entities (XXE) can never happen;
* cells beyond ``Limits.max_rows``/``max_cols`` are counted, not stored; more than
  ``Limits.max_cells`` stored cells refuses the workbook. Nothing is allocated in
  proportion to a cell's coordinates;
* numbers keep the literal text of ``<v>`` (``"504.55"``), never a float;
* every failure, expected or not, is raised as
  :class:`~auditor.sources.refusal.Refused` with a reason for the reviewer.

What a cell becomes, by its ``t`` attribute:

=============  ==========================================================
``n``/absent   ``number`` (the ``<v>`` literal); ``<v>`` missing/empty → ``empty``;
               a ``<v>`` that is not a decimal literal → ``text``
``s``          ``text`` from the shared-string table (rich-text runs joined,
               phonetic ``<rPh>`` runs ignored)
``str``        ``text``: a formula's string result (may be ``""``)
``inlineStr``  ``text`` from ``<is>``
``b``          ``bool``: ``"TRUE"``/``"FALSE"``
``e``          ``error``: ``"#DIV/0!"``…
``d``          ``text`` holding the ISO 8601 date, ``is_date`` set
=============  ==========================================================

A cell holding a formula has ``formula`` set (the text of ``<f>``, without ``=``; ``""``
for the followers of a shared formula, whose text lives in the first cell). A formula
without a cached value is ``empty``. Cells with neither value nor formula, and text
cells holding ``""`` without a formula, are omitted. ``is_percent``/``is_date`` and
``format_decimals`` come from the cell's number format and are set on ``number`` and
``empty`` cells only. Excel's ``_xHHHH_`` escapes in strings are decoded. A sheet's
``<mergeCell>`` ranges are kept (checked, clipped to the caps, at most ``MAX_MERGES``).
"""

from __future__ import annotations

import os
import posixpath
import re
from itertools import accumulate, chain
from typing import Callable
from urllib.parse import unquote

from auditor.sources.grid import Cell, Sheet, WorkbookCells, column_index, column_letter
from auditor.sources.number_formats import (
    BUILTIN_DATE,
    BUILTIN_DECIMALS,
    BUILTIN_PERCENT,
    NUMBER_LITERAL,
    classify_format,
    format_decimals,
)
from auditor.sources.refusal import PackageRefused, Refused, clip
from auditor.sources.xml_guard import parse_xml, well_formed
from auditor.sources.zip_guard import Limits, WorkbookZip, open_workbook_zip

__all__ = ["Limits", "read_workbook_cells"]

_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"

_NO_FLAGS = (False, False)
_NO_DECIMALS: dict[str, int] = {}

_DIGITS = "0123456789"
_NUMBER = re.compile(NUMBER_LITERAL, re.ASCII).fullmatch
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

#: Column letters → index, filled as columns are met (at most 18,278 entries: A..ZZZ).
_COLUMNS: dict[str, int] = {}
#: Prefixed element name ("x:c") → local name ("c"); bounded.
_LOCAL: dict[str, str] = {}


def read_workbook_cells(path: str | os.PathLike[str], limits: Limits = Limits()) -> WorkbookCells:
    """Every stored cell of every sheet of the workbook at ``path``, in workbook order.

    Raises :class:`Refused` (and nothing else) when the file is not a
    readable workbook or breaks one of ``limits``. The file is only ever opened for reading.
    """
    try:
        return _read(path, limits)
    except Refused:
        raise
    except MemoryError:
        raise PackageRefused("读取工作簿时内存不足，拒绝读取。", "Out of memory while reading the workbook; refused.") from None
    except RecursionError:
        raise PackageRefused("工作簿结构嵌套过深，拒绝读取。", "The workbook is nested too deeply; refused.") from None


# ---------------------------------------------------------------------------- parts


def _read(path: str | os.PathLike[str], limits: Limits) -> WorkbookCells:
    package = open_workbook_zip(path, limits)
    workbook_xml = package.read(_WORKBOOK_PART)
    if workbook_xml is None:  # pragma: no cover - open_workbook_zip checked it
        raise PackageRefused("压缩包中没有 xl/workbook.xml。", "The archive has no xl/workbook.xml.")
    sheet_entries, date1904 = _parse_workbook(workbook_xml, limits)
    if not sheet_entries:
        raise PackageRefused("工作簿中没有任何工作表。", "The workbook contains no worksheets.")

    rels_xml = package.read(_WORKBOOK_RELS)
    if rels_xml is None:
        raise PackageRefused(
            f"工作簿已损坏：缺少 {_WORKBOOK_RELS}，无法找到各工作表。",
            f"The workbook is damaged: {_WORKBOOK_RELS} is missing, so its sheets cannot be located.",
        )
    rels = _parse_relationships(rels_xml, limits.max_xml_depth)

    styles_part = _part_of_type(rels, "/styles", "xl/styles.xml")
    styles_xml = package.read(styles_part) if styles_part else None
    formats = _parse_style_formats(styles_xml, limits.max_xml_depth) if styles_xml is not None else ({}, [])
    xf_flags, xf_decimals = _style_flags(*formats), _style_decimals(*formats)

    sst_part = _part_of_type(rels, "/sharedStrings", "xl/sharedStrings.xml")
    sst_xml = package.read(sst_part) if sst_part else None
    shared = _parse_shared_strings(sst_xml, limits) if sst_xml is not None else []
    del sst_xml

    result = WorkbookCells(date1904=date1904)
    seen_parts: set[str] = set()
    stored = 0
    for name, rid in sheet_entries:
        rel = rels.get(rid)
        if rel is None:
            raise PackageRefused(
                f"工作簿已损坏：工作表“{clip(name)}”的关系 {clip(rid)} 不存在。",
                f"The workbook is damaged: sheet {clip(name)!r} refers to a missing relationship {clip(rid)!r}.",
            )
        part = _resolve_part(package, rel[0], rel[1], name)
        key = WorkbookZip.normalise(part)
        if key in seen_parts:
            raise PackageRefused(
                f"工作簿已损坏：多个工作表指向同一部件 {clip(part)}。",
                f"The workbook is damaged: several sheets point at the same part {clip(part)!r}.",
            )
        seen_parts.add(key)
        data = package.read(part)
        if data is None:
            raise PackageRefused(
                f"工作簿已损坏：缺少工作表“{clip(name)}”的部件 {clip(part)}。",
                f"The workbook is damaged: the part {clip(part)!r} of sheet {clip(name)!r} is missing.",
            )
        sheet = _parse_sheet(name, part, data, shared, xf_flags, limits, limits.max_cells - stored, xf_decimals)
        del data  # one sheet's XML in memory at a time
        stored += len(sheet.cells)
        result.sheets.append(sheet)
    return result


def _part_of_type(rels: dict[str, tuple[str, str | None, str]], type_suffix: str, default: str) -> str | None:
    for target, mode, rel_type in rels.values():
        if rel_type.endswith(type_suffix) and mode != "External":
            return _join_target(target)
    return default


def _join_target(target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _resolve_part(package: WorkbookZip, target: str, mode: str | None, sheet: str) -> str:
    if mode == "External":
        raise PackageRefused(
            f"工作表“{clip(sheet)}”指向外部文件，无法读取。",
            f"Sheet {clip(sheet)!r} points at an external file and cannot be read.",
        )
    part = _join_target(target)
    if part.startswith("../") or part in ("..", ".", ""):
        raise PackageRefused(
            f"工作簿已损坏：工作表“{clip(sheet)}”的位置 {clip(target)} 无效。",
            f"The workbook is damaged: sheet {clip(sheet)!r} has an invalid location {clip(target)!r}.",
        )
    if not package.has(part) and "%" in part and package.has(unquote(part)):
        part = unquote(part)
    return part


def _too_deep(part: str, max_depth: int) -> PackageRefused:
    return PackageRefused(
        f"工作簿的部件 {clip(part)} 中 XML 元素嵌套超过 {max_depth} 层，拒绝读取。",
        f"The XML of part {clip(part)!r} is nested more than {max_depth} levels deep; refused.",
    )


def _local(name: str) -> str:
    """The local part of a prefixed element name ("x:c" → "c")."""
    local = _LOCAL.get(name)
    if local is None:
        local = name.rpartition(":")[2]
        if len(_LOCAL) < 4096:
            _LOCAL[name] = local
    return local


def _unescape(text: str) -> str:
    """Decode Excel's ``_xHHHH_`` escapes (``_x000D_`` → CR, ``_x005F_`` → "_")."""

    def repl(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPE.sub(repl, text)


# ---------------------------------------------------------------------------- fast paths
#
# The expat path above, with a Python call per element and per run of text, is the
# reference: it handles every well-formed part and gives every refusal its message. Most
# parts, though, come from a handful of writers (Excel, WPS, LibreOffice, openpyxl,
# xlsxwriter) in one regular shape, so worksheets, shared strings and styles are first tried
# by a fast path that either returns exactly what the expat path would return, or raises
# exactly the error the expat path would raise first, or gives up (_GiveUp), in which case
# the part is parsed again from scratch by the expat path. Nothing the fast paths accept
# can expand an entity or read a DTD: they never see one (see below), and expat, when they
# use it, runs with the same refusal handlers. (xml.etree's C tree builder is no help here:
# measured, it costs as much per element as these Python callbacks.) Two kinds:
#
# Small parts (styles.xml, at most _SMALL_PART bytes) are checked by expat without element
# handlers (_checked_body), and the few elements that matter are then picked out with
# regular expressions. Sound because the part is then known to be UTF-8, well-formed, free
# of DTD, comments, CDATA and PIs (so every "<" opens a tag and nothing can hide a tag),
# nested no deeper than the limit (counted from the tags), and the expressions follow
# XML's attribute syntax; values are decoded as expat decodes them (_attr_text). Where
# "inside" matters (<numFmts>, <cellXfs>), the element must occur once. Names that matter
# must occur without a namespace prefix. Expat without an element handler keeps every open
# element in memory: the size cap bounds that.
#
# The bulky region of a worksheet (<sheetData>) and of the shared-string table (<sst>) is
# read by a scanner, one compiled regular expression whose tokens (a whole <c> element with
# the <row> tags around it, a whole <si> element) form a strict subset of XML:
#
# * element and attribute names are fixed, attributes come in their schema order, each at
#   most once, in double quotes, with values free of "<", "&", tabs, line breaks and other
#   control characters; text is free of "<", CR, "]]>" and the characters XML forbids, and
#   an "&" in it must begin one of the five predefined entities or a character reference,
#   decoded as expat decodes them (a reference to a character XML forbids gives up). Such a
#   token means exactly what expat would report for it: nothing else to decode or
#   normalise, and it cannot hold a comment, CDATA, a PI, another entity or element;
# * the tokens must tile the region (whitespace aside): anything else (a comment, another
#   entity, an unknown attribute, a row or cell without r, a nested <row>) gives up;
# * the rest of the part (its "skeleton": the bytes before the region, with the region's
#   start tag, and from its end tag on) goes through expat with the refusal handlers
#   (_check_skeleton): it must be well-formed, nest shallowly enough for the region's
#   elements to stay within the depth limit, and hold none of the elements the reader
#   interprets (c, row, v, f, is, t, si, rPh), so that every cell comes from the region;
# * the region is only located by a byte search when the prolog is UTF-8 (no other BOM or
#   declared encoding, no NUL byte) and holds no "<!" or "<?" (so no DOCTYPE, comment,
#   CDATA or PI in which the search could be fooled): the bytes found are a real tag;
# * the region is decoded as strict UTF-8 and scanned in slices of about 64 KiB (at most
#   1 MiB) cut after a "</row>"/"</si>", so memory stays proportional to a slice, not to
#   the part; a region that cannot be cut so is left to expat.
#
# The differential tests in tests/test_xlsx_cells.py compare both paths on generated parts.


class _GiveUp(Exception):
    """The fast path does not apply; parse the part with expat."""


def _region(data: bytes | bytearray, start_tag: bytes, start_match: Callable, end_tag: bytes) -> tuple[int, int] | None:
    """(start, end) of the content of the element whose start tag is the first ``start_tag``,
    or None when the fast path cannot locate it soundly (see above)."""
    at = data.find(start_tag, 0, _MAX_SKELETON)
    if at < 0:
        return None
    prolog_end = _PROLOG(data).end()
    first = data[prolog_end : prolog_end + 1]
    if first not in (b"<", b" ", b"\t", b"\r", b"\n"):
        return None  # another BOM, or bytes expat would decode as UTF-16
    prefix = data[prolog_end:at]
    if b"<!" in prefix or b"<?" in prefix or b"\x00" in prefix:
        return None
    tag = start_match(data, at)
    if tag is None:
        return None
    start = tag.end()
    end = data.find(end_tag, start)
    if end < 0 or start + len(data) - end > _MAX_SKELETON:
        return None
    return start, end


def _check_skeleton(part: str, skeleton: bytes | bytearray, region_depth: int, max_depth: int,
                    names: frozenset[str], name_search: Callable) -> None:
    """Give up unless the part outside the region is well-formed, free of DOCTYPE/entities and
    of ``names``, and nests shallowly enough that the region (``region_depth`` levels deep
    below its element) stays within ``max_depth``."""
    if skeleton.count(b"<") + region_depth <= max_depth:
        # Every open element began with a "<": the nesting is bounded by their number, so
        # expat may run without an element handler (and cannot exceed max_depth).
        if name_search(skeleton) is not None or not well_formed(skeleton):
            raise _GiveUp
        return
    depth = deepest = 0
    foreign = False

    def start(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal depth, deepest, foreign
        depth += 1
        if depth > deepest:
            deepest = depth
            if depth + region_depth > max_depth:
                raise _GiveUp
        if tag in names or (":" in tag and _local(tag) in names):
            foreign = True

    def end(_tag: str) -> None:
        nonlocal depth
        depth -= 1

    try:
        parse_xml(part, skeleton, start, end, None)
    except Exception:  # noqa: BLE001 - the expat path reports whatever is wrong
        raise _GiveUp from None
    if foreign:
        raise _GiveUp


def _slices(data: bytes | bytearray, start: int, end: int, boundary: bytes):
    """The region decoded as UTF-8, in slices cut right after ``boundary`` (about _SLICE
    bytes, at most _MAX_SLICE: a region without such cuts is left to expat, which streams)."""
    pos = start
    while pos < end:
        if end - pos > _SLICE:
            cut = data.find(boundary, pos + _SLICE, min(end, pos + _MAX_SLICE))
            if cut < 0:
                if end - pos > _MAX_SLICE:
                    raise _GiveUp
                cut = end
            else:
                cut += len(boundary)
        else:
            cut = end
        try:
            text = data[pos:cut].decode("utf-8")
        except UnicodeDecodeError:
            raise _GiveUp from None
        if "]]>" in text:
            raise _GiveUp
        yield text
        pos = cut


_PROLOG = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:\"1\.0\"|'1\.0')"
    rb"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:\"[Uu][Tt][Ff]-8\"|'[Uu][Tt][Ff]-8'))?"
    rb"(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:\"(?:yes|no)\"|'(?:yes|no)'))?[ \t\r\n]*\?>)?"
).match

_SMALL_PART = 256 * 1024
_Q = rb"""(?:"([^"]*)"|'([^']*)')"""  # an attribute value: two groups, one of them ""
_OTHER_ATTR = rb"""[^ \t\r\n=/>]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')"""
_EQ = rb"[ \t\r\n]*=[ \t\r\n]*"
#: One start tag, with the "/" of an empty element as group 1.
_TAG_TAIL = rb"(?:[ \t\r\n]+" + _OTHER_ATTR + rb")*[ \t\r\n]*(/?)>"
#: Every tag, as ("/" for an end tag, "/" for an empty element); only on well-formed parts
#: without comments, CDATA or PIs.
_TAGS = re.compile(rb"""<(/?)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""").findall
#: What each kind of tag does to the nesting depth (an empty element goes one level deeper too).
_TAG_STEPS = {(b"", b""): (1,), (b"/", b""): (-1,), (b"", b"/"): (1, -1)}
_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _checked_body(data: bytes, max_depth: int) -> bytes:
    """The part after its XML declaration, once known to be UTF-8, well-formed, free of DTD,
    comments, CDATA and PIs, and nested at most ``max_depth`` deep; else :class:`_GiveUp`."""
    if len(data) > _SMALL_PART:
        raise _GiveUp  # expat below has no element handler: bound the nesting by the size
    prolog_end = _PROLOG(data).end()
    if data[prolog_end : prolog_end + 1] not in (b"<", b" ", b"\t", b"\r", b"\n"):
        raise _GiveUp
    body = data[prolog_end:]
    if b"<!" in body or b"<?" in body or b"\x00" in body or not well_formed(data):
        raise _GiveUp
    # Every "<" of the body now opens a start or an end tag: there are at most this many
    # start tags, and so open elements, at any time; count them exactly only if need be.
    if body.count(b"<") - body.count(b"</") > max_depth:
        if max(accumulate(chain.from_iterable(map(_TAG_STEPS.__getitem__, _TAGS(body))))) > max_depth:
            raise _GiveUp
    return body


def _attr_text(raw: bytes) -> str:
    """An attribute value of a well-formed UTF-8 part as expat reports it."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text or "\t" in text:
        text = text.replace("\n", " ").replace("\t", " ")
    if "&" in text:
        text = _REFERENCE.sub(_checked_reference, text)  # never gives up: expat checked them
    return text


def _decode_text(text: str) -> str:
    """Character data of the scanner with its references decoded as expat decodes them; gives
    up on a reference to a character XML does not allow (expat refuses the part)."""
    return _REFERENCE.sub(_checked_reference, text)


def _checked_reference(match: re.Match[str]) -> str:
    hex_code, dec_code, name = match.groups()
    if name:
        return _PREDEFINED[name]
    code = int(hex_code, 16) if hex_code else int(dec_code)
    if 0x20 <= code <= 0xD7FF or code in (0x9, 0xA, 0xD) or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise _GiveUp


def _only_element(data: bytes, start_tag: Callable, end_tag: Callable, name: bytes) -> tuple[int, int] | None:
    """The byte range inside the one element ``name`` of a checked part, None when there is
    none (or it is empty); gives up when there are several."""
    opener = b"<" + name
    tag = None
    at = data.find(opener)
    while at >= 0:
        if start_tag(data, at) is not None:
            if tag is not None:
                raise _GiveUp
            tag = start_tag(data, at)
        at = data.find(opener, at + 1)  # also finds longer names (<numFmt… for <numFmts)
    if tag is None or tag.group(1):
        return None
    end = end_tag(data, tag.end())
    if end is None:
        raise _GiveUp  # pragma: no cover - not well-formed, checked before
    return tag.end(), end.start()


# ---------------------------------------------------------------------------- workbook.xml, rels


def _sheet_without_id() -> PackageRefused:
    return PackageRefused(
        "工作簿已损坏：xl/workbook.xml 中有缺少名称或关系编号的工作表。",
        "The workbook is damaged: xl/workbook.xml lists a sheet without a name or relationship id.",
    )


def _too_many_sheets(limits: Limits) -> PackageRefused:
    return PackageRefused(
        f"工作簿中的工作表过多（超过 {limits.max_sheets} 个），拒绝读取。",
        f"The workbook has too many sheets (more than {limits.max_sheets}); refused.",
    )


def _parse_workbook(data: bytes, limits: Limits) -> tuple[list[tuple[str, str]], bool]:
    sheets: list[tuple[str, str]] = []
    date1904 = False
    depth_in_sheets = False
    depth = 0
    max_depth = limits.max_xml_depth

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal date1904, depth_in_sheets, depth
        depth += 1
        if depth > max_depth:
            raise _too_deep(_WORKBOOK_PART, max_depth)
        if ":" in tag:
            tag = _local(tag)
        if tag == "sheet" and depth_in_sheets:
            name = attrs.get("name")
            rid = attrs.get("r:id")
            if rid is None:
                rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
            if name is None or rid is None:
                raise _sheet_without_id()
            sheets.append((name, rid))
            if len(sheets) > limits.max_sheets:
                raise _too_many_sheets(limits)
        elif tag == "sheets":
            depth_in_sheets = True
        elif tag == "workbookPr":
            date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")

    def end(tag: str) -> None:
        nonlocal depth_in_sheets, depth
        depth -= 1
        if tag == "sheets" or tag.endswith(":sheets"):
            depth_in_sheets = False

    parse_xml(_WORKBOOK_PART, data, start, end, None)
    return sheets, date1904


def _parse_relationships(data: bytes, max_depth: int) -> dict[str, tuple[str, str | None, str]]:
    """Relationship id → (target, target mode, type)."""
    rels: dict[str, tuple[str, str | None, str]] = {}
    depth = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > max_depth:
            raise _too_deep(_WORKBOOK_RELS, max_depth)
        if ":" in tag:
            tag = _local(tag)
        if tag == "Relationship":
            rid = attrs.get("Id")
            target = attrs.get("Target")
            if rid is not None and target is not None:
                rels.setdefault(rid, (target, attrs.get("TargetMode"), attrs.get("Type", "")))

    def end(_tag: str) -> None:
        nonlocal depth
        depth -= 1

    parse_xml(_WORKBOOK_RELS, data, start, end, None)
    return rels


# ---------------------------------------------------------------------------- styles


def _parse_style_formats(data: bytes, max_depth: int) -> tuple[dict[int, str], list[int]]:
    """(custom format codes by id, the numFmtId of each cell style), by the fast path or expat."""
    try:
        return _fast_styles(data, max_depth)
    except _GiveUp:
        return _parse_styles_expat(data, max_depth)


def _style_decimals(custom: dict[int, str], xf_formats: list[int]) -> dict[str, int]:
    """Cell style index → decimals its number format shows, for formats with a fixed count."""

    def decimals_of(fid: int) -> int | None:
        code = custom.get(fid)
        return format_decimals(code) if code is not None else BUILTIN_DECIMALS.get(fid)

    by_id = {fid: decimals_of(fid) for fid in set(xf_formats)}
    return {str(i): places for i, fid in enumerate(xf_formats) if (places := by_id[fid]) is not None}


def _parse_styles(data: bytes, max_depth: int) -> dict[str, tuple[bool, bool]]:
    """Cell style index (the ``s`` attribute text) → (percent, date), for flagged styles only."""
    return _style_flags(*_parse_style_formats(data, max_depth))


def _style_flags(custom: dict[int, str], xf_formats: list[int]) -> dict[str, tuple[bool, bool]]:
    def flags_of(fid: int) -> tuple[bool, bool]:
        code = custom.get(fid)
        if code is not None:
            return classify_format(code)
        return fid in BUILTIN_PERCENT, fid in BUILTIN_DATE

    by_id = {fid: flags_of(fid) for fid in set(xf_formats)}
    return {str(i): by_id[fid] for i, fid in enumerate(xf_formats) if by_id[fid] != _NO_FLAGS}


def _parse_styles_expat(data: bytes, max_depth: int) -> tuple[dict[int, str], list[int]]:
    """(number format id → format code of <numFmts>, numFmtId of each <xf> of <cellXfs>)."""
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    in_numfmts = in_cellxfs = False
    depth = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal in_numfmts, in_cellxfs, depth
        depth += 1
        if depth > max_depth:
            raise _too_deep("xl/styles.xml", max_depth)
        if ":" in tag:
            tag = _local(tag)
        if tag == "xf":
            if in_cellxfs:
                xf_formats.append(_int_or(attrs.get("numFmtId"), 0))
        elif tag == "numFmt":
            if in_numfmts:
                fid = _int_or(attrs.get("numFmtId"), -1)
                if fid >= 0:
                    custom[fid] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            in_cellxfs = True
        elif tag == "numFmts":
            in_numfmts = True

    def end(tag: str) -> None:
        nonlocal in_numfmts, in_cellxfs, depth
        depth -= 1
        if ":" in tag:
            tag = _local(tag)
        if tag == "cellXfs":
            in_cellxfs = False
        elif tag == "numFmts":
            in_numfmts = False

    parse_xml("xl/styles.xml", data, start, end, None)
    return custom, xf_formats


_XF_TAGS = re.compile(
    rb"<xf(?:[ \t\r\n]+(?:numFmtId" + _EQ + _Q + rb"|" + _OTHER_ATTR + rb"))*[ \t\r\n]*/?>"
).findall
_NUMFMT_TAGS = re.compile(
    rb"<numFmt(?:[ \t\r\n]+(?:numFmtId" + _EQ + _Q + rb"|formatCode" + _EQ + _Q + rb"|" + _OTHER_ATTR
    + rb"))*[ \t\r\n]*/?>"
).findall
_CELLXFS_START = re.compile(rb"<cellXfs" + _TAG_TAIL).match
_NUMFMTS_START = re.compile(rb"<numFmts" + _TAG_TAIL).match
#: The (only, in a well-formed part with one start tag) end tag after a position.
_CELLXFS_END = re.compile(rb"</cellXfs[ \t\r\n]*>").search
_NUMFMTS_END = re.compile(rb"</numFmts[ \t\r\n]*>").search


def _fast_styles(data: bytes, max_depth: int) -> tuple[dict[int, str], list[int]]:
    """:func:`_parse_styles_expat`'s result, or :class:`_GiveUp`."""
    body = _checked_body(data, max_depth)
    if b":xf" in body or b":numFmt" in body or b":cellXfs" in body:
        raise _GiveUp  # a prefixed name the expat path would see by its local name
    custom: dict[int, str] = {}
    region = _only_element(body, _NUMFMTS_START, _NUMFMTS_END, b"numFmts")
    if region is not None:
        for id_dq, id_sq, code_dq, code_sq in _NUMFMT_TAGS(body, *region):
            fid = _int_or(_attr_text(id_dq or id_sq), -1) if (id_dq or id_sq) else -1
            if fid >= 0:
                custom[fid] = _attr_text(code_dq or code_sq)
    xf_formats: list[int] = []
    region = _only_element(body, _CELLXFS_START, _CELLXFS_END, b"cellXfs")
    if region is not None:
        xf_formats = [_int_or(_attr_text(dq or sq), 0) if (dq or sq) else 0 for dq, sq in _XF_TAGS(body, *region)]
    return custom, xf_formats


def _int_or(text: str | None, default: int) -> int:
    if text is None:
        return default
    text = text.strip()
    if not text or len(text) > 9 or not (text.isascii() and text.isdigit()):
        return default
    return int(text)


# ---------------------------------------------------------------------------- scanners

_SLICE = 64 * 1024
_MAX_SLICE = 1024 * 1024
#: The most of a part outside its region the fast path copies to check it.
_MAX_SKELETON = 1024 * 1024
_XWS = "[ \t\r\n]*"
#: An attribute value expat returns verbatim (no reference, no whitespace normalisation).
_VAL = '[^"<&\\x00-\\x1f\\ufffe\\uffff]*'
#: Character data: characters expat returns verbatim (no CR, nothing XML forbids) and the
#: references it decodes (_decode_text), unrolled so that text without "&" costs nothing more,
#: possessive so that a text that is not followed by its end tag fails without backtracking.
_CHAR = "[^<&\\r\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]"
_REF = "&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
_TEXT = f"{_CHAR}*+(?:{_REF}{_CHAR}*+)*+"


def _optional_attrs(*names: str) -> str:
    # (?:X|) rather than (?:X)?: the engine runs the branch form faster
    return "".join(f'(?: {name}="{_VAL}"|)' for name in names)


def _child(tag: str, attrs: str = "") -> str:
    """``<tag attrs/>`` or ``<tag attrs>text</tag>`` as one group: "/" when empty, else ">"
    and the text (so the group is "" only when the element is absent; text = group[1:])."""
    return f"<{tag}{attrs}{_XWS}(/(?=>)|>{_TEXT}(?=</{tag}>))(?:>|</{tag}>){_XWS}"


_SHEET_TOKENS = re.compile(
    # A token is a row's start tag, a cell, a row's end tag, or a run of them in that order
    # (so that most rows cost two tokens rather than four), each with its trailing whitespace.
    # 1 the r of a <row>, 2 "/" when the row is empty
    '(?:<row r="([1-9][0-9]{0,6})"'
    + _optional_attrs("spans", "s", "customFormat", "ht", "hidden", "customHeight", "outlineLevel",
                      "collapsed", "thickTop", "thickBot", "ph", "x14ac:dyDescent")
    + _XWS + "(/|)>" + _XWS + "|)"
    # a cell: 3-4 its reference (letters, digits), 5 s, 6 t, 7 <f> (see _child),
    # 8 a <v> holding a number literal, 9 any other <v> (see _child), 10 the text of <is><t>
    + '(?:<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"'
    + f'(?: s="({_VAL})"|)(?: t="({_VAL[:-1]}+)"|)' + _optional_attrs("cm", "vm", "ph") + _XWS
    + "(?:/>|>" + _XWS
    + "(?:" + _child("f", _optional_attrs("t", "aca", "ref", "dt2D", "dtr", "del1", "del2", "r1", "r2", "ca", "si", "bx")) + "|)"
    + f"(?:<v>({NUMBER_LITERAL})</v>{_XWS}|{_child('v')}|)"
    + f'(?:<is>{_XWS}<t(?: xml:space="{_VAL}"|)>((?!<){_TEXT})</t>{_XWS}</is>{_XWS}|)'
    + "</c>)" + _XWS + "|)"
    # 11 ">" for a </row>
    + "(?:</row(>)" + _XWS + "|)"
    # 12 the rest of the text, when none of the above starts here. Where that is so, the
    # first branch has matched the empty string just before (as it does at the very end):
    # an empty token anywhere but last means "give up".
    + "|([\\s\\S]+)"
).findall
_NO_TOKEN = ("",) * 12


_RPR_CHILD = (
    "<(?:b|i|strike|condense|extend|outline|shadow|u|vertAlign|sz|rFont|family|charset|scheme)"
    f'(?: val="{_VAL}")?/>'
    f"|<color{_optional_attrs('auto', 'indexed', 'rgb', 'theme', 'tint')}/>"
)
_SI_T = f'<t(?: xml:space="{_VAL}")?(?:/>|>({_TEXT})</t>)'
_RUN_T = f'<t(?: xml:space="{_VAL}")?(?:/>|>{_TEXT}</t>)'
_SST_TOKENS = re.compile(
    # 1 the text of a plain <si>, 2 the runs of a rich one (each <si> with the whitespace
    # after it), 3 the rest of the text from anything else (one token, however long)
    f"<si>(?:{_SI_T}|((?:<r>(?:<rPr>(?:{_RPR_CHILD})*</rPr>)?{_RUN_T}</r>)+))"
    f"(?:<phoneticPr{_optional_attrs('fontId', 'type', 'alignment')}/>)?</si>{_XWS}"
    "|([\\s\\S]+)"
).findall
_RUN_TEXTS = re.compile(f'<t(?: xml:space="{_VAL}")?>({_TEXT})</t>').findall

_SHEETDATA_START = re.compile(rb"<sheetData[ \t\r\n]*>").match
_SST_START = re.compile(
    rb"<sst(?:[ \t\r\n]+[A-Za-z_:][-A-Za-z0-9_.:]*[ \t\r\n]*=[ \t\r\n]*(?:\"[^\"<]*\"|'[^'<]*'))*[ \t\r\n]*>"
).match
_SHEET_NAMES = frozenset({"c", "row", "v", "f", "is", "t", "rPh"})
_SST_NAMES = frozenset({"si", "t", "rPh"})
#: A start or end tag named (after any prefix) one of the names above; may also hit inside
#: a comment or CDATA, which only makes the fast path give up.
_SHEET_NAME_SEARCH = re.compile(rb"</?(?:[^ \t\r\n/>]*:)?(?:c|row|v|f|is|t|rPh)[ \t\r\n/>]").search
_SST_NAME_SEARCH = re.compile(rb"</?(?:[^ \t\r\n/>]*:)?(?:si|t|rPh)[ \t\r\n/>]").search


# ---------------------------------------------------------------------------- sharedStrings


def _parse_shared_strings(data: bytes, limits: Limits) -> list[str]:
    try:
        return _fast_shared_strings(data, limits)
    except _GiveUp:
        return _parse_shared_strings_expat(data, limits)


def _too_many_strings(max_strings: int) -> PackageRefused:
    return PackageRefused(
        f"共享字符串表过大（超过 {max_strings} 项），拒绝读取。",
        f"The shared-string table is too large (more than {max_strings} entries); refused.",
    )


def _fast_shared_strings(data: bytes, limits: Limits) -> list[str]:
    region = _region(data, b"<sst", _SST_START, b"</sst>")
    if region is None:
        raise _GiveUp
    start, end = region
    part = "xl/sharedStrings.xml"
    # <si> <r> <rPr> <b/> is the deepest a string of the region nests
    _check_skeleton(part, data[:start] + data[end:], 4, limits.max_xml_depth, _SST_NAMES, _SST_NAME_SEARCH)
    strings: list[str] = []
    append = strings.append
    max_strings = limits.max_shared_strings
    run_texts = _RUN_TEXTS
    for text in _slices(data, start, end, b"</si>"):
        references = "&" in text
        for plain, runs, other in _SST_TOKENS(text.lstrip(" \t\r\n")):
            if runs:
                plain = "".join(run_texts(runs))
            elif other:
                raise _GiveUp
            if references and "&" in plain:
                plain = _decode_text(plain)
            if "_x" in plain:
                plain = _unescape(plain)
            append(plain)
        if len(strings) > max_strings:
            raise _too_many_strings(max_strings)
    return strings


def _parse_shared_strings_expat(data: bytes, limits: Limits) -> list[str]:
    strings: list[str] = []
    max_strings = limits.max_shared_strings
    parts: list[str] | None = None
    buf: list[str] | None = None
    phonetic = 0
    depth = 0
    max_depth = limits.max_xml_depth

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal parts, buf, phonetic, depth
        depth += 1
        if depth > max_depth:
            raise _too_deep("xl/sharedStrings.xml", max_depth)
        if ":" in tag:
            tag = _local(tag)
        if tag == "t":
            if parts is not None and not phonetic:
                buf = parts
        elif tag == "si":
            parts = []
        elif tag == "rPh":
            phonetic += 1

    def end(tag: str) -> None:
        nonlocal parts, buf, phonetic, depth
        depth -= 1
        if ":" in tag:
            tag = _local(tag)
        if tag == "t":
            buf = None
        elif tag == "si":
            text = "".join(parts) if parts else ""
            if "_x" in text:
                text = _unescape(text)
            strings.append(text)
            parts = None
            if len(strings) > max_strings:
                raise _too_many_strings(max_strings)
        elif tag == "rPh":
            phonetic -= 1

    def chars(text: str) -> None:
        if buf is not None:
            buf.append(text)

    parse_xml("xl/sharedStrings.xml", data, start, end, chars)
    return strings


# ---------------------------------------------------------------------------- worksheets


def _column_of(letters: str, ref: str, sheet: str) -> int:
    """Column index of the letters of a reference, validated (1–3 ASCII letters)."""
    if 1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha():
        index = column_index(letters)
        if letters.isupper():
            _COLUMNS[letters] = index
        return index
    raise _bad_reference(ref, sheet)


def _bad_reference(ref: str, sheet: str) -> PackageRefused:
    return PackageRefused(
        f"工作簿已损坏：工作表“{clip(sheet)}”中有无效的单元格位置 {clip(ref, 20)!r}。",
        f"The workbook is damaged: sheet {clip(sheet)!r} has an invalid cell reference {clip(ref, 20)!r}.",
    )


def _too_many_cells(limits: Limits) -> PackageRefused:
    return PackageRefused(
        f"工作簿中的单元格过多（超过 {limits.max_cells} 个），拒绝读取。",
        f"The workbook has too many cells (more than {limits.max_cells}); refused.",
    )


def _typed(t: str | None, value: str | None, inline: str | None) -> tuple[str, str, bool]:
    """(kind, text, is_date) of a cell by its type ``t`` (any but ``"s"``), its ``<v>`` text
    and the text of its ``<is>`` (None when the element is absent)."""
    if t is None or t == "n":
        if value and _NUMBER(value):
            return "number", value, False
        text = value.strip() if value else ""
        if not text:
            return "empty", "", False
        return ("number" if _NUMBER(text) else "text"), text, False
    if t == "inlineStr":
        text = inline if inline is not None else (value or "")
        return "text", _unescape(text) if "_x" in text else text, False
    if t == "str":
        if value is None:
            return "empty", "", False
        return "text", _unescape(value) if "_x" in value else value, False
    if t == "b":
        text = value.strip().lower() if value else ""
        if text in ("1", "true"):
            return "bool", "TRUE", False
        if text in ("0", "false"):
            return "bool", "FALSE", False
        if text:
            return "text", value or "", False
        return "empty", "", False
    if t == "e":
        text = value.strip() if value else ""
        return ("error" if text else "empty"), text, False
    if t == "d":
        text = value.strip() if value else ""
        return ("text" if text else "empty"), text, bool(text)
    text = value or ""  # an unknown type: keep whatever is there as text
    return ("text" if text else "empty"), text, False


# Building a frozen dataclass through its __init__ costs a Python frame and seven
# object.__setattr__ calls, a third of the per-cell cost. Both paths fill an _Unfrozen (the
# same slots, plain attribute stores, which Python specialises) and then make it a Cell by
# __class__ assignment, which Python allows between classes of identical layout and slots.
# Checked at import; if Cell ever changes, the fast path gives up and the expat path calls
# Cell() itself.
_CELL_FIELDS = ("row", "col", "kind", "text", "is_percent", "is_date", "formula", "format_decimals")


class _Unfrozen:
    __slots__ = _CELL_FIELDS


def _unfrozen_works() -> bool:
    try:
        cell = object.__new__(_Unfrozen)
        cell.row, cell.col, cell.kind, cell.text = 2, 3, "number", "1"
        cell.is_percent, cell.is_date, cell.formula, cell.format_decimals = True, False, "A1", 2
        cell.__class__ = Cell  # type: ignore[assignment]
    except (TypeError, AttributeError):  # pragma: no cover - a Cell of another layout
        return False
    return (
        tuple(getattr(Cell, "__dataclass_fields__", {})) == _CELL_FIELDS
        and type(cell) is Cell
        and cell == Cell(2, 3, "number", "1", True, False, "A1", 2)  # type: ignore[comparison-overlap]
    )


_UNFROZEN = _unfrozen_works()


def _parse_sheet(
    name: str,
    part: str,
    data: bytes,
    shared: list[str],
    xf_flags: dict[str, tuple[bool, bool]],
    limits: Limits,
    budget: int,
    xf_decimals: dict[str, int] | None = None,
) -> Sheet:
    """The cells of one worksheet part; ``budget`` is how many cells may still be stored."""
    try:
        return _fast_sheet(name, part, data, shared, xf_flags, limits, budget, xf_decimals)
    except _GiveUp:
        return _parse_sheet_expat(name, part, data, shared, xf_flags, limits, budget, xf_decimals)


def _fast_sheet(
    name: str,
    part: str,
    data: bytes,
    shared: list[str],
    xf_flags: dict[str, tuple[bool, bool]],
    limits: Limits,
    budget: int,
    xf_decimals: dict[str, int] | None = None,
) -> Sheet:
    """:func:`_parse_sheet_expat`'s result by the scanner, or :class:`_GiveUp`.

    Mirrors the expat path statement by statement; keep the two in step.
    """
    if not _UNFROZEN:  # pragma: no cover - only if Cell changes
        raise _GiveUp
    region = _region(data, b"<sheetData", _SHEETDATA_START, b"</sheetData>")
    if region is None:
        raise _GiveUp
    start, end = region
    # <row> <c> <is> <t> is the deepest a cell of the region nests
    skeleton = data[:start] + data[end:]
    _check_skeleton(part, skeleton, 4, limits.max_xml_depth, _SHEET_NAMES, _SHEET_NAME_SEARCH)

    cells: dict[tuple[int, int], Cell] = {}
    sheet = Sheet(name, cells)
    if b"mergeCell" in skeleton:
        sheet.merged = _skeleton_merges(part, skeleton, limits)
    del skeleton
    max_rows = limits.max_rows
    max_cols = limits.max_cols
    columns = _COLUMNS
    n_shared = len(shared)
    flags_of = xf_flags.get
    decimals_of = (xf_decimals or _NO_DECIMALS).get
    no_flags = _NO_FLAGS
    new = object.__new__
    unfrozen = _Unfrozen

    row = 0
    row_digits = ""
    in_row = False
    dropped = stored = 0
    # The scanner only accepts rows and cells that carry their r (nearly all writers do), so
    # the expat path's rule for cells without r (the last r of the row plus the cells since)
    # is not needed here: a cell is where its r says.
    for text in _slices(data, start, end, b"</row>"):
        tokens = _SHEET_TOKENS(text.strip(" \t\r\n"))
        if tokens.pop() != _NO_TOKEN:  # pragma: no cover - findall always ends so
            raise _GiveUp
        references = "&" in text
        for r, empty_row, letters, digits, s, t, f, num, v, inline, end_row, _rest in tokens:
            if r:
                if in_row:
                    raise _GiveUp  # a <row> inside a <row>
                row = int(r)
                row_digits = r
                in_row = not empty_row
            elif not letters and not end_row:
                raise _GiveUp  # something else
            if end_row:
                if not in_row:
                    raise _GiveUp
                in_row = False  # (cells do not depend on it: taking it first changes nothing)
            if not letters or not (num or v or f or inline):
                continue  # no cell, or a formatted but empty one
            # -- where it is
            try:
                c_col = columns[letters]
            except KeyError:
                c_col = _column_of(letters, letters, name)
            c_row = row if digits == row_digits else int(digits)
            value = num or (v[1:] if v else None)
            formula = f[1:] if f else None
            if references:
                if value and "&" in value:
                    value = _decode_text(value)
                if formula and "&" in formula:
                    formula = _decode_text(formula)
                if inline and "&" in inline:
                    inline = _decode_text(inline)
            percent = date = False
            decimals = None
            # -- what the cell holds, by its type
            if not t or t == "n":
                if num:
                    kind = "number"
                else:
                    kind, value, date = _typed(None, value, None)
            elif t == "s":
                value = value.strip() if value else ""
                if value:
                    index = int(value) if len(value) <= 10 and value.isascii() and value.isdigit() else -1
                    if not 0 <= index < n_shared:
                        raise _missing_shared_string(name, c_row, c_col, value)
                    kind, value = "text", shared[index]
                else:
                    kind = "empty"
            elif t == "inlineStr" and inline:
                kind, value = "text", _unescape(inline) if "_x" in inline else inline
            else:
                kind, value, date = _typed(t, value, inline or None)
            if kind == "number" or kind == "empty":
                if kind == "empty" and formula is None:
                    continue
                percent, date = flags_of(s, no_flags)  # s is "" when absent: never a key
                decimals = decimals_of(s)
            elif not value and formula is None and kind == "text":
                continue  # an empty string is a blank cell
            # -- where it goes
            if c_row > max_rows or c_col > max_cols:
                dropped += 1
                continue
            cell = new(unfrozen)
            cell.row = c_row
            cell.col = c_col
            cell.kind = kind
            cell.text = value
            cell.is_percent = percent
            cell.is_date = date
            cell.formula = formula
            cell.format_decimals = decimals
            cell.__class__ = Cell
            cells[(c_row, c_col)] = cell
            stored += 1  # at least len(cells): look at that only once this passes the budget
            if stored > budget and len(cells) > budget:
                raise _too_many_cells(limits)
    if in_row:
        raise _GiveUp
    sheet.dropped_cells = dropped
    return sheet


def _parse_sheet_expat(
    name: str,
    part: str,
    data: bytes,
    shared: list[str],
    xf_flags: dict[str, tuple[bool, bool]],
    limits: Limits,
    budget: int,
    xf_decimals: dict[str, int] | None = None,
) -> Sheet:
    """The cells of one worksheet part, by expat: the reference for every result and error.

    The handlers are closures over local state and test the common tags first.
    """
    cells: dict[tuple[int, int], Cell] = {}
    sheet = Sheet(name, cells)
    max_rows = limits.max_rows
    max_cols = limits.max_cols
    columns = _COLUMNS
    n_shared = len(shared)
    flags_of = xf_flags.get
    decimals_of = (xf_decimals or _NO_DECIMALS).get
    no_flags = _NO_FLAGS
    new = object.__new__
    unfrozen = _Unfrozen

    # Positions are worked out only for cells that hold something (a formatted empty cell
    # costs no more than its two callbacks): a cell's own r, else the last r seen in the
    # row plus the cells since (Excel's rule for cells without r).
    row = 0  # the current <row>
    row_digits = ""  # its r attribute
    seq = 0  # how many <c> the row has had so far
    anchor_ref: str | None = None  # the last r seen in the row …
    anchor_seq = 0  # … on its seq-th cell
    c_attrs: dict[str, str] = {}
    c_ref: str | None = None
    v: list[str] | None = None
    f: list[str] | None = None
    inline: list[str] | None = None
    buf: list[str] | None = None
    in_is = False
    phonetic = 0
    dropped = 0
    depth = 0
    max_depth = limits.max_xml_depth
    merges = _Merges(limits)

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row, row_digits, seq, anchor_ref, anchor_seq, c_attrs, c_ref
        nonlocal v, f, inline, buf, in_is, phonetic, depth
        depth += 1
        if depth > max_depth:
            raise _too_deep(part, max_depth)
        if tag == "c":
            c_attrs = attrs
            seq += 1
            c_ref = attrs.get("r")
            if c_ref:
                anchor_ref = c_ref
                anchor_seq = seq
            v = f = inline = buf = None
        elif tag == "v":
            buf = v = []
        elif tag == "t":
            if in_is and not phonetic:
                buf = inline
        elif tag == "is":
            in_is = True
            inline = []
        elif tag == "f":
            buf = f = []
        elif tag == "row":
            r = attrs.get("r")
            if r:
                if len(r) > 7 or not (r.isascii() and r.isdigit()) or r[0] == "0":
                    raise _bad_reference(r, name)
                row = int(r)
                row_digits = r
            else:
                row += 1
                row_digits = ""
            seq = anchor_seq = 0
            anchor_ref = None
        elif tag == "rPh":
            phonetic += 1
        elif tag == "mergeCell":
            merges.add(attrs.get("ref"))
        elif ":" in tag:
            depth -= 1  # counted again by the call
            start(_local(tag), attrs)

    def end(tag: str) -> None:
        nonlocal buf, in_is, phonetic, dropped, depth
        depth -= 1
        if tag == "c":
            buf = None
            if v is None and f is None and inline is None:
                return  # a formatted but empty cell
            # -- where it is
            ref = c_ref
            if ref:
                letters = ref.rstrip(_DIGITS)
                c_col = columns.get(letters) or _column_of(letters, ref, name)
                digits = ref[len(letters) :]
                if digits == row_digits:  # the usual case: the row's own number
                    c_row = row
                else:
                    if not digits or len(digits) > 7 or digits[0] == "0":
                        raise _bad_reference(ref, name)
                    c_row = int(digits)
            else:
                c_row = row or 1
                if anchor_ref is None:
                    c_col = seq
                else:
                    letters = anchor_ref.rstrip(_DIGITS)
                    c_col = (columns.get(letters) or _column_of(letters, anchor_ref, name)) + seq - anchor_seq
            t = c_attrs.get("t")
            value = "".join(v) if v is not None else None
            percent = date = False
            decimals = None
            # -- what the cell holds, by its type
            if t == "s":
                text = value.strip() if value else ""
                if text:
                    index = int(text) if len(text) <= 10 and text.isascii() and text.isdigit() else -1
                    if not 0 <= index < n_shared:
                        raise _missing_shared_string(name, c_row, c_col, text)
                    kind, text = "text", shared[index]
                else:
                    kind = "empty"
            else:
                kind, text, date = _typed(t, value, "".join(inline) if inline is not None else None)
            formula = "".join(f) if f is not None else None
            if kind == "number" or kind == "empty":
                if kind == "empty" and formula is None:
                    return
                percent, date = flags_of(c_attrs.get("s"), no_flags)
                decimals = decimals_of(c_attrs.get("s"))
            elif not text and formula is None and kind == "text":
                return  # an empty string is a blank cell
            # -- where it goes
            if c_row > max_rows or c_col > max_cols:
                dropped += 1
                return
            if _UNFROZEN:
                cell = new(unfrozen)
                cell.row = c_row
                cell.col = c_col
                cell.kind = kind
                cell.text = text
                cell.is_percent = percent
                cell.is_date = date
                cell.formula = formula
                cell.format_decimals = decimals
                cell.__class__ = Cell
            else:  # pragma: no cover - only if Cell changes
                cell = Cell(c_row, c_col, kind, text, percent, date, formula, decimals)
            cells[(c_row, c_col)] = cell
            if len(cells) > budget:
                raise _too_many_cells(limits)
        elif tag == "v" or tag == "t" or tag == "f":
            buf = None
        elif tag == "is":
            in_is = False
        elif tag == "rPh":
            phonetic -= 1
        elif ":" in tag:
            depth += 1  # counted again by the call
            end(_local(tag))

    def chars(text: str) -> None:
        if buf is not None:
            buf.append(text)

    parse_xml(part, data, start, end, chars)
    sheet.dropped_cells = dropped
    sheet.merged = merges.ranges
    return sheet


# ---------------------------------------------------------------------------- merged cells

#: At most this many merged ranges are kept per sheet (a filled form has a few dozen); the
#: rest are ignored: a merge only tells a layout reader where a label's text sits.
MAX_MERGES = 10_000
_MERGE_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})", re.ASCII).fullmatch


class _Merges:
    """The merged ranges of one sheet as they are met: refs checked, clipped to the caps, counted."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.ranges: list[tuple[int, int, int, int]] = []

    def add(self, ref: str | None) -> None:
        if ref is None or len(self.ranges) >= MAX_MERGES:
            return
        match = _MERGE_REF(ref.strip())
        if match is None:
            return  # not a range: nothing to merge
        col1, row1, col2, row2 = match.groups()
        rows = sorted((int(row1), int(row2)))
        cols = sorted((column_index(col1), column_index(col2)))
        if rows[0] < 1 or cols[0] < 1 or rows[1] > 1_048_576 or cols[1] > 16_384:
            return
        if rows[0] > self.limits.max_rows or cols[0] > self.limits.max_cols or (rows[0], cols[0]) == (rows[1], cols[1]):
            return
        self.ranges.append((rows[0], cols[0], min(rows[1], self.limits.max_rows), min(cols[1], self.limits.max_cols)))


def _skeleton_merges(part: str, skeleton: bytes | bytearray, limits: Limits) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a worksheet whose <sheetData> the scanner read, from the rest of
    the part (already checked: well-formed, no DTD, shallow), as the expat path finds them."""
    merges = _Merges(limits)

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "mergeCell" or (":" in tag and _local(tag) == "mergeCell"):
            merges.add(attrs.get("ref"))

    try:
        parse_xml(part, skeleton, start, None, None)
    except Refused:  # pragma: no cover - _check_skeleton parsed it already
        raise _GiveUp from None
    return merges.ranges


def _missing_shared_string(sheet: str, row: int, col: int, index: str) -> PackageRefused:
    ref = f"{column_letter(col)}{row}"
    return PackageRefused(
        f"工作簿已损坏：工作表“{clip(sheet)}”的单元格 {ref} 引用了不存在的共享字符串 {clip(index, 12)}。",
        f"The workbook is damaged: cell {ref} of sheet {clip(sheet)!r} refers to a missing "
        f"shared string {clip(index, 12)!r}.",
    )

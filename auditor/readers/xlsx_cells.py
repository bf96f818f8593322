"""Read every cell of an .xlsx/.xlsm workbook, safely, with :mod:`xml.parsers.expat`.

:func:`read_workbook_cells` is the only entry point. It reads the package through
:mod:`auditor.readers.zip_guard` (size, ratio and inflation limits) and parses the
parts it needs with expat directly:

* a document with a DOCTYPE or any entity declaration is refused outright, so entity
  expansion ("billion laughs") and external entities (XXE) can never happen;
* cells beyond ``Limits.max_rows``/``max_cols`` are counted, not stored; more than
  ``Limits.max_cells`` stored cells refuses the workbook. Nothing is allocated in
  proportion to a cell's coordinates;
* numbers keep the literal text of ``<v>`` (``"504.55"``), never a float;
* every failure, expected or not, is raised as
  :class:`~auditor.readers.cells.UnreadableWorkbook` with a reason for the reviewer.

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
cells holding ``""`` without a formula, are omitted. ``is_percent``/``is_date`` come
from the cell's number format and are set on ``number`` and ``empty`` cells only.
Excel's ``_xHHHH_`` escapes in strings are decoded.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from typing import Callable
from urllib.parse import unquote
from xml.parsers import expat

from auditor.readers.cells import Cell, Sheet, UnreadableWorkbook, WorkbookCells, column_index, column_letter
from auditor.readers.zip_guard import Limits, WorkbookZip, open_workbook_zip

__all__ = ["Limits", "read_workbook_cells"]

_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"

_BUILTIN_PERCENT = frozenset({9, 10})
# 14–22 and 45–47 everywhere; 27–36 and 50–58 are the date formats of the CJK locales
# (e.g. 31 = yyyy"年"m"月"d"日" in zh-CN), written by Excel/WPS without a <numFmt>.
_BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_NO_FLAGS = (False, False)

_DIGITS = "0123456789"
#: A decimal literal as Excel stores it ("504.55", "-1.5E-3"), at most 30 digits either side
#: of the point and a 4-digit exponent, so that Decimal() of it is always cheap.
_NUMBER = re.compile(
    r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,4})?", re.ASCII
).fullmatch
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

#: Column letters → index, filled as columns are met (at most 18,278 entries: A..ZZZ).
_COLUMNS: dict[str, int] = {}
#: Prefixed element name ("x:c") → local name ("c"); bounded.
_LOCAL: dict[str, str] = {}


def read_workbook_cells(path: str | os.PathLike[str], limits: Limits = Limits()) -> WorkbookCells:
    """Every stored cell of every sheet of the workbook at ``path``, in workbook order.

    Raises :class:`UnreadableWorkbook` (and nothing else) when the file is not a
    readable workbook or breaks one of ``limits``. The file is only ever opened for reading.
    """
    try:
        return _read(path, limits)
    except UnreadableWorkbook:
        raise
    except MemoryError:
        raise UnreadableWorkbook("读取工作簿时内存不足，拒绝读取。", "Out of memory while reading the workbook; refused.") from None
    except RecursionError:
        raise UnreadableWorkbook("工作簿结构嵌套过深，拒绝读取。", "The workbook is nested too deeply; refused.") from None
    except Exception as exc:  # noqa: BLE001 - every failure is a reason for the reviewer
        raise UnreadableWorkbook(
            f"无法读取工作簿：{type(exc).__name__}: {_clip(str(exc))}",
            f"The workbook cannot be read: {type(exc).__name__}: {_clip(str(exc))}",
        ) from None


# ---------------------------------------------------------------------------- parts


def _read(path: str | os.PathLike[str], limits: Limits) -> WorkbookCells:
    package = open_workbook_zip(path, limits)
    workbook_xml = package.read(_WORKBOOK_PART)
    if workbook_xml is None:  # pragma: no cover - open_workbook_zip checked it
        raise UnreadableWorkbook("压缩包中没有 xl/workbook.xml。", "The archive has no xl/workbook.xml.")
    sheet_entries, date1904 = _parse_workbook(workbook_xml, limits)
    if not sheet_entries:
        raise UnreadableWorkbook("工作簿中没有任何工作表。", "The workbook contains no worksheets.")

    rels_xml = package.read(_WORKBOOK_RELS)
    if rels_xml is None:
        raise UnreadableWorkbook(
            f"工作簿已损坏：缺少 {_WORKBOOK_RELS}，无法找到各工作表。",
            f"The workbook is damaged: {_WORKBOOK_RELS} is missing, so its sheets cannot be located.",
        )
    rels = _parse_relationships(rels_xml, limits.max_xml_depth)

    styles_part = _part_of_type(rels, "/styles", "xl/styles.xml")
    styles_xml = package.read(styles_part) if styles_part else None
    xf_flags = _parse_styles(styles_xml, limits.max_xml_depth) if styles_xml is not None else {}

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
            raise UnreadableWorkbook(
                f"工作簿已损坏：工作表“{_clip(name)}”的关系 {_clip(rid)} 不存在。",
                f"The workbook is damaged: sheet {_clip(name)!r} refers to a missing relationship {_clip(rid)!r}.",
            )
        part = _resolve_part(package, rel[0], rel[1], name)
        key = WorkbookZip.normalise(part)
        if key in seen_parts:
            raise UnreadableWorkbook(
                f"工作簿已损坏：多个工作表指向同一部件 {_clip(part)}。",
                f"The workbook is damaged: several sheets point at the same part {_clip(part)!r}.",
            )
        seen_parts.add(key)
        data = package.read(part)
        if data is None:
            raise UnreadableWorkbook(
                f"工作簿已损坏：缺少工作表“{_clip(name)}”的部件 {_clip(part)}。",
                f"The workbook is damaged: the part {_clip(part)!r} of sheet {_clip(name)!r} is missing.",
            )
        sheet = _parse_sheet(name, part, data, shared, xf_flags, limits, limits.max_cells - stored)
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
        raise UnreadableWorkbook(
            f"工作表“{_clip(sheet)}”指向外部文件，无法读取。",
            f"Sheet {_clip(sheet)!r} points at an external file and cannot be read.",
        )
    part = _join_target(target)
    if part.startswith("../") or part in ("..", ".", ""):
        raise UnreadableWorkbook(
            f"工作簿已损坏：工作表“{_clip(sheet)}”的位置 {_clip(target)} 无效。",
            f"The workbook is damaged: sheet {_clip(sheet)!r} has an invalid location {_clip(target)!r}.",
        )
    if not package.has(part) and "%" in part and package.has(unquote(part)):
        part = unquote(part)
    return part


# ---------------------------------------------------------------------------- expat


def _refuse_doctype(*_args: object) -> None:
    raise UnreadableWorkbook(
        "工作簿的 XML 含有 DOCTYPE/实体声明（可能是实体膨胀或外部实体攻击），拒绝读取。",
        "The workbook's XML contains a DOCTYPE or entity declaration (possible entity expansion "
        "or external-entity attack); refused.",
    )


def _refuse_external(*_args: object) -> int:
    _refuse_doctype()
    return 0


def _parse_xml(
    part: str,
    data: bytes,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None,
    chars: Callable[[str], None] | None,
    max_depth: int | None = None,
) -> None:
    """Parse one part; DOCTYPE and entities refused, every error an UnreadableWorkbook.

    With ``max_depth`` the handlers are wrapped to refuse deeper nesting (expat keeps
    every open element in memory); the hot parsers count depth themselves instead.
    """
    if max_depth is not None:
        start, end = _depth_guarded(part, start, end, max_depth)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.UnparsedEntityDeclHandler = _refuse_doctype
    parser.NotationDeclHandler = _refuse_doctype
    parser.ExternalEntityRefHandler = _refuse_external
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if chars is not None:
        parser.buffer_text = True
        parser.buffer_size = 65536
        parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except UnreadableWorkbook:
        raise
    except expat.ExpatError as exc:
        raise UnreadableWorkbook(
            f"工作簿已损坏：部件 {_clip(part)} 不是有效的 XML（{expat.ErrorString(exc.code)}，第 {exc.lineno} 行）。",
            f"The workbook is damaged: part {_clip(part)!r} is not well-formed XML "
            f"({expat.ErrorString(exc.code)}, line {exc.lineno}).",
        ) from None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, UnicodeError) as exc:
        raise UnreadableWorkbook(
            f"工作簿已损坏：部件 {_clip(part)} 内容无效（{type(exc).__name__}: {_clip(str(exc))}）。",
            f"The workbook is damaged: part {_clip(part)!r} holds invalid content "
            f"({type(exc).__name__}: {_clip(str(exc))}).",
        ) from None


def _depth_guarded(
    part: str, start: Callable[[str, dict[str, str]], None], end: Callable[[str], None] | None, max_depth: int
) -> tuple[Callable[[str, dict[str, str]], None], Callable[[str], None]]:
    depth = 0

    def guarded_start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > max_depth:
            raise _too_deep(part, max_depth)
        start(tag, attrs)

    def guarded_end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        if end is not None:
            end(tag)

    return guarded_start, guarded_end


def _too_deep(part: str, max_depth: int) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"工作簿的部件 {_clip(part)} 中 XML 元素嵌套超过 {max_depth} 层，拒绝读取。",
        f"The XML of part {_clip(part)!r} is nested more than {max_depth} levels deep; refused.",
    )


def _local(name: str) -> str:
    """The local part of a prefixed element name ("x:c" → "c")."""
    local = _LOCAL.get(name)
    if local is None:
        local = name.rpartition(":")[2]
        if len(_LOCAL) < 4096:
            _LOCAL[name] = local
    return local


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _unescape(text: str) -> str:
    """Decode Excel's ``_xHHHH_`` escapes (``_x000D_`` → CR, ``_x005F_`` → "_")."""

    def repl(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPE.sub(repl, text)


# ---------------------------------------------------------------------------- workbook.xml, rels


def _parse_workbook(data: bytes, limits: Limits) -> tuple[list[tuple[str, str]], bool]:
    sheets: list[tuple[str, str]] = []
    date1904 = False
    depth_in_sheets = False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal date1904, depth_in_sheets
        if ":" in tag:
            tag = _local(tag)
        if tag == "sheet" and depth_in_sheets:
            name = attrs.get("name")
            rid = attrs.get("r:id")
            if rid is None:
                rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
            if name is None or rid is None:
                raise UnreadableWorkbook(
                    "工作簿已损坏：xl/workbook.xml 中有缺少名称或关系编号的工作表。",
                    "The workbook is damaged: xl/workbook.xml lists a sheet without a name or relationship id.",
                )
            sheets.append((name, rid))
            if len(sheets) > limits.max_sheets:
                raise UnreadableWorkbook(
                    f"工作簿中的工作表过多（超过 {limits.max_sheets} 个），拒绝读取。",
                    f"The workbook has too many sheets (more than {limits.max_sheets}); refused.",
                )
        elif tag == "sheets":
            depth_in_sheets = True
        elif tag == "workbookPr":
            date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")

    def end(tag: str) -> None:
        nonlocal depth_in_sheets
        if tag == "sheets" or tag.endswith(":sheets"):
            depth_in_sheets = False

    _parse_xml(_WORKBOOK_PART, data, start, end, None, limits.max_xml_depth)
    return sheets, date1904


def _parse_relationships(data: bytes, max_depth: int) -> dict[str, tuple[str, str | None, str]]:
    """Relationship id → (target, target mode, type)."""
    rels: dict[str, tuple[str, str | None, str]] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "Relationship":
            rid = attrs.get("Id")
            target = attrs.get("Target")
            if rid is not None and target is not None:
                rels.setdefault(rid, (target, attrs.get("TargetMode"), attrs.get("Type", "")))

    _parse_xml(_WORKBOOK_RELS, data, start, None, None, max_depth)
    return rels


# ---------------------------------------------------------------------------- styles


@lru_cache(maxsize=4096)
def _classify_format(code: str) -> tuple[bool, bool]:
    """(percent, date) for a number-format code, ignoring quoted text, [..] and escapes."""
    percent = date = False
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            j = code.find('"', i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch == "[":
            j = code.find("]", i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch in "\\_*":  # an escaped char, a padding char, a fill char
            i += 2
            continue
        if ch == "%":
            percent = True
        elif ch in "yYmMdDhHsS":
            date = True
        i += 1
    return percent, date


def _parse_styles(data: bytes, max_depth: int) -> dict[str, tuple[bool, bool]]:
    """Cell style index (the ``s`` attribute text) → (percent, date), for flagged styles only."""
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    in_numfmts = in_cellxfs = False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal in_numfmts, in_cellxfs
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
        nonlocal in_numfmts, in_cellxfs
        if ":" in tag:
            tag = _local(tag)
        if tag == "cellXfs":
            in_cellxfs = False
        elif tag == "numFmts":
            in_numfmts = False

    _parse_xml("xl/styles.xml", data, start, end, None, max_depth)

    def flags_of(fid: int) -> tuple[bool, bool]:
        code = custom.get(fid)
        if code is not None:
            return _classify_format(code)
        return fid in _BUILTIN_PERCENT, fid in _BUILTIN_DATE

    by_id = {fid: flags_of(fid) for fid in set(xf_formats)}
    return {str(i): by_id[fid] for i, fid in enumerate(xf_formats) if by_id[fid] != _NO_FLAGS}


def _int_or(text: str | None, default: int) -> int:
    if text is None:
        return default
    text = text.strip()
    if not text or len(text) > 9 or not (text.isascii() and text.isdigit()):
        return default
    return int(text)


# ---------------------------------------------------------------------------- sharedStrings


def _parse_shared_strings(data: bytes, limits: Limits) -> list[str]:
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
                raise UnreadableWorkbook(
                    f"共享字符串表过大（超过 {max_strings} 项），拒绝读取。",
                    f"The shared-string table is too large (more than {max_strings} entries); refused.",
                )
        elif tag == "rPh":
            phonetic -= 1

    def chars(text: str) -> None:
        if buf is not None:
            buf.append(text)

    _parse_xml("xl/sharedStrings.xml", data, start, end, chars)
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


def _bad_reference(ref: str, sheet: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"工作簿已损坏：工作表“{_clip(sheet)}”中有无效的单元格位置 {_clip(ref, 20)!r}。",
        f"The workbook is damaged: sheet {_clip(sheet)!r} has an invalid cell reference {_clip(ref, 20)!r}.",
    )


# Building a frozen dataclass through its __init__ costs a Python frame and seven
# object.__setattr__ calls; setting the slots through their descriptors halves the cost
# of the cell-heavy path. Used only while Cell's fields are exactly these (else __init__).
_CELL_FIELDS = ("row", "col", "kind", "text", "is_percent", "is_date", "formula")
_FAST_CELL = tuple(getattr(Cell, "__dataclass_fields__", {})) == _CELL_FIELDS and all(
    hasattr(getattr(Cell, name, None), "__set__") for name in _CELL_FIELDS
)


def _parse_sheet(
    name: str,
    part: str,
    data: bytes,
    shared: list[str],
    xf_flags: dict[str, tuple[bool, bool]],
    limits: Limits,
    budget: int,
) -> Sheet:
    """The cells of one worksheet part; ``budget`` is how many cells may still be stored.

    The handlers are closures over local state and test the common tags first: this is
    the per-cell hot path of the reader.
    """
    cells: dict[tuple[int, int], Cell] = {}
    sheet = Sheet(name, cells)
    max_rows = limits.max_rows
    max_cols = limits.max_cols
    columns = _COLUMNS
    n_shared = len(shared)
    number = _NUMBER
    flags_of = xf_flags.get
    no_flags = _NO_FLAGS
    new = object.__new__
    if _FAST_CELL:
        set_row, set_col, set_kind, set_text, set_pct, set_date, set_formula = (
            getattr(Cell, f).__set__ for f in _CELL_FIELDS
        )

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
            # -- what the cell holds, by its type
            if t is None or t == "n":
                if value and number(value):
                    kind, text = "number", value
                else:
                    text = value.strip() if value else ""
                    if not text:
                        kind = "empty"
                    elif number(text):
                        kind = "number"
                    else:
                        kind = "text"
            elif t == "s":
                text = value.strip() if value else ""
                if text:
                    index = int(text) if len(text) <= 10 and text.isascii() and text.isdigit() else -1
                    if not 0 <= index < n_shared:
                        raise _missing_shared_string(name, c_row, c_col, text)
                    kind, text = "text", shared[index]
                else:
                    kind = "empty"
            elif t == "inlineStr":
                text = "".join(inline) if inline is not None else (value or "")
                if "_x" in text:
                    text = _unescape(text)
                kind = "text"
            elif t == "str":
                if value is None:
                    kind, text = "empty", ""
                else:
                    kind, text = "text", _unescape(value) if "_x" in value else value
            elif t == "b":
                text = value.strip().lower() if value else ""
                if text in ("1", "true"):
                    kind, text = "bool", "TRUE"
                elif text in ("0", "false"):
                    kind, text = "bool", "FALSE"
                elif text:
                    kind, text = "text", value or ""
                else:
                    kind = "empty"
            elif t == "e":
                text = value.strip() if value else ""
                kind = "error" if text else "empty"
            elif t == "d":
                text = value.strip() if value else ""
                kind = "text" if text else "empty"
                date = bool(text)
            else:  # an unknown type: keep whatever is there as text
                text = value or ""
                kind = "text" if text else "empty"
            formula = "".join(f) if f is not None else None
            if kind == "number" or kind == "empty":
                if kind == "empty" and formula is None:
                    return
                percent, date = flags_of(c_attrs.get("s"), no_flags)
            elif not text and formula is None and kind == "text":
                return  # an empty string is a blank cell
            # -- where it goes
            if c_row > max_rows or c_col > max_cols:
                dropped += 1
                return
            if _FAST_CELL:
                cell = new(Cell)
                set_row(cell, c_row)
                set_col(cell, c_col)
                set_kind(cell, kind)
                set_text(cell, text)
                set_pct(cell, percent)
                set_date(cell, date)
                set_formula(cell, formula)
            else:  # pragma: no cover - only if Cell gains fields
                cell = Cell(c_row, c_col, kind, text, percent, date, formula)
            cells[(c_row, c_col)] = cell
            if len(cells) > budget:
                raise UnreadableWorkbook(
                    f"工作簿中的单元格过多（超过 {limits.max_cells} 个），拒绝读取。",
                    f"The workbook has too many cells (more than {limits.max_cells}); refused.",
                )
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

    _parse_xml(part, data, start, end, chars)
    sheet.dropped_cells = dropped
    return sheet


def _missing_shared_string(sheet: str, row: int, col: int, index: str) -> UnreadableWorkbook:
    ref = f"{column_letter(col)}{row}"
    return UnreadableWorkbook(
        f"工作簿已损坏：工作表“{_clip(sheet)}”的单元格 {ref} 引用了不存在的共享字符串 {_clip(index, 12)}。",
        f"The workbook is damaged: cell {ref} of sheet {_clip(sheet)!r} refers to a missing "
        f"shared string {_clip(index, 12)!r}.",
    )

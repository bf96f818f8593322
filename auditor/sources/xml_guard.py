"""Parsing XML from a file with expat, safely: no DTD, no entities, no external anything.

Office files (.xlsx, .docx, and the .ods/.odt of OpenDocument) are zips of XML parts.
An XML part can carry a billion-laughs entity bomb or an external entity that reads
local files; expat is told to parse no parameter entities, and any DOCTYPE, entity or
notation declaration refuses the file before it can expand. Handlers count nesting
themselves (expat keeps every open element in memory).
"""

from __future__ import annotations

from collections.abc import Callable
from xml.parsers import expat

from auditor.sources.refusal import PackageRefused, Refused, clip


def _refuse_doctype(*_args: object) -> None:
    raise PackageRefused(
        "工作簿的 XML 含有 DOCTYPE/实体声明（可能是实体膨胀或外部实体攻击），拒绝读取。",
        "The workbook's XML contains a DOCTYPE or entity declaration (possible entity expansion "
        "or external-entity attack); refused.",
    )


def _refuse_external(*_args: object) -> int:
    _refuse_doctype()
    return 0


def parse_xml(
    part: str,
    data: bytes,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None,
    chars: Callable[[str], None] | None,
) -> None:
    """Parse one part; DOCTYPE and entities refused, every error a refusal.

    The handlers count the nesting depth themselves and refuse beyond ``Limits.max_xml_depth``
    (expat keeps every open element in memory).
    """
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
    except Refused:
        raise
    except expat.ExpatError as exc:
        raise PackageRefused(
            f"工作簿已损坏：部件 {clip(part)} 不是有效的 XML（{expat.ErrorString(exc.code)}，第 {exc.lineno} 行）。",
            f"The workbook is damaged: part {clip(part)!r} is not well-formed XML "
            f"({expat.ErrorString(exc.code)}, line {exc.lineno}).",
        ) from None
    except LookupError:  # the XML declaration names an encoding Python has no codec for
        raise PackageRefused(
            f"工作簿已损坏：部件 {clip(part)} 的 XML 声明了无法识别的字符编码，无法读取。",
            f"The workbook is damaged: part {clip(part)!r} declares a character encoding that is not known; "
            "it cannot be read.",
        ) from None
    except (ValueError, OverflowError, UnicodeError) as exc:  # a number or text in the part that is no such thing
        raise PackageRefused(
            f"工作簿已损坏：部件 {clip(part)} 内容无效（{type(exc).__name__}: {clip(str(exc))}）。",
            f"The workbook is damaged: part {clip(part)!r} holds invalid content "
            f"({type(exc).__name__}: {clip(str(exc))}).",
        ) from None

def well_formed(data: bytes | bytearray) -> bool:
    """Whether expat parses ``data`` without error and without meeting a DOCTYPE or entity
    declaration. No element handler: call it only on data whose nesting is bounded."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.UnparsedEntityDeclHandler = _refuse_doctype
    parser.NotationDeclHandler = _refuse_doctype
    parser.ExternalEntityRefHandler = _refuse_external
    try:
        parser.Parse(data, True)
    except Exception:  # noqa: BLE001 - the expat path reports whatever is wrong
        return False
    return True

"""A saved web page's bytes → a bounded tree of its elements, and a ``<table>`` → its grid of cells.

Departments publish their self-evaluations as pages on a government site, and reviewers
save them from the browser (.html/.htm, in UTF-8 or GB2312/GBK). This module reads such a
page the way a browser shows it, without being a browser: nothing is executed (a
``<script>``'s text is never parsed, let alone run), nothing is fetched (there is no code
here that opens a connection or a file other than the bytes given; ``<base>``, ``<img>``,
``<link>`` and ``<iframe>`` are dropped unread), and no entity is resolved beyond HTML's
fixed named and numeric character references (a ``<!DOCTYPE … [<!ENTITY …>]>`` is an
ignored declaration, so its "billion laughs" stay the literal text ``&lol9;``).

Why not :mod:`html.parser`: on Python 3.11 it is quadratic on unclosed constructs — 30 KB of
``<a b="`` take 3 s and 160 KB of ``<a`` over a minute (measured on 3.11.7) — so a small
hostile page would stall a whole batch. The tokenizer here follows HTML5's tokenization
closely enough for saved pages (tags, attributes, comments, raw-text elements, character
references) and consumes every character once: each construct is either closed by a
single forward search or runs to the end of the file, as HTML5 says it does.

Decoding is strict and never guesses into mojibake (:func:`decode_page`): a byte-order
mark; else UTF-8 when the bytes are valid UTF-8 (legacy Chinese text never is, while
GB18030 decodes most UTF-8 into garbage without an error, so a page saved as UTF-8 under
an old template's ``charset=gb2312`` is read right); else Big5 when the page declares it
(``<meta charset>``, ``http-equiv content-type``, an XML declaration); else GB18030, the
superset of the GB2312 and GBK that most Chinese pages declare; else the page is refused.
A declaration of any other charset (Latin-1, Shift_JIS …) cannot be true of a Chinese
report and is not trusted.

A page saved "as a single file" (.mht/.mhtml, a MIME web archive from Word, WPS or a
browser) is opened by :func:`web_archive_page`: its first ``text/html`` part, with the
charset its MIME header declares; its images and other parts are never looked at.

Bounds: elements (:data:`MAX_ELEMENTS`), text (:data:`MAX_TEXT_CHARS`), table grids
(:data:`MAX_TABLE_SLOTS` each, HTML's own caps on ``colspan`` and ``rowspan``;
:data:`MAX_PAGE_TABLE_SLOTS` for a page, which its reader counts), archive parts and
nesting. Nesting deeper than :data:`MAX_DEPTH` is flattened (the deeper elements' text
goes to the deepest kept one), as sloppy pages with unclosed ``<font>`` tags nest deep
without being hostile. Everything a page cannot be read for is
:class:`~auditor.sources.refusal.Refused`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesParser

from auditor.sources.grid import Cell, Sheet
from auditor.sources.refusal import Refused
from auditor.sources.text import CONTROLS, MAX_CONTROL_SHARE, decode, describe_binary

#: Elements in one page. A long report saved from Word has tens of thousands (a span per
#: run); the bound keeps the tree's memory in proportion to pages, not to any 20 MB file.
MAX_ELEMENTS = 300_000
#: Open elements kept nested; deeper ones are flattened into the deepest (see module doc).
MAX_DEPTH = 128
#: Characters of text (outside markup) in one page.
MAX_TEXT_CHARS = 4_000_000
#: Slots (rows × columns after rowspan/colspan) in one table, and in all tables of a page.
MAX_TABLE_SLOTS = 250_000
MAX_PAGE_TABLE_SLOTS = 1_000_000
#: HTML's own caps (the HTML Standard, "processing model" of tables).
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
#: Bytes at the start of a page searched for its declared charset.
CHARSET_WINDOW = 4096
#: Attribute values kept (class, id, role, span counts); longer values are cut here.
MAX_KEPT_VALUE = 200

# ---------------------------------------------------------------------------- decoding

#: Declared names of Big5, the one legacy charset besides GB2312/GBK/GB18030 that a Chinese
#: page is published in (Taiwan, Hong Kong, some old mainland sites), read as Big5-HKSCS.
_BIG5 = frozenset({"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"})
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,1024}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml\b[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (meta charset, http-equiv, XML declaration), lower-case."""
    head = data[:CHARSET_WINDOW]
    match = _XML_ENCODING.match(head.lstrip()) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode_page(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The text of a page and the encoding it was read in; refuses rather than garbles.

    ``declared`` is a charset the page came with from elsewhere (a MIME part's header); by
    default the page's own declaration is used. The order is the module docstring's: a
    byte-order mark, valid UTF-8, a declared Big5, GB18030 (GB2312 and GBK declared or
    not). Any other declaration — Latin-1, Windows-1252, Shift_JIS, EUC-KR — cannot hold
    a Chinese report and is a template's leftover: trusting it would decode the report's
    bytes, without any error, into another script's characters.
    """
    if data.startswith(_BOMS) or data.startswith((b"\x00\x00\xfe\xff",)):
        return decode(data)  # UTF-8/UTF-16 by their mark; UTF-32 refused there
    refusal = describe_binary(data, "网页（HTML）", "a web page (HTML)")
    if refusal is not None:
        raise refusal
    if not data.strip():
        raise Refused("文件为空，不是网页。", "The file is empty; it is not a web page.")
    if (declared or declared_charset(data)) in _BIG5:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("big5hkscs")
            except UnicodeDecodeError:
                pass  # the declaration is wrong: the fallback order decides
            else:
                _check_printable(text)
                return text, "big5hkscs"
    return decode(data)


# ---------------------------------------------------------------------------- web archives

#: Parts of a web archive (a page saved by Word has its images and a header part: tens).
MAX_ARCHIVE_PARTS = 2_000
#: Multipart containers in one archive (a saved page has one; the MIME parser recurses into each).
MAX_ARCHIVE_MULTIPARTS = 8
_MIME_START = re.compile(rb"\A(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?(?:MIME-Version|Content-Type)\s*:", re.IGNORECASE)


def is_web_archive(data: bytes) -> bool:
    """Whether the bytes are a MIME web archive (.mht/.mhtml) rather than a page itself."""
    return _MIME_START.match(data[:CHARSET_WINDOW]) is not None


def web_archive_page(data: bytes) -> tuple[bytes, str | None]:
    """The page inside a web archive (.mht/.mhtml: a page "saved as a single file" by
    Word, WPS or a browser) — its first ``text/html`` part, transfer encoding undone —
    and the charset its MIME header declares. Its other parts (images, styles) are never
    looked at. Refuses an archive with no page, or nested or split past any saved page's.
    """
    if data.count(b"\n--") > MAX_ARCHIVE_PARTS or data.lower().count(b"multipart/") > MAX_ARCHIVE_MULTIPARTS:
        raise Refused(
            f"网页档案（.mht）的 MIME 部件超过 {MAX_ARCHIVE_PARTS} 个或嵌套超过 {MAX_ARCHIVE_MULTIPARTS} 层，不像是保存的网页，拒绝读取。",
            f"The web archive (.mht) has more than {MAX_ARCHIVE_PARTS} MIME parts or more than "
            f"{MAX_ARCHIVE_MULTIPARTS} nested multiparts; it is not a saved page; refused.",
        )
    message = BytesParser(policy=policy.compat32).parsebytes(data)
    parts: list[Message] = [message]
    while parts:
        part = parts.pop(0)
        if part.is_multipart():
            parts[:0] = [p for p in part.get_payload() if isinstance(p, Message)]  # type: ignore[union-attr]
        elif part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise Refused(
        "网页档案（.mht）中没有网页部分（text/html），无法读取。",
        "The web archive (.mht) holds no page (no text/html part); nothing to read.",
    )


def _check_printable(text: str) -> None:
    if "\x00" in text or len(CONTROLS.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise Refused(
            "网页中大量字符是不可打印的控制字符，看起来不是文本；为避免乱码，拒绝读取。",
            "Many of the page's characters are control characters; it does not look like text; refused rather than garbled.",
        )


# ---------------------------------------------------------------------------- the tree


class Element:
    """One element of the page: its tag, the few attributes a reader needs, its children in order.

    Children are elements and strings (text, character references resolved). Only
    ``class``, ``id``, ``role``, ``rowspan``, ``colspan`` are kept (cut to
    :data:`MAX_KEPT_VALUE` characters); ``href`` and ``hidden`` are kept as present or not,
    ``hidden`` also for an inline style that hides the element. Nothing else of an
    attribute (a ``src``, a megabyte ``data:`` URL) is ever copied.
    """

    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs} ({len(self.children)} children)>"

    def elements(self) -> Iterator[Element]:
        """Every element under this one, in document order (not itself); iterative."""
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if isinstance(child, Element):
                    yield child
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()


#: Elements a browser does not show (or that hold another document, a plugin, a form
#: control): their contents are never text of the page. Raw-text ones are not even parsed.
NOT_RENDERED = frozenset({
    "head", "title", "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "frameset",
    "frame", "noframes", "noembed", "svg", "math", "select", "option", "optgroup", "datalist", "button", "textarea",
    "canvas", "audio", "video", "map", "dialog",
})
#: Elements that start and end a block of text (a line box of their own).
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp", "#document",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "image", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr", "frame",
})
#: Void elements kept in the tree (they break lines); the others are dropped unread.
_KEPT_VOID = frozenset({"br", "hr"})
#: Raw text: their contents are not markup. Only xmp/plaintext contents are shown.
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"})
_SHOWN_RAW = frozenset({"xmp", "plaintext"})
#: A start tag of one of these closes an open <p> (the HTML Standard's list).
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
    "dd", "dt", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary", "table",
    "ul", "xmp",
})
#: Where the search for an open element to close stops ("has an element in scope").
_SCOPE = frozenset({"#document", "html", "table", "td", "th", "caption", "template", "object", "applet", "marquee"})
_TABLE_SCOPE = frozenset({"#document", "html", "table", "template"})
_LIST_SCOPE = _SCOPE | {"ol", "ul"}
_BUTTON_SCOPE = _SCOPE | {"button"}
#: Start tags that may close open elements.
_IMPLIES_ENDS = _CLOSES_P | HEADINGS | {"li", "dd", "dt", "td", "th", "tr", "tbody", "thead", "tfoot"}
_ROW_GROUPS = ("tbody", "thead", "tfoot")
_HEADING_TAGS = tuple(sorted(HEADINGS))
_TABLE_PARTS = frozenset({"table", "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "colgroup"})
#: What may stand in ``<head>``; anything else (or text) ends it, as in a browser.
_HEAD_CONTENT = frozenset({
    "html", "head", "title", "meta", "link", "style", "script", "base", "noscript", "template", "basefont", "bgsound",
})
_KEPT_ATTRIBUTES = frozenset({"class", "id", "role", "rowspan", "colspan"})
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def parse_html(text: str) -> Element:
    """The element tree of a page's text (the document node, tag ``#document``).

    Refuses a page of more than :data:`MAX_ELEMENTS` elements or :data:`MAX_TEXT_CHARS`
    characters of text, and a text with no markup at all (not a web page).
    """
    builder = _TreeBuilder()
    for token in _tokens(text):
        kind = token[0]
        if kind == "data":
            builder.data(token[1])
        elif kind == "start":
            builder.start(token[1], token[2])
        else:
            builder.end(token[1])
    if not builder.tags:
        raise Refused(
            "文件中没有任何 HTML 标记，不是网页；若是纯文本，请把扩展名改为 .txt 后再提交。",
            "The file holds no HTML markup; it is not a web page. If it is plain text, rename it to .txt and resubmit.",
        )
    return builder.root


class _TreeBuilder:
    """Start and end tags → a tree, with the end tags HTML leaves implied (the HTML Standard's
    tree construction, simplified to what decides where text and table cells belong).

    The open elements are a stack, with a count of each tag on it: the search for an open
    element to close is skipped when none is open, so that a page of a hundred thousand
    ``<div>`` never searches the stack for a ``<p>`` a hundred thousand times.
    """

    def __init__(self) -> None:
        self.root = Element("#document")
        self.stack: list[Element] = [self.root]
        self.open: dict[str, int] = {}  # tag → how many of the stack's elements have it
        self.head: Element | None = None  # an open <head>
        self.elements = 0
        self.tags = 0
        self.chars = 0

    def data(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise Refused(
                f"网页的文字超过上限 {MAX_TEXT_CHARS // 10_000} 万字，拒绝读取；自评报告正文不应这么长。",
                f"The page holds more than {MAX_TEXT_CHARS:,} characters of text; refused (a report is never that long).",
            )
        if self.head is not None and text.strip():
            self._end_head()
        self.stack[-1].children.append(text)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.tags += 1
        if self.head is not None and tag not in _HEAD_CONTENT:
            self._end_head()
        if tag in _VOID:
            if tag in _KEPT_VOID:
                self._count()
                self.stack[-1].children.append(Element(tag))
            return
        self._count()
        if tag in _IMPLIES_ENDS:
            self._implied_ends(tag)
        element = Element(tag, attrs)
        self._push(element)
        if tag == "head":
            self.head = element

    def _implied_ends(self, tag: str) -> None:
        """Close what a start tag of ``tag`` implies closed (an open <p>, <li>, cell, row …)."""
        if tag in _CLOSES_P:
            self._close(("p",), _BUTTON_SCOPE)
        if tag == "li":
            self._close(("li",), _LIST_SCOPE)
        elif tag in ("dd", "dt"):
            self._close(("dd", "dt"), _SCOPE)
        elif tag in HEADINGS and self.stack[-1].tag in HEADINGS:
            self._pop_to(len(self.stack) - 1)
        elif tag in ("td", "th"):
            if self._open_index(("table",), _TABLE_SCOPE) is not None:
                self._close(("td", "th"), _TABLE_SCOPE)
                if self._open_index(("tr",), _TABLE_SCOPE) is None:
                    self._push(Element("tr"))  # a cell outside a row: the row HTML implies
        elif tag == "tr":
            self._close(("td", "th"), _TABLE_SCOPE)
            self._close(("tr",), _TABLE_SCOPE)
        elif tag in _ROW_GROUPS:
            self._close(("td", "th"), _TABLE_SCOPE)
            self._close(("tr",), _TABLE_SCOPE)
            self._close(_ROW_GROUPS, _TABLE_SCOPE)

    def end(self, tag: str) -> None:
        self.tags += 1
        if tag == "br":  # </br> is a line break in every browser
            self.start("br", {})
        elif tag in HEADINGS:
            self._close(_HEADING_TAGS, _SCOPE)
        else:
            self._close((tag,), _TABLE_SCOPE if tag in _TABLE_PARTS else _SCOPE)

    def _count(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise Refused(
                f"网页有超过 {MAX_ELEMENTS} 个元素，不像是一份自评报告，拒绝读取。",
                f"The page has more than {MAX_ELEMENTS:,} elements; it is not a report; refused.",
            )

    def _push(self, element: Element) -> None:
        self.stack[-1].children.append(element)
        if len(self.stack) < MAX_DEPTH:
            self.stack.append(element)
            self.open[element.tag] = self.open.get(element.tag, 0) + 1

    def _pop_to(self, index: int) -> None:
        """Close the open elements from ``index`` up."""
        for element in self.stack[index:]:
            self.open[element.tag] -= 1
        del self.stack[index:]

    def _open_index(self, tags: tuple[str, ...], scope: frozenset[str]) -> int | None:
        """Where the topmost open element of one of ``tags`` is, unless a ``scope`` element is above it."""
        open_counts = self.open
        for tag in tags:
            if open_counts.get(tag):
                break
        else:
            return None
        for index in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[index].tag
            if open_tag in tags:
                return index
            if open_tag in scope:
                return None
        return None

    def _close(self, tags: tuple[str, ...], scope: frozenset[str]) -> None:
        index = self._open_index(tags, scope)
        if index is not None:
            self._pop_to(index)

    def _end_head(self) -> None:
        at = next((i for i, element in enumerate(self.stack) if element is self.head), None)
        if at is not None:
            self._pop_to(at)
        self.head = None


# ---------------------------------------------------------------------------- tokenizer

Token = tuple[str, str, dict[str, str]] | tuple[str, str]

_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_BETWEEN_ATTRIBUTES = re.compile(r"[\t\n\f\r /]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_EQUALS = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_RAW_END = {name: re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE) for name in _RAW_TEXT}


def _tokens(text: str) -> Iterator[Token]:
    """("start", tag, attrs), ("end", tag) and ("data", text) in order; linear in ``len(text)``.

    A construct left open at the end of the text (a comment, a tag, a quoted attribute)
    runs to the end and is dropped, as HTML5 does; a ``<`` that opens nothing is text.
    """
    n = len(text)
    pos = 0  # where the text not yet given out begins
    search = 0  # where to look for the next "<"
    while pos < n:
        lt = text.find("<", search)
        if lt < 0:
            break
        after = text[lt + 1: lt + 2]
        if not (after in ("!", "?", "/") or (after.isascii() and after.isalpha())):
            search = lt + 1  # a "<" that opens nothing: text, given out with what follows
            continue
        if lt > pos:
            yield "data", _unescape(text[pos:lt])
        if after == "!":
            pos = yield from _markup_declaration(text, lt)
        elif after == "?":
            pos = _past(text, ">", lt + 2)  # a processing instruction (an XML declaration): ignored
        elif after == "/":
            name = _TAG_NAME.match(text, lt + 2)
            pos = _past(text, ">", lt + 2)
            if name is not None and pos <= n:
                yield "end", name.group().lower()
        else:
            name = _TAG_NAME.match(text, lt + 1)
            assert name is not None
            tag = name.group().lower()
            attrs, pos = _attributes(text, name.end())
            if pos > n:
                return  # the text ends inside the tag
            yield "start", tag, attrs
            if tag in _RAW_TEXT:
                end = _RAW_END[tag].search(text, pos)
                stop = end.start() if end is not None else n
                if tag in _SHOWN_RAW:
                    yield "data", text[pos:stop]
                pos = stop
            elif tag == "plaintext":
                yield "data", text[pos:]
                return
        search = pos
    if pos < n:
        yield "data", _unescape(text[pos:])


def _past(text: str, marker: str, start: int) -> int:
    """The position just past the next ``marker`` from ``start``, or past the end (len + 1) when none."""
    at = text.find(marker, start)
    return len(text) + 1 if at < 0 else at + len(marker)


def _markup_declaration(text: str, lt: int) -> Iterator[Token]:
    """``<!-- … -->``, ``<![CDATA[ … ]]>`` (its text), ``<!DOCTYPE …>`` and other ``<!…>``: where they end."""
    if text.startswith("<!--", lt):
        if text.startswith(">", lt + 4):
            return lt + 5
        if text.startswith("->", lt + 4):
            return lt + 6
        return _past(text, "-->", lt + 4)
    if text.startswith("<![CDATA[", lt):
        end = text.find("]]>", lt + 9)
        yield "data", text[lt + 9: end if end >= 0 else len(text)]
        return len(text) if end < 0 else end + 3
    # A DOCTYPE and any other declaration, internal subsets and entity declarations included,
    # end at the first ">": their entities are never declared, let alone expanded.
    return _past(text, ">", lt + 2)


def _attributes(text: str, pos: int) -> tuple[dict[str, str], int]:
    """The kept attributes of a start tag whose name ends at ``pos``, and the position past
    its ``>`` (past the end of the text when the tag is never closed)."""
    n = len(text)
    attrs: dict[str, str] = {}
    while True:
        pos = _BETWEEN_ATTRIBUTES.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return attrs, n + 1
        if text[pos] == ">":
            return attrs, pos + 1
        name_match = _ATTRIBUTE_NAME.match(text, pos)
        assert name_match is not None  # text[pos] is none of the characters it excludes
        name = name_match.group().lower()
        pos = name_match.end()
        start = end = pos
        equals = _EQUALS.match(text, pos)
        if equals is not None:
            pos = equals.end()
            if pos < n and text[pos] in "\"'":
                close = text.find(text[pos], pos + 1)
                if close < 0:
                    return attrs, n + 1
                start, end, pos = pos + 1, close, close + 1
            else:
                start = pos
                pos = end = _UNQUOTED.match(text, pos).end()  # type: ignore[union-attr]
        if name in attrs:
            continue  # the first of duplicated attributes counts
        if name in _KEPT_ATTRIBUTES:
            attrs[name] = _unescape(text[start: min(end, start + MAX_KEPT_VALUE)]).strip()
        elif name == "href" or name == "hidden":
            attrs[name] = ""
        elif name == "style" and _HIDING_STYLE.search(text, start, min(end, start + 4 * MAX_KEPT_VALUE)):
            attrs["hidden"] = ""


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


# ---------------------------------------------------------------------------- text and tables

#: Whitespace HTML collapses (not the no-break space, not the ideographic space).
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
#: A line break between two wide characters is not rendered as a space in Chinese text
#: (a source line wrapped inside 「送温暖资金」 must not split the name).
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WRAP_BETWEEN_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")
_SPACES = re.compile(r"(?<=\S) {2,}")
#: Zero-width characters editors leave in text (a zero-width space inside 「送温暖资金」
#: would split the name), and the byte-order mark as a character.
_ZERO_WIDTH = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")


def collapse_whitespace(text: str) -> str:
    """Text as a browser lays it out on one line: whitespace runs as one space (none at a
    line wrap between Chinese characters), no-break spaces as spaces; leading no-break and
    ideographic spaces (an indented first line) kept, trailing ones dropped."""
    text = _WRAP_BETWEEN_WIDE.sub("", CONTROLS.sub("", text).translate(_ZERO_WIDTH))
    text = _COLLAPSIBLE.sub(" ", text).lstrip(" ").replace("\xa0", " ")
    return _SPACES.sub(" ", text).rstrip(" \u3000")


def is_hidden(element: Element) -> bool:
    """Whether a browser would not show the element at all."""
    return element.tag in NOT_RENDERED or "hidden" in element.attrs


def text_lines(element: Element) -> list[str]:
    """The lines a browser shows for an element's contents: broken at ``<br>`` and at blocks,
    whitespace collapsed, hidden elements left out, empty lines dropped."""
    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        if parts:
            line = collapse_whitespace("".join(parts)).strip(" \u3000")
            if line:
                lines.append(line)
            parts.clear()

    stack: list[Iterator[Element | str]] = [iter(element.children)]
    blocks: list[bool] = []
    while stack:
        for child in stack[-1]:
            if isinstance(child, str):
                parts.append(child)
                continue
            if child.tag in ("br", "hr"):
                flush()
                continue
            if is_hidden(child):
                continue
            block = child.tag in BLOCK
            if block:
                flush()
            stack.append(iter(child.children))
            blocks.append(block)
            break
        else:
            stack.pop()
            if blocks and blocks.pop():
                flush()
    flush()
    return lines


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A ``<table>`` as the grid a browser draws: ``rows`` in grid order with each merged
    cell's text in its first (top-left) slot and ``""`` in the slots it spans, as a
    spreadsheet stores it, and the merged ranges as (first row, first col, last row, last
    col), 1-based, as :class:`~auditor.sources.grid.Sheet` keeps them."""

    rows: list[list[str]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    caption: str = ""

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def repeated(self) -> list[list[str]]:
        """The grid with each merged cell's text repeated in every slot it spans."""
        rows = [list(row) for row in self.rows]
        for top, left, bottom, right in self.merged:
            text = rows[top - 1][left - 1]
            for r in range(top - 1, bottom):
                for c in range(left - 1, right):
                    rows[r][c] = text
        return rows

    def sheet(self, name: str) -> Sheet:
        """The grid as a sheet of text cells (merged ranges kept), for the spreadsheet layout readers."""
        cells = {
            (r, c): Cell(r, c, "text", text)
            for r, row in enumerate(self.rows, start=1)
            for c, text in enumerate(row, start=1)
            if text
        }
        return Sheet(name, cells, merged=list(self.merged))


def _span(value: str | None, cap: int, zero_means: int) -> int:
    digits = re.match(r"\s*(\d{1,9})", value or "")
    if digits is None:
        return 1
    number = int(digits.group(1))
    return zero_means if number == 0 else min(number, cap)


def table_rows(table: Element) -> list[list[Element]]:
    """The ``<tr>`` rows of a table (directly or in its row groups, never in a nested table),
    each as its ``<td>``/``<th>`` cells, in document order; hidden rows and cells left out."""
    rows: list[list[Element]] = []
    for child in table.children:
        if not isinstance(child, Element) or is_hidden(child):
            continue
        if child.tag in ("tbody", "thead", "tfoot"):
            rows.extend(_cells(row) for row in child.children if _shown(row, "tr"))
        elif child.tag == "tr":
            rows.append(_cells(child))
    return rows


def _shown(node: Element | str, *tags: str) -> bool:
    return isinstance(node, Element) and node.tag in tags and not is_hidden(node)


def _cells(row: Element) -> list[Element]:
    return [cell for cell in row.children if _shown(cell, "td", "th")]  # type: ignore[misc]


def table_grid(table: Element, cell_text: Callable[[Element], str] | None = None) -> TableGrid:
    """The grid of a ``<table>`` with rowspan and colspan applied (see :class:`TableGrid`).

    ``cell_text`` turns a cell into its text (by default its lines joined by ``"\\n"``, as a
    spreadsheet cell with line breaks). Spans are capped as HTML caps them, a rowspan at the
    table's last row (``rowspan="0"`` reaches it); a grid of more than
    :data:`MAX_TABLE_SLOTS` slots is refused.
    """
    text_of = cell_text or (lambda cell: "\n".join(text_lines(cell)))
    rows = table_rows(table)
    height = len(rows)
    grid: list[list[str | None]] = [[] for _ in range(height)]
    merged: list[tuple[int, int, int, int]] = []
    slots = 0
    for r, cells in enumerate(rows):
        line = grid[r]
        c = 0
        for cell in cells:
            while c < len(line) and line[c] is not None:
                c += 1  # slots taken by a cell spanning down from a row above
            colspan = _span(cell.attrs.get("colspan"), MAX_COLSPAN, 1)
            rowspan = min(_span(cell.attrs.get("rowspan"), MAX_ROWSPAN, height - r), height - r)
            slots += colspan * rowspan
            if slots > MAX_TABLE_SLOTS or c + colspan > MAX_COLSPAN:
                raise _table_too_large()
            text = text_of(cell)
            for dr in range(rowspan):
                target = grid[r + dr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for dc in range(colspan):
                    if target[c + dc] is None:  # overlapping spans: the first cell keeps the slot
                        target[c + dc] = text if dr == dc == 0 else ""
            if rowspan > 1 or colspan > 1:
                merged.append((r + 1, c + 1, r + rowspan, c + colspan))
            c += colspan
    width = max((len(line) for line in grid), default=0)
    if width * height > MAX_TABLE_SLOTS:
        raise _table_too_large()
    filled = [[slot if slot is not None else "" for slot in line] + [""] * (width - len(line)) for line in grid]
    return TableGrid(filled, merged)


def _table_too_large() -> Refused:
    return Refused(
        f"网页中的表格超过 {MAX_TABLE_SLOTS} 个单元格（含合并单元格展开后），拒绝读取。",
        f"A table of the page has more than {MAX_TABLE_SLOTS:,} cells (merged cells expanded); refused.",
    )

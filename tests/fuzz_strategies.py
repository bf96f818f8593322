"""Hypothesis strategies that corrupt real sample files at the byte, zip, XML and text level.

A reader that only ever sees well-formed files has been tested on the files its authors
thought of. These strategies start from the real samples (the submission workbooks and
national forms of ``sample_submissions/``, the seed report as Word, text and GB18030
text, the reports of ``tests/fixtures/reports/``) and damage them the way files are
damaged in practice and by hand: cut short, bytes flipped, a zip rebuilt with a member
dropped, duplicated, renamed or lying about its size, an XML part with elements dropped
or repeated, huge attributes, deep nesting, cells of the wrong type, odd sheet names,
broken relationships, invalid UTF-8 and stray BOMs; text re-encoded, with NULs, huge
lines and mixed line ends. Every input is a :class:`Corrupted`: its bytes, the ending
its file is given, and the steps that made it (shown when a property fails and counted
by the campaign).

Because the real samples hold no shared-string table (openpyxl wrote them with inline
strings), each workbook is also offered with its strings moved into
``xl/sharedStrings.xml`` (:func:`with_shared_strings`), as Excel and WPS write them, so
that the shared-string reader is fuzzed too.

Used by ``tests/test_fuzz.py`` (a bounded number of examples) and by
``benchmarks/fuzz_campaign.py`` (one long run).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- the samples


@dataclass(frozen=True, slots=True)
class Sample:
    """A real file to corrupt."""

    name: str
    suffix: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Corrupted:
    """A corrupted input: what the file holds, the ending it is written with, how it was made."""

    sample: str
    suffix: str
    data: bytes
    steps: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        """The level of the first corruption ("bytes", "zip", "xml", "text", "renamed")."""
        return self.steps[0].partition(":")[0] if self.steps else "none"

    def then(self, step: str, data: bytes) -> Corrupted:
        """This input changed once more: ``data`` is what ``step`` made of it."""
        return replace(self, data=data, steps=(*self.steps, step))

    def __repr__(self) -> str:  # what hypothesis prints for a failing example: not 50 KB of bytes
        return f"Corrupted({self.sample!r}, {self.suffix!r}, {len(self.data)} bytes, steps={self.steps!r})"


@cache
def workbook_samples() -> tuple[Sample, ...]:
    """Every sample workbook, and each again with its strings in a shared-string table."""
    originals = [Sample(path.name, ".xlsx", path.read_bytes())
                 for path in sorted((REPO / "sample_submissions").glob("*.xlsx"))]
    shared = [Sample(sample.name.replace(".xlsx", ".sst.xlsx"), ".xlsx", with_shared_strings(sample.data))
              for sample in originals]
    return (*originals, *shared)


@cache
def document_samples() -> tuple[Sample, ...]:
    """The seed report as a Word document."""
    path = REPO / "sample_submissions" / "guizhou-federation-2019-report.docx"
    return (Sample(path.name, ".docx", path.read_bytes()),)


@cache
def text_samples() -> tuple[Sample, ...]:
    """The seed report as UTF-8 and GB18030 text, and the other reports in the genre (.txt, .md)."""
    paths = sorted((REPO / "tests" / "fixtures").glob("*.txt")) + sorted((REPO / "tests" / "fixtures" / "reports").iterdir())
    return tuple(Sample(path.name, path.suffix, path.read_bytes()) for path in paths)


def all_samples() -> tuple[Sample, ...]:
    """Every sample: workbooks (both forms), the Word report, the text reports."""
    return (*workbook_samples(), *document_samples(), *text_samples())


def text_of(sample: Sample) -> str:
    """A text sample's text (the fixtures are UTF-8, or GB18030 where the name says so)."""
    return sample.data.decode("gb18030" if "gb18030" in sample.name else "utf-8")


# --------------------------------------------------------------------------- zip packages


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a zip package as :func:`build_zip` writes it; every field may lie."""

    name: bytes
    data: bytes  # the content, uncompressed
    method: int = zipfile.ZIP_DEFLATED
    declared_size: int | None = None  # the uncompressed size written; None: len(data)
    crc: int | None = None  # None: the CRC-32 of data
    flags: int = 0
    cut: int | None = None  # the compressed payload cut to this many bytes


def members_of(package: bytes) -> list[Member]:
    """The members of a well-formed zip package, in order."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [Member(info.filename.encode(), archive.read(info)) for info in archive.infolist()]


@lru_cache(maxsize=256)
def _deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def build_zip(members: list[Member], prefix: bytes = b"", comment: bytes = b"") -> bytes:
    """A zip archive written byte by byte, so that names may repeat and sizes, CRCs and
    flags may lie; ``prefix`` goes before the first member (as in a self-extractor)."""
    out = io.BytesIO()
    out.write(prefix)
    central = []
    for member in members:
        if member.method == zipfile.ZIP_DEFLATED:
            payload = _deflated(member.data)
        else:  # stored, or a method that is not implemented: the bytes as they are
            payload = member.data
        if member.cut is not None:
            payload = payload[: member.cut]
        size = len(member.data) if member.declared_size is None else member.declared_size
        crc = zlib.crc32(member.data) if member.crc is None else member.crc
        flags = member.flags | (0x800 if not member.name.isascii() else 0)
        offset = out.tell()
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, member.method & 0xFFFF, 0, 0x21,
                             crc, len(payload), size & 0xFFFFFFFF, len(member.name), 0)
        out.write(header + member.name + payload)
        central.append(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, member.method & 0xFFFF, 0, 0x21, crc,
                        len(payload), size & 0xFFFFFFFF, len(member.name), 0, 0, 0, 0, 0, offset)
            + member.name
        )
    directory = b"".join(central)
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start,
                          len(comment)) + comment)
    return out.getvalue()


# --------------------------------------------------------------------------- shared strings

_INLINE_CELL = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>([^<]*)</t></is></c>')
_SST_REL = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml" Id="rIdSst" /></Relationships>')
_SST_OVERRIDE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_shared_strings(package: bytes) -> bytes:
    """The workbook with every inline string moved into a shared-string table, as Excel writes it."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match.group(3), len(strings))
        return b'<c ' + match.group(1) + b't="s"' + match.group(2) + b"><v>" + str(index).encode() + b"</v></c>"

    members = []
    for member in members_of(package):
        data = member.data
        if member.name.startswith(b"xl/worksheets/"):
            data = _INLINE_CELL.sub(shared, data)
        elif member.name == b"xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", _SST_REL)
        elif member.name == b"[Content_Types].xml":
            data = data.replace(b"</Types>", _SST_OVERRIDE)
        members.append(replace(member, data=data))
    items = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in strings)
    table = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + _MAIN_NS
             + b'" count="%d" uniqueCount="%d">' % (len(strings), len(strings)) + items + b"</sst>")
    members.append(Member(b"xl/sharedStrings.xml", table))
    return build_zip(members)


# --------------------------------------------------------------------------- sizes

#: What an XML part may grow to by duplication (the huge values add at most a few MiB each);
#: the readers' 64 MiB member limit is tested on its own, and inputs this size keep CI quick.
MAX_PART = 8 * 2**20
#: What a text may grow to: a little over the narrative reader's two million characters, so
#: that the limit is met, but no further (a text repeated 20,000 times would fill the memory).
MAX_TEXT = 2_200_000


def _bounded(times: int, unit: int, room: int) -> int:
    """``times`` repetitions of ``unit`` bytes or characters, but at least one and no more than fit in ``room``."""
    return max(1, min(times, room // max(unit, 1)))


# --------------------------------------------------------------------------- byte level

#: Bytes that mean something to a zip or XML reader, for replacing and inserting.
_MEANINGFUL_BYTES = [b"\x00", b"\xff", b"PK", b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"<", b">", b"&",
                     b'"', b"\xef\xbb\xbf", b"\xff\xfe", b"\r\n", b"\x80", b"\xc3", b"\xed\xa0\x80"]


@st.composite
def byte_corruption(draw: st.DrawFn, data: bytes) -> tuple[str, bytes]:
    """One change to ``data`` as bytes: truncate, flip, replace, insert, delete or duplicate."""
    n = len(data)
    kind = draw(st.sampled_from(["truncate", "flip", "replace", "insert", "delete", "duplicate"]))
    at = draw(st.integers(0, max(n - 1, 0)))
    if kind == "truncate":
        return f"bytes:truncate at {at}", data[:at]
    if kind == "flip":
        flips = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, 7)), min_size=1, max_size=8))
        out = bytearray(data)
        for pos, bit in flips:
            if pos < n:
                out[pos] ^= 1 << bit
        return f"bytes:flip {len(flips)} bits from {flips[0][0]}", bytes(out)
    if kind == "replace":
        junk = draw(st.one_of(st.sampled_from(_MEANINGFUL_BYTES), st.binary(min_size=1, max_size=32)))
        return f"bytes:replace {len(junk)} at {at}", data[:at] + junk + data[at + len(junk):]
    if kind == "insert":
        junk = draw(st.one_of(st.sampled_from(_MEANINGFUL_BYTES), st.binary(min_size=1, max_size=64)))
        return f"bytes:insert {len(junk)} at {at}", data[:at] + junk + data[at:]
    length = draw(st.integers(1, 4096))
    if kind == "delete":
        return f"bytes:delete {length} at {at}", data[:at] + data[at + length:]
    return f"bytes:duplicate {length} at {at}", data[:at + length] + data[at:]


def bytes_corrupted(sample: Sample) -> st.SearchStrategy[Corrupted]:
    """The sample with one to three byte-level changes."""

    @st.composite
    def build(draw: st.DrawFn) -> Corrupted:
        corrupted = Corrupted(sample.name, sample.suffix, sample.data)
        for _ in range(draw(st.integers(1, 3))):
            step, data = draw(byte_corruption(corrupted.data))
            corrupted = corrupted.then(step, data)
        return corrupted

    return build()


# --------------------------------------------------------------------------- zip level

_ODD_MEMBER_NAMES = [
    b"", b"/", b"..", b"../../etc/passwd", b"xl\\workbook.xml", b"/xl/workbook.xml", b"XL/WORKBOOK.XML",
    b"xl/worksheets/", b"word/document.xml", b"xl/workbook.xml", b"xl/sharedStrings.xml", b"xl/styles.xml",
    b"_rels/.rels", "工作表/一.xml".encode(), b"a" * 300, b"xl/worksheets/sheet1.xml\x00.txt",
]


@st.composite
def zip_corruption(draw: st.DrawFn, members: list[Member]) -> tuple[str, list[Member], bytes, bytes]:
    """One change to a package's members (and the bytes before it and its comment)."""
    members = list(members)
    prefix = comment = b""
    index = draw(st.integers(0, len(members) - 1))
    member = members[index]
    name = member.name.decode(errors="replace")
    kind = draw(st.sampled_from([
        "drop", "duplicate", "rename", "truncate-content", "cut-stream", "stored", "garbage", "replace-with-garbage",
        "declared-size", "bad-crc", "method", "encrypted", "prefix", "comment", "reorder", "empty-content",
    ]))
    if kind == "drop":
        del members[index]
    elif kind == "duplicate":
        copy = member
        if draw(st.booleans()):  # the second copy says something else
            copy = replace(member, data=member.data[: draw(st.integers(0, len(member.data)))])
        members.insert(draw(st.integers(0, len(members))), copy)
    elif kind == "rename":
        new_name = draw(st.one_of(
            st.sampled_from(_ODD_MEMBER_NAMES),
            st.just(member.name.upper()),
            st.just(member.name.replace(b"/", b"\\")),
            st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")),
        ))
        members[index] = replace(member, name=new_name)
        name = f"{name} → {new_name[:40]!r}"
    elif kind == "truncate-content":
        members[index] = replace(member, data=member.data[: draw(st.integers(0, max(len(member.data) - 1, 0)))])
    elif kind == "cut-stream":  # the deflate stream cut short; sizes and CRC as before
        members[index] = replace(member, cut=draw(st.integers(0, max(len(_deflated(member.data)) - 1, 0))))
    elif kind == "stored":
        members[index] = replace(member, method=zipfile.ZIP_STORED)
    elif kind == "garbage":
        garbage = Member(draw(st.sampled_from(_ODD_MEMBER_NAMES + [b"junk.bin", b"xl/junk.xml"])),
                         draw(st.binary(max_size=256)), draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))
        members.insert(draw(st.integers(0, len(members))), garbage)
        name = f"{garbage.name[:40]!r}"
    elif kind == "replace-with-garbage":
        members[index] = replace(member, data=draw(st.binary(max_size=512)))
    elif kind == "declared-size":
        size = draw(st.one_of(
            st.sampled_from([0, 1, len(member.data) - 1, len(member.data) + 1, 2**31 - 1, 2**32 - 1, 300 << 20, 65 << 20,
                             64 << 20]),
            st.integers(0, 2**32 - 1),
        ))
        members[index] = replace(member, declared_size=max(size, 0))
        name = f"{name} declares {size}"
    elif kind == "bad-crc":
        members[index] = replace(member, crc=draw(st.integers(0, 2**32 - 1)))
    elif kind == "method":  # bzip2, LZMA, AES, or nonsense
        method = draw(st.sampled_from([1, 6, 9, 12, 14, 93, 95, 98, 99, 0xFFFF]))
        members[index] = replace(member, method=method)
        name = f"{name} method {method}"
    elif kind == "encrypted":
        members[index] = replace(member, flags=draw(st.sampled_from([0x1, 0x40, 0x41])))
    elif kind == "prefix":
        prefix = draw(st.one_of(st.binary(min_size=1, max_size=128), st.just(b"MZ" + b"\x00" * 510)))
    elif kind == "comment":
        comment = draw(st.one_of(st.binary(max_size=128), st.just(b"PK\x05\x06" + b"\x00" * 18)))
    elif kind == "reorder":
        members = draw(st.permutations(members))
    elif kind == "empty-content":
        members[index] = replace(member, data=b"")
    return f"zip:{kind} {name}", members, prefix, comment


def zip_corrupted(sample: Sample) -> st.SearchStrategy[Corrupted]:
    """The package rebuilt with one or two of its members changed."""

    @st.composite
    def build(draw: st.DrawFn) -> Corrupted:
        members = _members(sample.data)
        steps = []
        prefix = comment = b""
        for _ in range(draw(st.integers(1, 2))):
            step, members, more_prefix, more_comment = draw(zip_corruption(members or [Member(b"x", b"")]))
            steps.append(step)
            prefix, comment = prefix + more_prefix, comment + more_comment
        return Corrupted(sample.name, sample.suffix, build_zip(members, prefix, comment), tuple(steps))

    return build()


@lru_cache(maxsize=256)
def _members_cached(package: bytes) -> tuple[Member, ...]:
    return tuple(members_of(package))


def _members(package: bytes) -> list[Member]:
    return list(_members_cached(package))


# --------------------------------------------------------------------------- XML level

#: A start, end or empty-element tag (attribute values may hold ">").
_TAG = re.compile(rb"""<(/?)([A-Za-z_][-\w:.]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")


@lru_cache(maxsize=256)
def element_spans(xml: bytes) -> tuple[tuple[int, int, bytes], ...]:
    """(start, end, name) of every element of a well-formed part, in document order."""
    spans: list[tuple[int, int, bytes]] = []
    stack: list[tuple[bytes, int]] = []
    for tag in _TAG.finditer(xml):
        closing, name, _attrs, empty = tag.groups()
        if closing:
            while stack:
                open_name, start = stack.pop()
                if open_name == name:
                    spans.append((start, tag.end(), name))
                    break
        elif empty:
            spans.append((tag.start(), tag.end(), name))
        else:
            stack.append((name, tag.start()))
    return tuple(sorted(spans))


@lru_cache(maxsize=256)
def start_tags(xml: bytes, name: bytes | None = None) -> tuple[tuple[int, int], ...]:
    """(start, end) of every start or empty-element tag (named ``name``, when given)."""
    return tuple((tag.start(), tag.end()) for tag in _TAG.finditer(xml)
                 if not tag.group(1) and (name is None or tag.group(2) == name))


@lru_cache(maxsize=256)
def text_nodes(xml: bytes) -> tuple[tuple[int, int], ...]:
    """(start, end) of every run of character data between two tags (non-empty)."""
    ends = [tag.end() for tag in _TAG.finditer(xml)]
    starts = [tag.start() for tag in _TAG.finditer(xml)][1:]
    return tuple((a, b) for a, b in zip(ends, starts) if b > a)


#: Any text an XML part may be given (escaped or not), short.
_XML_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def _huge(draw: st.DrawFn) -> str:
    """A value of a thousand to two million characters."""
    unit = draw(st.sampled_from(["A", "项", "1", "一", " ", "&amp;", "_x0041_", "%", "0.1", "&#x4E00;", "用于"]))
    return unit * (draw(st.sampled_from([1_000, 65_536, 300_000, 2_000_000])) // len(unit))


#: Values a cell's <v> may hold that its type does not allow, or only just.
_ODD_VALUES = [
    "", " ", "abc", "项目", "-1", "0", "1", "2", "9", "10", "999999", "4294967296", "99999999999999999999",
    "1e308", "1E-400", "1e-300", "-1E-300", "0.004", "0.00001", "1E-10", "1E+15", "NaN", "Infinity", "-0", "1.5", " 3 ", "١٢", "１２", "#DIV/0!", "TRUE", "true", "2019-13-45",
    "2019-01-01T00:00:00", "0x1F", "1_000", "=SUM(A1)", "_x0000_", "\t", "1" * 40, "1." + "9" * 40,
]
_CELL_TYPES = ["s", "n", "b", "e", "d", "str", "inlineStr", "", "S", "x", "s "]
_ODD_REFS = ["", "A", "1", "A0", "A01", "XFD1048576", "XFE1", "AAAA1", "a1", "A1048577", "ZZZ9999999", "A-1",
             "A1:B2", "$A$1", "Ａ１", "A1 ", "A99999999"]
_ODD_SHEET_NAMES = ["", " ", "基本信息", "项目", "资金明细", "绩效指标", "数据声明", "基本信息 ", "项目'", "Sheet1",
                    "'", "!", "[1]", "A" * 31, "项" * 10_000, "emoji 🙂", "\u200b", "项目\t", "history", "历史"]
_ODD_TARGETS = ["", "/", "..", "../../../etc/passwd", "worksheets/missing.xml", "http://example.com/x.xml",
                "worksheets\\sheet1.xml", "/xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", "%2e%2e/x.xml",
                "WORKSHEETS/SHEET2.XML", "file:///etc/passwd", "worksheets/sheet%31.xml", "styles.xml",
                "sharedStrings.xml", "../word/document.xml", "document.xml", "/word/document.xml"]
_ENCODINGS_DECLARED = ["UTF-16", "GB2312", "ISO-8859-1", "US-ASCII", "bogus", "UTF-8", "utf8", "Big5", "windows-1252"]


def _set_attribute(tag: bytes, name: bytes, value: bytes) -> bytes:
    """A start tag with attribute ``name`` set to ``value`` (added, or its value replaced)."""
    pattern = re.compile(rb"(\s" + re.escape(name) + rb'\s*=\s*)("[^"]*"|\'[^\']*\')')
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + value, tag, count=1)
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end] + b" " + name + b"=" + value + tag[end:]


@st.composite
def xml_corruption(draw: st.DrawFn, part: bytes, xml: bytes) -> tuple[str, bytes]:
    """One change inside an XML part; the kinds that need a sheet, a workbook or rels only there."""
    kinds = ["drop", "duplicate", "huge-attribute", "deep-nesting", "invalid-utf8", "bom", "encoding", "text",
             "markup", "reference", "truncate", "namespace"]
    if part.startswith(b"xl/worksheets/") and start_tags(xml, b"c"):
        kinds += ["cell-type", "cell-type", "cell-reference", "row-number", "merge"]
    if part.endswith(b"workbook.xml") and start_tags(xml, b"sheet"):
        kinds += ["sheet-name", "sheet-name", "sheet-id"]
    if part.endswith(b".rels"):
        kinds += ["target", "target", "relationship-id"]
    if part.endswith(b"styles.xml"):
        kinds += ["number-format"]
    if part == b"word/document.xml" or part == b"word/styles.xml":
        kinds += ["word-value"]
    kind = draw(st.sampled_from(kinds))
    spans = element_spans(xml)
    tags = start_tags(xml)

    def pick_span() -> tuple[int, int, bytes]:
        return spans[draw(st.integers(0, len(spans) - 1))]

    def pick_tag(name: bytes | None = None) -> tuple[int, int]:
        found = start_tags(xml, name) if name is not None else tags
        return found[draw(st.integers(0, len(found) - 1))]

    if kind == "drop" and spans:
        start, end, name = pick_span()
        return f"xml:drop <{name.decode()}>", xml[:start] + xml[end:]
    if kind == "duplicate" and spans:
        start, end, name = pick_span()
        times = _bounded(draw(st.sampled_from([1, 2, 1000])), end - start, MAX_PART - len(xml))
        return f"xml:duplicate <{name.decode()}> ×{times}", xml[:end] + xml[start:end] * times + xml[end:]
    if kind == "huge-attribute" and tags:
        start, end = pick_tag()
        attribute = draw(st.sampled_from([b"r", b"t", b"s", b"name", b"Target", b"w:val", b"ref", b"x", b"xml:space"]))
        value = quoteattr(_huge(draw)).encode()
        return (f"xml:huge-attribute {attribute.decode()} ({len(value)})",
                xml[:start] + _set_attribute(xml[start:end], attribute, value) + xml[end:])
    if kind == "deep-nesting" and spans:
        start, end, name = pick_span()
        depth = draw(st.sampled_from([100, 120, 124, 125, 126, 127, 128, 129, 130, 200, 5_000, 100_000]))
        wrapper = draw(st.sampled_from([b"x", name, b"row", b"c", b"is", b"t", b"si", b"w:p", b"w:tbl", b"w:r"]))
        inner = draw(st.booleans())  # inside the element, or around it
        opened, closed = b"<" + wrapper + b">", b"</" + wrapper + b">"
        if inner and not xml[start:end].endswith(b"/>"):
            tag_end = xml.index(b">", start) + 1
            close_start = xml.rindex(b"<", start, end)
            new = xml[:tag_end] + opened * depth + xml[tag_end:close_start] + closed * depth + xml[close_start:]
        else:
            new = xml[:start] + opened * depth + xml[start:end] + closed * depth + xml[end:]
        return f"xml:deep-nesting {depth} <{wrapper.decode()}> {'in' if inner else 'around'} <{name.decode()}>", new
    if kind == "invalid-utf8":
        junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80",
                                     b"\xe4\xb8", b"\xfe\xff"]))
        nodes = text_nodes(xml)
        if nodes and draw(st.booleans()):
            start, end = nodes[draw(st.integers(0, len(nodes) - 1))]
            at = draw(st.integers(start, end))
        else:
            at = draw(st.integers(0, len(xml)))
        return f"xml:invalid-utf8 {junk!r} at {at}", xml[:at] + junk + xml[at:]
    if kind == "bom":
        how = draw(st.sampled_from(["utf8-bom", "utf16-bom-on-utf8", "utf16", "utf16-le-no-bom", "double-bom",
                                    "bom-after-declaration"]))
        if how == "utf8-bom":
            return "xml:bom utf-8", b"\xef\xbb\xbf" + xml
        if how == "utf16-bom-on-utf8":
            return "xml:bom utf-16 on utf-8", b"\xff\xfe" + xml
        if how == "double-bom":
            return "xml:bom twice", b"\xef\xbb\xbf\xef\xbb\xbf" + xml
        if how == "bom-after-declaration":
            at = max(xml.find(b"?>") + 2, 0) if xml.startswith(b"<?xml") else 0
            return "xml:bom after the declaration", xml[:at] + b"\xef\xbb\xbf" + xml[at:]
        text = xml.decode("utf-8", "replace")  # (the part may be damaged already)
        if how == "utf16":
            return "xml:bom re-encoded as UTF-16", text.encode("utf-16")
        return "xml:bom re-encoded as UTF-16LE without BOM", text.encode("utf-16-le")
    if kind == "encoding":
        encoding = draw(st.sampled_from(_ENCODINGS_DECLARED)).encode()
        declaration = b'<?xml version="1.0" encoding="' + encoding + b'"?>'
        declared_end = xml.find(b"?>") if xml.startswith(b"<?xml") else -1  # (may be cut off already)
        if declared_end >= 0:
            return f"xml:encoding {encoding.decode()}", declaration + xml[declared_end + 2:]
        return f"xml:encoding {encoding.decode()} declared", declaration + xml
    if kind == "text" and text_nodes(xml):
        start, end = text_nodes(xml)[draw(st.integers(0, len(text_nodes(xml)) - 1))]
        how = draw(st.sampled_from(["odd", "any", "huge"]))
        value = (draw(st.sampled_from(_ODD_VALUES)) if how == "odd" else draw(_XML_TEXT) if how == "any"
                 else _huge(draw))
        raw = draw(st.booleans())
        encoded = value.encode("utf-8") if raw else escape(value).encode("utf-8")
        return f"xml:text {'raw ' if raw else ''}{value[:20]!r} ({len(value)})", xml[:start] + encoded + xml[end:]
    if kind == "markup":
        fragment = draw(st.sampled_from([
            b"<!-- comment -->", b"<![CDATA[<c r='A1'><v>1</v></c>]]>", b"<?pi data?>", b"<!DOCTYPE x>",
            b'<!DOCTYPE x [<!ENTITY e "e">]>', b"</row>", b"<row>", b"<c>", b"</c>", b"<v>1</v>", b"</sheetData>",
            b"<sheetData>", b"</sst>", b"<si>", b"]]>", b"<", b">", b"&", b"&e;", b"&#0;", b"<x:c r='A1'/>",
            b'<row r="1">', b"<w:p>", b"</w:p>", b"<w:t>", b"</w:body>",
        ]))
        points = [0, len(xml)] + [end for _, end in tags]
        at = points[draw(st.integers(0, len(points) - 1))]
        return f"xml:markup {fragment[:30]!r} at {at}", xml[:at] + fragment + xml[at:]
    if kind == "reference" and text_nodes(xml):
        start, end = text_nodes(xml)[draw(st.integers(0, len(text_nodes(xml)) - 1))]
        reference = draw(st.sampled_from([b"&#0;", b"&#1;", b"&#xD800;", b"&#x10FFFF;", b"&#x110000;", b"&#65535;",
                                          b"&#9;", b"&#13;", b"&#x20;", b"&lt;", b"&unknown;", b"&#99999999999;",
                                          b"&#x;", b"&amp", b"_x0000_", b"_xD800_", b"_x000D_"]))
        at = draw(st.integers(start, end))
        return f"xml:reference {reference!r}", xml[:at] + reference + xml[at:]
    if kind == "truncate":
        at = draw(st.integers(0, max(len(xml) - 1, 0)))
        return f"xml:truncate at {at}", xml[:at]
    if kind == "namespace":
        how = draw(st.sampled_from(["drop", "other", "prefix"]))
        if how == "drop":
            return "xml:namespace dropped", re.sub(rb'\sxmlns(:\w+)?="[^"]*"', b"", xml, count=1)
        if how == "other":
            return "xml:namespace other", re.sub(rb'(\sxmlns(?::\w+)?=")[^"]*"', rb'\1urn:other"', xml, count=1)
        return "xml:namespace unbound prefix", re.sub(rb"<(/?)([A-Za-z]\w*[ />])", rb"<\1q:\2", xml, count=2)
    if kind == "cell-type":
        start, end = pick_tag(b"c")
        close = -1 if xml[start:end].endswith(b"/>") else xml.find(b"</c>", end)
        cell_end = end if close < 0 else close + 4
        cell_type = draw(st.sampled_from(_CELL_TYPES))
        value = draw(st.one_of(st.sampled_from(_ODD_VALUES), _XML_TEXT))
        body = draw(st.sampled_from(["v", "is", "f", "none", "v+f", "empty-v"]))
        content = {
            "v": b"<v>" + escape(value).encode() + b"</v>",
            "is": b"<is><t>" + escape(value).encode() + b"</t></is>",
            "f": b"<f>" + escape(value).encode() + b"</f>",
            "none": b"",
            "v+f": b"<f>A1</f><v>" + escape(value).encode() + b"</v>",
            "empty-v": b"<v/>",
        }[body]
        tag = xml[start:end].removesuffix(b"/>").removesuffix(b">")
        tag = re.sub(rb'\st="[^"]*"', b"", tag)
        new_cell = tag + (b' t="' + cell_type.encode() + b'"' if cell_type else b"") + b">" + content + b"</c>"
        return f"xml:cell-type t={cell_type!r} {body} {value[:20]!r}", xml[:start] + new_cell + xml[cell_end:]
    if kind == "cell-reference":
        start, end = pick_tag(b"c")
        ref = draw(st.one_of(st.sampled_from(_ODD_REFS), st.text(max_size=8)))
        tag = xml[start:end]
        new = (re.sub(rb'\sr="[^"]*"', b"", tag, count=1) if draw(st.booleans()) and ref == ""
               else _set_attribute(tag, b"r", quoteattr(ref).encode()))
        return f"xml:cell-reference {ref!r}", xml[:start] + new + xml[end:]
    if kind == "row-number":
        rows = start_tags(xml, b"row")
        if rows:
            start, end = rows[draw(st.integers(0, len(rows) - 1))]
            number = draw(st.sampled_from(["", "0", "-1", "1", "2", "1048577", "99999999", "abc", "1.5", " 3"]))
            return (f"xml:row-number {number!r}",
                    xml[:start] + _set_attribute(xml[start:end], b"r", quoteattr(number).encode()) + xml[end:])
    if kind == "merge":
        ref = draw(st.sampled_from(["A1:B2", "A1:XFD1048576", "B2:A1", "A1:A1", "A0:B2", "ZZZ1:ZZZ2", "A1", "",
                                    "A1:B2:C3", "a1:b2", "A1048576:A1"]))
        merges = b"<mergeCells><mergeCell ref=" + quoteattr(ref).encode() + b"/></mergeCells>"
        count = draw(st.sampled_from([1, 20_000]))
        at = xml.find(b"</sheetData>")
        if at >= 0:
            at += len(b"</sheetData>")
            return f"xml:merge {ref!r} ×{count}", xml[:at] + (merges if count == 1 else b"<mergeCells>" + (
                b"<mergeCell ref=" + quoteattr(ref).encode() + b"/>") * count + b"</mergeCells>") + xml[at:]
    if kind == "sheet-name":
        how = draw(st.sampled_from(["one", "swap", "all-same"]))
        sheets = start_tags(xml, b"sheet")
        if how == "swap" and len(sheets) >= 2:
            names = [re.search(rb'\sname="([^"]*)"', xml[a:b]) for a, b in sheets]
            order = draw(st.permutations(range(len(sheets))))
            out = bytearray()
            last = 0
            for (a, b), j in zip(sheets, order):
                replacement = names[j].group(1) if names[j] else b""
                out += xml[last:a] + _set_attribute(xml[a:b], b"name", b'"' + replacement + b'"')
                last = b
            return "xml:sheet-name swapped", bytes(out + xml[last:])
        name = draw(st.one_of(st.sampled_from(_ODD_SHEET_NAMES), st.text(st.characters(exclude_categories=("Cs",)),
                                                                           max_size=40)))
        value = quoteattr(name).encode()
        targets = sheets if how == "all-same" else [sheets[draw(st.integers(0, len(sheets) - 1))]]
        out = bytearray()
        last = 0
        for a, b in targets:
            out += xml[last:a] + _set_attribute(xml[a:b], b"name", value)
            last = b
        return f"xml:sheet-name {how} {name[:20]!r} ({len(name)})", bytes(out + xml[last:])
    if kind == "sheet-id":
        start, end = pick_tag(b"sheet")
        attribute = draw(st.sampled_from([b"r:id", b"sheetId", b"state"]))
        value = draw(st.sampled_from(["", "rId1", "rId99", "rId2", "hidden", "veryHidden", "0", "-1"]))
        return (f"xml:sheet-id {attribute.decode()}={value!r}",
                xml[:start] + _set_attribute(xml[start:end], attribute, quoteattr(value).encode()) + xml[end:])
    if kind == "target":
        rels = start_tags(xml, b"Relationship")
        if rels:
            start, end = rels[draw(st.integers(0, len(rels) - 1))]
            target = draw(st.one_of(st.sampled_from(_ODD_TARGETS), st.text(max_size=30)))
            tag = _set_attribute(xml[start:end], b"Target", quoteattr(target).encode())
            if draw(st.booleans()):
                tag = _set_attribute(tag, b"TargetMode", b'"External"')
            return f"xml:target {target[:30]!r}", xml[:start] + tag + xml[end:]
    if kind == "relationship-id":
        rels = start_tags(xml, b"Relationship")
        if rels:
            start, end = rels[draw(st.integers(0, len(rels) - 1))]
            attribute = draw(st.sampled_from([b"Id", b"Type"]))
            value = draw(st.sampled_from(["rId1", "rId2", "", "x", "http://schemas.openxmlformats.org/officeDocument/"
                                          "2006/relationships/sharedStrings", "http://schemas.openxmlformats.org/"
                                          "officeDocument/2006/relationships/styles", "rId2 "]))
            return (f"xml:relationship-id {attribute.decode()}={value[-20:]!r}",
                    xml[:start] + _set_attribute(xml[start:end], attribute, quoteattr(value).encode()) + xml[end:])
    if kind == "number-format":
        found = start_tags(xml, b"numFmt") + start_tags(xml, b"xf")
        if found:
            start, end = found[draw(st.integers(0, len(found) - 1))]
            attribute = draw(st.sampled_from([b"formatCode", b"numFmtId"]))
            value = draw(st.one_of(st.sampled_from(["0%", "0.00%", "yyyy-mm-dd", "General", '"%"0', "[Red]0.00",
                                                    "0." + "0" * 400, "", "9", "10", "14", "164", "-1",
                                                    "99999999999", "abc", "\\%", "0.0_);(0.0)", '"年"', "@", "*0"]),
                                   st.text(max_size=20)))
            return (f"xml:number-format {attribute.decode()}={value[:20]!r}",
                    xml[:start] + _set_attribute(xml[start:end], attribute, quoteattr(value).encode()) + xml[end:])
    if kind == "word-value":
        found = [t for t in tags if re.match(rb"<w:(pStyle|outlineLvl|vanish|style|basedOn|name)\b", xml[t[0]:t[1]])]
        if found:
            start, end = found[draw(st.integers(0, len(found) - 1))]
            attribute = draw(st.sampled_from([b"w:val", b"w:styleId", b"val"]))
            value = draw(st.sampled_from(["", "0", "8", "9", "-1", "99999999999", "Heading1", "1", "标题 1", "Title",
                                          "false", "off", "true", "x" * 10_000, "Heading" + "1" * 30]))
            return (f"xml:word-value {attribute.decode()}={value[:20]!r}",
                    xml[:start] + _set_attribute(xml[start:end], attribute, quoteattr(value).encode()) + xml[end:])
    # nothing of that kind in this part: cut it instead
    at = draw(st.integers(0, max(len(xml) - 1, 0)))
    return f"xml:truncate at {at} (no {kind})", xml[:at]


def _xml_parts(members: list[Member]) -> list[int]:
    return [i for i, member in enumerate(members) if member.name.endswith((b".xml", b".rels"))]


def xml_corrupted(sample: Sample, parts: Callable[[bytes], bool] | None = None) -> st.SearchStrategy[Corrupted]:
    """The package with one or two XML parts changed inside (parts chosen by ``parts``, when given)."""

    @st.composite
    def build(draw: st.DrawFn) -> Corrupted:
        members = _members(sample.data)
        candidates = [i for i in _xml_parts(members) if parts is None or parts(members[i].name)]
        steps = []
        for _ in range(draw(st.integers(1, 2))):
            index = draw(st.sampled_from(candidates))
            member = members[index]
            step, data = draw(xml_corruption(member.name, member.data))
            members[index] = replace(member, data=data)
            steps.append(f"{step} in {member.name.decode()}")
        return Corrupted(sample.name, sample.suffix, build_zip(members), tuple(steps))

    return build()


def _interesting_part(name: bytes) -> bool:
    """The parts a reader interprets (the theme and docProps are read by nobody)."""
    return not name.startswith((b"docProps/", b"xl/theme/"))


# --------------------------------------------------------------------------- text level

#: (encoding, error handler): what a text may be saved as, whether it can hold Chinese or not.
_TEXT_ENCODINGS = [
    ("utf-8", "strict"), ("utf-8-sig", "strict"), ("gb18030", "strict"), ("gbk", "replace"), ("gb2312", "replace"),
    ("utf-16", "strict"), ("utf-16-le", "strict"), ("utf-16-be", "strict"), ("utf-32", "strict"),
    ("big5", "replace"), ("shift_jis", "replace"), ("euc-kr", "replace"), ("latin-1", "replace"),
    ("cp1252", "ignore"), ("ascii", "backslashreplace"), ("hz", "replace"), ("iso2022_jp", "replace"),
]
_LINE_ENDS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\n\n", "\r\r\n"]
_ODD_CHARACTERS = ["\x00", "\ufeff", "\u200b", "\u202e", "\x1b", "\x7f", "\ufffd", "\U0001f600", "\ue000", "\t",
                   "１", "〇", "万", "元", "%", "％", "．", "·", "|", "#", "-", "*", "用于", "占比", "其中："]
_ODD_NUMBERS = ["0", "0.00", "-5", "1E300", "1e-300", "0.000000001", "0.004", "99999999999999999999999999999",
                "1,000,000,000,000,000", "NaN", "Infinity", "1.", ".5", "1..2", "1,0,0", "二〇一九", "零", "〇点五",
                "十亿亿亿", "一千零五十", "两", "三点", "点五", "1/3", "½", "١٢٣", "1\u00a0000"]
#: What a huge line is made of: the words and numbers the extraction patterns look for.
_HUGE_LINE_UNITS = ["一", "1", "。", "用于", "1万元、", "占比70%以上，", "其中：", "| 1 ", "#", " ", "（", "送温暖资金用于",
                    "预算1万元，支出1万元，", "甲。", "?", "一万", "共99人，其中73人，", "数量指标：a，目标值1人，"]


@st.composite
def text_corruption(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """One change to a report's text (before it is encoded)."""
    kind = draw(st.sampled_from(["nul", "huge-line", "line-ends", "characters", "join-lines", "repeat-lines",
                                 "drop-lines", "truncate", "number"]))
    lines = text.split("\n")
    if kind == "number":
        number = draw(st.one_of(
            st.sampled_from(_ODD_NUMBERS),
            st.tuples(st.sampled_from(["1", "9", "一", "九", "1,000", "十", "一万", "〇"]),
                      st.sampled_from([16, 29, 40, 4301, 20_000])).map(lambda pair: pair[0] * pair[1]),
        ))
        unit = draw(st.sampled_from(["万元", "元", "亿元", "人", "个", "%", "分", "项", ""]))
        template = draw(st.sampled_from(["{}", "其中：甲项目{}、乙项目5万元。", "共{}，其中73人，占比70%以上。",
                                         "送温暖资金用于慰问{}；", "年初预算{}，全年支出{}，结余{}。", "自评得分{}，"]))
        inserted = template.replace("{}", number + unit)
        at = draw(st.integers(0, len(text)))
        return f"text:number {inserted[:40]!r} ({len(inserted)})", text[:at] + inserted + text[at:]
    if kind == "nul":
        count = draw(st.sampled_from([1, 2, 100, len(text) // 5]))
        positions = sorted(draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=8)))
        out, last = [], 0
        for pos in positions:
            out.append(text[last:pos])
            out.append("\x00" * max(1, count // len(positions)))
            last = pos
        out.append(text[last:])
        return f"text:nul ×{count}", "".join(out)
    if kind == "huge-line":
        unit = draw(st.sampled_from(_HUGE_LINE_UNITS))
        length = max(len(unit), min(draw(st.sampled_from([10_000, 100_000, 500_000, 1_000_000, 2_100_000])),
                                    MAX_TEXT - len(text)))
        at = draw(st.integers(0, len(lines)))
        return (f"text:huge-line {unit!r} ×{length // len(unit)}",
                "\n".join(lines[:at] + [unit * (length // len(unit))] + lines[at:]))
    if kind == "line-ends":
        ends = draw(st.lists(st.sampled_from(_LINE_ENDS), min_size=1, max_size=4))
        joined = lines[0]
        for i, line in enumerate(lines[1:]):
            joined += ends[i % len(ends)] + line
        return f"text:line-ends {ends!r}", joined
    if kind == "characters":
        inserts = draw(st.lists(st.tuples(st.integers(0, len(text)), st.one_of(
            st.sampled_from(_ODD_CHARACTERS), st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8))),
            min_size=1, max_size=10))
        out = text
        for pos, chars in sorted(inserts, reverse=True):
            out = out[:pos] + chars + out[pos:]
        return f"text:characters {len(inserts)}", out
    if kind == "join-lines":
        return "text:join-lines", draw(st.sampled_from(["", " ", "\t"])).join(lines)
    if kind == "repeat-lines":
        start = draw(st.integers(0, max(len(lines) - 1, 0)))
        stop = draw(st.integers(start, len(lines)))
        times = _bounded(draw(st.sampled_from([2, 10, 1_000, 20_000])), len("\n".join(lines[start:stop])) + 1,
                         MAX_TEXT - len(text))
        return f"text:repeat-lines {start}:{stop} ×{times}", "\n".join(lines[:stop] + lines[start:stop] * times + lines[stop:])
    if kind == "drop-lines":
        start = draw(st.integers(0, max(len(lines) - 1, 0)))
        stop = draw(st.integers(start, len(lines)))
        step = draw(st.sampled_from([1, 2, 3]))  # every line of the range, or every second or third
        dropped = set(range(start, stop, step))
        return (f"text:drop-lines {start}:{stop}:{step}",
                "\n".join(line for i, line in enumerate(lines) if i not in dropped))
    at = draw(st.integers(0, len(text)))
    return f"text:truncate at {at}", text[:at]


def text_corrupted(sample: Sample) -> st.SearchStrategy[Corrupted]:
    """The report's text changed, saved in some encoding, then perhaps damaged as bytes."""

    @st.composite
    def build(draw: st.DrawFn) -> Corrupted:
        text = text_of(sample)
        steps = []
        for _ in range(draw(st.integers(0, 2))):
            step, text = draw(text_corruption(text))
            steps.append(step)
        encoding, errors = draw(st.sampled_from(_TEXT_ENCODINGS))
        steps.append(f"text:encoded {encoding} ({errors})")
        corrupted = Corrupted(sample.name, sample.suffix, text.encode(encoding, errors), tuple(steps))
        if draw(st.booleans()):
            step, data = draw(byte_corruption(corrupted.data))
            corrupted = corrupted.then(step, data)
        return corrupted

    return build()


# --------------------------------------------------------------------------- the inputs


def _per_sample(samples: tuple[Sample, ...], make: Callable[[Sample], st.SearchStrategy[Corrupted]]) -> st.SearchStrategy[Corrupted]:
    return st.one_of(*(make(sample) for sample in samples))


def package_corrupted(samples: tuple[Sample, ...]) -> st.SearchStrategy[Corrupted]:
    """A zip package (workbook or Word document) damaged at the byte, zip or XML level, or at two of them."""
    xml = _per_sample(samples, lambda sample: xml_corrupted(sample, _interesting_part))
    zip_level = _per_sample(samples, zip_corrupted)
    byte_level = _per_sample(samples, bytes_corrupted)

    @st.composite
    def layered(draw: st.DrawFn) -> Corrupted:
        """XML damage inside, then zip or byte damage outside."""
        corrupted = draw(xml)
        if draw(st.booleans()):
            step, members, prefix, comment = draw(zip_corruption(_members(corrupted.data)))
            return corrupted.then(step, build_zip(members, prefix, comment))
        step, data = draw(byte_corruption(corrupted.data))
        return corrupted.then(step, data)

    return st.one_of(xml, zip_level, byte_level, layered())


def workbook_inputs() -> st.SearchStrategy[Corrupted]:
    """Corrupted workbooks (.xlsx)."""
    return package_corrupted(workbook_samples())


def document_inputs() -> st.SearchStrategy[Corrupted]:
    """Corrupted Word reports (.docx)."""
    return package_corrupted(document_samples())


def text_inputs() -> st.SearchStrategy[Corrupted]:
    """Corrupted text reports (.txt, .md): changed text in any encoding, or damaged bytes."""
    return st.one_of(_per_sample(text_samples(), text_corrupted), _per_sample(text_samples(), bytes_corrupted))


_SUFFIXES = [".xlsx", ".xlsm", ".docx", ".txt", ".md", ".XLSX", ".csv", ""]


def renamed_inputs() -> st.SearchStrategy[Corrupted]:
    """A sample, whole or damaged, written with another file's ending."""

    @st.composite
    def build(draw: st.DrawFn) -> Corrupted:
        sample = draw(st.sampled_from(all_samples()))
        corrupted = Corrupted(sample.name, sample.suffix, sample.data)
        if draw(st.booleans()):
            step, data = draw(byte_corruption(sample.data))
            corrupted = corrupted.then(step, data)
        suffix = draw(st.sampled_from([s for s in _SUFFIXES if s != sample.suffix]))
        return replace(corrupted, suffix=suffix, steps=(f"renamed:{sample.suffix} → {suffix or 'no ending'}", *corrupted.steps))

    return build()


def corrupted_inputs() -> st.SearchStrategy[Corrupted]:
    """Every kind of corrupted input, for the campaign."""
    return st.one_of(workbook_inputs(), document_inputs(), text_inputs(), renamed_inputs())

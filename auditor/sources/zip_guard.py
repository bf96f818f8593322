"""Open a zip package (a workbook, a Word report) safely: every limit is checked before anything is inflated.

A workbook is a zip archive, and so is a .docx. A hostile (or broken) one can declare
members of gigabytes that compress to a few megabytes, lie about those sizes, be
encrypted, truncated, or not be a zip at all. :class:`WorkbookZip` refuses all of these with
:class:`~auditor.sources.refusal.Refused` and never raises anything else:

* the file size is checked with ``fstat`` before it is read;
* the end-of-central-directory record is peeked at to bound the number of members
  before :mod:`zipfile` builds its index;
* every member's *declared* size, the sum of the declared sizes and the declared
  compression ratio are checked from the central directory before anything is inflated;
* the declared sizes are not trusted either: a member is inflated by :mod:`zlib`
  with ``max_length`` set to its declared size (already checked against the limits)
  plus one byte, so inflation stops, and the workbook is refused, as soon as the
  actual output goes past what was declared. Memory is therefore bounded by the
  limits whatever the file says, and a lying declared size costs at most that many
  bytes of inflation. Bytes inflated while reading one workbook are also counted
  against ``Limits.max_total_bytes``;
* the output must match the declared size and CRC-32 exactly.

The file is opened read-only and read once into memory (it is at most
``Limits.max_file_bytes``); members are inflated straight from that buffer.
:func:`read_regular_file` is that read, for any reader that refuses what is not a regular
file of bounded size; :func:`open_package` is the rest, for a package already in memory
and any :class:`PackageKind` (:func:`open_workbook_zip` is both, for a workbook).
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass

from auditor.sources.files import MiB, human_size, read_regular_file
from auditor.sources.refusal import PackageRefused, Refused


@dataclass(frozen=True, slots=True)
class Limits:
    """Every bound the workbook readers enforce; lower them in tests."""

    #: Size of the .xlsx file itself.
    max_file_bytes: int = 50 * MiB
    #: Uncompressed size of any one member (declared and actual).
    max_member_bytes: int = 64 * MiB
    #: Uncompressed size of all members together (declared), and of all bytes actually
    #: inflated while reading one workbook.
    max_total_bytes: int = 256 * MiB
    #: Declared uncompressed/compressed ratio allowed for a member whose declared size is
    #: at least ``ratio_floor_bytes`` (deflate cannot exceed ~1032:1; even 100,000 rows
    #: of zeros written by openpyxl compress only ~16:1).
    max_ratio: int = 200
    ratio_floor_bytes: int = 1 * MiB
    #: Members in the archive (a real workbook has a few dozen).
    max_members: int = 10_000
    #: Worksheets listed in the workbook.
    max_sheets: int = 1_000
    #: Cells beyond these rows/columns are not stored (counted in ``Sheet.dropped_cells``).
    max_rows: int = 5_000
    max_cols: int = 100
    #: Stored cells in the whole workbook; more refuses the workbook ("too many cells").
    max_cells: int = 200_000
    #: Entries in the shared-string table.
    max_shared_strings: int = 1_000_000
    #: Nesting depth of any XML part (expat keeps every open element in memory; real
    #: parts nest fewer than 20 levels).
    max_xml_depth: int = 128


@dataclass(frozen=True, slots=True)
class PackageKind:
    """A kind of zip package: how refusals name its archive, and the part it cannot be without."""

    #: The archive as the subject of a refusal (「工作簿压缩包包含过多部件」).
    archive_zh: str
    archive_en: str
    #: The part without which the archive is refused with ``missing_zh``/``missing_en``;
    #: None when the reader looks for its parts itself.
    required_part: str | None = None
    missing_zh: str = ""
    missing_en: str = ""


WORKBOOK = PackageKind(
    archive_zh="工作簿压缩包",
    archive_en="The workbook archive",
    required_part="xl/workbook.xml",
    missing_zh="压缩包中没有 xl/workbook.xml：这不是 Excel 工作簿（可能是 .docx/.pptx/.ods 或其他 zip 文件）。",
    missing_en="The archive has no xl/workbook.xml: it is not an Excel workbook "
    "(perhaps .docx/.pptx/.ods or another zip file).",
)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EOCD_SIG = b"PK\x05\x06"
_EOCD64_LOCATOR_SIG = b"PK\x06\x07"
_EOCD64_SIG = b"PK\x06\x06"
_LOCAL_SIG = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # 30 bytes
_FLAG_ENCRYPTED = 0x1
_FLAG_STRONG_ENCRYPTION = 0x40


def _refuse(zh: str, en: str) -> PackageRefused:
    return PackageRefused(zh, en)


def _describe_non_zip(head: bytes, size: int) -> PackageRefused:
    """Say what a file that is not a zip archive looks like."""
    if size == 0:
        return _refuse("文件为空（0 字节），不是 .xlsx 工作簿。", "The file is empty (0 bytes); it is not an .xlsx workbook.")
    if head.startswith(_OLE_MAGIC) or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _refuse(
            "文件是 OLE 复合文档：旧版 Excel 97-2003 工作簿（.xls），或设置了打开密码的加密工作簿；"
            "请在 Excel/WPS 中去掉密码并另存为 .xlsx。",
            "The file is an OLE compound document: a legacy Excel 97-2003 workbook (.xls) or a "
            "password-protected (encrypted) workbook; remove the password and save it as .xlsx.",
        )
    if head.startswith(b"%PDF"):
        return _refuse("文件是 PDF 文档，不是 .xlsx 工作簿。", "The file is a PDF document, not an .xlsx workbook.")
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return _refuse("文件是其他格式的压缩包（RAR/7z/gzip），不是 .xlsx 工作簿。",
                       "The file is a RAR/7z/gzip archive, not an .xlsx workbook.")
    sample = head[:4096]
    text = None
    if b"\x00" not in sample.lstrip(b"\xff\xfe\xef\xbb\xbf"):
        for encoding in ("utf-8", "gb18030"):
            try:
                text = sample.decode(encoding)
                break
            except UnicodeDecodeError as exc:
                # A multi-byte character cut at the end of the sample is still text.
                if exc.start >= len(sample) - 4:
                    text = sample[: exc.start].decode(encoding, "replace")
                    break
    if text is not None:
        lowered = text.lstrip("\ufeff \t\r\n").lower()
        if lowered.startswith(("<html", "<!doctype html", "<table", "<?xml", "<workbook", "<meta")) or "<html" in lowered[:512]:
            return _refuse(
                "文件是 HTML/XML 文本（常见于系统导出的“假 .xls”），不是 .xlsx 工作簿；请在 Excel/WPS 中另存为 .xlsx。",
                "The file is HTML/XML text (often a system export named .xls), not an .xlsx workbook; "
                "open it in Excel/WPS and save it as .xlsx.",
            )
        return _refuse(
            "文件是纯文本（如 CSV），不是 .xlsx 工作簿；请在 Excel/WPS 中另存为 .xlsx。",
            "The file is plain text (e.g. CSV), not an .xlsx workbook; open it in Excel/WPS and save it as .xlsx.",
        )
    if head.startswith(b"PK"):
        return _refuse("文件是损坏或不完整的 zip 压缩包，无法作为 .xlsx 读取。",
                       "The file is a damaged or truncated zip archive and cannot be read as .xlsx.")
    return _refuse("文件不是 .xlsx 工作簿（不是 zip 压缩包，格式无法识别）。",
                   "The file is not an .xlsx workbook (not a zip archive; unrecognised format).")


def _peek_directory(data: bytes) -> tuple[int, int] | None:
    """(entries, central directory size) from the end record, or None when there is none."""
    tail_start = max(0, len(data) - (22 + 65535))
    pos = data.rfind(_EOCD_SIG, tail_start)
    if pos < 0 or pos + 22 > len(data):
        return None
    (_sig, _disk, _cd_disk, _n_disk, entries, cd_size, _cd_offset, _comment) = struct.unpack_from(
        "<4s4H2LH", data, pos
    )
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        loc = pos - 20
        if loc >= 0 and data[loc : loc + 4] == _EOCD64_LOCATOR_SIG:
            (offset,) = struct.unpack_from("<Q", data, loc + 8)
            if offset + 56 <= len(data) and data[offset : offset + 4] == _EOCD64_SIG:
                entries, cd_size = struct.unpack_from("<QQ", data, offset + 32)
    return entries, cd_size


def _check_size_limit(what_zh: str, what_en: str, size: int, limit: int) -> None:
    if size > limit:
        raise _too_large(what_zh, what_en, size, limit)


def _too_large(what_zh: str, what_en: str, size: int, limit: int) -> PackageRefused:
    return _refuse(
        f"{what_zh}（{human_size(size)}）超过上限 {human_size(limit)}，疑似压缩炸弹或异常文件，拒绝读取。",
        f"{what_en} ({human_size(size)}) exceeds the limit of {human_size(limit)}; "
        "refused as a possible zip bomb or malformed file.",
    )


class WorkbookZip:
    """The members of one workbook package, readable under :class:`Limits`.

    Use :func:`open_workbook_zip` (or :func:`open_package`); the archive is fully in
    memory, so there is nothing to close.
    """

    __slots__ = ("path", "limits", "_data", "_infos", "_inflated")

    def __init__(self, path: str | os.PathLike[str], data: bytes, infos: dict[str, _Member | zipfile.ZipInfo],
                 limits: Limits):
        self.path = os.fspath(path)
        self.limits = limits
        self._data = data
        self._infos = infos  # normalised (lower-case, forward-slash) name → info
        self._inflated = 0

    @staticmethod
    def normalise(name: str) -> str:
        """Part names are case-insensitive (OPC); some writers use backslashes."""
        return name.replace("\\", "/").lstrip("/").lower()

    def has(self, name: str) -> bool:
        return self.normalise(name) in self._infos

    def names(self) -> list[str]:
        return [info.filename for info in self._infos.values()]

    def read(self, name: str) -> bytes | bytearray | None:
        """The inflated bytes of a member, or None when the archive has no such member."""
        info = self._infos.get(self.normalise(name))
        if info is None:
            return None
        return self._inflate(info)

    def _inflate(self, info: _Member | zipfile.ZipInfo) -> bytes | bytearray:
        limits = self.limits
        data = self._data
        name = info.filename
        if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION):
            raise _encrypted()
        offset = info.header_offset
        if offset < 0 or offset + _LOCAL_HEADER.size > len(data):
            raise _corrupt(name, "local header outside the file")
        header = _LOCAL_HEADER.unpack_from(data, offset)
        if header[0] != _LOCAL_SIG:
            raise _corrupt(name, "bad local header signature")
        if header[3] & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION):
            raise _encrypted()
        start = offset + _LOCAL_HEADER.size + header[10] + header[11]
        end = start + info.compress_size
        if end > len(data):
            raise _corrupt(name, "member data runs past the end of the file")

        declared = info.file_size
        if self._inflated + declared > limits.max_total_bytes:
            _check_size_limit("解压后的总大小", "The total inflated size", self._inflated + declared,
                              limits.max_total_bytes)
        # Declared sizes were checked against the limits when the archive was opened, so
        # the declared size is the tightest bound; the output may never go past it.
        cap = min(declared, limits.max_member_bytes)
        method = info.compress_type
        raw = memoryview(data)[start:end]
        if method == zipfile.ZIP_STORED:
            out = bytes(raw) if len(raw) <= cap else None
        elif method == zipfile.ZIP_DEFLATED:
            try:
                out = _inflate_bounded(raw, cap)
            except zlib.error as exc:
                raise _corrupt(name, f"deflate error: {exc}") from None
            except EOFError:
                raise _corrupt(name, "deflate stream is truncated") from None
        else:
            raise _refuse(
                f"工作簿中的部件 {name} 使用了不支持的压缩方式（{method}），无法读取。",
                f"The workbook part {name} uses an unsupported compression method ({method}).",
            )
        if out is None:
            raise _refuse(
                f"工作簿中的部件 {name} 实际解压后超过其声明的大小 {human_size(declared)}"
                "（文件已损坏，或为谎报大小的压缩炸弹），已停止解压并拒绝读取。",
                f"The workbook part {name} actually inflates to more than its declared size of "
                f"{human_size(declared)} (a damaged file, or a zip bomb lying about its size); "
                "inflation was stopped and the file refused.",
            )
        if len(out) != declared:
            raise _corrupt(name, f"inflated to {len(out)} bytes, {declared} declared")
        if zlib.crc32(out) != info.CRC:
            raise _corrupt(name, "bad CRC-32")
        self._inflated += len(out)
        return out


class _Member:
    """What the reader needs of a central-directory entry (the fields of zipfile.ZipInfo it uses)."""

    __slots__ = ("filename", "flag_bits", "compress_type", "CRC", "compress_size", "file_size", "header_offset")

    def __repr__(self) -> str:
        return f"<member {self.filename!r} {self.compress_size}/{self.file_size} bytes>"


_CENTRAL = struct.Struct("<4s4B4HL2L5HLL")  # 46 bytes, as zipfile's structCentralDir
_CENTRAL_SIG = b"PK\x01\x02"
_MAX_EXTRACT_VERSION = 63  # zipfile.MAX_EXTRACT_VERSION
_UTF8_NAMES = 0x800


def _plain_directory(data: bytes) -> list[_Member] | None:
    """The central directory of a plain archive, as :mod:`zipfile` would read it, or None.

    "Plain": no archive comment, no Zip64 record, nothing before the first member, every
    entry whole, no size or offset set to 0xFFFFFFFF, no Zip64 or Unicode-path extra field
    (which zipfile reads, differently by version), names that decode and hold no NUL.
    Every other archive (None) goes through zipfile itself, which handles (or rejects) the
    rest; for a plain one this gives the same entries at a fraction of the cost.
    """
    end = len(data) - 22
    if end < 0 or data[end : end + 4] != _EOCD_SIG or data[-2:] != b"\0\0":
        return None
    if end >= 20 and data[end - 20 : end - 16] == _EOCD64_LOCATOR_SIG:
        return None
    cd_size, cd_offset = struct.unpack_from("<2L", data, end + 12)
    if cd_offset + cd_size != end:
        return None  # data before the archive ("concat"), or a directory that does not fit
    members: list[_Member] = []
    unpack = _CENTRAL.unpack_from
    pos = cd_offset
    while pos < end:
        if pos + 46 > end:
            return None
        (sig, _cv, _cs, extract_version, _r, flags, method, _t, _d, crc, csize, size,
         name_len, extra_len, comment_len, _disk, _iattr, _eattr, offset) = unpack(data, pos)
        after = pos + 46 + name_len + extra_len + comment_len
        if (sig != _CENTRAL_SIG or extract_version > _MAX_EXTRACT_VERSION or after > end
                or 0xFFFFFFFF in (csize, size, offset)):
            return None
        raw_name = data[pos + 46 : pos + 46 + name_len]
        try:
            name = raw_name.decode("utf-8" if flags & _UTF8_NAMES else "cp437")
        except UnicodeDecodeError:
            return None
        if "\0" in name or any(sep and sep != "/" and sep in name for sep in (os.sep, os.altsep)):
            return None
        extra = pos + 46 + name_len
        extra_end = extra + extra_len
        while extra_end - extra >= 4:  # of other records, zipfile only checks that they fit
            kind, length = struct.unpack_from("<2H", data, extra)
            if kind in (0x0001, 0x7075) or extra + 4 + length > extra_end:
                return None
            extra += 4 + length
        member = _Member()
        member.filename = name
        member.flag_bits = flags
        member.compress_type = method
        member.CRC = crc
        member.compress_size = csize
        member.file_size = size
        member.header_offset = offset
        members.append(member)
        pos = after
    return members


_CHUNK = 1 * MiB


def _inflate_bounded(raw: memoryview, cap: int) -> bytes | bytearray | None:
    """Inflate a raw deflate stream, or None as soon as it yields more than ``cap`` bytes.

    Small members are inflated in one call bounded by ``max_length``; larger ones in
    chunks of at most 1 MiB appended to one buffer, so the peak is the output itself
    (plus a chunk), never twice it. Raises EOFError when the stream is cut short.
    """
    inflater = zlib.decompressobj(-15)
    if cap < _CHUNK:
        out = inflater.decompress(raw, cap + 1)
        if len(out) > cap:
            return None
        if not inflater.eof:
            raise EOFError
        return out
    buffer = bytearray()
    pending: bytes | memoryview = raw
    while True:
        chunk = inflater.decompress(pending, min(_CHUNK, cap + 1 - len(buffer)))
        buffer += chunk
        if len(buffer) > cap:
            return None
        if inflater.eof:
            return buffer
        pending = inflater.unconsumed_tail
        if not chunk and not pending:
            raise EOFError


def _encrypted() -> PackageRefused:
    return _refuse("工作簿的 zip 部件已加密，无法读取；请去掉密码后另存为 .xlsx。",
                   "The workbook's zip members are encrypted; remove the password and save it as .xlsx.")


def _corrupt(name: str, detail: str) -> PackageRefused:
    return _refuse(f"工作簿已损坏：部件 {name} 无法解压（{detail}）。",
                   f"The workbook is damaged: part {name} cannot be inflated ({detail}).")


def open_workbook_zip(path: str | os.PathLike[str], limits: Limits = Limits()) -> WorkbookZip:
    """Open a workbook package read-only and check it against ``limits`` before inflating anything.

    Raises :class:`Refused` (and nothing else) when the file is not a usable
    workbook package.
    """
    try:
        return _open(path, limits)
    except Refused:
        raise
    except MemoryError:
        raise _refuse("读取工作簿时内存不足，拒绝读取。", "Out of memory while opening the workbook; refused.") from None


def _open(path: str | os.PathLike[str], limits: Limits) -> WorkbookZip:
    data = read_regular_file(path, limits.max_file_bytes, _refuse, _file_too_large)
    return open_package(path, data, limits, WORKBOOK)


def _file_too_large(size: int, limit: int) -> PackageRefused:
    return _too_large("文件大小", "The file size", size, limit)


def open_package(path: str | os.PathLike[str], data: bytes, limits: Limits = Limits(),
                 kind: PackageKind = WORKBOOK) -> WorkbookZip:
    """The package of ``kind`` whose file, at ``path``, holds ``data``, checked against ``limits``.

    Raises :class:`Refused` when ``data`` is not a zip archive, breaks a limit,
    is encrypted or has no ``kind.required_part``; the caller words other failures.
    """
    directory = _peek_directory(data) if data[:2] == b"PK" else None
    if directory is None:
        raise _describe_non_zip(data[:4096], len(data))
    entries, cd_size = directory
    if entries > limits.max_members or cd_size > limits.max_members * 1024:
        raise _too_many_members(kind, entries, limits.max_members)
    infos_list: list[_Member] | list[zipfile.ZipInfo] | None = _plain_directory(data)
    if infos_list is None:
        try:
            infos_list = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error, OSError,
                NotImplementedError):  # "zip file version 23.9": a scrambled central directory
            raise _describe_non_zip(data[:4096], len(data)) from None
    if len(infos_list) > limits.max_members:
        raise _too_many_members(kind, len(infos_list), limits.max_members)

    total = 0
    infos: dict[str, _Member | zipfile.ZipInfo] = {}
    for info in infos_list:
        declared = info.file_size
        if declared > limits.max_member_bytes:
            _check_size_limit(f"部件 {info.filename} 声明的解压大小", f"The declared size of part {info.filename}",
                              declared, limits.max_member_bytes)
        total += declared
        if declared >= limits.ratio_floor_bytes:
            ratio = declared / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _refuse(
                    f"部件 {info.filename} 声明的压缩比（{ratio:.0f}:1）异常，疑似压缩炸弹，拒绝读取。",
                    f"The declared compression ratio of part {info.filename} ({ratio:.0f}:1) is absurd; "
                    "refused as a possible zip bomb.",
                )
        infos.setdefault(WorkbookZip.normalise(info.filename), info)
    _check_size_limit("全部部件声明的解压总大小", "The declared total size of all parts", total, limits.max_total_bytes)

    if any(info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION) for info in infos_list):
        raise _encrypted()
    if kind.required_part is not None and WorkbookZip.normalise(kind.required_part) not in infos:
        raise _refuse(kind.missing_zh, kind.missing_en)
    return WorkbookZip(path, data, infos, limits)


def _too_many_members(kind: PackageKind, count: int, limit: int) -> PackageRefused:
    return _refuse(
        f"{kind.archive_zh}包含过多部件（{count} 个），超过上限 {limit}，拒绝读取。",
        f"{kind.archive_en} has too many members ({count}; limit {limit}); refused.",
    )

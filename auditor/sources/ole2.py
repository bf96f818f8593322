"""One stream out of an OLE2 compound file (.xls, .et, .doc, .wps), every chain and size bounded.

Excel 97-2003 workbooks, WPS .et files and Word 97 documents are OLE2 "compound files"
([MS-CFB]): a small file system of 512- or 4096-byte sectors whose streams are found
through a directory and chained through a sector allocation table (FAT), small streams
through a second, "mini" table. Every number in it — a stream's size, the next sector of
a chain, the count of FAT sectors — is the file's word, and a damaged or hostile file
can make a chain loop, point past the end of the file or declare a stream of gigabytes.

xlrd carries its own reader of this container, but it walks the mini-FAT chain of a
small stream without noticing a loop (``CompDoc._get_stream`` with ``seen_id=None``),
so a 4 KiB file can keep it appending empty slices until memory runs out. auditor
therefore opens the container itself and hands xlrd only the workbook stream; here:

* every chain is followed with a set of the sectors seen, so a loop refuses the file;
* a chain ends where its stream's size says, and a stream may not declare more bytes
  than the file holds or than ``Limits.max_member_bytes`` — a file that lies about a size
  is refused before anything is copied, and one that runs short is refused as truncated;
* the directory is walked without recursion and at most once per entry;
* every failure is a :class:`~auditor.sources.refusal.Refused`, worded for a reviewer.

Memory is the stream's bytes, at most the file's size, copied once.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from auditor.sources.files import human_size
from auditor.sources.refusal import Refused, clip

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HEADER = struct.Struct("<8s16sHHHHH6sLLLLLLLLL")  # the first 76 bytes of the header
_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_MAXREGSECT = 0xFFFFFFFA
_NOSTREAM = 0xFFFFFFFF
_DIRECTORY_ENTRY = 128
_STREAM, _STORAGE, _ROOT = 2, 1, 5


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """A stream or storage of the compound file, as its directory states it."""

    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class CompoundFile:
    """An OLE2 compound file in memory; :func:`open_compound_file` makes one."""

    def __init__(self, data: bytes, sector_size: int, fat: list[int], mini_cutoff: int,
                 entries: list[DirectoryEntry], top_level: dict[str, DirectoryEntry], mini_fat: list[int],
                 max_stream_bytes: int) -> None:
        self._data = data
        self._sector_size = sector_size
        self._fat = fat
        self._mini_cutoff = mini_cutoff
        self._entries = entries
        self._mini_fat = mini_fat
        self._mini_stream: bytes | None = None
        self._max_stream_bytes = max_stream_bytes
        #: The streams and storages directly under the root, by lower-case name.
        self.top_level = top_level

    def stream(self, name: str) -> DirectoryEntry | None:
        """The top-level stream called ``name`` (case-insensitive), if there is one."""
        entry = self.top_level.get(name.lower())
        return entry if entry is not None and entry.kind == _STREAM else None

    def read(self, entry: DirectoryEntry) -> bytes:
        """The bytes of a stream, exactly ``entry.size`` of them; refuses a chain that loops,
        runs short or strays outside the file."""
        if entry.size > self._max_stream_bytes:
            raise _damaged_size(entry.name, entry.size, f"超过上限 {human_size(self._max_stream_bytes)}",
                                f"more than the limit of {human_size(self._max_stream_bytes)}")
        if entry.size < self._mini_cutoff:
            if self._mini_stream is None:
                root = self._entries[0]
                self._mini_stream = self._chain(self._data, self._sector_size, self._fat, root.start, root.size,
                                                "Root Entry", header=self._sector_size)
            return self._chain(self._mini_stream, 64, self._mini_fat, entry.start, entry.size, entry.name, header=0)
        return self._chain(self._data, self._sector_size, self._fat, entry.start, entry.size, entry.name,
                           header=self._sector_size)

    @staticmethod
    def _chain(data: bytes, sector_size: int, table: list[int], start: int, size: int, name: str, header: int) -> bytes:
        """``size`` bytes from the chain of ``table`` that starts at ``start`` in ``data``
        (sector n at ``header + n * sector_size``)."""
        if size > len(data):
            raise _damaged_size(name, size, f"大于文件中可用的 {human_size(len(data))}",
                                f"more than the {human_size(len(data))} the file holds")
        pieces: list[bytes] = []
        seen: set[int] = set()
        remaining = size
        sector = start
        while remaining > 0:
            if sector >= len(table) or sector in seen:
                why_zh, why_en = ("扇区链循环", "its sector chain loops") if sector in seen else (
                    ("扇区链提前结束", "its sector chain ends early") if sector in (_ENDOFCHAIN, _FREESECT)
                    else ("扇区链指向文件之外（文件被截断或已损坏）", "its sector chain points outside the file (truncated or damaged)"))
                raise _damaged(f"数据流“{clip(name, 40)}”{why_zh}", f"the stream {clip(name, 40)!r}: {why_en}")
            seen.add(sector)
            offset = header + sector * sector_size
            piece = data[offset : offset + min(sector_size, remaining)]
            if len(piece) < min(sector_size, remaining):
                raise _damaged(f"数据流“{clip(name, 40)}”超出文件末尾（文件被截断）",
                               f"the stream {clip(name, 40)!r} runs past the end of the file (truncated)")
            pieces.append(piece)
            remaining -= len(piece)
            sector = table[sector]
        return b"".join(pieces)


def open_compound_file(data: bytes, max_stream_bytes: int, max_entries: int = 100_000) -> CompoundFile:
    """The compound file whose bytes are ``data``; refuses one whose header, allocation
    tables or directory are damaged."""
    if len(data) < 512 or not data.startswith(OLE2_MAGIC):
        raise _damaged("文件头不是 OLE2 复合文档", "its header is not that of an OLE2 compound file")
    (_magic, _clsid, _minor, major, byte_order, sector_shift, mini_shift, _reserved, n_directory_sectors,
     n_fat_sectors, first_directory, _transaction, mini_cutoff, first_mini_fat, n_mini_fat,
     first_difat, n_difat) = _HEADER.unpack_from(data)
    if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        raise _damaged("文件头的版本或扇区大小无效", "its header states an invalid version or sector size")
    sector_size = 1 << sector_shift
    n_sectors = (len(data) - sector_size + sector_size - 1) // sector_size  # a short last sector is allowed
    if n_sectors <= 0:
        raise _damaged("文件只有文件头，没有数据（文件被截断）", "it has a header and no data (truncated)")
    per_sector = sector_size // 4

    def sector_ids(sector: int) -> tuple[int, ...]:
        offset = sector_size + sector * sector_size
        chunk = data[offset : offset + sector_size]
        if len(chunk) < sector_size:
            raise _damaged("分配表扇区超出文件末尾（文件被截断）", "an allocation-table sector runs past the end of the file (truncated)")
        return struct.unpack(f"<{per_sector}L", chunk)

    # The DIFAT: where the FAT's own sectors are — 109 in the header, the rest in a chain.
    difat = [sid for sid in struct.unpack_from("<109L", data, 76)]
    seen: set[int] = set()
    sector = first_difat
    for _ in range(min(n_difat, n_sectors)):
        if sector > _MAXREGSECT:
            break
        if sector >= n_sectors or sector in seen:
            raise _damaged("扇区分配表（DIFAT）的链无效", "the chain of its sector allocation table (DIFAT) is invalid")
        seen.add(sector)
        ids = sector_ids(sector)
        difat.extend(ids[:-1])
        sector = ids[-1]
    fat_sectors = [sid for sid in difat if sid <= _MAXREGSECT]
    if not fat_sectors or len(fat_sectors) > n_sectors or len(set(fat_sectors)) != len(fat_sectors):
        raise _damaged("扇区分配表（FAT）无效", "its sector allocation table (FAT) is invalid")
    fat: list[int] = []
    for sid in fat_sectors:
        if sid >= n_sectors:
            raise _damaged("扇区分配表（FAT）指向文件之外（文件被截断或已损坏）",
                           "its sector allocation table (FAT) points outside the file (truncated or damaged)")
        fat.extend(sector_ids(sid))
    del fat[n_sectors:]  # entries past the file's last sector cannot name a sector of it

    directory = CompoundFile._chain(data, sector_size, fat, first_directory, _chain_bytes(fat, first_directory, sector_size),
                                    "directory", header=sector_size)
    entries = [_entry(directory, i) for i in range(min(len(directory) // _DIRECTORY_ENTRY, max_entries))]
    if not entries or entries[0].kind != _ROOT:
        raise _damaged("目录中没有根条目", "its directory has no root entry")
    top_level = _children(directory, entries, 0)

    mini_fat: list[int] = []
    if n_mini_fat and first_mini_fat <= _MAXREGSECT:
        raw = CompoundFile._chain(data, sector_size, fat, first_mini_fat, min(n_mini_fat, n_sectors) * sector_size,
                                  "MiniFAT", header=sector_size)
        mini_fat = list(struct.unpack(f"<{len(raw) // 4}L", raw))
    return CompoundFile(data, sector_size, fat, mini_cutoff or 4096, entries, top_level, mini_fat, max_stream_bytes)


def _chain_bytes(fat: list[int], start: int, sector_size: int) -> int:
    """The length in bytes of the chain from ``start`` (for the directory, whose size is not
    stated), stopping at a loop or a bad link (which reading the chain then refuses)."""
    seen: set[int] = set()
    sector = start
    while sector < len(fat) and sector not in seen:
        seen.add(sector)
        sector = fat[sector]
    return max(1, len(seen)) * sector_size


def _entry(directory: bytes, index: int) -> DirectoryEntry:
    offset = index * _DIRECTORY_ENTRY
    name_length, kind = struct.unpack_from("<HB", directory, offset + 64)
    raw_name = directory[offset : offset + min(name_length, 64)]
    name = raw_name.decode("utf-16-le", "replace").rstrip("\x00")
    start, low, high = struct.unpack_from("<LLL", directory, offset + 116)
    # Version 3 files leave the high 32 bits of the size undefined; no real stream reaches 4 GiB.
    return DirectoryEntry(name, kind, start, low)


def _children(directory: bytes, entries: list[DirectoryEntry], parent: int) -> dict[str, DirectoryEntry]:
    """The entries under ``parent``, by lower-case name: its red-black tree, walked without recursion."""
    (child,) = struct.unpack_from("<L", directory, parent * _DIRECTORY_ENTRY + 76)
    found: dict[str, DirectoryEntry] = {}
    seen: set[int] = set()
    stack = [child]
    while stack:
        index = stack.pop()
        if index == _NOSTREAM or index >= len(entries) or index in seen:
            continue
        seen.add(index)
        left, right = struct.unpack_from("<LL", directory, index * _DIRECTORY_ENTRY + 68)
        entry = entries[index]
        if entry.kind in (_STREAM, _STORAGE):
            found.setdefault(entry.name.lower(), entry)
        stack.extend((left, right))
    return found


def file_too_large(size: int, limit: int) -> Refused:
    """The refusal of a file larger than the limit (for :func:`~auditor.sources.files.read_regular_file`)."""
    return Refused(
        f"文件大小 {human_size(size)} 超过上限 {human_size(limit)}，拒绝读取。",
        f"The file size of {human_size(size)} exceeds the limit of {human_size(limit)}; refused.",
    )


def _damaged(why_zh: str, why_en: str) -> Refused:
    return Refused(f"文件已损坏：{why_zh}。", f"The file is damaged: {why_en}.")


def _damaged_size(name: str, size: int, limit_zh: str, limit_en: str) -> Refused:
    return Refused(
        f"文件已损坏或谎报大小：数据流“{clip(name, 40)}”声明的大小 {human_size(size)}{limit_zh}，拒绝读取。",
        f"The file is damaged or lies about a size: the stream {clip(name, 40)!r} declares {human_size(size)}, "
        f"{limit_en}; refused.",
    )

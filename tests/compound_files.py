"""Building OLE2 compound files and BIFF8 record streams byte by byte, for the hostile-file tests.

A real .xls comes from LibreOffice (tests/fixtures/formats/); these builders make the
ones no program would write: chains that loop, sizes that lie, sheets that overlap.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTOR = 512
MINI = 64
CUTOFF = 4096
ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class CompoundFile:
    """A v3 compound file of root-level streams; ``to_bytes`` writes it, after any tampering
    with ``fat``, ``mini_fat`` or ``sizes``."""

    streams: dict[str, bytes]
    fat: list[int] = field(default_factory=list)
    mini_fat: list[int] = field(default_factory=list)
    #: Stream name → (first sector, size) as the directory will state them.
    entries: dict[str, tuple[int, int]] = field(default_factory=dict)
    sectors: list[bytes] = field(default_factory=list)
    fat_sectors: list[int] = field(default_factory=list)
    directory_start: int = 0
    mini_fat_start: int = ENDOFCHAIN
    mini_fat_count: int = 0
    mini_stream: tuple[int, int] = (ENDOFCHAIN, 0)

    def __post_init__(self) -> None:
        mini_data = b""
        for name, data in self.streams.items():
            if len(data) >= CUTOFF:
                self.entries[name] = (self._chain(data), len(data))
            else:
                first = len(mini_data) // MINI
                count = max(1, -(-len(data) // MINI))
                self.mini_fat.extend(list(range(first + 1, first + count)) + [ENDOFCHAIN])
                mini_data += data.ljust(count * MINI, b"\x00")
                self.entries[name] = (first if data else ENDOFCHAIN, len(data))
        if mini_data:
            self.mini_stream = (self._chain(mini_data), len(mini_data))
            # the mini FAT's sectors, filled by to_bytes (after any tampering)
            self.mini_fat_count = -(-len(self.mini_fat) * 4 // SECTOR)
            self.mini_fat_start = self._chain(bytes(self.mini_fat_count * SECTOR))
        directory = self._directory()
        self.directory_start = self._chain(directory)
        # the FAT's own sectors, enough to describe every sector including themselves
        count = 1
        while count * (SECTOR // 4) < len(self.sectors) + count:
            count += 1
        self.fat_sectors = list(range(len(self.sectors), len(self.sectors) + count))
        self.fat.extend([FATSECT] * count)
        self.sectors.extend([b""] * count)

    def _chain(self, data: bytes) -> int:
        first = len(self.sectors)
        count = max(1, -(-len(data) // SECTOR))
        for i in range(count):
            self.sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\x00"))
            self.fat.append(first + i + 1 if i < count - 1 else ENDOFCHAIN)
        return first

    def _directory(self) -> bytes:
        names = list(self.streams)
        entries = [_entry("Root Entry", 5, *self.mini_stream, child=1 if names else NOSTREAM)]
        for index, name in enumerate(names, 1):
            start, size = self.entries[name]
            entries.append(_entry(name, 2, start, size, right=index + 1 if index < len(names) else NOSTREAM))
        data = b"".join(entries)
        return data.ljust(-(-len(data) // SECTOR) * SECTOR, b"\x00")

    def set_size(self, name: str, size: int) -> None:
        """Make the directory state another size for stream ``name`` (a lie)."""
        index = list(self.streams).index(name) + 1
        offset = index * 128 + 120
        sector = self.directory_start + offset // SECTOR
        raw = bytearray(self.sectors[sector])
        struct.pack_into("<L", raw, offset % SECTOR, size)
        self.sectors[sector] = bytes(raw)

    def to_bytes(self, difat: list[int] | None = None) -> bytes:
        fat = self.fat + [FREESECT] * (len(self.fat_sectors) * (SECTOR // 4) - len(self.fat))
        fat_bytes = struct.pack(f"<{len(fat)}L", *fat)
        sectors = list(self.sectors)
        if self.mini_fat:
            table = struct.pack(f"<{len(self.mini_fat)}L", *self.mini_fat).ljust(self.mini_fat_count * SECTOR, b"\xff")
            for i in range(self.mini_fat_count):
                sectors[self.mini_fat_start + i] = table[i * SECTOR : (i + 1) * SECTOR]
        for i, sid in enumerate(self.fat_sectors):
            sectors[sid] = fat_bytes[i * SECTOR : (i + 1) * SECTOR]
        listed = self.fat_sectors if difat is None else difat
        header = struct.pack(
            "<8s16sHHHHH6sLLLLLLLLL", OLE2_MAGIC, bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0,
            len(self.fat_sectors), self.directory_start, 0, CUTOFF, self.mini_fat_start, self.mini_fat_count,
            ENDOFCHAIN, 0,
        ) + struct.pack("<109L", *(listed + [FREESECT] * (109 - len(listed))))
        return header + b"".join(sectors)


def _entry(name: str, kind: int, start: int, size: int, child: int = NOSTREAM, right: int = NOSTREAM) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB3L", len(encoded), kind, 1, NOSTREAM, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<LLL", start, size, 0)
    )


# --------------------------------------------------------------------------- BIFF8 records

BOF, EOF, BOUNDSHEET, FILEPASS, BLANK, NUMBER = 0x0809, 0x000A, 0x0085, 0x002F, 0x0201, 0x0203


def record(code: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", code, len(data)) + data


def bof(kind: int) -> bytes:
    """A BIFF8 BOF record: 0x0005 the workbook globals, 0x0010 a worksheet."""
    return record(BOF, struct.pack("<HHHHLL", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0))


def workbook_stream(sheets: list[bytes], offsets: list[int] | None = None, globals_extra: bytes = b"") -> bytes:
    """A workbook stream: globals naming each sheet, then each sheet's records between BOF and EOF.
    ``offsets`` replaces the positions the globals give for the sheets (to make them lie)."""

    def boundsheet(offset: int, name: str) -> bytes:
        return record(BOUNDSHEET, struct.pack("<LBB", offset, 0, 0) + bytes([len(name), 0]) + name.encode("latin-1"))

    names = [f"Sheet{i + 1}" for i in range(len(sheets))]
    globals_size = len(bof(0x0005)) + len(globals_extra) + sum(len(boundsheet(0, n)) for n in names) + len(record(EOF))
    bodies = [bof(0x0010) + body + record(EOF) for body in sheets]
    positions, at = [], globals_size
    for body in bodies:
        positions.append(at)
        at += len(body)
    positions = offsets if offsets is not None else positions
    head = bof(0x0005) + globals_extra + b"".join(boundsheet(p, n) for p, n in zip(positions, names)) + record(EOF)
    return head + b"".join(bodies)

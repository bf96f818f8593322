"""PDFs written byte by byte, for what no printer makes on purpose: scans, bombs, hostile structures.

A PDF is a list of numbered objects and a cross-reference table of their offsets; this
writes one from object bodies, so that a test can build exactly the file it needs (an
image and no text, a stream that inflates to gigabytes, 501 pages, a broken table) in a few
lines. ``scripts/make_pdf_fixtures.py`` uses it for the committed hostile fixtures.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
A4 = (595, 842)


def stream(entries: bytes, data: bytes) -> bytes:
    """A stream object's body: its dictionary ``entries`` (without << >>) and its bytes."""
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf(objects: Sequence[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF file whose object N (from 1) has body ``objects[N-1]`` and whose catalog is object ``root``."""
    out = bytearray(HEADER)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer, xref)
    return bytes(out)


def pages_pdf(contents: Sequence[bytes], resources: bytes = b"<< >>", extra: Sequence[bytes] = ()) -> bytes:
    """A PDF of A4 pages, one per content stream given, each with ``resources``; ``extra`` objects
    follow the pages (numbered from 3 + 2 × pages) for the resources to refer to."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (*A4, resources, 4 + 2 * i)
        )
        objects.append(stream(b"", content))
    return pdf([*objects, *extra])


def text_pdf(lines: Sequence[str]) -> bytes:
    """One A4 page with ASCII ``lines`` in Helvetica, 14 points apart from the top."""
    ops = [b"BT /F1 10 Tf 14 TL 72 770 Td"]
    for line in lines:
        ops.append(b"(%s) Tj T*" % line.encode("ascii").replace(b"(", b"\\(").replace(b")", b"\\)"))
    ops.append(b"ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return pages_pdf([b"\n".join(ops)], b"<< /Font << /F1 5 0 R >> >>", [font])


def scan_pdf(jpeg: bytes, pages: int = 1) -> bytes:
    """Pages that are each one picture (the JPEG given) and no text: a scan."""
    height, width, components = jpeg_size(jpeg)
    colours = {1: b"/DeviceGray", 3: b"/DeviceRGB", 4: b"/DeviceCMYK"}[components]
    image = stream(
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 "
        b"/Filter /DCTDecode" % (width, height, colours),
        jpeg,
    )
    draw = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % A4
    return pages_pdf([draw] * pages, b"<< /XObject << /Im1 %d 0 R >> >>" % (3 + 2 * pages), [image])


def jpeg_size(jpeg: bytes) -> tuple[int, int, int]:
    """A JPEG's height, width and number of colour components, from its start-of-frame marker."""
    at = 2
    while at + 4 <= len(jpeg):
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return (int.from_bytes(jpeg[at + 5:at + 7], "big"), int.from_bytes(jpeg[at + 7:at + 9], "big"), jpeg[at + 9])
        at += 2 + length
    raise ValueError("no JPEG start-of-frame marker")


def raw_image_scan_pdf() -> bytes:
    """A scan whose picture is a small grey bitmap (no JPEG needed)."""
    width, height = 64, 90
    pixels = zlib.compress(bytes((x * 4 + y) % 256 for y in range(height) for x in range(width)))
    image = stream(
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode" % (width, height),
        pixels,
    )
    return pages_pdf([b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % A4], b"<< /XObject << /Im1 5 0 R >> >>", [image])


def deflated(size: int, layers: int = 1, prefix: bytes = b"") -> bytes:
    """``prefix`` and ``size`` zero bytes, deflated ``layers`` times (two layers turn a gigabyte into a few KB)."""
    packer = zlib.compressobj(9)
    block = bytes(1 << 24)
    parts = [packer.compress(prefix)]
    for start in range(0, size, len(block)):
        parts.append(packer.compress(block[: min(len(block), size - start)]))
    parts.append(packer.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return data


def bomb_pdf(inflated: int, layers: int) -> bytes:
    """One page whose content stream is ``inflated`` zero bytes, deflated ``layers`` times."""
    filters = b"[" + b" ".join([b"/FlateDecode"] * layers) + b"]"
    content = stream(b"/Filter " + filters, deflated(inflated, layers))
    return pages_pdf([b""]).replace(stream(b"", b""), content)


def object_stream_bomb_pdf(inflated: int) -> bytes:
    """A PDF whose page tree lives in an object stream that inflates to ``inflated`` bytes.

    pdfminer inflates an object stream as soon as it looks up an object inside it, before
    any page is drawn: the guard must hold there too. The stream holds object 2 (the page
    tree) and then zeros, which a PDF parser reads as white space.
    """
    head = b"2 0 "
    packed = deflated(inflated, prefix=head + b"<< /Type /Pages /Kids [] /Count 0 >>")
    objstm = stream(b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(head), packed)
    out = bytearray(HEADER)
    offsets = [len(out)]
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    offsets.append(len(out))
    out += b"3 0 obj\n" + objstm + b"\nendobj\n"
    offsets.append(len(out))
    rows = [  # cross-reference stream rows, widths [1 4 2]: type, offset or object stream, generation or index
        bytes([0]) + bytes(4) + b"\xff\xff",
        bytes([1]) + offsets[0].to_bytes(4, "big") + bytes(2),
        bytes([2]) + (3).to_bytes(4, "big") + bytes(2),
        bytes([1]) + offsets[1].to_bytes(4, "big") + bytes(2),
        bytes([1]) + offsets[2].to_bytes(4, "big") + bytes(2),
    ]
    out += b"4 0 obj\n" + stream(b"/Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R", b"".join(rows)) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[2]
    return bytes(out)


def many_pages_pdf(count: int) -> bytes:
    """``count`` empty pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        stream(b"", b""),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return pdf(objects)


def many_objects_pdf(count: int) -> bytes:
    """A one-page PDF followed by ``count`` unused objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    return pdf(objects + [b"null"] * count)

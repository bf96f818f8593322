"""Time the .xlsx cell reader against python-calamine and openpyxl, and time refusing a zip bomb.

Run as ``python benchmarks/readers.py`` (``N`` in the environment changes the number of
reads, ``SKIP_BOMB=1`` skips the zip bomb, whose 2 GiB member takes a while to compress,
and the biggest hostile sheets the limits let through). Prints figures; asserts nothing.
The machine may be shared and noisy: compare with calamine measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from auditor.sources.xlsx import read_workbook_cells

N = int(os.environ.get("N", "300"))
MiB = 1024 * 1024
BOMB_BYTES = 2048 * MiB  # 2 GiB of zeros
SAMPLES = Path(__file__).resolve().parent.parent / "sample_submissions"


# --------------------------------------------------------------------------- the realistic workbook


def write_realistic_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    basic = wb.active
    basic.title = "基本信息"
    basic.append(["字段", "值"])
    for row in [
        ("部门名称", "贵州省总工会"),
        ("年度", 2019),
        ("报告日期", dt.date(2020, 5, 13)),
        ("金额单位", "万元"),
        ("财政拨款合计", 1114.36),
        ("项目个数", 3),
        ("结余声明", "无余额"),
        ("自评等级", "优秀"),
    ]:
        basic.append(list(row))
    basic["B4"].number_format = "yyyy-mm-dd"

    projects = wb.create_sheet("项目")
    projects.append(["项目名称", "预算数（万元）", "执行数（万元）", "结余", "自评得分", "自评等级"])
    projects.append(["劳模疗休养", 504.55, 504.55, 0, 98, "优秀"])
    projects.append(["职工技能培训", 309.81, "=B3", 0, 95.5, "优秀"])

    funds = wb.create_sheet("资金明细")
    funds.append(["项目名称", "用途", "金额（万元）"])
    purposes = ["交通费", "住宿费", "伙食费", "体检费", "保险费", "场地租赁", "资料印刷", "师资费", "劳务费", "差旅费", "设备购置"]
    for i, purpose in enumerate(purposes):
        funds.append(["劳模疗休养" if i < 6 else "职工技能培训", purpose, round(12.5 + i * 7.31, 2)])

    indicators = wb.create_sheet("绩效指标")
    indicators.append(["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"])
    levels = [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
        ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
    ]
    for i in range(29):
        level1, level2 = levels[i % len(levels)]
        indicators.append([
            "劳模疗休养" if i < 15 else "职工技能培训", level1, level2, f"劳模疗休养人数{i}",
            "≥99人", f"{95 + i % 5}人", 10, 9.5 if i % 3 else 10, "部分劳模因工作原因未能参加" if i % 4 == 0 else None,
        ])

    claims = wb.create_sheet("数据声明")
    claims.append(["项目名称", "声明内容", "分子", "分母", "声称比例", "比较"])
    claims.append(["劳模疗休养", "其中来自基层和一线的劳模有73人，占比70%以上", 73, 99, 0.7, "以上"])
    claims["E2"].number_format = "0%"
    wb.save(path)


def read_ours(path: Path) -> int:
    n = 0
    for sheet in read_workbook_cells(path).sheets:
        for row in sheet.rows():
            n += len(row)
    return n


def read_calamine(path: Path) -> int:
    n = 0
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            n += len(row)
    return n


def read_openpyxl(path: Path) -> int:
    n = 0
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return n


def time_reader(fn, path: Path, n: int) -> tuple[float, float]:
    """(median, best) milliseconds per file."""
    fn(path)  # warm up (imports, caches)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, min(times) * 1000


# --------------------------------------------------------------------------- the zip bomb

# Run in a fresh interpreter so that the peak RSS is the refusal's own. Linux carries
# ru_maxrss across fork+exec (the child would report the parent's peak), so the peak is
# read from VmHWM in /proc/self/status, with getrusage as the fallback elsewhere.
REFUSE_CHILD = r"""
import resource, sys, time

def peak_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from auditor.sources.refusal import Refused
from auditor.sources.xlsx import read_workbook_cells
base = peak_mb()
start = time.perf_counter()
try:
    wb = read_workbook_cells(sys.argv[1])
    outcome = f"READ: {sum(len(s.cells) for s in wb.sheets)} cells, {sum(s.dropped_cells for s in wb.sheets)} dropped"
except Refused as exc:
    outcome = exc.reason_en
elapsed = time.perf_counter() - start
print(f"{elapsed * 1000:.1f}\t{base:.0f}\t{peak_mb():.0f}\t{outcome}")
"""

WORKBOOK_XML = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS_XML = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def write_truthful_bomb(path: Path) -> None:
    """A workbook whose sheet is 2 GiB of zeros, streamed through zipfile (truthful sizes)."""
    chunk = bytes(MiB)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", WORKBOOK_XML)
        zf.writestr("xl/_rels/workbook.xml.rels", RELS_XML)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(BOMB_BYTES // MiB):
                fh.write(chunk)


def write_lying_bomb(truthful: Path, path: Path, declared: int) -> None:
    """The same deflate stream, in a zip written by hand that declares ``declared`` bytes."""
    with zipfile.ZipFile(truthful) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    with open(truthful, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
        name_len, extra_len = struct.unpack_from("<2H", header, 26)
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        payload = fh.read(info.compress_size)
    members = [
        ("xl/workbook.xml", WORKBOOK_XML.encode()),
        ("xl/_rels/workbook.xml.rels", RELS_XML.encode()),
    ]
    out = bytearray()
    central = bytearray()
    entries = []
    for name, data in members:
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        entries.append((name.encode(), co.compress(data) + co.flush(), zlib.crc32(data), len(data)))
    entries.append((b"xl/worksheets/sheet1.xml", payload, info.CRC, declared))
    for name, comp, crc, size in entries:
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(comp), size, len(name), 0) + name + comp
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(comp), size,
                               len(name), 0, 0, 0, 0, 0, offset) + name
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    path.write_bytes(bytes(out))


def write_big_sheet(path: Path, first_row: int, columns: int, cell) -> None:
    """A workbook whose one sheet is as big as Limits allows (64 MiB - 1), of rows of ``cell``
    with random values, so that it compresses far below the ratio limit."""
    body = bytearray(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    tail = b"</sheetData></worksheet>"
    row = first_row
    while True:
        chunk = (f'<row r="{row}">' + "".join(cell(row, col) for col in range(1, columns + 1)) + "</row>").encode()
        if len(body) + len(chunk) + len(tail) > 64 * MiB - 1:
            break
        body += chunk
        row += 1
    body += tail
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", WORKBOOK_XML)
        zf.writestr("xl/_rels/workbook.xml.rels", RELS_XML)
        zf.writestr("xl/worksheets/sheet1.xml", bytes(body))


def column(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def big_sheets(tmpdir: Path) -> list[tuple[str, Path]]:
    rnd = random.Random(7)
    cases = [
        ("too many cells (200,000 stored)", 1, 100, lambda r, c: f'<c r="{column(c)}{r}"><v>{rnd.randrange(10**9)}</v></c>'),
        ("every cell beyond the row cap", 5001, 10, lambda r, c: f'<c r="{column(c)}{r}"><v>{rnd.randrange(10**9)}</v></c>'),
        ("formatted empty cells only", 1, 30, lambda r, c: f'<c r="{column(c)}{r}" s="{rnd.randrange(10**4)}"/>'),
    ]
    out = []
    for label, first_row, columns, cell in cases:
        path = tmpdir / f"big-{len(out)}.xlsx"
        write_big_sheet(path, first_row, columns, cell)
        out.append((label, path))
    return out


def refuse_in_child(path: Path) -> tuple[float, float, float, str]:
    proc = subprocess.run([sys.executable, "-c", REFUSE_CHILD, str(path)], capture_output=True, text=True, check=True)
    ms, base, peak, outcome = proc.stdout.strip().split("\t", 3)
    return float(ms), float(base), float(peak), outcome


# --------------------------------------------------------------------------- main


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        tmpdir = Path(tmp)
        book = tmpdir / "realistic.xlsx"
        write_realistic_workbook(book)
        print(f"realistic workbook: {book.stat().st_size} bytes, 5 sheets, {read_ours(book)} grid cells; N={N}")
        results = {}
        for label, fn in [("auditor xlsx_cells", read_ours), ("python-calamine", read_calamine), ("openpyxl read-only", read_openpyxl)]:
            results[label] = time_reader(fn, book, N)
        base, base_best = results["python-calamine"]
        for label, (ms, best) in results.items():
            print(f"  {label:20s} {ms:8.3f} ms/file (median)  {ms / base:5.2f}x calamine   "
                  f"best {best:6.3f} ms  {best / base_best:5.2f}x")

        print(f"\nbundled samples ({SAMPLES.name}/), N={N}: ms per file, median / best")
        for sample in sorted(SAMPLES.glob("*.xlsx")):
            ms, best = time_reader(read_ours, sample, N)
            cal_ms, cal_best = time_reader(read_calamine, sample, N)
            print(f"  {sample.name:32s} auditor {ms:6.3f} / {best:6.3f}   calamine {cal_ms:6.3f} / {cal_best:6.3f}   "
                  f"best {best / cal_best:4.2f}x calamine")

        if os.environ.get("SKIP_BOMB"):
            return
        bomb = tmpdir / "bomb.xlsx"
        start = time.perf_counter()
        write_truthful_bomb(bomb)
        print(f"\nzip bomb: {bomb.stat().st_size / MiB:.1f} MiB file, sheet inflates to {BOMB_BYTES / MiB:.0f} MiB "
              f"(built in {time.perf_counter() - start:.0f} s)")
        cases = [("truthful declared size (2 GiB)", bomb)]
        for declared, label in [(MiB, "lying: declares 1 MiB"), (64 * MiB - 1, "lying: declares 64 MiB - 1 (worst)")]:
            liar = tmpdir / f"liar-{declared}.xlsx"
            write_lying_bomb(bomb, liar, declared)
            cases.append((label, liar))
        for label, path in cases:
            ms, base_rss, peak_rss, outcome = refuse_in_child(path)
            print(f"  {label:36s} refused in {ms:7.1f} ms, peak RSS {peak_rss:4.0f} MB "
                  f"(interpreter + imports {base_rss:.0f} MB)")
            print(f"    → {outcome}")

        print("\nthe biggest sheets the limits let through (64 MiB - 1 of random cells):")
        for label, path in big_sheets(tmpdir):
            ms, base_rss, peak_rss, outcome = refuse_in_child(path)
            print(f"  {label:36s} {ms / 1000:5.2f} s, peak RSS {peak_rss:4.0f} MB (file {path.stat().st_size / MiB:.1f} MiB)")
            print(f"    → {outcome}")


if __name__ == "__main__":
    main()

"""The batch benchmark: N generated submissions checked with one job and with all cores, against the bare-read floor.

Run as ``python benchmarks/batch.py`` (environment: ``N`` submissions, default 2000;
``BIG`` files for the memory run, default 20000, 0 to skip; ``DATA`` a folder to keep
the generated workbooks in between runs). Prints figures; asserts nothing.

The submissions come from the test suite's own hypothesis strategies (consistent ones
and ones with figures moved), written in random layout variants, plus a few hostile
files. The bare-read floor is python-calamine opening each file and reading every
cell: the least any reader must do.
"""

from __future__ import annotations

import io
import os
import platform
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from auditor.catalogue.rule_files import load_catalogue  # noqa: E402
from auditor.formats.json_report import JsonSink  # noqa: E402
from auditor.formats.screening_workbook import ScreeningWorkbook  # noqa: E402
from auditor.model import Submission  # noqa: E402
from auditor.run import pool as runner  # noqa: E402
from auditor.run.pipeline import StageTimes  # noqa: E402
from auditor.run.pool import Task, WorkerPool  # noqa: E402
from auditor.writers.workbook import WorkbookStyle, write_submission  # noqa: E402
from tests.strategies import consistent_submissions, disturbed_submissions  # noqa: E402

N = int(os.environ.get("N", "2000"))
BIG = int(os.environ.get("BIG", "20000"))
STYLES = [
    WorkbookStyle(),
    WorkbookStyle(title_rows=2),
    WorkbookStyle(english_names=True),
    WorkbookStyle(amounts_as_text="thousands", percent_cells=True),
    WorkbookStyle(shuffle_columns=7, header_units=True, extra_sheets=True),
]


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` workbooks from the tests' strategies (about one in three with moved figures)."""
    existing = sorted(folder.glob("gen-*.xlsx"))
    if len(existing) >= count:
        return existing[:count]
    chooser = random.Random(20261128)
    submissions: list[Submission] = []
    strategy = st.one_of(consistent_submissions(), consistent_submissions(), disturbed_submissions())

    # Hypothesis generates fastest inside @given; its shrinking and database are not needed here.
    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(submission: Submission) -> None:
        submissions.append(submission)

    collect()
    for n, submission in enumerate(submissions[:count]):
        write_submission(submission, folder / f"gen-{n:06d}.xlsx", chooser.choice(STYLES))
    return sorted(folder.glob("gen-*.xlsx"))[:count]


def hostile(folder: Path) -> list[Path]:
    """A zip bomb (declared 1 GiB), a corrupt file and a renamed CSV."""
    import zipfile

    bomb = folder / "hostile-zip-bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(chunk)
    corrupt = folder / "hostile-corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    csv = folder / "hostile-renamed.xlsx"
    csv.write_text("项目名称,预算数\n送温暖资金,1000\n", encoding="utf-8")
    return [bomb, corrupt, csv]


def bare_read_floor(paths: list[Path]) -> float:
    """Seconds for python-calamine to open every file and read every cell (unreadable ones skipped)."""
    started = time.perf_counter()
    for path in paths:
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # noqa: BLE001 - hostile files: the floor counts readable ones
            pass
    return time.perf_counter() - started


def reset_peak_rss() -> None:
    """Forget this process's peak RSS so far (Linux): a process started by fork + exec
    inherits the parent's peak in ru_maxrss, which would report the generator's memory."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_rss_mib() -> float:
    """Peak RSS since the last reset (VmHWM), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_batch(paths: list[Path], jobs: int) -> dict[str, float]:
    """Check every path as the CLI does (results to a JSON sink); times and peak memory."""
    catalogue = load_catalogue()
    times = StageTimes()
    sink = JsonSink(io.StringIO())
    output_seconds = 0.0
    tasks = [Task(i, p, str(p)) for i, p in enumerate(paths)]
    started = time.perf_counter()
    for outcome in WorkerPool(catalogue, jobs, timeout=30).run(tasks):
        times.add(outcome.times)
        mark = time.perf_counter()
        sink.add(outcome.result)
        output_seconds += time.perf_counter() - mark
        if sink.count % 1000 == 0:
            sink.out = io.StringIO()  # the report goes nowhere; only the writing is timed
    sink.close()
    elapsed = time.perf_counter() - started
    return {
        "elapsed": elapsed,
        "reading": times.reading,
        "rules": times.rules,
        "output": output_seconds,
        "parent_rss_mib": peak_rss_mib(),
        "worker_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _chaos_check(path: Path, *args: object, **kwargs: object) -> object:
    """check_file for the chaos run: files named *crash* kill their worker, *hang* never finish."""
    if "crash" in path.name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hang" in path.name:
        time.sleep(3600)
    return _real_check_file(path, *args, **kwargs)


_real_check_file = runner.check_file


def chaos_run(data: Path, paths: list[Path], jobs: int) -> None:
    """Every file accounted for, with a worker that crashes and one that hangs, into a screening workbook.

    auditor's reader cannot be made to crash or hang by a file, so the two are simulated
    by swapping check_file in the forked workers, as tests/test_batch.py does.
    """
    crash, hang = data / "hostile-crash.xlsx", data / "hostile-hang.xlsx"
    shutil.copy(paths[0], crash)
    shutil.copy(paths[0], hang)
    everything = sorted([*paths, crash, hang])
    runner.check_file = _chaos_check
    catalogue = load_catalogue()
    workbook = ScreeningWorkbook(data / "screening.xlsx", "zh", {r.code: r.title.text("zh") for r in catalogue.rules})
    statuses: Counter[str] = Counter()
    started = time.perf_counter()
    try:
        for outcome in WorkerPool(catalogue, jobs, timeout=5).run(Task(i, p, str(p)) for i, p in enumerate(everything)):
            statuses[outcome.result.status] += 1
            workbook.add(outcome.result)
    finally:
        runner.check_file = _real_check_file
        workbook.close()
    print(
        f"chaos run (a crashing and a hanging file, --timeout 5): {sum(statuses.values())} of {len(everything)} files "
        f"accounted for ({statuses['ok']} read, {statuses['error']} unreadable/failed) in "
        f"{time.perf_counter() - started:.0f} s; screening workbook: {data / 'screening.xlsx'}"
    )


def show(label: str, files: int, figures: dict[str, float], floor_ms: float | None = None) -> None:
    per_file = figures["elapsed"] / files * 1000
    line = (
        f"{label:22} {files / figures['elapsed']:8.1f} files/s {per_file:7.2f} ms/file | in workers: read "
        f"{figures['reading'] / files * 1000:.2f} ms, rules {figures['rules'] / files * 1000:.2f} ms; "
        f"output {figures['output'] / files * 1000:.3f} ms | peak RSS parent {figures['parent_rss_mib']:.0f} MiB, "
        f"largest worker {figures['worker_rss_mib']:.0f} MiB"
    )
    if floor_ms:
        line += f" | {per_file / floor_ms:.1f}x floor"
    print(line)


def main() -> None:
    data = Path(os.environ.get("DATA") or tempfile.mkdtemp(prefix="auditor-bench-"))
    data.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}; data in {data}")
    started = time.perf_counter()
    paths = generate(data, N) + hostile(data)
    print(f"generated {N} submissions + 3 hostile files in {time.perf_counter() - started:.0f} s")
    floor = bare_read_floor(paths)
    floor_ms = floor / len(paths) * 1000
    print(f"bare-read floor (python-calamine, every cell): {floor_ms:.2f} ms/file, {len(paths) / floor:.0f} files/s")
    one = run_batch(paths, 1)
    show("--jobs 1", len(paths), one, floor_ms)
    many = run_batch(paths, cores)
    show(f"--jobs {cores}", len(paths), many, floor_ms)
    print(f"speed-up with {cores} jobs: {one['elapsed'] / many['elapsed']:.2f}x")
    chaos_run(data, paths, cores)
    if BIG:
        # Memory is compared in fresh processes, so that neither run inherits the other's peak.
        big = data / "big"
        big.mkdir(exist_ok=True)
        for n in range(BIG):
            link = big / f"{n:06d}.xlsx"
            if not link.exists():
                os.link(paths[n % N], link)
        for count in (N, BIG):
            subprocess.run([sys.executable, __file__, "--memory-run", str(big), str(count), str(cores)], check=True)


def memory_run(folder: Path, count: int, jobs: int) -> None:
    """One batch in this (fresh) process: its throughput and peak memory."""
    reset_peak_rss()
    paths = sorted(folder.glob("*.xlsx"))[:count]
    show(f"{count} files, --jobs {jobs}", len(paths), run_batch(paths, jobs))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory-run"]:
        memory_run(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()

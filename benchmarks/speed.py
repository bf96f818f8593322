"""Issue 14's figures: auditor's cost per file against the calamine floor, by stage, with outputs, memory, jobs, readers.

Run as ``python benchmarks/speed.py`` after ``pip install -e '.[bench]'``. Environment:
``N`` generated workbooks (default 2000), ``BIG`` files for the memory run (default 20000,
0 to skip), ``REPEATS`` (default 3; medians are printed), ``ONLY`` a comma list of parts
(floor, stages, cli, outputs, memory, jobs, readers). Prints figures; asserts nothing.

The machine is shared and noisy (other engineers run tests on its two cores), so every
per-file cost is CPU time (``time.process_time`` in this process, ``RUSAGE_CHILDREN`` for
a command run as a subprocess), the median of repeated runs; only the ``--jobs`` speed-up
is wall time, as it must be. The corpus is the one of ``benchmarks/batch.py`` (the test
suite's hypothesis strategies, written in five layout variants), built once and kept in
``benchmarks/.cache/`` (ignored by git).
"""

from __future__ import annotations

import io
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from python_calamine import CalamineWorkbook  # noqa: E402

from auditor.catalogue.rule_files import load_catalogue  # noqa: E402
from auditor.engine.durable_adapter import DurableEngine  # noqa: E402
from auditor.facts import build_facts  # noqa: E402
from auditor.findings.render import build_findings  # noqa: E402
from auditor.readers import read_submission  # noqa: E402
from auditor.readers.spreadsheet import read_spreadsheet  # noqa: E402
from auditor.run.pipeline import check_file  # noqa: E402

try:
    from auditor.run.pipeline import file_result  # noqa: E402
except ImportError:  # a checkout from before issue 14 (only the command-line parts can be run there)
    file_result = None  # type: ignore[assignment]
from auditor.sources.xlsx import read_workbook_cells  # noqa: E402

N = int(os.environ.get("N", "2000"))
BIG = int(os.environ.get("BIG", "20000"))
REPEATS = int(os.environ.get("REPEATS", "3"))
PARTS = set(filter(None, os.environ.get("ONLY", "").split(","))) or {
    "floor", "stages", "cli", "outputs", "memory", "jobs", "readers",
}
CACHE = REPO / "benchmarks" / ".cache"
FIXTURES = REPO / "tests" / "fixtures"
SAMPLES = REPO / "sample_submissions"
#: The command line as a user runs it, from this checkout.
AUDITOR = [sys.executable, "-m", "auditor"]


def corpus(count: int) -> list[Path]:
    """The generated workbooks (built once by batch.py's generator, kept in the cache)."""
    from batch import generate

    folder = CACHE / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    return generate(folder, count)


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


# --------------------------------------------------------------------------- the floor


def calamine_floor(paths: Sequence[Path]) -> float:
    """CPU ms per file for python-calamine to open each workbook and read every cell."""
    started = time.process_time()
    for path in paths:
        read_every_cell(path)
    return (time.process_time() - started) / len(paths) * 1000


# --------------------------------------------------------------------------- stages, in this process


STAGES = ("cells", "model", "facts", "engine", "messages", "encoding")


def read_every_cell(path: Path) -> None:
    """What the floor does with one file: python-calamine opens it and reads every cell."""
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def stage_costs(paths: Sequence[Path]) -> dict[str, float]:
    """CPU ms per file of each stage of ``check_file``, run one after another as the pipeline does.

    cells: zip + XML → cells; model: cells → Submission; facts; engine: durable-rules;
    messages: findings and the FileResult;
    encoding: what a worker does to send the result to the parent; floor: calamine reading
    the same file just before, so that the ratio compares costs measured at the same moment
    (on a loaded machine CPU time itself stretches with the load).
    """
    from auditor.run.pipeline import StageTimes
    from auditor.run.pool import Outcome, Task

    try:
        from auditor.run.pool import encode_outcome
    except ImportError:  # before workers sent bytes: they pickled the outcome
        encode_outcome = pickle.dumps

    catalogue = load_catalogue()
    engine = DurableEngine(catalogue)
    spent = dict.fromkeys(("floor", *STAGES), 0.0)
    clock = time.process_time
    for index, path in enumerate(paths):
        tf = clock()
        read_every_cell(path)
        spent["floor"] += clock() - tf
        t0 = clock()
        cells = read_workbook_cells(path)
        t1 = clock()
        submission = read_spreadsheet(path, cells)
        submission.path = str(path)
        t2 = clock()
        facts = build_facts(submission, catalogue.fact_requests)
        t3 = clock()
        firings = engine.fire(facts)
        t4 = clock()
        result = file_result(submission, build_findings(catalogue, facts, firings, submission.department.unit, "zh"))
        t5 = clock()
        encode_outcome(Outcome(Task(index, path, str(path)), result, StageTimes()))
        t6 = clock()
        spent["cells"] += t1 - t0
        spent["model"] += t2 - t1
        spent["facts"] += t3 - t2
        spent["engine"] += t4 - t3
        spent["messages"] += t5 - t4
        spent["encoding"] += t6 - t5
    return {stage: seconds / len(paths) * 1000 for stage, seconds in spent.items()}


def in_process_cost(paths: Sequence[Path]) -> float:
    """CPU ms per file of ``check_file`` in one process (no pool, no output)."""
    catalogue = load_catalogue()
    engine = DurableEngine(catalogue)
    started = time.process_time()
    for path in paths:
        check_file(path, catalogue, engine)
    return (time.process_time() - started) / len(paths) * 1000


# --------------------------------------------------------------------------- the command line


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(args: Sequence[str]) -> tuple[float, float]:
    """(CPU seconds of the command and its workers, wall seconds) for one ``auditor check`` run."""
    before, started = children_cpu(), time.perf_counter()
    subprocess.run([*AUDITOR, "check", *args, "-q", "--fail-on", "never"], check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return children_cpu() - before, time.perf_counter() - started


def folder_of(paths: Sequence[Path], name: str) -> Path:
    """A folder of hard links to ``paths`` (the command checks folders), kept in the cache."""
    folder = CACHE / name
    folder.mkdir(parents=True, exist_ok=True)
    for n, path in enumerate(paths):
        link = folder / f"{n:06d}.xlsx"
        if not link.exists():
            os.link(path, link)
    return folder


def marginal_cli_cost(paths: Sequence[Path], extra: Sequence[str] = ("--format", "json")) -> float:
    """CPU ms per file past start-up: (cost of all files − cost of a tenth) ÷ the files between."""
    small = max(1, len(paths) // 10)
    whole, part = folder_of(paths, f"all-{len(paths)}"), folder_of(paths[:small], f"all-{small}")
    cost_all = median_of(REPEATS, lambda: cli_run([str(whole), "--jobs", "1", *extra])[0])
    cost_part = median_of(REPEATS, lambda: cli_run([str(part), "--jobs", "1", *extra])[0])
    return (cost_all - cost_part) / (len(paths) - small) * 1000


def outputs_overhead(paths: Sequence[Path]) -> tuple[float, dict[str, float]]:
    """CPU seconds of a --jobs 1 run writing JSONL (parent and worker), and what each output adds.

    Outputs are written by the parent, so what one adds is the parent's own CPU time with
    it less without it, measured in a fresh process each (``--outputs-run``): the
    worker's time, the same in both, would only add its noise to the difference.
    """
    folder = folder_of(paths, f"all-{len(paths)}")

    def run(*names: str) -> tuple[float, float]:
        output = subprocess.run(
            [sys.executable, __file__, "--outputs-run", str(folder), *names], check=True, capture_output=True, text=True
        ).stdout.split()
        return float(output[0]), float(output[1])

    runs = [run() for _ in range(REPEATS)]
    parent = statistics.median(r[0] for r in runs)
    total = statistics.median(r[0] + r[1] for r in runs)
    names = ("screening.xlsx", "findings.csv", "report.html")
    added = {name: median_of(REPEATS, lambda: run(name)[0]) - parent for name in names}
    added["all three"] = median_of(REPEATS, lambda: run(*names)[0]) - parent
    return total, added


def outputs_run(folder: Path, names: Sequence[str]) -> None:
    """In a fresh process: check a folder with one job into JSONL (discarded) and the files ``names``;
    print the CPU seconds of this process and of its worker."""
    from auditor.formats.interface import OutputOptions
    from auditor.formats.json_report import JsonLinesSink
    from auditor.formats.registry import format_for_file
    from auditor.run.batch import RunSettings, file_tasks, run_checks

    catalogue = load_catalogue()
    tasks = file_tasks([folder])
    options = OutputOptions(rule_titles={r.code: r.title.text("zh") for r in catalogue.rules})
    with tempfile.TemporaryDirectory() as out, open(os.devnull, "w", encoding="utf-8") as devnull:
        started = time.process_time()
        sinks = [JsonLinesSink(devnull)] + [
            format_for_file(Path(out) / name).open_file(Path(out) / name, options) for name in names
        ]
        run_checks(tasks, catalogue, sinks, RunSettings(jobs=1))
        parent = time.process_time() - started
    print(f"{parent:.3f} {children_cpu():.3f}")


def jobs_speedup(paths: Sequence[Path]) -> tuple[float, float, float]:
    """Wall seconds with --jobs 1 and --jobs 2 (medians), and the load average during them."""
    folder = folder_of(paths, f"all-{len(paths)}")
    one = median_of(REPEATS, lambda: cli_run([str(folder), "--jobs", "1", "--format", "jsonl"])[1])
    two = median_of(REPEATS, lambda: cli_run([str(folder), "--jobs", "2", "--format", "jsonl"])[1])
    return one, two, os.getloadavg()[0]


# --------------------------------------------------------------------------- memory


def memory_peaks(paths: Sequence[Path], big: int) -> list[tuple[int, float, float]]:
    """(files, peak RSS of the parent in MiB, its CPU ms per file) for N and BIG files, each in a fresh process.

    The run is the command line's (``run_checks``, two jobs) writing JSON, CSV, the
    screening workbook and the HTML report, so that every sink's memory is in the figure.
    """
    links = folder_of([paths[n % len(paths)] for n in range(big)], f"big-{big}")
    rows = []
    for count in (len(paths), big):
        output = subprocess.run(
            [sys.executable, __file__, "--memory-run", str(links), str(count)], check=True, capture_output=True, text=True
        ).stdout.split()
        rows.append((count, float(output[0]), float(output[1])))
    return rows


def memory_run(folder: Path, count: int) -> None:
    """In a fresh process: check ``count`` files into every output; print peak RSS (MiB) and parent CPU ms/file."""
    from auditor.formats.interface import OutputOptions
    from auditor.formats.registry import format_for_file
    from auditor.run.batch import RunSettings, file_tasks, run_checks

    catalogue = load_catalogue()
    tasks = file_tasks([folder])[:count]
    options = OutputOptions(rule_titles={r.code: r.title.text("zh") for r in catalogue.rules})
    with tempfile.TemporaryDirectory() as out:
        sinks = [format_for_file(Path(out) / name).open_file(Path(out) / name, options) for name in (
            "report.json", "findings.csv", "screening.xlsx", "report.html",
        )]
        started = time.process_time()
        run_checks(tasks, catalogue, sinks, RunSettings(jobs=2))
        cpu = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.1f} {cpu / count * 1000:.3f}")


# --------------------------------------------------------------------------- readers


READER_CASES: list[tuple[str, Path]] = [
    ("xlsx (seed workbook)", SAMPLES / "guizhou-federation-2019.xlsx"),
    ("xlsx (national real cases)", SAMPLES / "national-real-cases.xlsx"),
    ("xls (seed workbook)", FIXTURES / "formats" / "xls" / "guizhou-federation-2019.xls"),
    ("ods (seed workbook)", FIXTURES / "formats" / "ods" / "guizhou-federation-2019.ods"),
    ("docx (seed report)", SAMPLES / "guizhou-federation-2019-report.docx"),
    ("pdf (seed report)", FIXTURES / "pdf" / "guizhou-federation-2019-report.pdf"),
    ("pdf (national real cases)", FIXTURES / "pdf" / "national-real-cases.pdf"),
    ("html (seed report)", FIXTURES / "html" / "seed-portal.utf8.html"),
    ("html (national real cases)", FIXTURES / "html" / "national-real-cases.html"),
    ("txt (seed report)", FIXTURES / "guizhou-federation-2019-seed.txt"),
]


def real_size_report() -> Path:
    """A report of real size (≈ 25 pages): the seed report's body ten times over, as a .txt.

    Real 自评报告 run to 20–40 pages; the seed is three. Repeating its sections keeps the
    sentences real; the repeats' findings (D005 and the like) do not matter for a timing.
    """
    path = CACHE / "real-size-report.txt"
    if not path.exists():
        seed = (FIXTURES / "guizhou-federation-2019-seed.txt").read_text(encoding="utf-8")
        head, _, body = seed.partition("## 三、")
        path.write_text(head + "".join(f"## 三、{body}\n" for _ in range(10)), encoding="utf-8")
    return path


def file_cost(path: Path, repeats: int) -> float:
    """CPU ms of ``check_file`` on one file (median of ``repeats``), as a worker spends it."""
    catalogue = load_catalogue()
    engine = DurableEngine(catalogue)
    check_file(path, catalogue, engine)  # imports and caches out of the way

    def once() -> float:
        started = time.process_time()
        check_file(path, catalogue, engine)
        return (time.process_time() - started) * 1000

    return median_of(repeats, once)


@contextmanager
def timing(module: object, name: str, spent: list[float]) -> Iterator[None]:
    """Wrap ``module.name`` so that the CPU time of its calls is added to ``spent``."""
    original = getattr(module, name)

    def timed(*args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.process_time() - started)

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, original)


def statement_reader_cost(path: Path, repeats: int) -> tuple[float, float]:
    """(CPU ms of reading the whole report, of which the statement reader) on one report."""
    import auditor.readers.narrative.extract as extract

    read_submission(path)
    whole, statements = [], []
    with timing(extract, "read_statements", statements):
        for _ in range(repeats):
            started = time.process_time()
            read_submission(path)
            whole.append(time.process_time() - started)
    return statistics.median(whole) * 1000, statistics.median(statements) * 1000


# --------------------------------------------------------------------------- the report


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.processor() or platform.system()}, "
        f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}; CPU time, median of {REPEATS}"
    )
    paths = corpus(N)
    floor = None
    if "floor" in PARTS or "cli" in PARTS:
        calamine_floor(paths[:50])
        floor = median_of(REPEATS, lambda: calamine_floor(paths))
        print(f"calamine floor (open each workbook, read every cell): {floor:.3f} ms/file")
    if "stages" in PARTS:
        stage_costs(paths[:50])
        runs = [stage_costs(paths) for _ in range(REPEATS)]
        stages = {s: statistics.median(r[s] for r in runs) for s in STAGES}
        beside = statistics.median(r["floor"] for r in runs)
        whole = median_of(REPEATS, lambda: in_process_cost(paths))
        print("stages (in one process, CPU ms/file): " + ", ".join(f"{s} {ms:.3f}" for s, ms in stages.items())
              + f" = {sum(stages.values()):.3f} ms; check_file alone {whole:.3f} ms/file")
        print(f"  against calamine on each file just before (floor {beside:.3f} ms): " + ", ".join(
            f"{s} {ms / beside:.2f}x" for s, ms in stages.items()) + f" = {sum(stages.values()) / beside:.2f}x the floor")
    if "cli" in PARTS:
        cost = marginal_cli_cost(paths)
        ratio = f" = {cost / floor:.1f}x the floor" if floor else ""
        print(f"auditor check --jobs 1 --format json, marginal CPU (command + worker): {cost:.3f} ms/file{ratio}")
    if "outputs" in PARTS:
        total, added = outputs_overhead(paths)
        print(f"outputs on {len(paths)} files, --jobs 1 (a run writing JSONL: {total:.2f} CPU s): " + ", ".join(
            f"{name} {seconds:+.2f} s ({seconds / total:+.1%})" for name, seconds in added.items()
        ))
    if "memory" in PARTS and BIG:
        for count, peak, cpu in memory_peaks(paths, BIG):
            print(f"memory: {count} files, --jobs 2, json+csv+xlsx+html: parent peak RSS {peak:.0f} MiB, parent CPU {cpu:.3f} ms/file")
    if "jobs" in PARTS:
        one, two, load = jobs_speedup(paths)
        print(f"--jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s wall: speed-up {one / two:.2f}x (load average after: {load:.1f})")
    if "readers" in PARTS:
        print("per reader, check_file CPU ms (median of 20):")
        for label, path in READER_CASES:
            print(f"  {label:<30} {file_cost(path, 20):8.2f}")
        report = real_size_report()
        whole, statements = statement_reader_cost(report, 10)
        print(f"  real-size report ({report.stat().st_size // 1024} KB .txt): read {whole:.1f} ms, of which statement reader {statements:.1f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory-run"]:
        memory_run(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--outputs-run"]:
        outputs_run(Path(sys.argv[2]), sys.argv[3:])
    else:
        main()

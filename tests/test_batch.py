"""Batch checking in worker processes: order, time limits, crashes, Ctrl-C, streaming outputs."""

from __future__ import annotations

import json
import faulthandler
import os
import shutil
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.run import pool as runner
from auditor.run.pool import Task, WorkerPool
from auditor.run.progress import Progress
from tests.conftest import REPO, SAMPLES
from tests.sample_builders import SAMPLE_FILES

SEED = SAMPLES / "guizhou-federation-2019.xlsx"


def sample_folder(tmp_path: Path, copies: int) -> Path:
    """``copies`` copies of each submission-workbook sample, named so that path order interleaves them."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    for n in range(copies):
        for name in sorted(sample.file_name for sample in SAMPLE_FILES):
            shutil.copy(SAMPLES / name, folder / f"{n:03d}-{name}")
    return folder


def tasks_of(folder: Path) -> list[Task]:
    return [Task(i, p, str(p)) for i, p in enumerate(sorted(folder.glob("*.xlsx")))]


def test_results_come_back_in_path_order_and_identical_whatever_the_number_of_jobs(tmp_path):
    folder = sample_folder(tmp_path, 4)
    outputs = []
    for jobs in ("1", "2", "3"):
        result = CliRunner().invoke(app, ["check", str(folder), "--format", "json", "--jobs", jobs, "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    paths = [r["path"] for r in json.loads(outputs[0])["results"]]
    assert paths == sorted(paths) and len(paths) == 12


def crashing_check(path, *args, **kwargs):
    """Stands in for check_file in forked workers: some files kill or hang their worker."""
    if "crash" in path.name:
        # pytest's faulthandler, inherited by the fork, would print a dump into the test log:
        # the crash is deliberate, and the test reads its effect from the result instead.
        faulthandler.disable()
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hang" in path.name:
        time.sleep(60)
    return original_check_file(path, *args, **kwargs)


original_check_file = runner.check_file


def test_a_file_that_kills_or_hangs_its_worker_is_d001_and_the_batch_goes_on(tmp_path, monkeypatch, catalogue):
    folder = sample_folder(tmp_path, 2)
    shutil.copy(SEED, folder / "001-crash.xlsx")
    shutil.copy(SEED, folder / "001-hang.xlsx")
    shutil.copy(SEED, folder / "002-crash-again.xlsx")
    monkeypatch.setattr(runner, "check_file", crashing_check)  # inherited by the forked workers
    tasks = tasks_of(folder)
    outcomes = list(WorkerPool(catalogue, jobs=2, timeout=2).run(tasks))
    assert [o.task.index for o in outcomes] == list(range(len(tasks)))
    by_name = {o.task.path.name: o.result for o in outcomes}
    for name in ("001-crash.xlsx", "002-crash-again.xlsx"):
        assert by_name[name].status == "error"
        assert [f.rule for f in by_name[name].findings] == ["D001"]
        assert "SIGSEGV" in by_name[name].findings[0].message
    assert by_name["001-hang.xlsx"].status == "error"
    assert "2 秒" in by_name["001-hang.xlsx"].findings[0].message
    good = [r for name, r in by_name.items() if "crash" not in name and "hang" not in name]
    assert len(good) == 6 and all(r.status == "ok" for r in good)


def test_workers_are_replaced_after_their_quota_of_files(tmp_path, monkeypatch, catalogue):
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 2)
    folder = sample_folder(tmp_path, 3)
    pool = WorkerPool(catalogue, jobs=1, timeout=30)
    started = []
    original_start = pool._start
    monkeypatch.setattr(pool, "_start", lambda: started.append(1) or original_start())
    outcomes = list(pool.run(tasks_of(folder)))
    assert len(outcomes) == 9 and all(o.result.status == "ok" for o in outcomes)
    assert len(started) == 5  # the first worker and one per two files after it


def test_ctrl_c_stops_cleanly_and_keeps_what_was_finished(tmp_path):
    folder = sample_folder(tmp_path, 2)
    for n in range(20):
        shutil.copy(SEED, folder / f"9{n:02d}-slow.xlsx")
    output = tmp_path / "report.jsonl"
    driver = (
        "import sys, time\n"
        "from auditor.run import pool as runner\n"
        "original = runner.check_file\n"
        "def slow(path, *a, **k):\n"
        "    if 'slow' in path.name: time.sleep(0.5)\n"
        "    return original(path, *a, **k)\n"
        "runner.check_file = slow\n"
        "from auditor.cli import app\n"
        "sys.argv = ['auditor', 'check', sys.argv[1], '--output', sys.argv[2], '--format', 'jsonl', '--jobs', '2', '--quiet']\n"
        "app()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", driver, str(folder), str(output)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    lines_seen = 0
    deadline = time.monotonic() + 60
    while lines_seen < 7 and time.monotonic() < deadline:  # the six quick files, then a slow one
        line = process.stdout.readline()
        lines_seen += bool(line)
    process.send_signal(signal.SIGINT)
    # Bytes, not text: communicate() reads the pipe past what readline() buffered, which may start
    # inside a UTF-8 character (decoding it as text failed about one run in three).
    _, stderr_bytes = process.communicate(timeout=60)
    stderr = stderr_bytes.decode("utf-8", "replace")
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    written = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert 7 <= len(written) < 26
    paths = [r["path"] for r in written]
    assert paths == sorted(paths)


def test_jsonl_streams_one_object_per_file(tmp_path):
    folder = sample_folder(tmp_path, 1)
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "jsonl", "--fail-on", "never"])
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["department"] for line in lines] == ["某省农业农村厅", "贵州省总工会", "某市文化和旅游局"]


def test_an_output_with_an_unknown_ending_or_no_folder_is_a_usage_error(tmp_path):
    for target in (tmp_path / "report.pdf", tmp_path / "missing" / "screening.xlsx"):
        result = CliRunner().invoke(app, ["check", str(SEED), "--output", str(target)])
        assert result.exit_code == 2
        assert not target.exists()


def test_json_and_markdown_outputs_are_written_beside_the_printed_report(tmp_path):
    json_path, md_path = tmp_path / "r.json", tmp_path / "r.md"
    result = CliRunner().invoke(app, ["check", str(SEED), "-o", str(json_path), "-o", str(md_path), "--format", "table"])
    assert result.exit_code == 1
    assert json.loads(json_path.read_text(encoding="utf-8"))["results"][0]["department"] == "贵州省总工会"
    assert "存在的问题" in md_path.read_text(encoding="utf-8")


def test_progress_is_shown_only_on_a_terminal_and_counts_problems():
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    from auditor.model import FileResult, Finding

    finding = Finding(rule="F001", name="breakdown-sum", severity="error", message="m")
    quiet, shown = StringIO(), Terminal()
    for stream in (quiet, shown):
        progress = Progress(2, "en", stream=stream)
        progress.update(FileResult(path="a", findings=[finding, finding]))
        progress.update(FileResult(path="b"))
        progress.finish()
    assert quiet.getvalue() == ""
    assert "2/2 files (100%)" in shown.getvalue() and "problems so far 2" in shown.getvalue()
    assert "ETA" in shown.getvalue()
    assert Progress(1, stream=Terminal(), enabled=False).enabled is False


def test_a_lasting_pool_keeps_its_workers_between_runs_unless_stopped_early(tmp_path, monkeypatch, catalogue):
    folder = sample_folder(tmp_path, 1)
    pool = WorkerPool(catalogue, jobs=1, timeout=30, lasting=True)
    started = []
    original_start = pool._start
    monkeypatch.setattr(pool, "_start", lambda: started.append(1) or original_start())
    try:
        first = [o.result for o in pool.run(tasks_of(folder))]
        second = [o.result for o in pool.run(tasks_of(folder))]
        assert first == second and len(first) == 3 and len(started) == 1  # one worker, one engine, both runs
        unfinished = pool.run(tasks_of(folder))
        next(unfinished)
        unfinished.close()  # stopped with a file still in hand: that worker must not serve the next run
        assert pool._workers == []
        assert len(list(pool.run(tasks_of(folder)))) == 3 and len(started) == 2
    finally:
        pool.close()


def test_progress_leaves_the_terminal_before_results_are_printed_on_it(monkeypatch):
    """With standard output on the same terminal, the line is taken off before each result is printed
    (else a file's table starts at the end of the progress line) and at the end."""

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    from auditor.model import FileResult

    monkeypatch.setattr(sys, "stdout", Terminal())
    stream = Terminal()
    progress = Progress(2, "en", stream=stream)
    progress.update(FileResult(path="a"))
    progress.clear()
    assert stream.getvalue().endswith("\r\033[K")
    progress.update(FileResult(path="b"))
    progress.finish()
    assert stream.getvalue().endswith("\r\033[K") and "\n" not in stream.getvalue()

"""Checking on a Dask cluster (``check --scheduler``): the bytes of ``--jobs 1``, hostile files, crashes and hangs included.

One local cluster of two worker processes serves the module (it takes seconds to start).
Its workers carry ``HostileWorkers``, which makes files with certain names crash or hang
the child that checks them — as tests/test_batch.py does for the local pool — or kill the
Dask worker itself; the test process patches its own pool the same way, so that
``--jobs 1`` and the cluster meet the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster, Worker, WorkerPlugin
from typer.testing import CliRunner

from auditor.cli import app
from auditor.run import cluster_worker, distributed
from auditor.run import pool as local_pool
from auditor.run.batch import file_tasks
from auditor.run.distributed import DaskRunner
from tests.conftest import REPO, SAMPLES
from tests.test_batch import crashing_check
from tests.test_hostile import SEED, UNREADABLE, far_cell

#: A file of this name kills the Dask worker that takes its slice (not the child checking it).
KILLS_DASK_WORKER = "kills-its-dask-worker"


def hostile_check(path: Path, *args: object, **kwargs: object):
    """check_file, except that "crash" files kill their process, "hang" ones hang and "slow" ones take half a second."""
    if "slow" in path.name:
        time.sleep(0.5)
    return crashing_check(path, *args, **kwargs)


class HostileWorkers(WorkerPlugin):
    """Makes the workers meet the hostile names; a plugin, so that a worker that replaces a dead one has it too."""

    def setup(self, worker: Worker) -> None:
        local_pool.check_file = hostile_check  # inherited by the children the worker forks
        original = cluster_worker.check_slice

        def killing_slice(name, tasks, *args):
            if any(KILLS_DASK_WORKER in task.shown for task in tasks):
                os.kill(os.getpid(), signal.SIGKILL)
            return original(name, tasks, *args)

        cluster_worker.check_slice = killing_slice  # the client names the function; the worker looks it up here


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    # The scheduler gives up on a task after one dead worker, not four: the file that kills
    # its Dask worker then costs one restart per attempt. Read once, when the scheduler starts.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    try:
        with Client(cluster) as client:
            client.register_plugin(HostileWorkers(), name="hostile-workers")
        yield cluster.scheduler_address
    finally:
        cluster.close()


def check(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *map(str, args), "--fail-on", "never"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def hostile_folder(tmp_path: Path) -> Path:
    """Every sample, every unreadable file of tests/test_hostile.py, and files that crash or hang their worker."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, folder / sample.name)
    for name, (build, _) in UNREADABLE.items():
        build(folder / name)
    far_cell(folder / "far-cell.xlsx")
    for name in ("crash.xlsx", "hang.xlsx", "m-crash-again.xlsx"):
        shutil.copy(SEED, folder / name)
    return folder


def test_the_cluster_writes_the_bytes_of_jobs_1_hostile_files_crashes_and_hangs_included(scheduler, tmp_path, monkeypatch):
    folder = hostile_folder(tmp_path)
    monkeypatch.setattr(local_pool, "check_file", hostile_check)  # inherited by --jobs 1's forked worker
    runs = {}
    for name, how in (("local", ["--jobs", "1"]), ("cluster", ["--scheduler", scheduler])):
        output = tmp_path / f"{name}.jsonl"
        exit_code, stdout = check(folder, "--format", "json", "--timeout", "2", "--output", output, *how)
        assert exit_code == 0
        runs[name] = (stdout, output.read_bytes())
    assert runs["cluster"] == runs["local"]
    results = {Path(r["path"]).name: r for r in json.loads(runs["cluster"][0])["results"]}
    assert list(results) == sorted(p.name for p in folder.iterdir())
    for name in ("crash.xlsx", "m-crash-again.xlsx"):
        assert [f["rule"] for f in results[name]["findings"]] == ["D001"]
        assert "SIGSEGV" in results[name]["findings"][0]["message"]
    assert "2 秒" in results["hang.xlsx"]["findings"][0]["message"]
    assert all([f["rule"] for f in results[name]["findings"]] == ["D001"] for name in UNREADABLE)
    assert {"F001", "B001"} <= {f["rule"] for f in results["far-cell.xlsx"]["findings"]}


def test_a_file_url_is_read_where_it_points_and_shown_as_given(scheduler, tmp_path):
    folder = tmp_path / "two words"
    folder.mkdir()
    for name in ("guizhou-federation-2019.xlsx", "national-sichuan.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / ".hidden.xlsx").write_bytes(b"not a submission")
    url = folder.as_uri()
    assert "%20" in url
    _, by_path = check(folder, "--format", "json", "--jobs", "1")
    _, by_url = check(url, "--format", "json", "--scheduler", scheduler)
    expected = json.loads(by_path)
    for result in expected["results"]:
        result["path"] = f"{url}/{Path(result['path']).name}"
    assert json.loads(by_url) == expected
    _, one = check(f"{url}/national-sichuan.xlsx", "--format", "json", "--scheduler", scheduler)
    assert json.loads(one)["results"] == expected["results"][1:]


def test_a_file_at_another_url_is_copied_by_its_worker_and_one_that_vanished_is_d001(scheduler, tmp_path, catalogue):
    folder = tmp_path / "store"
    folder.mkdir()
    for name in ("clean-example.xlsx", "guizhou-federation-2019.xlsx", "many-problems.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    tasks = file_tasks([f"local://{folder}"])  # fsspec's other name for local files: read as a store is
    assert [task.shown for task in tasks] == [f"local://{folder}/{name}" for name in sorted(os.listdir(folder))]
    (folder / "guizhou-federation-2019.xlsx").unlink()
    outcomes = list(DaskRunner(scheduler, catalogue, 30).run(tasks))
    assert [o.task for o in outcomes] == tasks
    gone = outcomes[1].result
    assert [f.rule for f in gone.findings] == ["D001"] and "无法从 local://" in gone.findings[0].message
    _, by_path = check(SAMPLES / "many-problems.xlsx", "--format", "json", "--jobs", "1")
    [expected] = json.loads(by_path)["results"]
    assert outcomes[2].result.model_dump(mode="json", exclude={"path"}) == {k: v for k, v in expected.items() if k != "path"}


def test_a_file_that_kills_its_dask_worker_is_d001_and_the_others_are_checked(scheduler, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    for n in range(4):
        shutil.copy(SEED, folder / f"{n}-seed.xlsx")
    shutil.copy(SEED, folder / f"2-{KILLS_DASK_WORKER}.xlsx")
    exit_code, stdout = check(folder, "--format", "json", "--lang", "en", "--scheduler", scheduler)
    assert exit_code == 0
    results = {Path(r["path"]).name: r for r in json.loads(stdout)["results"]}
    assert list(results) == sorted(results)
    killer = results.pop(f"2-{KILLS_DASK_WORKER}.xlsx")
    assert [f["rule"] for f in killer["findings"]] == ["D001"] and "Dask workers" in killer["findings"][0]["message"]
    assert len(results) == 4 and all(r["status"] == "ok" and r["department"] == "贵州省总工会" for r in results.values())


def test_ctrl_c_cancels_the_files_still_out_and_keeps_what_was_finished(scheduler, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    for n in range(16):
        shutil.copy(SEED, folder / f"{n:02d}-slow.xlsx")
    output = tmp_path / "report.jsonl"
    command = [sys.executable, "-m", "auditor", "check", str(folder), "--output", str(output), "--format", "jsonl",
               "--scheduler", scheduler, "--quiet"]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        lines_seen, deadline = 0, time.monotonic() + 60
        while lines_seen < 3 and time.monotonic() < deadline:
            lines_seen += bool(process.stdout.readline())
        process.send_signal(signal.SIGINT)
        # Read on through the same text streams: communicate() would read the pipe beneath them
        # and could start in the middle of a character the text stream had already taken.
        process.stdout.read()
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 130, stderr
    assert "interrupted" in stderr
    paths = [json.loads(line)["path"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert 3 <= len(paths) < 16 and paths == sorted(paths)
    with Client(scheduler) as client:  # the slices still out were cancelled: the cluster is soon idle
        deadline = time.monotonic() + 20
        while any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(client.processing().values())


def test_a_scheduler_that_does_not_answer_is_a_usage_error(monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_SECONDS", 1.0)
    result = CliRunner().invoke(app, ["check", str(SEED), "--scheduler", "tcp://127.0.0.1:9", "--format", "json"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


def test_a_store_url_without_a_scheduler_is_a_usage_error():
    result = CliRunner().invoke(app, ["check", "s3://bucket/submissions/"])
    assert result.exit_code == 2
    assert "s3://bucket/submissions/ is read by the workers of a Dask cluster: give --scheduler ADDRESS" in result.stderr


def test_help_and_a_local_run_never_import_dask():
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from auditor.cli import app\n"
        "CliRunner().invoke(app, ['check', '--help'])\n"
        f"CliRunner().invoke(app, ['check', {str(SEED)!r}, '--jobs', '1', '--format', 'json'])\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('dask', 'distributed', 'fsspec')))\n"
    )
    imported = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "[]"


def test_a_store_url_lists_its_files_in_the_order_and_with_the_leaving_out_of_a_folder(tmp_path):
    folder = tmp_path / "store"
    for name in ("a/b.xlsx", "a-c.xlsx", "a/.hidden/x.xlsx", "~$open.xlsx", ".DS_Store", "z/y/deep.xlsx"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"")
    local = [task.shown.removeprefix(f"{folder}/") for task in file_tasks([folder])]
    remote = file_tasks([f"local://{folder}/"])
    assert [task.shown.removeprefix(f"local://{folder}/") for task in remote] == local == ["a/b.xlsx", "a-c.xlsx", "z/y/deep.xlsx"]
    assert [task.index for task in remote] == [0, 1, 2]

"""The cluster benchmark: N generated submissions checked with ``--jobs 1`` and on a local Dask cluster,
per file, and what a million files would take.

Run as ``python benchmarks/cluster.py`` (environment: ``N`` submissions, default 2000;
``WORKERS`` Dask worker processes of one thread each, default the number of cores; ``DATA``
a folder to keep the generated workbooks in between runs, shared with benchmarks/batch.py).
Prints figures; asserts nothing.

The machines this runs on are shared and noisy, so costs are CPU seconds: of the
checking process with ``--jobs 1``; on the cluster, of the Dask workers and the children
checking their files (counted once the cluster has closed), and of this process — the
client putting outcomes in order, and here the scheduler too, which do not grow with the
cluster and so bound any cluster's throughput. Dask spends CPU every second whether or
not it checks anything (heartbeats, memory monitors): a cluster left idle for as long
as the runs took gives that share, which is taken off, so that the costs are per file.
The estimate for a million files is the workers' cost per file × 1,000,000 ÷ cores, and
never less than the client's and scheduler's cost × 1,000,000.
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from distributed import LocalCluster  # noqa: E402

from auditor.catalogue.rule_files import Catalogue, load_catalogue  # noqa: E402
from auditor.run.batch import file_tasks  # noqa: E402
from auditor.run.distributed import DaskRunner  # noqa: E402
from auditor.run.pool import Task, WorkerPool  # noqa: E402
from benchmarks.batch import generate  # noqa: E402

N = int(os.environ.get("N", "2000"))
WORKERS = int(os.environ.get("WORKERS", str(os.cpu_count() or 1)))
MILLION = 1_000_000
#: Runs on the cluster; the first warms the workers.
RUNS = 3


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def local_run(folder: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the worker and files, ``--jobs 1``."""
    tasks = file_tasks([folder])
    cpu, started = children_cpu(), time.perf_counter()
    outcomes = sum(1 for _ in WorkerPool(load_catalogue(), 1, timeout=30).run(tasks))
    return time.perf_counter() - started, children_cpu() - cpu, outcomes


def cluster_run(address: str, tasks: list[Task], catalogue: Catalogue) -> tuple[float, float]:
    """Wall seconds and CPU seconds of this process (client and scheduler), connecting included."""
    cpu, started = own_cpu(), time.perf_counter()
    for _ in DaskRunner(address, catalogue, 30).run(tasks):
        pass
    return time.perf_counter() - started, own_cpu() - cpu


def cluster_cpu(tasks: list[Task], catalogue: Catalogue, idle_seconds: float = 0.0) -> tuple[float, float, float]:
    """CPU seconds of the workers, CPU and wall seconds of this process: RUNS runs of ``tasks``,
    or a cluster started, left idle ``idle_seconds`` and closed."""
    workers, own, started = children_cpu(), own_cpu(), time.perf_counter()
    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        for _ in range(RUNS if tasks else 0):
            cluster_run(cluster.scheduler_address, tasks, catalogue)
        time.sleep(idle_seconds)
    return children_cpu() - workers, own_cpu() - own, time.perf_counter() - started


def main() -> None:
    data = Path(os.environ.get("DATA") or tempfile.mkdtemp(prefix="auditor-bench-"))
    data.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; data in {data}")
    paths = generate(data, N)
    folder = data / "cluster"
    folder.mkdir(exist_ok=True)
    for path in paths:
        if not (folder / path.name).exists():
            os.link(path, folder / path.name)
    catalogue, tasks = load_catalogue(), file_tasks([folder])
    wall, cpu, files = local_run(folder)
    print(f"--jobs 1: {files} files; CPU of the worker {cpu / files * 1000:.2f} ms/file (wall {wall / files * 1000:.2f} ms/file)")
    workers, own, seconds = cluster_cpu(tasks, catalogue)
    idle_workers, idle_own, _ = cluster_cpu([], catalogue, idle_seconds=seconds)
    checked = RUNS * len(tasks)
    worker_cost, client_cost = (workers - idle_workers) / checked, (own - idle_own) / checked
    print(
        f"local Dask cluster, {WORKERS} workers × 1 thread, {RUNS} runs of {len(tasks)} files in {seconds:.0f} s: "
        f"CPU per file of the workers and their children {worker_cost * 1000:.2f} ms ({worker_cost / (cpu / files):.2f}× --jobs 1), "
        f"of the client and scheduler {client_cost * 1000:.2f} ms (idle cluster for as long: workers {idle_workers:.1f} s, "
        f"this process {idle_own:.1f} s, taken off)"
    )
    print(f"a million files (workers' {worker_cost * 1000:.2f} ms/file × 1,000,000 ÷ cores; client and scheduler "
          f"at least {client_cost * MILLION / 60:.0f} min whatever the cores):")
    for cores in (2, 16, 64, 256):
        minutes = max(worker_cost * MILLION / cores, client_cost * MILLION) / 60
        print(f"  {cores:4d} cores: {minutes:7.1f} min")


if __name__ == "__main__":
    main()

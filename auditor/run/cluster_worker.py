"""What runs on each Dask worker: the run's rule catalogue, delivered once, and the checking of a slice of its files.

A Dask worker does not check a file in its own thread: each of its threads hands its
slices to a pool of one child process (``run.pool``), as a machine does with ``--jobs 1``;
the child and its engine last from one slice to the next, for the whole run. Dask cannot stop a
running task, and a file that crashes durable-rules would take the Dask worker down with
every file it holds; in the child, a file that hangs is stopped at ``--timeout`` and one
that kills its process costs one D001 finding — the same finding, word for word, as on
one machine — while the Dask worker goes on with the next file.

Imported only by a Dask worker (and ``run.distributed``): it imports Dask.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from distributed import Worker, WorkerPlugin

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.plain import PlainEngine
from auditor.run.pipeline import failure_result
from auditor.run.pool import Outcome, Task, WorkerPool
from auditor.run.urls import RemoteTask, fetch

#: The catalogues of the runs this worker serves, by the name of the plugin that brought each.
_CATALOGUES: dict[str, Catalogue] = {}
#: The pool of each thread of this worker for each run, by (the run's plugin name, thread).
_POOLS: dict[tuple[str, int], _ThreadPool] = {}
_POOLS_LOCK = threading.Lock()
#: Whether this worker's children watch it (``_end_children_with_this_worker``), and how often.
_WATCHING = False
PARENT_CHECK_SECONDS = 1.0


@dataclass
class _ThreadPool:
    """A thread's pool for one run, closed by whichever ends last: its slice, or the run (``teardown``)."""

    pool: WorkerPool
    busy: bool = False
    ended: bool = False


class WorkerMismatch(RuntimeError):
    """A worker whose auditor is not the client's: its findings could differ, so it checks nothing."""


class RunCatalogue(WorkerPlugin):
    """Brings a run's rule catalogue to every worker of the cluster, also to one that joins during the run.

    Its name holds a digest of the rules and the run's own id, so two runs on one cluster,
    with the same rules or not, never take each other's catalogue or remove it.
    """

    def __init__(self, name: str, catalogue: Catalogue) -> None:
        self.name = name
        self.catalogue = catalogue
        self.version = metadata.version("auditor")  # installed on every machine of the run (README)

    def setup(self, worker: Worker) -> None:
        if self.version != metadata.version("auditor"):
            raise WorkerMismatch(f"the worker at {worker.address} has auditor {metadata.version('auditor')}, this run {self.version}")
        # Dask starts its workers as daemon processes, which multiprocessing forbids to start
        # children lest they be orphaned; the checking children watch this worker and end with it.
        multiprocessing.current_process().daemon = False
        _end_children_with_this_worker()
        _CATALOGUES[self.name] = self.catalogue

    def teardown(self, worker: Worker) -> None:
        """The run is over (or cancelled): its idle pools close now, a busy one when its slice stops."""
        _CATALOGUES.pop(self.name, None)
        with _POOLS_LOCK:
            ended = [_POOLS.pop(key) for key in list(_POOLS) if key[0] == self.name]
            for holder in ended:
                holder.ended = True
            idle = [holder for holder in ended if not holder.busy]
        for holder in idle:
            holder.pool.close()


def _end_children_with_this_worker() -> None:
    """Every child this worker forks ends when the worker is gone, however it went.

    A Dask worker can be killed outright (its nanny's memory limit, the kernel's OOM
    killer); its checking children, which inherited the worker's end of each other's
    pipes, would then wait for a file forever. Each watches whether its parent is still
    there and leaves when it is not.
    """
    global _WATCHING
    if not _WATCHING:
        os.register_at_fork(after_in_child=_leave_with_parent)
        _WATCHING = True


def _leave_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="auditor-parent-watch", daemon=True).start()


def check_slice(catalogue_name: str, tasks: Sequence[Task], timeout: float, lang: str) -> list[Outcome]:
    """The outcomes of ``tasks`` (files on a path the workers share, or URLs), in their order."""
    catalogue = _CATALOGUES[catalogue_name]
    key = (catalogue_name, threading.get_ident())
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = _ThreadPool(WorkerPool(catalogue, 1, timeout, lang, lasting=True))
        holder = _POOLS[key]
        holder.busy = True
    outcomes: list[Outcome] = []
    try:
        with tempfile.TemporaryDirectory(prefix="auditor-") as folder:
            copies = _LocalCopies(Path(folder), catalogue, lang, lambda: catalogue_name in _CATALOGUES)
            for outcome in holder.pool.run(copies.tasks(tasks)):
                copies.discard(outcome.task)
                outcomes.append(outcome)
            outcomes.extend(copies.unfetched)
    finally:
        with _POOLS_LOCK:
            holder.busy = False
            close = holder.ended
        if close:
            holder.pool.close()
    return sorted(outcomes, key=lambda outcome: outcome.task.index)


class _LocalCopies:
    """Each remote file copied to this worker when the pool asks for it, and removed once checked.

    At most the files the pool holds (two) are on the worker's disk at a time; a file that
    cannot be copied gets its D001 here and never reaches the pool. Once the run has left
    the cluster (Ctrl-C on the client), no further file is handed out.
    """

    def __init__(self, folder: Path, catalogue: Catalogue, lang: str, run_goes_on: Callable[[], bool]) -> None:
        self.folder, self.catalogue, self.lang, self.run_goes_on = folder, catalogue, lang, run_goes_on
        self.unfetched: list[Outcome] = []

    def tasks(self, tasks: Sequence[Task]) -> Iterator[Task]:
        for task in tasks:
            if not self.run_goes_on():
                return
            if not isinstance(task, RemoteTask):
                yield task
                continue
            place = self.folder / str(task.index)
            place.mkdir()
            try:
                copy = fetch(task.url, place)
            except Exception as exc:  # whatever the store says (gone, denied, too large), it is this file's D001
                shutil.rmtree(place, ignore_errors=True)
                self.unfetched.append(self._not_fetched(task, exc))
                continue
            yield Task(task.index, copy, task.shown)

    def discard(self, task: Task) -> None:
        if self.folder in task.path.parents:
            shutil.rmtree(task.path.parent, ignore_errors=True)

    def _not_fetched(self, task: Task, exc: Exception) -> Outcome:
        reason = str(exc) or type(exc).__name__
        result = failure_result(
            task.shown, f"无法从 {task.url} 读取此文件（{reason}）", f"the file could not be read from {task.url} ({reason})",
            self.catalogue, PlainEngine(self.catalogue), self.lang,
        )
        return Outcome(task, result)

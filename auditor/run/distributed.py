"""Checking a run's files on a Dask cluster (``check --scheduler ADDRESS``): the same outcomes as on
one machine, in the same order, so that every output is byte for byte that of ``--jobs 1``.

The run is cut into slices of consecutive files; each Dask worker checks a slice as a
machine does (``run.cluster_worker``) and sends its outcomes back. Only a bounded number
of slices is out at a time, and outcomes that arrive ahead of their turn wait here until
the files before them are in, so memory stays flat over millions of files.

A file that crashes or hangs costs its slice nothing: the child checking it on the worker
is replaced (``run.cluster_worker``). Should a Dask worker itself die (Dask's KilledWorker,
after the scheduler's allowed failures), every file of the slices it held becomes a
suspect: once the slices still out are in, the suspects are checked one at a time, each
alone on the cluster, so that the file whose worker dies alone is that file — it gets D001
— and no file that merely shared its worker does. Ctrl-C cancels the slices still out.

Dask is imported when a run starts, never by ``auditor --help`` or a local run.
"""

from __future__ import annotations

import hashlib
import pickle
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.plain import PlainEngine
from auditor.run.pipeline import failure_result
from auditor.run.pool import Outcome, Task
from auditor.run.urls import RemoteTask

if TYPE_CHECKING:
    from distributed import Client, Future, as_completed

#: A slice never holds more files than this (a few seconds of work), so the cluster shares the run out evenly.
MAX_SLICE = 200
#: Slices per thread of the cluster when the run is small: enough to keep every thread busy to the end.
SLICES_PER_THREAD = 4
#: Slices out per thread of the cluster: the one being checked and the next, so no worker waits for this client.
SLICES_IN_FLIGHT_PER_THREAD = 2
#: Seconds to wait for the scheduler to answer and for a first worker to join it.
CONNECT_SECONDS = 30.0


class ClusterFailed(RuntimeError):
    """The cluster could not check files — unreachable, without workers, or a worker without auditor; not a file's fault."""


Slice = list[tuple[int, Task]]  # (place in the run, the task as handed in)


class DaskRunner:
    """``WorkerPool``'s interface, with the files checked by the workers of the Dask scheduler at ``address``."""

    def __init__(self, address: str, catalogue: Catalogue, timeout: float, lang: str = "zh") -> None:
        self.address, self.catalogue, self.timeout, self.lang = address, catalogue, timeout, lang
        self._fallback_engine = PlainEngine(catalogue)  # for the D001 of a file that killed its Dask worker
        self._client: Client | None = None
        self._plugin_name: str | None = None
        self._futures: dict[Future, Slice] = {}
        self._alone: set[str] = set()  # the keys of suspects' tasks, each sent with nothing else out

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Outcomes in task order. Stopping early (Ctrl-C, closing the iterator) cancels what is still out."""
        from distributed import KilledWorker, as_completed

        placed = list(enumerate(tasks))
        client = self._connect()
        threads = max(1, sum(client.nthreads().values()))
        size = slice_size(len(placed), threads)
        waiting: deque[Slice] = deque(placed[start:start + size] for start in range(0, len(placed), size))
        suspects: deque[tuple[int, Task]] = deque()
        window = SLICES_IN_FLIGHT_PER_THREAD * threads * size  # files out or waiting here for their turn
        arrived: dict[int, Outcome] = {}
        next_place, outstanding = 0, 0
        completed = as_completed(loop=client.loop)
        try:
            while waiting or suspects or self._futures:
                if suspects and not self._futures:
                    outstanding += self._submit(client, completed, [suspects.popleft()], alone=True)
                while waiting and not suspects and (not self._futures or outstanding + len(waiting[0]) <= window):
                    outstanding += self._submit(client, completed, waiting.popleft())
                future = next(completed)
                part = self._futures.pop(future)
                if future.status == "finished":
                    outcomes = future.result()
                    arrived.update((place, Outcome(task, outcome.result, outcome.times))
                                   for (place, task), outcome in zip(part, outcomes, strict=True))
                elif isinstance(future.exception(), KilledWorker) and future.key not in self._alone:
                    suspects.extend(part)
                    outstanding -= len(part)
                elif isinstance(future.exception(), KilledWorker):
                    [(place, task)] = part
                    arrived[place] = self._killed(task)
                else:
                    raise ClusterFailed(f"a Dask worker could not check files: {future.exception()!r}")
                while next_place in arrived:
                    yield arrived.pop(next_place)
                    next_place, outstanding = next_place + 1, outstanding - 1
        except KeyboardInterrupt:
            # Hand over what was finished (in order, gaps skipped) before giving up.
            self.close()
            for place in sorted(arrived):
                yield arrived.pop(place)
            raise
        finally:
            self.close()

    def close(self) -> None:
        """Cancel the slices still out, take the run's catalogue off the workers, and leave the cluster."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            if self._futures:
                client.cancel(list(self._futures), force=True)
            if self._plugin_name is not None:
                client.unregister_worker_plugin(self._plugin_name)
        except Exception:  # the scheduler is gone: there is nothing left to tidy on it
            pass
        finally:
            self._futures.clear()
            client.close()

    def _connect(self) -> Client:
        from distributed import Client

        from auditor.run.cluster_worker import RunCatalogue

        try:
            self._client = Client(self.address, timeout=CONNECT_SECONDS, set_as_default=False)
        except OSError as exc:
            raise ClusterFailed(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        try:
            self._client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise ClusterFailed(f"no Dask worker joined the scheduler at {self.address} in {CONNECT_SECONDS:g} s") from None
        digest = hashlib.sha256(pickle.dumps(self.catalogue)).hexdigest()[:12]
        self._plugin_name = f"auditor-rules-{digest}-{uuid.uuid4().hex[:8]}"
        try:
            self._client.register_plugin(RunCatalogue(self._plugin_name, self.catalogue), name=self._plugin_name)
        except Exception as exc:  # a worker without auditor, or with another version of it
            raise ClusterFailed(f"the Dask workers cannot take this run's rules: {exc!r}") from None
        return self._client

    def _submit(self, client: Client, completed: as_completed, part: Slice, alone: bool = False) -> int:
        from auditor.run.cluster_worker import check_slice

        sent = [task if isinstance(task, RemoteTask) else Task(task.index, task.path.absolute(), task.shown)
                for _, task in part]
        first, last = part[0][0], part[-1][0]
        key = f"auditor-check-{self._plugin_name}-{first}-{last}" + ("-alone" if alone else "")
        if alone:
            self._alone.add(key)
        future = client.submit(check_slice, self._plugin_name, sent, self.timeout, self.lang, key=key, pure=False)
        completed.add(future)
        self._futures[future] = part
        return len(part)

    def _killed(self, task: Task) -> Outcome:
        result = failure_result(
            task.shown,
            "检查此文件时 Dask 工作进程多次意外终止；文件可能触发了程序缺陷，已跳过，其余文件照常检查",
            "the Dask workers checking this file died each time; the file may trigger a defect and was skipped, the other files were checked",
            self.catalogue, self._fallback_engine, self.lang,
        )
        return Outcome(task, result)


def slice_size(files: int, threads: int) -> int:
    """Files per slice: a few slices per thread of the cluster, never more than MAX_SLICE files in one."""
    return max(1, min(MAX_SLICE, -(-files // (threads * SLICES_PER_THREAD))))

"""Checking many files in worker processes: in path order, with a time limit, surviving crashes.

Why processes: durable-rules is a C extension that never releases the GIL and can
crash; a file that hangs or kills its worker must cost one D001 finding, not the
batch. Each worker creates its rule engine once and checks one file at a time; the
parent hands out files in order, kills a worker that overruns ``timeout`` or notices
one that died, starts a replacement, and yields results strictly in input order
(holding at most one pending result per worker, so memory stays flat however many
files there are).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from auditor.catalogue.rule_files import Catalogue
from auditor.engine.plain import PlainEngine
from auditor.model import FileResult
from auditor.run.pipeline import StageTimes, check_file, failure_result

#: A worker is replaced after this many files, bounding whatever a C extension may leak.
FILES_PER_WORKER = 2000
#: Files handed to a worker at once: the one it checks and the next, so it never waits for the parent.
TASKS_IN_HAND = 2


@dataclass(frozen=True)
class Task:
    """One file to check: its position in the run, where it is, and how to show its path."""

    index: int
    path: Path
    shown: str


@dataclass
class Outcome:
    task: Task
    result: FileResult
    times: StageTimes = field(default_factory=StageTimes)


def _worker_main(connection: Connection, catalogue: Catalogue, lang: str) -> None:
    """A worker's life: one engine, then files until told to stop (or killed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from auditor.engine.durable_adapter import DurableEngine

    engine = DurableEngine(catalogue)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        times = StageTimes()
        result = check_file(task.path, catalogue, engine, lang, task.shown, times)
        connection.send(Outcome(task, result, times))


class _Worker:
    """A worker process and the tasks handed to it: the first is being checked, the rest wait.

    Handing a worker its next file before it finishes the current one keeps it busy while
    the parent writes outputs; the time limit runs from when it starts a file, which the
    parent knows because files are checked one after another.
    """

    def __init__(self, context: multiprocessing.context.BaseContext, catalogue: Catalogue, lang: str) -> None:
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_worker_main, args=(child, catalogue, lang), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[Task] = deque()
        self.started = 0.0
        self.done = 0

    @property
    def current(self) -> Task | None:
        return self.tasks[0] if self.tasks else None

    def give(self, task: Task) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)
        self.connection.send(task)

    def finished_one(self) -> None:
        self.tasks.popleft()
        self.started = time.monotonic()
        self.done += 1

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _exit_reason(process: BaseProcess) -> tuple[str, str]:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"被信号 {name} 终止", f"killed by {name}"
    return f"以退出码 {code} 结束", f"exited with code {code}"


class InProcessRunner:
    """``WorkerPool``'s interface, checking files one after another in this process.

    For ``--debug``: no worker, no time limit, and auditor's own exceptions are raised
    where they happen instead of being reported as internal errors.
    """

    def __init__(self, catalogue: Catalogue, lang: str = "zh") -> None:
        from auditor.engine.durable_adapter import engine_for

        self.catalogue, self.lang, self.engine = catalogue, lang, engine_for(catalogue)

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            times = StageTimes()
            result = check_file(task.path, self.catalogue, self.engine, self.lang, task.shown, times, debug=True)
            yield Outcome(task, result, times)

    def close(self) -> None:
        return None


class WorkerPool:
    """Runs ``check_file`` over tasks in ``jobs`` worker processes; results come back in task order."""

    def __init__(self, catalogue: Catalogue, jobs: int, timeout: float, lang: str = "zh", lasting: bool = False) -> None:
        self.catalogue = catalogue
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.lang = lang
        #: Keep the workers (and their engines) from one ``run`` to the next, until ``close``:
        #: a Dask worker checks a run's files in many slices (run/cluster_worker.py).
        self.lasting = lasting
        # Failure results are rendered in the parent with the plain evaluator of the same
        # rule files: the parent never starts a durable-rules engine of its own.
        self._fallback_engine = PlainEngine(catalogue)
        self._context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self._workers: list[_Worker] = []

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Outcomes in task order. Stopping early (Ctrl-C, closing the iterator) stops the workers."""
        queue = iter(tasks)
        self._retry: deque[Task] = deque()
        ready: dict[int, Outcome] = {}
        next_index: int | None = None
        exhausted = False
        try:
            if not self._workers:
                self._workers = [self._start() for _ in range(self.jobs)]
            while True:
                for worker in self._workers:
                    while len(worker.tasks) < TASKS_IN_HAND and worker.done + len(worker.tasks) < FILES_PER_WORKER:
                        task = self._retry.popleft() if self._retry else (None if exhausted else next(queue, None))
                        if task is None:
                            exhausted = True
                            break
                        next_index = task.index if next_index is None else min(next_index, task.index)
                        worker.give(task)
                busy = [w for w in self._workers if w.tasks]
                if not busy:
                    break
                for outcome in self._collect(busy):
                    ready[outcome.task.index] = outcome
                while next_index is not None and next_index in ready:
                    yield ready.pop(next_index)
                    next_index += 1
            for index in sorted(ready):  # indices need not be contiguous
                yield ready.pop(index)
        except KeyboardInterrupt:
            # Hand over what was finished (in order, gaps skipped) before giving up.
            self.close()
            for index in sorted(ready):
                yield ready.pop(index)
            raise
        finally:
            if not self.lasting or any(worker.tasks for worker in self._workers):  # stopped early: files still in hand
                self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def _start(self) -> _Worker:
        return _Worker(self._context, self.catalogue, self.lang)

    def _collect(self, busy: list[_Worker]) -> list[Outcome]:
        """Wait for the first worker to finish a file, die or overrun; return what came of it."""
        wait_for = min(w.started for w in busy) + self.timeout - time.monotonic()
        handles = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        wait(handles, timeout=max(0.0, wait_for))
        outcomes: list[Outcome] = []
        now = time.monotonic()
        for worker in busy:
            outcomes.extend(self._poll(worker, now))
        return outcomes

    def _poll(self, worker: _Worker, now: float) -> list[Outcome]:
        received: list[Outcome] = []
        try:
            while worker.tasks and worker.connection.poll():
                received.append(worker.connection.recv())
                worker.finished_one()
        except (EOFError, OSError):
            pass  # the worker died mid-answer: handled below as a death
        task = worker.current
        if task is None:
            if worker.done >= FILES_PER_WORKER:
                self._replace(worker, kill=False)
            return received
        if not worker.process.is_alive():
            why_zh, why_en = _exit_reason(worker.process)
            return [*received, self._give_up(
                worker,
                f"检查此文件时工作进程意外终止（{why_zh}）；文件可能触发了程序缺陷，已跳过，其余文件照常检查",
                f"the worker checking this file died ({why_en}); the file may trigger a defect and was skipped, the other files were checked",
            )]
        if now - worker.started >= self.timeout:
            return [*received, self._give_up(
                worker,
                f"检查此文件超过 {self.timeout:g} 秒仍未完成，已中止（可在 --timeout 中调整时限）",
                f"checking this file took longer than {self.timeout:g} s and was stopped (see --timeout)",
            )]
        return received

    def _give_up(self, worker: _Worker, reason_zh: str, reason_en: str) -> Outcome:
        """The worker's current file fails; files it had not started go to another worker."""
        failed = worker.tasks.popleft()
        self._retry.extend(worker.tasks)
        self._replace(worker, kill=True)
        return self._failure(failed, reason_zh, reason_en)

    def _replace(self, worker: _Worker, kill: bool) -> None:
        position = self._workers.index(worker)
        worker.kill() if kill else worker.stop()
        self._workers[position] = self._start()

    def _failure(self, task: Task, reason_zh: str, reason_en: str) -> Outcome:
        result = failure_result(task.shown, reason_zh, reason_en, self.catalogue, self._fallback_engine, self.lang)
        return Outcome(task, result)

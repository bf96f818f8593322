"""One run over many files: each file checked (in workers, or in this process with ``debug``),
every result handed to every output in path order, counted, Ctrl-C honoured between results.

The command line and the Python API both run checks through here, so they cannot differ
in what a run does; they differ only in how they show it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from auditor.catalogue.rule_files import Catalogue
from auditor.findings.tally import RunTally
from auditor.formats.interface import ResultSink
from auditor.model import FileResult
from auditor.run.files import collect_files, shown_path
from auditor.run.interrupts import DeferredInterrupts
from auditor.run.pool import InProcessRunner, Outcome, Task, WorkerPool
from auditor.run.progress import Progress
from auditor.run.urls import is_url, url_tasks


class Runner(Protocol):
    """What checks a run's files: outcomes in task order; ``close`` stops whatever is still working."""

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class RunSettings:
    """How a run checks its files (defaults as on the command line)."""

    lang: str = "zh"
    #: Worker processes; None for one per core (never more than files).
    jobs: int | None = None
    #: Seconds one file may take before it is stopped and reported (D001).
    timeout: float = 30.0
    #: Check in this process and raise auditor's own errors instead of reporting them.
    debug: bool = False
    #: A Dask scheduler's address (tcp://host:port): check on its cluster instead of this machine.
    scheduler: str | None = None


@dataclass
class RunSummary:
    """What a run did: its totals, how many files it had, and whether Ctrl-C stopped it."""

    tally: RunTally = field(default_factory=RunTally)
    total: int = 0
    interrupted: bool = False


class OutputFailed(OSError):
    """An output could not be finished (a full disk, a vanished folder); the message names it."""


def file_tasks(paths: Sequence[Path | str], outputs: Sequence[Path] = ()) -> list[Task]:
    """The files a run checks, in path order, each with the path a reviewer will recognise (outputs left out).

    A URL (``file://``, ``s3://``, …) is listed where it points; see ``run.urls``.
    """
    tasks: list[Task] = []
    for given in paths:
        if is_url(given):
            tasks.extend(url_tasks(str(given), len(tasks), outputs))
        else:
            pairs = collect_files([Path(given)], outputs)
            tasks.extend(Task(len(tasks) + n, path, shown_path(path, folder)) for n, (folder, path) in enumerate(pairs))
    return tasks


def run_checks(
    tasks: Sequence[Task],
    catalogue: Catalogue,
    sinks: Sequence[ResultSink],
    settings: RunSettings = RunSettings(),
    progress: Progress | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> RunSummary:
    """Check every task, feed each result to every sink and close them; never raises on a file.

    Every sink is closed whatever happens (also on Ctrl-C, with what was finished); a sink
    that cannot finish its output raises OutputFailed once all have been tried.
    """
    summary = RunSummary(total=len(tasks))
    runner = _runner(catalogue, settings, len(tasks))
    try:
        with DeferredInterrupts() as interrupts:
            for outcome in runner.run(tasks):
                with interrupts.writing():
                    summary.tally.add(outcome.result)
                    if progress is not None:
                        progress.clear()
                    for sink in sinks:
                        sink.add(outcome.result)
                    if progress is not None:
                        progress.update(outcome.result)
                    if on_result is not None:
                        on_result(outcome.result)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        runner.close()
        if progress is not None:
            progress.finish()
        failures = _close_all(sinks)
    if failures:
        raise OutputFailed("; ".join(failures))
    return summary


def _runner(catalogue: Catalogue, settings: RunSettings, files: int) -> Runner:
    if settings.debug:
        return InProcessRunner(catalogue, settings.lang)
    if settings.scheduler is not None:
        from auditor.run.distributed import DaskRunner  # Dask is imported only for a run on a cluster

        return DaskRunner(settings.scheduler, catalogue, settings.timeout, settings.lang)
    jobs = min(settings.jobs or os.cpu_count() or 1, max(1, files))  # a single file needs one worker
    return WorkerPool(catalogue, jobs, settings.timeout, settings.lang)


def _close_all(sinks: Sequence[ResultSink]) -> list[str]:
    """Close every sink, each whatever the others do; the reasons of those that failed.

    A closed pipe (``auditor check … | head``) is not a failure to report: it is raised
    as it is, once every sink has been closed, for the command line to end quietly.
    """
    failures, pipe_closed = [], False
    for sink in sinks:
        try:
            sink.close()
        except BrokenPipeError:
            pipe_closed = True
        except OSError as exc:
            failures.append(f"{exc.filename or 'an output'}: {exc.strerror or exc}")
    if pipe_closed:
        raise BrokenPipeError
    return failures

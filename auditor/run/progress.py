"""A one-line progress display on stderr for long batches: files done/total, files/s, ETA, problems so far.

Shown only on a terminal (a log file or a pipe gets nothing) and never with --quiet;
it redraws at most ten times a second so that it costs nothing next to the checks.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from auditor.model import FileResult

_REDRAW_SECONDS = 0.1


class Progress:
    def __init__(self, total: int, lang: str = "zh", stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = total
        self.lang = lang
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.problems = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False
        #: Whether standard output goes to the same terminal (results printed between redraws).
        self._shares_terminal = self.enabled and sys.stdout.isatty()

    def update(self, result: FileResult) -> None:
        self.done += 1
        self.problems += len(result.findings)
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= _REDRAW_SECONDS or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\033[K")
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        """Take the line off the terminal before results are printed there (on standard output, which
        shares the terminal): else a file's table starts at the end of the progress line."""
        if self._shown and self._shares_terminal:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        remaining = (self.total - self.done) / rate if rate > 0 else 0.0
        eta = f"{int(remaining // 60)}:{int(remaining % 60):02d}"
        percent = 100 * self.done // self.total if self.total else 100
        if self.lang == "zh":
            return f"{self.done}/{self.total} 个文件（{percent}%） {rate:.1f} 个/秒  剩余约 {eta}  已发现问题 {self.problems} 条"
        return f"{self.done}/{self.total} files ({percent}%)  {rate:.1f} files/s  ETA {eta}  problems so far {self.problems}"

    def finish(self) -> None:
        """End the display: the last line stays above what follows, except on a terminal that also
        shows the results, whose own summary line follows."""
        if self._shares_terminal:
            self.clear()
        elif self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()

"""Ctrl-C that never lands in the middle of writing a result.

A batch stops on Ctrl-C and keeps what was finished; but an interrupt raised halfway
through writing one result would leave half a JSON line or a row in one output and
not the other. Inside ``writing()`` the interrupt is held back until the result is
written everywhere, then raised as usual.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class DeferredInterrupts:
    def __init__(self) -> None:
        self._writing = False
        self._pending = False
        self._previous: object = None

    def __enter__(self) -> DeferredInterrupts:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        if self._writing:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def writing(self) -> Iterator[None]:
        self._writing = True
        try:
            yield
        finally:
            self._writing = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt

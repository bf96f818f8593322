"""What an output format is: a plugin with a name, the file endings it writes, and a streaming sink.

Formats are found through the ``auditor.formats`` entry-point group (``registry``);
auditor's own are declared the same way in ``pyproject.toml``, so a new format is one
new module and one line there. ``--format NAME`` prints a format that can stream to
standard output; ``--output FILE`` writes whichever format takes the file's ending.

Batches can hold hundreds of thousands of files, so every output is a sink fed results
as they arrive (in path order) that never needs all of them at once; ``close``
finishes the output from whatever was added — also after Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO, runtime_checkable

from auditor.formats.files import finish_atomically, open_text_atomically
from auditor.model import FileResult


class ResultSink(Protocol):
    def add(self, result: FileResult) -> None:
        """Take one file's result (results arrive sorted by path)."""
        ...

    def close(self) -> None:
        """Finish the output; nothing is added after this."""
        ...


@dataclass(frozen=True)
class OutputOptions:
    """What every format may take into account: the language and the rule titles in it."""

    lang: str = "zh"
    #: Rule code → its title in ``lang`` (「资金明细合计与执行数不一致」), for summaries by rule.
    rule_titles: Mapping[str, str] = field(default_factory=dict)
    #: How many columns a text display has (the terminal's, for standard output).
    columns: int = 100
    #: 「存在的问题」 for publication leaves rule codes and cell references out; ``--with-cells`` keeps them.
    with_cells: bool = False
    #: Plain text rather than Markdown marks (``--plain``), for pasting into Word or WPS.
    plain: bool = False
    #: The files and folders the run was given, as typed: ``--annotate`` lays its copies out as
    #: the files lay under them.
    inputs: tuple[str, ...] = ()


@runtime_checkable
class ReportFormat(Protocol):
    """One output format. Attributes are read when the plugin is loaded."""

    #: The name ``--format`` takes (``json``).
    name: str
    #: The file endings ``--output`` writes in this format (``(".json",)``).
    suffixes: tuple[str, ...]
    #: Whether it can be printed to standard output (text), or only written to a file.
    streams: bool
    #: What it is, for ``--help`` and error messages: ``{"zh": …, "en": …}``.
    description: dict[str, str]

    def open_stream(self, out: TextIO, options: OutputOptions) -> ResultSink:
        """A sink printing to ``out`` (only called when ``streams``)."""
        ...

    def open_file(self, path: Path, options: OutputOptions) -> ResultSink:
        """A sink writing the file ``path``, which appears only when the sink is closed."""
        ...


class TextFormat:
    """Base of the text formats: a file is the stream output written to a temporary name and renamed."""

    name = ""
    suffixes: tuple[str, ...] = ()
    streams = True
    description: dict[str, str] = {}
    #: How the file is encoded (``utf-8-sig`` for a CSV Excel must open) and its line ends.
    encoding = "utf-8"
    newline: str | None = None

    def open_stream(self, out: TextIO, options: OutputOptions) -> ResultSink:
        raise NotImplementedError

    def open_file(self, path: Path, options: OutputOptions) -> ResultSink:
        handle, temporary = open_text_atomically(path, self.encoding, self.newline)
        try:
            sink = self.open_stream(handle, options)
        except BaseException:
            handle.close()
            temporary.unlink(missing_ok=True)
            raise
        return TextFileSink(sink, handle, temporary, path)


class TextFileSink:
    """A text format's sink writing to a temporary file, renamed to ``path`` on close."""

    def __init__(self, sink: ResultSink, handle: TextIO, temporary: Path, path: Path) -> None:
        self._sink, self._handle, self._temporary, self._path = sink, handle, temporary, Path(path)

    def add(self, result: FileResult) -> None:
        self._sink.add(result)

    def close(self) -> None:
        if self._handle.closed:
            return
        try:
            self._sink.close()
            self._handle.close()
        except BaseException:
            self._handle.close()
            self._temporary.unlink(missing_ok=True)
            raise
        finish_atomically(self._temporary, self._path)

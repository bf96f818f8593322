"""The machine-readable report (docs/RULES.md): one JSON document, streamed result by result.

``json``: the whole run as one document, written as results arrive so that a batch
never holds them all; ``jsonl``: one compact object per line, for very large batches.
Amounts in ``values`` are decimal strings, never floats.
"""

from __future__ import annotations

import json
from typing import TextIO

from pydantic_core import PydanticSerializationError

from auditor.formats.interface import OutputOptions, TextFormat
from auditor.model import FileResult

REPORT_VERSION = 1
_INDENT = "    "


def result_document(result: FileResult) -> dict[str, object]:
    return result.model_dump(mode="json")


def encoded_result(result: FileResult, indent: int | None = None) -> str:
    """A result as JSON text: ``json.dumps`` of its document (non-ASCII kept), indented or compact.

    pydantic's own encoder writes exactly that text, in a fifth of the time (the parent
    of a batch encodes every result); a text it refuses (a lone surrogate from an
    undecodable file name) goes the standard library's way.
    """
    try:
        return result.model_dump_json(indent=indent)
    except PydanticSerializationError:
        separators = None if indent is not None else (",", ":")
        return json.dumps(result_document(result), ensure_ascii=False, indent=indent, separators=separators)


class JsonSink:
    """Writes ``{"version": 1, "results": [...]}`` with each result as it comes."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0
        self.out.write(f'{{\n  "version": {REPORT_VERSION},\n  "results": [')

    def add(self, result: FileResult) -> None:
        text = encoded_result(result, indent=2)
        separator = ",\n" if self.count else "\n"
        self.out.write(separator + "\n".join(_INDENT + line for line in text.split("\n")))  # not splitlines(): U+2028 in a string is no line
        self.count += 1

    def close(self) -> None:
        self.out.write("\n  ]\n}\n" if self.count else "]\n}\n")
        self.out.flush()


class JsonLinesSink:
    """One JSON object per file per line: any prefix of the output is usable."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def add(self, result: FileResult) -> None:
        self.out.write(encoded_result(result) + "\n")

    def close(self) -> None:
        self.out.flush()


class JsonFormat(TextFormat):
    name = "json"
    suffixes = (".json",)
    description = {"zh": "JSON 报告（docs/RULES.md 所定格式）", "en": "the JSON report of docs/RULES.md"}

    def open_stream(self, out: TextIO, options: OutputOptions) -> JsonSink:
        return JsonSink(out)


class JsonLinesFormat(TextFormat):
    name = "jsonl"
    suffixes = (".jsonl",)
    description = {"zh": "每个文件一行 JSON", "en": "one JSON object per file per line"}

    def open_stream(self, out: TextIO, options: OutputOptions) -> JsonLinesSink:
        return JsonLinesSink(out)


JSON = JsonFormat()
JSONL = JsonLinesFormat()

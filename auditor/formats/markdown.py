"""The 「存在的问题」 section a reviewer pastes into the report: Markdown, or plain text for Word and WPS.

What it says and in which order is ``problems``' (shared with the Word section); here it
is only written down. Markdown: a heading per submission, its groups as subheadings,
the project's name in bold and the problems as a numbered list. ``--plain``: the same
lines without any Markdown mark (no ``#``, ``**`` or backticks, which a paste into
Word or WPS would show as they are), numbered as official documents are — 一、 for
each submission, （一） for each group, 1. for each problem — under one title line.
"""

from __future__ import annotations

from typing import TextIO

from auditor.formats.interface import OutputOptions, TextFormat
from auditor.formats.problems import (
    FILE_LINE,
    HEADING,
    NOTHING_FOUND,
    SubmissionProblems,
    outline_lines,
    problem_label,
    submission_problems,
)
from auditor.model import FileResult


class MarkdownFormat(TextFormat):
    name = "markdown"
    suffixes = (".md",)
    description = {"zh": "「存在的问题」（Markdown；--plain 为纯文本）", "en": "the 「存在的问题」 section (Markdown; plain text with --plain)"}

    def open_stream(self, out: TextIO, options: OutputOptions) -> MarkdownSink:
        return MarkdownSink(out, options)


FORMAT = MarkdownFormat()


class MarkdownSink:
    """One 「存在的问题」 section per submission, written as each arrives."""

    def __init__(self, out: TextIO, options: OutputOptions) -> None:
        self.out = out
        self.options = options
        self.submissions = 0

    def add(self, result: FileResult) -> None:
        problems = submission_problems(result, self.options.lang, self.options.with_cells)
        self.submissions += 1
        if self.options.plain:
            title = f"{HEADING[self.options.lang]}\n\n" if self.submissions == 1 else ""
            self.out.write(title + plain_section(problems, self.submissions, self.options) + "\n")
        else:
            self.out.write(markdown_section(problems, self.options) + "\n")

    def close(self) -> None:
        self.out.flush()


def markdown_section(problems: SubmissionProblems, options: OutputOptions) -> str:
    """One submission's problems in Markdown: headings, the project in bold, a numbered list."""
    lang = options.lang
    colon = "：" if lang == "zh" else ": "
    lines = [f"## {problems.title}{colon}{HEADING[lang]}", ""]
    if options.with_cells:
        lines += [f"{FILE_LINE[lang]}`{problems.path}`", ""]
    if not problems.groups:
        return "\n".join([*lines, NOTHING_FOUND[lang], ""])
    for group in problems.groups:
        lines += [f"### {group.label}", ""]
        for project in group.projects:
            lines += [f"**{project.name}**", ""]
            lines += [f"{problem_label(p.number)}{p.sentence}" for p in project.problems]
            lines.append("")
    return "\n".join(lines)


def plain_section(problems: SubmissionProblems, number: int, options: OutputOptions) -> str:
    """One submission's problems as plain lines, one paragraph each when pasted: 一、（一）1."""
    return "".join(f"{text}\n" for _, text in outline_lines(problems, number, options.lang, options.with_cells))

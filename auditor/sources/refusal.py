"""A refusal: the one exception by which every reader says "this file cannot be read, and here is why".

A file that is corrupt, encrypted, hostile, too large or of a kind auditor does not
read is the submitter's problem and becomes a D001 finding worded for a reviewer.
Anything *else* that goes wrong while reading is auditor's own bug and must not be
dressed up as the user's broken file; so readers raise :class:`Refused` for what they
understood to be wrong with the file, and let every other exception through.
"""

from __future__ import annotations


class Refused(Exception):
    """The file cannot be read; ``reason_zh``/``reason_en`` say why, for a reviewer (D001)."""

    def __init__(self, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


class PackageRefused(Refused):
    """A refusal from the zip and XML guards, worded for a workbook (「工作簿」, .xlsx).

    The guards are shared by every zip-based format; a reader of another one (a Word
    document) rewords these reasons for its own kind of file and leaves its own refusals be.
    """


def clip(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters, for quoting a file's words in a reason."""
    return text if len(text) <= width else text[: width - 1] + "…"

"""The finding of a file auditor failed on: its own bug, said as such, never blamed on the file.

A reader or the engine raising something other than a refusal means auditor has a
defect. The reviewer must not be told the file is broken (D001) when it may be fine, and
must not be told it is clean: the file gets this one finding, the run exits 3, and the
traceback goes to stderr for the maintainers. It is not a rule of the catalogue — no
condition decides it, and it is built without the engine, which may be what failed.
"""

from __future__ import annotations

from auditor.model import FileResult, Finding
from auditor.sources.refusal import clip

CODE = "E000"
NAME = "internal-error"


def internal_error_result(path: str, error: BaseException, traceback_text: str, lang: str) -> FileResult:
    """The result of a file whose check raised ``error``: status ``internal-error`` and one E000 finding."""
    what = f"{type(error).__name__}: {clip(str(error), 120)}" if str(error) else type(error).__name__
    if lang == "zh":
        message = (
            f"auditor 检查此文件时发生内部错误（{what}）。这是 auditor 自身的缺陷，不代表文件有问题，"
            "此文件未得出检查结论；请将此文件和错误信息（见标准错误输出）反馈给维护者。"
        )
    else:
        message = (
            f"auditor failed while checking this file ({what}). This is a defect in auditor, not a problem "
            "with the file, and no conclusion was reached on it; please report it to the maintainers with "
            "the file and the error shown on standard error."
        )
    result = FileResult(
        path=path,
        status="internal-error",
        findings=[Finding(rule=CODE, name=NAME, severity="error", message=message, values={"error": type(error).__name__})],
    )
    result._traceback = traceback_text
    return result

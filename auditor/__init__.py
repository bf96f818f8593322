"""auditor: screens project-expenditure performance self-evaluations (项目支出绩效自评) for contradictions.

The folders are the pipeline, each importing only from those below it: ``sources``
(guarded bytes) → ``readers`` (a file → ``model.Submission``, by reader plugins) →
``facts`` (flat, exact facts) → ``catalogue`` (the rule files) → ``engine``
(durable-rules) → ``findings`` (messages with cells and numbers) → ``formats`` (output
plugins) → ``run`` (files, workers, a whole batch) → ``cli`` and the Python API
(``auditor.check``, in ``api``). ``parsing`` turns text into exact values for all of them.
"""

import os
from importlib import metadata

# openpyxl writes other bytes (attribute order, declarations) when lxml is importable, and
# python-docx brings lxml in: keep openpyxl on the standard library's XML, as before, so that
# the same results still give the same screening workbook and sample files. Set before any
# module imports openpyxl; a user's own setting wins.
os.environ.setdefault("OPENPYXL_LXML", "False")

try:
    __version__ = metadata.version("auditor")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "unknown"


def __getattr__(name: str) -> object:
    """``auditor.check`` and ``auditor.Run``, imported on first use: the API brings pandas, which
    ``auditor --help`` and a single-file check must not wait for."""
    if name in ("check", "Run"):
        from auditor import api

        return getattr(api, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")


__all__ = ["Run", "__version__", "check"]

"""auditor: screens project-expenditure performance self-evaluations (项目支出绩效自评) for contradictions.

The folders are the pipeline, each importing only from those below it: ``sources``
(guarded bytes) → ``readers`` (a file → ``model.Submission``, by reader plugins) →
``facts`` (flat, exact facts) → ``catalogue`` (the rule files) → ``engine``
(durable-rules) → ``findings`` (messages with cells and numbers) → ``formats`` (output
plugins) → ``run`` (files, workers, a whole batch) → ``cli``. ``parsing`` turns text
into exact values for all of them.
"""

import os
from importlib import metadata

# openpyxl writes its XML with lxml whenever lxml is installed (python-docx brings it), and
# with the standard library otherwise; the two differ in bytes (``<v/>`` / ``<v />``).
# Workbooks auditor writes must be the same bytes on every machine, so openpyxl is held to
# the standard library's writer unless the user asked otherwise. This runs before any
# module of auditor imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

try:
    __version__ = metadata.version("auditor")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "unknown"

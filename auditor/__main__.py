"""``python -m auditor`` runs the command line, as the ``auditor`` script does."""

from auditor.cli import app

app()

# Two commands do all the set-up on a fresh machine (see README):
#   make demo   — install into .venv and check the bundled sample submissions
#   make test   — install into .venv and run the test suite
PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed

.PHONY: demo test samples bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/auditor check sample_submissions/ --fail-on never

test: $(STAMP)
	$(VENV)/bin/python -m pytest

samples: $(STAMP)
	$(VENV)/bin/python scripts/make_samples.py

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/readers.py
	$(VENV)/bin/python benchmarks/reports.py
	$(VENV)/bin/python benchmarks/check.py
	$(VENV)/bin/python benchmarks/batch.py

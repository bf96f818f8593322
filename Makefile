# Two commands do all the set-up on a fresh machine (see README):
#   make demo   — install into .venv and check the bundled sample submissions
#   make test   — install into .venv and run the test suite
#
# auditor runs on Python 3.11 and 3.12 only: durable-rules 2.0.28 (the rule engine) ships
# a C extension that does not import on 3.13 (PyEval_CallObject was removed). Another
# Python is refused before anything is installed, and .venv is rebuilt from scratch
# whenever it was made by another Python or for another pyproject.toml, so a failed
# first try never leaves a broken .venv behind to be reused.
PYTHON ?= python3
VENV ?= .venv
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
STAMP := $(VENV)/.installed-python$(PYTHON_VERSION)

.PHONY: demo test samples bench check-python libreoffice chromium

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 12) else 1)' 2>/dev/null || { \
		echo "auditor needs Python 3.11 or 3.12, but $(PYTHON) is $(or $(PYTHON_VERSION),not found)"; \
		echo "(durable-rules, its rule engine, does not import on Python 3.13). Try: make $(or $(MAKECMDGOALS),demo) PYTHON=python3.11"; \
		exit 1; }

$(STAMP): pyproject.toml | check-python
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/auditor check sample_submissions/ --fail-on never

# The tests of .doc/.wps/.et reading run LibreOffice, which auditor uses where it is installed
# (tests/test_office_conversion.py); on a machine without it, Debian's packages are installed.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
		echo "Installing LibreOffice (Calc and Writer) for the conversion tests …"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-calc libreoffice-writer; }

# The HTML report's tests load it in headless Chromium (tests/test_html_report.py); on a machine
# without it, Debian's package is installed, with a CJK font so that its screenshots show the Chinese.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium (headless) for the HTML report's browser tests …"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; }

test: $(STAMP) libreoffice chromium
	$(VENV)/bin/python -m pytest

samples: $(STAMP)
	$(VENV)/bin/python scripts/make_samples.py

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/per_reader.py
	$(VENV)/bin/python benchmarks/readers.py
	$(VENV)/bin/python benchmarks/formats.py
	$(VENV)/bin/python benchmarks/reports.py
	$(VENV)/bin/python benchmarks/pdf.py
	$(VENV)/bin/python benchmarks/html_pages.py
	$(VENV)/bin/python benchmarks/word_section.py
	$(VENV)/bin/python benchmarks/check.py
	$(VENV)/bin/python benchmarks/batch.py
	$(VENV)/bin/python benchmarks/cluster.py
	$(VENV)/bin/python benchmarks/speed.py

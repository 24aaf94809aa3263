# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := assessment

.PHONY: run test install install-test system-deps db demo-if-empty bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# An editable install in "compat" mode puts the project's folder on the import path, where it is found before a
# namespace folder of the same name (a `reports` folder beside where a worker or gunicorn starts), which the
# default mode's import hook is not: that folder stood in for the `reports` package and every PDF failed.
EDITABLE_MODE := --config-settings editable_mode=compat

$(VENV)/.installed: $(BIN)/python pyproject.toml Makefile
	$(BIN)/pip install --quiet -e . $(EDITABLE_MODE)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]' $(EDITABLE_MODE)
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-deps

# Chromium serves the browser tests and poppler turns PDFs into pages and text;
# both come from Debian. Installed only when missing (and only as root).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "Please install Debian's chromium and poppler-utils"; exit 1; fi; \
	fi

db: install
	$(BIN)/alignment db upgrade

demo-if-empty: db
	$(BIN)/alignment demo --if-empty

# Links in mails and pages (survey, password, the API example) name the port served, unless PUBLIC_URL says otherwise.
run: demo-if-empty
	PUBLIC_URL="$${PUBLIC_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/alignment run --host 127.0.0.1 --port $(PORT)

# One pytest worker per core (at most 4), each on a database of its own; a test module stays on one
# worker, so its servers and workers start once. PYTEST_ARGS="-n 0" runs in one process.
PYTEST_ARGS ?= -n auto --maxprocesses 4 --dist loadfile

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_reports.py

clean:
	rm -rf $(VENV) instance build *.egg-info

# doedocket: `make run` serves the dashboard on the bundled real data; `make test` sets up and runs
# every test (lint included) on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/doedocket.duckdb
PORT ?= 8501

.PHONY: run build test lint tools bench clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)

# Running needs the package alone; the tests add the [test] extras. Each has its own stamp, and
# installing the test set marks both, since it holds everything running needs.
$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	test -e $(DB) || $(VENV)/bin/doedocket build --db $(DB)
	$(VENV)/bin/doedocket serve --db $(DB) --address 127.0.0.1 --port $(PORT)

build: $(VENV)/.installed-run
	$(VENV)/bin/doedocket build --db $(DB)

# chromium, Java, 7zz and lbzip2: found, else installed with apt-get (.ci/tools).
tools:
	@.ci/tools

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check
	$(VENV)/bin/lint-imports

test: $(VENV)/.installed-test tools lint
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) bench/run.py

clean:
	rm -rf data/builds data/doedocket.duckdb .pytest_cache

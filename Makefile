# doedocket: `make run` serves the dashboard on the bundled real data; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/doedocket.duckdb
PORT ?= 8501

.PHONY: run build test bench clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	test -e $(DB) || $(VENV)/bin/doedocket build --db $(DB)
	$(VENV)/bin/doedocket serve --db $(DB) --address 127.0.0.1 --port $(PORT)

build: $(VENV)/.installed
	$(VENV)/bin/doedocket build --db $(DB)

test: $(VENV)/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf data/builds data/doedocket.duckdb .pytest_cache

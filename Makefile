# Two commands set everything up on a fresh machine with Python 3 and make:
#   make run    serve this repository's wiki on http://127.0.0.1:8000
#   make test   run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test lint build check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/sopgen serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

check: $(VENV)/.installed
	$(BIN)/sopgen check

build: $(VENV)/.installed
	$(BIN)/sopgen build

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/scale.py --full-nav 1000

clean:
	rm -rf $(VENV) site .pytest_cache

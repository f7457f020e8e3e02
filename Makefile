# newscrawl: set-up, demo, tests and benchmarks. Every target sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What each stamp installs into the virtualenv (each is redone when pyproject.toml changes):
#   .installed-base   newscrawl and its runtime dependencies (enough for the demo)
#   .installed-test   + the test extra (pytest, ruff, import-linter, selenium, ...)
#   .installed-bench  + the benchmark extra (other extractors to compare with)
BASE  = $(VENV)/.installed-base
TESTX = $(VENV)/.installed-test
BENCH = $(VENV)/.installed-bench

.PHONY: setup setup-system demo test test-fast lint bench bench-crawl bench-extraction bench-reparse clean

## setup: a virtualenv with newscrawl and its test/benchmark extras
setup: $(TESTX) $(BENCH)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(BASE): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TESTX): $(BASE)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(BENCH): $(BASE)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

## setup-system: Debian's headless Chromium + ChromeDriver for the browser tests, and
## redis-server for the distributed-mode tests (each test starts its own on loopback)
setup-system:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi
	@if ! command -v redis-server >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; \
	fi

## demo: the replica site on loopback, crawled into data/demo.db, served by Datasette
## (installs newscrawl alone: no test or benchmark extras, no browser)
demo: $(BASE)
	$(BIN)/newscrawl demo

## test: lint, then the whole suite (unit, end-to-end over loopback, Datasette, browser)
test: setup setup-system lint
	$(BIN)/pytest -q -p no:cacheprovider -n auto

## test-fast: the unit layer only: no test marked e2e (servers, crawls) or browser
test-fast: $(TESTX)
	$(BIN)/pytest -q -p no:cacheprovider -n auto -m "not e2e and not browser"

## lint: ruff, and the import layers of .importlinter (lint-imports)
lint: $(TESTX)
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/lint-imports --no-cache

bench: bench-crawl bench-extraction bench-reparse

bench-crawl: $(BENCH)
	$(BIN)/python benchmarks/crawl.py

bench-extraction: $(BENCH)
	$(BIN)/python benchmarks/extraction.py

bench-reparse: $(BENCH)
	$(BIN)/python benchmarks/reparse.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .import_linter_cache .grimp_cache

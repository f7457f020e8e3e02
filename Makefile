# newscrawl: set-up, demo, tests and benchmarks. Every target sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup setup-system demo test lint bench bench-crawl bench-extraction bench-reparse clean

## setup: a virtualenv with newscrawl and its test/benchmark extras
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

## setup-system: Debian's headless Chromium + ChromeDriver for the browser tests
setup-system:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

## demo: the replica site on loopback, crawled into data/demo.db, served by Datasette
demo: setup
	$(BIN)/newscrawl demo

## test: the whole suite (unit, end-to-end over loopback, Datasette process, browser)
test: setup setup-system
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check newscrawl tests benchmarks

bench: bench-crawl bench-extraction bench-reparse

bench-crawl: setup
	$(BIN)/python benchmarks/crawl.py

bench-extraction: setup
	$(BIN)/python benchmarks/extraction.py

bench-reparse: setup
	$(BIN)/python benchmarks/reparse.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

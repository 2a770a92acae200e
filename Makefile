# retold: `make demo` and `make test` work on a fresh machine (Python 3.11+, Debian).
VENV    ?= .venv
PY      := $(VENV)/bin/python
RETOLD  := $(VENV)/bin/retold
SHARED  ?= ../shared
DB      ?= retold.db
CHROMIUM ?= /usr/bin/chromium
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv demo test test-all eval bench chromium clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

venv: $(VENV)/.installed

# Debian's Chromium drives the browser tests (Playwright's Python API with executable_path).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null \
	    || echo "warning: could not install chromium; browser tests will be skipped with a reason"; \
	fi

demo: venv
	$(RETOLD) analyze $(SHARED)/corpus/seeds --db $(DB)
	$(RETOLD) export --db $(DB) --format json -o out/seeds.json
	$(RETOLD) stories --db $(DB)
	$(RETOLD) reuse --db $(DB)

test: venv chromium
	$(VENV)/bin/pytest

# The slow evaluations too (full eval sets), as the docs quote them.
test-all: venv chromium
	$(VENV)/bin/pytest -m ""

eval: venv
	$(RETOLD) eval seeds
	$(RETOLD) eval extraction
	$(RETOLD) eval reuse
	$(RETOLD) eval paraphrase
	$(RETOLD) eval stories
	$(RETOLD) eval quotes

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf out build .pytest_cache $(DB) $(DB)-wal $(DB)-shm

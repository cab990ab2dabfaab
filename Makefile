# newsroom: `make run` to try it, `make test` to test it. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADMIN_PASSWORD ?= newsroom-admin-demo
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: one per core. TEST_WORKERS=0 runs the suite in one process,
# as a debugger (--pdb) or a single test wants.
TEST_WORKERS ?= auto

.PHONY: install run test test-deep lint format bench backup screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsroom needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Absolute links (feeds, sitemaps, emails) point at the local server.
run: export NEWSROOM_SITE_URL = http://$(HOST):$(PORT)
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --admin-password "$(ADMIN_PASSWORD)"
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Logins (local demo only):"
	@echo "    admin     / $(ADMIN_PASSWORD)          site admin"
	@echo "    editor    / newsroom-editor-demo         editor"
	@echo "    ines      / newsroom-contributor-demo    contributor"
	@echo "    moderator / newsroom-moderator-demo      moderator"
	@echo "  Email is printed by the task worker, which runs beside the server."
	@echo ""
	DJANGO_DEBUG=1 $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The same, with every example the property tests declare (tests/conftest.py);
# `make test` tries at most a hundred each.
test-deep: install
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Reader pages under load against a bare Django baseline (bench/README.md).
# BENCH_ARGS=--small runs in under a minute; DATABASE_URL=postgres://... uses PostgreSQL.
bench: install
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# The README's screenshots (docs/screenshots/), from the browser tests.
screenshots: install
	NEWSROOM_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_pages.py -q

# A consistent copy of the SQLite database, safe while the site runs, in backups/
# (or BACKUP_ARGS='--output /path/file.sqlite3'). Runs with the site's own
# environment; locally: DJANGO_DEBUG=1 make backup. PostgreSQL: see the README.
backup: install
	$(BIN)/python manage.py backup_database $(BACKUP_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# The catalogue's tasks. `make run` and `make test` are all a newcomer needs.
# Everything installs into .venv (and node_modules for front-end packages).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# The suite runs on two processes (pytest-xdist), one per core of these machines.
PYTEST_ARGS ?= -n 2
# Runs a command with DATABASE_URL set: as given (environment or .env), or else the project's
# own embedded PostgreSQL (catalogue/localdb.py: started if needed, stopped afterwards).
WITH_DB := $(PY) -m catalogue.localdb run --

.PHONY: help install run serve test test-postgres system-packages lint migrations-check check seed \
	superuser clean screenshots db-start db-stop db-status

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

.env:
	$(PYTHON) -c 'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(50))' > $@
	@echo "Wrote .env with a new local SECRET_KEY."

install: $(STAMP) $(NODE_STAMP) .env  ## Create .venv and node_modules; install pinned dependencies
	test ! -d locale || $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

SEED_STEPS := $(PY) manage.py migrate --noinput && $(PY) manage.py load_seed && \
	$(PY) manage.py import_dataset fixtures/reforms.json && \
	$(PY) manage.py load_places && \
	$(PY) manage.py import_dataset fixtures/central.json && \
	$(PY) manage.py load_texts && \
	$(PY) manage.py setup_roles

seed: install  ## Migrate and load the seed data (idempotent)
	$(WITH_DB) sh -c '$(SEED_STEPS)'

# The job queue (docs/TEXT.md): CELERY_BROKER_URL when set, else Redis database 3 on
# 127.0.0.1:6379 when a Redis answers there — then a Celery worker runs beside gunicorn and
# stops with it (catalogue/queue.py, catalogue/gunicorn_conf.py; pid and log in .run/) —,
# else no broker: jobs run eagerly once the request's transaction commits.
QUEUE_STEP := broker=$$($(PY) -m catalogue.queue broker) && \
	if [ -n "$$broker" ]; then export CELERY_BROKER_URL="$$broker" CATALOGUE_RUN_WORKER=1; \
	echo "Job queue: a Celery worker beside gunicorn (log in .run/)"; \
	else echo "Job queue: no broker (no CELERY_BROKER_URL, no Redis on 127.0.0.1:6379): jobs run in the request, after it commits"; fi

run: install  ## Migrate, load the data, serve on http://127.0.0.1:8000 with a job worker (another port: make run PORT=8080)
	$(WITH_DB) sh -c '$(SEED_STEPS) && \
		$(PY) manage.py collectstatic --noinput --verbosity 0 && \
		$(QUEUE_STEP) && \
		exec $(BIN)/gunicorn catalogue.wsgi -c python:catalogue.gunicorn_conf \
		--bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips=127.0.0.1'

serve: run

superuser: install  ## Create an admin user interactively
	$(WITH_DB) $(PY) manage.py createsuperuser

db-start: install  ## Start the embedded PostgreSQL (.pg/; only used when DATABASE_URL is unset)
	$(PY) -m catalogue.localdb start

db-stop:  ## Stop the embedded PostgreSQL
	test ! -x $(PY) || $(PY) -m catalogue.localdb stop

db-status:  ## Is the embedded PostgreSQL running, and where
	$(PY) -m catalogue.localdb status

system-packages:  ## Install the Debian packages the tests use where missing (Chromium, Graphviz, Java, ...)
	@.ci/system-packages

test: install system-packages  ## Run the whole suite (on the embedded PostgreSQL unless DATABASE_URL is set)
	$(WITH_DB) $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install system-packages  ## Run the suite against the PostgreSQL server on 127.0.0.1:5432
	DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/catalogue} \
		$(PY) -m pytest $(PYTEST_ARGS)

screenshots: install  ## Regenerate docs/screenshots/ (main pages, desktop and phone; needs chromium)
	BROWSER_TESTS=required SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(PY) -m pytest -q \
		-p no:cacheprovider --liveserver=localhost:8099 tests/browser/test_browser_screenshots.py

lint: install  ## ruff
	$(PY) -m ruff check .

migrations-check: install  ## Fail if models and migrations disagree
	$(PY) manage.py makemigrations --check --dry-run

check: lint migrations-check  ## Lint, migrations and Django system checks
	$(PY) manage.py check

clean: db-stop  ## Remove the virtualenv, the embedded database (.pg/) and collected static files
	rm -rf $(VENV) .pg staticfiles node_modules

# --- operations (docs/OPERATIONS.md) and hardening (docs/SECURITY.md) ---------------------
.PHONY: backup restore deploy-check load-test
BACKUP_DIR ?= backups

backup: install  ## Back up the database and the JSON export into backups/<timestamp>/
	$(WITH_DB) $(PY) manage.py backup --dir $(BACKUP_DIR)

restore: install  ## Restore BACKUP=backups/<timestamp> into an EMPTY database (DATABASE_URL)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp>" >&2; exit 2; }
	$(WITH_DB) $(PY) manage.py restore "$(BACKUP)" $(RESTORE_ARGS)

deploy-check: install  ## manage.py check --deploy under production settings (HTTPS, DEBUG off)
	DEBUG=false SECURE_SSL=true $(PY) manage.py check --deploy --fail-level WARNING

load-test: install  ## 64 clients for 30 s on loopback over a mix of pages; fails on any 5xx
	$(WITH_DB) $(PY) bench/loadtest.py --prepare $(LOADTEST_ARGS)

# --- scale (docs/PERFORMANCE.md, docs/DEPLOYMENT.md) ----------------------------------------
.PHONY: bench demo-data
DOCUMENTS ?= 1000
SEED ?= 1

bench: install  ## Benchmark: 100.000-document PostgreSQL DB (built if missing; DOCUMENTS=1000000: its own DB), gunicorn + wrk, cold and warm, vs Datasette
	@command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && \
		echo "Installing wrk (the load generator)" && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
	$(PY) bench/run.py --update-docs $(if $(filter-out file default,$(origin DOCUMENTS)),--documents $(DOCUMENTS)) $(BENCH_ARGS)

demo-data: install  ## Add synthetic demo data beside the seed (DOCUMENTS=1000 SEED=1; DEMO_ARGS=--clear to redo)
	$(WITH_DB) sh -c '$(PY) manage.py migrate --noinput && \
		$(PY) manage.py generate_demo_data --documents $(DOCUMENTS) --seed $(SEED) $(DEMO_ARGS)'

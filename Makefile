# okrflow — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := okrflow/static/vendor

.PHONY: run test venv test-deps assets static messages check-i18n lint test-sqlite test-postgres bench loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files make the installs re-run only when the pins change.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.installed
test-deps: $(VENV)/.installed-test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Copy only the built files we serve; whitenoise serves them, no CDN at run time.
$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/sortablejs
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/sortablejs/Sortable.min.js $(VENDOR)/sortablejs/
	touch $@

assets: $(VENDOR)/.copied

static: venv assets
	$(BIN)/okrflow collectstatic --noinput --verbosity 0

# The compiled catalogues are committed; recompile when gettext is on the machine.
messages: venv
	@if command -v msgfmt >/dev/null; then $(BIN)/okrflow compilemessages --verbosity 0 --ignore=.venv --ignore=node_modules; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi

run: venv assets messages static
	$(BIN)/okrflow migrate --noinput --verbosity 0
	$(BIN)/okrflow demo --if-empty
	@echo ""
	@echo "  okrflow is running at http://127.0.0.1:$(PORT)/"
	@$(BIN)/okrflow demo --logins
	@echo ""
	@# The embedded default runs the job queue beside the server (mail, digests, the company board).
	$(BIN)/okrflow worker & trap 'kill $$!' EXIT; HTTPS=$${HTTPS:-false} $(BIN)/okrflow serve --port $(PORT)

lint: test-deps
	$(BIN)/ruff check .
	$(BIN)/okrflow makemigrations --check --dry-run --verbosity 0

# The whole suite on SQLite, then again on a throw-away PostgreSQL cluster, each spread over
# PYTEST_WORKERS processes (pytest-xdist; each worker has its own test database).
PYTEST_WORKERS ?= 2
test: test-deps assets messages lint test-sqlite test-postgres

test-sqlite: test-deps assets messages
	$(BIN)/okrflow collectstatic --noinput --verbosity 0
	$(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS)

test-postgres: test-deps assets messages
	scripts/with-postgres.sh $(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS)

# 10,000 people on SQLite, then 100,000 on a throw-away PostgreSQL cluster (docs/benchmarks.md).
bench: test-deps assets
	$(BIN)/python -m okrflow.bench
	$(BIN)/python -m okrflow.bench --people 100000 --database postgres --checkins-per-kr 4 --no-reimport

# The live rooms through the real endpoints (docs/benchmarks.md): one `okrflow serve` on SQLite,
# then two on a throw-away PostgreSQL with Redis; 60 participants for 90 s each time. Not in `make test`.
loadtest: test-deps
	$(BIN)/python -m okrflow.workshops.live.loadtest --participants 60 --seconds 90
	scripts/with-postgres.sh $(BIN)/python -m okrflow.workshops.live.loadtest --participants 60 --seconds 90 --processes 2

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles

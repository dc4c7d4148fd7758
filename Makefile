# The two commands: `make run` (demo on SQLite, no services needed) and `make test` (PostgreSQL + Redis).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# schemathesis lives in its own virtualenv: its PyPI `requests` must never meet our requests/ app.
FUZZ_VENV := .venv-fuzz
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=.venv-fuzz --ignore=build --ignore=static --ignore=tests --ignore=benchmarks \
	--ignore=staticfiles --ignore=media --ignore=var --ignore=test-artifacts --ignore=scripts --ignore=node_modules
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cmcoord
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
CHROMIUM_PATH ?= /usr/bin/chromium
PYTEST_ARGS ?=
# Coverage (with branches; the floor is fail_under in pyproject.toml) on the whole suite only: a run of a few
# tests (PYTEST_ARGS) would fall under the floor.
COVERAGE_ARGS ?= $(if $(PYTEST_ARGS),,--cov --cov-report=term:skip-covered)

TEST_ENV := DEBUG=0 SECRET_KEY=test-secret-key-not-for-production-0123456789abcdefghijklmnop \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) ALLOWED_HOSTS=localhost,127.0.0.1,testserver \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend CHROMIUM_PATH=$(CHROMIUM_PATH) \
	FUZZ_SCHEMATHESIS=$(CURDIR)/$(FUZZ_VENV)/bin/schemathesis
# What production sets (manage.py check --deploy must be clean with it).
DEPLOY_ENV := DEBUG=0 SECRET_KEY=deploy-check-secret-key-0123456789abcdefghijklmnopqrstuvwxyz \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) ALLOWED_HOSTS=cmcoord.example.org
RUN_ENV := DEBUG=1 DATABASE_URL= REDIS_URL= EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend

.PHONY: run test lint format chromium gettext messages makemessages services-check clean assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt ".[test]"
	touch $@ $(VENV)/.installed-run

# Front-end assets, built from the npm registry (package-lock.json pins them): Leaflet vendored into
# static/vendor/leaflet and the Natural Earth basemap into static/maps. Generated, not committed.
MAP_ASSETS := static/maps/basemap.geojson
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(MAP_ASSETS): node_modules/.package-lock.json scripts/build_map_assets.mjs
	node scripts/build_map_assets.mjs

assets: $(MAP_ASSETS)

$(FUZZ_VENV)/.installed: fuzz/requirements.txt
	$(PYTHON) -m venv $(FUZZ_VENV)
	cd /tmp && $(CURDIR)/$(FUZZ_VENV)/bin/pip install --quiet --upgrade pip
	cd /tmp && $(CURDIR)/$(FUZZ_VENV)/bin/pip install --quiet -r $(CURDIR)/fuzz/requirements.txt
	touch $@

run: $(VENV)/.installed-run messages assets
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000  (emails are written to var/mail/)"
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

chromium:
	@[ -x "$(CHROMIUM_PATH)" ] || { echo "Installing Debian's chromium for the browser tests..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# The catalogues (locale/*/LC_MESSAGES/django.po) are compiled here; the .mo files are built, never committed.
gettext:
	@command -v msgfmt >/dev/null || { echo "Installing Debian's gettext for the translation catalogues..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gettext >/dev/null; }

messages: $(VENV)/.installed-run gettext
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=build --verbosity 0

# After adding or changing a string: refresh the catalogues, then translate the new entries.
makemessages: $(VENV)/.installed-run gettext
	DEBUG=1 $(BIN)/python manage.py makemessages --no-obsolete --no-wrap --add-location=file -l fr -l es -l ar -l pt $(MAKEMESSAGES_IGNORE)

services-check: $(VENV)/.installed-test
	@$(TEST_ENV) $(BIN)/python scripts/check_services.py

test: $(VENV)/.installed-test $(FUZZ_VENV)/.installed chromium messages assets services-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	@if command -v docker-compose >/dev/null; then SECRET_KEY=compose-check docker-compose config -q; \
	elif docker compose version >/dev/null 2>&1; then SECRET_KEY=compose-check docker compose config -q; fi
	$(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/mypy
	$(TEST_ENV) $(BIN)/pytest $(COVERAGE_ARGS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) $(FUZZ_VENV) db.sqlite3 staticfiles var .pytest_cache .ruff_cache .mypy_cache .coverage
	rm -rf node_modules static/vendor $(MAP_ASSETS) static/maps/BASEMAP-LICENSE.txt static/maps/detail

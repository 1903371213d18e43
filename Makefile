# Directive Tracker — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export TEST_POSTGRES_URL

.PHONY: run test smoke venv install install-dev lint check-migrations test-sqlite test-postgres clean worker web

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %s)" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: venv, install, migrate (SQLite), demo, serve with the embedded worker.
run: install
	bash scripts/ensure-ocr.sh
	@mkdir -p var/broker/queue var/broker/processed var/broker/control var/media
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v 0
	@bash scripts/run-embedded.sh $(PORT)

## make test: lint, migrations check, the suite on SQLite and on PostgreSQL.
test: install-dev
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-ocr.sh
	bash scripts/test.sh

## make smoke: scaled mode from a venv built from requirements.txt alone (PostgreSQL, Redis).
smoke:
	bash scripts/scaled-smoke.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/python scripts/check_view_length.py

clean:
	rm -rf $(VENV) var db.sqlite3 tests/artifacts

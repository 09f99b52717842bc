# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint schema schema-check migrations-check install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runportal

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

schema: $(STAMP)
	$(PY) manage.py spectacular --file docs/api/openapi-v1.yaml --validate --fail-on-warn

schema-check: $(STAMP)
	$(PY) manage.py spectacular --file var/openapi-check.yaml --validate --fail-on-warn
	diff -u docs/api/openapi-v1.yaml var/openapi-check.yaml

clean:
	rm -rf var/broker var/test-* var/celerybeat-schedule*

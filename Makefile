# The two commands of the README:
#   make run    set up and run the product (Docker: PostgreSQL + Odoo 18 + add-ons + a simulated balance)
#   make test   run every test: pytest layer always, in-Odoo layer when an Odoo 18 is found
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench venv

$(PY): requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(PY)

venv: $(PY)

run:
	docker compose -f docker/compose.yaml up

test: $(PY)
	$(PY) tools/run_tests.py $(ARGS)

PYLINT_OFF := prefer-env-translation,missing-readme,manifest-maintainers-list,website-manifest-key-not-valid-uri,consider-merging-classes-inherited,no-raise-unlink

lint: $(PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pylint --rcfile=.pylintrc --disable=$(PYLINT_OFF) addons/gold_units addons/gold_mes

bench: $(PY)
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

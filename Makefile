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

lint: $(PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(PY)
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

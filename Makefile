# The two commands of the README:
#   make run    a demo workshop: Docker where an engine answers, else a local Odoo 18
#               (PostgreSQL + Odoo 18 + add-ons + a virtual balance behind the scale proxy)
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

run: $(PY)
	$(PY) tools/run_demo.py $(ARGS)

test: $(PY)
	$(PY) tools/run_tests.py $(ARGS)

PYLINT_OFF := prefer-env-translation,missing-readme,manifest-maintainers-list,website-manifest-key-not-valid-uri,consider-merging-classes-inherited,no-raise-unlink

lint: $(PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pylint --rcfile=.pylintrc --disable=$(PYLINT_OFF) addons/gold_units addons/gold_mes

bench: $(PY)
	$(PY) tools/run_bench.py $(ARGS)

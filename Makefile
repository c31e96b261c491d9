# Two commands for a newcomer: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test

# Reinstall only when requirements.txt changes.
$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

install: $(INSTALLED)

# Local development runs with DEBUG on unless the environment says otherwise.
run: export DJANGO_DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest seeds/
	@echo "Diplomatic News Browser is serving on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

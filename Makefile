# Partner Center — `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

# The newest Python >= 3.12 we can find: .python-version through pyenv, then python3.13, python3.12, python3.
PYTHON_FOR_VENV := $(shell \
	for c in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 python3; do \
		[ -n "$$c" ] || continue; \
		p=$$(command -v "$$c" 2>/dev/null) || continue; \
		"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; \
	done)

HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test smoke bench lint format clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "Partner Center needs Python 3.12 or newer (3.13 preferred). Install it (e.g. 'pyenv install 3.13') and try again." >&2; \
		exit 1; \
	fi
	@[ -x $(PY) ] || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

# Web, a Celery worker and beat, on SQLite and a broker that needs no server (unless
# DATABASE_URL / REDIS_URL say otherwise). Ctrl-C stops all three.
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Partner Center: http://$(HOST):$(PORT)/  (demo logins in README.md; Ctrl-C stops it)"
	$(VENV)/bin/honcho --procfile Procfile.dev start

# One pytest-xdist worker per core (TEST_WORKERS=1 for a single process).
TEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The product as compose runs it (DEBUG=0, TLS proxy, worker, beat, SMTP) and one browser journey.
smoke: $(STAMP)
	bash .ci/smoke.sh

bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .run

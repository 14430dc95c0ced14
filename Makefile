# `make run`: set everything up and serve the app with its data on http://127.0.0.1:8000
# `make test`: install what the tests need and run the suite (PostgreSQL when DATABASE_URL says so)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers by default (pytest-xdist): the suite is CPU-bound in Django; PYTEST_ARGS= runs it serially.
PYTEST_ARGS ?= -n auto

.PHONY: run test serve setup lint format check lock clean openapi

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

# A secret key for this machine, made once and kept out of git.
.env:
	@$(PYTHON) -c 'import secrets; print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > .env
	@echo "Wrote .env with a new DJANGO_SECRET_KEY."

setup: $(VENV)/.runtime-installed .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py create_local_admin

run: setup serve

serve:
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at /admin/, API at /api/v1/). Ctrl-C stops."
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --worker-class gthread --threads 4 \
		--access-logfile -

test: $(VENV)/.dev-installed .env
	scripts/ensure-chromium
	scripts/ensure-redis-server
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.dev-installed .env
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy blocs config

# The API schema, committed as docs/openapi.yaml (a test compares it with /api/schema/).
openapi: $(VENV)/.dev-installed .env
	$(BIN)/python manage.py spectacular --file docs/openapi.yaml --validate --fail-on-warn

# Re-pin every dependency (after editing pyproject.toml).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header --annotation-style=line --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-header --annotation-style=line --no-emit-index-url --no-emit-find-links \
		--extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis .ruff_cache .mypy_cache

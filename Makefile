# The two commands a new machine needs (see README): `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run test lint install install-dev chromium oidc-mock axe lock clean

$(VENV)/.installed: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## The demo: install, make (or upgrade) the demo database with its invented service, start the app on it.
## Always the demo's own SQLite file: real use sets DATABASE_URL (unset: data/screening.db, never demo data).
DEMO_DATABASE_URL := sqlite:///$(CURDIR)/data/demo.db
run: export DATABASE_URL = $(DEMO_DATABASE_URL)
## Two servers, as a trust runs them: the staff app on 8501, the remote questionnaire on 8502 (docs/remote.md).
run: export SCREENING_REMOTE_URL ?= http://localhost:8502
run: $(VENV)/.installed
	@echo "Demo mode: invented patients in data/demo.db, apart from real data (data/screening.db)."
	$(PY) -m screening init-db --demo
	@echo "Staff app: http://localhost:8501   Questions before the visit (secure links): http://localhost:8502"
	trap 'kill 0' EXIT; $(PY) -m streamlit run remote_app.py --server.port 8502 & $(PY) -m streamlit run serve.py --server.port 8501

## Install what the tests need (including Debian's Chromium), check the house rules, run the whole suite.
## The suite runs in PYTEST_WORKERS processes (pytest-xdist; default one per core; 0 runs it in
## this process), whole test modules at a time so a module's fixtures are made once.
PYTEST_WORKERS ?= auto
test: lint $(VENV)/.installed-dev chromium oidc-mock axe
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadscope --cov --cov-report=term-missing

## The house rules, set in pyproject.toml: lint and format (ruff), the import contracts
## (import-linter), types (mypy, strict on the pure rules).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

chromium:
	@test -x "$(CHROMIUM_PATH)" || sh scripts/install-chromium.sh

## The mock OpenID Connect provider for the identity-provider browser tests, in its own venv
## (.venv-oidc); the browser test fixture runs the same script, so pytest alone works too.
oidc-mock:
	@sh scripts/oidc-mock-venv.sh >/dev/null

## axe-core from the npm registry (.axe/), for the accessibility checks of the browser journeys;
## tests/browser/accessibility.py runs the same script, so pytest alone works too.
axe:
	@sh scripts/axe-core.sh >/dev/null

## Re-pin every transitive package after a change to requirements*.txt.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements-dev.txt
	(echo "# Every package the app and tests install, pinned exactly (pip freeze of a clean install)."; \
	 echo "# Regenerate after changing requirements*.txt: make lock"; \
	 .venv-lock/bin/pip freeze) > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-oidc .axe .pytest_cache .coverage test-artifacts

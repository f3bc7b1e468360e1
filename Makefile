# connect-help: every command does its own set-up on a fresh machine.
#   make serve   build the site and serve it with the API on http://127.0.0.1:$(PORT)
#   make test    run every test (unit, build, Pyodide, browser, API)
#   make site    build the static site into site/

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PORT

.PHONY: serve test site setup browser catalogs-extract catalogs-update catalogs-compile paths bench clean

# --- set-up ------------------------------------------------------------------------------
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# --- build -------------------------------------------------------------------------------
site: setup
	$(PY) -m sitebuild

# --- run -----------------------------------------------------------------------------------
serve: site
	$(PY) -m server --port $(PORT)

# --- test ----------------------------------------------------------------------------------
test: setup browser
	$(PY) -m pytest

# --- content -------------------------------------------------------------------------------
catalogs-extract: setup
	$(VENV)/bin/pybabel extract -F locales/site-babel.cfg -o locales/site.pot --no-location --omit-header --sort-output .

catalogs-update: catalogs-extract
	$(VENV)/bin/pybabel update -D site -i locales/site.pot -d locales -w 100 --omit-header

clean:
	rm -rf site var .pytest_cache

# connect-help: every command does its own set-up on a fresh machine.
#   make serve   build the site and serve it with the API on http://127.0.0.1:$(PORT)
#   make test    run every test (unit, build, Pyodide, browser, API)
#   make site    build the static site into site/

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BABEL := $(PY) -m babel.messages.frontend
GUIDE_LANGUAGES := de it en
export PORT

.PHONY: serve test site setup browser catalogs-extract catalogs-update catalogs-compile paths stdlib-keep bench clean

# --- set-up ------------------------------------------------------------------------------
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pure wheels that Pyodide loads (the versions of requirements.txt), fetched from PyPI at set-up.
var/wheels/.fetched: requirements.txt tests/pyodide/fetch_wheels.py | $(VENV)/.installed
	$(PY) tests/pyodide/fetch_wheels.py
	touch $@

setup: $(VENV)/.installed node_modules/.installed var/wheels/.fetched

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# --- build -------------------------------------------------------------------------------
site: setup catalogs-compile
	$(PY) -m sitebuild

# --- run -----------------------------------------------------------------------------------
# The API starts with a small demo registry (var/), whose codes the README lists.
serve: site
	$(PY) -m codecheck demo
	$(PY) -m server --port $(PORT)

# --- test ----------------------------------------------------------------------------------
test: setup browser catalogs-compile
	$(PY) -m pytest

# --- content: catalogs (Babel) and the guide's list of paths ---------------------------------
# The site's strings (theme, build templates, nav) and the guide's are two domains.
catalogs-extract: setup
	mkdir -p var/catalogs
	$(BABEL) -q extract -F locales/site-babel.cfg --no-location --omit-header --sort-output -o var/catalogs/site.pot .
	$(BABEL) -q extract -F babel.cfg -k N_ --no-location --sort-by-file --project=connect-help \
	  --copyright-holder=connect-help -w 100 -o var/catalogs/guide.pot .

catalogs-update: catalogs-extract
	$(BABEL) -q update -D site -i var/catalogs/site.pot -d locales -w 100 --omit-header
	$(BABEL) -q update -D guide -i var/catalogs/guide.pot -d locales -w 100 --ignore-pot-creation-date

# The guide's .mo files ship inside the package (and its wheel); the site reads site.po directly.
catalogs-compile: setup
	@for lang in $(GUIDE_LANGUAGES); do mkdir -p guide/locales/$$lang/LC_MESSAGES && \
	  $(BABEL) compile -D guide -l $$lang -i locales/$$lang/LC_MESSAGES/guide.po \
	    -o guide/locales/$$lang/LC_MESSAGES/guide.mo || exit 1; done

# Every path through the guide, checked in (guide/paths.txt): a change to the tree shows in review.
paths: setup
	$(PY) -m guide.paths

# The standard library's parts the guide needs in the browser (sitebuild/pyc/stdlib-keep.txt),
# traced inside Pyodide on the built site's wheels; then `make site` again.
stdlib-keep: site
	node sitebuild/pyc/trace_imports.mjs $$(ls site/_runtime/guide-runtime.*.json) > sitebuild/pyc/stdlib-keep.txt.new
	mv sitebuild/pyc/stdlib-keep.txt.new sitebuild/pyc/stdlib-keep.txt

bench: setup browser catalogs-compile
	$(PY) bench/site_build.py
	$(PY) bench/api.py
	$(PY) bench/guide_browser.py --runs 5

clean:
	rm -rf site var .pytest_cache

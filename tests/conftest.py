"""Fixtures shared by every test folder: the built site, a live server, a real browser."""

import os
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

import siteconfig  # noqa: E402
from tests import schedule  # noqa: E402

# The site's languages (site.toml), for parametrising: tests loop over these, never a typed list.
SITE_LANGUAGES = tuple(siteconfig.load(ROOT / "site.toml").language_codes)
TRANSLATED_LANGUAGES = tuple(lang for lang in SITE_LANGUAGES if lang != "fr")
# The visitors' browser: Debian's Chromium, for the benchmarks and Lighthouse (bench/).
CHROMIUM = "/usr/bin/chromium"
# The tests' browser: Debian's chromium-headless-shell, the same Chromium (same version, Blink
# and V8) built without a browser window, as Playwright itself runs headless tests. The full
# browser in headless mode still runs its window's machinery; on the browser tests the shell
# takes about a third less time (tests/browser, two workers: 288 s against 430 s).
TEST_CHROMIUM = "/usr/bin/chromium-headless-shell"
# Headless Chromium as root on a machine with no network but loopback: without these flags it
# keeps trying to reach Google's services.
# How long a browser action or wait may take before the test fails: long enough for a machine
# loaded by the other test workers (Playwright's own 30 s was once too short there), so that it
# fails a hung test and paces none (every wait is for a condition).
BROWSER_TIMEOUT_MS = 120_000
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The tests' browsers, not the benchmarks': V8 runs Pyodide's WebAssembly with its baseline
# compiler only. Its optimising tier recompiles the hot functions in the background, about 1.5 s
# of CPU on each of the suite's many runtime starts (a start: 4.0 s of Chromium's CPU, 2.5 s
# with this), which the tests, checking behaviour and never timings, do not need. bench/ measures
# what visitors get and keeps V8's defaults.
TEST_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--js-flags=--liftoff-only"]


# What a test needs, told by the fixtures it uses (their whole closure), so that markers select
# by need: `pytest -m "not browser and not pyodide and not services"` is the inner loop (make
# test-quick). A test that starts a server itself, without these fixtures, is marked by hand.
BROWSER_FIXTURES = {"browser", "page"}
SERVICE_FIXTURES = {"postgres_server", "redis_server", "hosting"}
SERVICE_ENGINES = {"postgresql+redis"}


# Fixtures that build a whole copy of the site (tests/translations/conftest.py): the tests that
# share one run in one test process (pytest-xdist's --dist loadgroup), which builds it once.
SHARED_BUILDS = ("lagging", "recorded")
SITE_BUILDER = pytest.StashKey()


def _test_group(item) -> str | None:
    """The xdist group of a test: the tests of one costly fixture together, else none (any worker)."""
    needs = getattr(item, "fixturenames", ())
    for name in SHARED_BUILDS:
        if name in needs:
            return name
    # A module whose tests share a module-scoped fixture (a browser tab with the guide's runtime
    # started, a server, a build) runs in one process: split, each process would set it up again.
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    if any(definition.scope == "module" for defs in definitions.values() for definition in defs):
        return item.module.__name__
    return None


@pytest.hookimpl(tryfirst=True)    # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("engine") if callspec else None
        if needs & SERVICE_FIXTURES or engine in SERVICE_ENGINES:
            item.add_marker(pytest.mark.services)
        group = _test_group(item)
        if group and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(group))
    # The order the workers take them in (tests/schedule.py): the modules that need no built site
    # first (they run while it builds, pytest_collection_finish), the costliest units first.
    needs_site = {item.module.__name__ for item in items if "site_dir" in getattr(item, "fixturenames", ())}
    schedule.order(items, needs_site)


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    if any("site_dir" in getattr(item, "fixturenames", ()) for item in session.items):
        from tests.built_site import start_building

        session.config.stash[SITE_BUILDER] = start_building()


def pytest_sessionfinish(session):
    builder = session.config.stash.get(SITE_BUILDER, None)
    if builder is not None:
        builder.wait()      # left running, it would outlive the run


@pytest.fixture(scope="session")
def site_config():
    """The repository's site.toml, read and checked (siteconfig.SiteConfig)."""
    import siteconfig

    return siteconfig.load(ROOT / "site.toml")


@pytest.fixture(scope="session")
def languages(site_config):
    return site_config.language_codes


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The whole site (strict: any warning fails the build), built once for all the test
    processes and reused while the tree is unchanged (tests/built_site.py). Read it, never write
    to it: a test that changes the site works on a copy."""
    from tests.built_site import built_site

    return built_site()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """uvicorn in a thread, serving an ASGI app on a free loopback port."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(site_dir, languages, tmp_path_factory):
    """The whole product (site + API) as `make serve` runs it, on a free port."""
    # The API is part of the product: if it does not import, the fixture errors (no site-only fallback).
    from codecheck.app import create_app as create_api
    from server.app import create_app

    state = tmp_path_factory.mktemp("codecheck")
    os.environ.setdefault("CODECHECK_DB", str(state / "codes.sqlite3"))
    os.environ.setdefault("CODECHECK_SECRET_FILE", str(state / "secret"))
    api_app = create_api()
    with LiveServer(create_app(site_dir, languages, api_app=api_app)) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL cluster for the session (tests/services.py)."""
    from tests.services import Postgres

    server = Postgres()
    yield server
    server.close()


@pytest.fixture(scope="session")
def redis_server():
    """A throw-away Redis for the session (tests/services.py)."""
    from tests.services import Redis

    server = Redis()
    yield server
    server.close()


def _patient(target):
    """A browser context or page whose actions and navigations fail after BROWSER_TIMEOUT_MS."""
    target.set_default_timeout(BROWSER_TIMEOUT_MS)
    target.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    return target


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (TEST_CHROMIUM) driven by Playwright. Fails, never skips, when it is missing."""
    from playwright.sync_api import sync_playwright

    assert Path(TEST_CHROMIUM).exists(), \
        "Debian's chromium-headless-shell is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=TEST_CHROMIUM, args=TEST_CHROMIUM_ARGS)
        new_context, new_page = browser.new_context, browser.new_page
        browser.new_context = lambda *args, **kwargs: _patient(new_context(*args, **kwargs))
        browser.new_page = lambda *args, **kwargs: _patient(new_page(*args, **kwargs))
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()

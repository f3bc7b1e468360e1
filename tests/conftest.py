"""Fixtures shared by every test folder: the built site, a live server, a real browser."""

import os
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

import siteconfig  # noqa: E402

# The site's languages (site.toml), for parametrising: tests loop over these, never a typed list.
SITE_LANGUAGES = tuple(siteconfig.load(ROOT / "site.toml").language_codes)
TRANSLATED_LANGUAGES = tuple(lang for lang in SITE_LANGUAGES if lang != "fr")
CHROMIUM = "/usr/bin/chromium"
# Headless Chromium as root on a machine with no network but loopback: without these flags it
# keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def site_config():
    """The repository's site.toml, read and checked (siteconfig.SiteConfig)."""
    import siteconfig

    return siteconfig.load(ROOT / "site.toml")


@pytest.fixture(scope="session")
def languages(site_config):
    return site_config.language_codes


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The whole site, built once per test session (strict: any warning fails the build)."""
    from sitebuild.build import build_site

    target = tmp_path_factory.mktemp("site")
    build_site(site_dir=target)
    return target


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


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Fails, never skips, when Chromium is missing."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()

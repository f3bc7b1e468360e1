"""The visitor's data plan (guide/main.js): when the browser asks to save data
(navigator.connection.saveData, sent as `Save-Data: on`) or the connection is 2G, the guide's
runtime (some 5 MB on a first visit) starts on the visitor's first interaction with the guide,
not when the page is idle; meanwhile the static pages work as without JavaScript. The server
notes what reaches it: the worker's script and the runtime's files, or not."""
from __future__ import annotations

import re

import pytest

from server.app import create_app
from tests.conftest import LiveServer

from .guide_journeys import READY, START_TIMEOUT_MS, GuideTab, connection, texts_for

pytestmark = pytest.mark.browser
RUNTIME_REQUEST = re.compile(r"/assets/javascripts/guide/worker\.[0-9a-f]+\.js$|^/_runtime/")


class Noting:
    """The server, noting the path of every request that reaches it."""

    def __init__(self, app):
        self.app, self.paths = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)

    def runtime_requests(self) -> list[str]:
        return [path for path in self.paths if RUNTIME_REQUEST.search(path)]


@pytest.fixture
def noted_server(site_dir, languages):
    noting = Noting(create_app(site_dir, languages))
    with LiveServer(noting) as server:
        yield server, noting


def open_tab(browser, server, site_config, save_data: bool, effective_type: str = "4g"):
    headers = {"Save-Data": "on"} if save_data else {}
    context = browser.new_context(extra_http_headers=headers)
    context.add_init_script(connection(save_data, effective_type))
    return context, GuideTab(context.new_page(), server.url, texts_for(site_config, "fr"))


@pytest.mark.parametrize("save_data, effective_type", [(True, "4g"), (False, "2g"), (False, "slow-2g")],
                         ids=["save-data", "2g", "slow-2g"])
def test_the_runtime_waits_for_the_first_click_when_the_visitor_saves_data(
        browser, noted_server, site_config, save_data, effective_type):
    server, noting = noted_server
    context, tab = open_tab(browser, server, site_config, save_data, effective_type)
    try:
        tab.page.goto(tab.url())
        tab.page.wait_for_load_state("load")
        # Past the moment the runtime starts for other visitors: the browser's idle callback after
        # the load (the page's own, asked for first, has run), then no request left on its way.
        tab.page.evaluate("() => new Promise((done) => requestIdleCallback(done, {timeout: 1000}))")
        tab.page.wait_for_load_state("networkidle")
        assert noting.runtime_requests() == []
        assert tab.page.evaluate("document.documentElement.dataset.guideRuntime") == "waiting"
        assert not tab.page.evaluate("performance.getEntriesByName('guide-worker-created').length")
        # The static pages work meanwhile: an answer loads the next page from the server.
        tab.page.evaluate("window.__sameDocument = true")
        tab.answer(["regain-access"])
        assert not tab.same_document()
        assert noting.runtime_requests() == []
        # The first click in the guide that stays on the page starts it; then steps come in the page.
        tab.page.locator("article .guide h1").click()
        tab.page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
        assert noting.runtime_requests()
        tab.page.evaluate("window.__sameDocument = true")
        tab.start_again()
        assert tab.same_document()
    finally:
        context.close()


def test_otherwise_the_runtime_starts_once_the_page_is_idle(browser, noted_server, site_config):
    server, noting = noted_server
    context, tab = open_tab(browser, server, site_config, save_data=False)
    try:
        tab.page.goto(tab.url())
        tab.page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)   # no click
        assert noting.runtime_requests()
        names = tab.page.evaluate("performance.getEntriesByType('mark').map((mark) => mark.name)")
        assert {"guide-worker-created", "guide-idle", "guide-ready"} <= set(names)
    finally:
        context.close()

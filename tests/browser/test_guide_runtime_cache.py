"""The guide's runtime as a browser gets it: the bytecode standard library, wheels and memory
snapshot from their hashed folders, brotli-compressed, kept for good; a returning visitor's browser asks the server
for the page and no runtime file (a browser profile on disk, as a visitor's)."""
import re

import pytest

from server.app import create_app
from tests.conftest import TEST_CHROMIUM, TEST_CHROMIUM_ARGS, LiveServer

from .guide_journeys import READY

pytestmark = pytest.mark.browser
START_TIMEOUT_MS = 180_000
HASHED_RUNTIME = re.compile(r"/_runtime/(pyodide|stdlib|wheels|snapshot)/[0-9a-f]{16}/[^/]+$")


class Counting:
    """The server, noting the path and status of every request that reaches it."""

    def __init__(self, app):
        self.app, self.seen = app, []

    async def __call__(self, scope, receive, send):
        async def noting(message):
            if message["type"] == "http.response.start":
                self.seen.append((scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, noting)


@pytest.fixture
def counted_server(site_dir, languages):
    counting = Counting(create_app(site_dir, languages))
    with LiveServer(counting) as server:
        yield server, counting


def test_the_browser_loads_the_bytecode_runtime_compressed_and_immutable(browser, tmp_path, counted_server):
    server, counting = counted_server
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=TEST_CHROMIUM, args=TEST_CHROMIUM_ARGS)
    # A fast connection, as the page sees it: the snapshot comes on the first visit too (runtime.js).
    context.add_init_script("Object.defineProperty(navigator, 'connection', {configurable: true, value: "
                            "{effectiveType: '4g', downlink: 10, rtt: 50, saveData: false}});")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(server.url + "/fr/guide/")
        page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
        runtime = {re.sub(r"^.*/_runtime/", "", response.url): response for response in responses
                   if "/_runtime/" in response.url}
        names = sorted(re.sub(r"[0-9a-f]{16}/", "", name) for name in runtime)
        assert [name for name in names if name.endswith((".zip", ".whl"))] == [
            "stdlib/python_stdlib.zip", "wheels/connect_help_guide-0.1.0-py3-none-any.whl",
            "wheels/jinja2-3.1.6-py3-none-any.whl", "wheels/markupsafe-3.0.4-py3-none-any.whl"]
        for name, response in runtime.items():
            assert response.status == 200, name
            assert response.headers["cache-control"] == "public, max-age=31536000, immutable", name
            assert HASHED_RUNTIME.search(response.url) or re.fullmatch(r"guide-runtime\.[0-9a-f]{10}\.json", name), name
        assert "snapshot/python-memory.bin" in names
        assert page.evaluate("document.documentElement.dataset.guideStart") == "snapshot"
        for name in ("pyodide.asm.wasm", "python_stdlib.zip", "connect_help_guide-0.1.0-py3-none-any.whl",
                     "python-memory.bin"):
            (response,) = [response for key, response in runtime.items() if key.endswith("/" + name)]
            assert response.headers["content-encoding"] == "br", name
        # A returning visitor: the page itself reaches the server, and the theme's search files
        # (its index and lunr's language files, which the theme's search worker asks for by
        # fixed names), but no runtime file and no file with a hashed name.
        counting.seen.clear()
        page.reload()
        page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
        assert page.evaluate("document.documentElement.dataset.guideStart") == "snapshot"
        page.wait_for_load_state("networkidle")    # the theme's search files come after the load
        reached = sorted({path for path, _ in counting.seen})
        assert "/fr/guide/" in reached
        assert not [path for path in reached if "/_runtime/" in path or re.search(r"\.[0-9a-f]{8,}(\.min)?\.[a-z]+$", path)], reached
        theme_search = re.compile(r"^/fr/(search/search_index\.json|assets/javascripts/lunr/min/lunr\.[a-z.]+\.min\.js)$")
        assert [path for path in reached if path != "/fr/guide/" and not theme_search.match(path)] == [], reached
    finally:
        context.close()

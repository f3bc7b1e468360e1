"""The guide's Python from the build's memory snapshot (sitebuild/memory_snapshot.py), in Chromium:
a visit on a fast connection starts from it; a snapshot that does not fit (another Pyodide build,
a file cut short, none at all) makes the worker start normally, and the guide gives the same
answers either way; an ordinary connection starts normally and keeps the snapshot for the next
visit, a slow one never downloads it (overrides/assets/javascripts/guide/runtime.js)."""
import pytest

from server.app import create_app
from sitebuild.memory_snapshot import pack, unpack
from tests.conftest import TEST_CHROMIUM, TEST_CHROMIUM_ARGS, LiveServer

from .guide_journeys import READY, STORIES, TYPED, GuideTab, has_request, texts_for

pytestmark = pytest.mark.browser
SNAPSHOT_FILE = "/python-memory.bin"
BUILD_ID = slice(16, 48)     # where Pyodide's snapshot header keeps the build id it checks
# A story that ends with a request to send: steps, the form, and the message written from it.
STORY, ANSWERS = next((story, answers) for story, answers in STORIES if has_request(story["outcome"]))
START_TIMEOUT_MS = 180_000


def connection(effective_type: str, downlink: float) -> str:
    """An init script: what navigator.connection tells the page (Chromium's own estimate on this
    machine is whatever its last traffic was)."""
    return (f"Object.defineProperty(navigator, 'connection', {{configurable: true, value: "
            f"{{effectiveType: '{effective_type}', downlink: {downlink}, rtt: 100, saveData: false}}}});")


FAST = connection("4g", 10)


class SnapshotServing:
    """The server, sending the snapshot as built or spoilt (`spoil`), never cached."""

    def __init__(self, app, built: bytes):
        self.app, self.built, self.spoil, self.paths = app, built, None, []

    def body(self) -> bytes | None:
        if self.spoil == "other-build":
            changed = bytearray(unpack(self.built))
            changed[BUILD_ID] = bytes(byte ^ 0xFF for byte in changed[BUILD_ID])
            return pack(bytes(changed))
        if self.spoil == "cut-short":
            return self.built[: len(self.built) // 2]
        return None if self.spoil == "missing" else self.built

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        if scope["type"] != "http" or not scope["path"].endswith(SNAPSHOT_FILE) or self.spoil is None:
            await self.app(scope, receive, send)     # as built: compressed, kept for good
            return
        body = self.body()
        status, body = (200, body) if body is not None else (404, b"")
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/octet-stream"), (b"cache-control", b"no-store"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def serving(site_dir, languages):
    (built,) = (site_dir / "_runtime" / "snapshot").glob(f"*/{SNAPSHOT_FILE.lstrip('/')}")
    app = SnapshotServing(create_app(site_dir, languages), built.read_bytes())
    app.url = "/" + built.relative_to(site_dir).as_posix()
    with LiveServer(app) as server:
        yield server, app


def visit(browser, serving, site_config, spoil) -> dict:
    """The story, in a new context (no cache), with the snapshot served as `spoil` says."""
    server, app = serving
    app.spoil = spoil
    context = browser.new_context()
    context.add_init_script(FAST)
    try:
        page = context.new_page()
        warnings = []
        page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
        tab = GuideTab(page, server.url, texts_for(site_config, "fr"))
        tab.open()
        started = page.evaluate("document.documentElement.dataset.guideStart")
        step_html = page.locator("article .guide").inner_html()
        tab.answer(ANSWERS)
        outcome_html = page.locator("article .guide").inner_html()
        tab.fill_form(TYPED)
        tab.submit_expecting_check()
        return {"start": started, "warnings": warnings, "same_document": tab.same_document(),
                "first_step": step_html, "outcome": outcome_html, "message": tab.message_text()}
    finally:
        context.close()


@pytest.fixture(scope="module")
def from_snapshot(browser, serving, site_config):
    return visit(browser, serving, site_config, None)


def test_a_visit_starts_from_the_snapshot(from_snapshot):
    assert from_snapshot["start"] == "snapshot"
    assert not [text for text in from_snapshot["warnings"] if "snapshot" in text]
    assert from_snapshot["same_document"] and "Muster AG" in from_snapshot["message"]


@pytest.mark.parametrize("spoil, reason", [
    ("other-build", "Snapshot build id mismatch"),    # Pyodide's own check of its header
    ("cut-short", "the snapshot is cut short"),        # guide/snapshot.mjs, unpacking it
    ("missing", "404"),
])
def test_a_snapshot_that_does_not_fit_gives_the_normal_start_and_the_same_answers(
        browser, serving, site_config, from_snapshot, spoil, reason):
    normal = visit(browser, serving, site_config, spoil)
    assert normal["start"] == "normal"
    assert [text for text in normal["warnings"] if "memory snapshot did not load" in text and reason in text]
    assert normal["same_document"]
    for part in ("first_step", "outcome", "message"):
        assert normal[part] == from_snapshot[part], part


def snapshot_requests(app) -> list[str]:
    return [path for path in app.paths if path.endswith(SNAPSHOT_FILE)]


def test_a_slow_connection_never_downloads_the_snapshot(browser, serving, site_config):
    server, app = serving
    app.spoil, app.paths = None, []
    context = browser.new_context()
    context.add_init_script(connection("3g", 0.7))
    try:
        page = context.new_page()
        GuideTab(page, server.url, texts_for(site_config, "fr")).open()
        assert page.evaluate("document.documentElement.dataset.guideStart") == "normal"
        page.wait_for_load_state("networkidle")
        assert any(path.endswith(".whl") for path in app.paths)      # the runtime did load
        assert snapshot_requests(app) == []
    finally:
        context.close()


IN_CACHE = """async (url) => {
  try { return (await fetch(url, {cache: "only-if-cached", mode: "same-origin"})).ok; } catch (error) { return false; }
}"""


def test_an_ordinary_connection_starts_normally_and_keeps_the_snapshot_for_the_next_visit(
        browser, serving, site_config, tmp_path):
    server, app = serving
    app.spoil, app.paths = None, []
    # A profile on disk, as a visitor's: its HTTP cache keeps the snapshot between visits.
    context = browser.browser_type.launch_persistent_context(tmp_path / "profile", executable_path=TEST_CHROMIUM,
                                                             args=TEST_CHROMIUM_ARGS)
    context.add_init_script(connection("4g", 5))
    try:
        page = context.pages[0] if context.pages else context.new_page()
        tab = GuideTab(page, server.url, texts_for(site_config, "fr"))
        tab.open()
        assert page.evaluate("document.documentElement.dataset.guideStart") == "normal"
        # Fetched once the guide was ready, for the next visit: in the browser's cache.
        page.wait_for_function(IN_CACHE, arg=app.url, timeout=START_TIMEOUT_MS, polling=500)
        assert snapshot_requests(app) == [app.url]
        app.paths = []
        page.reload()
        page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
        assert page.evaluate("document.documentElement.dataset.guideStart") == "snapshot"
        assert snapshot_requests(app) == []       # from the cache, nothing asked of the server
    finally:
        context.close()

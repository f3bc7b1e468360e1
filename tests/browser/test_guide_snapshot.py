"""The guide's Python from the build's memory snapshot (sitebuild/memory_snapshot.py), in Chromium:
a visit starts from it; a snapshot that does not fit (another Pyodide build, a file cut short,
none at all) makes the worker start normally, and the guide gives the same answers either way."""
import pytest

from server.app import create_app
from tests.conftest import LiveServer

from .guide_journeys import STORIES, TYPED, GuideTab, has_request, texts_for

pytestmark = pytest.mark.browser
SNAPSHOT_FILE = "/python-memory.bin"
BUILD_ID = slice(16, 48)     # where Pyodide's snapshot header keeps the build id it checks
# A story that ends with a request to send: steps, the form, and the message written from it.
STORY, ANSWERS = next((story, answers) for story, answers in STORIES if has_request(story["outcome"]))


class SnapshotServing:
    """The server, sending the snapshot as built or spoilt (`spoil`), never cached."""

    def __init__(self, app, built: bytes):
        self.app, self.built, self.spoil = app, built, None

    def body(self) -> bytes | None:
        if self.spoil == "other-build":
            changed = bytearray(self.built)
            changed[BUILD_ID] = bytes(byte ^ 0xFF for byte in changed[BUILD_ID])
            return bytes(changed)
        if self.spoil == "cut-short":
            return self.built[: len(self.built) // 2]
        return None if self.spoil == "missing" else self.built

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].endswith(SNAPSHOT_FILE):
            await self.app(scope, receive, send)
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
    with LiveServer(app) as server:
        yield server, app


def visit(browser, serving, site_config, spoil) -> dict:
    """The story, in a new context (no cache), with the snapshot served as `spoil` says."""
    server, app = serving
    app.spoil = spoil
    context = browser.new_context()
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
    ("cut-short", "the snapshot has"),                 # the worker's check of its length
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

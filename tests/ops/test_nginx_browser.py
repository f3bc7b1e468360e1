"""The product through nginx in Chromium, as a visitor meets it in production: the guide's
runtime (brotli from nginx) reaches ready and takes over the steps, the checker answers from the
API's workers on PostgreSQL, and an answer to "Is this page useful?" is counted there."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from codecheck.registry import open_store
from tests.browser.guide_journeys import FLOW, GuideTab, texts_for
from tests.browser.test_check_page_browser import check

pytestmark = pytest.mark.browser

ARTICLE = "/situations/no-active-login/"


def test_guide_checker_and_feedback_through_nginx(browser, hosting, site_config) -> None:
    base = hosting.nginx.url
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    encodings: dict[str, str | None] = {}
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("request", lambda request: request.url.startswith(base + "/") or outside.append(request.url))
    page.on("response", lambda response: response.url.endswith(".wasm")
            and encodings.update({response.url: response.headers.get("content-encoding")}))

    tab = GuideTab(page, base, texts_for(site_config, "de"))
    tab.open()   # waits for html[data-guide-runtime=ready]
    first = FLOW.questions[page.locator(".guide").get_attribute("data-guide-node")].options[0].id
    tab.answer([first])
    assert tab.same_document()   # the runtime took the step, no page load
    assert encodings and set(encodings.values()) == {"br"}

    page.goto(f"{base}/de/check-code/")
    assert check(page, "DEMOVALID001").startswith("Ihr Code ist gültig bis und mit ")

    page.goto(f"{base}/de{ARTICLE}")
    page.locator("[data-feedback]").get_by_role("button", name="Ja").click()
    expect(page.locator("[data-feedback] #feedback-thanks")).to_be_visible()
    store = open_store(hosting.settings)
    try:
        counts = {(c.answer, c.reason): c.count for c in store.feedback_counts() if (c.language, c.page) == ("de", ARTICLE)}
    finally:
        store.close()
    assert counts == {("yes", ""): 1}
    assert errors == [] and outside == [] and context.cookies() == []
    context.close()

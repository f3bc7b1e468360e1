"""One request completed with the keyboard alone: answers, the error summary, the form, the
check page and its mail link, by Tab, Enter and typing."""
from urllib.parse import parse_qs, urlsplit

import pytest

from .guide_journeys import TYPED, GuideTab, texts_for

pytestmark = pytest.mark.browser

ORDER = ["company", "member_number", "contact_person", "phone", "email"]


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Presses Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("selector => document.activeElement?.matches(selector) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_request_by_keyboard_alone(browser, live_server, site_config):
    context = browser.new_context()
    try:
        page = context.new_page()
        tab = GuideTab(page, live_server.url, texts_for(site_config, "en"))
        tab.open()
        for answer, expected in (("new-code", ["new-code"]), ("no", ["new-code", "no"]),
                                 ("by-email-or-phone", ["new-code", "no", "by-email-or-phone"])):
            tab_to(page, f".guide-options a[href$='{answer}/']")
            page.keyboard.press("Enter")
            tab.wait_for_answers(expected)
            assert tab.focused().startswith("<h1")
        tab_to(page, "form[data-guide-form] button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-guide-error-summary]")
        assert "data-guide-error-summary" in tab.focused()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")                     # the first error's link: into its field
        assert page.evaluate("document.activeElement.id") == "guide-field-company"
        for name in ORDER:
            assert page.evaluate("document.activeElement.name") == name
            page.keyboard.type(TYPED[name])
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "submit"
        page.keyboard.press("Enter")
        page.wait_for_selector("article .guide-check")
        assert tab.focused().startswith("<h1")
        tab_to(page, "a[data-guide-mailto]")
        body = parse_qs(urlsplit(page.evaluate("document.activeElement.href")).query)["body"][0]
        for name in ORDER:
            assert TYPED[name] in body
        assert tab.same_document()
    finally:
        context.close()

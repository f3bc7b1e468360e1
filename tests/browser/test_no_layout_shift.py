"""Nothing moves when the page's scripts show something, at a phone's size (bench/lighthouse.py
measures the layout shift of every page type; these tests check the mechanism): the checker
and its answers (connect-help.css keeps their place from the first paint), the offline answer,
the feedback widget's next part, the guide's runtime indicator and the support desk's controls."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.axe_check import settle

from .guide_journeys import READY, START_TIMEOUT_MS
from .test_check_page_browser import WORKER_TIMEOUT_MS, check, demo_settings, serve

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
# Every layout shift the browser reports (PerformanceObserver "layout-shift"), whatever caused it.
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""
# Where the footer and the feedback widget are on the page (not in the window: scrolling is no shift).
POSITIONS = """() => Object.fromEntries(["footer.md-footer", "[data-feedback]", "#check-by-date"].map((selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return [selector, [Math.round(box.top + scrollY), Math.round(box.height)]];
}))"""


@pytest.fixture(scope="module")
def server(site_dir, languages, tmp_path_factory):
    settings = demo_settings(tmp_path_factory.mktemp("registry"), client_checks=1000, client_unknown_per_day=1000)
    with serve(site_dir, languages, settings) as live:
        yield live


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    yield page
    context.close()


def shifted(page: Page) -> float:
    return sum(page.evaluate("window.__shifts"))


# Every shift of the frames painted so far: once the running transitions have ended (settle) and
# two more frames were painted, a fresh observer reads the browser's buffer at once.
SHIFTS_PAINTED = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});
  const entries = observer.takeRecords();
  observer.disconnect();
  done(entries.reduce((sum, entry) => sum + entry.value, 0));
})))"""


def shifted_once_painted(page: Page) -> float:
    settle(page)
    return page.evaluate(SHIFTS_PAINTED)


@pytest.mark.parametrize("lang", ["fr", "de", "it", "en"])
def test_the_checkers_answers_move_neither_footer_nor_feedback(phone: Page, server, lang: str) -> None:
    phone.goto(f"{server.url}/{lang}/check-code/")
    expect(phone.locator("#check-code-input")).to_be_visible()
    before = phone.evaluate(POSITIONS)
    # The shortest and the longest answers, and a refused code.
    for typed in ("DEMOVALID001", "DEMOUSED0001", "DEMOUNKNOWN1", "DEMO"):
        check(phone, typed)
        assert phone.evaluate(POSITIONS) == before, typed
    assert shifted(phone) < 0.005


def test_the_offline_answer_moves_neither_footer_nor_feedback(phone: Page, server) -> None:
    phone.route("**/api/v1/**", lambda route: route.abort())
    phone.goto(f"{server.url}/de/check-code/")
    before = phone.evaluate(POSITIONS)
    check(phone, "DEMOVALID001")
    date_field = phone.locator("[data-result] [data-offline-form] input[type=date]")
    expect(date_field).to_be_visible()
    assert phone.evaluate(POSITIONS) == before
    date_field.fill("2020-01-01")
    phone.locator("[data-result] [data-offline-form] button[type=submit]").click()
    expect(phone.locator("[data-offline-result] strong")).to_be_visible(timeout=WORKER_TIMEOUT_MS)
    assert phone.evaluate(POSITIONS) == before
    assert shifted(phone) < 0.005


def test_the_feedback_widgets_next_part_moves_nothing_below(phone: Page, server) -> None:
    phone.route("**/api/v1/feedback", lambda route: route.fulfill(status=204))
    phone.goto(f"{server.url}/fr/how-to/add-a-user/")
    footer = phone.locator("footer.md-footer")
    before = footer.bounding_box()["y"] + phone.evaluate("scrollY")
    phone.locator("[data-feedback] button[value=no]").click()
    expect(phone.locator("[data-feedback] .ch-feedback__reason")).to_be_visible()
    # The question gives way to the reasons: hidden from everyone, not only from sight.
    expect(phone.locator("[data-feedback] .ch-feedback__question")).to_be_hidden()
    assert footer.bounding_box()["y"] + phone.evaluate("scrollY") == before
    phone.locator("[data-feedback] input[name=reason]").first.check()
    phone.locator("[data-feedback] .ch-feedback__reason button[type=submit]").click()
    expect(phone.locator("[data-feedback] .ch-feedback__thanks")).to_be_visible()
    assert footer.bounding_box()["y"] + phone.evaluate("scrollY") == before


# The indicator's place holds its longer texts in every language; a request outcome's form
# comes in place of what to prepare.
@pytest.mark.parametrize("lang, path", [("fr", "guide/"), ("de", "guide/"), ("it", "guide/"), ("en", "guide/"),
                                        ("de", "guide/outcomes/order-new-code/"),
                                        ("fr", "guide/new-code/no/by-email-or-phone/")])
def test_the_guides_start_moves_nothing(phone: Page, server, lang: str, path: str) -> None:
    phone.goto(f"{server.url}/{lang}/{path}")
    phone.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
    assert shifted_once_painted(phone) < 0.005


# The desk's controls are there from the first paint (hidden by the stylesheet without JavaScript),
# its count already written: its script changes nothing one sees. The answers start closed (the
# employer's language and the filter come first): the desk's first screen is the controls.
@pytest.mark.parametrize("lang", ["fr", "it"])
def test_the_support_desks_script_moves_nothing(phone: Page, server, lang: str) -> None:
    phone.goto(f"{server.url}/{lang}/support/")
    phone.wait_for_selector("[data-support-desk][data-desk-ready]", state="attached")
    expect(phone.locator("[data-desk-controls]")).to_be_visible()
    assert shifted_once_painted(phone) < 0.005

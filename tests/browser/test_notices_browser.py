"""The fund's notices in Chromium, served as `make serve` serves them: shown with JavaScript off
and on, in the page's language, as a named region; dismissed for that notice only and remembered in
this browser (no cookie), a new notice shows again; gone at its end from a page left open (the
browser's clock moved, not waited for); nothing moves (layout shift) and axe finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from codecheck.notices import Notice
from tests.axe_check import axe_violations
from tests.notices import post_notice, served_on_a_clock, words

pytestmark = pytest.mark.browser

PAGES = {"fr": "/fr/", "de": "/de/situations/no-active-login/", "it": "/it/guide/", "en": "/en/check-code/"}
REGION_NAMES = {"fr": "Avis", "de": "Hinweis", "it": "Avviso", "en": "Notice"}
DISMISS_NAMES = {"fr": "Masquer cet avis", "de": "Diesen Hinweis ausblenden", "it": "Nascondi questo avviso",
                 "en": "Hide this notice"}
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="module")
def served(site_dir, languages, tmp_path_factory):
    with served_on_a_clock(site_dir, languages, tmp_path_factory.mktemp("notices")) as live:
        yield live


def post(served, kind: str = "disruption", minutes: int = 60, **texts: str) -> Notice:
    return post_notice(served, kind, minutes, **texts)


@pytest.fixture
def notice(served) -> Iterator[Notice]:
    """A disruption notice for an hour of the API's clock; ended (the clock moved) afterwards."""
    posted = post(served)
    yield posted
    served.clock.now += 2 * 3600


@pytest.fixture
def context_of(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.add_init_script(RECORD_SHIFTS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        assert context.cookies() == []
        context.close()


@pytest.mark.parametrize("lang", list(PAGES))
def test_a_notice_shows_without_javascript_in_the_pages_language(served, notice, context_of, lang) -> None:
    page = context_of(java_script_enabled=False).new_page()
    page.goto(served.url + PAGES[lang])
    region = page.get_by_role("region", name=REGION_NAMES[lang])
    expect(region).to_be_visible()
    expect(region).to_contain_text(words(lang))
    link = region.get_by_role("link")
    expect(link).to_have_attribute("href", f"/{lang}/situations/no-active-login/#order-a-new-code")
    assert region.get_by_role("button").count() == 0     # dismissing needs the script


def test_with_javascript_a_notice_is_dismissed_for_good_and_a_new_one_shows(served, notice, context_of) -> None:
    page = context_of().new_page()
    page.goto(served.url + PAGES["de"])
    region = page.get_by_role("region", name="Hinweis")
    expect(region).to_contain_text(words("de"))
    region.get_by_role("button", name=DISMISS_NAMES["de"]).click()
    expect(region).to_be_hidden()
    page.goto(served.url + PAGES["it"])                   # the same notice, another language: dismissed
    expect(page.get_by_role("region", name="Avviso")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('connect-help.notices.dismissed')") == f'["{notice.key}"]'
    post(served, kind="information", it="Nuova lettera dal 1° gennaio. [Dettagli]")
    page.reload()
    region = page.get_by_role("region", name="Avviso")
    expect(region).to_contain_text("Nuova lettera dal 1° gennaio.")
    expect(region.locator("[data-notice]")).to_have_count(2)
    expect(region.locator("[data-notice]:visible")).to_have_count(1)   # the dismissed one stays hidden


def test_a_notice_leaves_an_open_page_at_its_end(served, notice, context_of) -> None:
    page = context_of().new_page()
    page.clock.install(time=datetime.fromtimestamp(served.clock.now, timezone.utc))
    page.goto(served.url + PAGES["en"])
    region = page.get_by_role("region", name="Notice")
    expect(region).to_contain_text(words("en"))
    page.clock.fast_forward("59:00")
    expect(region).to_be_visible()
    page.clock.fast_forward("01:01")
    expect(region).to_be_hidden()


def test_nothing_moves_and_axe_finds_nothing_on_a_page_with_a_notice(served, notice, context_of) -> None:
    page = context_of(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True).new_page()
    page.goto(served.url + PAGES["de"])
    expect(page.get_by_role("region", name="Hinweis")).to_contain_text(words("de"))
    assert axe_violations(page) == []
    assert page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)") <= 0.01
    # Dismissed, it is hidden before the first paint of the next page: nothing moves either.
    page.get_by_role("button", name=DISMISS_NAMES["de"]).click()
    page.goto(served.url + "/de/how-to/access-code/")
    expect(page.get_by_role("region", name="Hinweis")).to_be_hidden()
    assert page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)") == 0


def test_a_page_without_a_notice_shows_no_region(served, context_of) -> None:
    page = context_of().new_page()
    page.goto(served.url + PAGES["fr"])
    assert page.locator("[data-notices]").count() == 1
    expect(page.locator("[data-notices]")).to_be_hidden()
    assert page.get_by_role("region", name="Avis").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["JavaScript on", "JavaScript off"])
def test_the_desk_shows_its_notices_first_then_its_controls_and_first_answers_without_scrolling(
        served, notice, context_of, javascript) -> None:
    page = context_of(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript).new_page()
    page.goto(served.url + "/de/support/")
    if javascript:
        page.wait_for_selector("[data-support-desk][data-desk-ready]", state="attached")
    order = page.evaluate("""() => {
      const top = (selector) => document.querySelector(selector).getBoundingClientRect().top + scrollY;
      return {notices: top("[data-notices]"), header: top("header.md-header"), title: top("article h1"),
              intro: top("article h1 ~ p:not(.support-desk__count)"), first: top("[data-answer] summary"),
              firstBottom: document.querySelector("[data-answer] summary").getBoundingClientRect().bottom,
              controls: top("[data-desk-controls]")};
    }""")
    assert order["notices"] < order["header"] < order["title"] < order["first"] < order["intro"], order
    assert order["firstBottom"] <= 900, order          # visible without scrolling, with a notice above
    if javascript:   # the controls (shown with JavaScript only) come before the answers and explanations
        assert order["title"] < order["controls"] < order["first"], order
    expect(page.get_by_role("region", name="Hinweis")).to_contain_text(words("de"))

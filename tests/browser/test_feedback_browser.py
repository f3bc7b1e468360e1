""""Is this page useful?" in Chromium against the project's server (site as built + API, under
the site's CSP), on a registry of its own: answers given with JavaScript and without reach the
daily counts; keyboard only; axe on every state of the widget (with JavaScript: axe runs as a
script); a guide outcome reached along a
path is counted at its stable address, after the guide's in-page navigation swapped it in."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from codecheck.app import create_app as create_api
from codecheck.settings import LimitSettings, Settings
from server.app import create_app as create_server
from tests.axe_check import axe_violations
from tests.conftest import LiveServer

from .guide_journeys import START_TIMEOUT_MS, GuideTab, texts_for

pytestmark = pytest.mark.browser

ARTICLE = "/situations/no-active-login/"


@pytest.fixture(scope="module")
def server(site_dir, languages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("feedback")
    settings = Settings(db_path=folder / "codecheck.sqlite3", secret_file=folder / "codecheck.secret",
                        feedback_pages=site_dir / "_feedback" / "pages.json",
                        limits=LimitSettings(feedback_per_hour=1000))
    api = create_api(settings)
    with LiveServer(create_server(site_dir, languages, api_app=api)) as live:
        live.store = api.state.registry.store
        yield live


def counted(server, language: str, page: str) -> dict[tuple[str, str], int]:
    return {(c.answer, c.reason): c.count for c in server.store.feedback_counts()
            if c.language == language and c.page == page}


def open_tab(browser, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return context, page, errors


@pytest.fixture
def tab(browser):
    context, page, errors = open_tab(browser)
    yield page
    assert context.cookies() == [] and errors == []
    context.close()


@pytest.fixture
def tab_without_js(browser):
    context, page, errors = open_tab(browser, javascript=False)
    yield page
    assert context.cookies() == [] and errors == []
    context.close()


def widget(page: Page):
    return page.locator("[data-feedback]")


def test_yes_with_javascript_on_a_german_article_is_counted_without_a_reload(tab: Page, server) -> None:
    tab.goto(f"{server.url}/de{ARTICLE}")
    expect(widget(tab).get_by_role("heading", name="Ist diese Seite nützlich?")).to_be_visible()
    assert axe_violations(tab) == []
    tab.evaluate("window.__samePage = true")
    widget(tab).get_by_role("button", name="Ja").click()
    thanks = widget(tab).locator("#feedback-thanks")
    expect(thanks).to_be_visible()
    expect(thanks).to_have_text("Vielen Dank für Ihre Antwort.")
    expect(thanks).to_be_focused()
    expect(widget(tab).get_by_role("button", name="Ja")).to_be_hidden()
    assert tab.evaluate("window.__samePage === true") and tab.url.endswith(ARTICLE)
    assert counted(server, "de", ARTICLE) == {("yes", ""): 1}
    assert axe_violations(tab, context="[data-feedback]") == []


def test_no_then_a_reason_by_keyboard_alone(tab: Page, server) -> None:
    tab.goto(f"{server.url}/it/how-to/access-code/")
    tab.locator("[data-feedback] button[value=no]").focus()
    tab.keyboard.press("Enter")
    reasons = widget(tab).locator("#feedback-no")
    expect(reasons).to_be_visible()
    expect(reasons).to_be_focused()
    assert counted(server, "it", "/how-to/access-code/") == {("no", ""): 1}
    assert axe_violations(tab, context="[data-feedback]") == []
    tab.keyboard.press("Tab")      # the first reason
    tab.keyboard.press("Space")
    expect(tab.get_by_label("Non ho trovato quello che cercavo")).to_be_checked()
    tab.keyboard.press("ArrowDown")  # the next reason of the group
    expect(tab.get_by_label("È difficile da capire")).to_be_checked()
    tab.keyboard.press("Tab")      # the Send button
    tab.keyboard.press("Enter")
    expect(widget(tab).locator("#feedback-thanks")).to_be_visible()
    # The reason took the place of the "no": one answer.
    assert counted(server, "it", "/how-to/access-code/") == {("no", "hard-to-understand"): 1}


def test_without_javascript_the_forms_post_and_the_page_shows_the_next_part(tab_without_js: Page, server) -> None:
    page = tab_without_js
    page.goto(f"{server.url}/en/glossary/")
    widget(page).get_by_role("button", name="No").click()
    page.wait_for_url(f"{server.url}/en/glossary/#feedback-no")
    expect(widget(page).get_by_role("group", name="What was wrong? (optional)")).to_be_visible()
    expect(widget(page).get_by_role("button", name="No")).to_be_hidden()
    assert counted(server, "en", "/glossary/") == {("no", ""): 1}
    page.get_by_label("It seems wrong or out of date").check()
    widget(page).get_by_role("button", name="Send").click()
    page.wait_for_url(f"{server.url}/en/glossary/#feedback-thanks")
    expect(widget(page).locator("#feedback-thanks")).to_have_text("Thank you for your answer.")
    expect(widget(page).locator("#feedback-no")).to_be_hidden()
    assert counted(server, "en", "/glossary/") == {("no", "wrong-or-outdated"): 1}
    page.goto(f"{server.url}/fr/")
    widget(page).get_by_role("button", name="Oui").click()
    page.wait_for_url(f"{server.url}/fr/#feedback-thanks")
    assert counted(server, "fr", "/") == {("yes", ""): 1}


def test_the_widget_links_to_what_is_counted(tab: Page, server) -> None:
    tab.goto(f"{server.url}/de/contact/")
    widget(tab).get_by_role("link", name="Was gezählt wird und was nicht").click()
    tab.wait_for_url(f"{server.url}/de/privacy/#what-is-counted")
    expect(tab.locator("#what-is-counted")).to_contain_text("Was gezählt wird und was nicht")
    assert tab.locator("footer").get_by_role("link", name="Was gezählt wird und was nicht").count() == 1


def test_a_guide_outcome_reached_in_the_page_is_counted_at_its_stable_address(browser, server, site_config) -> None:
    context, page, errors = open_tab(browser)
    guide = GuideTab(page, server.url, texts_for(site_config, "de"))
    guide.open()
    expect(widget(page)).to_be_hidden()             # a question: nothing to rate yet
    guide.answer(["regain-access", "yes", "older"])
    assert guide.same_document()
    expect(widget(page)).to_be_visible()
    assert page.locator("[data-feedback] input[name=page]").first.input_value() == "/guide/outcomes/code-expired/"
    widget(page).get_by_role("button", name="Ja").click()
    expect(widget(page).locator("#feedback-thanks")).to_be_visible()
    assert counted(server, "de", "/guide/outcomes/code-expired/") == {("yes", ""): 1}
    # Back to a question hides it; another outcome asks again.
    guide.start_again()
    expect(widget(page)).to_be_hidden()
    assert guide.same_document()
    assert context.cookies() == [] and errors == []
    context.close()

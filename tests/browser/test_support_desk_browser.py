"""The support desk in Chromium (/<lang>/support/): the employer's language, the filter on the
search's words, Copy (the clipboard API and its fallback), by mouse and by keyboard alone,
without JavaScript, the reference field fed with a line the guide rendered in Pyodide, no
request while working, axe and the page's height."""
from __future__ import annotations

import re
from html import unescape

import pytest

from guide.reference import SiteAddress
from sitebuild.sources.desk_answers import all_answers, desk_groups
from tests.axe_check import axe_violations
from tests.conftest import SITE_LANGUAGES

from .guide_journeys import STORIES, TYPED, GuideTab, texts_for
from .test_guide_keyboard import tab_to

pytestmark = pytest.mark.browser

SITE_URL = "http://127.0.0.1:8000/"     # what the test build writes into absolute links
FIDUCIARY = "situations/fiduciary-access.md"
# A word for "fiduciary" as an employer writing in each language would (docs/search-keywords/).
FIDUCIARY_WORDS = {"de": "Treuhänder", "it": "fiduciaria", "en": "fiduciary"}
MAX_HEIGHT = 4000


@pytest.fixture(scope="module")
def groups(site_config):
    """The desk's answers as the build made them (what the page must let staff copy)."""
    return desk_groups(site_config.fund, SiteAddress(SITE_URL, site_config.fund_language), site_config.language_codes)


@pytest.fixture(scope="module")
def answers(groups):
    return {answer.id: answer for answer in all_answers(groups)}


@pytest.fixture
def context(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                  viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def open_desk(context, live_server, lang: str = "fr"):
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/support/")
    page.wait_for_selector("[data-support-desk][data-desk-ready]", state="attached")
    return page


def shown_ids(page) -> list[str]:
    return page.locator("[data-answer]").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.answerId)")


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def desk_text(page, name: str) -> str:
    """A message of the desk, as the page holds it (data-desk-*)."""
    return page.locator("[data-support-desk]").get_attribute(f"data-desk-{name}")


@pytest.mark.parametrize("employer", list(FIDUCIARY_WORDS))
def test_a_reply_in_the_employer_s_language_in_two_clicks(context, live_server, site_config, groups, answers, employer):
    page = open_desk(context, live_server, "fr")
    names = {code: language.name for code, language in site_config.languages.items()}
    page.get_by_role("radio", name=names[employer]).check()
    page.locator("#desk-filter").fill(FIDUCIARY_WORDS[employer])
    fiduciary = [answer.id for group in groups if group.page == FIDUCIARY for answer in group.answers]
    assert shown_ids(page) == fiduciary
    assert page.locator("[data-desk-count]").inner_text().strip() != ""
    page.locator("#desk-filter").fill("")
    assert len(shown_ids(page)) == len(answers)

    answer = page.locator('[data-answer-id="order-new-code"]')
    answer.locator("summary").click()                                      # click 1
    reply = answer.locator("[data-answer-reply]")
    assert reply.get_attribute("lang") == employer
    answer.get_by_role("button", name="Copier la réponse").click()         # click 2
    expected = answers["order-new-code"].replies[employer]
    link = f"{SITE_URL}{employer}/guide/outcomes/order-new-code/"
    page.wait_for_function("text => document.querySelector('[data-answer-id=\"order-new-code\"] [data-answer-status]')"
                           ".textContent === text", arg=desk_text(page, "copied-reply"), polling=100)
    copied = clipboard(page)
    assert copied == expected.text and link in copied
    assert texts_for(site_config, employer).plain(_summary("order-new-code")) in copied
    assert texts_for(site_config, "fr").plain(_summary("order-new-code")) not in copied
    answer.get_by_role("button", name="Copier le lien").click()
    page.wait_for_function("text => document.querySelector('[data-answer-id=\"order-new-code\"] [data-answer-status]')"
                           ".textContent === text", arg=desk_text(page, "copied-link"), polling=100)
    assert clipboard(page) == link


def _summary(outcome_id: str) -> str:
    from guide.tree import load_flow

    return load_flow().outcomes[outcome_id].summary


REFUSE_CLIPBOARD_API = "Clipboard.prototype.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError'));"
REFUSE_COPY_COMMAND = "Document.prototype.execCommand = () => false;"


def copy_a_german_reply(context, live_server, refused: str):
    """Copies the German reply of code-expired with `refused` ways of copying; the page and what
    its status says."""
    context.add_init_script(refused)
    page = open_desk(context, live_server, "de")
    answer = page.locator('[data-answer-id="code-expired"]')
    answer.locator("summary").click()
    answer.get_by_role("button", name="Antwort kopieren").click()
    status = answer.locator("[data-answer-status]")
    page.wait_for_function("el => el.textContent !== ''", arg=status.element_handle(), polling=100)
    return page, status.inner_text()


def test_copy_falls_back_to_the_copy_command_when_the_clipboard_api_is_refused(context, live_server, answers):
    # An older browser, or a page not served over HTTPS: writeText is refused.
    page, said = copy_a_german_reply(context, live_server, REFUSE_CLIPBOARD_API)
    assert said == desk_text(page, "copied-reply")
    assert clipboard(page) == answers["code-expired"].replies["de"].text


def test_with_no_way_to_copy_the_reply_is_selected_and_the_page_says_so(context, live_server, answers):
    page, said = copy_a_german_reply(context, live_server, REFUSE_CLIPBOARD_API + REFUSE_COPY_COMMAND)
    assert said == desk_text(page, "copy-failed")
    selected = page.evaluate("getSelection().toString()")
    assert selected.split() == answers["code-expired"].replies["de"].text.split()


def test_choose_a_language_filter_and_copy_by_keyboard_alone(context, live_server, answers):
    page = open_desk(context, live_server, "fr")
    tab_to(page, "input[name=desk-language]")
    assert page.evaluate("document.activeElement.value") == "fr"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.value") == "de"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "desk-filter"
    page.keyboard.type("Treuhänder")
    page.keyboard.press("Tab")
    first = shown_ids(page)[0]
    assert page.evaluate("document.activeElement.closest('[data-answer]')?.dataset.answerId") == first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.answerCopy") == "text"
    page.keyboard.press("Enter")
    status = page.locator(f'[data-answer-id="{first}"] [data-answer-status]')
    page.wait_for_function("el => el.textContent !== ''", arg=status.element_handle(), polling=100)
    assert clipboard(page) == answers[first].replies["de"].text


def test_without_javascript_every_answer_and_every_link_is_there(browser, live_server, answers, languages):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/de/support/")
        assert page.locator("[data-answer]").count() == len(answers)
        # What only works with JavaScript is not shown without it (the stylesheet, html.no-js).
        assert not page.locator("[data-desk-controls]").is_visible()
        assert not page.locator("[data-desk-reference]").is_visible()
        for answer_id in ("situations/no-active-login", "code-sent-to-fiduciary"):
            answer = page.locator(f'[data-answer-id="{answer_id}"]')
            answer.locator("summary").click()
            assert answer.locator("[data-answer-reply]").get_attribute("lang") == "de"
            assert answer.locator("[data-answer-reply]").is_visible()
            assert not answer.locator("[data-answer-actions]").is_visible()   # Copy needs JavaScript
            for code in languages:
                link = answer.locator(f'a[hreflang="{code}"]')
                assert link.is_visible() and link.get_attribute("href") == answers[answer_id].replies[code].link
        # Grouped by situation: each group's heading, then its answers.
        assert page.locator("[data-desk-group] h2").count() >= 3
    finally:
        context.close()


def test_the_reference_of_a_request_made_in_the_browser_opens_its_outcome(context, live_server, site_config):
    # A German employer prepares the letter in the guide (Pyodide renders it) ...
    guide_page = context.new_page()
    tab = GuideTab(guide_page, live_server.url, texts_for(site_config, "de"))
    tab.open()
    tab.answer(next(answers for story, answers in STORIES if story["outcome"] == "code-sent-to-fiduciary"))
    tab.fill_form(TYPED)
    tab.submit_expecting_check()
    letter = tab.message_text()
    line = letter.rstrip().splitlines()[-1]
    assert line == f"Ref. connect-help: code-sent-to-fiduciary (de) {SITE_URL}fr/guide/outcomes/code-sent-to-fiduciary/"
    # ... and the staff member pastes the whole letter into the desk.
    page = open_desk(context, live_server, "fr")
    page.locator("#desk-reference").fill(letter)
    page.locator("#desk-reference").press("Enter")
    page.wait_for_url(f"{live_server.url}/fr/guide/outcomes/code-sent-to-fiduciary/")


def test_the_reference_field_takes_an_address_and_says_when_nothing_matches(context, live_server, site_dir):
    page = open_desk(context, live_server, "it")
    field = page.locator("#desk-reference")
    field.fill("Ref. connect-help: no-such-outcome (de) https://example.org/")
    field.press("Enter")
    error = page.locator("[data-desk-reference-error]")
    assert error.is_visible() and error.get_attribute("role") == "alert"
    assert field.get_attribute("aria-invalid") == "true"
    assert "desk-reference-error" in field.get_attribute("aria-describedby")
    assert page.url == f"{live_server.url}/it/support/"
    # A line as the static page of a French outcome shows it, then an outcome's address alone.
    static = (site_dir / "de" / "guide" / "outcomes" / "order-new-code" / "index.html").read_text(encoding="utf-8")
    line = re.search(r"Ref\. connect-help: [^<]+", unescape(static))[0]
    field.fill(line)
    assert not error.is_visible() and field.get_attribute("aria-invalid") is None
    field.press("Enter")
    page.wait_for_url(f"{live_server.url}/it/guide/outcomes/order-new-code/")
    page = open_desk(context, live_server, "en")
    page.locator("#desk-reference").fill(f"  {SITE_URL}de/guide/outcomes/code-expired/  ")
    page.get_by_role("button", name="Open the outcome").click()
    page.wait_for_url(f"{live_server.url}/en/guide/outcomes/code-expired/")


def test_nothing_typed_or_copied_leaves_the_browser(context, live_server):
    page = open_desk(context, live_server, "fr")
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role("radio", name="Italiano").check()
    page.locator("#desk-filter").fill("procura")
    page.locator("#desk-filter").fill("")
    answer = page.locator('[data-answer-id="order-code-for-fiduciary"]')
    answer.locator("summary").click()
    answer.get_by_role("button", name="Copier la réponse").click()
    answer.get_by_role("button", name="Copier le lien").click()
    page.locator("#desk-reference").fill("Ref. connect-help: nothing (it)")
    page.locator("#desk-reference").press("Enter")
    page.wait_for_load_state("networkidle")     # a request the script made would be on its way
    assert requests == []
    assert not context.cookies()


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_the_desk_is_accessible_and_at_most_4000_px_high(context, live_server, lang):
    page = open_desk(context, live_server, lang)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_HEIGHT, f"/{lang}/support/ is {height} px high"
    assert axe_violations(page) == []
    # With a filter, an open answer, a copy and an unknown reference shown.
    page.locator("#desk-filter").fill("code")
    answer = page.locator("[data-answer]:not([hidden])").first
    answer.locator("summary").click()
    answer.locator("button[data-answer-copy=text]").click()
    page.wait_for_function("el => el.textContent !== ''", arg=answer.locator("[data-answer-status]").element_handle(),
                           polling=100)
    page.locator("#desk-reference").fill("?")
    page.locator("#desk-reference").press("Enter")
    assert axe_violations(page) == []

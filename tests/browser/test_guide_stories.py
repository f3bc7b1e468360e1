"""The visitor stories of scenarios.md (tests/guide/stories.toml), end to end in Chromium: with
JavaScript on (steps without a reload, then the request filled in, checked and ready to send)
and off (the static pages), in French and German; story 2 and the stories of the deciding facts
(tests/guide/fact-map.toml) in all four languages."""
from urllib.parse import parse_qs, urlsplit

import pytest

from guide.render import request_of

from .guide_journeys import FLOW, STORIES, TYPED, GuideTab, has_request, normalised, story_id, texts_for

pytestmark = pytest.mark.browser

CASES = [(lang, story, answers) for lang in ("fr", "de") for story, answers in STORIES]
# Story 2, and the stories of the deciding facts (from 11), in the other languages too.
CASES += [(lang, story, answers) for lang in ("it", "en") for story, answers in STORIES
          if story["number"] == 2 or story["number"] > 10]
IDS = [f"{lang}-{story_id(story, answers)}" for lang, story, answers in CASES]


@pytest.fixture(scope="module")
def tabs(browser, live_server, site_config):
    """One tab per language and per JavaScript setting, shared by the module's stories: the
    JavaScript tabs start Pyodide once and then stay on the same document."""
    opened, contexts = {}, []

    def tab(lang: str, javascript: bool) -> GuideTab:
        if (lang, javascript) not in opened:
            context = browser.new_context(java_script_enabled=javascript)
            contexts.append(context)
            opened[lang, javascript] = GuideTab(context.new_page(), live_server.url, texts_for(site_config, lang),
                                                javascript)
            opened[lang, javascript].open()
        return opened[lang, javascript]

    yield tab
    for context in contexts:
        context.close()


def story_values(story: dict) -> dict:
    logins = story.get("logins_to_deactivate")
    return {**TYPED, "logins_to_deactivate": "\n".join(logins)} if logins else TYPED


def assert_at_outcome(tab: GuideTab, story: dict, answers: list[str]) -> None:
    outcome = FLOW.outcomes[story["outcome"]]
    assert tab.page.url == tab.url(answers)
    assert tab.page.locator(".guide").get_attribute("data-guide-outcome") == outcome.id
    assert tab.h1() == normalised(tab.texts.plain(outcome.title))


@pytest.mark.parametrize("lang, story, answers", CASES, ids=IDS)
def test_a_story_with_javascript_runs_in_the_page(tabs, site_config, lang, story, answers):
    tab = tabs(lang, javascript=True)
    tab.start_again()
    tab.answer(answers)
    assert_at_outcome(tab, story, answers)
    assert tab.same_document(), "a step reloaded the page"
    assert tab.focused().startswith("<h1")
    site_name = site_config.languages[lang].site_name
    assert tab.page.title() == f"{tab.texts.plain(FLOW.outcomes[story['outcome']].title)} - {site_name}"
    if not has_request(story["outcome"]):
        assert not tab.page.locator("form[data-guide-form]").count()
        return
    outcome = FLOW.outcomes[story["outcome"]]
    request = request_of(outcome)
    if outcome.type == "support":   # the problem comes prefilled, with the answers given
        description = tab.page.input_value("form[data-guide-form] [name=description]")
        assert description.startswith(tab.texts.plain(outcome.description).split("\n")[0])
    filled = tab.fill_form(story_values(story))
    assert filled == [spec.id for spec in request.fields]
    tab.submit_expecting_check()
    assert tab.same_document() and tab.focused().startswith("<h1")
    text = tab.message_text()
    for login in story.get("logins_to_deactivate", []):
        assert f"- {login}" in text
    if request.channel == "email":
        link = urlsplit(tab.mailto())
        assert link.path == tab.texts.fund.email
        body = parse_qs(link.query)["body"][0]
        assert body.replace("\r\n", "\n") == text and "Muster AG" in body and "Eva Meier" in body
    else:
        assert tab.page.locator("button[data-guide-print]").is_visible()
        assert "\n".join(tab.texts.postal_lines()) in text
        assert "______________________________\nHans Muster, chairman\n" in text
        for attachment in request.attachments:
            assert tab.texts.plain(attachment) in text


@pytest.mark.parametrize("lang, story, answers", CASES, ids=IDS)
def test_the_same_story_without_javascript_reaches_the_same_outcome(tabs, lang, story, answers):
    tab = tabs(lang, javascript=False)
    tab.open()
    tab.answer(answers)
    assert_at_outcome(tab, story, answers)
    if has_request(story["outcome"]):
        # No form without JavaScript: the page says what to prepare and how to send it.
        assert tab.page.locator("section.guide-request").is_visible()
        assert tab.page.get_by_text(tab.texts.gettext("Ce qu'il faut préparer"), exact=True).is_visible()
        assert not tab.page.locator("form[data-guide-form]").count()
    assert not tab.page.locator(".guide-runtime").is_visible()

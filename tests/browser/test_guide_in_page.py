"""The guide in the page once Pyodide is ready: errors GOV.UK style, Change links, Back and
Forward, the language switch, copy, the mailto limit, the printed letter, Start again, and
the static pages when the runtime cannot start."""
import re

import pytest

from guide.engine import step
from guide.requests import request_for
from guide.validation import validate

from .guide_journeys import FLOW, READY, START_TIMEOUT_MS, TYPED, GuideTab, normalised, texts_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture(scope="module")
def fr(context, live_server, site_config):
    """A French tab, ready once for the whole module."""
    tab = GuideTab(context.new_page(), live_server.url, texts_for(site_config, "fr"))
    tab.open()
    return tab


def goto_outcome(tab: GuideTab, answers) -> None:
    tab.start_again()
    tab.answer(answers)


def test_an_empty_form_gets_a_summary_of_errors_linked_to_each_field(fr):
    goto_outcome(fr, ["new-code", "no", "by-email-or-phone"])
    fr.submit_expecting_errors()
    page = fr.page
    request = request_for(("order-access-code",))
    expected = validate(request, {}, "fr").errors
    assert 'data-guide-error-summary' in fr.focused()
    assert page.title().startswith("Erreur : ")
    links = page.locator("[data-guide-error-summary] a")
    assert links.count() == len(expected)
    for index, (name, message) in enumerate(expected.items()):
        assert normalised(links.nth(index).inner_text()) == normalised(message)
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == f"guide-field-{name}"
        field = page.locator(f"#guide-field-{name}")
        assert field.get_attribute("aria-invalid") == "true"
        assert normalised(page.locator(f"#guide-field-{name}-error").inner_text()).endswith(normalised(message))
    assert fr.same_document()


BAD = {"email": "eva.meier@", "phone": "123 45", "company": "M" * 121, "contact_person": "Eva\tMeier",
       "member_number": "100.234.5"}


def test_bad_input_is_refused_with_a_clear_message_and_kept_as_typed(fr):
    goto_outcome(fr, ["new-code", "no", "by-email-or-phone"])
    fr.fill_form(BAD)
    fr.submit_expecting_errors()
    expected = validate(request_for(("order-access-code",)), BAD, "fr").errors
    assert set(expected) == {"email", "phone", "company", "contact_person"}
    for name, message in expected.items():
        assert normalised(message) in normalised(fr.page.locator(f"#guide-field-{name}-error").inner_text())
    for name, typed in BAD.items():
        assert fr.page.input_value(f"#guide-field-{name}") == typed
    assert fr.page.locator("#guide-field-member_number").get_attribute("aria-invalid") is None


def test_a_change_link_goes_back_to_its_field_and_the_new_answer_shows(fr):
    goto_outcome(fr, ["new-code", "no", "by-email-or-phone"])
    fr.fill_form(TYPED)
    fr.submit_expecting_check()
    label = fr.texts.plain("Adresse e-mail")
    fr.page.get_by_role("link", name=f"{fr.texts.gettext('Modifier')} {label}", exact=True).click()
    fr.page.wait_for_selector("form[data-guide-form]")
    assert fr.page.evaluate("document.activeElement.id") == "guide-field-email"
    assert fr.page.input_value("#guide-field-company") == TYPED["company"]
    fr.page.fill("#guide-field-email", "lea.muster@muster.ch")
    fr.submit_expecting_check()
    assert "lea.muster@muster.ch" in fr.message_text() and "eva.meier@muster.ch" not in fr.message_text()
    fr.page.go_back()                                   # Back from "check" is the form, as typed
    fr.page.wait_for_selector("form[data-guide-form]")
    assert fr.page.input_value("#guide-field-email") == "lea.muster@muster.ch"
    fr.page.go_forward()
    fr.page.wait_for_selector("article .guide-check")
    assert fr.same_document()


def test_back_and_forward_show_the_step_of_the_address(fr):
    fr.start_again()
    fr.answer(["regain-access", "no"])
    fr.page.go_back()
    fr.wait_for_answers(["regain-access"])
    assert fr.page.url == fr.url(["regain-access"])
    question = step(FLOW, ["regain-access"]).node
    assert fr.h1() == normalised(fr.texts.plain(question.text))
    assert fr.focused().startswith("<h1")
    assert fr.page.title() == f"{fr.texts.plain(question.text)} - Aide connect"
    fr.page.go_forward()
    fr.wait_for_answers(["regain-access", "no"])
    assert fr.page.url == fr.url(["regain-access", "no"]) and fr.same_document()


def test_the_address_is_the_static_pages_and_the_language_switch_follows_the_step(fr, live_server):
    fr.start_again()
    fr.answer(["fiduciary-access", "no"])
    h1 = fr.h1()
    switch = fr.page.locator("a.ch-language__link[hreflang=de]")
    assert switch.get_attribute("href") == f"{live_server.url}/de/guide/fiduciary-access/no/"
    assert fr.page.locator(".guide").get_attribute("data-guide-node") == step(FLOW, ["fiduciary-access", "no"]).node.id
    nav = fr.page.locator(".md-nav--primary a.md-nav__link").first      # the theme's links still lead home
    assert nav.get_attribute("href") == f"{live_server.url}/fr/"
    fr.page.reload()
    fr.page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
    assert fr.h1() == h1
    fr.page.evaluate("window.__sameDocument = true")
    switch.click()
    fr.page.wait_for_url(f"{live_server.url}/de/guide/fiduciary-access/no/")
    fr.page.go_back()
    fr.page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
    fr.page.evaluate("window.__sameDocument = true")


def test_a_message_too_long_for_a_mail_link_is_copied_instead(fr):
    goto_outcome(fr, ["technical-problem", "sms-code"])
    fr.fill_form({**TYPED, "description": "\n".join(["Le code SMS n'arrive pas sur le portable."] * 40)})
    fr.submit_expecting_check()
    assert "body=" not in fr.mailto() and "subject=" in fr.mailto()
    assert fr.page.locator(".guide-check .admonition.warning").is_visible()
    button = fr.page.get_by_role("button", name=fr.texts.gettext("Copier le message"))
    button.click()
    status = fr.page.locator("[data-guide-copy-status]")
    status.filter(has_text=re.compile(".")).wait_for()
    assert status.inner_text() == button.get_attribute("data-guide-copied")
    assert fr.page.evaluate("navigator.clipboard.readText()") == fr.message_text()


def test_the_letter_prints_alone_on_a4(fr):
    goto_outcome(fr, ["fund-creates-logins"])
    fr.fill_form(TYPED)
    fr.submit_expecting_check()
    page = fr.page
    page.emulate_media(media="print")
    try:
        assert page.locator(".guide-letter").is_visible()
        for hidden in (".md-header", ".md-sidebar--primary", ".guide-summary", "[data-guide-print]", ".md-footer"):
            assert not page.locator(hidden).first.is_visible(), hidden
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


def test_start_again_forgets_what_was_typed(fr):
    goto_outcome(fr, ["new-code", "no", "by-email-or-phone"])
    fr.page.fill("#guide-field-company", "Vergessen AG")
    fr.page.go_back()
    fr.page.wait_for_selector(".guide[data-guide-node]")
    fr.page.go_forward()
    fr.page.wait_for_selector("form[data-guide-form]")
    assert fr.page.input_value("#guide-field-company") == "Vergessen AG"     # kept for this tab
    fr.start_again()
    assert fr.page.evaluate("sessionStorage.getItem('connect-help.guide.requests')") is None
    fr.answer(["new-code", "no", "by-email-or-phone"])
    assert fr.page.input_value("#guide-field-company") == ""


def test_the_indicator_says_ready_in_the_pages_language(fr):
    fr.start_again()
    indicator = fr.page.locator(".guide-runtime")
    assert indicator.is_visible()
    assert indicator.inner_text() == fr.texts.gettext(
        "Guide interactif prêt : les étapes s'affichent sans recharger la page.")


def test_without_the_runtime_the_static_pages_keep_working(browser, live_server, site_config):
    context = browser.new_context()
    try:
        context.route(re.compile(r".*/_runtime/.*"), lambda route: route.abort())
        tab = GuideTab(context.new_page(), live_server.url, texts_for(site_config, "de"))
        tab.page.goto(tab.url())
        tab.page.wait_for_selector("html[data-guide-runtime=failed]", state="attached", timeout=START_TIMEOUT_MS)
        indicator = tab.page.locator(".guide-runtime")
        assert indicator.inner_text() == indicator.get_attribute("data-guide-runtime-failed")
        assert "konnte nicht starten" in indicator.inner_text()
        tab.page.evaluate("window.__sameDocument = true")
        tab.answer(["new-code", "no", "by-email-or-phone"])
        assert not tab.same_document()                  # a page load, as without JavaScript
        assert tab.page.locator("section.guide-request").is_visible()
        assert not tab.page.locator("form[data-guide-form]").count()
    finally:
        context.close()

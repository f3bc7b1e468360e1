"""axe (WCAG 2.1 A and AA) on the guide's pages as they are once Pyodide is ready: a question,
an outcome with its request form, the form showing errors, and "check your answers" for an
e-mail and for a letter."""
import pytest

from tests.axe_check import axe_violations

from .guide_journeys import TYPED, GuideTab, texts_for

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("lang", ["fr", "it"])
def test_axe_finds_nothing_on_the_guide_in_the_page(browser, live_server, site_config, lang):
    context = browser.new_context()
    try:
        tab = GuideTab(context.new_page(), live_server.url, texts_for(site_config, lang))
        tab.open()
        found = {"question": axe_violations(tab.page)}
        tab.answer(["regain-access", "no", "yes"])
        found["outcome with its form"] = axe_violations(tab.page)
        tab.submit_expecting_errors()
        found["form with errors"] = axe_violations(tab.page)
        tab.fill_form(TYPED)
        tab.submit_expecting_check()
        found["check your answers (e-mail)"] = axe_violations(tab.page)
        tab.start_again()
        tab.answer(["fund-creates-logins"])
        tab.fill_form(TYPED)
        tab.submit_expecting_check()
        found["check your answers (letter)"] = axe_violations(tab.page)
        assert tab.same_document()
        assert not any(found.values()), {name: found for name, found in found.items() if found}
    finally:
        context.close()


def shown_indicator(page) -> tuple[str, str]:
    """The indicator's text as shown, and the page's text for the state it is in."""
    indicator = page.locator(".guide-runtime").first
    state = page.locator("html").get_attribute("data-guide-runtime")
    return indicator.inner_text().strip(), (indicator.get_attribute(f"data-guide-runtime-{state}") or "").strip()


@pytest.mark.parametrize("lang", ["fr", "de", "it", "en"])
def test_axe_finds_nothing_on_the_runtime_indicator_while_it_loads_and_once_it_failed(browser, live_server, lang):
    """The sweep over every page (test_site_in_browser.py) sees the indicator as a browser that
    saves data shows it (waiting for a click); here its two other states, held on purpose."""
    context = browser.new_context()
    held = []
    try:
        page = context.new_page()
        page.route("**/_runtime/**", lambda route: held.append(route))   # unanswered: the runtime stays loading
        page.goto(f"{live_server.url}/{lang}/guide/regain-access/")
        page.wait_for_selector("html[data-guide-runtime=loading]", state="attached")
        found = {"loading": axe_violations(page)}
        shown = {"loading": shown_indicator(page)}
        for route in held:
            route.abort()
        page.unroute("**/_runtime/**")
        page.route("**/_runtime/**", lambda route: route.abort())
        page.wait_for_selector("html[data-guide-runtime=failed]", state="attached")
        found["failed"] = axe_violations(page)
        shown["failed"] = shown_indicator(page)
        assert held, "the runtime was never asked for"
        for state, (text, expected) in shown.items():
            assert text and text == expected, state
        assert not any(found.values()), found
    finally:
        context.close()

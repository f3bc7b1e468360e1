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

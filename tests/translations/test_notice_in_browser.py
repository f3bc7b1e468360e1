"""The notice where a translation lags, in Chromium, on the built copy of
tests/translations/conftest.py (`lagging`) served with the product's own headers (its CSP): axe
finds nothing on its pages in every translated language (and on the French page it links to),
the guide's steps rendered by Pyodide show the notice the static pages show, and Lighthouse's
accessibility score stays 100 on a page that has one."""
import json

import pytest

from bench.lighthouse import lighthouse
from guide import urls
from guide.engine import reachable_steps
from guide.tree import load_flow
from tests.axe_check import axe_violations
from tests.browser.guide_journeys import GuideTab, texts_for
from tests.conftest import SITE_LANGUAGES, TRANSLATED_LANGUAGES, LiveServer

from .conftest import ARTICLE, NEW_ARTICLE, OUTCOME

pytestmark = pytest.mark.browser

PAGES = {"stale section": ARTICLE.removesuffix(".md") + "/", "missing section": NEW_ARTICLE.removesuffix(".md") + "/",
         "guide outcome": f"guide/outcomes/{OUTCOME}/"}
NOTICE = "article .translation-notice"


@pytest.fixture(scope="module")
def served(lagging):
    from server.app import create_app

    with LiveServer(create_app(lagging.site, list(SITE_LANGUAGES))) as server:
        yield server


def way_to_the_outcome() -> tuple[str, ...]:
    """The shortest answers that reach the outcome as a step of the guide."""
    return min((step.answers for step in reachable_steps(load_flow()) if step.is_outcome and step.node.id == OUTCOME),
               key=len)


@pytest.mark.parametrize("lang", ["fr", *TRANSLATED_LANGUAGES])
def test_axe_finds_nothing_on_pages_with_a_notice(browser, served, lang):
    context = browser.new_context()
    try:
        page = context.new_page()
        found = {}
        for name, path in PAGES.items():
            page.goto(f"{served.url}/{lang}/{path}")
            assert page.locator(NOTICE).count() == (0 if lang == "fr" else 1), name
            found[name] = axe_violations(page)
        assert not any(found.values()), found
    finally:
        context.close()


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_steps_rendered_in_the_browser_show_the_same_notice(browser, served, site_config, lang):
    context = browser.new_context()
    blocked = []
    try:
        page = context.new_page()
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        tab = GuideTab(page, served.url, texts_for(site_config, lang))
        tab.open()
        assert page.locator(NOTICE).count() == 0
        way = way_to_the_outcome()
        tab.answer(way[:-1])
        assert page.locator(NOTICE).count() == 0                  # the questions on the way follow the French
        tab.answer(way[-1:])
        page.wait_for_selector(f'article .guide[data-guide-outcome="{OUTCOME}"]')
        assert tab.same_document()                                # rendered by Pyodide, not loaded
        shown = page.locator(NOTICE).evaluate("element => element.outerHTML")
        static = context.new_page()
        static.goto(f"{served.url}/{lang}/guide/{'/'.join(way)}/")
        assert static.locator(NOTICE).evaluate("element => element.outerHTML") == shown
        assert page.locator(f"{NOTICE}[data-translation-status=stale]").count() == 1
        # The French version: the same step in French, from here.
        href = page.locator(f"{NOTICE} a").get_attribute("href")
        assert href == urls.in_language(urls.step_location(way), "fr")
        assert not axe_violations(page)
        assert not blocked, blocked
    finally:
        context.close()


def test_lighthouse_accessibility_stays_100_on_a_page_with_a_notice(served, tmp_path):
    result = lighthouse(f"{served.url}/de/{PAGES['stale section']}", tmp_path / "lighthouse.json",
                        categories=("accessibility",))
    assert result["accessibility"] == 100, json.dumps(result["failed_audits"])

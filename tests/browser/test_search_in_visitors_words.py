"""The help's own search box finds the right page for the words visitors use (their words, not
the portal's: docs/search-keywords/ adds them to each language's index), in every language."""
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import SITE_LANGUAGES

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text(encoding="utf-8"))


def top_results(page, query: str, count: int = 3) -> list[str]:
    """The first result pages for `query`, typed into the theme's search box as a visitor would."""
    box = page.locator("input[data-md-component=search-query]")
    box.fill("")
    page.keyboard.type(query)
    items = page.locator(".md-search-result__list > .md-search-result__item")
    try:   # the search runs in the theme's worker; results replace the list at once
        page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > 0",
                               arg=None, timeout=5000)
    except PlaywrightTimeoutError:
        return []
    page.wait_for_timeout(300)
    # One result per page: its first link (the page; the others are its sections).
    return [items.nth(i).locator("a").first.get_attribute("href") for i in range(min(count, items.count()))]


def test_every_language_has_at_least_15_queries():
    assert set(QUERIES) == set(SITE_LANGUAGES)
    for lang, queries in QUERIES.items():
        assert len(queries) >= 15, lang
        assert len({entry["query"] for entry in queries}) == len(queries), lang


@pytest.mark.browser
@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_visitors_words_find_the_right_page_in_the_top_three(page, live_server, lang):
    page.goto(f"{live_server.url}/{lang}/")
    page.locator("input[data-md-component=search-query]").click()
    misses = []
    for entry in QUERIES[lang]:
        # A query may have more than one right page (an article and the guide's outcome).
        expected = {f"/{lang}/{path}" for path in ([entry["page"]] if "page" in entry else entry["pages"])}
        # A result links to the page with the search terms to highlight (?h=...) or a section (#...).
        found = [urlsplit(href).path for href in top_results(page, entry["query"])]
        if not expected & set(found):
            misses.append(f"{entry['query']!r}: expected {sorted(expected)}, got {found}")
    assert not misses, "\n".join(misses)

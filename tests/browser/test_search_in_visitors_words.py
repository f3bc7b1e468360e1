"""The help's own search box finds the right page for the words visitors use (their words, not
the portal's: docs/search-keywords/ adds them to each language's index), in every language."""
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import SITE_LANGUAGES

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text(encoding="utf-8"))


# The theme's search runs in a worker: the page posts each query ({type: 2}) and the worker answers
# each with its results ({type: 3}). Counting both tells when the last query typed is answered.
COUNT_SEARCHES = """
window.__searchAsked = 0;
window.__searchAnswered = 0;
window.Worker = class extends window.Worker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => { if (event.data?.type === 3) window.__searchAnswered++; });
  }
  postMessage(message, ...rest) {
    if (message?.type === 2) window.__searchAsked++;
    return super.postMessage(message, ...rest);
  }
};
"""
ANSWERED = "() => window.__searchAsked > 0 && window.__searchAnswered >= window.__searchAsked"
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def top_results(page, query: str, count: int = 3) -> list[str]:
    """The first result pages for `query`, typed into the theme's search box as a visitor would."""
    box = page.locator("input[data-md-component=search-query]")
    box.fill("")
    page.keyboard.type(query)
    page.wait_for_function(ANSWERED, polling=100)     # every query typed so far answered by the worker
    page.evaluate(TWO_FRAMES)            # and its results painted
    items = page.locator(".md-search-result__list > .md-search-result__item")
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
    page.context.add_init_script(COUNT_SEARCHES)
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

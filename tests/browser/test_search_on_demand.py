"""The theme's search index is asked for when the visitor searches, not at every page's load
(overrides/assets/javascripts/theme-scope.js holds the theme's request until then): a page
loads without it, the first search still finds pages, the result area says that the search is
starting while the index is on its way, and an address asking for highlights (?h=) gets them."""
from urllib.parse import urlsplit

import pytest

INDEX = "/fr/search/search_index.json"
ARTICLE = "/fr/how-to/add-a-user/"


TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def until(page, condition, rounds: int = 600) -> None:
    """Wait for a condition on Playwright's side (a routed request): each round trip to the page
    lets Playwright deliver what the browser sent meanwhile."""
    for _ in range(rounds):
        if condition():
            return
        page.evaluate(TWO_FRAMES)
    raise AssertionError("the condition was not met")


def index_requests(page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlsplit(request.url).path)
            if urlsplit(request.url).path == INDEX else None)
    return asked


@pytest.mark.browser
def test_a_page_loads_without_the_search_index(page, live_server):
    asked = index_requests(page)
    page.goto(f"{live_server.url}{ARTICLE}")
    page.wait_for_load_state("networkidle")
    # The theme's search worker is started; only its index waits.
    assert page.evaluate("() => document.querySelector('[data-md-component=search-query]') !== null")
    assert asked == []


@pytest.mark.browser
def test_the_first_search_waits_for_the_index_says_so_and_finds_pages(page, live_server):
    asked = index_requests(page)
    held = []
    page.route(f"**{INDEX}", lambda route: held.append(route))   # kept back until the test lets it go
    page.goto(f"{live_server.url}{ARTICLE}")
    page.wait_for_load_state("load")
    meta = page.locator(".md-search-result__meta")
    starting = meta.text_content().strip()    # the theme's "initializer" text, in the page's language
    assert starting
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("code d'accès")
    until(page, lambda: held)                 # asked for when the search field got focus
    assert asked == [INDEX]
    assert meta.text_content().strip() == starting          # while the index loads, the page says so
    held[0].continue_()
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    assert all(urlsplit(results.nth(i).get_attribute("href")).path.startswith("/fr/") for i in range(results.count()))
    assert meta.text_content().strip() != starting
    assert asked == [INDEX]                   # asked for once


@pytest.mark.browser
def test_the_search_key_asks_for_the_index(page, live_server):
    asked = index_requests(page)
    page.goto(f"{live_server.url}{ARTICLE}")
    page.wait_for_load_state("networkidle")
    assert asked == []
    with page.expect_request(f"**{INDEX}"):
        page.keyboard.press("s")          # the theme's key for its search (also f and /)
    page.keyboard.type("successeur")
    page.locator(".md-search-result__item a").first.wait_for()


@pytest.mark.browser
def test_an_address_asking_for_highlights_gets_the_index_at_once(page, live_server):
    with page.expect_request(f"**{INDEX}"):
        page.goto(f"{live_server.url}{ARTICLE}?h=administrateur")
    page.locator("article mark").first.wait_for()

"""The site in Debian's Chromium: language switch, per-language search, requests, accessibility."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.axe_check import axe_violations, preload_axe
from tests.conftest import CHROMIUM, SITE_LANGUAGES, TEST_CHROMIUM

from .guide_journeys import connection

def page_urls(site_dir: Path, lang: str) -> list[str]:
    """Every page of one language, as a URL path (directory URLs)."""
    urls = []
    for path in sorted((site_dir / lang).rglob("index.html")):
        relative = path.parent.relative_to(site_dir).as_posix()
        urls.append(f"/{relative}/")
    return urls


def watch_requests(page, origin):
    """Every request the page makes, and every failed or non-2xx/3xx response."""
    seen = {"foreign": [], "failed": [], "csp": []}
    page.on("console", lambda m: seen["csp"].append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else seen["foreign"].append(r.url))
    page.on("response", lambda r: seen["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: seen["failed"].append(f"failed {r.url}"))
    return seen


@pytest.mark.browser
def test_the_tests_browser_is_the_same_chromium_as_the_visitors(browser):
    # The tests drive chromium-headless-shell, the benchmarks Debian's chromium: one Chromium.
    def version(program):
        return re.search(r"Chromium (\S+)", subprocess.run([program, "--version"], capture_output=True,
                                                          text=True, check=True).stdout).group(1)
    assert version(TEST_CHROMIUM) == version(CHROMIUM) == browser.version


@pytest.mark.browser
def test_the_language_switch_keeps_the_page(page, live_server):
    page.goto(f"{live_server.url}/fr/situations/no-active-login/")
    page.get_by_role("link", name=re.compile("Deutsch")).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/de/situations/no-active-login/"
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("link", name=re.compile("Italiano")).click()
    assert page.url == f"{live_server.url}/it/situations/no-active-login/"
    page.get_by_role("link", name=re.compile("English")).click()
    assert page.url == f"{live_server.url}/en/situations/no-active-login/"
    assert page.locator("h1").first.inner_text() != ""


@pytest.mark.browser
def test_a_german_search_returns_german_pages_only(page, live_server):
    page.goto(f"{live_server.url}/de/")
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("Zugangscode")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert hrefs
    for href in hrefs:
        assert href.startswith(f"{live_server.url}/de/"), href


@pytest.mark.browser
def test_pages_request_nothing_from_another_origin_break_no_csp_rule_and_miss_nothing(page, live_server):
    seen = watch_requests(page, live_server.url)
    for path in ["/", "/fr/", "/de/situations/administrator-leaving/", "/it/how-to/add-a-user/", "/en/glossary/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert not seen["foreign"], seen["foreign"]
    assert not seen["failed"], seen["failed"]
    assert not seen["csp"], seen["csp"]
    assert not page.context.cookies()


# The sweep over every page of a language, in parts that the test workers share.
SWEEP_PARTS = 4


@pytest.mark.browser
@pytest.mark.parametrize("part", range(SWEEP_PARTS), ids=lambda part: f"part{part + 1}of{SWEEP_PARTS}")
@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_axe_finds_no_violation_on_any_page(page, live_server, site_dir, lang, part):
    # The static pages as they first show. The guide's Pyodide runtime is kept out, as a browser
    # that saves data keeps it out (until a click): starting it on each of the hundreds of guide
    # pages would only slow the sweep. Its interactive states have their own axe tests
    # (test_guide_axe.py). Not by intercepting its requests: Playwright's routing turns the HTTP
    # cache off, and every page would fetch and compile every script again.
    page.context.add_init_script(connection(save_data=True, effective_type="4g"))
    preload_axe(page.context)
    problems = {}
    paths = page_urls(site_dir, lang) + [f"/{lang}/no-such-page/"]
    assert len(paths) > 2 * SWEEP_PARTS
    for path in paths[part::SWEEP_PARTS]:
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert not problems, problems


@pytest.mark.browser
def test_axe_finds_no_violation_on_the_root_pages(page, live_server):
    for path in ["/", "/no-such-page"]:
        page.goto(f"{live_server.url}{path}")
        assert not axe_violations(page), path


@pytest.mark.browser
def test_on_a_phone_the_guides_answers_use_the_whole_width(page, live_server):
    # The theme indents list items; the answers are big targets and start where the question does.
    page.set_viewport_size({"width": 400, "height": 800})
    page.route("**/_runtime/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/it/guide/")
    question = page.locator("main h1").bounding_box()
    answers = [box for box in (a.bounding_box() for a in page.locator("a.guide-option").all()) if box]
    assert answers
    for box in answers:
        assert abs(box["x"] - question["x"]) <= 1, (box, question)
        assert box["x"] + box["width"] <= 400

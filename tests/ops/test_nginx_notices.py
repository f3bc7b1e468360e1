"""The fund's notices through nginx, as in production: a notice posted with the operator tool on
the API's PostgreSQL shows on every page type in four languages (nginx's SSI includes the API
workers' fragment), escaped, with JavaScript off and on, and leaves when ended; the pages stay
`no-cache`, compressed, and carry no validator that could keep an ended notice on screen."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from codecheck.notices import REFRESH_SECONDS
from tests.notices import TEXTS, cli, cli_post, notice_region, poll, swiss_minutes, words
from tests.conftest import free_port
from tests.ops.support import raw_get
from tests.services import Nginx

PAGES = {"fr": "/fr/", "de": "/de/situations/no-active-login/", "it": "/it/guide/", "en": "/en/support/"}
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def page_text(url: str, path: str) -> str:
    status, _, body = raw_get(url, path)
    assert status in (200, 404), path
    return body.decode()


@pytest.fixture(scope="module")
def posted(hosting) -> Iterator[int]:
    """A disruption notice for two hours, ended (and gone from every worker) at the end."""
    texts = {**TEXTS, "de": '<script>alert("x")</script> connect ist nicht erreichbar. [Was tun?]'}
    number = cli_post(hosting.env, "disruption", swiss_minutes(120), texts)
    for lang, path in PAGES.items():
        poll(lambda: words(lang) in notice_region(page_text(hosting.nginx.url, path), lang), f"{lang} shown")
    yield number
    assert cli("end", str(number), env=hosting.env).returncode == 0
    ended = time.monotonic()
    # Gone from every page, and from every worker: each reads the notices again within REFRESH_SECONDS.
    poll(lambda: all(notice_region(page_text(hosting.nginx.url, path), lang) == "" for lang, path in PAGES.items())
         and time.monotonic() > ended + REFRESH_SECONDS, "gone from every worker")


def test_a_notice_shows_on_every_page_type_in_four_languages_through_nginx(hosting, posted) -> None:
    for lang, path in PAGES.items():
        shown = notice_region(page_text(hosting.nginx.url, path), lang)
        assert words(lang) in shown and 'class="ch-notice ch-notice--disruption"' in shown
        assert f'<a href="/{lang}/situations/no-active-login/#order-a-new-code">' in shown
    german = notice_region(page_text(hosting.nginx.url, PAGES["de"]), "de")
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in german and "<script>" not in german
    assert "Cosa fare?" in notice_region(page_text(hosting.nginx.url, "/it/non-esiste/"), "it")   # a 404 page
    root = page_text(hosting.nginx.url, "/")
    assert all(words(lang) in notice_region(root, lang) for lang in ("fr", "it", "en"))


def test_pages_stay_no_cache_compressed_and_without_validators(hosting, posted) -> None:
    status, headers, _ = raw_get(hosting.nginx.url, PAGES["en"], BROWSER)
    assert status == 200 and headers["cache-control"] == "no-cache" and headers["content-encoding"] == "gzip"
    assert "etag" not in headers and "last-modified" not in headers
    assert headers["content-type"] == "text/html; charset=utf-8" and "content-security-policy" in headers
    # A validator of the file from before (or from another server) gets the page, never a 304.
    status, _, body = raw_get(hosting.nginx.url, PAGES["fr"], {"If-None-Match": "*",
                                                               "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert status == 200 and words("fr") in notice_region(body.decode(), "fr")


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [False, True], ids=["JavaScript off", "JavaScript on"])
def test_a_visitor_sees_the_notice_through_nginx(browser, hosting, posted, javascript) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    outside: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: request.url.startswith(hosting.nginx.url + "/") or outside.append(request.url))
    for lang, name in (("de", "Hinweis"), ("en", "Notice")):
        page.goto(hosting.nginx.url + PAGES[lang])
        region = page.get_by_role("region", name=name)
        expect(region).to_contain_text(words(lang))
        expect(region.get_by_role("button")).to_have_count(1 if javascript else 0)
    if javascript:
        page.get_by_role("button", name="Hide this notice").click()
        expect(page.get_by_role("region", name="Notice")).to_be_hidden()
        page.goto(hosting.nginx.url + PAGES["fr"])
        expect(page.get_by_role("region", name="Avis")).to_be_hidden()
    assert outside == [] and context.cookies() == []
    context.close()


@pytest.mark.services      # starts its own nginx
def test_a_page_never_waits_for_nor_shows_a_failing_api(site_dir) -> None:
    """Workers that do not answer (nothing listens at their address): the pages come, quickly,
    with an empty notices region and no error page inside."""
    nginx = Nginx(site_dir, [f"127.0.0.1:{free_port()}"])
    try:
        for lang, path in PAGES.items():
            started = time.monotonic()
            status, _, body = raw_get(nginx.url, path)
            assert status == 200 and notice_region(body.decode(), lang) == "", path
            assert time.monotonic() - started < 5 and b"Bad Gateway" not in body
        status, _, body = raw_get(nginx.url, "/fr/%00")           # refused by nginx itself (400)
        assert status == 404 and notice_region(body.decode(), "fr") == ""
        assert raw_get(nginx.url, "/api/v1/notices/current.fr.html")[:3:2] == (204, b"")
    finally:
        nginx.close()

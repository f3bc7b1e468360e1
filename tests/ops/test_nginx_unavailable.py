"""When no API worker answers, nginx still answers as the site and the API do: the security
headers on every answer, the API's own JSON error ("unavailable", 503) under /api/ (the checker
page then takes its offline path), and for a page that nginx cannot serve the site's
"unavailable" page of the path's language, with nginx's status. Its own nginx and workers, so
that the session's `hosting` stays up for the other tests."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from playwright.sync_api import expect

from codecheck.errors import COMMON_HEADERS, error_response
from server import policy
from server.headers import CONTENT_SECURITY_POLICY, HARDENING_HEADERS
from tests.browser.test_check_page_browser import check
from tests.conftest import SITE_LANGUAGES
from tests.ops.support import ServerProcess
from tests.services import Nginx

CHECK = "/api/v1/access-codes/check"
SITE_HEADERS = {**HARDENING_HEADERS, "Content-Security-Policy": CONTENT_SECURITY_POLICY}
# A Unix socket where a page would be: opening it fails (ENXIO), nginx answers 500.
BROKEN = "broken-for-the-test.html"


@pytest.fixture(scope="module")
def stopped(hosting, site_dir, tmp_path_factory):
    """nginx in front of two workers that answered once, then were stopped (SIGTERM)."""
    api = ServerProcess(["api", "--workers", "2"], hosting.env, tmp_path_factory.mktemp("stopped") / "api.log")
    try:
        nginx = Nginx(site_dir, [api.address])
    except BaseException:
        api.stop()
        raise
    try:
        answered = httpx.post(nginx.url + CHECK, json={"code": "DEMOVALID001"}, timeout=30)
        assert answered.status_code == 200 and answered.json()["status"] == "valid"
        assert api.stop() == 0
        for folder in ("", *(f"{lang}/" for lang in SITE_LANGUAGES)):
            with socket.socket(socket.AF_UNIX) as broken:
                broken.bind(str(nginx.site_dir / folder / BROKEN))   # the socket's file stays
        yield nginx
    finally:
        nginx.close()
        api.stop()


def assert_headers(response: httpx.Response, expected: dict[str, str]) -> None:
    for name, value in expected.items():
        assert response.headers.get(name) == value, f"{response.request.url}: {name}"


@pytest.mark.parametrize(("method", "path"), [("POST", CHECK), ("GET", "/api/v1/health"),
                                              ("POST", "/api/v1/feedback"), ("GET", "/api/v1/ready")])
def test_the_api_answers_its_own_json_error_when_no_worker_answers(stopped, method, path) -> None:
    response = httpx.request(method, stopped.url + path, json={"code": "DEMOVALID001"}, timeout=30)
    expected = error_response("unavailable")
    assert response.status_code == expected.status_code == 503
    assert response.headers["content-type"] == "application/json"
    assert response.json() == json.loads(expected.body) == {
        "error": {"code": "unavailable", "message": "The checker cannot be reached at the moment. Try again later."}}
    assert response.headers["retry-after"] == "5"
    assert_headers(response, {**SITE_HEADERS, **COMMON_HEADERS})
    assert "connect() failed" in stopped.error_log()   # nginx did try the workers


@pytest.mark.parametrize("lang", ["", *SITE_LANGUAGES])
def test_a_page_nginx_cannot_serve_gets_the_sites_unavailable_page_in_its_language(stopped, lang) -> None:
    folder = f"/{lang}/" if lang else "/"
    response = httpx.get(f"{stopped.url}{folder}{BROKEN}", timeout=30)
    assert response.status_code == 500
    assert response.text == (stopped.site_dir / folder.lstrip("/") / policy.UNAVAILABLE_PAGE).read_text(encoding="utf-8")
    assert f'<html lang="{lang or SITE_LANGUAGES[0]}"' in response.text and "nginx" not in response.text
    assert_headers(response, {**SITE_HEADERS, "Cache-Control": policy.REVALIDATE})
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_the_unavailable_page_is_translated(site_dir) -> None:
    """Each language's page has its own words (the site catalogs), not the French."""
    headings = {lang: (site_dir / lang / policy.UNAVAILABLE_PAGE).read_text(encoding="utf-8").split("<h1", 1)[1]
                .split("</h1>", 1)[0] for lang in SITE_LANGUAGES}
    assert len(set(headings.values())) == len(SITE_LANGUAGES), headings
    root = (site_dir / policy.UNAVAILABLE_PAGE).read_text(encoding="utf-8")
    assert all(f'<section lang="{lang}">' in root for lang in SITE_LANGUAGES)


@pytest.mark.browser
def test_the_checker_page_takes_its_offline_path(browser, stopped) -> None:
    """The page asks, gets nginx's JSON 503, and offers the check by the letter's date."""
    context = browser.new_context()
    page = context.new_page()
    answers: list[tuple[int, str]] = []
    page.on("response", lambda response: CHECK in response.url
            and answers.append((response.status, response.header_value("content-type") or "")))
    page.goto(f"{stopped.url}/de/check-code/")
    check(page, "DEMOVALID001")
    expect(page.locator("[data-result] [data-offline-form] input[type=date]")).to_be_visible()
    assert answers == [(503, "application/json")]
    context.close()

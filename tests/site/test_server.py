"""The site server: language-aware "not found" pages, redirects, headers, no stack traces."""

import http.client
import json

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from tests.conftest import LiveServer


@pytest.fixture(scope="module")
def client(site_dir, languages):
    app = create_app(site_dir, languages)
    return TestClient(app, follow_redirects=False)


@pytest.mark.parametrize(("path", "words"), [
    ("/fr/nulle-part/", "Page introuvable"),
    ("/de/nirgends/", "Seite nicht gefunden"),
    ("/it/da-nessuna-parte/", "Pagina non trovata"),
    ("/en/nowhere/", "Page not found"),
])
def test_a_wrong_url_gets_a_not_found_page_in_the_language_of_its_path(client, path, words):
    response = client.get(path)
    assert response.status_code == 404
    assert words in response.text
    assert f'<html lang="{path[1:3]}"' in response.text
    assert "Traceback" not in response.text


def test_a_wrong_url_outside_any_language_gets_the_page_in_every_language(client):
    response = client.get("/nothing/here")
    assert response.status_code == 404
    for words in ("Page introuvable", "Seite nicht gefunden", "Pagina non trovata", "Page not found"):
        assert words in response.text


def test_the_not_found_page_offers_home_search_and_the_guide(client):
    text = client.get("/de/gibt-es-nicht").text
    assert 'href="/de/"' in text and 'href="/de/guide/"' in text and 'name="q"' in text


def test_an_unknown_guide_step_offers_to_start_the_guide_again(client):
    response = client.get("/en/guide/administrator-leaving/no-such-answer/")
    assert response.status_code == 404
    assert "Page not found" in response.text and "Start the guide again" in response.text
    assert 'href="/en/guide/"' in response.text
    assert '<html lang="en"' in response.text


def test_pages_are_served_with_hardening_headers(client):
    response = client.get("/fr/")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "set-cookie" not in response.headers
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_a_page_without_its_trailing_slash_redirects(client):
    response = client.get("/de/situations/no-active-login")
    assert response.status_code in (301, 307, 308)
    assert response.headers["location"].endswith("/de/situations/no-active-login/")


@pytest.fixture(scope="module")
def raw_server(site_dir, languages):
    """The site over real HTTP (uvicorn), for paths that an HTTP client library would tidy."""
    with LiveServer(create_app(site_dir, languages)) as live:
        yield live


def raw_get(server, path):
    """GET with the path sent exactly as written: http.client neither resolves nor encodes it."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# Paths that are no address of the site, and the language whose not-found page they get (None:
# the page of the site's root, in every language). The language is that of the first non-empty segment.
ODD_PATHS = [
    ("/fr/../../etc/passwd", "fr"),                 # traversal
    ("/fr/../de/", "fr"),                           # traversal inside the site: a page, but not here
    ("/fr/./", "fr"),
    ("/fr/..", "fr"),                               # not a redirect to "/fr/../"
    ("/..", None),
    ("/fr/%2e%2e/%2e%2e/etc/passwd", "fr"),         # encoded traversal
    ("/fr/%2E%2E/index.html", "fr"),
    ("/%2e%2e/%2e%2e/etc/passwd", None),
    ("/%2e%2e%2fetc/passwd", None),
    ("/fr/..%2f..%2fetc/passwd", "fr"),             # encoded slashes
    ("//fr/", "fr"),                                # double slashes
    ("/fr//situations/", "fr"),
    ("/de//situations/no-active-login", "de"),      # not a redirect to a broken address
    ("//etc/passwd", None),
    ("//evil.example/", None),
    ("/fr\\..\\..\\etc\\passwd", None),            # backslashes
    ("/fr/%5c..%5c..%5cetc%5cpasswd", "fr"),
    ("/fr/%00", "fr"),                              # NUL and other control characters
    ("/fr/a%00b/", "fr"),
    ("/fr/%0a/", "fr"),
    ("/fr/%ff/", "fr"),                             # not UTF-8
    ("/long-" + "a" * 5000, None),                  # very long
    ("/fr/" + "a/" * 3000, "fr"),
    ("/xx/", None),                                 # unknown languages
    ("/es/situations/", None),
    ("/FR/", None),
]


@pytest.mark.parametrize(("path", "lang"), ODD_PATHS, ids=[path[:40] for path, _ in ODD_PATHS])
def test_odd_paths_get_the_not_found_page_of_their_language(raw_server, site_dir, path, lang):
    status, headers, body = raw_get(raw_server, path)
    expected = site_dir / lang / "404.html" if lang else site_dir / "404.html"
    assert status == 404
    assert body == expected.read_bytes()
    assert headers["content-type"].startswith("text/html") and "location" not in {h.lower() for h in headers}
    assert b"root:" not in body and b"Traceback" not in body


@pytest.mark.parametrize(("path", "served"), [
    ("/", "index.html"), ("/fr/", "fr/index.html"), ("/de/index.html", "de/index.html"),
    ("/en/situations/no-active-login/", "en/situations/no-active-login/index.html"),
])
def test_plain_paths_still_get_their_file(raw_server, site_dir, path, served):
    status, _, body = raw_get(raw_server, path)
    assert status == 200 and body == (site_dir / served).read_bytes()


def test_the_product_serves_the_api_on_the_sites_origin(live_server):
    status, headers, body = raw_get(live_server, "/api/v1/health")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert isinstance(json.loads(body), dict)

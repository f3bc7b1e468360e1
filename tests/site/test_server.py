"""The site server: language-aware "not found" pages, redirects, headers, no stack traces."""

import pytest
from starlette.testclient import TestClient

from server.app import create_app


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


@pytest.mark.parametrize("path", ["/fr/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/fr/%00", "/long-" + "a" * 5000])
def test_odd_paths_get_a_clean_answer(client, path):
    response = client.get(path)
    assert response.status_code in (200, 301, 307, 308, 404)
    assert "root:" not in response.text and "Traceback" not in response.text

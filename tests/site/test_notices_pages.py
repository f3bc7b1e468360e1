"""The fund's notices on every page as the Python server (`make serve`) sends it: every built page
carries its language's include directive (server/policy.py) and no other; the server puts the
notices there, escaped, in the page's language, from their start to their end by the API's clock;
the page stays `no-cache` and revalidates with an ETag that names its notices (a 304 never keeps
an ended notice on screen). And a notice posted with the operator tool shows on a `python -m
server` process in four languages, and leaves when ended."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from server import policy
from tests.conftest import SITE_LANGUAGES, LiveServer
from tests.ops.support import ServerProcess
from tests.notices import cli, cli_post, notice_region, poll, post_notice, served_on_a_clock, swiss_minutes, words

PAGES = {"fr": "/fr/", "de": "/de/situations/no-active-login/", "it": "/it/guide/", "en": "/en/support/"}


def test_every_page_carries_its_languages_include_and_no_other_directive(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        relative = page.relative_to(site_dir)
        lang = relative.parts[0] if relative.parts[0] in SITE_LANGUAGES else None
        wanted = [policy.notice_include(lang)] if lang else [policy.notice_include(code) for code in SITE_LANGUAGES]
        # nginx runs every SSI directive of a page: only the notices' may stand in one.
        assert re.findall(r"<!--#.*?-->", text) == wanted, relative
        # Empty, the region takes no room (:empty): nothing but the directive between its tags.
        for directive in wanted:
            assert f"data-notices>{directive}</div>" in text or f'">{directive}</div>' in text, relative


@pytest.fixture(scope="module")
def served(site_dir, languages, tmp_path_factory):
    with served_on_a_clock(site_dir, languages, tmp_path_factory.mktemp("notices")) as live:
        yield live


def get(live: LiveServer, path: str, **headers: str) -> httpx.Response:
    return httpx.get(live.url + path, headers=headers, timeout=30)


def test_a_notice_shows_escaped_in_each_pages_language_until_its_end(served) -> None:
    before = {lang: get(served, path) for lang, path in PAGES.items()}
    for lang, response in before.items():
        assert response.status_code == 200 and notice_region(response.text, lang) == "", lang
    post_notice(served, minutes=30, link="how-to/access-code.md#code-validity", de='<script>alert("x")</script> Störung. [Was tun?]')
    for lang, path in PAGES.items():
        shown = notice_region(get(served, path).text, lang)
        assert words(lang) in shown or lang == "de"
        assert f'href="/{lang}/how-to/access-code/#code-validity"' in shown
    german = notice_region(get(served, PAGES["de"]).text, "de")
    assert '&lt;script&gt;alert("x")&lt;/script&gt; Störung.' in german and "<script>" not in german
    assert "connect est" not in german                                # never French on a German page
    not_found = get(served, "/it/non-esiste/")
    assert not_found.status_code == 404 and "Cosa fare?" in notice_region(not_found.text, "it")
    root = get(served, "/").text
    assert all(words(lang) in notice_region(root, lang) for lang in ("fr", "it", "en"))
    served.clock.now += 30 * 60                                       # its end, by the API's clock
    for lang, path in PAGES.items():
        assert notice_region(get(served, path).text, lang) == "", lang


def test_a_page_stays_no_cache_and_revalidates_with_its_notices(served) -> None:
    path = "/en/contact/"
    first = get(served, path, **{"Accept-Encoding": "gzip"})
    assert first.headers["cache-control"] == "no-cache" and first.headers["vary"] == "Accept-Encoding"
    assert first.headers["content-encoding"] == "gzip" and "last-modified" not in first.headers
    etag = first.headers["etag"]
    again = get(served, path, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    post_notice(served, minutes=10, link="how-to/access-code.md#code-validity")
    changed = get(served, path, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert "What to do" in notice_region(changed.text, "en")
    assert get(served, path, **{"If-None-Match": changed.headers["etag"]}).status_code == 304
    served.clock.now += 10 * 60
    ended = get(served, path, **{"If-None-Match": changed.headers["etag"]})
    assert ended.status_code == 200 and notice_region(ended.text, "en") == ""


def test_files_that_are_no_page_keep_their_stored_copies(served, site_dir) -> None:
    script = next(p for p in sorted(site_dir.glob("de/assets/javascripts/*.js")) if policy.HASHED_PATH.search(p.name))
    response = httpx.get(served.url + f"/{script.relative_to(site_dir)}", headers={"Accept-Encoding": "br"})
    assert response.headers["content-encoding"] == "br" and "etag" in response.headers


def test_a_notice_posted_with_the_command_line_shows_on_make_serves_server(site_dir, tmp_path) -> None:
    env = {"CODECHECK_DB": str(tmp_path / "codes.sqlite3"), "CODECHECK_SECRET_FILE": str(tmp_path / "secret")}
    server = ServerProcess(["--site-dir", str(site_dir)], env, tmp_path / "server.log")
    try:
        number = cli_post(env, "information", swiss_minutes(120))
        for lang, path in PAGES.items():
            poll(lambda: words(lang) in notice_region(page_text(server.url + path), lang), f"{lang} shown")
        assert cli("end", str(number), env=env).returncode == 0
        for lang, path in PAGES.items():
            poll(lambda: notice_region(page_text(server.url + path), lang) == "", f"{lang} gone")
    finally:
        server.stop()


def page_text(url: str) -> str:
    return httpx.get(url, timeout=30).text

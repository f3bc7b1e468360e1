"""Notices to visitors (codecheck/notices.py): the operator tool posts, lists and ends them (a real
process, on both engines), the rules refuse what must never reach a page, and the API's public
side reads them only: its fragment shows a notice from its start to its end by the API's clock,
escaped, in the language asked, and the metrics count the notices shown by kind."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from codecheck.app import create_app
from codecheck.notices import MAX_TEXT, NewNotice, NoticeError, fragment, link_url, new_notice
from codecheck.registry import open_store
from tests.codecheck.support import Api, seed
from tests.codecheck.test_metrics import samples
from tests.conftest import SITE_LANGUAGES
from tests.notices import LANGUAGES, LINK, SWISS, TEXTS, cli

NOW = datetime(2027, 1, 15, 8, 0, tzinfo=timezone.utc)


def notice_of(**changes) -> NewNotice:
    values = dict(kind="disruption", starts_at=NOW, ends_at=NOW + timedelta(hours=2), texts=TEXTS, link=LINK)
    values.update(changes)
    return new_notice(values["kind"], values["starts_at"], values["ends_at"], values["texts"], values["link"],
                      LANGUAGES, NOW)


def test_the_site_languages_are_the_ones_a_notice_needs() -> None:
    assert tuple(LANGUAGES) == SITE_LANGUAGES


@pytest.mark.parametrize("missing", list(LANGUAGES))
def test_a_notice_missing_a_language_is_refused_naming_it(missing: str) -> None:
    with pytest.raises(NoticeError, match=rf"missing: {LANGUAGES[missing]} \(--{missing}\)"):
        notice_of(texts={lang: text for lang, text in TEXTS.items() if lang != missing})
    with pytest.raises(NoticeError, match=rf"--{missing}"):
        notice_of(texts={**TEXTS, missing: "   "})


@pytest.mark.parametrize(("changes", "message"), [
    ({"texts": {**TEXTS, "de": "[eins] und [zwei]"}}, "more than one"),
    ({"texts": {**TEXTS, "it": "x" * (MAX_TEXT + 1)}}, f"at most {MAX_TEXT}"),
    ({"texts": {**TEXTS, "en": "no linked words"}}, "no \\[words\\]"),
    ({"texts": {**TEXTS, "fr": "ligne\u2028cachée [x]"}}, "control character"),
    ({"link": "https://example.org/#x"}, "no address of another site"),
    ({"link": "//example.org/fr/"}, "no address of another site"),
    ({"link": "javascript:alert(1)"}, "no address of another site"),
    ({"link": "../../etc/passwd"}, "a page of the help articles"),
    ({"kind": "alert"}, "disruption, information"),
    ({"ends_at": NOW}, "after the start"),
    ({"starts_at": NOW - timedelta(hours=3), "ends_at": NOW - timedelta(hours=1)}, "already past"),
])
def test_what_must_not_reach_a_page_is_refused(changes: dict, message: str) -> None:
    with pytest.raises(NoticeError, match=message):
        notice_of(**changes)


def test_a_text_is_shown_as_text_with_its_one_link_in_the_pages_language() -> None:
    posted = notice_of(texts={**TEXTS, "de": '<script>alert("x")</script> & <b>fett</b> [Was tun?]'})
    from codecheck.notices import Notice

    notice = Notice(7, posted.kind, posted.starts_at, posted.ends_at, posted.texts, posted.link)
    html = fragment([notice], "de")
    assert "<script>" not in html and "<b>" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;' in html
    assert html.count("<a ") == 1
    assert '<a href="/de/situations/no-active-login/#order-a-new-code">Was tun?</a>' in html
    assert 'data-notice-ends="2027-01-15T10:00:00Z"' in html and 'class="ch-notice ch-notice--disruption"' in html
    assert "Que faire" in fragment([notice], "fr") and "Que faire" not in html


@pytest.mark.parametrize(("link", "url"), [
    ("index.md", "/it/"), ("index.md#about-connect", "/it/#about-connect"),
    ("how-to/access-code.md#code-validity", "/it/how-to/access-code/#code-validity"),
    ("how-to/access-code/", "/it/how-to/access-code/"), ("contact", "/it/contact/"),
])
def test_a_link_names_the_same_section_in_each_language(link: str, url: str) -> None:
    assert link_url(link, "it") == url


def test_the_store_keeps_ends_and_lists_notices(make_settings) -> None:
    store = open_store(make_settings())
    try:
        store.migrate()
        first = store.add_notice(notice_of(), NOW)
        later = store.add_notice(notice_of(kind="information", starts_at=NOW + timedelta(days=1),
                                           ends_at=NOW + timedelta(days=2)), NOW)
        assert first.id != later.id and first.texts == TEXTS and first.link == LINK
        assert first.starts_at == NOW and later.ends_at == NOW + timedelta(days=2)
        assert [n.id for n in store.notices(NOW)] == [first.id, later.id]
        ended = store.end_notice(first.id, NOW + timedelta(minutes=30))
        assert ended is not None and ended.ends_at == NOW + timedelta(minutes=30)
        # Ending one not started yet: it never shows.
        never = store.end_notice(later.id, NOW + timedelta(minutes=30))
        assert never is not None and never.starts_at == never.ends_at
        assert store.notices(NOW + timedelta(hours=1)) == []
        assert len(store.notices(None)) == 2
        assert store.end_notice(9999, NOW) is None
    finally:
        store.close()


def test_the_fragment_shows_a_notice_from_its_start_to_its_end_by_the_apis_clock(make_settings, clock) -> None:
    settings = make_settings(enabled=False)
    seed(settings)
    start = datetime.fromtimestamp(clock.now, timezone.utc) + timedelta(minutes=10)
    store = open_store(settings)
    try:
        store.add_notice(new_notice("information", start, start + timedelta(hours=1), TEXTS, LINK, LANGUAGES,
                                    start), start)
    finally:
        store.close()
    api = Api(create_app(settings))

    def shown(lang: str = "de") -> str:
        response = api.request("GET", f"/api/v1/notices/current.{lang}.html")
        assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["cache-control"] == "public, max-age=30"
        return response.text

    assert shown() == ""
    clock.now = start.timestamp() - 1
    assert shown() == ""
    clock.now = start.timestamp()
    for lang in SITE_LANGUAGES:
        assert TEXTS[lang].split("[")[0].strip() in shown(lang)
    clock.now = start.timestamp() + 3600 - 1
    assert "Was tun?" in shown()
    clock.now = start.timestamp() + 3600       # its end, to the second (not a refresh later)
    assert shown() == ""
    assert api.request("GET", "/api/v1/notices/current.json").json() == {"notices": []}
    got = samples(api)
    assert got[("codecheck_notices_shown_total", (("kind", "information"),))] == 5
    assert got[("codecheck_notices_shown_total", (("kind", "disruption"),))] == 0


def test_the_public_side_only_reads(make_settings, clock) -> None:
    settings = make_settings(enabled=False)
    seed(settings)
    api = Api(create_app(settings))
    assert api.request("GET", "/api/v1/notices/current.xx.html").status_code == 404
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/api/v1/notices/current.de.html", "/api/v1/notices/current.json", "/api/v1/notices"):
            assert api.request(method, path, content=b"{}").status_code in (404, 405), (method, path)


def test_staff_post_list_and_end_a_notice_with_the_command_line(make_settings, engine) -> None:
    settings = make_settings()
    seed(settings)
    env = {"CODECHECK_DB": settings.db_url or str(settings.db_path), "CODECHECK_SECRET_FILE": str(settings.secret_file)}
    end = (datetime.now(SWISS) + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    texts = [arg for lang, text in TEXTS.items() for arg in (f"--{lang}", text)]
    refused = cli("add", "--kind", "disruption", "--end", end, "--link", LINK, *texts[:-2], env=env)
    assert refused.returncode == 1 and "English (--en)" in refused.stderr and "Traceback" not in refused.stderr
    posted = cli("add", "--kind", "disruption", "--end", end, "--link", LINK, *texts, env=env)
    assert posted.returncode == 0, posted.stderr
    assert "#1 disruption (current)" in posted.stdout and f"to {end} (Swiss time)" in posted.stdout
    listed = cli("list", env=env)
    assert "de: connect ist nicht erreichbar. [Was tun?]" in listed.stdout
    ended = cli("end", "1", env=env)
    assert ended.returncode == 0 and "(ended)" in ended.stdout
    assert cli("list", env=env).stdout.strip() == "No current or coming notice."
    assert "#1 disruption (ended)" in cli("list", "--all", env=env).stdout
    assert cli("end", "42", env=env).returncode == 1
    bad_time = cli("add", "--kind", "information", "--end", "tomorrow", *texts, env=env)
    assert bad_time.returncode == 2 and "YYYY-MM-DD HH:MM" in bad_time.stderr

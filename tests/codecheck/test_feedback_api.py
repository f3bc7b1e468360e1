"""POST /api/v1/feedback in process, on both engines: answers by JSON (the widget's script) and
by plain form (no JavaScript) reach the daily counts; the database keeps no address; bad input
gets a 4xx with its code and stores nothing; the budget per address."""

from __future__ import annotations

import json
import sqlite3

import pytest

from codecheck.app import create_app
from codecheck.store import FeedbackCount
from tests.codecheck.support import CLIENT, TODAY, Api, seed, write_feedback_pages

FEEDBACK = "/api/v1/feedback"
JSON_TYPE = {"content-type": "application/json"}
FORM_TYPE = {"content-type": "application/x-www-form-urlencoded"}
ARTICLE = "/situations/no-active-login/"
OUTCOME = "/guide/outcomes/code-expired/"


def feedback_api(make_settings, **limits) -> Api:
    settings = make_settings(**({"enabled": False} if not limits else limits))
    seed(settings)
    return Api(create_app(settings))


def counts(api: Api) -> list[FeedbackCount]:
    return api.app.state.registry.store.feedback_counts()


def give(api: Api, client=CLIENT, **body) -> object:
    return api.request("POST", FEEDBACK, client=client, json=body)


def post_form(api: Api, form: str):
    return api.request("POST", FEEDBACK, content=form.encode(), headers=FORM_TYPE)


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    return body["error"]["code"]


def test_a_json_answer_is_counted_for_the_day(make_settings) -> None:
    api = feedback_api(make_settings)
    for _ in range(2):
        response = give(api, page=ARTICLE, language="de", answer="yes")
        assert response.status_code == 200 and response.json() == {"status": "counted"}
        assert response.headers["cache-control"] == "no-store" and "set-cookie" not in response.headers
    assert give(api, page=OUTCOME, language="fr", answer="no").status_code == 200
    assert counts(api) == [
        FeedbackCount(TODAY, "de", ARTICLE, "yes", "", 2),
        FeedbackCount(TODAY, "fr", OUTCOME, "no", "", 1),
    ]


def test_a_plain_form_is_counted_and_sent_back_to_the_page(make_settings) -> None:
    api = feedback_api(make_settings)
    yes = post_form(api, f"page={ARTICLE}&language=de&answer=yes")
    assert yes.status_code == 303
    assert yes.headers["location"] == "/de/situations/no-active-login/#feedback-thanks"
    no = post_form(api, "page=%2Fguide%2Foutcomes%2Fcode-expired%2F&language=de&answer=no")
    assert no.status_code == 303 and no.headers["location"] == "/de/guide/outcomes/code-expired/#feedback-no"
    reason = post_form(api, f"page={OUTCOME}&language=de&answer=no&reason=hard-to-understand")
    assert reason.status_code == 303 and reason.headers["location"].endswith("#feedback-thanks")
    assert "set-cookie" not in reason.headers
    # The reason took the place of the bare "no": one visitor, one answer.
    assert counts(api) == [
        FeedbackCount(TODAY, "de", OUTCOME, "no", "hard-to-understand", 1),
        FeedbackCount(TODAY, "de", ARTICLE, "yes", "", 1),
    ]


def test_a_reason_replaces_one_bare_no_or_counts_anew(make_settings) -> None:
    api = feedback_api(make_settings)
    for _ in range(2):
        give(api, page=ARTICLE, language="fr", answer="no")
    give(api, page=ARTICLE, language="fr", answer="no", reason="wrong-or-outdated")
    assert [(c.reason, c.count) for c in counts(api)] == [("", 1), ("wrong-or-outdated", 1)]
    give(api, page=ARTICLE, language="fr", answer="no", reason="not-found")
    give(api, page=ARTICLE, language="fr", answer="no", reason="not-found")   # no bare "no" left: a new one
    assert [(c.reason, c.count) for c in counts(api)] == [("not-found", 2), ("wrong-or-outdated", 1)]


def test_the_database_holds_no_address(make_settings, engine: str) -> None:
    api = feedback_api(make_settings)
    address = "198.51.100.77"
    give(api, client=(address, 40000), page=ARTICLE, language="de", answer="no")
    give(api, client=(address, 40000), page=ARTICLE, language="de", answer="no", reason="does-not-work")
    store = api.app.state.registry.store
    if engine == "sqlite+memory":
        with sqlite3.connect(store.path) as db:
            columns = [row[1] for row in db.execute("PRAGMA table_info(feedback_counts)")]
            rows = db.execute("SELECT * FROM feedback_counts").fetchall()
            every_table = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            everything = repr([db.execute(f"SELECT * FROM {name}").fetchall() for name in every_table])
        db.close()
        on_disk = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
        assert address.encode() not in on_disk and b"40000" not in on_disk
    else:
        import psycopg

        with psycopg.connect(store.url) as db:
            columns = [row[0] for row in db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback_counts' "
                "ORDER BY ordinal_position")]
            rows = db.execute("SELECT day::text, language, page, answer, reason, count FROM feedback_counts").fetchall()
            tables = [name for (name,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            everything = repr([db.execute(f"SELECT * FROM {name}").fetchall() for name in tables])
    assert columns == ["day", "language", "page", "answer", "reason", "count"]
    assert [tuple(str(value) for value in row) for row in rows] == [
        (TODAY.isoformat(), "de", ARTICLE, "no", "does-not-work", "1")]
    assert address not in everything


BAD = [
    pytest.param(JSON_TYPE, {"page": "/no/such/page/", "language": "de", "answer": "yes"}, 422, "unknown_page",
                 id="unknown-page"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "es", "answer": "yes"}, 422, "unknown_page",
                 id="unknown-language"),
    pytest.param(JSON_TYPE, {"page": "/de" + ARTICLE, "language": "de", "answer": "yes"}, 422, "unknown_page",
                 id="path-for-page"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de", "answer": "no", "reason": "boring"}, 422,
                 "unknown_reason", id="reason-not-on-the-list"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de", "answer": "yes", "reason": "not-found"}, 422,
                 "unknown_reason", id="reason-with-yes"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de", "answer": "maybe"}, 422, "invalid_feedback",
                 id="answer-not-yes-or-no"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de", "answer": True}, 422, "invalid_feedback",
                 id="answer-a-boolean"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de", "answer": ["yes"]}, 422, "invalid_feedback",
                 id="answer-a-list"),
    pytest.param(JSON_TYPE, {"page": None, "language": "de", "answer": "yes"}, 422, "invalid_feedback",
                 id="page-null"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": 7, "answer": "yes"}, 422, "invalid_feedback",
                 id="language-a-number"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de"}, 422, "invalid_feedback", id="no-answer"),
    pytest.param(JSON_TYPE, {"page": ARTICLE, "language": "de", "answer": "no", "comment": "Hans Muster"}, 422,
                 "invalid_feedback", id="free-text-field"),
    pytest.param(JSON_TYPE, [ARTICLE, "de", "yes"], 422, "invalid_feedback", id="a-list"),
    pytest.param(JSON_TYPE, b'{"page": "/", "language": "de", "answer": "yes", "answer": "no"}', 422,
                 "invalid_feedback", id="json-field-twice"),
    pytest.param(JSON_TYPE, b'{"page": "/", "language": "de", "answer": "yes"', 422, "invalid_json",
                 id="json-cut-short"),
    pytest.param(JSON_TYPE, b"\xff\xfe", 422, "invalid_json", id="json-not-utf8"),
    pytest.param(JSON_TYPE, b"", 422, "invalid_json", id="json-empty"),
    pytest.param(JSON_TYPE, b'{"page": "' + b"a" * 1_048_576 + b'"}', 413, "body_too_large", id="1-MB-body"),
    pytest.param(FORM_TYPE, b"answer=yes&" + b"x" * 1_048_576, 413, "body_too_large", id="1-MB-form"),
    pytest.param(FORM_TYPE, b"%%%garbage&&==", 422, "invalid_feedback", id="form-garbage"),
    pytest.param(FORM_TYPE, b"page=/&language=de&answer=yes&answer=no", 422, "invalid_feedback",
                 id="form-field-twice"),
    pytest.param(FORM_TYPE, b"page=/&language=de&answer=yes&name=Hans", 422, "invalid_feedback",
                 id="form-unknown-field"),
    pytest.param(FORM_TYPE, b"page=/&language=de&answer=\xff", 422, "invalid_feedback", id="form-not-utf8"),
    pytest.param(FORM_TYPE, b"page=/&language=de&answer=no&reason=", 303, None, id="form-empty-reason-is-none"),
    pytest.param({"content-type": "text/plain"}, b"page=/&language=de&answer=yes", 415, "unsupported_media_type",
                 id="text-plain"),
    pytest.param({"content-type": "multipart/form-data; boundary=x"}, b"--x--", 415, "unsupported_media_type",
                 id="multipart"),
]


@pytest.mark.parametrize(("headers", "body", "status", "code"), BAD)
def test_bad_input_gets_a_4xx_with_its_code_and_stores_nothing(make_sqlite_settings, headers, body, status,
                                                               code) -> None:
    settings = make_sqlite_settings(enabled=False)
    seed(settings)
    api = Api(create_app(settings))
    before = settings.db_path.read_bytes()
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = api.request("POST", FEEDBACK, content=content, headers=headers)
    assert response.status_code == status
    if code is None:   # the control: a good form is counted
        assert len(counts(api)) == 1
        return
    assert error_code(response) == code
    assert response.headers["cache-control"] == "no-store"
    assert counts(api) == []
    assert settings.db_path.read_bytes() == before


def test_bad_input_stores_nothing_on_postgresql_either(make_settings, engine: str) -> None:
    api = feedback_api(make_settings)
    for headers, body, status, code in [param.values for param in BAD if param.values[3]]:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = api.request("POST", FEEDBACK, content=content, headers=headers)
        assert (response.status_code, error_code(response)) == (status, code)
    assert counts(api) == []


def test_answers_per_address_are_limited(make_settings) -> None:
    api = feedback_api(make_settings, feedback_per_hour=3)
    statuses = [give(api, page="/", language="fr", answer="yes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = give(api, page="/", language="fr", answer="yes")
    assert error_code(refused) == "rate_limited" and 3000 < int(refused.headers["retry-after"]) <= 3600
    assert give(api, client=("198.51.100.9", 1), page="/", language="fr", answer="yes").status_code == 200
    assert counts(api) == [FeedbackCount(TODAY, "fr", "/", "yes", "", 4)]
    # The access-code checks keep their own budget.
    assert api.check("VALIDCODE001").status_code == 200


def test_without_the_list_of_pages_nothing_is_counted(make_sqlite_settings, tmp_path) -> None:
    settings = make_sqlite_settings(enabled=False)
    settings.feedback_pages.unlink()
    api = Api(create_app(settings))
    response = give(api, page="/", language="fr", answer="yes")
    assert response.status_code == 503 and error_code(response) == "feedback_unavailable"
    assert counts(api) == []
    # A new build writes the list: it is read without a restart.
    write_feedback_pages(settings.feedback_pages, [
        {"language": "fr", "page": "/new/", "path": "/fr/new/", "title": "Nouveau", "kind": "article"}])
    assert give(api, page="/new/", language="fr", answer="yes").status_code == 200
    assert give(api, page="/", language="fr", answer="yes").status_code == 422

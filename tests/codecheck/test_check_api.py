"""The check API in process: every answer, the expiry boundaries, bad input, headers."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from codecheck.app import create_app
from codecheck.registry import open_registry
from tests.codecheck.support import CODES, TODAY, UNKNOWN_CODE, VALIDITY, Api, run, seed

CHECK = "/api/v1/access-codes/check"
JSON_TYPE = {"content-type": "application/json"}


def test_every_answer_has_the_same_shape(api: Api) -> None:
    expected = {
        "VALIDCODE001": {"status": "valid", "expires_on": "2026-11-02", "days_left": 140},
        "EXPIREDCODE1": {"status": "expired", "expires_on": (TODAY - timedelta(days=1)).isoformat(), "days_left": None},
        "USEDCODE0001": {"status": "used", "expires_on": None, "days_left": None},
        "REVOKEDCODE1": {"status": "revoked", "expires_on": None, "days_left": None},
        UNKNOWN_CODE: {"status": "unknown", "expires_on": None, "days_left": None},
    }
    for code, answer in expected.items():
        response = api.check(code)
        assert response.status_code == 200, code
        assert response.json() == answer, code
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-type"] == "application/json"
        assert "set-cookie" not in response.headers


def test_expiry_boundaries(api: Api) -> None:
    assert api.check("ISSUEDTODAY1").json() == {
        "status": "valid",
        "expires_on": (TODAY + timedelta(days=VALIDITY)).isoformat(),
        "days_left": VALIDITY,
    }
    assert api.check("LASTDAYCODE1").json() == {"status": "valid", "expires_on": TODAY.isoformat(), "days_left": 0}
    assert api.check("EXPIREDCODE1").json()["status"] == "expired"


def test_the_day_after_the_last_day_the_code_has_expired(make_settings) -> None:
    settings = make_settings(enabled=False)
    seed(settings)
    days = iter([TODAY, TODAY + timedelta(days=1)])
    app = create_app(type(settings)(**{**settings.__dict__, "today": lambda: next(days)}))
    assert Api(app).check("LASTDAYCODE1").json()["status"] == "valid"
    assert Api(app).check("LASTDAYCODE1").json() == {
        "status": "expired",
        "expires_on": TODAY.isoformat(),
        "days_left": None,
    }


@pytest.mark.parametrize(
    "typed",
    ["validcode001", " VALID-CODE-001 ", "valid code 001", "ＶＡＬＩＤＣＯＤＥ００１", "VALID\u2013CODE\u2013001"],
)
def test_typed_variants_find_the_code(api: Api, typed: str) -> None:
    assert api.check(typed).json()["status"] == "valid"


def registry_bytes(api: Api) -> bytes:
    """SQLite: the registry's files as they are on disk (the database, and its write-ahead log);
    PostgreSQL: every row of the registry's tables."""
    store = api.app.state.registry.store
    if not hasattr(store, "path"):
        import psycopg

        with psycopg.connect(store.url) as connection:
            rows = connection.execute(
                "SELECT digest, issued_on::text, status FROM access_codes ORDER BY digest").fetchall()
            rows += connection.execute("SELECT name::bytea, value, '' FROM registry_meta ORDER BY name").fetchall()
        return repr(rows).encode()
    path = store.path
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]["code"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "invalid_json"),
        (b"not json", "invalid_json"),
        (b"{\"code\": \"VALIDCODE001\"", "invalid_json"),
        (b"\xff\xfe{}", "invalid_json"),
        ("{\"code\": \"VALIDCODE001\"}".encode("utf-16"), "invalid_json"),
        pytest.param(b"[" * 511 + b"]" * 511, "invalid_body", id="nested-511"),
        pytest.param(b"[" * 1024, "invalid_json", id="nested-1024-unclosed"),
        pytest.param(b"{\"code\":" * 100 + b"1" + b"}" * 100, "invalid_body", id="nested-objects"),
        (b"NaN", "invalid_body"),
        (b"null", "invalid_body"),
        (b"[\"VALIDCODE001\"]", "invalid_body"),
        (b"\"VALIDCODE001\"", "invalid_body"),
        (b"{}", "invalid_body"),
        (b"{\"code\": 123456789012}", "invalid_body"),
        (b"{\"code\": null}", "invalid_body"),
        (b"{\"code\": [\"VALIDCODE001\"]}", "invalid_body"),
        (b"{\"code\": {\"code\": \"VALIDCODE001\"}}", "invalid_body"),
        (b"{\"code\": true}", "invalid_body"),
        (b"{\"code\": \"VALIDCODE001\", \"extra\": 1}", "invalid_body"),
        (b"{\"code\": \"VALIDCODE001\", \"code\": \"UNKNOWNCODE1\"}", "invalid_body"),
        (b"{\"Code\": \"VALIDCODE001\"}", "invalid_body"),
        (b"{\"code\": \"\"}", "invalid_code_form"),
        (b"{\"code\": \"VALIDCODE00\"}", "invalid_code_form"),
        (b"{\"code\": \"VALIDCODE0011\"}", "invalid_code_form"),
        ("{\"code\": \"VАLIDCODE001\"}".encode(), "invalid_code_form"),  # Cyrillic А
        (b"{\"code\": \"V\\u0391LIDCODE001\"}", "invalid_code_form"),  # Greek Alpha, escaped
        (b"{\"code\": \"\\ud800VALIDCODE001\"}", "invalid_code_form"),  # a lone surrogate
        (b"{\"code\": \"VALIDCODE001\\u0000\"}", "invalid_code_form"),
        (b"{\"code\": \"VALID_CODE_001\"}", "invalid_code_form"),
        (json.dumps({"code": "V" + " " * 60 + "ALIDCODE001"}).encode(), "invalid_code_form"),
    ],
)
def test_bad_bodies_get_422_and_change_nothing(make_sqlite_settings, body: bytes, code: str) -> None:
    settings = make_sqlite_settings(enabled=False)
    seed(settings)
    before = settings.db_path.read_bytes()
    response = Api(create_app(settings)).request("POST", CHECK, content=body, headers=JSON_TYPE)
    assert response.status_code == 422
    assert error_code(response) == code
    assert response.headers["cache-control"] == "no-store"
    assert settings.db_path.read_bytes() == before


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "application/json; charset=latin-1", "application/jsonx", "text/json"],
)
def test_wrong_content_type_gets_415(api: Api, content_type: str | None) -> None:
    before = registry_bytes(api)
    headers = {} if content_type is None else {"content-type": content_type}
    response = api.request("POST", CHECK, content=b'{"code": "VALIDCODE001"}', headers=headers)
    assert response.status_code == 415
    assert error_code(response) == "unsupported_media_type"
    assert registry_bytes(api) == before


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON; Charset=\"UTF-8\""])
def test_json_content_types_accepted(api: Api, content_type: str) -> None:
    response = api.request("POST", CHECK, content=b'{"code": "VALIDCODE001"}', headers={"content-type": content_type})
    assert response.status_code == 200


def test_ten_megabytes_get_413(api: Api) -> None:
    before = registry_bytes(api)
    response = api.request("POST", CHECK, content=b'{"code": "' + b"VALIDCODE001" * 900_000 + b'"}', headers=JSON_TYPE)
    assert response.status_code == 413
    assert error_code(response) == "body_too_large"
    assert registry_bytes(api) == before


def _post_raw(app, headers: list[tuple[bytes, bytes]], total: int, chunk: int = 65_536) -> tuple[int, int, bytes]:
    """Posts ``total`` bytes in chunks straight to the ASGI app; returns the status, the
    number of bytes the app pulled, and the response body."""
    pulled = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal pulled
        size = min(chunk, total - pulled)
        pulled += size
        return {"type": "http.request", "body": b" " * size, "more_body": pulled < total}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": CHECK, "raw_path": CHECK.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("198.51.100.1", 1234), "server": ("testserver", 80),
    }
    run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, pulled, body


def test_a_declared_10_mb_body_is_refused_before_reading(api: Api) -> None:
    status, pulled, body = _post_raw(api.app, [(b"content-length", b"10485760")], 10_485_760)
    assert status == 413 and json.loads(body)["error"]["code"] == "body_too_large"
    assert pulled == 0


def test_an_undeclared_10_mb_body_is_refused_after_the_limit(api: Api) -> None:
    status, pulled, _ = _post_raw(api.app, [(b"transfer-encoding", b"chunked")], 10_485_760)
    assert status == 413
    assert pulled <= 1024 + 65_536


def test_a_body_that_lies_about_its_length_is_counted(api: Api) -> None:
    status, pulled, _ = _post_raw(api.app, [(b"content-length", b"10")], 10_485_760)
    assert status == 413
    assert pulled <= 1024 + 65_536


def test_a_body_at_the_limit_is_read(api: Api) -> None:
    body = json.dumps({"code": "VALIDCODE001"}).encode()
    body = body[:-1] + b" " * (1024 - len(body)) + b"}"
    assert len(body) == 1024
    assert api.request("POST", CHECK, content=body, headers=JSON_TYPE).status_code == 200
    assert api.request("POST", CHECK, content=body + b" ", headers=JSON_TYPE).status_code == 413


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/nothing", 404, "not_found"),
        ("GET", "/api/v2/access-codes/check", 404, "not_found"),
        ("GET", "/api/v1/health/", 404, "not_found"),
        ("GET", "/api/v1/access-codes/check/VALIDCODE001", 404, "not_found"),
        ("GET", "/", 404, "not_found"),
        ("GET", CHECK, 405, "method_not_allowed"),
        ("PUT", CHECK, 405, "method_not_allowed"),
        ("DELETE", CHECK, 405, "method_not_allowed"),
        ("OPTIONS", CHECK, 405, "method_not_allowed"),
        ("POST", "/api/v1/health", 405, "method_not_allowed"),
    ],
)
def test_unknown_paths_and_methods_are_json_errors(api: Api, method: str, path: str, status: int, code: str) -> None:
    response = api.request(method, path)
    assert response.status_code == status
    assert error_code(response) == code
    if status == 405:
        assert "allow" in response.headers


def test_health_and_openapi(api: Api) -> None:
    assert api.request("GET", "/api/v1/health").json() == {"status": "ok"}
    schema = api.request("GET", "/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {"/api/v1/access-codes/check", "/api/v1/feedback", "/api/v1/health", "/api/v1/ready",
                                    "/api/v1/metrics", "/api/v1/openapi.json", "/api/v1/notices/current.{lang}.html",
                                    "/api/v1/notices/current.json"}
    assert api.request("GET", "/api/v1/ready").json() == {"status": "ready",
                                                          "checks": {"registry": "ok", "limits": "ok"}}


def test_the_query_string_is_ignored(api: Api) -> None:
    response = api.request("POST", CHECK + "?code=VALIDCODE001", json={"code": "UNKNOWNCODE1"})
    assert response.json()["status"] == "unknown"


def test_data_kept_across_a_restart(make_settings) -> None:
    settings = make_settings(enabled=False)
    seed(settings)
    first = create_app(settings)
    assert Api(first).check("USEDCODE0001").json()["status"] == "used"
    first.state.registry.close()
    second = Api(create_app(settings))
    assert second.check("USEDCODE0001").json()["status"] == "used"
    assert second.check("VALIDCODE001").json()["status"] == "valid"


class _SpyStore:
    def __init__(self, store) -> None:
        self.store = store
        self.lookups = 0

    def __getattr__(self, name):
        return getattr(self.store, name)

    async def find(self, digest: bytes):
        self.lookups += 1
        assert len(digest) == 32
        return await self.store.find(digest)


def test_known_and_unknown_codes_cost_the_same_work(api: Api) -> None:
    registry = api.app.state.registry
    spy = registry.store = _SpyStore(registry.store)
    digests = []
    real_digest = registry.hasher.digest
    registry.hasher.digest = lambda code: digests.append(code) or real_digest(code)  # type: ignore[method-assign]
    for code in ("VALIDCODE001", UNKNOWN_CODE, "USEDCODE0001", "ZZZZZZZZZZZZ"):
        api.check(code)
    assert spy.lookups == 4 and len(digests) == 4


def test_the_lookup_uses_the_primary_key(api: Api) -> None:
    store = api.app.state.registry.store
    if hasattr(store, "path"):
        plan = store._db.execute(
            "EXPLAIN QUERY PLAN SELECT issued_on, status FROM access_codes WHERE digest = ?", (b"x" * 32,)
        ).fetchall()
        assert "USING PRIMARY KEY" in " ".join(str(row[-1]) for row in plan)
    else:
        store._db.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index can serve
        plan = store._db.execute(
            "EXPLAIN SELECT issued_on, status FROM access_codes WHERE digest = %s", (b"x" * 32,)
        ).fetchall()
        store._db.execute("RESET enable_seqscan")
        assert "Index Scan using access_codes_pkey" in " ".join(row[0] for row in plan)


def test_no_code_reaches_a_log_or_an_error(make_settings, caplog) -> None:
    settings = make_settings(enabled=True, client_checks=3)
    seed(settings)
    app = create_app(settings)
    client = Api(app)
    caplog.set_level(logging.DEBUG)
    typed = ["VALIDCODE001", "UNKNOWNCODE1", "VАLIDCODE001", "VALIDCODE0011", "REVOKEDCODE1"]
    responses = [client.check(code) for code in typed]

    class Failing:
        async def find(self, digest):
            raise RuntimeError("VALIDCODE001 broke the store")  # a message quoting input

    app.state.registry.store = Failing()
    failed = Api(app).check("VALIDCODE001", client=("192.0.2.99", 1))
    assert failed.status_code == 500 and failed.json()["error"]["code"] == "internal_error"
    text = caplog.text + "".join(r.text for r in responses) + failed.text
    for code in typed:
        assert code not in text
    assert "RuntimeError" in caplog.text  # the failure is logged, by its type only


def test_open_registry_refuses_a_foreign_key(make_settings, tmp_path) -> None:
    from codecheck.keyedhash import SecretError

    settings = make_settings()
    seed(settings)
    settings.secret_file.unlink()
    with pytest.raises(SecretError, match="does not exist"):
        open_registry(settings)
    settings.secret_file.write_text("ab" * 32 + "\n")
    settings.secret_file.chmod(0o600)
    with pytest.raises(SecretError, match="not the key of the registry"):
        open_registry(settings)


def test_first_start_creates_folders_key_and_registry(make_sqlite_settings) -> None:
    settings = make_sqlite_settings()
    assert not settings.db_path.parent.exists()
    create_app(settings)
    assert settings.db_path.exists()
    assert settings.secret_file.stat().st_mode & 0o777 == 0o600
    assert settings.db_path.stat().st_mode & 0o077 == 0


def test_a_key_file_open_to_others_is_refused(make_sqlite_settings) -> None:
    from codecheck.keyedhash import SecretError

    settings = make_sqlite_settings()
    create_app(settings).state.registry.close()
    settings.secret_file.chmod(0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        create_app(settings)


def test_codes_are_not_in_the_database_files(make_sqlite_settings) -> None:
    settings = make_sqlite_settings()
    seed(settings)
    app = create_app(settings)
    for code in CODES:
        Api(app).check(code)
    stored = b"".join(path.read_bytes() for path in settings.db_path.parent.iterdir() if path != settings.secret_file)
    assert len(stored) > 0
    for code in CODES:
        for form in (code, code.lower(), code.encode("utf-16-le").decode("latin-1")):
            assert form.encode("latin-1") not in stored, code


def test_uvicorn_answers_413_before_a_10_mb_body_is_sent(make_settings) -> None:
    """Over a real socket: the 413 comes back after the headers and a first chunk, so the
    client never has to send (nor the server to read) the rest of the 10 MB."""
    import socket

    from tests.conftest import LiveServer

    settings = make_settings(enabled=False)
    with LiveServer(create_app(settings)) as live, socket.create_connection(("127.0.0.1", live.port), timeout=10) as conn:
        conn.sendall(
            b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 10485760\r\n\r\n" + b"{" + b" " * 65_535
        )
        response = b""
        while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
            chunk = conn.recv(65_536)
            if not chunk:
                break
            response += chunk
    assert response.startswith(b"HTTP/1.1 413 ")
    assert b'"body_too_large"' in response

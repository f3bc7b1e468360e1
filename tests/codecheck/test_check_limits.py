"""Limits against guessing (through the ``limits`` library, in memory and in Redis): per
address, per address for unknown codes, and the proof-of-work challenge for everyone once the
global count is reached. Every test runs on both engines (see conftest)."""

from __future__ import annotations

import base64
import json
import time

import pytest
from altcha import solve_challenge_v1

from codecheck.app import create_app
from codecheck.limits import DAY, client_address, client_key
from codecheck.settings import Settings, SettingsError
from tests.codecheck.support import UNKNOWN_CODE, Api, seed


def limited_api(make_settings, **limits) -> Api:
    settings = make_settings(**limits)
    seed(settings)
    return Api(create_app(settings))


def retry_after(response) -> int:
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert response.headers["cache-control"] == "no-store"
    return int(response.headers["retry-after"])


def solve(challenge: dict) -> str:
    """What a client sends back: the altcha payload (base64 JSON) of the solved challenge."""
    solution = solve_challenge_v1(challenge["challenge"], challenge["salt"], challenge["algorithm"],
                                  challenge["maxNumber"])
    assert solution is not None
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps({**payload, "number": solution.number}).encode()).decode()


def check_with(api: Api, code: str, solution: str | None = None, client=("198.51.100.50", 1)):
    body = {"code": code} if solution is None else {"code": code, "altcha": solution}
    return api.request("POST", "/api/v1/access-codes/check", client=client, json=body)


def test_checks_per_address_per_moving_window(make_settings) -> None:
    api = limited_api(make_settings, client_checks=3, client_window_seconds=2)
    assert [api.check("VALIDCODE001").status_code for _ in range(3)] == [200, 200, 200]
    wait = retry_after(api.check("VALIDCODE001"))
    assert 1 <= wait <= 2
    # Another address has its own budget.
    assert api.check("VALIDCODE001", client=("198.51.100.20", 1)).status_code == 200
    time.sleep(2.1)    # the window is wall-clock time (the limits library, Redis): nothing else to await
    assert api.check("VALIDCODE001").status_code == 200


def test_bad_requests_count_too(make_settings) -> None:
    api = limited_api(make_settings, client_checks=2)
    assert api.request("POST", "/api/v1/access-codes/check", content=b"x").status_code == 415
    assert api.check("short").status_code == 422
    assert api.check("VALIDCODE001").status_code == 429
    # A refused check is refused before its body is read: even a huge one.
    response = api.request("POST", "/api/v1/access-codes/check", content=b" " * 10_000_000, headers={"content-type": "application/json"})
    assert response.status_code == 429


def test_unknown_answers_per_address_per_day(make_settings) -> None:
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=3)
    for _ in range(3):
        assert api.check(UNKNOWN_CODE).json()["status"] == "unknown"
    # Now every check from this address is refused, known codes too: no telling them apart.
    assert DAY - 60 <= retry_after(api.check("VALIDCODE001")) <= DAY
    assert DAY - 60 <= retry_after(api.check(UNKNOWN_CODE)) <= DAY
    assert api.check("VALIDCODE001", client=("198.51.100.21", 1)).json()["status"] == "valid"


def test_no_more_than_the_budget_of_guesses_from_one_address(make_settings) -> None:
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=20)
    answers = [api.check(f"GUESS{n:07d}").status_code for n in range(30)]
    assert answers == [200] * 20 + [429] * 10


def test_known_codes_do_not_use_the_unknown_budget(make_settings) -> None:
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=2)
    for _ in range(10):
        for code in ("VALIDCODE001", "EXPIREDCODE1", "USEDCODE0001", "REVOKEDCODE1"):
            assert api.check(code).status_code == 200


def test_global_count_asks_for_a_challenge_instead_of_refusing(make_settings) -> None:
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=1000,
                      global_unknown_per_minute=5, challenge_max_number=2000)
    for n in range(5):
        assert api.check(UNKNOWN_CODE, client=(f"192.0.2.{n + 1}", 1)).json()["status"] == "unknown"
    # The count is reached: nobody is locked out, but a check needs a solved challenge.
    asked = check_with(api, "VALIDCODE001")
    assert asked.status_code == 428
    body = asked.json()
    assert body["error"]["code"] == "challenge_required"
    assert body["challenge"]["algorithm"] == "SHA-256" and body["challenge"]["maxNumber"] == 2000
    solution = solve(body["challenge"])
    answered = check_with(api, "VALIDCODE001", solution)
    assert answered.status_code == 200 and answered.json()["status"] == "valid"
    # A replayed solution is refused (with a new challenge), from any address.
    replayed = check_with(api, "VALIDCODE001", solution, client=("198.51.100.99", 1))
    assert replayed.status_code == 428 and replayed.json()["error"]["code"] == "challenge_failed"
    assert replayed.json()["challenge"]["signature"] != body["challenge"]["signature"]


@pytest.mark.parametrize(
    "forge",
    [
        lambda payload: payload[:-4] + "AAA=",                       # damaged
        lambda payload: base64.b64encode(b'{"number": 1}').decode(),  # missing fields
        lambda payload: "not base64 at all!",
        lambda payload: base64.b64encode(b"[1, 2]").decode(),
        lambda payload: base64.b64encode(b"12").decode(),
        lambda payload: "x" * 5000,
    ],
)
def test_a_forged_solution_is_refused(make_settings, forge) -> None:
    api = limited_api(make_settings, client_checks=1000, challenge="always", challenge_max_number=1000)
    challenge = check_with(api, "VALIDCODE001").json()["challenge"]
    response = check_with(api, "VALIDCODE001", forge(solve(challenge)))
    assert response.status_code in {413, 428}
    if response.status_code == 428:
        assert response.json()["error"]["code"] == "challenge_failed"


def test_a_solution_for_another_key_is_refused(make_settings) -> None:
    from altcha import create_challenge_v1

    api = limited_api(make_settings, challenge="always", challenge_max_number=1000)
    foreign = create_challenge_v1(algorithm="SHA-256", max_number=1000, hmac_key=b"not our key", salt="",
                                  number=None, expires=None, params=None).to_dict()
    response = check_with(api, "VALIDCODE001", solve(foreign))
    assert response.status_code == 428 and response.json()["error"]["code"] == "challenge_failed"


def test_per_address_limits_keep_applying_with_challenges(make_settings) -> None:
    api = limited_api(make_settings, client_checks=2, challenge="always", challenge_max_number=500)
    statuses = []
    for _ in range(3):
        challenge = check_with(api, "VALIDCODE001").json().get("challenge")
        statuses.append(check_with(api, "VALIDCODE001", solve(challenge)).status_code if challenge else 429)
    assert statuses == [200, 429, 429]


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        (None, "no-address"),
        ("testclient", "testclient"),
    ],
)
def test_client_keys(host, key) -> None:
    assert client_key(host) == key


def test_ipv6_addresses_share_their_64_budget(make_settings) -> None:
    api = limited_api(make_settings, client_checks=2)
    assert api.check("VALIDCODE001", client=("2001:db8::1", 1)).status_code == 200
    assert api.check("VALIDCODE001", client=("2001:db8::2", 1)).status_code == 200
    assert api.check("VALIDCODE001", client=("2001:db8::3", 1)).status_code == 429
    assert api.check("VALIDCODE001", client=("2001:db8:0:1::1", 1)).status_code == 200


PROXIES = Settings.from_env({"CODECHECK_TRUSTED_PROXIES": "10.0.0.1, 10.0.1.0/24"}).trusted_proxies


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),                  # forged by a client: ignored
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),                    # from our proxy
        ("10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),           # the client's own part is ignored
        ("10.0.0.1", "198.51.100.1, 10.0.1.7", "198.51.100.1"),          # two proxies of ours
        ("10.0.0.1", "10.0.1.7", "10.0.1.7"),                            # only proxies: the farthest
        ("10.0.0.1", "garbage, 10.0.1.7", "10.0.1.7"),
        ("10.0.0.1", None, "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_forwarded_for_only_from_trusted_proxies(peer, header, client) -> None:
    assert client_address(peer, header, PROXIES) == client


def test_no_trusted_proxies_by_default() -> None:
    assert Settings.from_env({}).trusted_proxies == ()
    assert client_address("127.0.0.1", "198.51.100.1", ()) == "127.0.0.1"
    with pytest.raises(SettingsError, match="CODECHECK_TRUSTED_PROXIES"):
        Settings.from_env({"CODECHECK_TRUSTED_PROXIES": "10.0.0.1, proxy.example"})


def test_a_forged_forwarded_for_does_not_buy_a_new_budget(make_settings) -> None:
    import dataclasses

    settings = make_settings(client_checks=2)
    settings = dataclasses.replace(settings, trusted_proxies=PROXIES)
    seed(settings)
    api = Api(create_app(settings))

    def from_peer(peer: str, forwarded: str) -> int:
        return api.request("POST", "/api/v1/access-codes/check", client=(peer, 1), json={"code": "VALIDCODE001"},
                           headers={"X-Forwarded-For": forwarded}).status_code

    # A client that writes the header itself shares its own address's budget whatever it says.
    assert [from_peer("203.0.113.9", f"198.51.100.{n}") for n in range(3)] == [200, 200, 429]
    # Through our proxy each client has its own budget.
    assert [from_peer("10.0.0.1", "198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert from_peer("10.0.0.1", "198.51.100.2") == 200


def test_the_openapi_document_describes_the_challenge(make_settings) -> None:
    api = limited_api(make_settings, challenge="always", challenge_max_number=500)
    document = api.request("GET", "/api/v1/openapi.json").json()
    check = document["paths"]["/api/v1/access-codes/check"]["post"]
    assert {"428", "429", "503"} <= set(check["responses"])
    assert "altcha" in document["components"]["schemas"]["CheckRequest"]["properties"]
    import jsonschema_rs

    body = check_with(api, "VALIDCODE001").json()
    schema = {**document["components"]["schemas"]["Error"], "components": document["components"]}
    schema = json.loads(json.dumps(schema).replace("#/components/", "#/components/"))
    jsonschema_rs.validator_for(schema).validate(body)
    assert body["challenge"]["maxNumber"] == 500

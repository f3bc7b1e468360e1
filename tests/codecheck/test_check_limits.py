"""Limits against guessing: per address, per address for unknown codes, and for everyone."""

from __future__ import annotations


import pytest

from codecheck.app import create_app
from codecheck.limits import DAY, MemoryCounters, WindowLimiter, client_key
from codecheck.settings import LimitSettings
from tests.codecheck.support import UNKNOWN_CODE, Api, run, seed


def limited_api(make_settings, **limits) -> Api:
    settings = make_settings(**limits)
    seed(settings)
    return Api(create_app(settings))


def retry_after(response) -> int:
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert response.headers["cache-control"] == "no-store"
    return int(response.headers["retry-after"])


def test_checks_per_address_per_window(make_settings, clock) -> None:
    clock.now = 1_800_000_000 + 15  # 15 s into a minute
    api = limited_api(make_settings, client_checks=3, client_window_seconds=60)
    assert [api.check("VALIDCODE001").status_code for _ in range(3)] == [200, 200, 200]
    assert retry_after(api.check("VALIDCODE001")) == 45
    # Another address has its own budget.
    assert api.check("VALIDCODE001", client=("198.51.100.20", 1)).status_code == 200
    clock.now += 45
    assert api.check("VALIDCODE001").status_code == 200


def test_bad_requests_count_too(make_settings) -> None:
    api = limited_api(make_settings, client_checks=2)
    assert api.request("POST", "/api/v1/access-codes/check", content=b"x").status_code == 415
    assert api.check("short").status_code == 422
    assert api.check("VALIDCODE001").status_code == 429
    # A refused check is refused before its body is read: even a huge one.
    response = api.request("POST", "/api/v1/access-codes/check", content=b" " * 10_000_000, headers={"content-type": "application/json"})
    assert response.status_code == 429


def test_unknown_answers_per_address_per_day(make_settings, clock) -> None:
    clock.now = 1_800_000_000 - 1_800_000_000 % DAY + 3_600  # 01:00 UTC
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=3)
    for _ in range(3):
        assert api.check(UNKNOWN_CODE).json()["status"] == "unknown"
    # Now every check from this address is refused, known codes too: no telling them apart.
    assert retry_after(api.check("VALIDCODE001")) == DAY - 3_600
    assert retry_after(api.check(UNKNOWN_CODE)) == DAY - 3_600
    assert api.check("VALIDCODE001", client=("198.51.100.21", 1)).json()["status"] == "valid"
    clock.now += DAY - 3_600
    assert api.check("VALIDCODE001").json()["status"] == "valid"


def test_known_codes_do_not_use_the_unknown_budget(make_settings) -> None:
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=2)
    for _ in range(20):
        for code in ("VALIDCODE001", "EXPIREDCODE1", "USEDCODE0001", "REVOKEDCODE1"):
            assert api.check(code).status_code == 200


def test_global_cap_on_unknown_answers(make_settings, clock) -> None:
    clock.now = 1_800_000_000 - 1_800_000_000 % 60 + 10
    api = limited_api(make_settings, client_checks=1000, client_unknown_per_day=1000, global_unknown_per_minute=5)
    for n in range(5):
        assert api.check(UNKNOWN_CODE, client=(f"192.0.2.{n + 1}", 1)).json()["status"] == "unknown"
    # The cap is reached: everyone is refused until the minute ends, whatever the code.
    assert retry_after(api.check("VALIDCODE001", client=("192.0.2.200", 1))) == 50
    clock.now += 50
    assert api.check("VALIDCODE001", client=("192.0.2.200", 1)).json()["status"] == "valid"


def test_no_more_than_the_budget_of_guesses_per_day() -> None:
    """A guesser from one address gets at most the daily budget of unknown answers, however
    it spreads its checks over the day; and at most the global cap from many addresses."""
    limits = LimitSettings(client_checks=10, client_window_seconds=60, client_unknown_per_day=20, global_unknown_per_minute=60)
    midnight = 1_800_000_000 - 1_800_000_000 % DAY
    now = [float(midnight)]
    limiter = WindowLimiter(MemoryCounters(max_keys=100_000), limits, clock=lambda: now[0])

    async def guess(client: str) -> bool:
        if not (await limiter.admit(client)).allowed:
            return False
        await limiter.record(client, unknown=True)
        return True

    async def one_address() -> int:
        answered = 0
        for second in range(0, DAY, 5):
            now[0] = midnight + second
            answered += await guess("192.0.2.1")
        return answered

    async def many_addresses() -> int:
        answered = 0
        for second in range(0, 600):
            now[0] = midnight + DAY + second
            for n in range(50):
                answered += await guess(f"10.{second % 200}.{n}.1")
        return answered

    assert run(one_address()) == 20
    assert run(many_addresses()) == 60 * 10  # ten minutes at the global cap


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


def test_a_full_counter_store_refuses_new_addresses() -> None:
    limits = LimitSettings(client_checks=5)
    now = [1_800_000_000.0]
    limiter = WindowLimiter(MemoryCounters(max_keys=3), limits, clock=lambda: now[0])

    async def admit_five() -> list[bool]:
        return [(await limiter.admit(f"10.0.0.{n}")).allowed for n in range(5)]

    assert run(admit_five()) == [True, True, True, False, False]
    now[0] += 120  # the old windows expire and are dropped
    assert run(admit_five()) == [True, True, True, False, False]


def test_memory_counters_forget_expired_windows() -> None:
    counters = MemoryCounters(max_keys=10, prune_interval=0)

    async def fill_then_expire() -> None:
        for n in range(10):
            await counters.add(f"k{n}", 1, 60, 0.0)
        assert len(counters) == 10
        assert await counters.add("new", 1, 60, 61.0) == 1
        assert len(counters) == 1
        assert await counters.add("absent", 0, 60, 61.0) == 0  # reading creates nothing
        assert len(counters) == 1

    run(fill_then_expire())

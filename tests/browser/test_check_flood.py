"""A flood of unknown guesses from 10 addresses, then a holder on the checker page (real
Chromium, JavaScript on) still gets the answer: the API asks for a proof-of-work challenge
instead of locking everyone out, and the page's worker solves it while "checking" is shown."""

from __future__ import annotations

import json
import random
import string
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from codecheck.app import create_app as create_api
from codecheck.demo import install_demo
from codecheck.registry import open_registry
from codecheck.settings import LimitSettings, Settings
from server.app import create_app as create_server
from tests.axe_check import axe_violations
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
CHECK = "/api/v1/access-codes/check"
VALID_TEXT = {"fr": "Votre code est valable", "de": "Ihr Code ist gültig", "it": "Il Suo codice è valido",
              "en": "Your code is valid"}


@pytest.fixture(scope="module")
def server(site_dir: Path, languages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("flood-registry")
    # The default limits: 10 checks per address a minute, 20 unknown per address a day, 60 a minute in all.
    settings = Settings(db_path=folder / "codecheck.sqlite3", secret_file=folder / "codecheck.secret",
                        limits=LimitSettings())
    registry = open_registry(settings)
    install_demo(registry)
    registry.close()
    with LiveServer(create_server(site_dir, languages, api_app=create_api(settings))) as live:
        yield live


def flood(url: str, guesses: int = 1000, addresses: int = 10) -> dict[int, int]:
    """``guesses`` random codes from ``addresses`` loopback addresses; the status counts."""
    rng = random.Random(9)
    codes = ["".join(rng.choices(string.ascii_uppercase + string.digits, k=12)) for _ in range(guesses)]

    def from_address(number: int) -> list[int]:
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{number + 2}")
        with httpx.Client(transport=transport, timeout=10) as client:
            return [client.post(url + CHECK, json={"code": code}).status_code
                    for code in codes[number::addresses]]

    counts: dict[int, int] = {}
    with ThreadPoolExecutor(addresses) as pool:
        for statuses in pool.map(from_address, range(addresses)):
            for status in statuses:
                counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.mark.parametrize("lang", ["de", "fr", "it", "en"])
def test_after_a_flood_a_holder_gets_the_answer(server, browser, lang: str) -> None:
    counts = flood(server.url)
    assert sum(counts.values()) == 1000 and set(counts) <= {200, 428, 429}
    # The checker is busy now: a plain check from anyone gets a challenge, not a refusal.
    with httpx.Client(transport=httpx.HTTPTransport(local_address=f"127.0.1.{ord(lang[0])}")) as client:
        plain = client.post(server.url + CHECK, json={"code": "DEMOVALID001"})
    assert plain.status_code == 428 and plain.json()["error"]["code"] == "challenge_required"

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    bodies: list[dict] = []
    page.on("request", lambda request: request.url.endswith(CHECK) and bodies.append(json.loads(request.post_data)))
    page.goto(f"{server.url}/{lang}/check-code/")
    page.fill("#check-code-input", "DEMO VALID 001")
    page.keyboard.press("Enter")  # keyboard only
    result = page.locator("[data-result]")
    expect(result).to_contain_text(VALID_TEXT[lang], timeout=20_000)
    assert [set(body) for body in bodies] == [{"code"}, {"code", "altcha"}]
    assert result.get_attribute("role") == "status" and result.get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []
    assert context.cookies() == [] and errors == []
    context.close()

"""What the code-check tests share: the test codes, a fixed "today", a clock the tests move,
and a synchronous client that calls the ASGI app in process."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx

from codecheck.operations import import_export
from codecheck.registry import open_registry
from codecheck.settings import Settings

TODAY = date(2026, 6, 15)
VALIDITY = 150
CLIENT = ("203.0.113.7", 50123)

# One code per answer, and the boundaries of the validity period (issued on TODAY - n days).
CODES = {
    "VALIDCODE001": (TODAY - timedelta(days=10), "issued"),
    "ISSUEDTODAY1": (TODAY, "issued"),
    "LASTDAYCODE1": (TODAY - timedelta(days=VALIDITY), "issued"),
    "EXPIREDCODE1": (TODAY - timedelta(days=VALIDITY + 1), "issued"),
    "USEDCODE0001": (TODAY - timedelta(days=30), "used"),
    "REVOKEDCODE1": (TODAY - timedelta(days=20), "revoked"),
}
UNKNOWN_CODE = "UNKNOWNCODE1"


_LOOP: asyncio.AbstractEventLoop | None = None
_LOOP_LOCK = threading.Lock()


def run(coroutine: Coroutine):
    """Runs a coroutine to its end on one long-lived event loop in its own thread (the browser
    tests' Playwright keeps an event loop running in the main thread; connection pools of
    PostgreSQL and Redis belong to the loop that opened them, so it is always the same one)."""
    global _LOOP
    with _LOOP_LOCK:
        if _LOOP is None or _LOOP.is_closed():
            _LOOP = asyncio.new_event_loop()
            threading.Thread(target=_LOOP.run_forever, name="test-event-loop", daemon=True).start()
    return asyncio.run_coroutine_threadsafe(coroutine, _LOOP).result(timeout=120)


@dataclass
class FakeClock:
    now: float = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def csv_of(codes: dict[str, tuple[date, str]]) -> bytes:
    lines = ["code,issued_on,status"] + [f"{code},{day.isoformat()},{status}" for code, (day, status) in codes.items()]
    return ("\n".join(lines) + "\n").encode()


def seed(settings: Settings, codes: dict[str, tuple[date, str]] = CODES) -> None:
    registry = open_registry(settings)
    try:
        report = import_export(registry, csv_of(codes))
        assert report.applied and not report.rejected
    finally:
        registry.close()


class Api:
    """Calls the ASGI app in process, from a chosen client address."""

    def __init__(self, app) -> None:
        self.app = app

    def request(self, method: str, path: str, client: tuple[str, int] = CLIENT, **kwargs) -> httpx.Response:
        async def call() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, client=client)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                return await http.request(method, path, **kwargs)

        return run(call())

    def check(self, code: object, client: tuple[str, int] = CLIENT) -> httpx.Response:
        return self.request("POST", "/api/v1/access-codes/check", client=client, json={"code": code})


# The pages that take feedback in the tests, as the build lists them (site/_feedback/pages.json).
FEEDBACK_PAGES = [
    {"language": "fr", "page": "/", "path": "/fr/", "title": "Aide connect", "kind": "article"},
    {"language": "de", "page": "/", "path": "/de/", "title": "Hilfe zu connect", "kind": "article"},
    {"language": "fr", "page": "/situations/no-active-login/", "path": "/fr/situations/no-active-login/",
     "title": "Plus personne n'a de login actif", "kind": "article"},
    {"language": "de", "page": "/situations/no-active-login/", "path": "/de/situations/no-active-login/",
     "title": "Niemand hat mehr ein aktives Login", "kind": "article"},
    {"language": "fr", "page": "/guide/outcomes/code-expired/", "path": "/fr/guide/outcomes/code-expired/",
     "title": "Commandez un nouveau code", "kind": "outcome"},
    {"language": "de", "page": "/guide/outcomes/code-expired/", "path": "/de/guide/outcomes/code-expired/",
     "title": "Bestellen Sie einen neuen Code", "kind": "outcome"},
]


def write_feedback_pages(path: Path, pages: list[dict] = FEEDBACK_PAGES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
    return path

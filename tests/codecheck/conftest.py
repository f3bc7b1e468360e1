"""Fixtures for the code-check tests: a registry on temporary files or in a real PostgreSQL,
limits in memory or in a real Redis, a fixed "today", a clock the tests move, and the API over
the test codes.

``make_settings`` is parametrised by ``engine``: every test that uses it runs on the embedded
default (SQLite + memory) and on the production pair (PostgreSQL + Redis), started by the
session fixtures of tests/conftest.py. ``make_sqlite_settings`` is for the tests about the SQLite files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codecheck.app import create_app
from codecheck.settings import LimitSettings, Settings
from codecheck.siteconfig import CodeRules
from tests.codecheck.support import TODAY, VALIDITY, Api, FakeClock, run, seed, write_feedback_pages
from tests.services import Postgres, Redis

ENGINES = ["sqlite+memory", "postgresql+redis"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_sqlite_settings(tmp_path: Path, clock: FakeClock) -> Callable[..., Settings]:
    pages = write_feedback_pages(tmp_path / "site" / "_feedback" / "pages.json")

    def make(**limits: object) -> Settings:
        return Settings(
            db_path=tmp_path / "var" / "codecheck.sqlite3",
            secret_file=tmp_path / "var" / "codecheck.secret",
            feedback_pages=pages,
            code_rules=CodeRules(validity_days=VALIDITY),
            today=lambda: TODAY,
            clock=clock,
            limits=LimitSettings(**limits),  # type: ignore[arg-type]
        )

    return make


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture
def pg_stores(monkeypatch) -> Iterator[list]:
    """Every PostgreSQL store a test opens, closed at its end (the tests build apps without
    running their lifespan, which would close them): the cluster's connections stay few."""
    from codecheck.pgstore import PostgresCodeStore

    opened: list[PostgresCodeStore] = []
    original = PostgresCodeStore.__init__

    def recording_init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(PostgresCodeStore, "__init__", recording_init)
    yield opened
    for store in opened:
        run(store.aclose())
        store.close()


@pytest.fixture
def make_settings(engine: str, make_sqlite_settings, request) -> Callable[..., Settings]:
    if engine == "sqlite+memory":
        return make_sqlite_settings
    postgres: Postgres = request.getfixturevalue("postgres_server")
    redis: Redis = request.getfixturevalue("redis_server")
    request.getfixturevalue("pg_stores")
    redis.flush()
    url = postgres.new_database()

    def make(**limits: object) -> Settings:
        settings = make_sqlite_settings(**limits)
        return dataclasses.replace(settings, db_url=url,
                                   limits=dataclasses.replace(settings.limits, storage=redis.url))

    return make


@pytest.fixture
def api(make_settings) -> Api:
    """The API over the test codes, limits off."""
    settings = make_settings(enabled=False)
    seed(settings)
    return Api(create_app(settings))

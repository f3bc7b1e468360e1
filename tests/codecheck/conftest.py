"""Fixtures for the code-check tests: a registry on temporary files, a fixed "today", a clock
the tests move, and the API over the test codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from codecheck.app import create_app
from codecheck.settings import LimitSettings, Settings
from codecheck.siteconfig import CodeRules
from tests.codecheck.support import TODAY, VALIDITY, Api, FakeClock, seed


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_settings(tmp_path: Path, clock: FakeClock) -> Callable[..., Settings]:
    def make(**limits: object) -> Settings:
        return Settings(
            db_path=tmp_path / "var" / "codecheck.sqlite3",
            secret_file=tmp_path / "var" / "codecheck.secret",
            code_rules=CodeRules(validity_days=VALIDITY),
            today=lambda: TODAY,
            clock=clock,
            limits=LimitSettings(**limits),  # type: ignore[arg-type]
        )

    return make


@pytest.fixture
def api(make_settings) -> Api:
    """The API over the test codes, limits off."""
    settings = make_settings(enabled=False)
    seed(settings)
    return Api(create_app(settings))

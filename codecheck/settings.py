"""Settings of the code-check API and its operator tool, from environment variables.

=================================== ======================== =====================================
variable                            default                  meaning
=================================== ======================== =====================================
CODECHECK_DB                        var/codecheck.sqlite3    the SQLite registry (created, with its
                                                             folders, on first start)
CODECHECK_SECRET_FILE               var/codecheck.secret     the HMAC key (created with mode 0600
                                                             when absent and the registry is new);
                                                             keep it out of database backups
CODECHECK_SITE_CONFIG               site.toml of the repo    where ``[fund]`` gives the validity days
                                    ($CONNECT_HELP_CONFIG)   and the code pattern
CODECHECK_TIMEZONE                  Europe/Zurich            what "today" means for expiry
CODECHECK_MAX_BODY_BYTES            1024                     larger request bodies get 413
CODECHECK_LIMITS                    on                       ``off`` only for benchmarks and tests
CODECHECK_CLIENT_CHECKS             10                       checks per client address per window
CODECHECK_CLIENT_WINDOW_SECONDS     60                       that window
CODECHECK_CLIENT_UNKNOWN_PER_DAY    20                       "unknown" answers per client address
                                                             per day (UTC)
CODECHECK_GLOBAL_UNKNOWN_PER_MINUTE 60                       "unknown" answers per minute, all
                                                             clients together
CODECHECK_TRACKED_CLIENTS           100000                   client addresses the in-memory limiter
                                                             tracks before it refuses new ones
=================================== ======================== =====================================

Relative paths are taken from the working directory (``make serve`` runs in the repo root).
Why these limits: see ``codecheck/limits.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import siteconfig
from codecheck.siteconfig import CodeRules

REPO_SITE_CONFIG = siteconfig.DEFAULT_FILE


class SettingsError(Exception):
    """A setting has a value that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class LimitSettings:
    enabled: bool = True
    client_checks: int = 10
    client_window_seconds: int = 60
    client_unknown_per_day: int = 20
    global_unknown_per_minute: int = 60
    tracked_clients: int = 100_000


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("var/codecheck.sqlite3")
    secret_file: Path = Path("var/codecheck.secret")
    site_config: Path = REPO_SITE_CONFIG
    timezone: str = "Europe/Zurich"
    max_body_bytes: int = 1024
    limits: LimitSettings = field(default_factory=LimitSettings)
    # Tests set these; in service they come from the site config and the system clock.
    code_rules: CodeRules | None = None
    today: Callable[[], date] | None = None
    clock: Callable[[], float] = time.time

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        default, default_limits = cls(), LimitSettings()   # the defaults are the dataclasses'
        limits = LimitSettings(
            enabled=_flag(env, "CODECHECK_LIMITS", default_limits.enabled),
            client_checks=_count(env, "CODECHECK_CLIENT_CHECKS", default_limits.client_checks),
            client_window_seconds=_count(env, "CODECHECK_CLIENT_WINDOW_SECONDS", default_limits.client_window_seconds),
            client_unknown_per_day=_count(env, "CODECHECK_CLIENT_UNKNOWN_PER_DAY", default_limits.client_unknown_per_day),
            global_unknown_per_minute=_count(env, "CODECHECK_GLOBAL_UNKNOWN_PER_MINUTE",
                                             default_limits.global_unknown_per_minute),
            tracked_clients=_count(env, "CODECHECK_TRACKED_CLIENTS", default_limits.tracked_clients),
        )
        settings = cls(
            db_path=Path(env.get("CODECHECK_DB", default.db_path)),
            secret_file=Path(env.get("CODECHECK_SECRET_FILE", default.secret_file)),
            site_config=Path(env.get("CODECHECK_SITE_CONFIG") or env.get(siteconfig.ENV_VARIABLE)
                             or default.site_config),
            timezone=env.get("CODECHECK_TIMEZONE", default.timezone),
            max_body_bytes=_count(env, "CODECHECK_MAX_BODY_BYTES", default.max_body_bytes),
            limits=limits,
        )
        settings.zone()  # fail at start, not on the first request
        return settings

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"CODECHECK_TIMEZONE: unknown time zone {self.timezone!r}") from None

    def today_function(self) -> Callable[[], date]:
        if self.today is not None:
            return self.today
        zone = self.zone()
        return lambda: datetime.now(zone).date()


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise SettingsError(f"{name} must be at least 1")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "on", "true", "yes"}:
        return True
    if value in {"0", "off", "false", "no"}:
        return False
    raise SettingsError(f"{name} must be on or off, not {raw!r}")

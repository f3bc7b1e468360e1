"""Settings of the code-check API and its operator tool, from environment variables.

Every variable, its default and what it means: the table of docs/OPERATIONS.md (a test reads
this module's syntax tree and checks that table against it).

Relative paths are taken from the working directory (``make serve`` runs in the repo root).
Why these limits: see ``codecheck/limits.py``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
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
    storage: str = "memory://"
    challenge: str = "busy"  # or "always"
    challenge_max_number: int = 50_000
    challenge_seconds: int = 300
    feedback_per_hour: int = 20


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("var/codecheck.sqlite3")
    db_url: str | None = None
    """A ``postgresql://`` URL: the registry is in PostgreSQL (``db_path`` is then unused)."""
    secret_file: Path = Path("var/codecheck.secret")
    feedback_pages: Path = Path("site/_feedback/pages.json")
    site_config: Path = REPO_SITE_CONFIG
    timezone: str = "Europe/Zurich"
    max_body_bytes: int = 1024
    limits: LimitSettings = field(default_factory=LimitSettings)
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # Who may read GET /api/v1/metrics (the TCP peer): loopback unless the operator names others,
    # so that a worker's port reachable from elsewhere does not show its counts to anyone.
    metrics_clients: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = (
        ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("::1"))
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
            storage=_limits_storage(env.get("CODECHECK_LIMITS_STORAGE", "").strip() or default_limits.storage),
            challenge=_choice(env, "CODECHECK_CHALLENGE", default_limits.challenge, ("busy", "always")),
            challenge_max_number=_count(env, "CODECHECK_CHALLENGE_MAX_NUMBER", default_limits.challenge_max_number),
            feedback_per_hour=_count(env, "CODECHECK_FEEDBACK_PER_HOUR", default_limits.feedback_per_hour),
        )
        db_path, db_url = _database(env.get("CODECHECK_DB", "").strip() or str(default.db_path))
        settings = cls(
            db_path=db_path,
            db_url=db_url,
            trusted_proxies=_networks(env, "CODECHECK_TRUSTED_PROXIES"),
            metrics_clients=_networks(env, "CODECHECK_METRICS_CLIENTS") or default.metrics_clients,
            secret_file=Path(env.get("CODECHECK_SECRET_FILE", default.secret_file)),
            feedback_pages=Path(env.get("CODECHECK_FEEDBACK_PAGES") or default.feedback_pages),
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

    def languages(self) -> dict[str, str]:
        """The site's languages (code: name in that language), from the site config."""
        return {lang.code: lang.name for lang in siteconfig.load(self.site_config).languages.values()}

    def today_function(self) -> Callable[[], date]:
        if self.today is not None:
            return self.today
        zone = self.zone()
        return lambda: datetime.now(zone).date()


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(//)?")


def _database(raw: str) -> tuple[Path, str | None]:
    """A file path (SQLite) or a ``postgresql://`` URL (PostgreSQL); any other scheme, or a
    URL that libpq cannot read, is refused rather than taken for a file name."""
    scheme = _SCHEME.match(raw)
    if scheme is None or (len(scheme.group(1)) == 1 and not scheme.group(2)):  # C:\\... is a path
        return Path(raw), None
    name = scheme.group(1).lower()
    if name not in {"postgresql", "postgres"}:
        raise SettingsError(
            f"CODECHECK_DB: unsupported scheme {name!r}: give a SQLite file path or a postgresql:// URL"
        )
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        raise SettingsError("CODECHECK_DB: PostgreSQL support is not installed (psycopg): "
                            "install requirements/serve.txt") from None
    try:
        conninfo_to_dict(raw)
        netloc = urlsplit(raw).netloc
        if "," not in netloc:  # libpq takes several hosts; one host's port must be a number
            urlsplit(raw).port  # noqa: B018 - raises ValueError
    except Exception:  # noqa: BLE001 - libpq's message may quote the password
        raise SettingsError("CODECHECK_DB: not a valid postgresql:// URL") from None
    return Path(), raw


def _limits_storage(raw: str) -> str:
    scheme = _SCHEME.match(raw)
    name = scheme.group(1).lower() if scheme else ""
    if name == "memory" and raw.lower() in {"memory://", "memory:"}:
        return "memory://"
    if name in {"redis", "rediss"} and scheme and scheme.group(2):
        try:
            parts = urlsplit(raw)
            parts.port  # noqa: B018 - raises on a bad port
            path = parts.path.strip("/")
            if path and not path.isdigit():
                raise ValueError
        except ValueError:
            raise SettingsError("CODECHECK_LIMITS_STORAGE: not a valid redis://host:port/db URL") from None
        if parts.hostname:
            return raw
    raise SettingsError(
        "CODECHECK_LIMITS_STORAGE: use memory:// (one process) or redis://host:port/db (shared)"
    )


def _networks(env: Mapping[str, str], name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    raw = env.get(name, "")
    networks = []
    for item in raw.replace(" ", ",").split(","):
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise SettingsError(f"{name}: {item!r} is not an IP address or network") from None
    return tuple(networks)


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


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

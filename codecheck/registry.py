"""The registry of issued codes: what a code's status is today.

``open_registry`` opens the store and its key together. The key file is created only for a new
registry; a registry that already has a key refuses to start with a missing or different key
file, because every code would then look unknown.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from codecheck.keyedhash import CodeHasher, SecretError, load_secret
from codecheck.settings import Settings
from codecheck.siteconfig import CodeRules, load_code_rules
from codecheck.store import RegistryStore, SQLiteCodeStore, StoredCode, StoredStatus
from guide.access_code import canonical_code, validity

ANSWER_STATUSES = ("valid", "expired", "used", "revoked", "unknown")


@dataclass(frozen=True)
class Answer:
    """What the API tells the holder of a code."""

    status: str
    expires_on: date | None = None
    days_left: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "expires_on": None if self.expires_on is None else self.expires_on.isoformat(),
            "days_left": self.days_left,
        }


UNKNOWN = Answer("unknown")
_PLACEHOLDER = StoredCode(date(2000, 1, 1), StoredStatus.ISSUED)


def answer_for(stored: StoredCode | None, validity_days: int, today: date) -> Answer:
    """The answer for a stored code: "valid" and "expired" follow from the issue date;
    the date is given for both, the days left only while valid."""
    if stored is None:
        return UNKNOWN
    if stored.status is StoredStatus.USED:
        return Answer("used")
    if stored.status is StoredStatus.REVOKED:
        return Answer("revoked")
    return Answer(*validity(stored.issued_on, validity_days, today))


@dataclass
class Registry:
    store: RegistryStore
    hasher: CodeHasher
    rules: CodeRules
    today: Callable[[], date]

    def canonical(self, typed: str) -> str | None:
        return canonical_code(typed, self.rules.code_pattern)

    async def check(self, code: str) -> Answer:
        """The status of a canonical code: one keyed hash and one indexed lookup, whether
        the code is known or not."""
        stored = await self.store.find(self.hasher.digest(code))
        # The same date arithmetic for an unknown code (on a placeholder), so that its answer
        # takes as long as a known one's.
        answer = answer_for(stored or _PLACEHOLDER, self.rules.validity_days, self.today())
        return answer if stored is not None else UNKNOWN

    def oldest_valid_issue(self) -> date:
        """Codes issued on this day or later are still valid today (expires_on, inverted)."""
        return self.today() - timedelta(days=self.rules.validity_days)

    def close(self) -> None:
        self.store.close()

    async def aopen(self) -> None:
        """Opens what the server's event loop will use (the PostgreSQL pool); else done lazily."""
        aopen = getattr(self.store, "aopen", None)
        if aopen is not None:
            await aopen()

    async def aclose(self) -> None:
        """Closes what the server's event loop opened (the PostgreSQL pool), then the rest."""
        aclose = getattr(self.store, "aclose", None)
        if aclose is not None:
            await aclose()
        self.store.close()


def open_store(settings: Settings) -> RegistryStore:
    """The store that CODECHECK_DB names; raises StoreUnavailable when PostgreSQL cannot be
    reached."""
    if settings.db_url:
        from codecheck.pgstore import PostgresCodeStore

        return PostgresCodeStore(settings.db_url)
    return SQLiteCodeStore(settings.db_path)


def open_registry(settings: Settings, migrate: bool = True) -> Registry:
    """The registry with its key. Applies the missing schema migrations first (``migrate``),
    else refuses a registry whose schema is not the latest."""
    rules = settings.code_rules or load_code_rules(settings.site_config)
    store = open_store(settings)
    try:
        if migrate:
            store.migrate()
        expected = store.key_check()
        hasher = CodeHasher(load_secret(settings.secret_file, may_create=expected is None))
        if expected is None:
            store.set_key_check(hasher.key_check())
        elif not hmac.compare_digest(expected, hasher.key_check()):
            raise SecretError(
                f"the key file {settings.secret_file} is not the key of the registry "
                f"{'in CODECHECK_DB' if settings.db_url else settings.db_path}: "
                "restore the registry's key file, or start a new registry and import the codes again"
            )
    except BaseException:
        store.close()
        raise
    return Registry(store=store, hasher=hasher, rules=rules, today=settings.today_function())

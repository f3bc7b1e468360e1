"""Where the registry keeps codes: two small interfaces, their embedded SQLite default (here)
and PostgreSQL (``codecheck.pgstore``).

A code is kept as its keyed hash (``codecheck.keyedhash``), the date it was issued and its
stored status. Whether an issued code is still valid is not stored: it follows from the date.

``CodeStore`` is all the API needs (one indexed lookup per check); ``CodeAdmin`` is what the
operator tool needs. The PostgreSQL store implements both with the same table shape
(``digest bytea primary key, issued_on date, status text``); ``find`` is async so that it can
use an async driver there.

The same database keeps the answers to "Is this page useful?" as counts per day
(``feedback_counts``: day, language, page, answer, reason -> count; ``codecheck.feedback``),
written by the API (``add_feedback``) and read by the report (``feedback_counts``).

The same database keeps the notices to visitors (``notices``; ``codecheck.notices``), written
by the operator tool only (``add_notice``, ``end_notice``) and read by the API (``upcoming_notices``).

The schema is created and upgraded by numbered migrations (``MIGRATIONS`` of each store),
recorded in the table ``schema_migrations``: ``python -m codecheck migrate`` applies the
missing ones, and so does every start (each migration only adds; they run in one transaction,
one process at a time). A registry whose schema is newer than this code is refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Protocol

from codecheck.notices import NewNotice, Notice, from_utc_text, texts_json, utc_text


class StoredStatus(str, Enum):
    """The status the fund records; "valid" and "expired" are computed from the issue date."""

    ISSUED = "issued"
    USED = "used"
    REVOKED = "revoked"

    @property
    def rank(self) -> int:
        """Statuses only move forward: issued, then used, then revoked."""
        return _RANK[self]


_RANK = {StoredStatus.ISSUED: 0, StoredStatus.USED: 1, StoredStatus.REVOKED: 2}


@dataclass(frozen=True)
class StoredCode:
    issued_on: date
    status: StoredStatus


@dataclass(frozen=True)
class RegistryCounts:
    """How many codes, by stored status; ``issued_since`` counts issued codes still valid."""

    issued: int
    issued_since: int
    used: int
    revoked: int
    oldest_issue: date | None
    newest_issue: date | None

    @property
    def total(self) -> int:
        return self.issued + self.used + self.revoked


@dataclass(frozen=True)
class FeedbackCount:
    """How many answers a page got in one language on one day, by answer and reason."""

    day: date
    language: str
    page: str
    answer: str
    reason: str
    count: int


class StoreUnavailable(Exception):
    """The database cannot be reached (now): the API answers 503, the operator tool exits 2."""


class SchemaError(Exception):
    """The registry's schema is newer than this code knows."""


class CodeStore(Protocol):
    async def find(self, digest: bytes) -> StoredCode | None:
        """The code with this keyed hash, by one indexed lookup; None when there is none.
        Raises StoreUnavailable when the database cannot be reached."""
        ...

    async def ping(self) -> None:
        """Raises StoreUnavailable when the database cannot be reached."""
        ...

    async def add_feedback(self, day: date, language: str, page: str, answer: str, reason: str) -> None:
        """Counts one answer. A "no" with a reason takes the place of a "no" without one counted
        that day for the page (the reason a visitor adds after answering), else counts anew."""
        ...

    async def upcoming_notices(self, now: datetime) -> list[Notice]:
        """The notices that have not ended at ``now`` (current and future), by start."""
        ...


class CodeWriter(Protocol):
    """Reads and writes inside one transaction (see ``CodeAdmin.transaction``)."""

    def get(self, digest: bytes) -> StoredCode | None: ...

    def put(self, digest: bytes, code: StoredCode) -> None: ...

    def get_many(self, digests: list[bytes]) -> dict[bytes, StoredCode]:
        """The stored codes among ``digests`` (at most a few thousand at a time)."""
        ...

    def put_many(self, rows: list[tuple[bytes, StoredCode]]) -> None:
        """Inserts or replaces these codes."""
        ...


class CodeAdmin(Protocol):
    def transaction(self) -> AbstractContextManager[CodeWriter]:
        """All writes inside commit together, or none when the block raises."""
        ...

    def count_issued_before(self, day: date) -> int: ...

    def delete_issued_before(self, day: date) -> int: ...

    def counts(self, issued_since: date) -> RegistryCounts: ...

    def key_check(self) -> bytes | None: ...

    def feedback_counts(self, since: date | None = None, until: date | None = None) -> list[FeedbackCount]:
        """Every count of the days from ``since`` to ``until`` (both included; None: no bound)."""
        ...

    def set_key_check(self, value: bytes) -> None: ...

    def add_notice(self, notice: NewNotice, posted_at: datetime) -> Notice: ...

    def notices(self, ended_since: datetime | None) -> list[Notice]:
        """The notices that end after ``ended_since`` (None: all), by start."""
        ...

    def end_notice(self, notice_id: int, now: datetime) -> Notice | None:
        """Ends the notice now (one not started yet never shows); None when there is no such
        notice. A notice that has ended already stays as it was."""
        ...


class RegistryStore(CodeStore, CodeAdmin, Protocol):
    kind: str
    """What the operator's log calls it ("SQLite file", "PostgreSQL pool")."""

    def migrate(self) -> list[int]:
        """Applies the missing migrations; returns their numbers. Raises SchemaError."""
        ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...


# Version 1 is the schema of the first release (IF NOT EXISTS: registries made before
# migrations were numbered take it as it is).
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE IF NOT EXISTS access_codes (
            digest    BLOB PRIMARY KEY CHECK (length(digest) = 32),
            issued_on TEXT NOT NULL,
            status    TEXT NOT NULL CHECK (status IN ('issued', 'used', 'revoked'))
        ) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS access_codes_by_issue ON access_codes (issued_on)",
        """CREATE TABLE IF NOT EXISTS registry_meta (
            name  TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID""",
    ]),
    (2, [
        # Counts per day only: no address, no time of day, no text typed by the visitor.
        """CREATE TABLE feedback_counts (
            day      TEXT NOT NULL,
            language TEXT NOT NULL,
            page     TEXT NOT NULL,
            answer   TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
            reason   TEXT NOT NULL DEFAULT '' CHECK (reason = '' OR answer = 'no'),
            count    INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (day, language, page, answer, reason)
        ) WITHOUT ROWID""",
    ]),
    (3, [
        # Notices to visitors (codecheck.notices): times in UTC, texts as a JSON object by language.
        """CREATE TABLE notices (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            kind      TEXT NOT NULL CHECK (kind IN ('disruption', 'information')),
            starts_at TEXT NOT NULL,
            ends_at   TEXT NOT NULL CHECK (ends_at >= starts_at),
            texts     TEXT NOT NULL,
            link      TEXT NOT NULL DEFAULT '',
            posted_at TEXT NOT NULL
        )""",
        "CREATE INDEX notices_by_end ON notices (ends_at)",
    ]),
]
LATEST = MIGRATIONS[-1][0]

# One statement per engine for a count's increment (SQLite and PostgreSQL share this form).
FEEDBACK_INCREMENT = (
    "INSERT INTO feedback_counts (day, language, page, answer, reason, count) VALUES ({p}, {p}, {p}, {p}, {p}, 1) "
    "ON CONFLICT (day, language, page, answer, reason) DO UPDATE SET count = feedback_counts.count + 1"
)
# A reason added after a bare "no": that "no" is taken back, the one with the reason counted.
FEEDBACK_TAKE_BACK = (
    "UPDATE feedback_counts SET count = count - 1 "
    "WHERE day = {p} AND language = {p} AND page = {p} AND answer = 'no' AND reason = '' AND count > 1"
)
FEEDBACK_DROP_LAST = (
    "DELETE FROM feedback_counts "
    "WHERE day = {p} AND language = {p} AND page = {p} AND answer = 'no' AND reason = '' AND count = 1"
)


def pending(applied: int, migrations: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    if applied > migrations[-1][0]:
        raise SchemaError(
            f"the registry's schema is version {applied}, newer than this program knows "
            f"({migrations[-1][0]}): run the newer release"
        )
    return [migration for migration in migrations if migration[0] > applied]


class _SQLiteRows:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def get(self, digest: bytes) -> StoredCode | None:
        row = self._db.execute(
            "SELECT issued_on, status FROM access_codes WHERE digest = ?", (digest,)
        ).fetchone()
        return None if row is None else StoredCode(date.fromisoformat(row[0]), StoredStatus(row[1]))

    def put(self, digest: bytes, code: StoredCode) -> None:
        self._db.execute(
            "INSERT INTO access_codes (digest, issued_on, status) VALUES (?, ?, ?) "
            "ON CONFLICT (digest) DO UPDATE SET issued_on = excluded.issued_on, status = excluded.status",
            (digest, code.issued_on.isoformat(), code.status.value),
        )

    def get_many(self, digests: list[bytes]) -> dict[bytes, StoredCode]:
        found: dict[bytes, StoredCode] = {}
        for start in range(0, len(digests), 500):
            batch = digests[start : start + 500]
            rows = self._db.execute(
                "SELECT digest, issued_on, status FROM access_codes WHERE digest IN "
                f"({','.join('?' * len(batch))})",
                batch,
            )
            for digest, issued_on, status in rows:
                found[bytes(digest)] = StoredCode(date.fromisoformat(issued_on), StoredStatus(status))
        return found

    def put_many(self, rows: list[tuple[bytes, StoredCode]]) -> None:
        self._db.executemany(
            "INSERT INTO access_codes (digest, issued_on, status) VALUES (?, ?, ?) "
            "ON CONFLICT (digest) DO UPDATE SET issued_on = excluded.issued_on, status = excluded.status",
            [(digest, code.issued_on.isoformat(), code.status.value) for digest, code in rows],
        )


class SQLiteCodeStore:
    """The embedded default: one SQLite file, in WAL mode so the operator tool can write
    while the API reads.

    The API uses the connection from the event loop's thread only: a lookup by primary key
    takes microseconds, less than handing it to a worker thread would.
    """

    kind = "SQLite file"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Hashes only, but still nobody else's business: SQLite gives its -wal and -shm
            # files the database file's mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 5000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._reader = _SQLiteRows(self._db)

    def schema_version(self) -> int:
        if self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() is None:
            return 0
        return self._db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self) -> list[int]:
        self._db.execute("BEGIN IMMEDIATE")  # one process at a time
        try:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = []
            for version, statements in pending(self.schema_version(), MIGRATIONS):
                for statement in statements:
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, datetime('now'))", (version,)
                )
                done.append(version)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return done

    def close(self) -> None:
        self._db.close()

    async def find(self, digest: bytes) -> StoredCode | None:
        return self._reader.get(digest)

    async def ping(self) -> None:
        self._db.execute("SELECT 1").fetchone()

    async def add_feedback(self, day: date, language: str, page: str, answer: str, reason: str) -> None:
        where = (day.isoformat(), language, page)
        with self.transaction():
            if reason:
                if self._db.execute(FEEDBACK_TAKE_BACK.format(p="?"), where).rowcount == 0:
                    self._db.execute(FEEDBACK_DROP_LAST.format(p="?"), where)
            self._db.execute(FEEDBACK_INCREMENT.format(p="?"), (*where, answer, reason))

    def feedback_counts(self, since: date | None = None, until: date | None = None) -> list[FeedbackCount]:
        rows = self._db.execute(
            "SELECT day, language, page, answer, reason, count FROM feedback_counts "
            "WHERE day >= ? AND day <= ? ORDER BY day, language, page, answer, reason",
            ((since or date.min).isoformat(), (until or date.max).isoformat()),
        )
        return [FeedbackCount(date.fromisoformat(day), *rest) for day, *rest in rows]

    @contextmanager
    def transaction(self) -> Iterator[CodeWriter]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield _SQLiteRows(self._db)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def count_issued_before(self, day: date) -> int:
        return self._db.execute(
            "SELECT count(*) FROM access_codes WHERE issued_on < ?", (day.isoformat(),)
        ).fetchone()[0]

    def delete_issued_before(self, day: date) -> int:
        with self.transaction():
            cursor = self._db.execute("DELETE FROM access_codes WHERE issued_on < ?", (day.isoformat(),))
            return cursor.rowcount

    def counts(self, issued_since: date) -> RegistryCounts:
        by_status = dict(self._db.execute("SELECT status, count(*) FROM access_codes GROUP BY status"))
        issued_since_count = self._db.execute(
            "SELECT count(*) FROM access_codes WHERE status = 'issued' AND issued_on >= ?",
            (issued_since.isoformat(),),
        ).fetchone()[0]
        oldest, newest = self._db.execute("SELECT min(issued_on), max(issued_on) FROM access_codes").fetchone()
        return RegistryCounts(
            issued=by_status.get("issued", 0),
            issued_since=issued_since_count,
            used=by_status.get("used", 0),
            revoked=by_status.get("revoked", 0),
            oldest_issue=None if oldest is None else date.fromisoformat(oldest),
            newest_issue=None if newest is None else date.fromisoformat(newest),
        )

    def key_check(self) -> bytes | None:
        row = self._db.execute("SELECT value FROM registry_meta WHERE name = 'key_check'").fetchone()
        return None if row is None else bytes(row[0])

    def set_key_check(self, value: bytes) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO registry_meta (name, value) VALUES ('key_check', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (value,),
            )

    # --- notices --------------------------------------------------------------------------
    def _notices_where(self, condition: str, params: tuple) -> list[Notice]:
        rows = self._db.execute(
            f"SELECT id, kind, starts_at, ends_at, texts, link FROM notices WHERE {condition} ORDER BY starts_at, id",
            params)
        return [_notice(*row) for row in rows]

    async def upcoming_notices(self, now: datetime) -> list[Notice]:
        return self._notices_where("ends_at > ?", (utc_text(now),))

    def notices(self, ended_since: datetime | None) -> list[Notice]:
        return self._notices_where("ends_at > ?", (utc_text(ended_since) if ended_since else "",))

    def add_notice(self, notice: NewNotice, posted_at: datetime) -> Notice:
        with self.transaction():
            cursor = self._db.execute(
                "INSERT INTO notices (kind, starts_at, ends_at, texts, link, posted_at) VALUES (?, ?, ?, ?, ?, ?)",
                (notice.kind, utc_text(notice.starts_at), utc_text(notice.ends_at), texts_json(notice.texts),
                 notice.link, utc_text(posted_at)))
            return self._notices_where("id = ?", (cursor.lastrowid,))[0]

    def end_notice(self, notice_id: int, now: datetime) -> Notice | None:
        moment = utc_text(now)
        with self.transaction():
            self._db.execute("UPDATE notices SET ends_at = ?, starts_at = min(starts_at, ?) "
                             "WHERE id = ? AND ends_at > ?", (moment, moment, notice_id, moment))
            found = self._notices_where("id = ?", (notice_id,))
        return found[0] if found else None


def _notice(notice_id: int, kind: str, starts_at: str, ends_at: str, texts: str, link: str) -> Notice:
    return Notice(notice_id, kind, from_utc_text(starts_at), from_utc_text(ends_at), json.loads(texts), link)

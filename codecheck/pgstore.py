"""The registry in PostgreSQL (``CODECHECK_DB=postgresql://...``), with psycopg 3.

The same table shape and semantics as the SQLite store (``codecheck.store``): keyed hashes
only, the same statuses, an import in one transaction. The API looks codes up through an
async connection pool (opened in the server's event loop on first use); the operator tool
and the start-up work (migrations, key check) use one ordinary connection.

A connection that broke (PostgreSQL restarted, a network cut) is dropped by the pool and the
lookup is tried again on a fresh one; when none can be had within ``POOL_TIMEOUT`` seconds
the lookup raises StoreUnavailable (the API answers 503), never a 500.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
import json
from datetime import date, datetime, timezone

import psycopg
from psycopg_pool import AsyncConnectionPool

from codecheck.notices import NewNotice, Notice, texts_json
from codecheck.store import (
    FEEDBACK_DROP_LAST,
    FEEDBACK_INCREMENT,
    FEEDBACK_TAKE_BACK,
    CodeWriter,
    FeedbackCount,
    RegistryCounts,
    StoreUnavailable,
    StoredCode,
    StoredStatus,
    pending,
)

POOL_TIMEOUT = 2.0
CONNECT_TIMEOUT = 5
_MIGRATION_LOCK = 0x636F6465  # pg_advisory_xact_lock key: one migrating process at a time

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE IF NOT EXISTS access_codes (
            digest    bytea PRIMARY KEY CHECK (octet_length(digest) = 32),
            issued_on date NOT NULL,
            status    text NOT NULL CHECK (status IN ('issued', 'used', 'revoked'))
        )""",
        "CREATE INDEX IF NOT EXISTS access_codes_by_issue ON access_codes (issued_on)",
        """CREATE TABLE IF NOT EXISTS registry_meta (
            name  text PRIMARY KEY,
            value bytea NOT NULL
        )""",
    ]),
    (2, [
        # Counts per day only: no address, no time of day, no text typed by the visitor.
        """CREATE TABLE feedback_counts (
            day      date NOT NULL,
            language text NOT NULL,
            page     text NOT NULL,
            answer   text NOT NULL CHECK (answer IN ('yes', 'no')),
            reason   text NOT NULL DEFAULT '' CHECK (reason = '' OR answer = 'no'),
            count    integer NOT NULL CHECK (count > 0),
            PRIMARY KEY (day, language, page, answer, reason)
        )""",
    ]),
    (3, [
        # Notices to visitors (codecheck.notices): texts as a JSON object by language.
        """CREATE TABLE notices (
            id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind      text NOT NULL CHECK (kind IN ('disruption', 'information')),
            starts_at timestamptz NOT NULL,
            ends_at   timestamptz NOT NULL CHECK (ends_at >= starts_at),
            texts     text NOT NULL,
            link      text NOT NULL DEFAULT '',
            posted_at timestamptz NOT NULL
        )""",
        "CREATE INDEX notices_by_end ON notices (ends_at)",
    ]),
]


def _stored(issued_on: date, status: str) -> StoredCode:
    return StoredCode(issued_on, StoredStatus(status))


class _PgRows:
    def __init__(self, connection: psycopg.Connection) -> None:
        self._db = connection

    def get(self, digest: bytes) -> StoredCode | None:
        row = self._db.execute("SELECT issued_on, status FROM access_codes WHERE digest = %s", (digest,)).fetchone()
        return None if row is None else _stored(*row)

    def put(self, digest: bytes, code: StoredCode) -> None:
        self.put_many([(digest, code)])

    def get_many(self, digests: list[bytes]) -> dict[bytes, StoredCode]:
        rows = self._db.execute(
            "SELECT digest, issued_on, status FROM access_codes WHERE digest = ANY(%s)", (digests,)
        ).fetchall()
        return {bytes(digest): _stored(issued_on, status) for digest, issued_on, status in rows}

    def put_many(self, rows: list[tuple[bytes, StoredCode]]) -> None:
        self._db.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_rows "
            "(digest bytea, issued_on date, status text) ON COMMIT DELETE ROWS"
        )
        self._db.execute("TRUNCATE import_rows")
        with self._db.cursor().copy("COPY import_rows (digest, issued_on, status) FROM STDIN") as copy:
            for digest, code in rows:
                copy.write_row((digest, code.issued_on, code.status.value))
        self._db.execute(
            "INSERT INTO access_codes (digest, issued_on, status) SELECT digest, issued_on, status FROM import_rows "
            "ON CONFLICT (digest) DO UPDATE SET issued_on = excluded.issued_on, status = excluded.status"
        )


class PostgresCodeStore:
    kind = "PostgreSQL pool"

    def __init__(self, url: str, pool_size: int = 4) -> None:
        self.url = url
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                       application_name="codecheck")
        except psycopg.Error:
            # libpq's message can quote the URL with its password: say what to check instead.
            raise StoreUnavailable("CODECHECK_DB: cannot connect to the PostgreSQL database it names") from None
        self._pool = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            timeout=POOL_TIMEOUT,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT, "application_name": "codecheck-api"},
            name="codecheck",
        )
        self._opening: asyncio.Lock | None = None
        self._opened = False

    # --- the API: async lookups through the pool -------------------------------------------
    async def _pool_ready(self) -> AsyncConnectionPool:
        if not self._opened:
            if self._opening is None:
                self._opening = asyncio.Lock()
            async with self._opening:
                if not self._opened:
                    await self._pool.open(wait=False)
                    self._opened = True
        return self._pool

    async def _fetch(self, query: str, params: tuple) -> tuple | None:
        pool = await self._pool_ready()
        for attempt in range(3):
            try:
                async with pool.connection() as connection:
                    cursor = await connection.execute(query, params)
                    return await cursor.fetchone()
            except psycopg.OperationalError:
                # A broken connection goes back to the pool in a bad state and is dropped:
                # the next attempt gets a fresh one (or times out when the server is gone).
                if attempt == 2:
                    raise StoreUnavailable("the registry's database cannot be reached") from None
        return None  # not reached

    async def find(self, digest: bytes) -> StoredCode | None:
        row = await self._fetch("SELECT issued_on, status FROM access_codes WHERE digest = %s", (digest,))
        return None if row is None else _stored(*row)

    async def ping(self) -> None:
        await self._fetch("SELECT 1", ())

    async def add_feedback(self, day: date, language: str, page: str, answer: str, reason: str) -> None:
        pool = await self._pool_ready()
        where = (day, language, page)
        try:
            async with pool.connection() as connection, connection.transaction():
                if reason:
                    taken = await connection.execute(FEEDBACK_TAKE_BACK.format(p="%s"), where)
                    if taken.rowcount == 0:
                        await connection.execute(FEEDBACK_DROP_LAST.format(p="%s"), where)
                await connection.execute(FEEDBACK_INCREMENT.format(p="%s"), (*where, answer, reason))
        except psycopg.OperationalError:
            # Not tried again: the count may have been written before the connection broke.
            raise StoreUnavailable("the registry's database cannot be reached") from None

    async def upcoming_notices(self, now: datetime) -> list[Notice]:
        pool = await self._pool_ready()
        for attempt in range(3):
            try:
                async with pool.connection() as connection:
                    cursor = await connection.execute(NOTICES_SELECT + "WHERE ends_at > %s ORDER BY starts_at, id",
                                                      (now,))
                    return [_notice(*row) for row in await cursor.fetchall()]
            except psycopg.OperationalError:
                if attempt == 2:
                    raise StoreUnavailable("the registry's database cannot be reached") from None
        return []  # not reached

    async def aopen(self) -> None:
        """Opens the pool in the server's event loop (its connections are made in the background)."""
        await self._pool_ready()

    async def aclose(self) -> None:
        if self._opened:
            await self._pool.close()
            self._opened = False

    # --- the operator tool and start-up: one plain connection --------------------------------
    def schema_version(self) -> int:
        exists = self._db.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        if not exists:
            return 0
        return self._db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self) -> list[int]:
        done = []
        with self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            for version, statements in pending(self.schema_version(), MIGRATIONS):
                for statement in statements:
                    self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
                done.append(version)
        return done

    def close(self) -> None:
        self._db.close()
        if self._opened:
            # The pool belongs to the server's event loop; the lifespan closes it (aclose).
            self._opened = False

    @contextmanager
    def transaction(self) -> Iterator[CodeWriter]:
        with self._db.transaction():
            self._db.execute("LOCK TABLE access_codes IN SHARE ROW EXCLUSIVE MODE")  # one writer at a time
            yield _PgRows(self._db)

    def count_issued_before(self, day: date) -> int:
        return self._db.execute("SELECT count(*) FROM access_codes WHERE issued_on < %s", (day,)).fetchone()[0]

    def delete_issued_before(self, day: date) -> int:
        with self._db.transaction():
            return self._db.execute("DELETE FROM access_codes WHERE issued_on < %s", (day,)).rowcount

    def counts(self, issued_since: date) -> RegistryCounts:
        by_status = dict(self._db.execute("SELECT status, count(*) FROM access_codes GROUP BY status").fetchall())
        since = self._db.execute(
            "SELECT count(*) FROM access_codes WHERE status = 'issued' AND issued_on >= %s", (issued_since,)
        ).fetchone()[0]
        oldest, newest = self._db.execute("SELECT min(issued_on), max(issued_on) FROM access_codes").fetchone()
        return RegistryCounts(
            issued=by_status.get("issued", 0),
            issued_since=since,
            used=by_status.get("used", 0),
            revoked=by_status.get("revoked", 0),
            oldest_issue=oldest,
            newest_issue=newest,
        )

    def key_check(self) -> bytes | None:
        row = self._db.execute("SELECT value FROM registry_meta WHERE name = 'key_check'").fetchone()
        return None if row is None else bytes(row[0])

    def feedback_counts(self, since: date | None = None, until: date | None = None) -> list[FeedbackCount]:
        rows = self._db.execute(
            "SELECT day, language, page, answer, reason, count FROM feedback_counts "
            "WHERE day >= %s AND day <= %s ORDER BY day, language, page, answer, reason",
            (since or date.min, until or date.max),
        ).fetchall()
        return [FeedbackCount(*row) for row in rows]

    def set_key_check(self, value: bytes) -> None:
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO registry_meta (name, value) VALUES ('key_check', %s) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (value,),
            )

    # --- notices (the operator tool) --------------------------------------------------------
    def _notices_where(self, condition: str, params: tuple) -> list[Notice]:
        rows = self._db.execute(NOTICES_SELECT + f"WHERE {condition} ORDER BY starts_at, id", params).fetchall()
        return [_notice(*row) for row in rows]

    def notices(self, ended_since: datetime | None) -> list[Notice]:
        if ended_since is None:
            return self._notices_where("true", ())
        return self._notices_where("ends_at > %s", (ended_since,))

    def add_notice(self, notice: NewNotice, posted_at: datetime) -> Notice:
        with self._db.transaction():
            notice_id = self._db.execute(
                "INSERT INTO notices (kind, starts_at, ends_at, texts, link, posted_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (notice.kind, notice.starts_at, notice.ends_at, texts_json(notice.texts), notice.link, posted_at),
            ).fetchone()[0]
        return self._notices_where("id = %s", (notice_id,))[0]

    def end_notice(self, notice_id: int, now: datetime) -> Notice | None:
        with self._db.transaction():
            self._db.execute("UPDATE notices SET ends_at = %s, starts_at = least(starts_at, %s) "
                             "WHERE id = %s AND ends_at > %s", (now, now, notice_id, now))
        found = self._notices_where("id = %s", (notice_id,))
        return found[0] if found else None


NOTICES_SELECT = "SELECT id, kind, starts_at, ends_at, texts, link FROM notices "


def _notice(notice_id: int, kind: str, starts_at: datetime, ends_at: datetime, texts: str, link: str) -> Notice:
    return Notice(notice_id, kind, starts_at.astimezone(timezone.utc), ends_at.astimezone(timezone.utc),
                  json.loads(texts), link)

"""The registry's database: which one CODECHECK_DB names, what is refused at start, the
versioned migrations, and that SQLite and PostgreSQL keep the same things."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from codecheck.cli import main
from codecheck.registry import open_store
from codecheck.settings import Settings, SettingsError
from codecheck.store import LATEST
from tests.conftest import ROOT, free_port


def cli(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CODECHECK_SECRET_FILE", str(tmp_path / "codecheck.secret"))
    return tmp_path


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@127.0.0.1/codes", "CODECHECK_DB: unsupported scheme 'mysql'"),
        ("sqlite:///var/codes.db", "CODECHECK_DB: unsupported scheme 'sqlite'"),
        ("postgresql://user@host:port/db", "CODECHECK_DB: not a valid postgresql:// URL"),
        ("postgresql://postgres@127.0.0.1:5432/postgres?colour=blue", "CODECHECK_DB: not a valid"),
    ],
)
def test_other_schemes_and_bad_urls_are_refused(in_tmp: Path, capsys, monkeypatch, url: str, message: str) -> None:
    monkeypatch.setenv("CODECHECK_DB", url)
    status, out, err = cli(capsys, "stats")
    assert status == 2 and out == ""
    assert err.startswith("codecheck: " + message) and err.count("\n") == 1
    assert list(in_tmp.iterdir()) == []  # no folder named "postgresql:" or "mysql:"


def test_an_unreachable_database_is_refused_at_start(in_tmp: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CODECHECK_DB", f"postgresql://postgres:s3cret@127.0.0.1:{free_port()}/postgres")
    status, out, err = cli(capsys, "stats")
    assert status == 2 and err.count("\n") == 1 and "CODECHECK_DB" in err
    assert "s3cret" not in err
    assert list(in_tmp.iterdir()) == []


def test_the_server_refuses_to_start_on_an_unreachable_database(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CODECHECK_SECRET_FILE": str(tmp_path / "secret"),
           "CODECHECK_DB": f"postgresql://postgres@127.0.0.1:{free_port()}/postgres"}
    result = subprocess.run([sys.executable, "-m", "codecheck", "serve", "--port", str(free_port())], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "CODECHECK_DB" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_windows_like_path_or_a_plain_path_is_sqlite() -> None:
    assert Settings.from_env({"CODECHECK_DB": "var/codes.sqlite3"}).db_url is None
    settings = Settings.from_env({"CODECHECK_DB": "postgresql://postgres@127.0.0.1:5432/postgres"})
    assert settings.db_url == "postgresql://postgres@127.0.0.1:5432/postgres"
    with pytest.raises(SettingsError):
        Settings.from_env({"CODECHECK_LIMITS_STORAGE": "memcached://127.0.0.1:11211"})


def test_migrate_on_sqlite(in_tmp: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CODECHECK_DB", str(in_tmp / "reg.sqlite3"))
    status, out, _ = cli(capsys, "migrate")
    assert status == 0 and out == f"Schema upgraded from version 0 to {LATEST}.\n"
    status, out, _ = cli(capsys, "migrate")
    assert status == 0 and out == f"Schema up to date (version {LATEST}).\n"


def test_migrate_on_postgresql_then_a_newer_schema_is_refused(in_tmp: Path, capsys, monkeypatch,
                                                               postgres_server) -> None:
    url = postgres_server.new_database()
    monkeypatch.setenv("CODECHECK_DB", url)
    assert cli(capsys, "migrate")[:2] == (0, f"Schema upgraded from version 0 to {LATEST}.\n")
    assert cli(capsys, "migrate")[:2] == (0, f"Schema up to date (version {LATEST}).\n")
    with psycopg.connect(url, autocommit=True) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert tables == {"access_codes", "registry_meta", "schema_migrations", "feedback_counts", "notices"}
        connection.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (LATEST + 1,))
    status, _, err = cli(capsys, "stats")
    assert status == 2 and "newer than this program knows" in err


def test_concurrent_starts_migrate_once(postgres_server) -> None:
    """Several workers start at once on a new database: one migrates, the others wait and
    find the schema there (the advisory lock)."""
    import threading

    url = postgres_server.new_database()
    results: list[list[int]] = []

    def start() -> None:
        store = open_store(Settings(db_url=url))
        try:
            results.append(store.migrate())
        finally:
            store.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [[], [], [], list(range(1, LATEST + 1))]


def test_a_sqlite_registry_from_before_migrations_is_adopted(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE access_codes (digest BLOB PRIMARY KEY, issued_on TEXT NOT NULL, "
                    "status TEXT NOT NULL) WITHOUT ROWID")
        old.execute("INSERT INTO access_codes VALUES (?, '2026-01-01', 'issued')", (b"d" * 32,))
    old.close()
    store = open_store(Settings(db_path=path))
    try:
        assert store.schema_version() == 0
        assert store.migrate() == list(range(1, LATEST + 1))
        assert store._reader.get(b"d" * 32) is not None
    finally:
        store.close()

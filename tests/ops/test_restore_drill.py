"""The restore drill of docs/OPERATIONS.md, with Debian's PostgreSQL tools: dump the registry's
database (pg_dump), restore it into a new database (pg_restore), start on it with the same key
file: the same answers for 1,000 codes and the same feedback counts. Without the key file the
restored registry refuses to start (every code would look unknown)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from codecheck.keyedhash import SecretError
from codecheck.registry import open_registry, open_store
from codecheck.settings import Settings
from tests.codecheck.support import run, seed
from tests.conftest import ROOT
from tests.services import pg_binary

STATUSES = ("issued", "issued", "issued", "used", "revoked")


def answers(settings: Settings, codes: list[str]) -> list[dict]:
    registry = open_registry(settings)
    try:
        return [run(registry.check(code)).as_json() for code in codes]
    finally:
        run(registry.aclose())


def feedback(settings: Settings) -> list:
    store = open_store(settings)
    try:
        return store.feedback_counts()
    finally:
        store.close()


def operator(command: list[str], database: str, secret: Path) -> str:
    """`python -m codecheck ...` as the operator runs it on that database."""
    done = subprocess.run([sys.executable, "-m", "codecheck", *command], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "CODECHECK_DB": database, "CODECHECK_SECRET_FILE": str(secret)},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_dump_restored_into_a_new_database_gives_the_same_answers(postgres_server, tmp_path) -> None:
    secret = tmp_path / "codecheck.secret"
    source = Settings(db_url=postgres_server.new_database(), secret_file=secret)
    today = source.today_function()()
    codes = {f"DRILL{n:07d}": (today - timedelta(days=n % 300), STATUSES[n % len(STATUSES)]) for n in range(1000)}
    seed(source, codes)
    store = open_store(source)
    try:
        for day, lang, page, answer, reason in [
            (today, "de", "/situations/no-active-login/", "yes", ""),
            (today, "de", "/situations/no-active-login/", "no", "not-found"),
            (today - timedelta(days=3), "fr", "/guide/outcomes/code-expired/", "yes", ""),
            (today - timedelta(days=3), "fr", "/guide/outcomes/code-expired/", "yes", ""),
        ]:
            run(store.add_feedback(day, lang, page, answer, reason))
    finally:
        run(store.aclose())
        store.close()
    asked = [*codes, *(f"NEVERISSUED{n}" for n in range(10))]
    before = answers(source, asked)
    assert {answer["status"] for answer in before} == {"valid", "expired", "used", "revoked", "unknown"}

    # The drill, as docs/OPERATIONS.md gives it.
    dump = tmp_path / "registry.dump"
    subprocess.run([pg_binary("pg_dump"), "--format=custom", f"--file={dump}", source.db_url],
                   check=True, capture_output=True, timeout=300)
    restored = dataclasses.replace(source, db_url=postgres_server.new_database())
    subprocess.run([pg_binary("pg_restore"), "--exit-on-error", "--no-owner", f"--dbname={restored.db_url}", str(dump)],
                   check=True, capture_output=True, timeout=300)
    assert operator(["migrate"], restored.db_url, secret).startswith("Schema up to date")
    assert operator(["stats"], restored.db_url, secret) == operator(["stats"], source.db_url, secret)

    assert answers(restored, asked) == before
    assert feedback(restored) == feedback(source) and len(feedback(source)) == 3

    # The key file is part of the backup: without it, or with another one, the restored registry
    # refuses to start rather than call every code unknown.
    with pytest.raises(SecretError, match="does not exist"):
        open_registry(dataclasses.replace(restored, secret_file=tmp_path / "lost" / "codecheck.secret"))
    other = Settings(db_url=postgres_server.new_database(), secret_file=tmp_path / "other.secret")
    open_registry(other).close()   # a new registry writes a new key
    with pytest.raises(SecretError, match="is not the key of the registry"):
        open_registry(dataclasses.replace(restored, secret_file=other.secret_file))

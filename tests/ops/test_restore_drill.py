"""The restore drill of docs/OPERATIONS.md, as the guide gives it: its block of shell commands,
taken from the guide and run with bash (its five settings pointed at this test's files), with
Debian's PostgreSQL tools, on a live database of 1,000 codes and some feedback counts, beside a
live API whose limits are in Redis. The drill's answers are the live registry's, its counts
the same, a wrong key file is refused, its database is dropped at the end, and the visitors'
budgets in the live Redis are untouched: no key added, no count grown, and a live check from
the address the drill used is still answered."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import httpx
import psycopg
import redis

from codecheck.registry import open_registry, open_store
from codecheck.settings import Settings
from tests.codecheck.support import run, seed
from tests.conftest import ROOT, free_port

GUIDE = ROOT / "docs" / "OPERATIONS.md"
MARK = "<!-- restore-drill:"
SETTINGS = ("API_ENV", "APP", "WORK", "DRILL_PORT", "DRILL_CODES")
STATUSES = ("issued", "issued", "issued", "used", "revoked")
CHECK = "/api/v1/access-codes/check"


def drill_block() -> str:
    """The fenced block after the guide's restore-drill mark."""
    text = GUIDE.read_text(encoding="utf-8")
    assert text.count(MARK) == 1, "one restore-drill block in docs/OPERATIONS.md"
    block = re.match(r"[^\n]*\n```sh\n(.*?)\n```\n", text[text.index(MARK):], re.DOTALL)
    assert block, "the mark is followed by a ```sh block"
    return block.group(1)


def with_settings(block: str, values: dict[str, str]) -> str:
    """The block with its first lines' settings (NAME=value  # comment) given these values."""
    for name, value in values.items():
        block, count = re.subn(rf"^{name}=\S+", f"{name}={value}", block, count=1, flags=re.MULTILINE)
        assert count == 1, f"the drill sets {name} in its first lines"
    return block


def live_budgets(client: redis.Redis) -> dict[bytes, tuple[bytes, int]]:
    """Every key of the limits' store: its type and size (a moving window is a list of hits)."""
    sizes = {b"list": client.llen, b"zset": client.zcard, b"hash": client.hlen, b"string": client.strlen}
    return {key: (kind, sizes.get(kind, lambda _: 0)(key)) for key in client.scan_iter()
            if (kind := client.type(key)) != b"none"}


def test_the_guides_drill_restores_the_same_answers_and_leaves_live_budgets_alone(
        hosting, postgres_server, redis_server, tmp_path) -> None:
    block = drill_block()
    assert "CODECHECK_LIMITS_STORAGE=memory://" in block   # its own limits, by construction
    # The live registry: 1,000 codes and feedback counts, its API's user "codecheck".
    with psycopg.connect(postgres_server.url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_roles WHERE rolname = 'codecheck'").fetchone():
            connection.execute("CREATE ROLE codecheck LOGIN")
    secret = tmp_path / "codecheck.secret"
    live = Settings(db_url=postgres_server.new_database(), secret_file=secret)
    today = live.today_function()()
    codes = {f"DRILL{n:07d}": (today - timedelta(days=n % 300), STATUSES[n % len(STATUSES)]) for n in range(1000)}
    seed(live, codes)
    store = open_store(live)
    try:
        for day, lang, page, answer, reason in [
            (today, "de", "/situations/no-active-login/", "yes", ""),
            (today, "de", "/situations/no-active-login/", "no", "not-found"),
            (today - timedelta(days=3), "fr", "/guide/outcomes/code-expired/", "yes", ""),
        ]:
            run(store.add_feedback(day, lang, page, answer, reason))
    finally:
        run(store.aclose())
        store.close()
    known = ["DRILL0000001", "DRILL0000297", "DRILL0000003", "DRILL0000004", "NEVERISSUED1"]
    registry = open_registry(live)
    try:
        expected = [run(registry.check(code)).as_json() for code in known]
    finally:
        run(registry.aclose())
        registry.close()
    assert {answer["status"] for answer in expected} == {"valid", "expired", "used", "revoked", "unknown"}

    # The operator's files: api.env as the guide shows it (the live API's settings, limits in the
    # session's Redis, where the live workers of `hosting` count), the codes they know.
    api_env = tmp_path / "api.env"
    api_env.write_text("".join(f"{name}={value}\n" for name, value in {
        **hosting.env, "CODECHECK_DB": live.db_url, "CODECHECK_SECRET_FILE": str(secret)}.items()))
    assert hosting.env["CODECHECK_LIMITS_STORAGE"] == redis_server.url
    known_file = tmp_path / "drill-codes.txt"
    known_file.write_text("".join(code + "\n" for code in known))
    work = tmp_path / "drill"
    script = with_settings(block, {"API_ENV": str(api_env), "APP": str(ROOT), "WORK": str(work),
                                   "DRILL_PORT": str(free_port()), "DRILL_CODES": str(known_file)})
    assert (ROOT / ".venv" / "bin" / "python").exists()   # APP/.venv/bin/python, as installed

    live_redis = redis.Redis(port=redis_server.port)
    budgets_before = live_budgets(live_redis)
    # `runuser -u postgres -- createdb` reaches the session's server as libpq's variables say.
    environment = {**{name: value for name, value in os.environ.items() if not name.startswith("CODECHECK_")},
                   "PGHOST": "127.0.0.1", "PGPORT": str(postgres_server.port)}
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout

    assert "codes: the same counts as live" in out and "feedback: the same counts as live" in out
    stats = (work / "stats-drill.txt").read_text()
    assert re.search(r"\b1000\b", stats), stats
    answers = [line for line in out.splitlines() if line.startswith("{")]
    assert [httpx.Response(200, content=line).json() for line in answers] == expected
    assert "is not the key of the registry" in out and "restore drill done" in out
    with psycopg.connect(postgres_server.url) as connection:
        assert not connection.execute("SELECT 1 FROM pg_database WHERE datname = 'codecheck_drill'").fetchone()

    # The drill's five checks went to its own memory: no key of the live store is new or grew
    # (a window's old hits may have expired meanwhile).
    after = live_budgets(live_redis)
    assert all(key in budgets_before and size <= budgets_before[key][1] for key, (_, size) in after.items()), \
        set(after) - set(budgets_before)
    # A live check counts there (so the comparison above would have seen the drill's), and is answered.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.9.28"), timeout=30) as client:
        answered = client.post(hosting.api.url + CHECK, json={"code": "DEMOVALID001"})
    assert answered.status_code == 200 and answered.json()["status"] == "valid"
    assert set(live_budgets(live_redis)) - set(after)

"""Several processes on one PostgreSQL + Redis, and what happens when a piece fails: real
servers (uvicorn processes, PostgreSQL, Redis), real faults (stop, restart, SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest

from codecheck.settings import Settings
from tests.codecheck.support import csv_of, seed
from tests.conftest import ROOT, free_port
from tests.ops.support import wait_until_healthy, worker_pids
from tests.services import Redis
from tests.waiting import wait_until

CHECK = "/api/v1/access-codes/check"


def today() -> date:
    return Settings.from_env({}).today_function()()


class ApiProcess:
    """``uvicorn --factory codecheck.app:create_app`` in its own process(es), as a fund runs it."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "codecheck.app:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), "--no-proxy-headers", "--no-access-log",
             "--log-level", "warning"],
            env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT,
        )
        if not wait_until_healthy(self.url, self.process, seconds=30):
            self.stop()
            raise RuntimeError("the API did not start")

    def workers(self) -> list[int]:
        return worker_pids(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def client_from(source: str) -> httpx.Client:
    """A client whose TCP peer address is ``source`` (any 127.0.0.0/8 address is ours)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=10)


@pytest.fixture
def shared(tmp_path: Path, postgres_server, redis_server, pg_stores) -> dict[str, str]:
    """One registry in PostgreSQL (seeded), one limits store in Redis, one key file."""
    redis_server.flush()
    url = postgres_server.new_database()
    env = {"CODECHECK_DB": url, "CODECHECK_LIMITS_STORAGE": redis_server.url,
           "CODECHECK_SECRET_FILE": str(tmp_path / "codecheck.secret")}
    seed(Settings(db_url=url, secret_file=tmp_path / "codecheck.secret"),
         {"PROCVALID001": (today() - timedelta(days=3), "issued")})
    return env


def test_two_servers_share_one_registry_and_one_budget(shared) -> None:
    first, second = ApiProcess(shared), ApiProcess(shared)
    try:
        with client_from("127.0.0.7") as client:
            statuses = [client.post((first, second)[n % 2].url + CHECK, json={"code": "PROCVALID001"}).status_code
                        for n in range(14)]
        assert statuses.count(200) == 10 and statuses.count(429) == 4
        assert statuses[:10] == [200] * 10
        # Another address has its own budget, on either server.
        with client_from("127.0.0.8") as client:
            assert client.post(second.url + CHECK, json={"code": "PROCVALID001"}).json()["status"] == "valid"
        # A code imported once is known to both.
        settings = Settings(db_url=shared["CODECHECK_DB"], secret_file=Path(shared["CODECHECK_SECRET_FILE"]))
        seed(settings, {"PROCLATER001": (today(), "used")})
        for server, source in ((first, "127.0.0.9"), (second, "127.0.0.10")):
            with client_from(source) as client:
                assert client.post(server.url + CHECK, json={"code": "PROCLATER001"}).json()["status"] == "used"
    finally:
        first.stop()
        second.stop()


def test_redis_stopped_fails_closed_then_recovers(tmp_path: Path, postgres_server, pg_stores) -> None:
    redis = Redis()
    url = postgres_server.new_database()
    env = {"CODECHECK_DB": url, "CODECHECK_LIMITS_STORAGE": redis.url,
           "CODECHECK_SECRET_FILE": str(tmp_path / "codecheck.secret")}
    seed(Settings(db_url=url, secret_file=tmp_path / "codecheck.secret"),
         {"PROCVALID001": (today(), "issued")})
    server = ApiProcess(env)
    try:
        with client_from("127.0.0.11") as client:
            assert client.post(server.url + CHECK, json={"code": "PROCVALID001"}).status_code == 200
            assert client.get(server.url + "/api/v1/ready").json()["checks"] == {"registry": "ok", "limits": "ok"}
            redis.stop()
            for _ in range(5):
                started = time.monotonic()
                response = client.post(server.url + CHECK, json={"code": "PROCVALID001"})
                assert response.status_code == 503, response.text
                assert response.json()["error"]["code"] == "limits_unavailable"
                assert time.monotonic() - started < 3
            assert client.get(server.url + "/api/v1/health").status_code == 200  # alive
            ready = client.get(server.url + "/api/v1/ready")
            assert ready.status_code == 503 and ready.json()["checks"] == {"registry": "ok", "limits": "down"}
            redis.start()  # the same port, empty
            deadline = time.monotonic() + 10
            while (status := client.post(server.url + CHECK, json={"code": "PROCVALID001"}).status_code) != 200:
                assert status == 503 and time.monotonic() < deadline
            assert client.post(server.url + CHECK, json={"code": "PROCVALID001"}).json()["status"] == "valid"
    finally:
        server.stop()
        redis.close()


def test_postgresql_restarted_the_pool_reconnects_without_a_500(shared, postgres_server) -> None:
    server = ApiProcess({**shared, "CODECHECK_LIMITS": "off"})
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:
        with client_from("127.0.0.12") as client:
            while not stop.is_set():
                statuses.append(client.post(server.url + CHECK, json={"code": "PROCVALID001"}).status_code)

    try:
        thread = threading.Thread(target=load)
        thread.start()
        wait_until(lambda: 200 in statuses, "a check answered before the restart")
        postgres_server.restart()
        restarted = len(statuses)
        # The pool reconnects: checks are answered again after the restart.
        wait_until(lambda: 200 in statuses[restarted:], "a check answered after the restart")
        stop.set()
        thread.join()
        assert statuses and set(statuses) <= {200, 503}, sorted(set(statuses))
        assert statuses[-1] == 200
        with client_from("127.0.0.12") as client:
            assert client.post(server.url + CHECK, json={"code": "PROCVALID001"}).json()["status"] == "valid"
            assert client.get(server.url + "/api/v1/ready").status_code == 200
    finally:
        stop.set()
        server.stop()


def test_one_of_two_workers_killed_the_other_keeps_answering(shared) -> None:
    server = ApiProcess({**shared, "CODECHECK_LIMITS": "off"}, workers=2)
    try:
        deadline = time.monotonic() + 20
        while len(server.workers()) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        victim = server.workers()[0]
        outcomes: list[str] = []
        with client_from("127.0.0.13") as client:
            for n in range(300):
                if n == 50:
                    os.kill(victim, signal.SIGKILL)
                try:
                    response = client.post(server.url + CHECK, json={"code": "PROCVALID001"},
                                           headers={"Connection": "close"})
                    outcomes.append(str(response.status_code))
                except httpx.TransportError:
                    outcomes.append("cut")
        # At most the request in flight on the killed worker is lost; every later one is answered.
        assert outcomes.count("200") >= 299 and set(outcomes) <= {"200", "cut"}
        assert outcomes[-200:] == ["200"] * 200
    finally:
        server.stop()


def test_sigkill_during_a_postgresql_import_leaves_all_old_or_all_new(tmp_path: Path, shared) -> None:
    url = shared["CODECHECK_DB"]
    big = {f"BULK{n:08d}": (today() - timedelta(days=n % 100), "issued") for n in range(150_000)}
    export = tmp_path / "export.csv"
    export.write_bytes(csv_of(big))
    env = {**os.environ, "PYTHONPATH": str(ROOT), **shared}

    def count() -> int:
        with psycopg.connect(url) as connection:
            return connection.execute("SELECT count(*) FROM access_codes").fetchone()[0]

    before = count()
    importer = subprocess.Popen([sys.executable, "-m", "codecheck", "import", str(export)], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once its transaction has written (a lock on access_codes is held by it).
    deadline = time.monotonic() + 60
    with psycopg.connect(url, autocommit=True) as watcher:
        while not watcher.execute(
            "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'access_codes' AND l.mode = 'ShareRowExclusiveLock' AND a.datname = current_database()"
        ).fetchone():
            assert importer.poll() is None and time.monotonic() < deadline, "the import ended before the kill"
            time.sleep(0.02)
        time.sleep(0.3)   # into the write, not a wait for it: the kill must land mid-transaction
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    deadline = time.monotonic() + 10
    while (after := count()) != before and time.monotonic() < deadline:
        time.sleep(0.1)  # the server rolls the dead session's transaction back
    assert after == before  # all old
    done = subprocess.run([sys.executable, "-m", "codecheck", "import", str(export)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert count() == before + len(big)  # all new

"""The API's processes start and stop cleanly: a worker told to stop (SIGTERM) answers the
checks in flight, then closes its pool; the metrics of two workers are summed; `python -m
server` (what `make serve` runs) starts the API's lifespan. Real processes, real signals."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import threading
import time
from pathlib import Path

import httpx

from codecheck.demo import install_demo
from codecheck.registry import open_registry
from codecheck.settings import Settings
from tests.ops.conftest import api_env
from tests.ops.support import ServerProcess, raw_get
from tests.waiting import wait_until

CHECK = "/api/v1/access-codes/check"
BODY = json.dumps({"code": "DEMOVALID001"}).encode()
IN_FLIGHT = 50


def socket_count(pid: int) -> int:
    folder = Path(f"/proc/{pid}/fd")
    count = 0
    for fd in folder.iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:
            pass  # closed meanwhile
    return count


def read_response(connection: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length, read off a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        assert chunk, "the connection was closed before an answer"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers["content-length"]):
        chunk = connection.recv(65536)
        assert chunk, "the connection was closed in the middle of an answer"
        body += chunk
    return int(lines[0].split()[1]), headers, body


def test_a_worker_stopped_with_sigterm_answers_the_checks_in_flight_and_closes_its_pool(hosting) -> None:
    api, nginx = hosting.api, hosting.nginx
    victim, other = api.wait_for_workers(2)[:2]
    # 50 checks in flight on the victim: their bodies half sent, straight to the workers' port (nginx
    # would wait for a whole body before passing it on). The other worker is paused meanwhile, so
    # the victim takes every connection.
    before = socket_count(victim)
    with api.paused(other):
        connections = []
        for n in range(IN_FLIGHT):
            connection = socket.create_connection(("127.0.0.1", api.port), timeout=30,
                                                  source_address=(f"127.0.3.{n + 1}", 0))
            connection.sendall(f"POST {CHECK} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                               f"Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY[:5])
            connections.append(connection)
        deadline = time.monotonic() + 20
        while socket_count(victim) < before + IN_FLIGHT:
            assert time.monotonic() < deadline, "the victim did not take the 50 connections"
            time.sleep(0.05)

    # Meanwhile visitors keep checking through nginx, each from its own address.
    outcomes: list[str] = []
    stop = threading.Event()

    def visitors() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            transport = httpx.HTTPTransport(local_address=f"127.0.4.{n % 250 + 1}")
            try:
                with httpx.Client(transport=transport, timeout=30) as client:
                    outcomes.append(str(client.post(nginx.url + CHECK, json={"code": "DEMOVALID001"}).status_code))
            except httpx.TransportError as error:
                outcomes.append(type(error).__name__)

    load = threading.Thread(target=visitors)
    load.start()
    try:
        wait_until(lambda: len(outcomes) >= 3, "visitors' checks answered before the stop")
        os.kill(victim, signal.SIGTERM)
        time.sleep(1.0)   # the victim has stopped taking connections; its 50 wait for their bodies
        assert os.path.exists(f"/proc/{victim}")
        answers = []
        for connection in connections:
            connection.sendall(BODY[5:])
        for connection in connections:
            with connection:
                status, headers, body = read_response(connection)
                answers.append((status, json.loads(body).get("status") or body.decode()))
        assert answers == [(200, "valid")] * IN_FLIGHT, answers
        # The victim ends, uvicorn starts a new worker in its place, and nothing was refused.
        deadline = time.monotonic() + 60
        while os.path.exists(f"/proc/{victim}") and Path(f"/proc/{victim}/status").read_text().find("zombie") < 0:
            assert time.monotonic() < deadline, "the stopped worker did not end"
            time.sleep(0.1)
        api.wait_for_workers(2, not_in=frozenset({victim}))
        replaced = len(outcomes)
        wait_until(lambda: len(outcomes) >= replaced + 5, "visitors' checks answered by the new worker")
    finally:
        stop.set()
        load.join()
    assert len(outcomes) >= 10 and set(outcomes) == {"200"}, sorted(set(outcomes))
    log = api.log()
    assert f"API stopped in process {victim}: registry closed (PostgreSQL pool), limits' store closed" in log
    assert "lifespan" not in log.lower()


def test_metrics_are_summed_over_both_workers_and_private_to_their_address(
        hosting, postgres_server, redis_server, site_dir, tmp_path) -> None:
    env = {**api_env(postgres_server, redis_server, tmp_path, site_dir),
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    registry = open_registry(Settings(db_url=env["CODECHECK_DB"], secret_file=Path(env["CODECHECK_SECRET_FILE"])))
    install_demo(registry)
    registry.close()

    def check(server: ServerProcess, code: str, source: str) -> None:
        transport = httpx.HTTPTransport(local_address=source)
        with httpx.Client(transport=transport, timeout=30) as client:
            assert client.post(server.url + CHECK, json={"code": code}).status_code == 200

    # An earlier run's counts are not carried over: the start empties the folder.
    earlier = ServerProcess(["api", "--workers", "2"], env, tmp_path / "earlier.log")
    check(earlier, "DEMOVALID001", "127.0.5.1")
    earlier.stop()
    assert list((tmp_path / "metrics").glob("counter_*.db"))

    server = ServerProcess(["api", "--workers", "2"], env, tmp_path / "api.log")
    try:
        first, second = server.wait_for_workers(2)[:2]
        # 3 unknown codes on one worker, 5 valid ones on the other: each takes every connection
        # while the other is paused.
        for paused, codes in ((second, ["DEMOUNKNOWN1"] * 3), (first, ["DEMOVALID001"] * 5)):
            with server.paused(paused):
                for n, code in enumerate(codes):
                    check(server, code, f"127.0.6.{n + 1}")
        files = {int(path.stem.rsplit("_", 1)[1]) for path in (tmp_path / "metrics").glob("counter_*.db")}
        assert {first, second} <= files
        # Whichever worker answers the scrape, the counts are both workers' together.
        for _ in range(10):
            status, headers, body = raw_get(server.url, "/api/v1/metrics", {"Connection": "close"})
            assert status == 200 and headers["content-type"].startswith("text/plain")
            text = body.decode()
            assert 'codecheck_checks_total{status="valid"} 5.0' in text
            assert 'codecheck_checks_total{status="unknown"} 3.0' in text
            assert 'codecheck_request_duration_seconds_count{endpoint="check"} 8.0' in text
        # No address, no code, no path in any label.
        labels = " ".join(re.findall(r"\{([^}]*)\}", text))
        assert "127.0." not in labels and "DEMO" not in labels and "/" not in labels
    finally:
        server.stop()
    # Through nginx the metrics are not there, in any spelling of the path; relayed by any
    # other proxy neither.
    for path in ("/api/v1/metrics", "/api/v1/metrics/", "/api/v1/%6detrics", "/api/v1/metrics?x=1",
                 "/api/v1/./metrics", "/fr/../api/v1/metrics"):
        status, _, body = raw_get(hosting.nginx.url, path)
        assert status == 404 and b"codecheck_" not in body, path
    status, _, _ = raw_get(hosting.api.url, "/api/v1/metrics", {"X-Forwarded-For": "127.0.0.1"})
    assert status == 404
    assert raw_get(hosting.api.url, "/api/v1/metrics")[0] == 200


def test_a_kept_alive_connection_to_the_workers_is_not_held_by_delayed_acks(hosting) -> None:
    """nginx keeps its connections to the workers open: each answer must leave at once (TCP_NODELAY),
    not wait for the client's delayed ACK of its first part (40 ms on Linux, every time)."""
    with socket.create_connection(("127.0.0.1", hosting.api.port), timeout=30) as connection:
        times = []
        for _ in range(30):
            started = time.perf_counter()
            connection.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status, _, _ = read_response(connection)
            times.append(time.perf_counter() - started)
            assert status == 200
    assert min(times[1:]) < 0.02, sorted(times)


def test_the_servers_log_shows_the_lifespan_and_no_warning(site_dir, tmp_path) -> None:
    """`python -m server` as `make serve` runs it (SQLite, limits in memory): the API's lifespan
    runs at start and at stop, and uvicorn warns of nothing."""
    env = {"CODECHECK_DB": str(tmp_path / "codecheck.sqlite3"), "CODECHECK_SECRET_FILE": str(tmp_path / "secret")}
    server = ServerProcess(["--site-dir", str(site_dir)], env, tmp_path / "serve.log")
    pid = server.process.pid
    assert raw_get(server.url, "/de/")[0] == 200
    assert server.stop() == -signal.SIGTERM   # uvicorn ends by the signal it was stopped with, once done
    log = server.log()
    assert f"API started in process {pid}: registry SQLite file, limits ready" in log
    assert f"API stopped in process {pid}: registry closed (SQLite file), limits' store closed" in log
    assert "lifespan" not in log.lower() and "WARNING" not in log and "ERROR" not in log


def test_the_workers_port_shows_the_metrics_to_loopback_only(hosting, postgres_server, redis_server, site_dir,
                                                              tmp_path) -> None:
    """Whoever else reaches the workers' port (here another loopback address, as a host on the
    network would) gets 404, unless CODECHECK_METRICS_CLIENTS names it."""

    def scrape(server: ServerProcess, source: str) -> tuple[int, bytes]:
        with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=30) as client:
            response = client.get(server.url + "/api/v1/metrics")
        return response.status_code, response.content

    status, body = scrape(hosting.api, "127.0.0.3")
    assert status == 404 and b"codecheck_" not in body and b'"not_found"' in body
    assert scrape(hosting.api, "127.0.0.1")[0] == 200
    env = {**api_env(postgres_server, redis_server, tmp_path, site_dir), "CODECHECK_METRICS_CLIENTS": "127.0.0.3"}
    chosen = ServerProcess(["api"], env, tmp_path / "api.log")
    try:
        assert scrape(chosen, "127.0.0.3")[0] == 200
        assert scrape(chosen, "127.0.0.1")[0] == 404
    finally:
        chosen.stop()

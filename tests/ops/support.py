"""The product's own processes as an operator starts them (`python -m server ...`), and raw HTTP."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT, free_port


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> bool:
    """Whether the API at ``url`` answers /api/v1/health within ``seconds`` (False once its
    process has ended)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


class ServerProcess:
    """``python -m server ARGS --port P`` with ``env`` added, its output in ``log``; started when
    /api/v1/health answers."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.address}"
        self.log_path = log
        with log.open("wb") as output:
            self.process = subprocess.Popen([sys.executable, "-m", "server", *args, "--port", str(self.port)],
                                            env={**os.environ, **env}, cwd=ROOT, stdout=output,
                                            stderr=subprocess.STDOUT)
        if not wait_until_healthy(self.url, self.process):
            self.stop()
            raise RuntimeError(f"python -m server {' '.join(args)} did not start:\n{self.log()}")

    def workers(self) -> list[int]:
        """The worker processes' ids, for N > 1."""
        return worker_pids(self.process.pid)

    @contextlib.contextmanager
    def paused(self, worker: int):
        """``worker`` stopped (SIGSTOP) for the block, so that the other workers take every
        connection. uvicorn's supervisor is stopped first and continued last: it pings each worker
        every half second and kills one that has not answered in 5 s, and on a loaded machine the
        block can last longer than that."""
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            os.kill(worker, signal.SIGSTOP)
            try:
                yield
            finally:
                os.kill(worker, signal.SIGCONT)
        finally:
            os.kill(self.process.pid, signal.SIGCONT)

    def wait_for_workers(self, count: int, not_in: frozenset[int] = frozenset()) -> list[int]:
        deadline = time.monotonic() + 60
        while len(workers := [pid for pid in self.workers() if pid not in not_in]) < count:
            assert time.monotonic() < deadline, f"fewer than {count} workers: {workers}"
            time.sleep(0.1)
        return workers

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def worker_pids(parent: int) -> list[int]:
    """uvicorn's worker processes under ``parent``: its children started by multiprocessing's
    spawn (not its resource tracker, also a child)."""
    workers = []
    for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                workers.append(int(pid))
        except OSError:
            pass  # ended meanwhile
    return workers


def raw_get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET with the path sent exactly as written (http.client neither resolves nor encodes it);
    the headers by lower-case name."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()

"""Real PostgreSQL, Redis and nginx servers for the tests and benchmarks: throw-away, on spare
loopback ports, in temporary folders, stopped at the end. No mocks.

PostgreSQL refuses to run as root: as root, its commands run as Debian's ``postgres`` user
(``runuser -u postgres --``) in a folder that user owns. nginx runs with the config that
``python -m server nginx-config`` writes, as Debian's unprivileged ``www-data`` when the tests run
as root (as CI does). ``make test`` installs Debian's ``postgresql``, ``redis-server``, ``nginx``
and its brotli module when missing (``make services``); a missing binary is an error here, never a
skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from tests.conftest import ROOT, free_port


def pg_binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing: run `make services` (installs Debian's postgresql)")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A throw-away PostgreSQL cluster. ``durable=False`` turns fsync off (tests only: a killed
    server process still loses nothing committed, an operating-system crash would)."""

    def __init__(self, durable: bool = False) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="codecheck-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.durable = durable
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        os.chmod(self.folder, 0o700)
        subprocess.run(_as_postgres([pg_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                                     "--no-sync", "-E", "UTF8", "--locale=C"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._databases = 0
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_of(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(_as_postgres([pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                                     "-o", options, "-w", "-t", "60", *args]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        self._databases += 1
        name = f"test_{self._databases}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url_of(name)

    def close(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # stopped already
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A throw-away Redis without persistence."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server is missing: run `make services` (installs Debian's redis-server)")
        self.binary = binary
        self.folder = Path(tempfile.mkdtemp(prefix="codecheck-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not self.ping():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def flush(self) -> None:
        import redis

        redis.Redis(port=self.port).flushall()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


NGINX = "/usr/sbin/nginx"
NGINX_USER = "www-data"   # Debian's user for web servers


def _link_or_copy(source: str, target: str) -> None:
    """The same file (its mtime, so the same Last-Modified and ETag as the Python server's),
    by a hard link where it can be; a copy readable by nginx's user otherwise."""
    if os.stat(source).st_mode & 0o004:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system
    shutil.copy2(source, target)
    os.chmod(target, 0o644)


class Nginx:
    """Debian's nginx with the generated nginx.conf, in front of ``site_dir`` and the API's
    processes at ``apis`` ("127.0.0.1:PORT"), on a spare loopback port. The prefix folder holds
    the config, a copy of the site (hard links: pytest's own folders are private to root), the
    pid file, logs and temporary files, owned by nginx's user."""

    def __init__(self, site_dir: Path, apis: list[str], options: tuple[str, ...] = ()) -> None:
        if not os.access(NGINX, os.X_OK):
            raise RuntimeError("nginx is missing: run `make services` (installs Debian's nginx and its brotli module)")
        self.folder = Path(tempfile.mkdtemp(prefix="connect-help-nginx-"))
        self.site_dir = self.folder / "site"
        shutil.copytree(site_dir, self.site_dir, copy_function=_link_or_copy)
        for folder, _, _ in os.walk(self.site_dir):
            os.chmod(folder, 0o755)
        self.port = free_port()
        scheme = "https" if "--tls-certificate" in options else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.config = self.folder / "nginx.conf"
        written = subprocess.run(
            [sys.executable, "-m", "server", "nginx-config", "--listen", f"127.0.0.1:{self.port}",
             "--site-dir", str(self.site_dir), *[arg for api in apis for arg in ("--api", api)], *options],
            cwd=ROOT, capture_output=True, text=True, check=True, timeout=60)
        self.config.write_text(written.stdout, encoding="utf-8")
        command = [NGINX, "-p", str(self.folder), "-c", str(self.config), "-g", "daemon off;"]
        as_user = {}
        if os.geteuid() == 0:
            user = pwd.getpwnam(NGINX_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        os.chmod(self.folder, 0o755)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **as_user)
        deadline = time.monotonic() + 20
        while not self._answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.poll() is not None else ""
                self.close()
                raise RuntimeError(f"nginx did not start: {error}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def worker_users(self) -> set[str]:
        """The users nginx's master and worker processes run as."""
        users = subprocess.run(["ps", "-o", "user=", "--ppid", str(self.process.pid), "-p", str(self.process.pid)],
                               capture_output=True, text=True).stdout.split()
        return set(users)

    def error_log(self) -> str:
        log = self.folder / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)   # graceful: finish the requests in flight
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

"""Benchmark of the code-check API on one uvicorn worker, over loopback only.

    .venv/bin/python bench/api.py [--seconds 5] [--requests 30000] [--connections 16]

Starts uvicorn (one worker, no access log) on a free 127.0.0.1 port over a temporary registry
of 10,000 codes, then drives it with a small keep-alive HTTP/1.1 client from 127.0.0.2 ...
127.0.0.200 (each connection binds a source address and moves on to the next one every 50
requests, so the limiter sees many clients). Scenarios, each bounded in time and count:

* health: the bare endpoint on the same stack, the ceiling;
* check of known codes, and of unknown codes, with limits off, loaded and one request at a
  time (the service times of known and unknown codes should match);
* check with limits on, ceilings raised so every request passes the limiter and is answered;
* check with the default limits: most answers are 429, which shows what refusing costs.

Also times ``Registry.check`` in process for known and unknown codes. Writes requests per second,
p50 and p99 latency and the status counts to bench/results/api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from codecheck.registry import open_registry  # noqa: E402
from codecheck.settings import Settings  # noqa: E402
from tests.codecheck.support import seed  # noqa: E402
from tests.conftest import free_port  # noqa: E402

RESULTS = REPO / "bench" / "results" / "api.json"
SOURCES = [f"127.0.0.{n}" for n in range(2, 201)]
REQUESTS_PER_ADDRESS = 50
REGISTRY_SIZE = 10_000
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length: *(\d+)", re.I)


def random_codes(count: int, rng: random.Random) -> list[str]:
    alphabet = string.ascii_uppercase + string.digits
    return ["".join(rng.choices(alphabet, k=12)) for _ in range(count)]


def make_registry(folder: Path, rng: random.Random) -> list[str]:
    """A registry of REGISTRY_SIZE valid codes; returns them."""
    settings = Settings(db_path=folder / "codecheck.sqlite3", secret_file=folder / "codecheck.secret")
    codes = random_codes(REGISTRY_SIZE, rng)
    today = settings.today_function()()
    seed(settings, {code: (today - timedelta(days=n % 100), "issued") for n, code in enumerate(codes)})
    return codes


class Server:
    """uvicorn in a subprocess, one worker, as an operator would start it."""

    def __init__(self, folder: Path, limits: dict[str, str]) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "CODECHECK_DB": str(folder / "codecheck.sqlite3"),
            "CODECHECK_SECRET_FILE": str(folder / "codecheck.secret"),
            **limits,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "codecheck.app:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", "1", "--no-access-log", "--log-level", "warning"],
            env=env,
            cwd=folder,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/health", timeout=1).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def check_request(code: str) -> bytes:
    body = json.dumps({"code": code}).encode()
    return (
        b"POST /api/v1/access-codes/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


HEALTH = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


async def drive(port: int, requests: list[bytes], connections: int, seconds: float, budget: int) -> dict:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    state = {"sent": 0, "source": 0}
    deadline = time.perf_counter() + seconds

    async def connect():
        source = SOURCES[state["source"] % len(SOURCES)]
        state["source"] += 1
        return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))

    async def client(number: int) -> None:
        reader, writer = await connect()
        on_this_address = 0
        while time.perf_counter() < deadline and state["sent"] < budget:
            request = requests[state["sent"] % len(requests)]
            state["sent"] += 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = _CONTENT_LENGTH.search(head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            latencies.append(time.perf_counter() - started)
            statuses[int(head[9:12])] += 1
            on_this_address += 1
            if on_this_address >= REQUESTS_PER_ADDRESS or b"connection: close" in head.lower():
                writer.close()
                reader, writer = await connect()
                on_this_address = 0
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 3)

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
    }


def service_times(folder: Path, known: list[str], unknown: list[str], rounds: int = 5) -> dict:
    """Microseconds per ``Registry.check`` (keyed hash, lookup, answer), best of ``rounds``
    interleaved rounds: known and unknown codes should cost the same."""
    registry = open_registry(Settings(db_path=folder / "codecheck.sqlite3", secret_file=folder / "codecheck.secret"))

    async def per_check(codes: list[str]) -> float:
        started = time.perf_counter()
        for code in codes:
            await registry.check(code)
        return (time.perf_counter() - started) / len(codes) * 1e6

    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for _ in range(rounds):
        times["known"].append(asyncio.run(per_check(known)))
        times["unknown"].append(asyncio.run(per_check(unknown)))
    registry.close()
    return {
        "known_us": round(min(times["known"]), 1),
        "unknown_us": round(min(times["unknown"]), 1),
        "codes_per_round": len(known),
        "rounds": rounds,
    }


def run(args: argparse.Namespace) -> dict:
    load_before = os.getloadavg()
    rng = random.Random(4)
    scenarios = []
    high = {"CODECHECK_LIMITS": "on", "CODECHECK_CLIENT_CHECKS": "1000000",
            "CODECHECK_CLIENT_UNKNOWN_PER_DAY": "1000000", "CODECHECK_GLOBAL_UNKNOWN_PER_MINUTE": "1000000"}
    configurations = [
        ("limits off", {"CODECHECK_LIMITS": "off"}),
        ("limits on, ceilings raised", high),
        ("limits on, defaults", {"CODECHECK_LIMITS": "on"}),
    ]
    with tempfile.TemporaryDirectory(prefix="codecheck-bench-") as work:
        folder = Path(work)
        known_codes = make_registry(folder, rng)
        unknown_codes = random_codes(5_000, rng)
        in_process = service_times(folder, known_codes[:5_000], unknown_codes)
        print(f"in process, registry.check: known {in_process['known_us']} us, unknown {in_process['unknown_us']} us")
        plans = {
            "limits off": [
                ("health", [HEALTH], args.connections),
                ("check, known codes", known_codes, args.connections),
                ("check, unknown codes", unknown_codes, args.connections),
                # One request at a time: the service time, known against unknown.
                ("check, known codes", known_codes, 1),
                ("check, unknown codes", unknown_codes, 1),
            ],
            "limits on, ceilings raised": [
                ("health", [HEALTH], args.connections),
                ("check, known and unknown codes", None, args.connections),
            ],
            "limits on, defaults": [("check, known and unknown codes", None, args.connections)],
        }
        mixed = [code for pair in zip(known_codes, unknown_codes) for code in pair]
        for configuration, limits in configurations:
            server = Server(folder, limits)
            try:
                for name, codes, connections in plans[configuration]:
                    codes = mixed if codes is None else codes
                    requests = codes if codes == [HEALTH] else [check_request(code) for code in codes[:5_000]]
                    asyncio.run(drive(server.port, requests, connections, 1.0, 2_000))  # warm up
                    result = asyncio.run(drive(server.port, requests, connections, args.seconds, args.requests))
                    scenarios.append({"scenario": name, "configuration": configuration, "connections": connections, **result})
                    print(f"{configuration:27} {name:31} {connections:>3} conn {result['requests_per_second']:>8} req/s  "
                          f"p50 {result['p50_ms']:>7} ms  p99 {result['p99_ms']:>7} ms  {result['statuses']}")
            finally:
                server.stop()
    return {
        "command": "python bench/api.py " + " ".join(sys.argv[1:]),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            # Client and server share these CPUs; other work on the machine shows here.
            "load_average_1_5_15_min_before": [round(x, 2) for x in load_before],
            "load_average_1_5_15_min_after": [round(x, 2) for x in os.getloadavg()],
        },
        "setup": {
            "server": "uvicorn, 1 worker, h11, no access log, 127.0.0.1",
            "registry": f"SQLite, {REGISTRY_SIZE} codes",
            "client": f"{args.connections} keep-alive HTTP/1.1 connections in one asyncio process, source "
                      f"addresses 127.0.0.2-127.0.0.200, next address every {REQUESTS_PER_ADDRESS} requests",
            "bounds": f"each scenario at most {args.seconds} s and {args.requests} requests, after a warm-up",
        },
        "in_process_check": in_process,
        "scenarios": scenarios,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--requests", type=int, default=30_000)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not (0 < args.seconds <= 60 and 0 < args.requests <= 200_000 and 0 < args.connections <= 256):
        parser.error("keep it bounded: --seconds <= 60, --requests <= 200000, --connections <= 256")
    results = run(args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

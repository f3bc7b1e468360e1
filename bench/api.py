"""Benchmark of the code-check API on SQLite + memory (1 worker) and PostgreSQL + Redis (1 and 2
workers), each beside the health endpoint of the same stack, over loopback only; the import of
400,000 codes on each store; the time the page's worker takes to solve a challenge in Chromium.

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

Through nginx (``--only nginx`` runs this part alone): Debian's nginx with the generated config in
front of ``python -m server api --workers 2`` on PostgreSQL + Redis (limits on, ceilings raised),
as in production. In each of ``--rounds`` interleaved rounds: health and check at full load
(closed loop), the check/health ratio, then checks and health at half of the full-load rate
(open loop: requests sent on a fixed schedule, latency counted from the scheduled time, so that a
stall is not hidden by the client waiting); the same through the workers' own port as the
baseline. Medians over the rounds go to bench/results/api_nginx.json.
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
NGINX_RESULTS = REPO / "bench" / "results" / "api_nginx.json"
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

    def __init__(self, folder: Path, limits: dict[str, str], stack: dict[str, str] | None = None,
                 workers: int = 1) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "CODECHECK_DB": str(folder / "codecheck.sqlite3"),
            "CODECHECK_SECRET_FILE": str(folder / "codecheck.secret"),
            **(stack or {}),
            **limits,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "codecheck.app:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), "--no-access-log", "--log-level", "warning",
             "--no-proxy-headers"],
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


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bytes:
    """Sends one request on a keep-alive connection and reads its whole answer; its head."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head)
    await reader.readexactly(int(length.group(1)) if length else 0)
    return head


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
            head = await exchange(reader, writer, request)
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


async def drive_at_rate(port: int, requests: list[bytes], rate: float, seconds: float, connections: int) -> dict:
    """Open loop: ``rate`` requests per second for ``seconds``, each sent at its scheduled time on
    a free connection of a pool (at most ``connections``); latency from the scheduled time."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    idle: asyncio.Queue = asyncio.Queue()
    opened = {"count": 0, "source": 0}

    async def connection():
        if idle.empty() and opened["count"] < connections:
            opened["count"] += 1
            source = SOURCES[opened["source"] % len(SOURCES)]
            opened["source"] += 1
            return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        return await idle.get()

    async def one(request: bytes, scheduled: float) -> None:
        reader, writer = await connection()
        head = await exchange(reader, writer, request)
        latencies.append(time.perf_counter() - scheduled)
        statuses[int(head[9:12])] += 1
        if b"connection: close" in head.lower():   # nginx ends a connection after keepalive_requests
            writer.close()
            opened["count"] -= 1
        else:
            idle.put_nowait((reader, writer))

    count = int(rate * seconds)
    started = time.perf_counter()
    tasks = []
    for n in range(count):
        scheduled = started + n / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(one(requests[n % len(requests)], scheduled)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not idle.empty():
        idle.get_nowait()[1].close()
    latencies.sort()
    return {
        "requests": count,
        "offered_per_second": round(rate, 1),
        "achieved_per_second": round(count / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 3),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000, 3),
        "statuses": {str(status): number for status, number in sorted(statuses.items())},
    }


def machine(load_before: tuple[float, float, float]) -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        # Client and server share these CPUs; other work on the machine shows here.
        "load_average_1_5_15_min_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_min_after": [round(x, 2) for x in os.getloadavg()],
    }


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return round(ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2, 3)


def nginx_run(args: argparse.Namespace) -> dict:
    """The production layout through nginx, against the workers' own port, in interleaved rounds."""
    from tests.ops.conftest import api_env
    from tests.ops.support import ServerProcess
    from tests.services import Nginx, Postgres, Redis

    load_before = os.getloadavg()
    rng = random.Random(5)
    postgres, redis = Postgres(durable=True), Redis()
    try:
        with tempfile.TemporaryDirectory(prefix="codecheck-bench-nginx-") as work:
            folder = Path(work)
            site = folder / "site"   # nginx serves the site; this benchmark asks /api/ only
            site.mkdir()
            for page in ("index.html", "404.html"):
                (site / page).write_text("<!doctype html><title>bench</title>\n", encoding="utf-8")
            env = {**api_env(postgres, redis, folder, site), "CODECHECK_LIMITS": "on",
                   "CODECHECK_CLIENT_CHECKS": "1000000", "CODECHECK_CLIENT_UNKNOWN_PER_DAY": "1000000",
                   "CODECHECK_GLOBAL_UNKNOWN_PER_MINUTE": "1000000"}
            settings = Settings(db_url=env["CODECHECK_DB"], secret_file=Path(env["CODECHECK_SECRET_FILE"]))
            today = settings.today_function()()
            codes = random_codes(REGISTRY_SIZE, rng)
            seed(settings, {code: (today - timedelta(days=n % 100), "issued") for n, code in enumerate(codes)})
            checks = [check_request(code) for code in codes[:5_000]]
            api = ServerProcess(["api", "--workers", "2"], env, folder / "api.log")
            nginx = Nginx(site, [api.address])
            targets = {"through nginx": nginx.port, "workers' own port": api.port}
            rounds: list[dict] = []
            try:
                for target, port in targets.items():   # warm up: pools, connections, caches
                    asyncio.run(drive(port, checks, args.connections, 1.0, 2_000))
                for number in range(args.rounds):
                    for target, port in targets.items():
                        health = asyncio.run(drive(port, [HEALTH], args.connections, args.seconds, args.requests))
                        check = asyncio.run(drive(port, checks, args.connections, args.seconds, args.requests))
                        half_check = asyncio.run(drive_at_rate(port, checks, check["requests_per_second"] / 2,
                                                               args.seconds, args.connections * 4))
                        half_health = asyncio.run(drive_at_rate(port, [HEALTH], health["requests_per_second"] / 2,
                                                                args.seconds, args.connections * 4))
                        row = {"round": number + 1, "target": target, "health_full": health, "check_full": check,
                               "check_over_health": round(check["requests_per_second"]
                                                          / health["requests_per_second"], 3),
                               "check_half_load": half_check, "health_half_load": half_health}
                        rounds.append(row)
                        print(f"round {number + 1} {target:18} health {health['requests_per_second']:>7} req/s "
                              f"check {check['requests_per_second']:>7} req/s (ratio {row['check_over_health']}), "
                              f"p99 full {check['p99_ms']} ms, half load {half_check['p99_ms']} ms "
                              f"(health {half_health['p99_ms']} ms)")
            finally:
                nginx.close()
                api.stop()
    finally:
        postgres.close()
        redis.close()

    def summary(target: str) -> dict:
        rows = [row for row in rounds if row["target"] == target]
        return {
            "health_per_second": median([row["health_full"]["requests_per_second"] for row in rows]),
            "check_per_second": median([row["check_full"]["requests_per_second"] for row in rows]),
            "check_over_health": median([row["check_over_health"] for row in rows]),
            "check_p99_ms_full_load": median([row["check_full"]["p99_ms"] for row in rows]),
            "check_p50_ms_half_load": median([row["check_half_load"]["p50_ms"] for row in rows]),
            "check_p99_ms_half_load": median([row["check_half_load"]["p99_ms"] for row in rows]),
            "health_p99_ms_half_load": median([row["health_half_load"]["p99_ms"] for row in rows]),
        }

    medians = {target: summary(target) for target in targets}
    return {
        "command": "python bench/api.py " + " ".join(sys.argv[1:]),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(load_before),
        "setup": {
            "layout": "Debian's nginx (generated config: python -m server nginx-config, upstream keep-alive) in "
                      "front of python -m server api --workers 2 on PostgreSQL 15 (fsync on, "
                      f"{REGISTRY_SIZE} codes) and Redis; limits on, ceilings raised; client, nginx, workers "
                      "and databases on the same 2 CPUs",
            "full load": f"closed loop, {args.connections} keep-alive connections, at most {args.seconds} s and "
                         f"{args.requests} requests",
            "half load": "open loop at half of that round's full-load rate, latency from the scheduled send time, "
                         f"up to {args.connections * 4} connections",
            "rounds": f"{args.rounds}, nginx and the workers' own port interleaved; medians below",
        },
        "medians": medians,
        "nginx_over_direct": {
            "check_per_second": round(medians["through nginx"]["check_per_second"]
                                      / medians["workers' own port"]["check_per_second"], 3),
            "health_per_second": round(medians["through nginx"]["health_per_second"]
                                       / medians["workers' own port"]["health_per_second"], 3),
        },
        "rounds": rounds,
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


def import_time(settings: Settings, count: int, rng: random.Random) -> float:
    """Seconds to import ``count`` codes (the operator's import, one transaction)."""
    from codecheck.operations import import_export
    from tests.codecheck.support import csv_of

    today = settings.today_function()()
    data = csv_of({code: (today - timedelta(days=n % 100), "issued")
                   for n, code in enumerate(random_codes(count, rng))})
    registry = open_registry(settings)
    try:
        started = time.perf_counter()
        report = import_export(registry, data)
        elapsed = time.perf_counter() - started
    finally:
        registry.close()
    assert report.applied and report.added == count
    return round(elapsed, 2)


def browser_solve_times(runs: int) -> list[float]:
    """Seconds for the page's own worker (overrides/.../proof-of-work.js) to solve a challenge of
    the default difficulty in Debian's Chromium, one fresh challenge per run."""
    from playwright.sync_api import sync_playwright
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from codecheck.challenge import Challenges
    from codecheck.settings import LimitSettings
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

    challenges = Challenges(os.urandom(32), LimitSettings().challenge_max_number, 300)

    async def page(request):
        return HTMLResponse("<!doctype html><title>solve</title>")

    async def challenge(request):
        return JSONResponse(challenges.new())

    app = Starlette(routes=[Route("/", page), Route("/challenge", challenge),
                            Mount("/js", StaticFiles(directory=REPO / "overrides/assets/javascripts"))])
    script = """async () => {
        const challenge = await (await fetch('/challenge')).json();
        const started = performance.now();
        const worker = new Worker('/js/proof-of-work.js', {type: 'module'});
        const number = await new Promise((resolve) => {
            worker.onmessage = (event) => resolve(event.data.number);
            worker.postMessage(challenge);
        });
        worker.terminate();
        return {seconds: (performance.now() - started) / 1000, solved: Number.isInteger(number)};
    }"""
    times = []
    with LiveServer(app) as live, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto(live.url + "/")
        for _ in range(runs):
            outcome = tab.evaluate(script)
            assert outcome["solved"]
            times.append(round(outcome["seconds"], 3))
        browser.close()
    return times


def run(args: argparse.Namespace) -> dict:
    from tests.services import Postgres, Redis

    load_before = os.getloadavg()
    rng = random.Random(4)
    scenarios = []
    off = {"CODECHECK_LIMITS": "off"}
    high = {"CODECHECK_LIMITS": "on", "CODECHECK_CLIENT_CHECKS": "1000000",
            "CODECHECK_CLIENT_UNKNOWN_PER_DAY": "1000000", "CODECHECK_GLOBAL_UNKNOWN_PER_MINUTE": "1000000"}
    postgres, redis = Postgres(durable=True), Redis()
    imports = {}
    try:
        with tempfile.TemporaryDirectory(prefix="codecheck-bench-") as work:
            folder = Path(work)
            known_codes = make_registry(folder, rng)
            pg_url = postgres.new_database()
            pg_settings = Settings(db_url=pg_url, secret_file=folder / "codecheck.secret")
            today = pg_settings.today_function()()
            seed(pg_settings, {code: (today - timedelta(days=n % 100), "issued") for n, code in enumerate(known_codes)})
            unknown_codes = random_codes(5_000, rng)
            in_process = service_times(folder, known_codes[:5_000], unknown_codes)
            print(f"in process, registry.check: known {in_process['known_us']} us, unknown {in_process['unknown_us']} us")
            stacks = [
                ("SQLite + memory", {}, 1),
                ("PostgreSQL + Redis", {"CODECHECK_DB": pg_url, "CODECHECK_LIMITS_STORAGE": redis.url}, 1),
                ("PostgreSQL + Redis", {"CODECHECK_DB": pg_url, "CODECHECK_LIMITS_STORAGE": redis.url}, 2),
            ]
            plan = [
                ("limits off", off, "health", [HEALTH]),
                ("limits off", off, "check, known codes", known_codes),
                ("limits on, ceilings raised", high, "health", [HEALTH]),
                ("limits on, ceilings raised", high, "check, known codes", known_codes),
                ("limits on, ceilings raised", high, "check, unknown codes", unknown_codes),
            ]
            for stack_name, stack, workers in stacks:
                for configuration in ("limits off", "limits on, ceilings raised"):
                    limits = off if configuration == "limits off" else high
                    redis.flush()
                    server = Server(folder, limits, stack, workers)
                    try:
                        for _, _, name, codes in [row for row in plan if row[0] == configuration]:
                            requests = codes if codes == [HEALTH] else [check_request(code) for code in codes[:5_000]]
                            asyncio.run(drive(server.port, requests, args.connections, 1.0, 2_000))  # warm up
                            result = asyncio.run(drive(server.port, requests, args.connections, args.seconds,
                                                       args.requests))
                            scenarios.append({"stack": stack_name, "workers": workers, "configuration": configuration,
                                              "scenario": name, "connections": args.connections, **result})
                            print(f"{stack_name:19} {workers}w {configuration:27} {name:21} "
                                  f"{result['requests_per_second']:>8} req/s  p50 {result['p50_ms']:>7} ms  "
                                  f"p99 {result['p99_ms']:>7} ms  {result['statuses']}")
                    finally:
                        server.stop()
            imports["SQLite"] = import_time(Settings(db_path=folder / "import.sqlite3",
                                                     secret_file=folder / "codecheck.secret"), args.import_codes, rng)
            imports["PostgreSQL"] = import_time(Settings(db_url=postgres.new_database(),
                                                         secret_file=folder / "codecheck.secret"), args.import_codes, rng)
            print(f"import of {args.import_codes} codes: {imports}")
    finally:
        postgres.close()
        redis.close()
    ratios = []
    for stack_name, _, workers in stacks:
        for configuration in ("limits off", "limits on, ceilings raised"):
            rows = {row["scenario"]: row for row in scenarios
                    if (row["stack"], row["workers"], row["configuration"]) == (stack_name, workers, configuration)}
            ratios.append({"stack": stack_name, "workers": workers, "configuration": configuration,
                           "check_known_over_health": round(rows["check, known codes"]["requests_per_second"]
                                                            / rows["health"]["requests_per_second"], 2)})
    solve = browser_solve_times(args.solve_runs)
    print(f"browser solve times (s): {solve}")
    return {
        "command": "python bench/api.py " + " ".join(sys.argv[1:]),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(load_before),
        "setup": {
            "server": "uvicorn, h11, no access log, 127.0.0.1; 1 or 2 workers",
            "registry": f"SQLite or PostgreSQL 15 (throw-away cluster, fsync on), {REGISTRY_SIZE} codes; "
                        "limits in memory or Redis (throw-away, no persistence)",
            "client": f"{args.connections} keep-alive HTTP/1.1 connections in one asyncio process, source "
                      f"addresses 127.0.0.2-127.0.0.200, next address every {REQUESTS_PER_ADDRESS} requests",
            "bounds": f"each scenario at most {args.seconds} s and {args.requests} requests, after a warm-up",
        },
        "in_process_check": in_process,
        "scenarios": scenarios,
        "ratios": ratios,
        "import_seconds": {"codes": args.import_codes, **imports},
        "browser_challenge_solve_seconds": {"runs": solve, "median": sorted(solve)[len(solve) // 2],
                                            "max_number": 50_000},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--requests", type=int, default=30_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--import-codes", type=int, default=400_000)
    parser.add_argument("--solve-runs", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the nginx part (medians)")
    parser.add_argument("--only", choices=["nginx"], help="run only the part through nginx")
    args = parser.parse_args()
    if not (0 < args.seconds <= 60 and 0 < args.requests <= 200_000 and 0 < args.connections <= 256
            and 0 < args.rounds <= 9):
        parser.error("keep it bounded: --seconds <= 60, --requests <= 200000, --connections <= 256, --rounds <= 9")
    parts = [(nginx_run, NGINX_RESULTS)] if args.only == "nginx" else [(run, RESULTS), (nginx_run, NGINX_RESULTS)]
    for part, path in parts:
        results = part(args)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"written to {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()

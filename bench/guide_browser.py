"""Measures the decision guide in the browser (Pyodide in a module worker), in Debian's Chromium
against the real server (site + API, with its Content-Security-Policy):

- time until the guide's page is ready (html[data-guide-runtime=ready]), cold (new browser
  profile, empty cache) and warm (reload with the HTTP cache), median of N, phase by phase
  from the page's own marks (overrides/assets/javascripts/guide/phases.js: navigation → idle →
  worker created → worker script running → Pyodide loaded → wheels unpacked → guide imported →
  first answer → page ready), printed as a table; in the same run and browser, the same for
  the baseline: plain Pyodide (npm's files as they are) in a module worker loading one tiny
  pure wheel (bench/baseline/), served as a CDN serves it (brotli, every file but the page
  `immutable`); and the ratios ours / baseline. Ours twice: Python from the build's memory
  snapshot (sitebuild/memory_snapshot.py; the page told its connection is fast, so that it
  fetches the snapshot on a first visit too) and the normal start (the same site, its manifest
  sent without the snapshot);
- the same first visits under Chromium's network emulation (DevTools protocol), with Lighthouse's
  "Slow 4G" (its mobile preset) and "Fast 4G" (its desktop "dense 4G") figures, and what the
  page's own choice (overrides/assets/javascripts/guide/runtime.js) makes of each;
- requests and bytes the server answered, cold and warm, ours and the baseline's;
- one step with Pyodide (click to new content) against a static page load of the same step;
- bytes the server sent, cold and warm (the server counts them: cache hits cost nothing);
- the main thread's long tasks (PerformanceObserver "longtask") while the runtime starts, on a
  guide page and, for comparison, on an article without the guide.

    nice -n 10 .venv/bin/python bench/guide_browser.py [--runs 7] [--throttled-runs 3]
                                                        → bench/results/guide_browser.json
"""
from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from server.app import create_app  # noqa: E402
import siteconfig  # noqa: E402
from sitebuild.build import build_site  # noqa: E402
from server.policy import IMMUTABLE  # noqa: E402
from sitebuild.precompress import precompress, served_size  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402

READY = "html[data-guide-runtime=ready]"
GUIDE_PAGE = "/fr/guide/"
BASELINE_PAGE = "/"
BASELINE_FILES = ROOT / "bench" / "baseline"
# npm's Pyodide files that loadPyodide fetches, as they are (the .py stdlib zip included).
PLAIN_PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
STEP_PATH = "/fr/guide/regain-access/"          # the step clicked from the first question
ARTICLE = "/fr/how-to/add-a-user/"

OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([Math.round(entry.startTime), Math.round(entry.duration)]);
}).observe({type: "longtask", buffered: true});
"""
# The phases' marks, in order (guide/phases.js); the baseline has no idle wait.
PHASES = ("idle", "worker-created", "worker-running", "snapshot-fetched", "pyodide-loaded", "wheels-unpacked", "imported",
          "first-answer", "ready")
PHASE_LABELS = {"idle": "idle (after load)", "worker-created": "worker created",
                "worker-running": "worker script running", "snapshot-fetched": "snapshot fetched",
                "pyodide-loaded": "Pyodide loaded",
                "wheels-unpacked": "wheels unpacked / in place", "imported": "guide imported",
                "first-answer": "first answer", "ready": "page ready"}
# Lighthouse 12's throttling figures (lighthouse/core/config/constants.js, Lantern's constants) as
# DevTools applies them: its "Slow 4G" (mobileSlow4G: 150 ms RTT x 3.75 as request latency,
# 1.6 Mbit/s x 0.9 down, 750 kbit/s x 0.9 up) and, for "Fast 4G", its desktop preset
# (desktopDense4G: 40 ms RTT, 10 Mbit/s), adjusted by the same factors.
THROTTLING = {
    "Slow 4G": {"latency": 150 * 3.75, "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
                "uploadThroughput": 750 * 1024 / 8 * 0.9},
    "Fast 4G": {"latency": 40 * 3.75, "downloadThroughput": 10 * 1024 * 1024 / 8 * 0.9,
                "uploadThroughput": 10 * 1024 * 1024 / 8 * 0.9},
}
# The page is told its connection is fast: it then starts from the snapshot on a first visit too.
FAST_CONNECTION = """Object.defineProperty(navigator, "connection",
  {value: {effectiveType: "4g", downlink: 10, rtt: 50, saveData: false}, configurable: true});"""
CONNECTION = """() => { const c = navigator.connection;
  return c ? {effectiveType: c.effectiveType, downlink: c.downlink, rtt: c.rtt, saveData: c.saveData} : null; }"""
READY_AT = """() => {
  const marks = {};
  for (const entry of performance.getEntriesByType("mark")) {
    if (entry.name.startsWith("guide-")) marks[entry.name.slice(6)] = Math.round(entry.startTime);
  }
  const navigation = performance.getEntriesByType("navigation")[0];
  // The heavy part of the start begins at the idle mark (the baseline starts at once).
  return {marks, ready_ms: marks.ready, start_ms: marks.idle ?? marks["worker-created"],
          python_start: document.documentElement.dataset.guideStart ?? null,
          dom_content_loaded_ms: Math.round(navigation.domContentLoadedEventEnd),
          load_ms: Math.round(navigation.loadEventEnd)};
}"""
ONE_STEP = """async () => {
  const link = document.querySelector(".guide-options a[href$='regain-access/']");
  const before = document.querySelector("article .guide");
  const started = performance.now();
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelector("article .guide") !== before) { observer.disconnect(); resolve(); }
    });
    observer.observe(document.querySelector("article"), {childList: true, subtree: true});
  });
  link.click();
  await done;
  return performance.now() - started;
}"""
PAGE_LOAD = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  return {load_ms: navigation.loadEventEnd, dom_content_loaded_ms: navigation.domContentLoadedEventEnd};
}"""


class CountingApp:
    """The server, counting the bytes of every response it sends (status line aside)."""

    def __init__(self, app):
        self.app, self.bytes, self.responses = app, 0, []

    def reset(self):
        self.bytes, self.responses = 0, []

    async def __call__(self, scope, receive, send):
        async def counting(message):
            if message["type"] == "http.response.start":
                self.responses.append((scope["path"], message["status"]))
                self.bytes += sum(len(name) + len(value) + 4 for name, value in message.get("headers", []))
            elif message["type"] == "http.response.body":
                self.bytes += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, counting)


class CdnCaching:
    """The baseline's files sent as a CDN sends a pinned Pyodide: everything but the page itself
    `immutable` for a year (its compression is the server's: the build's brotli copies)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def caching(message):
            if message["type"] == "http.response.start" and scope["path"] != "/":
                headers = [(name, value) for name, value in message.get("headers", []) if name.lower() != b"cache-control"]
                message = {**message, "headers": headers + [(b"cache-control", IMMUTABLE.encode())]}
            await send(message)

        await self.app(scope, receive, caching)


class WithoutSnapshot:
    """The site with its runtime manifest sent without the snapshot: the worker starts Python
    normally (the same site, in the same run)."""

    def __init__(self, app, site_dir: Path):
        self.app = app
        (manifest,) = (site_dir / "_runtime").glob("guide-runtime.*.json")
        self.path = "/_runtime/" + manifest.name
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["pyodide"] = {key: value for key, value in data["pyodide"].items() if not key.startswith("snapshot")}
        self.body = json.dumps(data).encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"cache-control", IMMUTABLE.encode()),
                                (b"content-length", str(len(self.body)).encode())]})
        await send({"type": "http.response.body", "body": self.body})


def median(values):
    return round(statistics.median(values), 1)


def phase_medians(runs) -> dict:
    """For every phase: the median moment (ms from navigation) and the median time since the
    moment before it in that run (the latest mark that came earlier; the first from navigation).
    Phases may come in another order than PHASES: ours places the wheels while Pyodide starts."""
    table = {}
    for phase in PHASES:
        at, spent = [], []
        for run in runs:
            marks = run["marks"]
            if phase not in marks:
                continue
            order = {name: (moment, PHASES.index(name)) for name, moment in marks.items() if name in PHASES}
            earlier = [moment for name, (moment, index) in order.items() if (moment, index) < order[phase]]
            at.append(marks[phase])
            spent.append(marks[phase] - max(earlier, default=0))
        if at:
            table[phase] = {"at_ms": median(at), "phase_ms": median(spent)}
    return table


def phase_table(tables: dict) -> str:
    """The phases side by side: {column: phase_medians(...)} → text, `at (+phase)` in ms."""
    columns = list(tables)
    lines = ["phase: ms from navigation (+ms since the moment before it)".ljust(42)
             + "".join(column.rjust(20) for column in columns)]
    for phase in PHASES:
        cells = []
        for column in columns:
            entry = tables[column].get(phase)
            cells.append((f"{entry['at_ms']:.0f} (+{entry['phase_ms']:.0f})" if entry else "—").rjust(20))
        lines.append(PHASE_LABELS[phase].ljust(42) + "".join(cells))
    return "\n".join(lines)


def while_starting(runs) -> list:
    """The long tasks from the worker's start to 1 s after it was ready, in every run."""
    return [task for run in runs for task in run["long_tasks"] if task[0] + task[1] > run["start_ms"]]


def before_starting(runs) -> list:
    return [task for run in runs for task in run["long_tasks"] if task[0] + task[1] <= run["start_ms"]]


def long_task_summary(tasks) -> dict:
    durations = [duration for _, duration in tasks]
    return {"count": len(durations), "max_ms": max(durations, default=0),
            "over_200_ms": [task for task in tasks if task[1] > 200]}


def measure_start(page, url: str, reload: bool = False) -> dict:
    if reload:
        page.reload()
    else:
        page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=180_000)
    page.wait_for_timeout(1000)                     # late long tasks, if any
    result = page.evaluate(READY_AT)
    result["long_tasks"] = page.evaluate("window.__longTasks")
    return result


def runtime_sizes(site_dir: Path) -> dict:
    # The files themselves; the server sends the build's .br (or .gz) copy where there is one.
    files = sorted(path for path in (site_dir / "_runtime").rglob("*")
                   if path.is_file() and path.suffix not in (".gz", ".br"))
    return {"bytes": sum(path.stat().st_size for path in files),
            "gzip_bytes": sum(served_size(path, "gzip") for path in files),
            "brotli_bytes": sum(served_size(path, "br") for path in files),
            "files": {path.relative_to(site_dir).as_posix(): [path.stat().st_size, served_size(path, "br")]
                      for path in files}}


def build_baseline(target: Path) -> Path:
    """Plain Pyodide (npm's files as they are), a page that starts it in a module worker at once,
    and a tiny pure wheel; with the same precompressed copies as the site."""
    shutil.copytree(BASELINE_FILES, target)
    (target / "pyodide").mkdir()
    for name in PLAIN_PYODIDE:
        shutil.copyfile(ROOT / "node_modules" / "pyodide" / name, target / "pyodide" / name)
    with zipfile.ZipFile(target / "tiny-0.1-py3-none-any.whl", "w") as wheel:
        wheel.writestr("tiny/__init__.py", "def hello():\n    return 'hello'\n")
        wheel.writestr("tiny-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: tiny\nVersion: 0.1\n")
        wheel.writestr("tiny-0.1.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        wheel.writestr("tiny-0.1.dist-info/RECORD", "")
    precompress(target)
    return target


def ratio(ours: float, baseline: float) -> float:
    return round(ours / baseline, 2) if baseline else None


def measure_visits(browser, app, url: str, runs: int) -> dict:
    """Cold visits (a new profile each) and warm ones (reloads in one profile): the runs, the bytes
    and the requests the server answered."""
    cold, cold_bytes, cold_requests = [], [], []
    for _ in range(runs):
        context, page = browser()
        app.reset()
        cold.append(measure_start(page, url))
        cold_bytes.append(app.bytes)
        cold_requests.append(len(app.responses))
        context.close()
    context, page = browser()
    measure_start(page, url)
    warm, warm_bytes, warm_requests, warm_statuses = [], [], [], {}
    for _ in range(runs):
        app.reset()
        warm.append(measure_start(page, url, reload=True))
        warm_bytes.append(app.bytes)
        warm_requests.append(len(app.responses))
        for path, status in app.responses:
            key = f"{status} {path}"
            warm_statuses[key] = warm_statuses.get(key, 0) + 1
    return {"cold": cold, "warm": warm, "context": (context, page),
            "bytes": {"cold_median": int(statistics.median(cold_bytes)), "warm_median": int(statistics.median(warm_bytes)),
                      "cold_requests_median": int(statistics.median(cold_requests)),
                      "warm_requests_median": int(statistics.median(warm_requests)),
                      "warm_requests_all_runs": warm_statuses}}


def ready_summary(visits: dict) -> dict:
    return {"cold_median": median([run["ready_ms"] for run in visits["cold"]]),
            "warm_median": median([run["ready_ms"] for run in visits["warm"]]),
            "cold_runs": [run["ready_ms"] for run in visits["cold"]],
            "warm_runs": [run["ready_ms"] for run in visits["warm"]]}


def throttled_visits(browser, url: str, conditions: dict, runs: int, fast: bool = False) -> list:
    """First visits (a new profile each) under the network `conditions` (DevTools protocol)."""
    visits = []
    for _ in range(runs):
        context, page = browser(fast=fast)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
        visits.append(measure_start(page, url))
        context.close()
    return visits


def choice_under(browser, url: str, conditions: dict | None) -> dict:
    """What navigator.connection says under these conditions (none: as the machine is), hence the
    page's choice (runtime.js: snapshotUse)."""
    context, page = browser()
    if conditions:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
    page.goto(url)
    connection = page.evaluate(CONNECTION)
    context.close()
    if connection is None:
        choice = "if-cached"
    elif connection["saveData"] or connection["effectiveType"] != "4g":
        choice = "skip"
    else:
        choice = "use" if connection["downlink"] >= 10 else "if-cached"
    return {"navigator_connection": connection, "snapshot_choice": choice}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--throttled-runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "guide_browser.json")
    args = parser.parse_args()
    languages = siteconfig.load().language_codes
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        site_dir = tmp / "site"
        build_site(site_dir=site_dir)
        app = CountingApp(create_app(site_dir, languages))
        normal_app = CountingApp(WithoutSnapshot(create_app(site_dir, languages), site_dir))
        profiles = iter(range(1000))

        def browser(fast: bool = False, **options):
            """A browser with a profile of its own: an HTTP cache on disk, as a visitor's has
            (Playwright's incognito contexts keep a small cache in memory, too small for the
            9.6 MB of WebAssembly). `fast`: the page is told its connection is fast."""
            context = playwright.chromium.launch_persistent_context(
                tmp / f"profile-{next(profiles)}", executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options)
            context.add_init_script(OBSERVE_LONG_TASKS)
            if fast:
                context.add_init_script(FAST_CONNECTION)
            return context, context.pages[0] if context.pages else context.new_page()

        fast_browser = functools.partial(browser, fast=True)
        baseline_app = CountingApp(CdnCaching(create_app(build_baseline(tmp / "baseline"), languages)))
        with LiveServer(app) as server, LiveServer(normal_app) as normal_server, \
                LiveServer(baseline_app) as baseline_server:
            base = server.url
            variants = (("snapshot", fast_browser, app, base + GUIDE_PAGE),
                        ("normal", browser, normal_app, normal_server.url + GUIDE_PAGE),
                        ("plain", browser, baseline_app, baseline_server.url + BASELINE_PAGE))
            # Ours (both starts) and the baseline take turns, so that the machine's load weighs on all alike.
            rounds = []
            for _ in range(args.runs):
                rounds.append({name: measure_visits(make, counted, url, 1) for name, make, counted, url in variants})
                for visits in rounds[-1].values():
                    visits["context"][0].close()
            runs = {name: {"cold": [r[name]["cold"][0] for r in rounds], "warm": [r[name]["warm"][0] for r in rounds]}
                    for name, *_ in variants}
            ours, normal, plain = runs["snapshot"], runs["normal"], runs["plain"]
            cold, warm = ours["cold"], ours["warm"]
            # A longer warm series in one profile each: the requests a returning visitor makes.
            ours_warm = measure_visits(fast_browser, app, base + GUIDE_PAGE, args.runs)
            normal_warm = measure_visits(browser, normal_app, normal_server.url + GUIDE_PAGE, args.runs)
            plain_warm = measure_visits(browser, baseline_app, baseline_server.url + BASELINE_PAGE, args.runs)
            plain_warm["context"][0].close()
            normal_warm["context"][0].close()
            context, page = ours_warm["context"]
            series = {"ours_warm_median": median([run["ready_ms"] for run in ours_warm["warm"]]),
                      "ours_normal_start_warm_median": median([run["ready_ms"] for run in normal_warm["warm"]]),
                      "baseline_warm_median": median([run["ready_ms"] for run in plain_warm["warm"]])}
            series["ratio_warm"] = ratio(series["ours_warm_median"], series["baseline_warm_median"])
            series["ratio_warm_normal_start"] = ratio(series["ours_normal_start_warm_median"], series["baseline_warm_median"])

            def transfer(name, series):
                return {"cold_bytes_median": int(statistics.median(r[name]["bytes"]["cold_median"] for r in rounds)),
                        "cold_requests_median": int(statistics.median(r[name]["bytes"]["cold_requests_median"] for r in rounds)),
                        "warm_bytes_median": series["bytes"]["warm_median"],
                        "warm_requests_median": series["bytes"]["warm_requests_median"],
                        "warm_requests_all_runs": series["bytes"]["warm_requests_all_runs"]}

            ours_transfer = transfer("snapshot", ours_warm)
            normal_transfer = transfer("normal", normal_warm)
            plain_transfer = transfer("plain", plain_warm)

            steps = []
            for _ in range(args.runs):
                page.goto(base + GUIDE_PAGE)
                page.wait_for_selector(READY, state="attached", timeout=180_000)
                steps.append(page.evaluate(ONE_STEP))
            context.close()

            static, static_page = browser(java_script_enabled=False)
            static_page.goto(base + STEP_PATH)
            static_loads = []
            for _ in range(args.runs):
                static_page.goto(base + STEP_PATH)
                static_loads.append(static_page.evaluate(PAGE_LOAD))
            static.close()

            article, article_page = browser()
            article_page.goto(base + ARTICLE)
            article_page.wait_for_timeout(3000)
            article_tasks = article_page.evaluate("window.__longTasks")
            article.close()

            # First visits on a throttled connection, in turn too; and what the page would choose.
            throttled = {}
            for preset, conditions in THROTTLING.items():
                visits = {"snapshot": [], "normal": [], "plain": []}
                for _ in range(args.throttled_runs):
                    visits["snapshot"] += throttled_visits(browser, base + GUIDE_PAGE, conditions, 1, fast=True)
                    visits["normal"] += throttled_visits(browser, normal_server.url + GUIDE_PAGE, conditions, 1)
                    visits["plain"] += throttled_visits(browser, baseline_server.url + BASELINE_PAGE, conditions, 1)
                throttled[preset] = {
                    "conditions": conditions,
                    "ready_cold_median_ms": {name: median([run["ready_ms"] for run in runs_]) for name, runs_ in visits.items()},
                    "ready_cold_runs_ms": {name: [run["ready_ms"] for run in runs_] for name, runs_ in visits.items()},
                    "python_start": {name: sorted({str(run["python_start"]) for run in runs_}) for name, runs_ in visits.items()},
                    "page_choice": choice_under(browser, base + ARTICLE, conditions),
                }
                medians = throttled[preset]["ready_cold_median_ms"]
                throttled[preset]["ratio_snapshot_to_normal"] = ratio(medians["snapshot"], medians["normal"])
                throttled[preset]["ratio_snapshot_to_plain"] = ratio(medians["snapshot"], medians["plain"])
                throttled[preset]["ratio_normal_to_plain"] = ratio(medians["normal"], medians["plain"])
            unthrottled_choice = choice_under(browser, base + ARTICLE, None)
        sizes = runtime_sizes(site_dir)
    tables = {"snapshot cold": phase_medians(ours["cold"]), "snapshot warm": phase_medians(ours["warm"]),
              "normal cold": phase_medians(normal["cold"]), "normal warm": phase_medians(normal["warm"]),
              "plain cold": phase_medians(plain["cold"]), "plain warm": phase_medians(plain["warm"])}
    browser_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()

    def of(runs_, visit):
        return median([run["ready_ms"] for run in runs_[visit]])

    result = {
        "command": "nice -n 10 .venv/bin/python bench/guide_browser.py --runs %d --throttled-runs %d"
                   % (args.runs, args.throttled_runs),
        "measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
                    "python": platform.python_version(), "browser": browser_version},
        "setup": "python -m server's app (CSP, the build's brotli/gzip copies) on 127.0.0.1; page " + GUIDE_PAGE
                 + "; ours from the memory snapshot (the page told its connection is fast) and ours with the normal "
                 "start (the same site, its manifest sent without the snapshot); baseline: bench/baseline/ (plain "
                 "Pyodide, npm's files, a tiny wheel) on the same server code, every file but the page sent immutable "
                 "(as a CDN sends a pinned Pyodide)",
        "runtime_ready_ms": {
            "ours": ready_summary(ours),
            "ours_normal_start": ready_summary(normal),
            "baseline_plain_pyodide": ready_summary(plain),
            "python_start_seen": {name: sorted({str(run["python_start"]) for visit in ("cold", "warm")
                                                for run in runs[name][visit]}) for name in runs},
            "ratio_cold": ratio(of(ours, "cold"), of(plain, "cold")),
            "ratio_warm": ratio(of(ours, "warm"), of(plain, "warm")),
            "ratio_cold_normal_start": ratio(of(normal, "cold"), of(plain, "cold")),
            "ratio_warm_normal_start": ratio(of(normal, "warm"), of(plain, "warm")),
            "ratio_cold_snapshot_to_normal": ratio(of(ours, "cold"), of(normal, "cold")),
            "ratio_warm_snapshot_to_normal": ratio(of(ours, "warm"), of(normal, "warm")),
            "note": "from navigation start to the page's 'ready' mark (html[data-guide-runtime=ready]: Python, "
                    "wheels, guide, its first answer, the page's own start); cold: a new profile each, ours (both "
                    "starts) and the baseline in turn; warm: a reload with the HTTP cache, in turn too; ratio = ours / "
                    "baseline, of the medians",
            "warm_series_in_one_profile": series,
        },
        "throttled_first_visits": {**throttled, "page_choice_unthrottled": unthrottled_choice,
                                   "note": "first visits (new profile) under Network.emulateNetworkConditions, medians "
                                           "of --throttled-runs, ours from the snapshot, ours normal and the baseline "
                                           "in turn; page_choice: navigator.connection under the same conditions "
                                           "and what runtime.js chooses from it"},
        "transfer": {"ours": ours_transfer, "ours_normal_start": normal_transfer, "baseline_plain_pyodide": plain_transfer,
                     "ratio_cold_bytes": ratio(ours_transfer["cold_bytes_median"], plain_transfer["cold_bytes_median"]),
                     "ratio_cold_bytes_normal_start": ratio(normal_transfer["cold_bytes_median"],
                                                            plain_transfer["cold_bytes_median"])},
        "phases_ms_median": {"ours_cold": tables["snapshot cold"], "ours_warm": tables["snapshot warm"],
                             "ours_normal_start_cold": tables["normal cold"],
                             "ours_normal_start_warm": tables["normal warm"],
                             "baseline_cold": tables["plain cold"], "baseline_warm": tables["plain warm"],
                             "note": "at_ms: the phase's mark from navigation start; phase_ms: since the mark "
                                     "before it (guide/phases.js); medians over the runs"},
        "page_usable_ms_median": {"cold_dom_content_loaded": median([run["dom_content_loaded_ms"] for run in cold]),
                                  "warm_dom_content_loaded": median([run["dom_content_loaded_ms"] for run in warm])},
        "one_step_ms": {"with_pyodide_median": median(steps), "with_pyodide_runs": [round(s, 1) for s in steps],
                        "static_page_load_median": median([load["load_ms"] for load in static_loads]),
                        "static_page_load_runs": [round(load["load_ms"], 1) for load in static_loads],
                        "step": STEP_PATH},
        "runtime_files": {"bytes": sizes["bytes"], "gzip_bytes": sizes["gzip_bytes"],
                          "brotli_bytes": sizes["brotli_bytes"], "files_bytes_and_brotli": sizes["files"]},
        "main_thread_long_tasks": {
            "while_the_runtime_starts_cold": long_task_summary(while_starting(cold)),
            "while_the_runtime_starts_warm": long_task_summary(while_starting(warm)),
            "page_load_before_the_runtime_starts_cold": long_task_summary(before_starting(cold)),
            "page_load_before_the_runtime_starts_warm": long_task_summary(before_starting(warm)),
            "article_without_guide_cold": long_task_summary(article_tasks),
            "note": "[start_ms, duration_ms] of main-thread tasks over 50 ms, all runs together; the runtime "
                    "(start_ms: the worker, WebAssembly, Python) starts after the page's load event, once the browser "
                    "is idle, and is watched until 1 s after the page is ready",
        },
        "runtime_start_ms_median": {"cold": median([run["start_ms"] for run in cold]),
                                    "warm": median([run["start_ms"] for run in warm])},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in result.items() if key not in ("runtime_files", "phases_ms_median")},
                     indent=2))
    print(phase_table(tables))
    ready = result["runtime_ready_ms"]
    print(f"ready cold {ready['ours']['cold_median']:.0f} ms (normal start {ready['ours_normal_start']['cold_median']:.0f})"
          f" vs plain {ready['baseline_plain_pyodide']['cold_median']:.0f} ms: {ready['ratio_cold']}x"
          f" ({ready['ratio_cold_normal_start']}x); warm {ready['ours']['warm_median']:.0f}"
          f" ({ready['ours_normal_start']['warm_median']:.0f}) vs {ready['baseline_plain_pyodide']['warm_median']:.0f}:"
          f" {ready['ratio_warm']}x ({ready['ratio_warm_normal_start']}x) (medians of {args.runs}, in turn in one run)")
    for preset in THROTTLING:
        print(f"{preset}: first visit ready (median of {args.throttled_runs}) {throttled[preset]['ready_cold_median_ms']},"
              f" page's choice {throttled[preset]['page_choice']['snapshot_choice']}")


if __name__ == "__main__":
    main()

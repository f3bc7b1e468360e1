"""Measures the decision guide in the browser (Pyodide in a module worker), in Debian's Chromium
against the real server (site + API, with its Content-Security-Policy):

- time until the guide's page is ready (html[data-guide-runtime=ready]), cold (new browser
  profile, empty cache) and warm (reload with the HTTP cache), median of N, phase by phase
  from the page's own marks (overrides/assets/javascripts/guide/phases.js: navigation → idle →
  worker created → worker script running → Pyodide loaded → wheels unpacked → guide imported →
  first answer → page ready), printed as a table; in the same run and browser, the same for
  the baseline: plain Pyodide (npm's files as they are) in a module worker loading one tiny
  pure wheel (bench/baseline/), served as a CDN serves it (brotli, every file but the page
  `immutable`); and the ratios ours / baseline;
- requests and bytes the server answered, cold and warm, ours and the baseline's;
- one step with Pyodide (click to new content) against a static page load of the same step;
- bytes the server sent, cold and warm (the server counts them: cache hits cost nothing);
- the main thread's long tasks (PerformanceObserver "longtask") while the runtime starts, on a
  guide page and, for comparison, on an article without the guide.

    .venv/bin/python bench/guide_browser.py [--runs 7]   → bench/results/guide_browser.json
"""
from __future__ import annotations

import argparse
import datetime
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
READY_AT = """() => {
  const marks = {};
  for (const entry of performance.getEntriesByType("mark")) {
    if (entry.name.startsWith("guide-")) marks[entry.name.slice(6)] = Math.round(entry.startTime);
  }
  const navigation = performance.getEntriesByType("navigation")[0];
  // The heavy part of the start begins at the idle mark (the baseline starts at once).
  return {marks, ready_ms: marks.ready, start_ms: marks.idle ?? marks["worker-created"],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "guide_browser.json")
    args = parser.parse_args()
    languages = siteconfig.load().language_codes
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        site_dir = tmp / "site"
        build_site(site_dir=site_dir)
        app = CountingApp(create_app(site_dir, languages))
        profiles = iter(range(1000))

        def browser(**options):
            """A browser with a profile of its own: an HTTP cache on disk, as a visitor's has
            (Playwright's incognito contexts keep a small cache in memory, too small for the
            9.6 MB of WebAssembly)."""
            context = playwright.chromium.launch_persistent_context(
                tmp / f"profile-{next(profiles)}", executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options)
            context.add_init_script(OBSERVE_LONG_TASKS)
            return context, context.pages[0] if context.pages else context.new_page()

        baseline_app = CountingApp(CdnCaching(create_app(build_baseline(tmp / "baseline"), languages)))
        with LiveServer(app) as server, LiveServer(baseline_app) as baseline_server:
            base = server.url
            # Ours and the baseline take turns, so that the machine's load weighs on both alike.
            rounds = []
            for _ in range(args.runs):
                rounds.append((measure_visits(browser, app, base + GUIDE_PAGE, 1),
                               measure_visits(browser, baseline_app, baseline_server.url + BASELINE_PAGE, 1)))
                for visits in rounds[-1]:
                    visits["context"][0].close()
            ours = {"cold": [r[0]["cold"][0] for r in rounds], "warm": [r[0]["warm"][0] for r in rounds]}
            plain = {"cold": [r[1]["cold"][0] for r in rounds], "warm": [r[1]["warm"][0] for r in rounds]}
            cold, warm = ours["cold"], ours["warm"]
            # A longer warm series in one profile each: the requests a returning visitor makes.
            ours_warm = measure_visits(browser, app, base + GUIDE_PAGE, args.runs)
            plain_warm = measure_visits(browser, baseline_app, baseline_server.url + BASELINE_PAGE, args.runs)
            plain_warm["context"][0].close()
            context, page = ours_warm["context"]
            series = {"ours_warm_median": median([run["ready_ms"] for run in ours_warm["warm"]]),
                      "baseline_warm_median": median([run["ready_ms"] for run in plain_warm["warm"]])}
            series["ratio_warm"] = ratio(series["ours_warm_median"], series["baseline_warm_median"])

            def transfer(visits_rounds, index, series):
                return {"cold_bytes_median": int(statistics.median(r[index]["bytes"]["cold_median"] for r in visits_rounds)),
                        "cold_requests_median": int(statistics.median(r[index]["bytes"]["cold_requests_median"] for r in visits_rounds)),
                        "warm_bytes_median": series["bytes"]["warm_median"],
                        "warm_requests_median": series["bytes"]["warm_requests_median"],
                        "warm_requests_all_runs": series["bytes"]["warm_requests_all_runs"]}

            ours_transfer = transfer(rounds, 0, ours_warm)
            plain_transfer = transfer(rounds, 1, plain_warm)

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
        sizes = runtime_sizes(site_dir)
    tables = {"ours cold": phase_medians(ours["cold"]), "ours warm": phase_medians(ours["warm"]),
              "plain cold": phase_medians(plain["cold"]), "plain warm": phase_medians(plain["warm"])}
    browser_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()

    result = {
        "command": ".venv/bin/python bench/guide_browser.py --runs %d" % args.runs,
        "measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
                    "python": platform.python_version(), "browser": browser_version},
        "setup": "python -m server's app (CSP, the build's brotli/gzip copies) on 127.0.0.1; page " + GUIDE_PAGE
                 + "; baseline: bench/baseline/ (plain Pyodide, npm's files, a tiny wheel) on the same server code,"
                 " every file but the page sent immutable (as a CDN sends a pinned Pyodide)",
        "runtime_ready_ms": {
            "ours": ready_summary(ours),
            "baseline_plain_pyodide": ready_summary(plain),
            "ratio_cold": ratio(median([run["ready_ms"] for run in ours["cold"]]),
                                median([run["ready_ms"] for run in plain["cold"]])),
            "ratio_warm": ratio(median([run["ready_ms"] for run in ours["warm"]]),
                                median([run["ready_ms"] for run in plain["warm"]])),
            "note": "from navigation start to the page's 'ready' mark (html[data-guide-runtime=ready]: Python, "
                    "wheels, guide, its first answer, the page's own start); cold: a new profile each, ours and the "
                    "baseline in turn; warm: a reload with the HTTP cache, in turn too; ratio = ours / baseline, of "
                    "the medians",
            "warm_series_in_one_profile": series,
        },
        "transfer": {"ours": ours_transfer, "baseline_plain_pyodide": plain_transfer,
                     "ratio_cold_bytes": ratio(ours_transfer["cold_bytes_median"], plain_transfer["cold_bytes_median"])},
        "phases_ms_median": {"ours_cold": tables["ours cold"], "ours_warm": tables["ours warm"],
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
    print(f"ready cold {ready['ours']['cold_median']:.0f} ms vs plain {ready['baseline_plain_pyodide']['cold_median']:.0f} ms:"
          f" {ready['ratio_cold']}x; warm {ready['ours']['warm_median']:.0f} vs {ready['baseline_plain_pyodide']['warm_median']:.0f}:"
          f" {ready['ratio_warm']}x (medians of {args.runs}, in turn in one run)")


if __name__ == "__main__":
    main()

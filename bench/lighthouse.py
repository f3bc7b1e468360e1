"""Lighthouse 12 (npm, package-lock.json) with Debian's Chromium on the five page types a visitor
arrives on from a search engine, in every language: the home page, an article, the guide's start,
a guide outcome and the access-code checker; and the support staff's two pages, the desk and the
links. Two presets: desktop, and mobile (Lighthouse's default: a mid-range phone, its CPU slowed
4×, a slow 4G connection, simulated). Categories accessibility and SEO (the targets: 100 each) and
performance, with the cumulative layout shift (the targets on mobile: performance 98, layout shift
0.01; performance is best effort on desktop: the machine is shared). With each score, where the
main thread's time went: the metrics (first and largest contentful paint, total blocking time), the
largest long tasks, each script's bootup time and the main thread's work by kind, as Lighthouse's
audits name them (its simulated phone: the trace's CPU times are multiplied by 4).

Scores vary with the machine's load from run to run: `--runs 3` runs each page three times
(alternating pages, not three in a row) and keeps the run with the median performance.
`--site-dir DIR --port N` serves a site built earlier for that port (built there if DIR is missing),
so that two builds (before and after a change) can be measured in the same period.

The site is built fresh into a temporary folder with SITE_URL pointing at the port it is served
on (canonical and hreflang links are absolute), then served with the API by `python -m server`.

    .venv/bin/python bench/lighthouse.py [--only de] [--preset desktop|mobile ...] [--pages home checker]
                                         [--runs 3] [--site-dir DIR --port N]
        → bench/results/lighthouse.json (desktop), bench/results/lighthouse-mobile.json (mobile)
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import siteconfig  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "seo", "performance")
TARGETS = {"accessibility": 100, "seo": 100}
# Lighthouse's flags per preset (mobile is its default configuration); the targets beyond TARGETS.
PRESETS = {"desktop": ["--preset=desktop"], "mobile": []}
PRESET_TARGETS = {"desktop": {}, "mobile": {"performance": 98}}
MAX_LAYOUT_SHIFT = 0.01
OUTPUTS = {"desktop": "lighthouse.json", "mobile": "lighthouse-mobile.json"}
PAGES = {
    "home": "",
    "article": "how-to/add-a-user/",
    "guide-start": "guide/",
    "guide-outcome": "guide/outcomes/order-new-code/",
    "checker": "check-code/",
    "support-desk": "support/",
    "support-links": "support/links/",
}


def build(site_dir: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url}
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from sitebuild.build import build_site;"
                    " build_site(site_dir=Path(sys.argv[1]))", str(site_dir)], cwd=ROOT, env=env, check=True)


def serve(site_dir: Path, port: int, state: Path) -> subprocess.Popen:
    env = {**os.environ, "CODECHECK_DB": str(state / "codes.sqlite3"), "CODECHECK_SECRET_FILE": str(state / "secret")}
    server = subprocess.Popen([sys.executable, "-m", "server", "--site-dir", str(site_dir), "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped: {server.stderr.read().decode()}")
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


ATTEMPTS = 3   # a loaded machine makes Lighthouse lose its trace now and then (NO_NAVSTART): it says to run again


def lighthouse(url: str, report: Path, preset: str = "desktop", categories: tuple[str, ...] = CATEGORIES) -> dict:
    """Lighthouse's scores of one page (also used by tests/translations/test_notice_in_browser.py)."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    for attempt in range(1, ATTEMPTS + 1):
        run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", *PRESETS[preset], "--output=json",
                              f"--output-path={report}", f"--only-categories={','.join(categories)}",
                              f"--chrome-flags={flags}"],
                             env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300, capture_output=True, text=True)
        if run.returncode == 0:
            break
        print(f"  attempt {attempt} failed: {run.stderr.strip().splitlines()[-1:]}", flush=True)
    else:
        raise RuntimeError(f"Lighthouse failed {ATTEMPTS} times on {url}")
    data = json.loads(report.read_text(encoding="utf-8"))
    result = {"url": url, "attempts": attempt}
    for category in categories:
        score = data["categories"][category]["score"]
        result[category] = None if score is None else round(score * 100)
    # What keeps a target category below 100: the audits that count and did not pass.
    result["failed_audits"] = {
        category: [ref["id"] for ref in data["categories"][category]["auditRefs"]
                   if ref.get("weight") and data["audits"][ref["id"]].get("score") not in (None, 1)]
        for category in TARGETS if category in categories
    }
    if "cumulative-layout-shift" in data["audits"]:   # measured with the performance category only
        result["cumulative_layout_shift"] = round(data["audits"]["cumulative-layout-shift"]["numericValue"], 4)
        result.update(main_thread(data["audits"]))
    result["lighthouse"] = data.get("lighthouseVersion")
    result["browser"] = data.get("environment", {}).get("hostUserAgent")
    return result


METRICS = {"first-contentful-paint": "fcp_ms", "largest-contentful-paint": "lcp_ms", "speed-index": "speed_index_ms",
           "total-blocking-time": "tbt_ms"}
LONG_TASKS_KEPT = 3
SCRIPTS_KEPT = 5


def short_url(url: str) -> str:
    """A resource's path without the origin and language (the same file in every language)."""
    if "://" not in url:
        return url   # "Unattributable"
    path = "/" + url.split("://", 1)[1].split("/", 1)[-1]
    parts = path.split("/")
    return "/".join(parts[:1] + parts[2:]) if len(parts) > 2 and len(parts[1]) == 2 else path


def main_thread(audits: dict) -> dict:
    """Where the main thread's time went, as Lighthouse's own audits say (milliseconds, simulated phone)."""
    figures = {name: round(audits[audit]["numericValue"]) for audit, name in METRICS.items() if audit in audits}
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    figures["long_tasks"] = [{"script": short_url(task["url"]), "ms": round(task["duration"]),
                              "start_ms": round(task["startTime"])}
                             for task in sorted(tasks, key=lambda task: -task["duration"])[:LONG_TASKS_KEPT]]
    scripts = audits.get("bootup-time", {}).get("details", {}).get("items", [])
    figures["bootup_ms"] = {short_url(item["url"]): {"total": round(item["total"]), "scripting": round(item["scripting"])}
                            for item in scripts[:SCRIPTS_KEPT]}
    work = audits.get("mainthread-work-breakdown", {})
    figures["main_thread_ms"] = {item["group"]: round(item["duration"])
                                 for item in work.get("details", {}).get("items", [])}
    figures["main_thread_total_ms"] = round(work.get("numericValue", 0))
    return figures


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance (of an odd number of runs), with every run's score beside it."""
    ordered = sorted(runs, key=lambda run: (run["performance"], run["tbt_ms"]))
    chosen = dict(ordered[len(ordered) // 2])
    chosen["runs"] = [{"performance": run["performance"], "tbt_ms": run["tbt_ms"], "fcp_ms": run["fcp_ms"],
                       "lcp_ms": run["lcp_ms"]} for run in runs]
    return chosen


def summarise(scores: dict, preset: str) -> dict:
    runs = [result for by_lang in scores.values() for result in by_lang.values()]
    targets = {**TARGETS, **PRESET_TARGETS[preset]}
    summary = {category: {"min": min(run[category] for run in runs), "max": max(run[category] for run in runs)}
               for category in CATEGORIES}
    summary["cumulative_layout_shift_max"] = max(run["cumulative_layout_shift"] for run in runs)
    below = [f"{page}/{lang}: {category} {result[category]}"
             for page, by_lang in scores.items() for lang, result in by_lang.items()
             for category, target in targets.items() if result[category] < target]
    below += [f"{page}/{lang}: layout shift {result['cumulative_layout_shift']}"
              for page, by_lang in scores.items() for lang, result in by_lang.items()
              if result["cumulative_layout_shift"] > MAX_LAYOUT_SHIFT]
    summary["targets_met"] = not below
    summary["below_target"] = below
    return summary


def table(scores: dict) -> str:
    """Performance, total blocking time and layout shift per page type (rows) and language (columns)."""
    languages = list(next(iter(scores.values())))
    lines = ["page type".ljust(15) + "".join(f"{lang:>20}" for lang in languages)
             + "   (performance / TBT ms / layout shift)"]
    for page, by_lang in scores.items():
        cells = [f"{by_lang[lang]['performance']} / {by_lang[lang].get('tbt_ms', '-')} / "
                 f"{by_lang[lang]['cumulative_layout_shift']:.3f}" for lang in languages]
        lines.append(page.ljust(15) + "".join(f"{cell:>20}" for cell in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="languages (default: every language of site.toml)")
    parser.add_argument("--preset", nargs="*", choices=list(PRESETS), default=list(PRESETS),
                        help="Lighthouse presets (default: both)")
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), help="page types (default: all)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median's run is kept (odd: 1, 3, 5)")
    parser.add_argument("--site-dir", type=Path, help="serve this site (built here for --port when missing)")
    parser.add_argument("--port", type=int, help="the port the site is served on (with --site-dir)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results", help="folder for the figures")
    args = parser.parse_args()
    if args.runs < 1 or args.runs % 2 == 0:
        parser.error("--runs must be odd (a median of its runs)")
    if args.site_dir and not args.port:
        parser.error("--site-dir needs the --port it was built for")
    languages = args.only or siteconfig.load().language_codes
    pages = {page: PAGES[page] for page in (args.pages or PAGES)}
    assert LIGHTHOUSE.exists(), "Lighthouse is missing: run `make setup` (npm ci)"
    port = args.port or free_port()
    root_url = f"http://127.0.0.1:{port}/"
    runs: dict = {preset: {} for preset in args.preset}
    with tempfile.TemporaryDirectory(prefix="connect-help-lighthouse-") as scratch:
        scratch = Path(scratch)
        site_dir = args.site_dir or scratch / "site"
        if not site_dir.exists():
            build(site_dir, root_url)
        state = scratch / "codecheck"
        state.mkdir()
        server = serve(site_dir, port, state)
        try:
            for number in range(1, args.runs + 1):
                for preset in args.preset:
                    for page, path in pages.items():
                        for lang in languages:
                            url = f"{root_url}{lang}/{path}"
                            report = scratch / f"{preset}-{page}-{lang}.json"
                            result = lighthouse(url, report, preset)
                            runs[preset].setdefault(page, {}).setdefault(lang, []).append(result)
                            print(f"{preset:8} {page:14} {lang} run {number}  accessibility {result['accessibility']:>3}"
                                  f"  seo {result['seo']:>3}  performance {result['performance']:>3}"
                                  f"  TBT {result.get('tbt_ms', '-')} ms  layout shift {result['cumulative_layout_shift']}"
                                  f"  (load {os.getloadavg()[0]:.1f})", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    scores = {preset: {page: {lang: median_run(each) for lang, each in by_lang.items()} for page, by_lang in by_page.items()}
              for preset, by_page in runs.items()}
    command = "bench/lighthouse.py" + (f" --only {' '.join(args.only)}" if args.only else "") \
        + (f" --pages {' '.join(args.pages)}" if args.pages else "") + (f" --runs {args.runs}" if args.runs > 1 else "")
    for preset, by_page in scores.items():
        results = [result for by_lang in by_page.values() for result in by_lang.values()]
        output = {
            "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": command + f" --preset {preset}",
            "lighthouse": results[0]["lighthouse"], "browser": results[0]["browser"],
            "preset": preset, "categories": list(CATEGORIES), "runs_per_page": args.runs,
            "targets": {**TARGETS, **PRESET_TARGETS[preset], "cumulative_layout_shift_max": MAX_LAYOUT_SHIFT},
            "machine": {"cpus": os.cpu_count(), "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
            "summary": summarise(by_page, preset),
            "pages": {page: {lang: {key: value for key, value in result.items() if key not in ("lighthouse", "browser")}
                             for lang, result in by_lang.items()} for page, by_lang in by_page.items()},
        }
        args.results.mkdir(parents=True, exist_ok=True)
        (args.results / OUTPUTS[preset]).write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n",
                                                     encoding="utf-8")
        print(f"\n{preset}:\n{table(by_page)}")
        print(json.dumps(output["summary"], indent=2))


if __name__ == "__main__":
    main()

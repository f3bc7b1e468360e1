"""Lighthouse 12 (npm, package-lock.json) with Debian's Chromium on the five page types a visitor
arrives on from a search engine, in every language: the home page, an article, the guide's start,
a guide outcome and the access-code checker; and the support staff's two pages, the desk and the
links. Two presets: desktop, and mobile (Lighthouse's default: a mid-range phone, its CPU slowed
4×, a slow 4G connection, simulated). Categories accessibility and SEO (the targets: 100 each) and
performance, with the cumulative layout shift (the targets on mobile: performance 98, layout shift
0.01; performance is best effort on desktop: the machine is shared).

The site is built fresh into a temporary folder with SITE_URL pointing at the port it is served
on (canonical and hreflang links are absolute), then served with the API by `python -m server`.

    .venv/bin/python bench/lighthouse.py [--only de] [--preset desktop|mobile ...]
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
    result["lighthouse"] = data.get("lighthouseVersion")
    result["browser"] = data.get("environment", {}).get("hostUserAgent")
    return result


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
    """Performance and layout shift per page type (rows) and language (columns)."""
    languages = list(next(iter(scores.values())))
    lines = ["page type".ljust(15) + "".join(f"{lang:>16}" for lang in languages) + "   (performance / layout shift)"]
    for page, by_lang in scores.items():
        cells = [f"{by_lang[lang]['performance']} / {by_lang[lang]['cumulative_layout_shift']:.3f}" for lang in languages]
        lines.append(page.ljust(15) + "".join(f"{cell:>16}" for cell in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="languages (default: every language of site.toml)")
    parser.add_argument("--preset", nargs="*", choices=list(PRESETS), default=list(PRESETS),
                        help="Lighthouse presets (default: both)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results", help="folder for the figures")
    args = parser.parse_args()
    languages = args.only or siteconfig.load().language_codes
    assert LIGHTHOUSE.exists(), "Lighthouse is missing: run `make setup` (npm ci)"
    port = free_port()
    root_url = f"http://127.0.0.1:{port}/"
    scores: dict = {preset: {} for preset in args.preset}
    with tempfile.TemporaryDirectory(prefix="connect-help-lighthouse-") as scratch:
        scratch = Path(scratch)
        build(scratch / "site", root_url)
        state = scratch / "codecheck"
        state.mkdir()
        server = serve(scratch / "site", port, state)
        try:
            for preset in args.preset:
                for page, path in PAGES.items():
                    for lang in languages:
                        url = f"{root_url}{lang}/{path}"
                        report = scratch / f"{preset}-{page}-{lang}.json"
                        scores[preset].setdefault(page, {})[lang] = result = lighthouse(url, report, preset)
                        print(f"{preset:8} {page:14} {lang}  accessibility {result['accessibility']:>3}  seo {result['seo']:>3}"
                              f"  performance {result['performance']}  layout shift {result['cumulative_layout_shift']}",
                              flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    command = "bench/lighthouse.py" + (f" --only {' '.join(args.only)}" if args.only else "")
    for preset, by_page in scores.items():
        runs = [result for by_lang in by_page.values() for result in by_lang.values()]
        output = {
            "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": command + f" --preset {preset}",
            "lighthouse": runs[0]["lighthouse"], "browser": runs[0]["browser"],
            "preset": preset, "categories": list(CATEGORIES),
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

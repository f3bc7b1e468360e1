"""Measures the static site: build time (median of N full builds), pages per language, and the
bytes a visitor downloads for a typical article page (HTML, CSS, JS, pictures), and the bytes
sent to a browser that accepts gzip (the build's .gz copies, sitebuild/precompress.py).

    .venv/bin/python bench/site_build.py [--runs 3]   → bench/results/site.json
"""

import argparse
import logging
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


import siteconfig  # noqa: E402
from sitebuild.build import build_site  # noqa: E402
from sitebuild.precompress import served_size  # noqa: E402
from tests.site.htmlscan import scan  # noqa: E402

TYPICAL_ARTICLE = "how-to/add-a-user/index.html"


def page_weight(site_dir: Path, lang: str, relative: str) -> dict:
    page = site_dir / lang / relative
    scanned = scan(page)
    files = {"html": [page], "css": [], "js": [], "img": []}
    for url in scanned.fetched:
        target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
        if not target.is_file():
            continue
        kind = {".css": "css", ".js": "js", ".mjs": "js"}.get(target.suffix, "img")
        files[kind].append(target)
    weight = {}
    for kind, paths in files.items():
        raw = sum(p.stat().st_size for p in set(paths))
        gz = sum(served_size(p) for p in set(paths))
        weight[kind] = {"files": len(set(paths)), "bytes": raw, "gzip_bytes": gz}
    weight["total"] = {key: sum(w[key] for w in weight.values()) for key in ("files", "bytes", "gzip_bytes")}
    return weight


def timed_builds(runs: int, site_dir: Path, guide_steps: bool = True) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        build_site(site_dir, guide_steps=guide_steps)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "site.json")
    args = parser.parse_args()
    languages = siteconfig.load().language_codes
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        # Its links to the missing guide pages warn by design: keep them off the console.
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        without_guide = timed_builds(args.runs, Path(tmp) / "site-without-guide", guide_steps=False)
        logging.getLogger("mkdocs").setLevel(logging.NOTSET)
        timings = timed_builds(args.runs, site_dir)
        pages = {lang: len(list((site_dir / lang).rglob("*.html"))) for lang in languages}
        guide_pages = {lang: len(list((site_dir / lang / "guide").rglob("*.html"))) for lang in languages}
        weight = {lang: page_weight(site_dir, lang, TYPICAL_ARTICLE) for lang in languages}
    result = {
        "command": "make site (sitebuild.build.build_site), in-process",
        "runs_seconds": [round(t, 3) for t in timings],
        "median_seconds": round(statistics.median(timings), 3),
        "without_guide_pages_runs_seconds": [round(t, 3) for t in without_guide],
        "without_guide_pages_median_seconds": round(statistics.median(without_guide), 3),
        "html_pages_per_language": pages,
        "of_which_guide_pages": guide_pages,
        "typical_article": TYPICAL_ARTICLE,
        "typical_article_weight": weight,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

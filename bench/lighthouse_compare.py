"""Lighthouse's mobile preset on two builds of the site in the same period: a change's before and
after, page by page, run by run alternating (before, after, before, ...), so that both meet the
same load on a shared machine. Each build is a site folder built for its port (bench/lighthouse.py
--site-dir DIR --port N builds one; or `SITE_URL=http://127.0.0.1:N/ python -c "...build_site..."`).
Per page and language: the median of the runs' performance and total blocking time, and of the
main thread's total work (less sensitive to a load peak than the blocking time), with every run.

    .venv/bin/python bench/lighthouse_compare.py --before DIR:PORT --after DIR:PORT \\
        [--pages checker article] [--only it] [--runs 3] [--output bench/results/lighthouse-mobile-compare.json]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lighthouse as lh  # noqa: E402  (bench/lighthouse.py)

KEPT = ("performance", "tbt_ms", "fcp_ms", "lcp_ms", "main_thread_total_ms", "long_tasks", "bootup_ms")


def site(value: str) -> tuple[Path, int]:
    folder, _, port = value.rpartition(":")
    return Path(folder), int(port)


def medians(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs)
            for key in ("performance", "tbt_ms", "fcp_ms", "lcp_ms", "main_thread_total_ms")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=site, required=True, help="DIR:PORT of the build before the change")
    parser.add_argument("--after", type=site, required=True, help="DIR:PORT of the build after the change")
    parser.add_argument("--pages", nargs="*", choices=list(lh.PAGES), help="page types (default: all)")
    parser.add_argument("--only", nargs="*", default=["fr", "de", "it", "en"], help="languages")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=lh.ROOT / "bench" / "results" / "lighthouse-mobile-compare.json")
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    pages = args.pages or list(lh.PAGES)
    results: dict = {}
    loads = []
    with tempfile.TemporaryDirectory(prefix="connect-help-lighthouse-compare-") as scratch:
        scratch = Path(scratch)
        servers = []
        for name, (folder, port) in builds.items():
            state = scratch / f"codecheck-{name}"
            state.mkdir()
            servers.append(lh.serve(folder, port, state))
        try:
            for number in range(1, args.runs + 1):
                for page in pages:
                    for lang in args.only:
                        for name, (_, port) in builds.items():
                            url = f"http://127.0.0.1:{port}/{lang}/{lh.PAGES[page]}"
                            result = lh.lighthouse(url, scratch / "report.json", "mobile", ("performance",))
                            load = round(os.getloadavg()[0], 1)
                            loads.append(load)
                            kept = {key: result[key] for key in KEPT} | {"load_average": load}
                            results.setdefault(page, {}).setdefault(lang, {}).setdefault(name, []).append(kept)
                            print(f"{page:14} {lang} {name:6} run {number}  performance {result['performance']:>3}"
                                  f"  TBT {result['tbt_ms']:>4} ms  main thread {result['main_thread_total_ms']:>5} ms"
                                  f"  (load {load})", flush=True)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    summary = {page: {lang: {name: medians(runs) for name, runs in by_name.items()} for lang, by_name in by_lang.items()}
               for page, by_lang in results.items()}
    output = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": "bench/lighthouse_compare.py --before DIR:PORT --after DIR:PORT"
                   + (f" --pages {' '.join(args.pages)}" if args.pages else "") + f" --only {' '.join(args.only)}"
                   + f" --runs {args.runs}",
        "machine": {"cpus": os.cpu_count(), "load_average_min": min(loads), "load_average_max": max(loads),
                    "load_average_median": statistics.median(loads)},
        "medians": summary,
        "runs": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{'page type':15}{'lang':6}{'before: perf / TBT / main':>30}{'after: perf / TBT / main':>30}")
    for page, by_lang in summary.items():
        for lang, by_name in by_lang.items():
            cells = [f"{m['performance']:g} / {m['tbt_ms']:g} / {m['main_thread_total_ms']:g}"
                     for m in (by_name["before"], by_name["after"])]
            print(f"{page:15}{lang:6}{cells[0]:>30}{cells[1]:>30}")


if __name__ == "__main__":
    main()

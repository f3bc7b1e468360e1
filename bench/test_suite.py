"""Where the test suite's time goes: pytest's own wall time, and the time of the tests per folder
and per module (setup + call + teardown, summed over the tests; with several workers the sum
exceeds the wall time), and the slowest tests. A timing is never a test: this writes figures.

    .venv/bin/python bench/test_suite.py [-- PYTEST ARGS]      → bench/results/test_suite.json
    .venv/bin/python bench/test_suite.py --junit report.xml [--wall SECONDS]   (a run already made)

Without --junit it runs `pytest -n auto --dist loadgroup` (as `make test` does) with a JUnit report.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PYTEST_ARGS = ["-n", "auto", "--dist", "loadgroup", "--no-loadscope-reorder", "-q", "-p", "no:cacheprovider"]
SLOWEST = 100   # named one by one: the order of the test workers uses them (tests/schedule.py)


def read_junit(path: Path) -> list[dict]:
    """One entry per test case: its file, name, time and outcome."""
    tests = []
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = child.tag
        module = case.get("classname", "").replace(".", "/")
        tests.append({"module": module.split("/")[:3], "name": case.get("name", ""),
                      "time": float(case.get("time") or 0), "outcome": outcome})
    return tests


def summarise(tests: list[dict], wall: float | None) -> dict:
    per_folder: dict[str, list[float]] = defaultdict(list)
    per_module: dict[str, list[float]] = defaultdict(list)
    for test in tests:
        parts = test["module"]
        folder = "/".join(parts[:2]) if len(parts) >= 2 else parts[0]
        per_folder[folder].append(test["time"])
        per_module["/".join(parts) + ".py"].append(test["time"])
    outcomes = defaultdict(int)
    for test in tests:
        outcomes[test["outcome"]] += 1

    def table(groups: dict[str, list[float]]) -> dict:
        return {name: {"tests": len(times), "seconds": round(sum(times), 1)}
                for name, times in sorted(groups.items(), key=lambda item: -sum(item[1]))}

    slowest = sorted(tests, key=lambda test: -test["time"])[:SLOWEST]   # tests/schedule.py orders by them
    return {
        "wall_seconds": round(wall, 1) if wall is not None else None,
        "tests": len(tests), "outcomes": dict(outcomes),
        "summed_seconds": round(sum(test["time"] for test in tests), 1),
        "per_folder": table(per_folder),
        "per_module": table(per_module),
        "slowest": [{"test": "/".join(test["module"]) + ".py::" + test["name"], "seconds": round(test["time"], 1)}
                    for test in slowest],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--junit", type=Path, help="read this JUnit report instead of running pytest")
    parser.add_argument("--wall", type=float, help="with --junit: pytest's wall time of that run, in seconds")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "test_suite.json")
    parser.add_argument("pytest_args", nargs="*", help="pytest's arguments (after --)")
    args = parser.parse_args()
    wall = None
    if args.junit:
        report, wall = args.junit, args.wall
    else:
        report = Path(tempfile.mkdtemp(prefix="test-suite-")) / "junit.xml"
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "pytest", *(args.pytest_args or DEFAULT_PYTEST_ARGS),
                               f"--junitxml={report}"], cwd=ROOT)
        wall = time.monotonic() - start
        if done.returncode not in (0, 1):
            sys.exit(f"pytest ended with status {done.returncode}: no figures written")
    figures = summarise(read_junit(report), wall)
    figures["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    figures["pytest_args"] = args.pytest_args or DEFAULT_PYTEST_ARGS
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"{figures['tests']} tests, wall {figures['wall_seconds']} s, summed {figures['summed_seconds']} s "
          f"-> {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    for folder, row in figures["per_folder"].items():
        print(f"  {folder:24} {row['tests']:5} tests {row['seconds']:8.1f} s")


if __name__ == "__main__":
    main()

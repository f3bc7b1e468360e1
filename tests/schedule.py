"""The order in which the test workers take the tests (pytest-xdist `--dist loadgroup
--no-loadscope-reorder`, tests/conftest.py).

The workers share the suite, and the run ends when the last one does. So:
- the modules that need no built site come first: on a tree whose site is not built yet they
  run while it builds (tests/built_site.py) instead of every worker waiting for it;
- within each part, the costliest units first, the cheap ones last to even out the end. A unit is
  what one worker runs in one go: the tests of an xdist group, or a single test. (xdist's own
  reordering sorts the units by their number of tests, which put a 48 s group of one test, and
  the axe sweep's 20 s parts, at the very end.)

A unit's cost is its tests' times in the last measured run of the whole suite
(bench/results/test_suite.json, written by bench/test_suite.py): a test's own where it was among
the slowest, else its module's mean per test. A module not measured yet
counts DEFAULT_SECONDS a test. Only the order depends on it: a stale file makes a run slower,
never different.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

MEASURED = Path(__file__).resolve().parent.parent / "bench" / "results" / "test_suite.json"
DEFAULT_SECONDS = 1.0


def measured_seconds(measured: Path = MEASURED) -> tuple[dict[str, float], dict[str, float]]:
    """From the last measured run: the slowest tests' own times (by node id), and each module's
    mean time per test (by its path, tests/x/test_y.py)."""
    try:
        results = json.loads(measured.read_text(encoding="utf-8"))
        modules, slowest = results["per_module"], results["slowest"]
    except (OSError, ValueError, KeyError):
        return {}, {}
    tests = {entry["test"].split("@", 1)[0]: entry["seconds"] for entry in slowest}
    return tests, {path: entry["seconds"] / entry["tests"] for path, entry in modules.items() if entry.get("tests")}


def _unit(item) -> str:
    marker = item.get_closest_marker("xdist_group")
    return f"group:{marker.args[0] if marker.args else marker.kwargs.get('name')}" if marker else item.nodeid


def order(items: list, needs_site: set[str], measured: Path = MEASURED) -> None:
    """Sort `items` in place: no-site part first, then per part the costliest units first."""
    tests, per_module = measured_seconds(measured)
    cost: dict[str, float] = defaultdict(float)
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        cost[_unit(item)] += tests.get(item.nodeid, per_module.get(module, DEFAULT_SECONDS))
    position = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (item.module.__name__ in needs_site, -cost[_unit(item)], _unit(item),
                                 position[id(item)]))

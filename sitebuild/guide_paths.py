"""Every way through the guide, from the first question to an outcome, as a checked-in list.

`python -m sitebuild.guide_paths` (`make paths`) writes them to guide/paths.txt, so that a
change to the tree shows in review as the paths it adds or removes; `--check` fails when the
file is stale (a test runs it). Build-only: the browser walks the tree with guide.engine.
"""
from __future__ import annotations

import sys

from guide.engine import outcome_paths
from guide.tree import Flow, load_flow

from sitebuild import checked_in

PATHS_FILE = checked_in.ROOT / "guide" / "paths.txt"
HEADER = "# Every path through the guide: answers (the page's address below guide/) -> outcome.\n" \
         "# Written by `make paths` (python -m sitebuild.guide_paths); a test fails when it is stale.\n"


def paths_text(flow: Flow) -> str:
    return HEADER + "".join(f"{'/'.join(answers)} -> {outcome}\n" for answers, outcome in outcome_paths(flow))


def checked_in_paths() -> str:
    return checked_in.read(PATHS_FILE)


def main(argv: list[str]) -> int:
    return checked_in.write_or_check(PATHS_FILE, paths_text(load_flow()), argv, "paths")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

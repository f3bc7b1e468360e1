"""Every way through the guide, from the first question to an outcome, as a checked-in list.

`python -m sitebuild.guide_paths` (`make paths`) writes them to guide/paths.txt, so that a
change to the tree shows in review as the paths it adds or removes; `--check` fails when the
file is stale (a test runs it). Build-only: the browser walks the tree with guide.engine.
"""
from __future__ import annotations

import sys
from pathlib import Path

from guide.engine import outcome_paths
from guide.tree import Flow, load_flow

PATHS_FILE = Path(__file__).resolve().parent.parent / "guide" / "paths.txt"
HEADER = "# Every path through the guide: answers (the page's address below guide/) -> outcome.\n" \
         "# Written by `make paths` (python -m sitebuild.guide_paths); a test fails when it is stale.\n"


def paths_text(flow: Flow) -> str:
    return HEADER + "".join(f"{'/'.join(answers)} -> {outcome}\n" for answers, outcome in outcome_paths(flow))


def checked_in_paths() -> str:
    return PATHS_FILE.read_text(encoding="utf-8") if PATHS_FILE.is_file() else ""


def main(argv: list[str]) -> int:
    text = paths_text(load_flow())
    if "--check" in argv:
        if checked_in_paths() != text:
            print("guide/paths.txt is stale: run `make paths`", file=sys.stderr)
            return 1
        return 0
    PATHS_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - HEADER.count(chr(10))} paths to guide/paths.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

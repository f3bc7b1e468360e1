"""Files the build writes and the repository keeps (guide/paths.txt, docs/guide-conditions.md), so
that a change to the guide shows in review as lines added or removed: `make <target>` writes
one, `--check` (run by a test) fails while it is stale."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def write_or_check(path: Path, text: str, argv: list[str], make_target: str) -> int:
    """Write `text` to `path`, or with --check in `argv` say whether the file holds it (exit status)."""
    name = path.relative_to(ROOT).as_posix()
    if "--check" in argv:
        if read(path) != text:
            print(f"{name} is stale: run `make {make_target}`", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {name}")
    return 0

"""Every way through the guide, from the first question to an outcome.

`python -m guide.paths` writes them to guide/paths.txt (checked in, so that a change to the
tree shows in review as the paths it adds or removes); `--check` fails when the file is stale.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import resources

from .engine import Step, step
from .tree import Flow, Question, load_flow

HEADER = "# Every path through the guide: answers (the page's address below guide/) -> outcome.\n" \
         "# Written by `python -m guide.paths`; a test fails when it is stale.\n"


def reachable_steps(flow: Flow) -> Iterator[Step]:
    """Every step a visitor can reach, depth first, answers in the order shown."""
    pending = [step(flow, ())]
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current.node, Question):
            pending.extend(step(flow, (*current.answers, option.id)) for option in reversed(current.node.options))


def outcome_paths(flow: Flow) -> Iterator[tuple[tuple[str, ...], str]]:
    """(answers, outcome id) for every path that ends at an outcome."""
    for reached in reachable_steps(flow):
        if reached.is_outcome:
            yield reached.answers, reached.node.id


def paths_text(flow: Flow) -> str:
    return HEADER + "".join(f"{'/'.join(answers)} -> {outcome}\n" for answers, outcome in outcome_paths(flow))


def checked_in_paths() -> str:
    try:
        return resources.files(__package__).joinpath("paths.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def main(argv: list[str]) -> int:
    text = paths_text(load_flow())
    if "--check" in argv:
        if checked_in_paths() != text:
            print("guide/paths.txt is stale: run `python -m guide.paths`", file=sys.stderr)
            return 1
        return 0
    target = resources.files(__package__).joinpath("paths.txt")
    with resources.as_file(target) as path:
        path.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - HEADER.count(chr(10))} paths to guide/paths.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

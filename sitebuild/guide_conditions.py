"""The conditions the guide's outcomes state, and what each rests on, as a checked-in table.

Each outcome of guide/flow.toml declares its `conditions`: the outcome's own words, and the fact
of docs/seed-facts.yml (the fund's guide) they rest on, or "advice". `python -m
sitebuild.guide_conditions` (`make conditions`) writes docs/guide-conditions.md from them, so
that a reviewer reads in one place what the guide asks of employers and on whose word; `--check`
fails when the file is stale or a condition names a fact the list does not have (a test runs
it). Build-only.
"""
from __future__ import annotations

import sys

import yaml

from guide.engine import outcome_paths
from guide.tree import Flow, load_flow

from sitebuild import checked_in

TABLE_FILE = checked_in.ROOT / "docs" / "guide-conditions.md"
FACTS_FILE = checked_in.ROOT / "docs" / "seed-facts.yml"

HEADER = """\
# The conditions the guide states, and what each rests on

Written by `make conditions` (python -m sitebuild.guide_conditions) from the `conditions` of each
outcome in guide/flow.toml and the facts of docs/seed-facts.yml; a test fails when it is stale.
Edit guide/flow.toml, not this file.

Every condition an outcome states (who may act, which channel, which document, which deadline)
quotes the outcome's French text and rests on a fact of the fund's guide, or is our advice and
reads as advice. "Paths" counts the ways through the guide that end at the outcome
(guide/paths.txt).
"""


class UnknownFact(ValueError):
    """A condition names a fact that docs/seed-facts.yml does not have."""


def seed_facts() -> dict[int, dict]:
    return yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table_text(flow: Flow, facts: dict[int, dict]) -> str:
    paths: dict[str, int] = {}
    for _, outcome_id in outcome_paths(flow):
        paths[outcome_id] = paths.get(outcome_id, 0) + 1
    rows, stated = [], set()
    for outcome in flow.outcomes.values():
        for condition in outcome.conditions:
            if condition.advice:
                rests_on = "advice"
            elif condition.fact in facts:
                rests_on = f"fact {condition.fact}: {facts[condition.fact]['fact']}"
                stated.add(condition.fact)
            else:
                raise UnknownFact(f"guide/flow.toml, outcomes.{outcome.id}: condition {condition.says!r} "
                                  f"names fact {condition.fact}, which docs/seed-facts.yml does not have")
            rows.append(f"| {outcome.id} ({outcome.type}) | {paths.get(outcome.id, 0)} | « {_cell(condition.says)} » "
                        f"| {_cell(rests_on)} |")
    unstated = [f"- fact {number}: {facts[number]['fact']} (docs/{'{lang}'}/{facts[number]['page']}"
                f"#{facts[number]['anchor']})" for number in sorted(facts) if number not in stated]
    return "\n".join([
        HEADER,
        "| outcome | paths | condition (the outcome's words) | rests on |",
        "|---|---|---|---|",
        *rows,
        "",
        "## Facts no outcome states",
        "",
        "The articles carry them (docs/seed-facts.yml names the page and section).",
        "",
        *unstated,
        "",
    ])


def checked_in_table() -> str:
    return checked_in.read(TABLE_FILE)


def main(argv: list[str]) -> int:
    try:
        text = table_text(load_flow(), seed_facts())
    except UnknownFact as error:
        print(error, file=sys.stderr)
        return 1
    return checked_in.write_or_check(TABLE_FILE, text, argv, "conditions")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

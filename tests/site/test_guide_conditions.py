"""docs/guide-conditions.md, the table of the conditions the guide's outcomes state and the fact
each rests on, is current; a condition that names a fact docs/seed-facts.yml lacks stops it; our
advice reads as advice; and every deciding fact an outcome states (tests/guide/fact-map.toml) is
among its declared conditions."""
from importlib import resources

import pytest

from guide.tree import load_flow, parse_flow
from sitebuild import guide_conditions
from tests.guide.test_fact_map import FACTS

FLOW = load_flow()


def test_the_table_is_up_to_date():
    expected = guide_conditions.table_text(FLOW, guide_conditions.seed_facts())
    assert guide_conditions.checked_in_table() == expected, "docs/guide-conditions.md is stale: run `make conditions`"
    assert guide_conditions.main(["--check"]) == 0


def test_every_condition_of_every_outcome_has_its_row():
    table = guide_conditions.checked_in_table()
    for outcome in FLOW.outcomes.values():
        for condition in outcome.conditions:
            rests_on = "advice" if condition.advice else f"fact {condition.fact}:"
            assert f"« {' '.join(condition.says.split())} » | {rests_on}" in table, (outcome.id, condition.says)


def test_a_condition_on_a_fact_the_list_lacks_is_refused():
    source = resources.files("guide").joinpath("flow.toml").read_text(encoding="utf-8")
    broken = source.replace("fact = 20 }", "fact = 99 }", 1)
    assert broken != source
    with pytest.raises(guide_conditions.UnknownFact, match="names fact 99, which docs/seed-facts.yml does not have"):
        guide_conditions.table_text(parse_flow(broken), guide_conditions.seed_facts())


def test_advice_reads_as_advice():
    advice = [(outcome.id, condition.says) for outcome in FLOW.outcomes.values()
              for condition in outcome.conditions if condition.advice]
    assert advice, "the fiduciary letter's signatories are advice"
    for outcome_id, says in advice:
        assert "conseill" in says.casefold(), f"{outcome_id}: advice must say so (« Nous vous conseillons … »): {says!r}"


@pytest.mark.parametrize("number", sorted(FACTS))
def test_the_outcome_that_states_a_deciding_fact_declares_it(number):
    outcome = FLOW.outcomes[FACTS[number]["outcome"]]
    assert number in {condition.fact for condition in outcome.conditions}, f"{outcome.id}: fact {number} not declared"

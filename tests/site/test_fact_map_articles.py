"""The guide's map of deciding facts (tests/guide/fact-map.toml) against the project's list of
facts (docs/seed-facts.yml): each number is a fact of the list, and the outcome that states the
fact links to the article section that carries it. (The map's own checks run in tests/guide,
also inside Pyodide, where YAML cannot be read.)"""
import pytest
import yaml

from guide.tree import load_flow
from tests.guide.test_fact_map import FACTS
from tests.site.test_seed_facts import FACT_MAP

SEED_FACTS = yaml.safe_load(FACT_MAP.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number", sorted(FACTS))
def test_the_fact_is_one_of_the_list_and_the_outcome_links_to_its_section(number):
    assert number in SEED_FACTS, f"fact {number} is not in docs/seed-facts.yml"
    fact = SEED_FACTS[number]
    outcome = load_flow().outcomes[FACTS[number]["outcome"]]
    links = {(link.page, link.anchor) for link in outcome.read_more}
    assert (fact["page"], fact["anchor"]) in links, f"{outcome.id}: no read_more link to {fact['page']}#{fact['anchor']}"

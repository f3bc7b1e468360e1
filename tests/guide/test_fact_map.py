"""The facts that decide what a visitor must do are each stated by a guide outcome, and answers
lead there (tests/guide/fact-map.toml): the outcome exists, every path listed reaches it, and
its text says the fact's deciding words in every language."""
import tomllib

import pytest

from guide.engine import step

from .conftest import HERE, LANGUAGES

# The facts of docs/seed-facts.yml that decide who may act, which channel or which document.
DECIDING = {2, 3, 5, 11, *range(13, 22)}


def load_fact_map() -> dict[int, dict]:
    with (HERE / "fact-map.toml").open("rb") as stream:
        return {int(number): entry for number, entry in tomllib.load(stream)["facts"].items()}


FACTS = load_fact_map()


def test_every_deciding_fact_is_mapped():
    assert DECIDING - FACTS.keys() == set()


@pytest.mark.parametrize("number", sorted(FACTS))
def test_the_entry_is_complete(number):
    entry = FACTS[number]
    assert entry.get("paths") and entry.get("visitor") and entry.get("states"), number
    assert sorted(entry["must_say"]) == sorted(LANGUAGES), f"fact {number}: must_say per language"
    assert all(entry["must_say"][lang] for lang in LANGUAGES), number


@pytest.mark.parametrize("number", sorted(FACTS))
def test_the_outcome_exists(flow, number):
    assert FACTS[number]["outcome"] in flow.outcomes, number


@pytest.mark.parametrize("number", sorted(FACTS))
def test_every_path_leads_to_the_outcome(flow, number):
    entry = FACTS[number]
    for answers in entry["paths"]:
        reached = step(flow, answers)
        assert reached.is_outcome and reached.node.id == entry["outcome"], (number, answers)


def said(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize("number", sorted(FACTS))
def test_the_outcome_says_the_fact(flow, texts, number):
    """As the visitor reads it, in the page's language (portal labels without the bold)."""
    entry = FACTS[number]
    outcome = flow.outcomes[entry["outcome"]]
    page = said(" ".join(texts.plain(text) for text in (outcome.title, *outcome.do_now, outcome.why,
                                                          outcome.what_next)))
    missing = [phrase for phrase in entry["must_say"][texts.lang] if said(phrase) not in page]
    assert not missing, f"fact {number}, {texts.lang}: {outcome.id} does not say {missing}"


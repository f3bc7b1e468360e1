"""Every fact of the seed is mapped to a page and anchor that exists in every language.

The facts and their texts live in the repository (docs/seed-facts.yml): this test reads nothing
outside it."""

from pathlib import Path

import yaml

from tests.site.htmlscan import scan

ROOT = Path(__file__).resolve().parents[2]
FACT_MAP = ROOT / "docs" / "seed-facts.yml"


def fact_map():
    return yaml.safe_load(FACT_MAP.read_text(encoding="utf-8"))


def built_page(site_dir, lang, src_uri):
    stem = src_uri.removesuffix(".md")
    return site_dir / lang / ("index.html" if stem == "index" else f"{stem}/index.html")


def test_the_map_numbers_the_facts_in_order_each_with_its_text_page_and_anchor():
    facts = fact_map()
    assert facts and sorted(facts) == list(range(1, len(facts) + 1))
    for number, entry in facts.items():
        assert set(entry) == {"page", "anchor", "fact"}, number
        assert isinstance(entry["fact"], str) and entry["fact"].strip().endswith("."), number
        assert (ROOT / "docs" / "fr" / entry["page"]).is_file(), number
    texts = [entry["fact"] for entry in facts.values()]
    assert len(set(texts)) == len(texts), "two facts with the same text"


def test_every_fact_anchor_exists_in_every_language(site_dir, languages):
    missing = []
    for number, entry in fact_map().items():
        for lang in languages:
            page = built_page(site_dir, lang, entry["page"])
            if not page.exists() or entry["anchor"] not in scan(page).ids:
                missing.append(f"fact {number}: {lang}/{entry['page']}#{entry['anchor']}")
    assert not missing, "\n".join(missing)

"""Every fact of the seed is mapped to a page and anchor that exists in every language."""

import re
from pathlib import Path

import yaml

from tests.site.htmlscan import scan

ROOT = Path(__file__).resolve().parents[2]
FACT_MAP = ROOT / "docs" / "seed-facts.yml"
SEED_FACTS = ROOT.parent / "shared" / "seed-facts.md"


def fact_map():
    return yaml.safe_load(FACT_MAP.read_text(encoding="utf-8"))


def built_page(site_dir, lang, src_uri):
    stem = src_uri.removesuffix(".md")
    return site_dir / lang / ("index.html" if stem == "index" else f"{stem}/index.html")


def test_the_map_covers_every_fact_of_the_seed():
    numbered = re.findall(r"^(\d+)\. ", SEED_FACTS.read_text(encoding="utf-8"), flags=re.M)
    assert sorted(fact_map()) == sorted(int(n) for n in numbered)


def test_every_fact_anchor_exists_in_every_language(site_dir, languages):
    missing = []
    for number, entry in fact_map().items():
        for lang in languages:
            page = built_page(site_dir, lang, entry["page"])
            if not page.exists() or entry["anchor"] not in scan(page).ids:
                missing.append(f"fact {number}: {lang}/{entry['page']}#{entry['anchor']}")
    assert not missing, "\n".join(missing)

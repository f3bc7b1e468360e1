"""Every page exists in every language, in that language, and none falls back to French."""

import json

import pytest

from tests.site.htmlscan import html_pages, scan
from tests.conftest import TRANSLATED_LANGUAGES

# Sentences that may be the same in every language: names, addresses, codes.
MIN_SENTENCE = 25


def relative_pages(site_dir, lang):
    return {path.relative_to(site_dir / lang).as_posix() for path in html_pages(site_dir, lang)}


def test_the_build_writes_every_language_and_the_root_pages(site_dir, languages):
    assert (site_dir / "index.html").is_file()
    assert (site_dir / "404.html").is_file()
    for lang in languages:
        assert (site_dir / lang / "index.html").is_file(), lang
        assert (site_dir / lang / "404.html").is_file(), lang


def test_every_page_exists_in_every_language(site_dir, languages):
    french = relative_pages(site_dir, "fr")
    assert len(french) >= 12
    for lang in languages:
        assert relative_pages(site_dir, lang) == french, lang


def test_pages_declare_their_language(site_dir, languages):
    for lang in languages:
        for path in html_pages(site_dir, lang):
            assert scan(path).lang == lang, path


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_no_page_falls_back_to_french(site_dir, site_config, lang):
    # The postal address is written in its locality's language on every page.
    same_everywhere = {"".join(site_config.fund.postal_address or ()).replace(" ", "")} - {""}
    for french_path in html_pages(site_dir, "fr"):
        relative = french_path.relative_to(site_dir / "fr")
        french = {s for s in scan(french_path).sentences if len(s) >= MIN_SENTENCE}
        translated = scan(site_dir / lang / relative).sentences
        shared = [s for s in translated
                  if s in french and s.replace(" ", "") not in same_everywhere and "@" not in s and "://" not in s]
        assert not shared, f"{lang}/{relative} has French sentences: {shared[:3]}"


def test_each_language_has_its_own_search_index(site_dir, languages):
    for lang in languages:
        index = json.loads((site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        locations = [doc["location"] for doc in index["docs"]]
        assert locations and not any(loc.startswith(("fr/", "de/", "it/", "en/")) for loc in locations)


def test_root_page_offers_every_language(site_dir, languages):
    root = scan(site_dir / "index.html")
    for lang in languages:
        assert f"{lang}/" in root.links

"""Visitors' own words, folded into each language's search index after the site generator ran.

People search with their words, not the portal's: "block a login", "colleague has quit",
"accountant". `docs/search-keywords/<lang>.yml` lists such words per page (data that content
people edit). They go into the `tags` field of that page's entry in the language's
`search/search_index.json` (mkdocs-material's index: `tags` is searched with a high boost), not
into the page: there is no hidden text on the page for a screen reader to read. The theme's
search results would show an entry's tags; our stylesheet hides them there.

Tied to mkdocs-material's index format: docs/MIGRATION.md lists it for a move to another generator.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

KEYWORDS = Path(__file__).resolve().parent.parent / "docs" / "search-keywords"
INDEX = Path("search") / "search_index.json"


def keywords(lang: str) -> dict[str, list[str]]:
    """{page source (e.g. "situations/no-active-login.md"): [words, ...]} of a language."""
    path = KEYWORDS / f"{lang}.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(
            isinstance(words, list) and all(isinstance(word, str) and word.strip() for word in words)
            for words in data.values()):
        raise ValueError(f"{path}: expected page: [words, ...]")
    return data


def page_location(src_uri: str) -> str:
    """The index's location of a page: "index.md" -> "", "how-to/x.md" -> "how-to/x/"."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def fold_into_index(site_dir: Path, lang: str) -> int:
    """Add the language's keywords to its built search index; the number of pages given words."""
    words = keywords(lang)
    if not words:
        return 0
    index_file = site_dir / INDEX
    index = json.loads(index_file.read_text(encoding="utf-8"))
    entries = {entry["location"]: entry for entry in index["docs"]}
    missing = [src for src in words if page_location(src) not in entries]
    if missing:
        raise ValueError(f"docs/search-keywords/{lang}.yml names pages the {lang} site does not have: {missing}")
    for src, page_words in words.items():
        entry = entries[page_location(src)]
        entry["tags"] = sorted({*entry.get("tags", []), *(word.strip() for word in page_words)})
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(words)

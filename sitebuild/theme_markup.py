"""The one fix to the theme's markup that no block or partial override can reach, applied to the
built pages of a language.

mkdocs-material 9.8.1 writes its drawer and search toggles in base.html, outside any block, as
`<input type="checkbox" ... autocomplete="off">`. HTML allows `autocomplete` on text-like
fields only, so the W3C checker reports both on every page; short of copying base.html (which
this project does not do), the attribute is removed from the built pages. Only these two exact
elements are touched: if a theme upgrade changes them, tests/site/test_valid_html.py says so.
"""
from __future__ import annotations

import re
from pathlib import Path

THEME_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">')


def fix_page(html: str) -> str:
    return THEME_TOGGLE.sub(r"\1>", html)


def fix_pages(site_dir: Path) -> None:
    """Every HTML page under `site_dir`, rewritten in place where the theme's toggles occur."""
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        fixed = fix_page(html)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")

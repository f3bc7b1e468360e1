"""The built site holds no URL that a browser would fetch from another origin."""

import re
from urllib.parse import urlsplit

from tests.site.htmlscan import css_urls, scan

SITE_URL = "http://127.0.0.1:8000/"


def is_same_origin(url: str) -> bool:
    if url.startswith(SITE_URL):
        return True
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc or parts.scheme == "data"


def test_html_pages_fetch_nothing_from_another_origin(site_dir):
    offending = []
    for page in site_dir.rglob("*.html"):
        offending += [f"{page.relative_to(site_dir)}: {url}" for url in scan(page).fetched if not is_same_origin(url)]
    assert not offending, "\n".join(offending[:20])


def test_stylesheets_and_pictures_fetch_nothing_from_another_origin(site_dir):
    offending = []
    for path in [*site_dir.rglob("*.css"), *site_dir.rglob("*.svg")]:
        text = path.read_text(encoding="utf-8")
        urls = css_urls(text)
        if path.suffix == ".svg":
            urls += re.findall(r'<(?:image|use|feImage)\b[^>]*?\bhref="([^"]+)"', text)
        offending += [f"{path.relative_to(site_dir)}: {url}" for url in urls if not is_same_origin(url)]
    assert not offending, "\n".join(offending[:20])


def test_no_google_fonts_or_cdn_anywhere_in_the_html(site_dir):
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "cdnjs"):
            assert host not in text, f"{page}: {host}"

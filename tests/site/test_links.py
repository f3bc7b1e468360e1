"""Every internal link and anchor of the built site resolves."""

from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from tests.site.htmlscan import scan

SITE_URL = "http://127.0.0.1:8000/"   # what the build writes into absolute links (canonical, hreflang)


def target_file(site_dir: Path, page: Path, href: str):
    """The file an internal href points to, or None for an external one."""
    url = href
    if url.startswith(SITE_URL):
        url = "/" + url[len(SITE_URL):]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    page_url = "/" + page.relative_to(site_dir).as_posix()
    path = urlsplit(urljoin(page_url, url)).path
    resolved = site_dir / unquote(path).lstrip("/")
    if path.endswith("/"):
        resolved = resolved / "index.html"
    return resolved


def test_every_internal_link_and_anchor_resolves(site_dir):
    scanned = {}
    broken = []
    for page in sorted(site_dir.rglob("*.html")):
        scanned_page = scanned.setdefault(page, scan(page))
        links = scanned_page.links + scanned_page.fetched
        for href in links:
            if href.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            address, fragment = urldefrag(href)
            target = target_file(site_dir, page, address) if address else page
            if target is None:
                continue
            if page.name in ("404.html", "503.html") and address.startswith("/"):   # served anywhere
                target = site_dir / address.lstrip("/")
                target = target / "index.html" if address.endswith("/") else target
            if not target.resolve().is_relative_to(site_dir.resolve()) or not target.exists():
                broken.append(f"{page.relative_to(site_dir)} → {href}")
                continue
            if fragment and target.suffix == ".html":
                if target not in scanned:
                    scanned[target] = scan(target)
                if unquote(fragment) not in scanned[target].ids:
                    broken.append(f"{page.relative_to(site_dir)} → {href} (no such anchor)")
    assert not broken, "\n".join(broken[:40])

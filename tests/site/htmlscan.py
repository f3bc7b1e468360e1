"""Reads built HTML pages with the standard library: ids, URLs a page links to or fetches, and
the reader-visible sentences of the article."""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

# (tag, attribute) pairs whose URL the browser fetches by itself when the page loads.
FETCHED = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("iframe", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("embed", "src"),
    ("object", "data"), ("input", "src"), ("track", "src"), ("image", "href"), ("use", "href"),
    ("image", "xlink:href"), ("use", "xlink:href"), ("feimage", "href"),
}
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                     "preconnect", "dns-prefetch", "apple-touch-icon"}
TEXT_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption", "summary"}
# Not text the reader sees: a <template>'s content is never shown as it stands (the support
# desk keeps each reply's other languages there, for its script to show on demand).
SKIPPED_TEXT = {"code", "pre", "script", "style", "svg", "template"}


@dataclass
class ScannedPage:
    lang: str = ""
    ids: set = field(default_factory=set)
    links: list = field(default_factory=list)      # href of <a>
    fetched: list = field(default_factory=list)    # URLs loaded with the page
    sentences: list = field(default_factory=list)  # reader-visible text in the article


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ScannedPage()
        self.in_article = 0
        self.skip = 0
        self.text_depth = 0
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.lang = attrs.get("lang", "")
        if "id" in attrs:
            self.page.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.page.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href") is not None:
            self.page.links.append(attrs["href"])
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            (self.page.fetched if rels & FETCHED_LINK_RELS else self.page.links).append(attrs["href"])
        for name, value in attrs.items():
            if (tag, name) in FETCHED and value:
                if name == "srcset":
                    self.page.fetched.extend(part.strip().split(" ")[0] for part in value.split(","))
                else:
                    self.page.fetched.append(value)
            if name == "style" and value and "url(" in value:
                self.page.fetched.extend(css_urls(value))
        if tag == "article":
            self.in_article += 1
        if tag in SKIPPED_TEXT:
            self.skip += 1
        if tag in TEXT_TAGS and self.in_article:
            self.text_depth += 1

    def handle_endtag(self, tag):
        if tag in TEXT_TAGS and self.in_article and self.text_depth:
            self.text_depth -= 1
            if not self.text_depth:
                self._flush()
        if tag in SKIPPED_TEXT and self.skip:
            self.skip -= 1
        if tag == "article" and self.in_article:
            self.in_article -= 1

    def handle_data(self, data):
        if self.text_depth and not self.skip:
            self.buffer.append(data)

    def _flush(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        self.page.sentences.extend(s.strip() for s in re.split(r"(?<=[.!?:;])\s+", text) if s.strip())


def scan(path: Path) -> ScannedPage:
    """The page as read now (read it, never change it: a later scan of the same file shares it)."""
    status = path.stat()
    return _scanned(path, status.st_mtime_ns, status.st_size)


# Several tests read every page of the site; each test process parses each file once.
@lru_cache(maxsize=None)
def _scanned(path: Path, mtime_ns: int, size: int) -> ScannedPage:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.page


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return [url for url in urls if not url.startswith("data:")]


def html_pages(site_dir: Path, lang: str) -> list[Path]:
    return sorted((site_dir / lang).rglob("*.html"))

"""Reading the guide's generated HTML in tests: links, headings, text."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser

VOID = {"br", "img", "input", "meta", "link", "hr"}


class PageReader(HTMLParser):
    """Collects links (href, class, text), h1 texts and the visible text; checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict] = []
        self.h1: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self._link = None
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "a":
            self._link = {"href": attrs.get("href"), "class": attrs.get("class", ""), "text": ""}
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if tag == "a":
            self._link["text"] = " ".join(self._link["text"].split())
            self.links.append(self._link)
            self._link = None
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        self.text.append(data)
        if self._link is not None:
            self._link["text"] += data
        if self._in_h1:
            self.h1[-1] += data


def read(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    assert not reader.stack, f"unclosed {reader.stack}"
    return reader


def follow(location: tuple[str, ...], href: str) -> tuple[tuple[str, ...], str]:
    """The folder a relative link leads to from a page's folder, and its anchor."""
    path, _, anchor = href.partition("#")
    joined = posixpath.normpath(posixpath.join("/".join(location) + "/", path or "."))
    return tuple(part for part in joined.split("/") if part not in ("", ".")), anchor

"""The size of every drawing a built page shows, written on its <img>, so that the browser keeps
the drawing's place before it has loaded it: nothing below moves when it arrives (Lighthouse's
layout shift). The stylesheet still scales it to the text's width (connect-help.css: max-width
100 %, height auto; the two attributes give the ratio).

Articles name the drawings in Markdown (`![what it shows](../img/user-management.svg)`), which
has no size; the drawings (sitebuild/sources/illustrations.py) carry theirs on the <svg>. Only
SVG files of the site itself are read; an <img> that has a width already is left as it is.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\ssrc="([^"#?:]+\.svg)"')
SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="(\d+)"[^>]*?\sheight="(\d+)"')


def svg_size(path: Path) -> tuple[str, str] | None:
    """The width and height on the drawing's <svg> element, in pixels, or None."""
    match = SVG_SIZE.search(path.read_text(encoding="utf-8")[:2000])
    return match.groups() if match else None


def size_images(html: str, page: Path) -> str:
    """`html` of the page at `page`, with each <img> of a local SVG given that SVG's size."""
    def sized(match: re.Match) -> str:
        tag = match.group(0)
        src = SRC.search(tag)
        if not src or " width=" in tag:
            return tag
        drawing = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), src.group(1))))
        size = svg_size(drawing) if drawing.is_file() else None
        if size is None:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'

    return IMG.sub(sized, html)


def size_pages(site_dir: Path) -> None:
    """Every HTML page under `site_dir`, rewritten in place where a drawing gets its size."""
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        sized = size_images(html, path)
        if sized != html:
            path.write_text(sized, encoding="utf-8")

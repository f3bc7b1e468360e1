"""Reads the explicit anchors (`{#id}`), titles and descriptions out of the Markdown articles.

Support staff link to these anchors; they are the same in every language, so the French source
lists them and each language supplies its own heading text.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitebuild.translations.sections import HEADING

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
_TITLE = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$")


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str


@dataclass(frozen=True)
class Article:
    src_uri: str
    title: str
    sections: tuple[Section, ...]
    description: str = ""     # front matter, as written (it may hold the fund's {{ variables }})


def _plain(text: str) -> str:
    """Heading text without Markdown emphasis, links or macros' braces."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def _front_matter(lines: list[str]) -> tuple[dict, list[str]]:
    """The front matter's values and the lines after it."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    end = next((number for number, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        return {}, lines
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    return (meta if isinstance(meta, dict) else {}), lines[end + 1:]


def read_article(path: Path, src_uri: str) -> Article:
    meta, body = _front_matter(path.read_text(encoding="utf-8").splitlines())
    title = str(meta.get("title") or "")
    sections = []
    for line in body:
        if match := HEADING.match(line):
            sections.append(Section(match.group(3), _plain(match.group(2))))
        elif not title and (match := _TITLE.match(line)):
            title = _plain(match.group(1))
    return Article(src_uri, title or src_uri, tuple(sections), str(meta.get("description") or ""))


def articles(lang: str, docs_dir: Path = DOCS_DIR) -> list[Article]:
    root = docs_dir / lang
    return [
        read_article(path, path.relative_to(root).as_posix())
        for path in sorted(root.rglob("*.md"))
    ]


def page_path(src_uri: str) -> str:
    """The directory URL (use_directory_urls) of an article, relative to its language root."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"

"""Reads the explicit anchors (`{#id}`) and titles out of the Markdown articles.

Support staff link to these anchors; they are the same in every language, so the French source
lists them and each language supplies its own heading text.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from sitebuild.translations.sections import HEADING

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
_TITLE = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$")
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str


@dataclass(frozen=True)
class Article:
    src_uri: str
    title: str
    sections: tuple[Section, ...]


def _plain(text: str) -> str:
    """Heading text without Markdown emphasis, links or macros' braces."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def read_article(path: Path, src_uri: str) -> Article:
    title = ""
    sections = []
    in_front_matter = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if number == 0 and line.strip() == "---":
            in_front_matter = True
            continue
        if in_front_matter:
            if line.strip() == "---":
                in_front_matter = False
            elif match := _FRONT_MATTER_TITLE.match(line):
                title = title or match.group(1).strip("\"'")
            continue
        if match := HEADING.match(line):
            sections.append(Section(match.group(3), _plain(match.group(2))))
        elif not title and (match := _TITLE.match(line)):
            title = _plain(match.group(1))
    return Article(src_uri, title or src_uri, tuple(sections))


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

"""The easy-read pages (docs/<lang>/easy-read/) as a reader reads them, cut into sentences, and
the figures the tests hold them to: words per sentence and a readability index per language.

A sentence is what a reader takes in at once: a heading, a list item, a box's title or a
sentence of a paragraph (split after . ! ?). The fund's details are filled in as on the built
page; an e-mail address or web address counts as one word.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import textstat

import siteconfig
from sitebuild.sources.articles import render_text

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "easy-read"

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_ADDRESS = re.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+?(?=[\s<)\]]|[.,;:]?(?:\s|$))")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def pages(lang: str = "fr") -> list[str]:
    """The slugs of the easy-read pages of a language."""
    return sorted(path.stem for path in (ROOT / "docs" / lang / FOLDER).glob("*.md"))


def source(lang: str, slug: str) -> str:
    return (ROOT / "docs" / lang / FOLDER / f"{slug}.md").read_text(encoding="utf-8")


def plain_lines(markdown: str) -> list[str]:
    """The text's lines without Markdown: no front matter, tags, pictures, link targets,
    attribute lists, emphasis or list markers; a box's title as a line of its own."""
    lines = []
    for line in _FRONT_MATTER.sub("", markdown).splitlines():
        line = line.strip()
        if match := re.match(r'^!!!\s+\S+(?:\s+\S+)*?\s+"(.*)"$', line):
            line = match.group(1)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?", "", line)      # pictures: seen, not read
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)                # links: their words
        line = re.sub(r"\s*\{[:#. ][^}]*\}", "", line)                       # {#anchor}, { .class }
        line = re.sub(r"<[^>]+>", "", line)                                  # tags, filled-in links
        line = re.sub(r"^(#+|[-*]|\d+\.)\s+", "", line)                      # headings, list markers
        line = line.replace("**", "").strip()
        if line:
            lines.append(line)
    return lines


def sentences_of(markdown: str) -> list[str]:
    return [part for line in plain_lines(markdown) for part in _SENTENCE_END.split(line) if words(part)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(_ADDRESS.sub("address", sentence))


@dataclass(frozen=True)
class Figures:
    sentences: int
    longest: int                 # words in the longest sentence
    median: float                # words per sentence, median
    index_name: str
    index: float

    def __str__(self):
        return (f"{self.sentences} sentences, longest {self.longest} words, median {self.median:g}, "
                f"{self.index_name} {self.index:.1f}")


def as_sentences_text(sentences: list[str]) -> str:
    """One text with a full stop after every sentence (a heading or list item has none), as the
    readability formulas count sentences; addresses as one word."""
    return " ".join(re.sub(r"[\s:;,]*$", "", _ADDRESS.sub("address", s)) + ("" if s[-1] in ".!?" else ".")
                    for s in sentences)


def readability(lang: str, text: str) -> tuple[str, float]:
    """The index the project holds each language to (textstat, offline for de, fr and it: their
    syllables come from pyphen's bundled dictionaries). English: long words (7 letters or more)
    per sentence, as textstat's English formulas need a dictionary download."""
    textstat.set_lang(lang)
    if lang == "de":
        return "Wiener Sachtextformel", textstat.wiener_sachtextformel(text, 1)
    if lang == "fr":
        return "Flesch (fr)", textstat.flesch_reading_ease(text)
    if lang == "it":
        return "Gulpease", textstat.gulpease_index(text)
    if lang == "en":
        return "long words per sentence", textstat.long_word_count(text) / textstat.sentence_count(text)
    raise ValueError(f"no readability index for {lang!r}")


def figures(lang: str, slug: str) -> Figures:
    config = siteconfig.load()
    text = render_text(source(lang, slug), config.fund, lang)
    found = sentences_of(text)
    lengths = [len(words(sentence)) for sentence in found]
    name, index = readability(lang, as_sentences_text(found))
    return Figures(len(found), max(lengths), statistics.median(lengths), name, index)


def long_sentences(lang: str, slug: str, limit: int) -> list[tuple[int, str]]:
    config = siteconfig.load()
    found = sentences_of(render_text(source(lang, slug), config.fund, lang))
    return [(len(words(s)), s) for s in found if len(words(s)) > limit]

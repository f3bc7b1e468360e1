"""An article as the sections a translation follows: one per explicit anchor (`{#anchor}`, the
same in every language), and the page's start (front matter, title and first paragraphs) before
the first of them. A section runs from its heading to the next heading with an anchor.

A section's French text is compared normalised: whitespace collapsed, and the fund's variables
left as written (`{{ fund_contact }}`), so that re-wrapping lines, moving sections or another
fund's details change nothing.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# A heading with an explicit anchor: `## Order a new code {#order-a-new-code}` (attr_list).
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*\{#([A-Za-z0-9_-]+)[^}]*\}\s*$")

# The key of a page's start: no anchor can be written so ([A-Za-z0-9_-] only).
PAGE_START = "#"
_FENCES = ("```", "~~~")


@dataclass(frozen=True)
class Section:
    anchor: str     # the explicit anchor, or PAGE_START
    text: str       # its Markdown, heading line first


def split(markdown: str) -> list[Section]:
    """The sections of an article, in order; the page's start always first (maybe empty)."""
    sections: list[Section] = []
    anchor, lines = PAGE_START, []
    in_front_matter = markdown.startswith("---")
    in_fence = False
    for number, line in enumerate(markdown.splitlines(keepends=True)):
        if in_front_matter:
            in_front_matter = number == 0 or line.rstrip() != "---"
        elif line.lstrip().startswith(_FENCES):
            in_fence = not in_fence
        elif not in_fence and (match := HEADING.match(line)):
            sections.append(Section(anchor, "".join(lines)))
            anchor, lines = match.group(3), []
        lines.append(line)
    sections.append(Section(anchor, "".join(lines)))
    anchors = [section.anchor for section in sections]
    twice = sorted({anchor for anchor in anchors if anchors.count(anchor) > 1})
    if twice:
        raise ValueError(f"the anchor {', '.join(twice)} is used twice on the page")
    return sections


def by_anchor(markdown: str) -> dict[str, str]:
    """Each section's normalised text by its anchor."""
    return {section.anchor: normalise(section.text) for section in split(markdown)}


def normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprint(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]

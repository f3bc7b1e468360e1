"""Where each step of the guide lives on the site, and links between pages.

A page's location is its folder below the site root of one language (use_directory_urls):
    guide/                               the first question
    guide/<answer>/<answer>/             the step reached by these answers (question or outcome)
    guide/outcomes/<outcome-id>/         an outcome on its own, the address support staff send
    guide/unknown-step/                  "this step does not exist"
No first answer may be called like the two reserved folders.
"""
from __future__ import annotations

from collections.abc import Sequence

Location = tuple[str, ...]

GUIDE = "guide"
OUTCOMES = "outcomes"
UNKNOWN_STEP = "unknown-step"
RESERVED = frozenset({OUTCOMES, UNKNOWN_STEP})


def step_location(answers: Sequence[str]) -> Location:
    return (GUIDE, *answers)


def outcome_location(outcome_id: str) -> Location:
    return (GUIDE, OUTCOMES, outcome_id)


def unknown_step_location() -> Location:
    return (GUIDE, UNKNOWN_STEP)


def article_location(page: str) -> Location:
    """The folder of an article, from its path in docs/<lang>/ (e.g. how-to/add-a-user.md)."""
    parts = page.removesuffix(".md").split("/")
    return tuple(parts[:-1]) if parts[-1] == "index" else tuple(parts)


def src_uri(location: Location) -> str:
    """The Markdown file MkDocs builds into that folder."""
    return "/".join((*location, "index.md"))


def answers_from_path(path: str) -> tuple[str, ...]:
    """The answers in an address below guide/ ("a/b/" -> ("a", "b"))."""
    return tuple(part for part in path.split("/") if part)


def in_language(here: Location, lang: str, anchor: str | None = None) -> str:
    """A relative link from a page to the same page in another language (the same slugs in every
    language, each language in its own folder below the site root)."""
    link = "../" * (len(here) + 1) + lang + "/" + "".join(part + "/" for part in here)
    return f"{link}#{anchor}" if anchor else link


def href(here: Location, there: Location, anchor: str | None = None) -> str:
    """A relative link from one page's folder to another's."""
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    link = "../" * (len(here) - common) + "".join(part + "/" for part in there[common:])
    link = link or "./"
    return f"{link}#{anchor}" if anchor else link

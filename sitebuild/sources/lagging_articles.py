"""A translated article as visitors see it while its translation lags the French
(sitebuild/translations/status.py): a stale section carries a notice right after its heading; a
section the French has and the translation lacks shows in French (`lang="fr"`), with the notice,
where the French has it. Current sections are left exactly as written.

The notice is the guide's (guide/templates/pages/_translation_notice.html.j2), written into the
Markdown as a raw HTML paragraph: Markdown passes it through, so any site generator shows it.
Both texts come in rendered (the fund's details filled in, each in its own language).
"""
from __future__ import annotations

from collections.abc import Mapping

from guide import urls
from guide.render import render
from guide.translation import SECTION, Lag, notice
from sitebuild.translations.sections import PAGE_START, Section, split
from sitebuild.translations.status import MISSING, STALE, Entry

NOTICE_TEMPLATE = "pages/_translation_notice.html.j2"
_TITLE = "# "


def _notice_html(entry: Entry, lang: str, page: str, inside_french: bool = False) -> str:
    anchor = None if entry.section == PAGE_START else entry.section
    shown = notice(SECTION, Lag(entry.status, entry.since), lang, urls.article_location(page), anchor, inside_french)
    return render(NOTICE_TEMPLATE, lang, notice=shown).strip()


def _front_matter_end(lines: list[str]) -> int:
    """The index of the first line after the front matter (0 where there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    return next((number + 1 for number in range(1, len(lines)) if lines[number].rstrip() == "---"), 0)


def _after_heading(section: Section, block: str) -> tuple[str, str]:
    """A section's text cut after its heading, with `block` at the cut: after the first line, or
    for a page's start after its title (after its front matter where it has no title)."""
    lines = section.text.splitlines(keepends=True)
    if section.anchor != PAGE_START:
        cut = 1
    else:
        body = _front_matter_end(lines)
        cut = next((number + 1 for number in range(body, len(lines)) if lines[number].startswith(_TITLE)), body)
    head, rest = "".join(lines[:cut]), "".join(lines[cut:])
    return head.rstrip("\n") + "\n\n" + block + "\n\n", rest.lstrip("\n")


def _stale(section: Section, entry: Entry, lang: str, page: str) -> str:
    head, rest = _after_heading(section, _notice_html(entry, lang, page))
    return head + rest


def _missing(section: Section, entry: Entry, lang: str, page: str) -> str:
    head, rest = _after_heading(section, _notice_html(entry, lang, page, inside_french=True))
    # Where the page itself is missing, its front matter stays first, outside the French block.
    lines = head.splitlines(keepends=True)
    front_matter = "".join(lines[:_front_matter_end(lines)])
    return (f'{front_matter}\n<div class="translation-missing" lang="fr" markdown="1">\n\n'
            f"{head[len(front_matter):].lstrip()}{rest.rstrip()}\n\n</div>\n\n")


def follow_french(page: str, translated: str | None, french: str, lagging: Mapping[str, Entry], lang: str) -> str:
    """The article `page` of `lang` as its visitors see it: `translated` (None where the language
    lacks the whole page) with the notices and the missing French sections of `french`."""
    ours = split(translated) if translated is not None else []
    present = {section.anchor for section in ours}
    # Each French section the translation lacks goes after the French section before it.
    missing: dict[str | None, list[Section]] = {}
    before = None
    for section in split(french):
        if section.anchor in present:
            before = section.anchor
        elif section.text.strip() and (entry := lagging.get(section.anchor)) and entry.status == MISSING:
            missing.setdefault(before, []).append(section)
    parts = [_missing(section, lagging[section.anchor], lang, page) for section in missing.get(None, [])]
    for section in ours:
        entry = lagging.get(section.anchor)
        parts.append(_stale(section, entry, lang, page) if entry and entry.status == STALE else section.text)
        parts += [_missing(french_section, lagging[french_section.anchor], lang, page)
                  for french_section in missing.get(section.anchor, [])]
    return "".join(parts)

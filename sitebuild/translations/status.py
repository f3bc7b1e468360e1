"""Where each translation stands against the French of today: one entry per translated language
and article section or guide text.

    current   the translation follows the French as it is
    stale     the French changed since the translation was recorded (or it was never recorded):
              the previous translation is shown, with a notice
    missing   the French has a section or text the translation lacks: the French is shown, with
              a notice
    orphan    the translation has a section the French no longer has (to remove)

`since` is the day the French took its present form (history.py), for stale and missing entries.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from guide.translation import GuideLags, Lag
from sitebuild.translations import guide_catalog, sections
from sitebuild.translations.history import FrenchHistory
from sitebuild.translations.paths import SOURCE_LANGUAGE, Repository
from sitebuild.translations.record import TranslationRecord

CURRENT, STALE, MISSING, ORPHAN = "current", "stale", "missing", "orphan"
LAGGING = (STALE, MISSING, ORPHAN)
GUIDE = "guide"   # the `page` of the guide's texts


@dataclass(frozen=True)
class Entry:
    lang: str
    page: str                  # an article (situations/no-active-login.md), or GUIDE
    section: str               # a section's anchor (sections.PAGE_START for the page's start), or a guide text's place
    status: str
    since: datetime.date | None = None   # stale, missing: when the French took its present form
    french: str = ""           # the French now, normalised ("" for an orphan)
    followed: str | None = None          # stale: the French the translation follows, where recorded

    @property
    def lags(self) -> bool:
        return self.status != CURRENT


@dataclass
class LanguageStatus:
    lang: str
    entries: list[Entry] = field(default_factory=list)

    def lagging(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.lags]

    def article(self, page: str) -> dict[str, Entry]:
        """A page's sections that lag, by anchor (what the build marks)."""
        return {entry.section: entry for entry in self.entries if entry.page == page and entry.lags}

    def articles_missing(self, present: set[str]) -> dict[str, dict[str, Entry]]:
        """The French pages missing from `present` (the language's pages), with their sections."""
        return {page: self.article(page) for page in dict.fromkeys(entry.page for entry in self.entries)
                if page != GUIDE and page not in present and self.article(page)}

    def guide_lags(self) -> GuideLags:
        """The guide's texts that lag, as the guide's pages show them (guide.translation)."""
        return GuideLags({entry.section: Lag(entry.status, entry.since) for entry in self.entries
                          if entry.page == GUIDE and entry.status in (STALE, MISSING)})


def _article_sections(path: Path) -> dict[str, str]:
    return sections.by_anchor(path.read_text(encoding="utf-8")) if path.is_file() else {}


def article_entries(lang: str, repo: Repository, record: TranslationRecord, history: FrenchHistory) -> list[Entry]:
    entries = []
    for page in sorted(set(repo.articles(SOURCE_LANGUAGE)) | set(repo.articles(lang))):
        french = _article_sections(repo.docs(SOURCE_LANGUAGE) / page)
        translated = _article_sections(repo.docs(lang) / page)
        source = f"docs/{SOURCE_LANGUAGE}/{page}"
        for anchor, text in french.items():
            if anchor not in translated:
                entries.append(Entry(lang, page, anchor, MISSING, history.since(source, sections.by_anchor, anchor, text), text))
            elif record.follows(page, anchor, text):
                entries.append(Entry(lang, page, anchor, CURRENT, french=text))
            else:
                followed = record.followed(page, anchor)
                entries.append(Entry(lang, page, anchor, STALE, history.since(source, sections.by_anchor, anchor, text),
                                     text, followed.french if followed else None))
        entries += [Entry(lang, page, anchor, ORPHAN) for anchor in translated if anchor not in french]
    return entries


def guide_entries(lang: str, repo: Repository, record: TranslationRecord, history: FrenchHistory) -> list[Entry]:
    """The guide's texts: missing where the catalog has no translation of the French as it is
    (guide_catalog.py keeps the previous one where a French text changed), stale where the
    record says it follows another French."""
    catalog = guide_catalog.entries_by_text(guide_catalog.read_catalog(repo.guide_catalog(lang), lang))
    entries = []
    for place, (declaration, text) in guide_catalog.french_texts(repo).items():
        message = catalog.get(text)
        french = sections.normalise(text)
        if message is not None and message.string and record.follows(GUIDE, place, french):
            entries.append(Entry(lang, GUIDE, place, CURRENT, french=french))
            continue
        followed = record.followed(GUIDE, place)
        status = MISSING if message is None or not message.string else STALE
        since = history.since(declaration, guide_catalog.parse_declaration, place, french)
        entries.append(Entry(lang, GUIDE, place, status, since, french,
                             followed.french if followed and status == STALE else None))
    return entries


def language_status(lang: str, repo: Repository | None = None, history: FrenchHistory | None = None) -> LanguageStatus:
    repo = repo or Repository()
    history = history or FrenchHistory(repo.root)
    record = TranslationRecord(repo.record(lang))
    return LanguageStatus(lang, article_entries(lang, repo, record, history) + guide_entries(lang, repo, record, history))


def site_status(languages: list[str], repo: Repository | None = None,
                today: datetime.date | None = None) -> dict[str, LanguageStatus]:
    """Every translated language of the site (French, the source, has none)."""
    repo = repo or Repository()
    history = FrenchHistory(repo.root, today)
    return {lang: language_status(lang, repo, history) for lang in languages if lang != SOURCE_LANGUAGE}

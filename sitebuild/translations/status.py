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
from sitebuild.translations import guide_catalog, interface_strings, sections
from sitebuild.translations.interface_strings import DOMAINS, Domain, InterfaceString
from sitebuild.translations.history import FrenchHistory
from sitebuild.translations.paths import SOURCE_LANGUAGE, Repository
from sitebuild.translations.record import TranslationRecord

CURRENT, STALE, MISSING, ORPHAN = "current", "stale", "missing", "orphan"
LAGGING = (STALE, MISSING, ORPHAN)
GUIDE = "guide"   # the `page` of the guide's texts
INTERFACES = tuple(domain.page for domain in DOMAINS)   # the `page`s of the catalogs' interface strings, by key


@dataclass(frozen=True)
class Entry:
    lang: str
    page: str                  # an article (situations/no-active-login.md), GUIDE, or one of INTERFACES
    section: str               # a section's anchor (sections.PAGE_START for the page's start), a guide
                               # text's place, or an interface string's key (interface_strings.key)
    status: str
    since: datetime.date | None = None   # stale, missing: when the French took its present form
    french: str = ""           # the French now, normalised ("" for an orphan)
    followed: str | None = None          # stale: the French the translation follows, where recorded
    files: tuple[str, ...] = ()          # an interface string: the files that use it

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
                if page not in (GUIDE, *INTERFACES) and page not in present and self.article(page)}

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


def interface_entries(lang: str, repo: Repository, record: TranslationRecord, history: FrenchHistory,
                      domain: Domain, strings: dict[str, InterfaceString]) -> list[Entry]:
    """A catalog's interface strings: missing where it has no translation of the French as it is
    (interface_strings.py keeps the previous one where a French string took another's place),
    stale where the record says it follows another French (or nothing)."""
    catalog = interface_strings.translated(interface_strings.read_catalog(repo.catalog(lang, domain.catalog), lang))
    entries = []
    for key, string in strings.items():
        if string.french in catalog and record.follows(domain.page, key, string.french):
            entries.append(Entry(lang, domain.page, key, CURRENT, french=string.french, files=string.files))
            continue
        followed = record.followed(domain.page, key)
        status = STALE if string.french in catalog else MISSING
        file = string.files[0]
        since = history.since(file, interface_strings.parser(repo.root, domain, file), key, string.french)
        entries.append(Entry(lang, domain.page, key, status, since, string.french,
                             followed.french if followed and status == STALE else None, string.files))
    return entries


def interface_strings_in_use(repo: Repository) -> dict[Domain, dict[str, InterfaceString]]:
    return {domain: interface_strings.french_strings(repo, domain) for domain in DOMAINS}


def language_status(lang: str, repo: Repository | None = None, history: FrenchHistory | None = None,
                    strings: dict[Domain, dict[str, InterfaceString]] | None = None) -> LanguageStatus:
    repo = repo or Repository()
    history = history or FrenchHistory(repo.root)
    strings = interface_strings_in_use(repo) if strings is None else strings
    record = TranslationRecord(repo.record(lang))
    return LanguageStatus(lang, article_entries(lang, repo, record, history) + guide_entries(lang, repo, record, history)
                          + [entry for domain, in_use in strings.items()
                             for entry in interface_entries(lang, repo, record, history, domain, in_use)])


def site_status(languages: list[str], repo: Repository | None = None, today: datetime.date | None = None,
                interfaces: bool = True) -> dict[str, LanguageStatus]:
    """Every translated language of the site (French, the source, has none); without the
    interface strings where `interfaces` is False (the build: no notice shows them)."""
    repo = repo or Repository()
    history = FrenchHistory(repo.root, today)
    strings = interface_strings_in_use(repo) if interfaces else {}    # extracted once for every language
    return {lang: language_status(lang, repo, history, strings) for lang in languages if lang != SOURCE_LANGUAGE}

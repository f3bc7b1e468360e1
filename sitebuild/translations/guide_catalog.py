"""The guide's catalogs (locales/<lang>/LC_MESSAGES/guide.po) as the record of what each guide
text's translation follows. gettext has kept this record for decades: an entry's msgid is the
French its translation follows; a translation carried over from an earlier French text is
flagged fuzzy, with that earlier French as its previous msgid (`#| msgid`), which every PO editor
shows as a diff. Here a fuzzy entry is therefore *stale*, never dropped: compiled (`pybabel compile
--use-fuzzy`) and shown, with the notice, until a translator updates it and records it current.

Babel's own update guesses which old text a new one replaces (difflib, fuzzy matching): a guess
can put the wrong translation on a text. The guide's texts need no guess: each has a stable place
in its declaration (`outcomes.order-new-code.why`, the `#.` comment of its entry), so `update`
matches by place. Interface strings (templates, code) have no place: a changed one is a new text
to translate, as before (the catalog tests say so).
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from sitebuild.extract_guide_texts import declared_texts
from sitebuild.translations.paths import GUIDE_DECLARATIONS, Repository
from sitebuild.translations.sections import normalise

WIDTH = 100   # as `make catalogs-update` writes them (-w 100)


def parse_declaration(source: str) -> dict[str, str]:
    """A declaration's (flow.toml, requests.toml) texts by place, normalised."""
    return {place: normalise(text) for place, text in declared_texts(tomllib.loads(source))}


def french_texts(repo: Repository) -> dict[str, tuple[str, str]]:
    """Every guide text visitors read: place -> (its declaration, relative to the root; its French)."""
    texts = {}
    for declaration in GUIDE_DECLARATIONS:
        data = tomllib.loads((repo.root / declaration).read_text(encoding="utf-8"))
        texts.update({place: (declaration, text) for place, text in declared_texts(data)})
    return texts


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=lang, domain="guide")


def write_catalog(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as stream:
        write_po(stream, catalog, width=WIDTH, include_previous=True)


def places(message: Message) -> list[str]:
    """The places of an entry's text in the declarations (its `#.` comments)."""
    return list(message.auto_comments)


def is_stale(message: Message) -> bool:
    """A translation carried over from an earlier French text (`update`)."""
    return bool(message.fuzzy and message.string and message.previous_id)


def update(po_path: Path, template: Catalog, lang: str) -> list[str]:
    """Brings a language's catalog up to the extracted texts (`template`, guide.pot): new texts
    added, texts no longer used kept as obsolete (`#~`), as `pybabel update` does but without
    fuzzy matching. A text whose place held another, translated, text keeps that translation,
    fuzzy, with the French it follows as previous msgid. The places carried, in order."""
    catalog = read_catalog(po_path, lang)
    translated_at = {place: message for message in catalog if message.id and message.string
                     for place in places(message)}
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    carried = []
    for message in catalog:
        if not message.id or message.string:
            continue
        before = next((translated_at[place] for place in places(message) if place in translated_at), None)
        if before is None:
            continue                                   # a new text: to translate
        message.string = before.string
        message.flags.add("fuzzy")
        # Still the French the translation was made from, however many changes ago.
        message.previous_id = list(before.previous_id) if is_stale(before) else [before.id]
        carried += [place for place in places(message) if place in translated_at]
    write_catalog(po_path, catalog)
    return carried


def mark_current(po_path: Path, lang: str, chosen: Iterable[str]) -> list[str]:
    """Records the translations of these places as current: their entries lose the fuzzy flag
    and the previous French. The places whose entry changed."""
    chosen = set(chosen)
    catalog = read_catalog(po_path, lang)
    done = []
    for message in catalog:
        if message.id and message.string and message.fuzzy and chosen & set(places(message)):
            message.flags.discard("fuzzy")
            message.previous_id = []
            done += sorted(chosen & set(places(message)))
    if done:
        write_catalog(po_path, catalog)
    return done


def entries_by_text(catalog: Catalog) -> Mapping[str, Message]:
    return {message.id: message for message in catalog if message.id}

"""The guide's catalogs (locales/<lang>/LC_MESSAGES/guide.po) when a French text changes.

Babel's own update guesses which old text a new one replaces (difflib, fuzzy matching): a guess
can put the wrong translation on a text, and gettext then drops the guess (fuzzy) and shows the
French. The guide's texts need no guess: each has a stable place in its declaration
(`outcomes.order-new-code.why`, the `#.` comment of its entry), so `update` matches by place. The
text's previous translation stays in use, flagged fuzzy, which every PO editor lists as needing
work, and compiled all the same (`pybabel compile --use-fuzzy`): the site shows it, with the
notice, until a translator updates it and records it (the record, record.py, keeps the French it
follows). The guide's interface strings (its code's and templates') go by their place in their
file, as the site's do (interface_strings.py).
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from sitebuild.extract_guide_texts import declared_texts
from sitebuild.translations import interface_strings
from sitebuild.translations.paths import GUIDE_DECLARATIONS, Repository
from sitebuild.translations.record import TranslationRecord
from sitebuild.translations.sections import normalise


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


read_catalog = interface_strings.read_catalog
write_catalog = interface_strings.write_catalog


def places(message: Message) -> list[str]:
    """The places of an entry's text in the declarations (its `#.` comments)."""
    return list(message.auto_comments)


def update(po_path: Path, template: Catalog, lang: str, record: TranslationRecord) -> tuple[list[str], list[str]]:
    """Brings a language's catalog up to the extracted texts (`template`, guide.pot): new texts
    added, texts no longer used kept as obsolete (`#~`), as `pybabel update` does but without
    fuzzy matching. A text whose place held another, translated, text keeps that translation,
    fuzzy (not where only whitespace changed); an interface string likewise by its place in its
    file. The places carried, in order, and the interface strings carried."""
    catalog = read_catalog(po_path, lang)
    translated_at = {place: message for message in catalog if message.id and message.string
                     for place in places(message)}
    carrier = interface_strings.Carrier(catalog, template, interface_strings.GUIDE_INTERFACE)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    carried = []
    for message in catalog:
        if not message.id or message.string:
            continue
        before = next((translated_at[place] for place in places(message) if place in translated_at), None)
        if before is None:
            continue                                   # a new text: to translate
        message.string = before.string
        if normalise(before.id) != normalise(message.id):   # more than whitespace changed
            message.flags.add("fuzzy")
        carried += [place for place in places(message) if place in translated_at]
    strings = carrier.carry(catalog, record)
    write_catalog(po_path, catalog)
    return carried, strings


def mark_current(po_path: Path, lang: str, chosen: Iterable[str]) -> list[str]:
    """The entries of these places, translated, lose the fuzzy flag (their translation is
    current). The places whose entry changed."""
    chosen = set(chosen)
    catalog = read_catalog(po_path, lang)
    done = []
    for message in catalog:
        if message.id and message.string and message.fuzzy and chosen & set(places(message)):
            message.flags.discard("fuzzy")
            done += sorted(chosen & set(places(message)))
    if done:
        write_catalog(po_path, catalog)
    return done


def entries_by_text(catalog: Catalog) -> Mapping[str, Message]:
    return {message.id: message for message in catalog if message.id}

"""The site's own strings (theme overrides, root pages, nav, checker, desk) are translated in every
language, keep their placeholders, and are fuzzy only where a French string changed and its
previous translation stands in, stale, until it is updated (`make catalogs-update` carries it by
its place in its file; the language's translation record says which French it follows)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sitebuild.translations import interface_strings
from sitebuild.translations.interface_strings import SITE
from sitebuild.translations.paths import Repository
from tests.babel_extract import extract_as_the_makefile_does
from tests.conftest import TRANSLATED_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def entries(lang):
    with (LOCALES / lang / "LC_MESSAGES" / "site.po").open("rb") as po:
        return [message for message in read_po(po, locale=lang) if message.id]


def followed(lang, message) -> str | None:
    """The French a fuzzy (stale) entry's translation follows, from the record; None if none is."""
    from sitebuild.translations.record import TranslationRecord

    entry = TranslationRecord(Repository().record(lang)).followed(SITE.page, interface_strings.key(message.id))
    return entry.french if entry and entry.french != " ".join(message.id.split()) else None


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_site_string_is_translated_and_keeps_its_placeholders(lang):
    messages = entries(lang)
    assert messages
    for message in messages:
        assert message.string, f"{lang}: untranslated {message.id!r}"
        source = message.id
        if message.fuzzy:
            # Fuzzy only where stale: a translation carried from the French the record names.
            source = followed(lang, message)
            assert source, f"{lang}: fuzzy {message.id!r} follows no recorded French (a guess or a doubt)"
        placeholders = sorted(PLACEHOLDER.findall(source))
        assert sorted(PLACEHOLDER.findall(message.string)) == placeholders, message.id
        # A stale translation is written with the new French's values: it asks for none it lacks.
        assert set(PLACEHOLDER.findall(message.string)) <= set(PLACEHOLDER.findall(message.id)), message.id


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """site.pot as `make catalogs-extract` writes it."""
    return extract_as_the_makefile_does(SITE, tmp_path_factory.mktemp("pot"))


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_the_catalog_holds_every_string_in_use_with_its_files(lang, extracted):
    catalog = {message.id: message for message in entries(lang)}
    for message in extracted:
        if message.id:
            assert message.id in catalog, f"{lang}: run `make catalogs-update` and translate {message.id!r}"
            # The files (`#: file`) are what the update lines a changed string up by.
            assert {file for file, _ in catalog[message.id].locations} == {file for file, _ in message.locations}
    assert len(catalog) == len([message for message in extracted if message.id]), "strings no longer used"

"""The guide's catalogs (locales/<lang>/LC_MESSAGES/guide.po): complete, the same placeholders as
the French source, up to date with the texts, and compiled into the package. Fuzzy only where a
guide text's French changed and its previous translation stands in, stale, until it is updated
(`make catalogs-update` carries it by the text's place; the language's translation record says
which French it follows: docs/README.md)."""
import json
import re

import pytest
from babel.messages import pofile as babel_pofile

from sitebuild.translations import interface_strings
from sitebuild.translations.interface_strings import GUIDE_INTERFACE

from tests.babel_extract import extract_as_the_makefile_does

from .conftest import ROOT
from .conftest import TRANSLATED as LANGS


# Portal labels in bold: German keeps every bold label of the French (its labels are confirmed or
# quoted), Italian may drop bold (every Italian label is unconfirmed, TERMS.md), English may add
# bold (it gives the portal's German and French label, with the English meaning in brackets).
BOLD_LABELS = {"de": int.__eq__, "it": int.__le__, "en": int.__ge__}
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def catalog(lang):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "guide.po").open("rb") as stream:
        return babel_pofile.read_po(stream, locale=lang)


def messages(lang):
    return [message for message in catalog(lang) if message.id]


def recorded_french(lang) -> dict[str, str]:
    """The French each guide text's translation follows, by place, and each interface string's,
    by key (written by the record command)."""
    pages = json.loads((ROOT / "locales" / lang / "translation-record.json").read_text(encoding="utf-8"))["pages"]
    return {place: entry["french"] for page in ("guide", GUIDE_INTERFACE.page)
            for place, entry in pages.get(page, {}).items()}


def places(message) -> list[str]:
    """A guide text's places in flow.toml or requests.toml (`#.`), or an interface string's key."""
    return list(message.auto_comments) or [interface_strings.key(message.id)]


def is_stale(message, recorded) -> bool:
    """A translation carried to a changed French text (by the text's place, or an interface
    string's place in its file) whose French changed since the translation was recorded."""
    return bool(message.fuzzy and message.string
                and all(recorded.get(place) != " ".join(message.id.split()) for place in places(message))
                and any(place in recorded for place in places(message)))


def followed(message, recorded) -> str:
    """The French a translation follows: its msgid, or where it is stale the recorded French."""
    known = [recorded[place] for place in places(message) if place in recorded]
    return known[0] if is_stale(message, recorded) and known else message.id


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The texts the guide uses today, extracted as `make catalogs-extract` does."""
    catalog = extract_as_the_makefile_does(GUIDE_INTERFACE, tmp_path_factory.mktemp("pot"))
    return {message.id for message in catalog if message.id}


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_fuzzy_only_where_stale(lang):
    untranslated = [message.id for message in messages(lang) if not message.string]
    # Any other fuzzy entry is a guess or a translator's doubt: the site would show it unflagged.
    recorded = recorded_french(lang)
    fuzzy = [message.id for message in messages(lang) if message.fuzzy and not is_stale(message, recorded)]
    assert not untranslated, f"{lang}: untranslated {untranslated[:3]}"
    assert not fuzzy, f"{lang}: fuzzy {fuzzy[:3]}"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_are_those_of_the_source(lang):
    # A stale translation is checked against the French it was made from.
    recorded = recorded_french(lang)
    for message in messages(lang):
        source_text = followed(message, recorded)
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(source_text)), message.id
        # Portal labels in bold (TERMS.md): German keeps them (its labels are confirmed); Italian
        # drops the bold, its labels being unconfirmed (*); English bolds the German and French labels.
        source, translated = source_text.count("**"), message.string.count("**")
        assert translated % 2 == 0, f"unbalanced bold: {message.id}"
        assert BOLD_LABELS.get(lang, int.__eq__)(translated, source), f"portal labels in bold: {message.id}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalog_holds_every_text_in_use(lang, extracted):
    missing = extracted - {message.id for message in messages(lang)}
    assert not missing, f"{lang}: run `make catalogs-update` and translate {sorted(missing)[:3]}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalog_in_the_package_matches(lang):
    from guide.i18n import translations

    # Stale translations included (compiled --use-fuzzy): they stand in until updated.
    compiled = {key: value for key, value in translations(lang)._catalog.items() if key}
    source = {message.id: message.string for message in messages(lang) if message.string}
    assert compiled == source, f"guide/locales/{lang}/LC_MESSAGES/guide.mo is stale: run `make catalogs-compile`"


def test_swiss_german_has_no_sharp_s_and_speaks_formally():
    for message in messages("de"):
        assert "ß" not in message.string, message.string
        assert not re.search(r"\b(du|dich|dir|dein\w*)\b", message.string), message.string


def test_italian_uses_the_polite_form_and_the_swiss_terms():
    strings = " ".join(message.string for message in messages("it"))
    assert "cassa di compensazione" in strings and "numero di affiliato" in strings.lower()
    assert not re.search(r"\b(tu|ti|tuo|tua)\b", strings)


def test_english_is_british():
    strings = " ".join(message.string for message in messages("en"))
    for american in ("authorized", "organization", "zip code", "color", "center"):
        assert american not in strings.lower()
    assert "authorised signatories" in strings.lower()

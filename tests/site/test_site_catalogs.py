"""The site's own strings (theme overrides, root pages, nav) are translated in every language."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from tests.conftest import TRANSLATED_LANGUAGES

LOCALES = Path(__file__).resolve().parents[2] / "locales"


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_site_string_is_translated_and_keeps_its_placeholders(lang):
    with (LOCALES / lang / "LC_MESSAGES" / "site.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    entries = [message for message in catalog if message.id]
    assert entries
    for message in entries:
        assert message.string, f"{lang}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"
        placeholders = sorted(re.findall(r"%\((\w+)\)s", message.id))
        assert sorted(re.findall(r"%\((\w+)\)s", message.string)) == placeholders, message.id

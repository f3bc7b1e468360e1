"""The site's own interface strings (theme overrides, nav sections, root pages) per language.

They live in locales/<lang>/LC_MESSAGES/site.po, managed with Babel like the guide's catalog.
French is the source language: msgids are French, so French needs no catalog. The .po files are
read directly at build time, which leaves no compiled file to go stale. A fuzzy entry is a stale
translation, whose French changed since (sitebuild/translations/interface_strings.py): it stands in,
rather than French, until it is updated.
"""

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LANGUAGE = "fr"


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / "site.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=True)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_function(lang: str):
    """`_("... %(name)s", name=...)` as Jinja's newstyle gettext does, for plain templates."""
    gettext = translations(lang).gettext

    def _(message: str, **variables) -> str:
        translated = gettext(message)
        return translated % variables if variables else translated

    return _

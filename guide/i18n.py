"""The guide's languages and their gettext catalogs.

French is the source language: its texts are the msgids themselves. The other languages
are compiled catalogs shipped inside the package (guide/locales/<lang>/LC_MESSAGES/guide.mo),
read through importlib.resources so that they load from a wheel on Pyodide as well.
"""
from __future__ import annotations

import functools
import gettext
import io
from importlib import resources

SOURCE_LANGUAGE = "fr"
DOMAIN = "guide"


class UnsupportedLanguage(ValueError):
    """A language the guide is not translated into."""


class MissingCatalog(RuntimeError):
    """A compiled catalog is not in the package (run `make catalogs-compile`)."""


def N_(message: str) -> str:
    """Mark a text for extraction; it is translated where it is shown."""
    return message


@functools.cache
def languages() -> tuple[str, ...]:
    """The guide's languages: the source language and every catalog compiled into the package.
    (The site's languages, and their order, are site.toml's; each has its catalog here.)"""
    folder = resources.files(__package__).joinpath("locales")
    compiled = sorted(entry.name for entry in folder.iterdir()
                      if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file()) if folder.is_dir() else []
    return (SOURCE_LANGUAGE, *compiled)


def check_language(lang: str) -> str:
    if lang not in languages():
        raise UnsupportedLanguage(f"unsupported language {lang!r}: expected one of {', '.join(languages())}")
    return lang


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of a language; for French, the texts as written."""
    check_language(lang)
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    catalog = resources.files(__package__).joinpath("locales", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        data = catalog.read_bytes()
    except FileNotFoundError:
        # Never fall back to French silently: a page in the wrong language is a bug.
        raise MissingCatalog(
            f"guide/locales/{lang}/LC_MESSAGES/{DOMAIN}.mo is missing: run `make catalogs-compile`"
        ) from None
    return gettext.GNUTranslations(io.BytesIO(data))


def is_translated(lang: str, message: str) -> bool:
    """Whether a language has its own text for a message (French has every text)."""
    # GNUTranslations has no public membership test; its catalog is a plain dict.
    return lang == SOURCE_LANGUAGE or message in translations(lang)._catalog


def gettext_for(lang: str):
    """The gettext function of a language."""
    return translations(lang).gettext

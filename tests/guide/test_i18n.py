"""The catalogs shipped in the package: every text of the tree translated, no fallback."""
import pytest

from guide.i18n import MissingCatalog, languages, UnsupportedLanguage, translations
from guide.requests import fields, request_kinds


def declared_texts(flow):
    yield flow.summary
    for question in flow.questions.values():
        yield question.text
        yield from filter(None, [question.hint])
        yield from (option.label for option in question.options)
    for outcome in flow.outcomes.values():
        yield from (outcome.title, outcome.summary, *outcome.do_now, outcome.why, outcome.what_next)
        yield from (link.label for link in outcome.read_more)
        yield from filter(None, [outcome.description])
    for kind in request_kinds().values():
        yield from (kind.subject, kind.text, *kind.attachments)
    for field in fields().values():
        yield from filter(None, [field.label, field.hint, field.missing])


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != "fr"])
def test_every_declared_text_is_in_the_compiled_catalog(flow, lang):
    catalog = translations(lang)._catalog
    missing = [text for text in declared_texts(flow) if text not in catalog]
    assert not missing, f"{lang}: untranslated {missing[:3]} (update and compile the catalogs)"


def test_french_is_the_source(flow):
    assert all(translations("fr").gettext(text) == text for text in declared_texts(flow))


def test_the_languages_are_french_and_the_compiled_catalogs():
    assert languages()[0] == "fr"
    assert set(languages()) == {"fr", "de", "it", "en"}


def test_an_unknown_language_is_refused():
    with pytest.raises(UnsupportedLanguage, match="expected one of fr, ") as refused:
        translations("rm")
    assert all(code in str(refused.value) for code in ("de", "it", "en"))


def test_a_missing_catalog_says_how_to_make_it(monkeypatch):
    import guide.i18n as i18n

    class NoFiles:
        def joinpath(self, *parts):
            return self

        def read_bytes(self):
            raise FileNotFoundError

    languages()   # the languages are known (cached) before the files go missing
    monkeypatch.setattr(i18n.resources, "files", lambda package: NoFiles())
    translations.cache_clear()
    try:
        with pytest.raises(MissingCatalog, match="make catalogs-compile"):
            translations("de")
    finally:
        translations.cache_clear()

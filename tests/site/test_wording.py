"""Each language avoids the variants listed in locales/<lang>/avoid.txt (words we do not use,
translationese, unconfirmed portal labels in bold), in every text a reader sees: the articles,
the catalogs' translations, the drawings' labels and the guide's templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("de", "it", "en")
TEMPLATE_DIRS = ("guide/templates", "sitebuild/templates")


def avoid_list(lang: str) -> list[tuple[str, str]]:
    """(phrase, what to write instead) for each line of locales/<lang>/avoid.txt."""
    entries = []
    for line in (ROOT / "locales" / lang / "avoid.txt").read_text(encoding="utf-8").splitlines():
        phrase, _, instead = line.partition("#")
        if phrase.strip():
            entries.append((phrase.strip(), instead.strip()))
    return entries


def pattern(phrase: str) -> re.Pattern:
    # Whole words: no letter may touch a phrase that starts or ends with one.
    start = r"(?<!\w)" if phrase[0].isalnum() else ""
    end = r"(?!\w)" if phrase[-1].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end, re.IGNORECASE)


def texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every reader-facing text in the language."""
    found = [(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "docs" / lang).rglob("*.md"))]
    for path in sorted((ROOT / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po:
            for message in read_po(po, locale=lang):
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                for string in strings:
                    if string:
                        found.append((f"{path.relative_to(ROOT).as_posix()} msgstr for {message.id!r}", string))
    labels = yaml.safe_load((ROOT / "illustrations" / "labels.yml").read_text(encoding="utf-8"))
    for name, per_lang in labels.items():
        if isinstance(per_lang, dict) and lang in per_lang:
            for key, value in per_lang[lang].items():
                found.append((f"illustrations/labels.yml {name}.{lang}.{key}", str(value)))
    for folder in TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.j2")):
            found.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_a_list_of_variants_we_do_not_use(lang):
    entries = avoid_list(lang)
    assert entries, lang
    for phrase, instead in entries:
        assert instead, f"locales/{lang}/avoid.txt: say what to write instead of {phrase!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_texts_avoid_the_variants_we_do_not_use(lang):
    problems = []
    for where, text in texts(lang):
        for phrase, instead in avoid_list(lang):
            for match in pattern(phrase).finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{where}:{line}: {match.group(0)!r} -> {instead}")
    assert not problems, f"{lang}: {len(problems)} variants we do not use:\n" + "\n".join(problems)


def test_the_matcher_finds_whole_words_only():
    assert pattern("ordini").search("Ordini un nuovo codice")
    assert not pattern("ordini").search("coordinamento")
    assert pattern("**Nuovo**").search("clicchi su **Nuovo**.")
    assert not pattern("Treuhandgesellschaft").search("Treuhandgesellschaften")

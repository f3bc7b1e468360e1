"""Italian buttons and links of the templates (the guide's, the checker's, the support desk's, the
404 page) say what they do in the imperative, as Italian interfaces do (« Modifica »,
« Ricomincia »; a label that addresses the reader with a pronoun takes the courtesy form,
« Trovi la Sua situazione »), never in the infinitive of a French label translated word for word
(« Modificare », « Ricominciare »). The labels are found in the templates themselves, so a new
button is checked without being listed here."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = ("guide/templates", "sitebuild/templates", "overrides")
# The text of a button or of a link: `<button …>{{ _("…") …` or `<a …>{{ _("…") …`.
LABEL = re.compile(r'<(?:button|a)\b[^>]*>\{\{ _\("([^"]+)"\)')
INFINITIVE = re.compile(r"^\w+(?:are|ere|ire)$")


def labels() -> set[str]:
    found = set()
    for folder in TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".j2", ".html"):
                found.update(LABEL.findall(path.read_text(encoding="utf-8")))
    return found


def italian() -> dict[str, str]:
    strings = {}
    for path in sorted((ROOT / "locales" / "it" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po:
            strings.update({m.id: m.string for m in read_po(po, locale="it") if m.id and m.string})
    return strings


def test_the_templates_have_buttons_and_links_to_check():
    found = labels()
    assert {"Modifier", "Recommencer", "Continuer", "Vérifier le code"} <= found, sorted(found)


def test_italian_buttons_and_links_are_not_infinitives():
    translations = italian()
    wrong = []
    for french in sorted(labels()):
        assert french in translations, f"no Italian translation of the label {french!r}"
        first_word = translations[french].split()[0]
        if INFINITIVE.match(first_word):
            wrong.append(f"{french!r} -> {translations[french]!r}")
    assert not wrong, "Italian labels in the infinitive (write the imperative: Modifica, Ricomincia):\n" + "\n".join(wrong)


def test_the_rule_tells_an_infinitive_from_an_imperative():
    assert INFINITIVE.match("Modificare") and INFINITIVE.match("Ricominciare") and INFINITIVE.match("Aprire")
    assert not any(INFINITIVE.match(word) for word in ("Modifica", "Ricomincia", "Apri", "Ricominci", "Indietro", "Sì"))

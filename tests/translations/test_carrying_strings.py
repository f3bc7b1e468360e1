"""The site's own strings when their French changes (sitebuild/translations/interface_strings.py): a
string keeps its translation by its place in its file, never by a resemblance found elsewhere."""
import datetime
import re

import pytest
from babel.messages.catalog import Catalog

from sitebuild.translations import interface_strings
from sitebuild.translations.interface_strings import DOMAINS
from sitebuild.translations.paths import Repository
from sitebuild.translations.record import TranslationRecord
from tests.babel_extract import extract_as_the_makefile_does

DAY = datetime.date(2026, 12, 1)


def catalog(*files: tuple[str, list[str]], translations: dict[str, str] | None = None) -> Catalog:
    """A catalog (or a template) of these files' strings, in this order; lines as extracted."""
    made = Catalog(locale="de" if translations is not None else None)
    for file, strings in files:
        for line, text in enumerate(strings, start=1):
            if text in made:
                made[text].locations.append((file, line))
            else:
                made.add(text, (translations or {}).get(text, ""), [(file, line)])
    return made


def po(tmp_path, *files, translations) -> tuple:
    path = tmp_path / "site.po"
    interface_strings.write_catalog(path, catalog(*files, translations=translations))
    return path


def entries(path):
    return {message.id: message for message in interface_strings.read_catalog(path, "de") if message.id}


GERMAN = {"Oui": "Ja", "Non": "Nein", "Cette page est-elle utile ?": "Ist diese Seite hilfreich?",
          "Envoyer": "Senden", "Rubrique": "Rubrik", "Merci !": "Danke!"}
FEEDBACK = ["Cette page est-elle utile ?", "Oui", "Non", "Envoyer", "Merci !"]


def test_a_changed_string_keeps_its_translation_fuzzy_and_its_record_entry(tmp_path):
    path = po(tmp_path, ("feedback.html", FEEDBACK), translations=GERMAN)
    record = TranslationRecord(tmp_path / "record.json")
    record.record(interface_strings.SITE.page, interface_strings.key("Cette page est-elle utile ?"), "Cette page est-elle utile ?", DAY)
    changed = ["Cette page vous a-t-elle été utile ?", *FEEDBACK[1:]]
    carried = interface_strings.update(path, catalog(("feedback.html", changed)), "de", record)
    assert carried == ["Cette page vous a-t-elle été utile ?"]
    after = entries(path)
    assert after["Cette page vous a-t-elle été utile ?"].string == "Ist diese Seite hilfreich?"
    assert after["Cette page vous a-t-elle été utile ?"].fuzzy and not after["Oui"].fuzzy
    assert "Cette page est-elle utile ?" not in after
    followed = record.followed(interface_strings.SITE.page, interface_strings.key("Cette page vous a-t-elle été utile ?"))
    assert followed.french == "Cette page est-elle utile ?" and followed.recorded == DAY


def test_strings_added_before_it_move_nothing(tmp_path):
    path = po(tmp_path, ("feedback.html", FEEDBACK), translations=GERMAN)
    changed = ["Nouveau titre", "Votre avis compte.", "Cette page vous a-t-elle été utile ?", *FEEDBACK[1:]]
    interface_strings.update(path, catalog(("feedback.html", changed)), "de", TranslationRecord(tmp_path / "r.json"))
    after = entries(path)
    assert after["Cette page vous a-t-elle été utile ?"].string == "Ist diese Seite hilfreich?"
    assert after["Nouveau titre"].string == "" and after["Votre avis compte."].string == ""    # new: to translate
    assert after["Oui"].string == "Ja" and not after["Oui"].fuzzy


def test_two_strings_changed_in_one_file_keep_each_its_own(tmp_path):
    path = po(tmp_path, ("feedback.html", FEEDBACK), translations=GERMAN)
    changed = ["Cette page vous a-t-elle aidé ?", "Oui", "Non", "Envoyer la réponse", "Merci !"]
    interface_strings.update(path, catalog(("feedback.html", changed)), "de", TranslationRecord(tmp_path / "r.json"))
    after = entries(path)
    assert after["Cette page vous a-t-elle aidé ?"].string == "Ist diese Seite hilfreich?"
    assert after["Envoyer la réponse"].string == "Senden"


def test_a_resembling_string_of_another_file_is_not_taken(tmp_path):
    """Babel's fuzzy matching would give « Envoyez » the translation of « Envoyer »."""
    path = po(tmp_path, ("feedback.html", FEEDBACK), ("tables.py", ["Rubrique"]), translations=GERMAN)
    template = catalog(("feedback.html", FEEDBACK), ("tables.py", ["Rubrique"]), ("check.html", ["Envoyez"]))
    assert interface_strings.update(path, template, "de", TranslationRecord(tmp_path / "r.json")) == []
    assert entries(path)["Envoyez"].string == ""


def test_a_string_replaced_by_an_unlike_one_is_new_beside_an_added_one(tmp_path):
    """A stretch that changed its number of strings pairs only what is alike."""
    path = po(tmp_path, ("feedback.html", FEEDBACK), translations=GERMAN)
    changed = ["Donnez-nous votre avis", "Signalez une erreur", *FEEDBACK[1:]]
    interface_strings.update(path, catalog(("feedback.html", changed)), "de", TranslationRecord(tmp_path / "r.json"))
    after = entries(path)
    assert after["Donnez-nous votre avis"].string == "" and after["Signalez une erreur"].string == ""


def test_whitespace_only_is_no_change_and_a_translation_asking_a_lost_value_is_not_carried(tmp_path):
    translations = {**GERMAN, "Merci, %(name)s !": "Danke, %(name)s!"}
    path = po(tmp_path, ("feedback.html", [*FEEDBACK[:-1], "Merci, %(name)s !"]), translations=translations)
    changed = ["Cette page  est-elle\nutile ?", *FEEDBACK[1:-1], "Merci beaucoup !"]
    carried = interface_strings.update(path, catalog(("feedback.html", changed)), "de", TranslationRecord(tmp_path / "r.json"))
    after = entries(path)
    assert carried == ["Cette page est-elle utile ?"]
    assert after["Cette page  est-elle\nutile ?"].string == "Ist diese Seite hilfreich?"
    assert not after["Cette page  est-elle\nutile ?"].fuzzy
    # "%(name)s" in the translation would break the page: a new text to translate.
    assert after["Merci beaucoup !"].string == ""


def test_the_catalog_keeps_each_strings_files_without_lines(tmp_path):
    path = po(tmp_path, ("feedback.html", FEEDBACK), ("404.html", ["Oui"]), translations=GERMAN)
    text = path.read_text(encoding="utf-8")
    assert "#: 404.html feedback.html\n" in text or "#: feedback.html 404.html\n" in text
    locations = [line for line in text.splitlines() if line.startswith("#:")]
    assert len(locations) == len(FEEDBACK) and not any(re.search(r":\d", line) for line in locations), locations


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda domain: domain.page)
def test_the_status_reads_the_strings_the_makefile_extracts_and_each_says_where_it_shows(domain, tmp_path):
    """What status.py compares (an extraction in Python) is what `make catalogs-extract` puts in
    the catalogs; the report links each file's strings to a page that shows them (or to none)."""
    extracted = extract_as_the_makefile_does(domain, tmp_path)
    in_use = interface_strings.french_strings(Repository(), domain)
    expected = {interface_strings.key(message.id): tuple(dict.fromkeys(file for file, _ in message.locations))
                for message in extracted if interface_strings.is_interface(message, domain)}
    assert expected and expected == {key: string.files for key, string in in_use.items()}
    files = {file for string in in_use.values() for file in string.files}
    assert files == set(domain.shown_on), f"add the file to {domain.page}'s shown_on (interface_strings.py)"

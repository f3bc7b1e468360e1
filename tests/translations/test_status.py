"""What lags the French, worked out from the sources alone (sitebuild/translations/status.py), on
copies of the tree: no build, the record and the catalogs as the commands leave them."""
import datetime
import json
import re
import subprocess
import sys

import pytest

from sitebuild.translations import sections
from sitebuild.translations.paths import Repository
from sitebuild.translations.interface_strings import GUIDE_INTERFACE, SITE
from sitebuild.translations.status import GUIDE, MISSING, ORPHAN, STALE, site_status
from tests.conftest import ROOT, SITE_LANGUAGES, TRANSLATED_LANGUAGES

from .conftest import ARTICLE, OUTCOME, OUTCOME_CHANGE, SECTION, SENTENCE, copy_tree, replace_once, run

TODAY = datetime.date.today()


def lagging(tree) -> set[tuple[str, str, str, str]]:
    return {(entry.lang, entry.page, entry.section, entry.status)
            for item in site_status(list(SITE_LANGUAGES), Repository(tree)).values() for entry in item.lagging()}


@pytest.fixture
def tree(tmp_path):
    return copy_tree(tmp_path / "tree")


def test_the_repository_is_recorded_current():
    """Every translation was read against its French and recorded: nothing lags."""
    status = site_status(list(SITE_LANGUAGES))
    assert set(status) == set(TRANSLATED_LANGUAGES)
    assert all(item.entries and not item.lagging() for item in status.values()), \
        [(entry.lang, entry.page, entry.section, entry.status) for item in status.values() for entry in item.lagging()][:5]
    guide_texts = {entry.section for entry in status["de"].entries if entry.page == GUIDE}
    assert f"outcomes.{OUTCOME}.why" in guide_texts and "kinds.order-access-code.text" in guide_texts
    site_texts = {entry.french for entry in status["de"].entries if entry.page == SITE.page}
    assert "Cette page est-elle utile ?" in site_texts and "Rubrique" in site_texts
    guide_strings = {entry.french for entry in status["de"].entries if entry.page == GUIDE_INTERFACE.page}
    assert "Vérifiez votre demande" in guide_strings and "Madame, Monsieur," in guide_strings


def test_the_built_site_shows_no_notice(site_dir):
    shown = [page for page in site_dir.rglob("*.html") if "translation-notice" in page.read_text(encoding="utf-8")]
    assert not shown, shown[:3]


def test_a_changed_french_sentence_makes_its_section_stale_in_every_language(tree):
    replace_once(tree / "docs" / "fr" / ARTICLE, *SENTENCE)
    assert lagging(tree) == {(lang, ARTICLE, SECTION, STALE) for lang in TRANSLATED_LANGUAGES}
    (entry,) = [e for e in site_status(["de"], Repository(tree))["de"].lagging()]
    assert entry.since == TODAY                      # not committed (and no history in a copy): today
    assert SENTENCE[0] in entry.followed and SENTENCE[1] in entry.french and SENTENCE[0] not in entry.french


def test_a_translation_edited_with_the_french_unchanged_stays_current(tree):
    german = (tree / "docs" / "de" / ARTICLE).read_text(encoding="utf-8")
    step = re.search(r"^5\. .+$", german, re.M).group(0)
    replace_once(tree / "docs" / "de" / ARTICLE, step, step + " Bewahren Sie ihn gut auf.")
    po = tree / "locales" / "it" / "LC_MESSAGES" / "guide.po"
    text = po.read_text(encoding="utf-8")
    assert text.count('msgstr "Sì"') >= 1
    po.write_text(text.replace('msgstr "Sì"', 'msgstr "Sì, certo"', 1), encoding="utf-8")
    assert lagging(tree) == set()


def test_moving_sections_or_rewrapping_french_marks_nothing(tree):
    path = tree / "docs" / "fr" / ARTICLE
    parts = sections.split(path.read_text(encoding="utf-8"))
    order = [part.anchor for part in parts]
    # The last two sections swapped, every sentence on its own line, spaces doubled here and there.
    moved = parts[:-2] + [parts[-1], parts[-2]]
    text = "".join(part.text.rstrip("\n") + "\n\n" for part in moved).replace(". ", ".\n").replace(" : ", "  :  ")
    path.write_text(text, encoding="utf-8")
    assert [part.anchor for part in sections.split(text)] != order
    # A guide text re-wrapped in flow.toml: a new msgid, the same text.
    replace_once(tree / "guide" / "flow.toml", OUTCOME_CHANGE[0], OUTCOME_CHANGE[0].replace(", il ", ",   il "))
    run(tree, "make", "catalogs-update")
    assert lagging(tree) == set()


def test_a_french_section_added_is_missing_and_one_removed_is_an_orphan(tree):
    path = tree / "docs" / "fr" / ARTICLE
    parts = sections.split(path.read_text(encoding="utf-8"))
    kept = [part for part in parts if part.anchor != "code-by-post-only"]
    assert len(kept) == len(parts) - 1
    path.write_text("".join(part.text for part in kept) + "\n## Une section de plus {#one-more-section}\n\nDu texte.\n",
                    encoding="utf-8")
    assert lagging(tree) == ({(lang, ARTICLE, "one-more-section", MISSING) for lang in TRANSLATED_LANGUAGES}
                             | {(lang, ARTICLE, "code-by-post-only", ORPHAN) for lang in TRANSLATED_LANGUAGES})


def test_a_changed_guide_text_keeps_its_translation_stale_until_recorded(tree):
    replace_once(tree / "guide" / "flow.toml", *OUTCOME_CHANGE)
    before = {lang: (tree / "locales" / lang / "LC_MESSAGES" / "guide.po").read_text(encoding="utf-8")
              for lang in TRANSLATED_LANGUAGES}
    updated = run(tree, "make", "catalogs-update")
    place = f"outcomes.{OUTCOME}.why"
    assert lagging(tree) == {(lang, GUIDE, place, STALE) for lang in TRANSLATED_LANGUAGES}
    from babel.messages.pofile import read_po

    for lang in TRANSLATED_LANGUAGES:
        assert f"{lang}: the previous translation kept, fuzzy, for 1 changed French texts: {place}" in updated.stdout
        old = read_po(iter(before[lang].splitlines(keepends=True)), locale=lang)
        new = read_po((tree / "locales" / lang / "LC_MESSAGES" / "guide.po").open("rb"), locale=lang)
        old_message = next(m for m in old if m.id and place in m.auto_comments)
        new_message = next(m for m in new if m.id and place in m.auto_comments)
        assert OUTCOME_CHANGE[1] in new_message.id and new_message.fuzzy
        assert new_message.string == old_message.string          # the previous translation, not French
        assert [m.id for m in new if m.id and not m.string] == []
    # Changed again before anyone translated: still the first translation, still following the recorded French.
    replace_once(tree / "guide" / "flow.toml", OUTCOME_CHANGE[1], OUTCOME_CHANGE[1].replace("dans votre entreprise", "parmi vos collègues"))
    run(tree, "make", "catalogs-update")
    (entry,) = [e for e in site_status(["en"], Repository(tree))["en"].lagging()]
    assert entry.status == STALE and OUTCOME_CHANGE[0] in entry.followed and "actif parmi vos collègues, il faut" in entry.french
    # Recorded for German only: German follows, the others still lag; the entry is no longer fuzzy.
    recorded = run(tree, "-m", "sitebuild.translations", "record", "de", "guide", f"outcomes.{OUTCOME}")
    assert f"de guide {place}: recorded" in recorded.stdout
    assert lagging(tree) == {(lang, GUIDE, place, STALE) for lang in TRANSLATED_LANGUAGES if lang != "de"}
    german = read_po((tree / "locales" / "de" / "LC_MESSAGES" / "guide.po").open("rb"), locale="de")
    assert not [m.id for m in german if m.fuzzy]


def test_recording_one_section_or_one_page_records_that_only(tree):
    replace_once(tree / "docs" / "fr" / ARTICLE, *SENTENCE)
    contact = tree / "docs" / "fr" / "contact.md"
    contact.write_text(contact.read_text(encoding="utf-8").replace("\n## ", "\n## Encore "), encoding="utf-8")
    assert {(lang, page) for lang, page, _, _ in lagging(tree)} == {
        (lang, page) for lang in TRANSLATED_LANGUAGES for page in (ARTICLE, "contact.md")}
    run(tree, "-m", "sitebuild.translations", "record", "de", ARTICLE, SECTION)
    run(tree, "-m", "sitebuild.translations", "record", "it", "contact.md")
    assert {(lang, page) for lang, page, _, _ in lagging(tree)} == {
        ("de", "contact.md"), ("it", ARTICLE), ("en", ARTICLE), ("en", "contact.md")}
    record = json.loads((tree / "locales" / "de" / "translation-record.json").read_text(encoding="utf-8"))
    entry = record["pages"][ARTICLE][SECTION]
    assert SENTENCE[1] in entry["french"] and entry["recorded"] == TODAY.isoformat()
    assert entry["fingerprint"] == sections.fingerprint(entry["french"])


@pytest.mark.parametrize("arguments, says", [
    (["record", "fr"], "not a translated language"),
    (["record", "de", "no/such-page.md"], "no article"),
    (["record", "de", ARTICLE, "no-such-anchor"], "has no section"),
    (["record", "de", "guide", "outcomes.no-such-outcome"], "no guide text"),
    (["record"], "say which language"),
])
def test_record_refuses_what_it_cannot_record(arguments, says):
    done = subprocess.run([sys.executable, "-m", "sitebuild.translations", *arguments], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and says in done.stderr and not done.stdout


def test_a_missing_section_cannot_be_recorded_until_translated(tree):
    path = tree / "docs" / "fr" / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\n## Une section de plus {#one-more-section}\n\nDu texte.\n",
                    encoding="utf-8")
    refused = run(tree, "-m", "sitebuild.translations", "record", "de", ARTICLE, "one-more-section", check=False)
    assert refused.returncode == 2 and "not translated yet" in refused.stderr
    everything = run(tree, "-m", "sitebuild.translations", "record", "--all")
    assert f"de {ARTICLE} one-more-section: missing, translate it first" in everything.stdout
    assert run(tree, "make", "translations-check", check=False).returncode != 0

"""The parts: an article's sections, the day a French text took its form (git), the French diff of
the report, and a translated page assembled with its notices."""
import datetime
import os
import subprocess

import pytest

from sitebuild.sources.lagging_articles import follow_french
from sitebuild.translations.history import FrenchHistory
from sitebuild.translations.report import Change, french_changes
from sitebuild.translations.sections import PAGE_START, by_anchor, split
from sitebuild.translations.status import MISSING, STALE, Entry

PAGE = """---
description: "Une page."
---

# Titre

Intro.

## Premier {#first}

Texte 1.

```markdown
## Pas un titre {#not-a-section}
```

### Sous-titre sans ancre

## Second {#second}

Texte 2.
"""


def test_an_article_splits_at_its_anchors_only():
    parts = split(PAGE)
    assert [part.anchor for part in parts] == [PAGE_START, "first", "second"]
    assert parts[0].text.startswith("---\n") and "# Titre" in parts[0].text
    assert "Pas un titre" in parts[1].text and "Sous-titre" in parts[1].text
    assert "".join(part.text for part in parts) == PAGE
    assert by_anchor(PAGE)["second"] == "## Second {#second} Texte 2."
    with pytest.raises(ValueError, match="first"):
        split(PAGE + "\n## Encore {#first}\n")


def test_the_french_diff_shows_the_words_removed_and_added_with_some_context():
    before = " ".join(f"mot{n}" for n in range(40)) + " elle arrive par la poste."
    after = " ".join(f"mot{n}" for n in range(40)) + " elle n'arrive que par la poste."
    changes = french_changes(before, after, context=3)
    assert changes == [Change("gap", "…"), Change("same", "mot38 mot39 elle"), Change("removed", "arrive"),
                       Change("added", "n'arrive que"), Change("same", "par la poste.")]
    assert french_changes("a b", "a b") == [Change("same", "a b")]


def git(folder, *args, day=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.ch", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.ch"}
    if day:
        env.update(GIT_AUTHOR_DATE=f"{day}T12:00:00", GIT_COMMITTER_DATE=f"{day}T12:00:00")
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def test_the_day_a_french_section_took_its_form_comes_from_git(tmp_path):
    page = tmp_path / "docs" / "fr" / "page.md"
    page.parent.mkdir(parents=True)
    git(tmp_path, "init", "-q")
    page.write_text(PAGE, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one", day="2026-10-01")
    page.write_text(PAGE.replace("Texte 2.", "Texte 2, changé."), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "two", day="2026-11-02")
    page.write_text(PAGE.replace("Texte 2.", "Texte 2, changé.").replace("Intro.", "Intro !"), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "three", day="2026-11-20")
    today = datetime.date(2026, 12, 5)
    history = FrenchHistory(tmp_path, today)
    now = by_anchor(page.read_text(encoding="utf-8"))
    assert history.since("docs/fr/page.md", by_anchor, "first", now["first"]) == datetime.date(2026, 10, 1)
    assert history.since("docs/fr/page.md", by_anchor, "second", now["second"]) == datetime.date(2026, 11, 2)
    assert history.since("docs/fr/page.md", by_anchor, PAGE_START, now[PAGE_START]) == datetime.date(2026, 11, 20)
    # Changed and not committed: today. Outside a repository (a copy of the tree): today.
    assert history.since("docs/fr/page.md", by_anchor, "first", "## Premier {#first} Autre.") == today
    assert FrenchHistory(tmp_path / "docs", today).since("fr/page.md", by_anchor, "first", now["first"]) == today


def entry(anchor, status):
    return Entry("de", "page.md", anchor, status, datetime.date(2026, 12, 5))


def test_a_translated_page_gets_its_notices_and_the_french_sections_it_lacks():
    german = PAGE.replace("Titre", "Titel").replace("Texte", "Text").replace("## Second {#second}\n\nText 2.\n", "")
    shown = follow_french("how-to/page.md", german, PAGE, {"first": entry("first", STALE),
                                                          "second": entry("second", MISSING)}, "de")
    parts = split(shown)
    assert [part.anchor for part in parts] == [PAGE_START, "first", "second"]
    assert parts[0].text == split(german)[0].text                    # current: exactly as written
    first_lines = parts[1].text.splitlines()
    assert first_lines[0] == "## Premier {#first}" and first_lines[2].startswith(
        '<p class="translation-notice" data-translation-status="stale">')
    assert 'href="../../../fr/how-to/page/#first" hreflang="fr"' in first_lines[2] and "05.12.2026" in first_lines[2]
    second = parts[1].text.split('<div class="translation-missing" lang="fr" markdown="1">')[1] + parts[2].text
    assert "## Second {#second}" in second and "Texte 2." in second and second.rstrip().endswith("</div>")
    assert 'data-translation-status="missing" lang="de"' in second


def test_a_page_the_language_lacks_shows_in_french_behind_its_front_matter():
    shown = follow_french("page.md", None, PAGE, {anchor: entry(anchor, MISSING) for anchor in by_anchor(PAGE)}, "en")
    assert shown.startswith('---\ndescription: "Une page."\n---\n\n<div class="translation-missing" lang="fr" markdown="1">')
    assert shown.count("translation-missing") == 3 and shown.count('data-translation-status="missing" lang="en"') == 3
    assert "5 December 2026" in shown and 'href="../../fr/page/#first"' in shown

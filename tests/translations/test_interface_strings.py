"""An editor changes four French interface strings: in a template of the theme, in the site's
code, in the checker's template and in a template of the guide, then runs `make catalogs-update`
(tests/translations/conftest.py: on a copy of the tree): every translated page shows the previous
translation, never the new French; the report and the check list exactly those strings in de, it
and en; the catalog tests of `make test` pass; once translated and recorded, nothing lags."""
import csv
import datetime
import html
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from guide.i18n import translations as guide_translations
from sitebuild import site_catalog
from sitebuild.translations import interface_strings
from sitebuild.translations.interface_strings import GUIDE_INTERFACE, SITE
from tests.conftest import TRANSLATED_LANGUAGES

from .conftest import Report, build, copy_tree, replace_once, run, take_report

TODAY = datetime.date.today()


@dataclass(frozen=True)
class Change:
    domain: interface_strings.Domain
    file: str
    before: str
    after: str
    page: str          # a page that shows it, below /<lang>/
    german: str        # what that page says in German before and after the change

    @property
    def key(self) -> str:
        return interface_strings.key(self.after)


CHANGES = (
    Change(SITE, "overrides/partials/feedback.html", "Cette page est-elle utile ?",
           "Cette page vous a-t-elle été utile ?", "index.html", "Ist diese Seite nützlich?"),
    Change(SITE, "sitebuild/sources/support_tables.py", "Rubrique", "Page de l'aide",
           "support/links/index.html", ">Abschnitt<"),
    Change(SITE, "sitebuild/templates/check_code.html.j2",
           "**Ce code a expiré.** Son dernier jour de validité était le %(expires_on)s.",
           "**Ce code a expiré.** Il était valable jusqu'au %(expires_on)s inclus.",
           "check-code/index.html", "Sein letzter gültiger Tag war der"),
    Change(GUIDE_INTERFACE, "guide/templates/pages/outcome.html.j2", "À faire maintenant",
           "Ce que vous faites maintenant", "guide/outcomes/order-new-code/index.html", ">Das tun Sie jetzt<"),
)
UPDATED = {"de": ["Hat Ihnen diese Seite geholfen?", "Seite der Hilfe",
                  "**Dieser Code ist abgelaufen.** Er galt bis und mit %(expires_on)s.", "Was Sie jetzt tun"],
           "it": ["Questa pagina Le è stata utile?", "Pagina dell'aiuto",
                  "**Questo codice è scaduto.** Era valido fino al %(expires_on)s compreso.", "Cosa fare ora"],
           "en": ["Did this page help you?", "Help page",
                  "**This code has expired.** It was valid up to and including %(expires_on)s.", "What you do now"]}


@dataclass(frozen=True)
class Changed:
    tree: Path
    site: Path
    update: subprocess.CompletedProcess
    report: Report
    catalog_tests: subprocess.CompletedProcess
    recorded: subprocess.CompletedProcess
    after: Report
    catalogs: dict[tuple[str, str], str]      # (language, catalog) -> the catalog, translated and recorded


def shown(text: str) -> str:
    """The longest plain stretch of a text as a page shows it (no bold, no placeholder)."""
    return max(re.split(r"\*\*|%\(\w+\)s", text), key=len).strip()


def page_text(site: Path, lang: str, page: str) -> str:
    return html.unescape((site / lang / page).read_text(encoding="utf-8"))


def catalog_path(tree: Path, lang: str, domain) -> Path:
    return tree / "locales" / lang / "LC_MESSAGES" / domain.catalog


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Changed:
    tree = copy_tree(tmp_path_factory.mktemp("interface") / "tree")
    for change in CHANGES:
        replace_once(tree / change.file, f'_("{change.before}")', f'_("{change.after}")')
    update = run(tree, "make", "catalogs-update", "catalogs-compile")
    report = take_report(tree)
    catalog_tests = run(tree, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/site/test_site_catalogs.py",
                        "tests/guide/test_catalogs.py", check=False)
    site = build(tree)
    # The translators update their catalogs (a PO editor), then record them.
    for lang, texts in UPDATED.items():
        for domain in (SITE, GUIDE_INTERFACE):
            catalog = interface_strings.read_catalog(catalog_path(tree, lang, domain), lang)
            for change, text in zip(CHANGES, texts):
                if change.domain is domain:
                    catalog[change.after].string = text
            interface_strings.write_catalog(catalog_path(tree, lang, domain), catalog)
    recorded = run(tree, "-m", "sitebuild.translations", "record", "de", "site",
                   *sorted(change.key for change in CHANGES if change.domain is SITE))
    run(tree, "-m", "sitebuild.translations", "record", "de", "guide-interface", "guide/templates/pages/outcome.html.j2")
    for lang in ("it", "en"):
        run(tree, "-m", "sitebuild.translations", "record", lang)
    return Changed(tree, site, update, report, catalog_tests, recorded, take_report(tree),
                   {(lang, domain.catalog): catalog_path(tree, lang, domain).read_text(encoding="utf-8")
                    for lang in TRANSLATED_LANGUAGES for domain in (SITE, GUIDE_INTERFACE)})


def test_the_update_carried_each_previous_translation(changed):
    for lang in TRANSLATED_LANGUAGES:
        assert f"{lang}: the previous translation kept, fuzzy, for 4 changed French interface strings" \
            in changed.update.stdout


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_the_pages_show_the_previous_translation_never_the_new_french(changed, lang):
    # This checkout's catalogs: the translations before the change.
    previous = {SITE: site_catalog.translations(lang).gettext, GUIDE_INTERFACE: guide_translations(lang).gettext}
    for change in CHANGES:
        page_html = page_text(changed.site, lang, change.page)
        assert shown(change.after) in page_text(changed.site, "fr", change.page), change.page
        assert shown(change.after) not in page_html, (lang, change.page)
        translation = previous[change.domain](change.before)
        assert translation != change.before and shown(translation) in page_html, (lang, change.page)
        if lang == "de":
            assert change.german in page_html, change.page


def test_the_report_lists_exactly_the_four_strings_in_each_language(changed):
    rows = list(csv.DictReader(io.StringIO(changed.report.csv)))
    assert {(row["language"], row["page"], row["section"], row["status"], row["since"]) for row in rows} == {
        (lang, change.domain.page, change.key, "stale", TODAY.isoformat())
        for lang in TRANSLATED_LANGUAGES for change in CHANGES}
    for row in rows:
        change = next(change for change in CHANGES if change.key == row["section"])
        assert (row["french_followed"], row["french_now"]) == (change.before, change.after)
        # The page that shows the string, in both languages.
        folder = change.page.removesuffix("index.html")
        assert urlsplit(row["translation_url"]).path == f"/{row['language']}/{folder}"
        assert urlsplit(row["french_url"]).path == f"/fr/{folder}"
    assert changed.report.check.returncode != 0
    assert "12 sections, guide texts and interface strings lag" in changed.report.check.stderr


def test_the_html_report_shows_the_catalog_the_file_the_diff_and_the_command(changed):
    entries = re.findall(r'<section class="entry".*?</section>', changed.report.html, re.S)
    assert len(entries) == 12
    for entry in entries:
        lang = re.search(r'data-lang="(\w+)"', entry).group(1)
        change = next(change for change in CHANGES if f'data-section="{change.key}"' in entry)
        assert f"<code>locales/{lang}/LC_MESSAGES/{change.domain.catalog}</code>" in entry and change.file in entry
        assert "<del>" in entry and "<ins>" in entry
        assert f"python -m sitebuild.translations record {lang} {change.domain.page} {change.key}" in entry
    feedback = next(entry for entry in entries if "feedback.html" in entry)
    assert "<del>est-elle</del>" in feedback and "<ins>vous a-t-elle été</ins>" in feedback


def test_the_copys_catalog_tests_pass_in_the_stale_state(changed):
    assert changed.catalog_tests.returncode == 0, changed.catalog_tests.stdout[-3000:]
    assert re.search(r"\d+ passed", changed.catalog_tests.stdout)


def test_once_translated_and_recorded_nothing_lags(changed):
    assert changed.recorded.stdout.count("de site ") == 3 and "recorded" in changed.recorded.stdout
    assert changed.after.check.returncode == 0 and "Every translation follows the French." in changed.after.check.stdout
    for (lang, name), po in changed.catalogs.items():
        assert "#, fuzzy" not in po, (lang, name)
    for lang, texts in UPDATED.items():
        for change, text in zip(CHANGES, texts):
            catalog = interface_strings.read_catalog(catalog_path(changed.tree, lang, change.domain), lang)
            assert catalog[change.after].string == text and not catalog[change.after].fuzzy


def test_recording_refuses_a_string_that_is_not_there(changed):
    done = run(changed.tree, "-m", "sitebuild.translations", "record", "de", "site", "0123456789abcdef", check=False)
    assert done.returncode == 2 and "no site string '0123456789abcdef'" in done.stderr

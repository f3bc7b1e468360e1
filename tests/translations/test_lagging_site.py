"""An editor changes one French sentence in one section of an article and one French text of a
guide outcome, and adds a French section to another article (tests/translations/conftest.py):
what the built site, the report and the check say, in every translated language; and once the
translations are updated and recorded, that nothing lags any more."""
import csv
import datetime
import html as html_text
import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from guide.dates import format_date
from guide.i18n import translations
from guide.tree import load_flow
from tests.conftest import TRANSLATED_LANGUAGES
from tests.html_checker import checker_messages

from .conftest import ARTICLE, NEW_ARTICLE, NEW_SECTION, OUTCOME, OUTCOME_CHANGE, SECTION, SENTENCE, notices, run

TODAY = datetime.date.today()
OLD_WHY = load_flow().outcomes[OUTCOME].why            # the French the translations follow
ARTICLE_PAGE = ARTICLE.removesuffix(".md") + "/index.html"
NEW_ARTICLE_PAGE = NEW_ARTICLE.removesuffix(".md") + "/index.html"
OUTCOME_PAGE = f"guide/outcomes/{OUTCOME}/index.html"


def read(site: Path, lang: str, page: str) -> str:
    return (site / lang / page).read_text(encoding="utf-8")


def pages_with_notices(site: Path, lang: str) -> dict[str, list[str]]:
    found = {}
    for path in sorted((site / lang).rglob("*.html")):
        shown = notices(path.read_text(encoding="utf-8"))
        if shown:
            found[path.relative_to(site / lang).as_posix()] = shown
    return found


def pages_of_the_outcome(site: Path, lang: str) -> set[str]:
    return {path.relative_to(site / lang).as_posix() for path in (site / lang / "guide").rglob("index.html")
            if f'data-guide-outcome="{OUTCOME}"' in path.read_text(encoding="utf-8")}


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_exactly_the_changed_section_and_outcome_carry_the_notice(lagging, lang):
    found = pages_with_notices(lagging.site, lang)
    outcome_pages = pages_of_the_outcome(lagging.site, lang)
    assert OUTCOME_PAGE in outcome_pages and len(outcome_pages) > 1     # its own address and every way to it
    assert set(found) == {ARTICLE_PAGE, NEW_ARTICLE_PAGE} | outcome_pages
    assert all(len(shown) == 1 for shown in found.values()), found
    # The section's notice right under its heading, stale, dated today in the page's language.
    html = read(lagging.site, lang, ARTICLE_PAGE)
    (notice,) = found[ARTICLE_PAGE]
    heading_end = html.index(f'<h2 id="{SECTION}">')
    assert html.index(notice) > heading_end and html.index("</h2>", heading_end) < html.index(notice)
    assert not re.search(r"<h[1-6]", html[heading_end + 5:html.index(notice)])
    _ = translations(lang).gettext
    for shown in [notice, found[OUTCOME_PAGE][0]]:
        assert 'data-translation-status="stale"' in shown and format_date(TODAY, lang) in shown
        assert f'hreflang="fr">{_("Version française")}</a>' in shown and _("Version française") != "Version française"
    assert 'data-translation-status="missing"' in found[NEW_ARTICLE_PAGE][0]
    assert "role=" not in notice and "aria-live" not in notice                # a note to read, not an alert


def test_french_pages_show_no_notice(lagging):
    assert pages_with_notices(lagging.site, "fr") == {}


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_the_french_version_link_leads_to_the_same_section_in_french(lagging, lang):
    for page, anchor in ((ARTICLE_PAGE, SECTION), (OUTCOME_PAGE, None), (NEW_ARTICLE_PAGE, NEW_SECTION)):
        (notice,) = notices(read(lagging.site, lang, page))
        href = re.search(r'href="([^"]+)" hreflang="fr"', notice).group(1)
        target = urlsplit(urljoin(f"/{lang}/{page}", href))
        assert target.path.startswith("/fr/") and (target.fragment or None) == anchor
        french = (lagging.site / target.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in french


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_the_outcome_shows_the_previous_translation_never_the_new_french(lagging, lang):
    shown = html_text.unescape(read(lagging.site, lang, OUTCOME_PAGE))
    previous = translations(lang).gettext(OLD_WHY)       # this checkout's catalog: the text before the change
    assert previous != OLD_WHY and previous in shown
    assert OUTCOME_CHANGE[1] not in shown and OUTCOME_CHANGE[0] not in shown


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_a_french_section_the_translation_lacks_shows_in_french_with_the_notice(lagging, lang):
    html = read(lagging.site, lang, NEW_ARTICLE_PAGE)
    block = re.search(r'<div class="translation-missing" lang="fr">(.*?)</div>', html, re.S).group(1)
    assert f'<h2 id="{NEW_SECTION}">Nouveau numéro de mobile' in block
    assert "Votre numéro de mobile a changé" in block and "par e-mail à" in block   # the fund's details, in French
    assert f'data-translation-status="missing" lang="{lang}"' in block
    assert html.index(block) > html.index('id="sms-code-not-arriving"')        # where the French has it


def test_the_report_lists_exactly_the_six_entries_with_both_links(lagging):
    rows = list(csv.DictReader(io.StringIO(lagging.report.csv)))
    place = f"outcomes.{OUTCOME}.why"
    assert {(row["language"], row["page"], row["section"], row["status"], row["since"]) for row in rows} == {
        (lang, page, section, "stale", TODAY.isoformat())
        for lang in TRANSLATED_LANGUAGES for page, section in ((ARTICLE, SECTION), ("guide", place))}
    assert len(rows) == 6
    for row in rows:
        lang = row["language"]
        for key, code in (("translation_url", lang), ("french_url", "fr")):
            assert urlsplit(row[key]).path.startswith(f"/{code}/")
        assert row["translation_url"].replace(f"/{lang}/", "/fr/", 1) == row["french_url"]
    article = next(row for row in rows if row["page"] == ARTICLE)
    assert article["french_url"].endswith(f"/fr/situations/no-active-login/#{SECTION}")
    assert SENTENCE[0] in article["french_followed"] and SENTENCE[1] in article["french_now"]
    guide = next(row for row in rows if row["page"] == "guide")
    assert guide["french_url"].endswith(f"/fr/guide/outcomes/{OUTCOME}/") and OUTCOME_CHANGE[0] in guide["french_followed"]
    # The terminal's table says the same.
    table = [line.split() for line in lagging.report.make.stdout.splitlines() if line.startswith(tuple(TRANSLATED_LANGUAGES))]
    assert sorted((line[0], line[1], line[2], line[3]) for line in table) == sorted(
        (row["language"], row["page"], row["section"], row["status"]) for row in rows)


def test_the_html_report_shows_each_entry_with_both_links_and_the_french_words_changed(lagging):
    html = lagging.report.html
    entries = re.findall(r'<section class="entry".*?</section>', html, re.S)
    assert len(entries) == 6
    for entry in entries:
        lang = re.search(r'data-lang="(\w+)"', entry).group(1)
        assert len(re.findall(rf'<a href="http://[^"]+/{lang}/[^"]*" hreflang="{lang}">', entry)) == 1
        assert len(re.findall(r'<a href="http://[^"]+/fr/[^"]*" hreflang="fr">', entry)) == 1
        assert "<del>" in entry and "<ins>" in entry and "python -m sitebuild.translations record " + lang in entry
    article = next(entry for entry in entries if f'data-page="{ARTICLE}"' in entry)
    assert "<del>arrive</del>" in article and "<ins>n&#39;arrive que</ins>" in article
    # Self-contained: no script, no stylesheet or image from elsewhere.
    assert "<script" not in html and not re.search(r'<link|src="', html)
    counts = re.search(r'<tr data-lang="de">.*?</tr>', html).group(0)
    assert re.search(r'data-status="stale">2<', counts) and re.search(r'data-status="missing">0<', counts)


def test_the_check_fails_while_anything_lags(lagging):
    assert lagging.report.check.returncode != 0
    assert f"{ARTICLE}" in lagging.report.check.stdout and "6 sections, guide texts and interface strings lag" in lagging.report.check.stderr


def test_the_catalog_update_kept_the_previous_translations(lagging):
    for lang in TRANSLATED_LANGUAGES:
        assert f"{lang}: the previous translation kept, fuzzy, for 1 changed French texts" in lagging.catalogs_update.stdout


def test_the_copys_catalog_and_guide_tests_pass_in_the_stale_state(lagging):
    """`make test` stays green after a French-only edit: the tests that guard the catalogs and the
    guide's pages, run in the edited copy."""
    done = run(lagging.tree, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/guide",
               "tests/site/test_site_catalogs.py", check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"\d{3,} passed", done.stdout)


def test_the_notice_pages_are_valid_html(lagging):
    files = [lagging.site / lang / page for lang in ("fr", *TRANSLATED_LANGUAGES)
             for page in (ARTICLE_PAGE, NEW_ARTICLE_PAGE, OUTCOME_PAGE)]
    errors = [f"{message.get('url')}:{message.get('lastLine')}: {message.get('message')}"
              for message in checker_messages(files) if message.get("type") != "info"]
    assert not errors, "\n".join(errors)


def test_once_translated_and_recorded_nothing_lags(recorded):
    assert recorded.before.returncode != 0
    check = run(recorded.tree, "make", "translations-check", check=False)
    assert check.returncode == 0 and "Every translation follows the French." in check.stdout
    assert recorded.report.check.returncode == 0
    assert recorded.report.csv.strip().splitlines() == [",".join(["language", "page", "section", "status", "since",
                                                                  "translation_url", "french_url", "french_followed",
                                                                  "french_now"])]
    assert "<section" not in recorded.report.html and "Toutes les traductions suivent le texte français." in recorded.report.html
    for lang in ("fr", *TRANSLATED_LANGUAGES):
        assert pages_with_notices(recorded.site, lang) == {}
    # The translators' new texts are what the pages show.
    assert "Er kommt nur per Post." in read(recorded.site, "de", ARTICLE_PAGE)
    assert "Ohne aktiven Administrator bei Ihnen braucht es einen neuen Zugangscode" in read(recorded.site, "de", OUTCOME_PAGE)
    po = (recorded.tree / "locales" / "de" / "LC_MESSAGES" / "guide.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po

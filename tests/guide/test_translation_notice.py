"""A step of the guide whose translation lags the French says so (guide/translation.py): on the
static page and as the browser's worker renders it from the runtime manifest (the same package:
these tests also run inside Pyodide), in the page's language, with a link to the French step,
and on no other step. Which texts lag is the build's to say (tests/translations/)."""
import datetime
import json
import re

import pytest

from guide import urls
from guide.browser import BrowserGuide
from guide.dates import format_date
from guide.render import request_of
from guide.step_html import all_pages, outcome_page
from guide.texts import Texts
from guide.translation import MISSING, STALE, GuideLags, Lag, worst

from .conftest import FUND_CONFIG, TRANSLATED

SINCE = datetime.date(2026, 12, 5)
NOTICE = re.compile(r'<p class="translation-notice" data-translation-status="(\w+)">(.*?) '
                    r'<a href="([^"]+)" hreflang="fr">([^<]+)</a></p>')


def pages_with_notice(flow, fund, lang, lags):
    pages = list(all_pages(flow, Texts(lang, fund, lags=GuideLags(lags))))
    return pages, {page.location: NOTICE.findall(page.html) for page in pages if "translation-notice" in page.html}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_changed_outcome_text_marks_that_outcome_and_nothing_else(flow, fund, lang):
    pages, noticed = pages_with_notice(flow, fund, lang, {"outcomes.order-new-code.why": Lag(STALE, SINCE)})
    expected = {page.location for page in pages if page.outcome == "order-new-code"}
    assert len(expected) > 1 and set(noticed) == expected   # its own address and every way to it
    for location, found in noticed.items():
        ((status, text, href, link),) = found
        assert status == STALE and format_date(SINCE, lang) in text
        assert "français" not in text and link != "Version française"      # the page's language
        assert href == urls.in_language(location, "fr")
    (own,) = [notice for location, notice in noticed.items() if location == urls.outcome_location("order-new-code")]
    assert own[0][2] == "../../../../fr/guide/outcomes/order-new-code/"


def test_a_request_text_marks_every_outcome_that_prepares_it(flow, fund):
    pages, noticed = pages_with_notice(flow, fund, "de", {"kinds.order-access-code.subject": Lag(STALE, SINCE)})
    preparing = {outcome.id for outcome in flow.outcomes.values()
                 if (request := request_of(outcome)) and "order-access-code" in {kind.id for kind in request.kinds}}
    assert preparing and {page.outcome for page in pages if page.location in noticed} == preparing


def test_question_texts_and_the_guides_summary_mark_their_question(flow, fund):
    pages, noticed = pages_with_notice(flow, fund, "it", {"questions.code-letter.options[0].label": Lag(STALE, SINCE)})
    assert noticed and all(page.node == "code-letter" for page in pages if page.location in noticed)
    assert len(noticed) == sum(page.node == "code-letter" for page in pages)
    _, noticed = pages_with_notice(flow, fund, "en", {"summary": Lag(STALE, SINCE)})
    assert set(noticed) == {urls.step_location(())}


def test_no_lag_no_notice(flow, fund):
    for lang in TRANSLATED:
        pages, noticed = pages_with_notice(flow, fund, lang, {})
        assert pages and not noticed


def test_a_missing_text_shows_in_french_marked_as_french(flow, fund):
    texts = Texts("de", fund, lags=GuideLags({"outcomes.order-new-code.why": Lag(MISSING, SINCE)}))
    html = outcome_page(flow.outcomes["order-new-code"], texts).html
    ((status, _, _, _),) = NOTICE.findall(html)
    assert status == MISSING
    assert str(texts.html("Un texte que personne n'a encore traduit")) == \
        '<span lang="fr">Un texte que personne n&#39;a encore traduit</span>'
    assert "<span lang" not in str(texts.html(flow.outcomes["order-new-code"].why))   # translated: as it is


def test_the_browser_shows_the_static_pages_notice(flow, fund):
    manifest = {"fund": FUND_CONFIG, "translations": {
        "de": GuideLags({"outcomes.order-new-code.why": Lag(STALE, SINCE)}).to_json()}}
    guide = BrowserGuide.from_json(json.dumps(manifest))
    shown = guide.step("de", "outcomes/order-new-code/")
    static = outcome_page(flow.outcomes["order-new-code"], Texts("de", fund, lags=GuideLags.from_json(manifest["translations"]["de"])))
    assert shown["status"] == "ok" and shown["html"] == static.html and NOTICE.search(shown["html"])
    assert not NOTICE.search(guide.step("it", "outcomes/order-new-code/")["html"])    # Italian follows
    assert not NOTICE.search(guide.step("de", "")["html"])


def test_several_lagging_texts_give_the_worst_status_and_the_latest_day():
    assert worst([Lag(STALE, SINCE), Lag(MISSING, datetime.date(2026, 11, 1))]) == Lag(MISSING, SINCE)
    assert worst([Lag(STALE, datetime.date(2026, 11, 1)), Lag(STALE, SINCE)]) == Lag(STALE, SINCE)
    assert worst([]) is None

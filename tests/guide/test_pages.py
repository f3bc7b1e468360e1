"""The guide's pages in every language: one question per page with a link per answer, the
way back, "your answers" with Change links, outcomes, and links that all lead somewhere."""
import re
import pytest

from guide import urls
from guide.i18n import translations
from guide.step_html import all_pages, unknown_step_page

from .conftest import ROOT
from .htmlpages import follow, read
from .conftest import TRANSLATED

README = ROOT / "docs" / "README.md"


@pytest.fixture(scope="module")
def pages(flow, texts):
    return list(all_pages(flow, texts))


@pytest.fixture(scope="module")
def by_location(pages):
    return {page.location: page for page in pages}


def declared_articles() -> dict[str, set[str]]:
    """docs/README.md's table: each article page and its explicit anchors."""
    articles = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith(".md`"):
            articles[cells[0].strip("`")] = set(re.findall(r"`([a-z0-9-]+)`", cells[2]))
    return articles


def test_every_page_has_its_own_place(pages, flow):
    locations = [page.location for page in pages]
    assert len(locations) == len(set(locations))
    assert urls.step_location(()) in locations and urls.unknown_step_location() in locations
    assert all(urls.outcome_location(outcome_id) in locations for outcome_id in flow.outcomes)


def test_a_question_page_asks_one_question_with_a_link_per_answer(pages, flow, texts):
    for page in pages:
        if not page.node:
            continue
        question = flow.questions[page.node]
        html = read(page.html)
        assert html.h1 == [texts.plain(question.text)]
        options = [link for link in html.links if "guide-option" in link["class"]]
        assert [link["text"] for link in options] == [" ".join(texts.plain(o.label).split()) for o in question.options]
        assert [link["href"] for link in options] == [f"{option.id}/" for option in question.options]


def test_back_your_answers_and_change_links(by_location, texts):
    page = by_location[("guide", "regain-access", "no")]
    html = read(page.html)
    back = [link for link in html.links if link["text"] == texts.gettext("Retour")]
    assert [link["href"] for link in back] == ["../"]
    changes = [link["href"] for link in html.links if "guide-change" in link["class"]]
    assert changes == ["../../", "../"]            # each back to its question, later answers dropped
    assert texts.gettext("Vos réponses") in page.html
    assert any(link["text"] == texts.gettext("Recommencer") and link["href"] == "../../" for link in html.links)


def test_the_start_page_has_an_intro_and_no_way_back(by_location, texts):
    start = by_location[urls.step_location(())]
    assert start.node == "goal" and 'class="guide-intro"' in start.html
    assert texts.gettext("Retour") not in [link["text"] for link in read(start.html).links]


def test_every_link_between_guide_pages_leads_to_a_page(pages, by_location):
    for page in pages:
        for link in read(page.html).links:
            href = link["href"]
            if href.startswith(("mailto:", "tel:", "https:")):
                continue
            target, _ = follow(page.location, href)
            if target[:1] == ("guide",):
                assert target in by_location, f"{page.src_uri}: {href} leads nowhere"


def test_every_article_link_names_a_declared_page_and_anchor(pages):
    articles = {urls.article_location(page): anchors for page, anchors in declared_articles().items()}
    assert articles, "docs/README.md declares no article"
    for page in pages:
        for link in read(page.html).links:
            target, anchor = follow(page.location, link["href"])
            if target[:1] != ("guide",) and not link["href"].startswith(("mailto:", "tel:", "https:")):
                assert target in articles, f"{page.src_uri}: {link['href']} is no article"
                assert anchor in articles[target], f"{page.src_uri}: #{anchor} is not declared for {target}"


def test_one_searchable_page_per_outcome(pages, flow):
    searchable = [page.outcome for page in pages if page.searchable]
    assert sorted(searchable) == sorted(flow.outcomes)
    assert all(page.outcome for page in pages if page.searchable)


def test_search_engines_get_the_start_and_each_outcome_with_a_description(pages, flow, texts):
    indexable = {page.location: page for page in pages if page.indexable}
    start = indexable.pop(urls.step_location(()))
    assert start.node == flow.start and start.description == texts.plain(flow.summary)
    assert sorted(page.outcome for page in indexable.values()) == sorted(flow.outcomes)
    for page in indexable.values():
        assert page.searchable and page.description == texts.plain(flow.outcomes[page.outcome].summary)
    assert not any(page.description for page in pages if not page.indexable)


def test_an_outcome_on_the_way_links_to_its_permanent_page(by_location, texts):
    page = by_location[("guide", "new-code", "no", "by-email-or-phone")]
    assert page.outcome == "code-by-post-only"
    permalink = [link for link in read(page.html).links if link["text"] == texts.gettext("Lien permanent vers cette réponse, à partager")]
    assert follow(page.location, permalink[0]["href"])[0] == urls.outcome_location("code-by-post-only")


def test_a_request_outcome_says_what_to_prepare_and_how_to_send_it(by_location, texts):
    email_page = by_location[urls.outcome_location("order-new-code")].html
    assert 'href="mailto:' in email_page and texts.gettext("Ce qu'il faut préparer") in email_page
    letter_page = by_location[urls.outcome_location("fund-creates-logins")].html
    assert "guide-request-letter" in letter_page and "mailto:connect@test.example?" not in letter_page
    for line in texts.fund.postal_address:
        assert line in letter_page


def test_unknown_step_page(texts):
    page = unknown_step_page(texts, "/fr/guide/")
    assert read(page.html).h1 == [texts.gettext("Cette étape du guide n'existe pas")]
    assert 'href="/fr/guide/"' in page.html and not page.searchable
    assert 'href="../"' in unknown_step_page(texts).html


@pytest.mark.parametrize("lang", TRANSLATED, indirect=True)
def test_no_french_text_is_left_on_pages_in_other_languages(pages, texts):
    french = [msgid for msgid in translations(texts.lang)._catalog if isinstance(msgid, str) and len(msgid) > 25
              and "%(" not in msgid]
    assert len(french) > 100
    for page in pages:
        visible = " ".join(read(page.html).text)
        left = [msgid for msgid in french if msgid in visible]
        assert not left, f"{page.src_uri} in {texts.lang} shows French: {left[:2]}"

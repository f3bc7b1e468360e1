"""The support staff's links page (/<lang>/support/links/, linked from the desk) lists every
article and explicit anchor, and every guide outcome, in all four languages."""

from sitebuild.sources import anchors
from sitebuild.sources.support_tables import SUPPORT_PAGES

from tests.site.htmlscan import scan

SITE_URL = "http://127.0.0.1:8000/"


def test_every_anchor_of_every_article_is_listed_in_every_language(site_dir, languages):
    for lang in languages:
        listed = set(scan(site_dir / lang / "support" / "links" / "index.html").links)
        for article in anchors.articles("fr"):
            if article.src_uri in SUPPORT_PAGES:
                continue
            path = anchors.page_path(article.src_uri)
            for code in languages:
                assert f"{SITE_URL}{code}/{path}" in listed, (lang, code, path)
                for section in article.sections:
                    assert f"{SITE_URL}{code}/{path}#{section.anchor}" in listed, (lang, code, path, section)


def test_anchors_are_the_same_in_every_language(languages):
    french = {a.src_uri: [s.anchor for s in a.sections] for a in anchors.articles("fr")}
    for lang in languages:
        others = {a.src_uri: [s.anchor for s in a.sections] for a in anchors.articles(lang)}
        assert others == french, lang


def test_headings_with_anchors_have_a_permalink(site_dir, languages):
    for lang in languages:
        page = (site_dir / lang / "situations" / "no-active-login" / "index.html").read_text(encoding="utf-8")
        assert 'href="#order-a-new-code"' in page and 'class="headerlink"' in page


def test_every_guide_outcome_is_listed_at_its_stable_address(site_dir, languages):
    from guide.tree import load_flow

    outcomes = load_flow().outcomes
    for lang in languages:
        support = site_dir / lang / "support" / "links" / "index.html"
        listed = set(scan(support).links)
        for outcome_id in outcomes:
            for code in languages:
                assert f"{SITE_URL}{code}/guide/outcomes/{outcome_id}/" in listed, (lang, code, outcome_id)
        assert "guide-tree.svg" in support.read_text(encoding="utf-8")
        assert (site_dir / lang / "img" / "guide-tree.svg").is_file()

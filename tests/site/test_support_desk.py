"""The support desk as built (/<lang>/support/): one answer per situation, per how-to and per
guide outcome, each in every language with links that resolve in the built site, none French in
another language, grouped by situation; the reply sentences of docs/support-replies.toml complete;
the long tables of links on a page of their own."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from guide import reference
from guide.tree import load_flow
from sitebuild.feedback_pages import page_title
from sitebuild.sources.desk_answers import reply_sentences
from tests.conftest import ROOT
from tests.site.desk_page import desk_answers
from tests.site.htmlscan import scan

SITE_URL = "http://127.0.0.1:8000/"   # what the test build writes into absolute links
FRENCH = ROOT / "docs" / "fr"
URL = re.compile(r"https?://\S+")


def situation_and_how_to_pages() -> list[str]:
    """The answers' pages, from the French articles' folders (not from the desk's own code): the
    situations, their easy-read versions and the how-tos."""
    return sorted(path.relative_to(FRENCH).with_suffix("").as_posix()
                  for folder in ("situations", "how-to", "easy-read") for path in (FRENCH / folder).glob("*.md"))


def desk(site_dir: Path, lang: str):
    return desk_answers(site_dir / lang / "support" / "index.html")


def resolves(site_dir: Path, url: str) -> bool:
    """An absolute link of the test build: its page is built, and its anchor is on that page."""
    assert url.startswith(SITE_URL), url
    address, fragment = urldefrag(url[len(SITE_URL):])
    page = site_dir / address / "index.html"
    return page.is_file() and (not fragment or fragment in scan(page).ids)


def sentences(text: str) -> list[str]:
    """The sentences of a reply, its links left out."""
    return [part for part in re.split(r"(?<=[.!?])\s+", URL.sub("", text).strip()) if part.strip(" :")]


def test_there_is_one_answer_per_situation_how_to_and_guide_outcome(site_dir, languages):
    pages, outcomes = situation_and_how_to_pages(), list(load_flow().outcomes)
    assert len(pages) >= 7 and outcomes
    for lang in languages:
        ids = [answer.id for answer in desk(site_dir, lang)]
        assert len(ids) == len(pages) + len(outcomes), lang
        assert sorted(ids) == sorted(pages + outcomes), lang


def test_every_answer_has_its_reply_sentence_and_none_is_left_over():
    given = reply_sentences()
    pages, outcomes = situation_and_how_to_pages(), list(load_flow().outcomes)
    missing = ([f"[pages.\"{page}\"]" for page in pages if not given["pages"].get(page, {}).get("reply")]
               + [f"[outcomes.{outcome}]" for outcome in outcomes if not given["outcomes"].get(outcome, {}).get("reply")])
    assert not missing, "docs/support-replies.toml: add the reply sentence of " + ", ".join(missing)
    unknown = sorted(set(given["pages"]) - set(pages)) + sorted(set(given["outcomes"]) - set(outcomes))
    assert not unknown, f"docs/support-replies.toml names what the site does not have: {unknown}"
    for page, entry in given["pages"].items():
        if "section" in entry:
            assert entry["section"] in scan_anchors(page), (page, entry["section"])


def scan_anchors(page: str) -> set[str]:
    return set(re.findall(r"\{#([A-Za-z0-9_-]+)", (FRENCH / f"{page}.md").read_text(encoding="utf-8")))


def test_every_answer_is_there_in_every_language_with_links_that_resolve(site_dir, languages):
    for lang in languages:
        for answer in desk(site_dir, lang):
            where = f"/{lang}/support/ {answer.id}"
            assert set(answer.versions) == set(languages) and set(answer.links) == set(languages), where
            for code, version in answer.versions.items():
                link = version["data-answer-link"]
                assert link.startswith(f"{SITE_URL}{code}/") and link == answer.links[code], (where, code)
                assert resolves(site_dir, link), (where, link)
                text = version["data-answer-text"]
                assert link in text, (where, code)
                assert all(resolves(site_dir, url) for url in URL.findall(text)), (where, code)
            # Without JavaScript, the reply shown is the page's language.
            assert answer.reply_lang == lang
            shown = "".join(answer.reply_text.split())
            assert shown == "".join(answer.versions[lang]["data-answer-text"].split()), where


def test_a_reply_is_the_same_on_every_staff_page_and_never_french_in_another_language(site_dir, languages):
    french_page = {answer.id: answer for answer in desk(site_dir, "fr")}
    for lang in languages:
        for answer in desk(site_dir, lang):
            assert answer.versions == french_page[answer.id].versions, (lang, answer.id)
    for answer in french_page.values():
        french = set(sentences(answer.versions["fr"]["data-answer-text"]))
        for code in languages:
            if code == "fr":
                continue
            shared = french & set(sentences(answer.versions[code]["data-answer-text"]))
            assert not shared, f"{answer.id} in {code} has French sentences: {shared}"


def test_a_reply_has_two_to_four_sentences(site_dir, languages):
    for answer in desk(site_dir, "fr"):
        for code in languages:
            count = len(sentences(answer.versions[code]["data-answer-text"]))
            assert 2 <= count <= 4, (answer.id, code, count)


def test_answers_are_grouped_by_situation_in_the_nav_s_order(site_dir, languages):
    flow = load_flow()
    for lang in languages:
        answers = {answer.id: answer for answer in desk(site_dir, lang)}
        headings = list(dict.fromkeys(answer.group for answer in answers.values()))
        # Situation 1, 2, 3 first, each under its article's title.
        situations = ["administrator-leaving", "no-active-login", "fiduciary-access"]
        titles = [page_title((site_dir / lang / "situations" / name / "index.html").read_text(encoding="utf-8"))
                  for name in situations]
        assert headings[:3] == titles, lang
        assert [answers[f"situations/{name}"].group for name in situations] == titles, lang
        for outcome in flow.outcomes.values():
            linked = [link.page.removesuffix(".md") for link in outcome.read_more if link.page.startswith("situations/")]
            if linked:
                assert answers[outcome.id].group == answers[linked[0]].group, (lang, outcome.id)


def test_each_outcome_answer_carries_what_the_reference_field_looks_for(site_dir, languages):
    outcomes = load_flow().outcomes
    for lang in languages:
        for answer in desk(site_dir, lang):
            if answer.id not in outcomes:
                assert "data-answer-keys" not in answer.attrs
                continue
            assert json.loads(answer.attrs["data-answer-keys"]) == list(reference.keys(answer.id))
            target = (site_dir / lang / "support" / answer.attrs["data-answer-href"] / "index.html").resolve()
            assert target == (site_dir / lang / "guide" / "outcomes" / answer.id / "index.html").resolve()


def test_the_long_link_tables_are_on_a_page_of_their_own_linked_both_ways(site_dir, languages):
    for lang in languages:
        desk_page = site_dir / lang / "support" / "index.html"
        links_page = site_dir / lang / "support" / "links" / "index.html"
        assert 'class="support-links"' not in desk_page.read_text(encoding="utf-8")
        assert 'class="support-links"' in links_page.read_text(encoding="utf-8")
        assert "links/" in scan(desk_page).links
        assert "../" in scan(links_page).links


@pytest.mark.parametrize("what", ["reply", "section"])
def test_a_missing_sentence_leaves_the_answer_on_the_desk(what, site_config):
    """A new outcome shows on the desk before its sentence is written (the test above fails)."""
    from guide.reference import SiteAddress
    from sitebuild.sources.desk_answers import all_answers, desk_groups

    given = reply_sentences()
    trimmed = {"pages": {page: {key: value for key, value in entry.items() if key != what}
                         for page, entry in given["pages"].items()},
               "outcomes": {} if what == "reply" else given["outcomes"]}
    answers = all_answers(desk_groups(site_config.fund, SiteAddress(SITE_URL, "fr"), ["fr", "de"], trimmed))
    assert len(answers) == len(situation_and_how_to_pages()) + len(load_flow().outcomes)
    for answer in answers:
        assert answer.replies["de"].text and answer.replies["de"].link in answer.replies["de"].text
        assert answer.has_fact == (what == "section")

"""What search engines read in the head of every built page: a meta description on every page
they may index (one, 1-160 characters, none alike within a language), `noindex` on the guide's
question pages, and the guide's way in (its start and its outcomes) indexable with its alternates.
"""
import json
from html.parser import HTMLParser

from guide import urls
from guide.engine import reachable_steps
from guide.tree import load_flow
from tests.site.htmlscan import html_pages

MAX_DESCRIPTION = 160


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.descriptions, self.robots, self.alternates = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs.get("content") or "")
        if tag == "meta" and attrs.get("name") == "robots":
            self.robots.append(attrs.get("content") or "")
        if tag == "link" and "alternate" in (attrs.get("rel") or "").split() and attrs.get("hreflang"):
            self.alternates.append(attrs["hreflang"])


def head(path):
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def noindex(page) -> bool:
    return any("noindex" in value for value in page.robots)


def built(site_dir, lang, location):
    return (site_dir / lang / urls.src_uri(location).removesuffix("index.md").removesuffix(".md") / "index.html")


def test_every_indexable_page_has_one_description_of_at_most_160_characters(site_dir, languages):
    for lang in languages:
        seen = {}
        indexable = 0
        for path in html_pages(site_dir, lang):
            page = head(path)
            where = path.relative_to(site_dir).as_posix()
            if noindex(page):
                continue
            indexable += 1
            assert len(page.descriptions) == 1, f"{where}: {len(page.descriptions)} meta descriptions"
            description = page.descriptions[0].strip()
            assert 1 <= len(description) <= MAX_DESCRIPTION, f"{where}: {len(description)} characters"
            assert description not in seen, f"{where} and {seen.get(description)} share their description"
            seen[description] = where
        assert indexable >= 12, lang
    root = head(site_dir / "index.html")
    assert not noindex(root) and len(root.descriptions) == 1 and 1 <= len(root.descriptions[0]) <= MAX_DESCRIPTION


def test_questions_are_noindex_and_the_start_and_outcomes_indexable(site_dir, languages):
    flow = load_flow()
    for lang in languages:
        for step in reachable_steps(flow):
            path = built(site_dir, lang, urls.step_location(step.answers))
            page = head(path)
            if step.answered:
                assert noindex(page) and not page.alternates, f"{path}: a step on the way must be noindex"
            else:
                assert not noindex(page) and set(languages) <= set(page.alternates), f"{path}: the start is indexable"
        for outcome_id in flow.outcomes:
            page = head(built(site_dir, lang, urls.outcome_location(outcome_id)))
            assert not noindex(page) and set(languages) <= set(page.alternates), outcome_id
        assert noindex(head(built(site_dir, lang, urls.unknown_step_location())))
        assert noindex(head(site_dir / lang / "404.html"))


def test_question_pages_stay_out_of_the_search_index(site_dir, languages):
    flow = load_flow()
    questions = {urls.src_uri(urls.step_location(step.answers)).removesuffix("index.md")
                 for step in reachable_steps(flow) if step.answered}
    for lang in languages:
        index = json.loads((site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert not locations & questions, lang

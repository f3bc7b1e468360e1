"""The guide's steps as source pages (sitebuild/sources/guide_steps.py) and its diagram
(sitebuild/sources/guide_diagram.py)."""
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import markdown
import pytest
import yaml

from guide import urls
from guide.texts import Texts
from guide.tree import load_flow
from sitebuild.sources import guide_diagram, guide_steps
from tests.guide.htmlpages import read
from tests.conftest import SITE_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = SITE_LANGUAGES


def front_matter(content):
    _, meta, body = content.split("---\n", 2)
    return yaml.safe_load(meta), body


@pytest.fixture(scope="module")
def written(tmp_path_factory, site_config):
    """The guide's sources of every language, over a copy of the articles they link to."""
    folders = {}
    for lang in LANGUAGES:
        docs = tmp_path_factory.mktemp(f"docs-{lang}")
        for page in {link.page for outcome in load_flow().outcomes.values() for link in outcome.read_more}:
            (docs / page).parent.mkdir(parents=True, exist_ok=True)
            (docs / page).write_text("# article\n", encoding="utf-8")
        (docs / "guide").mkdir()
        (docs / "guide" / "index.md").write_text("placeholder\n", encoding="utf-8")
        count = guide_steps.write_guide_steps(docs, site_config.fund, lang, site_path=f"/{lang}/")
        folders[lang] = (docs, count)
    return folders


def guide_pages(docs: Path) -> dict[str, str]:
    return {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8")
            for path in (docs / "guide").rglob("*.md")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_the_language_with_its_front_matter(written, lang):
    docs, count = written[lang]
    by_uri = guide_pages(docs)
    assert len(by_uri) == count
    assert (docs / guide_steps.DIAGRAM_URI).is_file()
    start, body = front_matter(by_uri["guide/index.md"])   # the placeholder gave way
    # The guide's way in: for search engines (a description, no robots hint), not the site's search.
    assert start["guide_node"] == "goal" and start["search"] == {"exclude": True} and "robots" not in start
    assert start["title"] and start["description"] and "placeholder" not in body
    searchable = []
    for uri, content in by_uri.items():
        meta, body = front_matter(content)
        assert ("guide_node" in meta) + ("guide_outcome" in meta) <= 1
        if "search" not in meta:
            searchable.append(meta["guide_outcome"])
            assert "robots" not in meta and meta["description"]
        elif uri != "guide/index.md":
            assert meta["robots"] == "noindex" and "description" not in meta, uri
    assert sorted(searchable) == sorted(load_flow().outcomes)
    unknown, _ = front_matter(by_uri[urls.src_uri(urls.unknown_step_location())])
    assert unknown["robots"] == "noindex"


def test_markdown_leaves_the_pages_html_alone(written):
    docs, _ = written["fr"]
    extensions = ["toc", "attr_list", "md_in_html", "admonition", "def_list", "tables", "pymdownx.details"]
    for content in list(guide_pages(docs).values())[:30]:
        _, body = front_matter(content)
        html = markdown.markdown(body, extensions=extensions)
        assert read(html).h1 == read(body).h1
        assert html.count("<a ") == body.count("<a ") and "<p><div" not in html


def test_a_missing_article_stops_the_build(tmp_path, site_config):
    with pytest.raises(ValueError, match="links to how-to/add-a-user.md"):
        guide_steps.write_guide_steps(tmp_path, site_config.fund, "fr", site_path="/fr/")


def test_the_unknown_step_page_links_to_the_guide_absolutely(written):
    docs, _ = written["it"]
    page = guide_pages(docs)[urls.src_uri(urls.unknown_step_location())]
    assert 'href="/it/guide/"' in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_diagram_is_an_accessible_svg_with_every_node(site_config, lang):
    fund = site_config.fund
    svg = guide_diagram.render_svg(lang, fund)
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.find(f"{ns}title").text
    text = " ".join(element.text or "" for element in root.iter(f"{ns}text"))
    texts = Texts(lang, fund)
    flow = load_flow()
    for outcome in flow.outcomes.values():
        assert texts.plain(outcome.title).split()[0] in text
    assert len(root.findall(f"{ns}g")) == len(flow.questions) + len(flow.outcomes)
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "<script" not in svg

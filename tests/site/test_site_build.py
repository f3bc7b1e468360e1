"""The guide as MkDocs pages (sitebuild/guide_pages.py) and its diagram (guide_diagram.py)."""
import json
import logging
import xml.etree.ElementTree as ElementTree

import pytest

from tests.conftest import ROOT
from tests.guide.conftest import FUND_CONFIG
from tests.guide.htmlpages import read

import markdown
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.utils.yaml import yaml_load

from guide import urls
from guide.fund import Fund
from guide.texts import Texts
from guide.tree import load_flow
from sitebuild import guide_diagram, guide_pages


@pytest.fixture(scope="module")
def config_for():
    def config(lang, **overrides):
        loaded = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs" / lang),
                             theme={"name": "material", "language": lang}, **overrides)
        loaded.plugins._current_plugin = "connect-help"   # as during the on_files event
        return loaded
    return config


def docs_files(config):
    """The article files the guide links to, as MkDocs would list them (and a placeholder)."""
    pages = {link.page for outcome in load_flow().outcomes.values() for link in outcome.read_more}
    return Files([File(page, config["docs_dir"], config["site_dir"], True) for page in sorted(pages | {"guide/index.md"})])


def front_matter(content):
    _, meta, body = content.split("---\n", 2)
    return yaml_load(meta), body


@pytest.mark.parametrize("lang", ["fr", "de", "it", "en"])
def test_every_page_in_the_language_with_its_front_matter(config_for, lang):
    config = config_for(lang)
    files = docs_files(config)
    generated = guide_pages.generated_files(config, files)
    assert files.get_file_from_path("guide/index.md") is None, "the placeholder must give way"
    by_uri = {file.src_uri: file for file in generated}
    assert guide_pages.DIAGRAM_URI in by_uri
    start, body = front_matter(by_uri["guide/index.md"].content_string)
    assert start["guide_node"] == "goal" and start["search"] == {"exclude": True} and start["robots"] == "noindex"
    assert start["render_macros"] is False and start["title"]
    searchable = []
    for uri, file in by_uri.items():
        if uri.endswith(".md"):
            meta, body = front_matter(file.content_string)
            assert ("guide_node" in meta) + ("guide_outcome" in meta) <= 1
            if "search" not in meta:
                searchable.append(meta["guide_outcome"])
                assert "robots" not in meta
    assert sorted(searchable) == sorted(load_flow().outcomes)
    unknown, _ = front_matter(by_uri[urls.src_uri(urls.unknown_step_location())].content_string)
    assert unknown["robots"] == "noindex"


def test_markdown_leaves_the_pages_html_alone(config_for):
    config = config_for("fr")
    extensions = ["toc", "attr_list", "md_in_html", "admonition", "def_list", "tables", "pymdownx.details"]
    for file in guide_pages.generated_files(config, docs_files(config))[:30]:
        if file.src_uri.endswith(".md"):
            _, body = front_matter(file.content_string)
            html = markdown.markdown(body, extensions=extensions)
            assert read(html).h1 == read(body).h1
            assert html.count("<a ") == body.count("<a ") and "<p><div" not in html


def test_a_missing_article_is_a_warning_that_fails_a_strict_build(config_for, caplog):
    config = config_for("fr")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        guide_pages.generated_files(config, Files([]))
    assert any("links to how-to/add-a-user.md" in record.getMessage() for record in caplog.records)


def test_the_unknown_step_page_links_to_the_guide_absolutely_when_the_site_url_is_known(config_for):
    config = config_for("it", site_url="https://help.example.ch/it/")
    page = next(f for f in guide_pages.generated_files(config, docs_files(config)) if "unknown-step" in f.src_uri)
    assert 'href="/it/guide/"' in page.content_string


@pytest.mark.parametrize("lang", ["fr", "de", "it", "en"])
def test_the_diagram_is_an_accessible_svg_with_every_node(config_for, lang):
    config = config_for(lang)
    fund = Fund.from_config(config["extra"]["fund"])
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


def real_fund_config():
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml_load(stream)["extra"]["fund"]


def test_the_sites_configuration_has_every_detail_the_guide_needs():
    fund = Fund.from_config(real_fund_config())
    assert fund.code_validity_days > 0 and "@" in fund.email


def test_the_guides_tests_use_the_shape_of_the_real_fund(languages):
    """tests/guide/conftest.py's FUND_CONFIG stands in for extra.fund: same details, same kinds."""
    real = real_fund_config()
    assert set(FUND_CONFIG) <= set(real)
    for key, value in FUND_CONFIG.items():
        assert type(real[key]) is type(value), key
    assert sorted(real["name"]) == sorted(FUND_CONFIG["name"]) == sorted(languages)
    assert all(isinstance(line, str) for line in real["postal_address"])
    # What the real block has beyond the stand-in is optional for the guide.
    assert Fund.from_config({key: real[key] for key in FUND_CONFIG}) == Fund.from_config(real)


def test_the_built_site_shows_the_real_funds_details(site_dir, languages):
    fund = Fund.from_config(real_fund_config())
    for lang in languages:
        contact = (site_dir / lang / "contact" / "index.html").read_text(encoding="utf-8")
        assert fund.name(lang) in contact, lang
        assert f'href="mailto:{fund.email}"' in contact and f'href="{fund.phone_uri}"' in contact, lang
        assert f'href="{fund.web_url}"' in contact, lang
    # The guide's worker reads the fund from the runtime file: the same details.
    runtime = json.loads((site_dir / "_runtime" / "guide-runtime.json").read_text(encoding="utf-8"))
    assert Fund.from_config(runtime["fund"]) == fund

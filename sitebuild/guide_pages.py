"""The decision guide as static pages of one language build: every step a page, with the
answers so far in its address, so that the guide works without JavaScript and support staff
can link to any step. Called from the MkDocs on_files event, after every other plugin has
listed the docs.
"""
from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from mkdocs.structure.files import File, Files

from guide import urls
from guide.fund import Fund
from guide.pages import Page, all_pages
from guide.texts import Texts
from guide.tree import Flow, load_flow
from sitebuild.guide_diagram import render_svg

# Under "mkdocs.", so that a warning fails a --strict build.
log = logging.getLogger("mkdocs.plugins.connect_help.guide")

DIAGRAM_URI = "img/guide-tree.svg"


def front_matter(page: Page) -> str:
    meta: dict = {"title": page.title}
    if page.node:
        meta["guide_node"] = page.node
    if page.outcome:
        meta["guide_outcome"] = page.outcome
    if not page.searchable:
        meta["search"] = {"exclude": True}
        meta["robots"] = "noindex"
    # The page is finished HTML: mkdocs-macros must not read it as a Jinja template.
    meta["render_macros"] = False
    # JSON is YAML: every value is quoted and escaped as YAML expects.
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()) + "---\n"


def page_markdown(page: Page) -> str:
    # A block-level <div> with blank lines around it: Markdown passes it through untouched.
    return f"{front_matter(page)}\n{page.html.strip()}\n"


def _guide_root_url(config) -> str | None:
    """/<lang>/guide/ from site_url: the unknown-step page may be served at any address."""
    site_url = config.get("site_url")
    return urlsplit(site_url).path.rstrip("/") + "/" + urls.GUIDE + "/" if site_url else None


def _check_article_links(flow: Flow, files: Files) -> None:
    """An outcome linking to an article that this language does not have is a broken link."""
    for outcome in flow.outcomes.values():
        for link in outcome.read_more:
            if files.get_file_from_path(link.page) is None:
                log.warning("guide outcome %r links to %s, which is not among the docs",
                            outcome.id, link.page)


def generated_files(config, files: Files) -> list[File]:
    """Every page of the guide in this build's language, and the tree's diagram.

    A file already in `files` at the same place (e.g. a placeholder guide/index.md) is
    removed from `files`: the generated page replaces it. Append the returned files.
    """
    if not config["use_directory_urls"]:
        raise ValueError("the guide's pages link to each other as folders: set use_directory_urls: true")
    lang = config["theme"]["language"]
    fund = Fund.from_config(config["extra"]["fund"])
    flow = load_flow()
    _check_article_links(flow, files)
    generated = []
    for page in all_pages(flow, Texts(lang, fund), _guide_root_url(config)):
        generated.append(File.generated(config, page.src_uri, content=page_markdown(page)))
    generated.append(File.generated(config, DIAGRAM_URI, content=render_svg(lang, fund)))
    for file in generated:
        placeholder = files.get_file_from_path(file.src_uri)
        if placeholder is not None:
            files.remove(placeholder)
    return generated

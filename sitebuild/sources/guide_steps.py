"""The decision guide's steps as source pages of one language: every step a page, with the
answers so far in its address, so that the guide works without JavaScript and support staff
can link to any step. The HTML of each step is the guide's own (guide.step_html); this module
only wraps it in front matter and writes it where the site generator reads its pages.
"""
from __future__ import annotations

import json
from pathlib import Path

from guide import urls
from guide.fund import Fund
from guide.reference import SiteAddress
from guide.step_html import Page, all_pages
from guide.texts import Texts
from guide.translation import GuideLags
from guide.tree import Flow, load_flow
from sitebuild.sources.guide_diagram import render_svg

DIAGRAM_URI = "img/guide-tree.svg"


def front_matter(page: Page) -> str:
    meta: dict = {"title": page.title}
    if page.node:
        meta["guide_node"] = page.node
    if page.outcome:
        meta["guide_outcome"] = page.outcome
    if page.description:
        meta["description"] = page.description
    if not page.searchable:
        meta["search"] = {"exclude": True}
    if not page.indexable:
        meta["robots"] = "noindex"
    # JSON is YAML: every value is quoted and escaped as YAML expects.
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()) + "---\n"


def page_markdown(page: Page) -> str:
    # A block-level <div> with blank lines around it: Markdown passes it through untouched.
    return f"{front_matter(page)}\n{page.html.strip()}\n"


def check_article_links(flow: Flow, docs: Path) -> None:
    """An outcome linking to an article that this language does not have is a broken link."""
    broken = [f"guide outcome {outcome.id!r} links to {link.page}"
              for outcome in flow.outcomes.values() for link in outcome.read_more if not (docs / link.page).is_file()]
    if broken:
        raise ValueError(f"articles missing from {docs}: " + "; ".join(broken))


def write_guide_steps(docs: Path, fund: Fund, lang: str, site_path: str, site: SiteAddress | None = None,
                      lags: GuideLags | None = None) -> int:
    """Every step of the guide in `lang`, and the tree's diagram, into `docs` (the articles are
    there already: a generated page replaces a placeholder at the same place). `site_path` is the
    language's path on the site (/fr/); `site` where it is published (the messages' reference
    line); `lags` the texts whose translation lags the French (their steps show a notice).
    Returns the number of pages written."""
    flow = load_flow()
    check_article_links(flow, docs)
    pages = list(all_pages(flow, Texts(lang, fund, site, lags), site_path.rstrip("/") + "/" + urls.GUIDE + "/"))
    for page in pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_markdown(page), encoding="utf-8")
    (docs / DIAGRAM_URI).parent.mkdir(parents=True, exist_ok=True)
    (docs / DIAGRAM_URI).write_text(render_svg(lang, fund), encoding="utf-8")
    return len(pages)

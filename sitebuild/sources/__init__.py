"""A language's source pages, complete, written before the site generator runs.

The site generator (MkDocs today; Zensical or another tomorrow) reads ordinary Markdown and SVG
files from one folder per language and needs no plugin to make them:

    <sources>/<lang>/docs/           what the generator reads as its docs_dir
        *.md                         the articles of docs/<lang>/, the fund's details filled in,
                                     and notices where the translation lags the French
        support.md                   with the support desk (every answer in every language)
        support/links.md             with the support staff's link tables
        check-code.md                with the access-code checker's markup (one template)
        guide/**/index.md            every step of the decision guide (its HTML in front matter)
        img/*.svg                    the drawings of the connect screens and the guide's tree
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from guide.reference import SiteAddress
from siteconfig import SiteConfig
from sitebuild.sources.articles import write_articles
from sitebuild.sources.checker_markup import fill_checker_page
from sitebuild.sources.guide_steps import write_guide_steps
from sitebuild.sources.illustrations import write_drawings
from sitebuild.sources.support_desk import fill_support_desk
from sitebuild.sources.support_tables import LINKS_PAGE, fill_links_page
from sitebuild.translations.status import LanguageStatus

DOCS = Path(__file__).resolve().parents[2] / "docs"


def write_sources(config: SiteConfig, lang: str, docs: Path, site_root: str, *, guide_steps: bool = True,
                  status: LanguageStatus | None = None) -> None:
    """Every source page of `lang` into `docs` (an empty folder). `site_root` is the site's root
    URL, above the language folders (support links are absolute). `guide_steps=False` leaves the
    guide's steps out (only to measure what they cost the build). `status` says where the
    language's translation lags the French (sitebuild/translations/; None for French)."""
    site = SiteAddress(site_root, config.fund_language)
    write_articles(DOCS, docs, config.fund, lang, status)
    write_drawings(docs, config.fund.to_dict(), lang)
    fill_support_desk(docs / "support.md", lang, {code: language.name for code, language in config.languages.items()},
                      config.fund, site)
    fill_links_page(docs / LINKS_PAGE, lang, config.language_codes, site_root, config.fund)
    fill_checker_page(docs / "check-code.md", lang, config.fund)
    if guide_steps:
        write_guide_steps(docs, config.fund, lang, site_path=(urlsplit(site_root).path or "/") + lang + "/",
                          site=site, lags=status.guide_lags() if status else None)

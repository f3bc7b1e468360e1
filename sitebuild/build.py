"""Builds the whole static site: the sources of each language, one generator build per
language, the root pages, the guide's browser runtime and the compressed copies.

    site.toml + docs/<lang>/ + guide/ + illustrations/
        -> <sources>/<lang>/docs/ and <sources>/<lang>/mkdocs.yml     (sitebuild.sources, ours)
        -> site/<lang>/                                              (MkDocs, one build a language,
                                                                      then sitebuild.theme_markup)
        -> site/index.html, site/404.html, site/503.html, site/_runtime/, *.gz   (ours)
        -> site/_feedback/pages.json    the pages that take "Is this page useful?" answers

Where a translation lags the French, its pages say so (sitebuild/translations/, worked out once
for every language before the first is built).

Each language is built on its own (as mkdocs-material's author advises for multilingual sites):
its own search index, theme language and 404 page, under /<lang>/ with the same slugs. The site
is built in a folder beside the target and moved into place at the end: a failed build leaves
the previous site as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.commands.build import build
from mkdocs.config import load_config

import siteconfig
from guide.i18n import translations
from guide.reference import SiteAddress
from siteconfig import SiteConfig
from sitebuild import image_sizes, runtime, search_keywords, site_catalog, theme_markup
from sitebuild.fingerprint import fingerprint
from sitebuild.generator_config import language_config, read_shared_config, write_language_config
from sitebuild.feedback_pages import write_feedback_pages
from sitebuild.precompress import precompress
from sitebuild.sources import write_sources
from sitebuild.translations.status import LanguageStatus, site_status

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_SITE_URL = "http://127.0.0.1:{port}/"


def site_url() -> str:
    """The public root URL: canonical links, hreflang, sitemaps and 404 pages need it absolute."""
    url = os.environ.get("SITE_URL") or DEFAULT_SITE_URL.format(port=os.environ.get("PORT", "8000"))
    return url if url.endswith("/") else url + "/"


def render_root_pages(config: SiteConfig, site_dir: Path) -> None:
    """`/` lets the visitor pick a language; `/404.html` serves hosts with one 404 page, and
    `/503.html` is nginx's page for a failure outside the languages' folders."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    languages = [
        {"code": code, "name": meta.name, "site_name": meta.site_name, "_": site_catalog.gettext_function(code)}
        for code, meta in config.languages.items()
    ]
    for name in ("index.html", "404.html", "503.html"):
        html = env.get_template(name).render(languages=languages, fund=config.fund.to_dict())
        (site_dir / name).write_text(html, encoding="utf-8")
    shutil.copy(ROOT / "overrides" / "assets" / "favicon.svg", site_dir / "favicon.svg")
    shutil.copy(ROOT / "overrides" / "assets" / "stylesheets" / "root.css", site_dir / "root.css")


def build_language(config: SiteConfig, lang: str, sources: Path, site_dir: Path, *, guide_steps: bool = True,
                   status: LanguageStatus | None = None) -> Path:
    """One language: its sources and generator config under `sources`, its pages under
    `site_dir`; `status` where its translation lags the French. Returns the generator config
    written (what another generator would read)."""
    root_url = site_url()
    docs = sources / "docs"
    if sources.exists():
        shutil.rmtree(sources)
    write_sources(config, lang, docs, root_url, guide_steps=guide_steps, status=status)
    generator = language_config(read_shared_config(), config, lang, docs_dir=docs, site_dir=site_dir,
                                site_url=f"{root_url}{lang}/")
    if not guide_steps:
        generator["strict"] = False   # the nav names the guide's first page
    config_file = write_language_config(sources / "mkdocs.yml", generator)
    build(load_config(config_file=str(config_file)))
    search_keywords.fold_into_index(site_dir, lang)   # visitors' own words, in the index only
    theme_markup.fix_pages(site_dir)   # what no theme override can reach (sitebuild/theme_markup.py)
    image_sizes.size_pages(site_dir)   # the drawings' places kept before they load
    return config_file


def build_site(site_dir: Path = ROOT / "site", config: SiteConfig | None = None, *,
               sources_dir: Path | None = None, languages: list[str] | None = None,
               guide_steps: bool = True) -> None:
    """The whole site into `site_dir`. `sources_dir` keeps each language's sources and generator
    config (default: a temporary folder, removed afterwards)."""
    config = config or siteconfig.load()
    siteconfig.check_for_production(config, site_url())   # no placeholder on a public site
    for lang in config.language_codes:
        translations(lang)   # every language's guide catalog is compiled (MissingCatalog says how)
    partial = site_dir.with_name(site_dir.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    # Where each translation lags the French: notices on the pages, the same in the browser (a
    # stale interface string shows its previous translation, with no notice: not asked here).
    status = site_status(config.language_codes, interfaces=False)
    with tempfile.TemporaryDirectory(prefix="connect-help-sources-") as scratch:
        sources = sources_dir or Path(scratch)
        for lang in languages or config.language_codes:
            build_language(config, lang, sources / lang, partial / lang, guide_steps=guide_steps,
                           status=status.get(lang))
    render_root_pages(config, partial)
    write_feedback_pages(partial, languages or config.language_codes, urlsplit(site_url()).path or "/")
    # The guide's Pyodide runtime, once for all: the site's address for the requests' reference
    # line, and where each translation of the guide lags the French.
    runtime.copy_runtime(partial, config.fund.to_dict(), site=SiteAddress(site_url(), config.fund_language).to_dict(),
                         translations={lang: item.guide_lags().to_json() for lang, item in status.items()})
    fingerprint(partial)   # hashed names for our scripts, styles and the runtime's manifest
    precompress(partial)   # brotli and gzip copies for the server and static hosts
    if site_dir.exists():
        shutil.rmtree(site_dir)
    partial.rename(site_dir)

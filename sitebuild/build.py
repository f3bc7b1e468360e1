"""Builds the whole static site: one MkDocs build per language, then the root pages.

Each language is built on its own (as mkdocs-material's author advises for multilingual sites):
every language gets its own search index, its own theme language and its own 404 page, under
/<lang>/ with the same slugs. Only docs_dir, site_dir, site_name, site_url, theme.language and
the nav's section titles differ between the builds.
"""

import os
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from sitebuild import runtime, site_catalog
from sitebuild.fingerprint import fingerprint
from sitebuild.precompress import precompress

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_SITE_URL = "http://127.0.0.1:{port}/"


def site_url() -> str:
    """The public root URL: canonical links, hreflang, sitemaps and 404 pages need it absolute."""
    url = os.environ.get("SITE_URL") or DEFAULT_SITE_URL.format(port=os.environ.get("PORT", "8000"))
    return url if url.endswith("/") else url + "/"


def read_base_config(config_file: Path) -> dict:
    with config_file.open(encoding="utf-8") as stream:
        return yaml_load(stream)


def site_languages(config_file: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The site's languages, in the order of `extra.languages`."""
    return list(read_base_config(config_file)["extra"]["languages"])


def translated_nav(nav: list, lang: str) -> list:
    """The nav with its section titles in `lang` (pages take their titles from their own h1)."""
    gettext = site_catalog.translations(lang).gettext
    result = []
    for item in nav:
        if isinstance(item, dict):
            ((title, children),) = item.items()
            result.append({gettext(title): translated_nav(children, lang) if isinstance(children, list) else children})
        else:
            result.append(item)
    return result


def language_config(base: dict, config_file: Path, lang: str, site_dir: Path, **overrides):
    meta = base["extra"]["languages"][lang]
    return load_config(
        config_file=str(config_file),
        docs_dir=str(ROOT / "docs" / lang),
        site_dir=str(site_dir / lang),
        site_name=meta["site_name"],
        site_url=f"{site_url()}{lang}/",
        theme={**base["theme"], "language": lang},
        nav=translated_nav(base["nav"], lang),
        **overrides,
    )


def render_root_pages(base: dict, site_dir: Path) -> None:
    """`/` lets the visitor pick a language; `/404.html` serves hosts with one 404 page."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    languages = [
        {"code": code, "name": meta["name"], "site_name": meta["site_name"],
         "_": site_catalog.gettext_function(code)}
        for code, meta in base["extra"]["languages"].items()
    ]
    for name in ("index.html", "404.html"):
        html = env.get_template(name).render(languages=languages, fund=base["extra"]["fund"])
        (site_dir / name).write_text(html, encoding="utf-8")
    shutil.copy(ROOT / "overrides" / "assets" / "favicon.svg", site_dir / "favicon.svg")
    shutil.copy(ROOT / "overrides" / "assets" / "stylesheets" / "root.css", site_dir / "root.css")


def build_site(config_file: Path = ROOT / "mkdocs.yml", site_dir: Path = ROOT / "site",
               languages: list[str] | None = None) -> None:
    base = read_base_config(config_file)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    for lang in languages or list(base["extra"]["languages"]):
        build(language_config(base, config_file, lang, site_dir))
    render_root_pages(base, site_dir)
    runtime.copy_runtime(site_dir, base["extra"]["fund"])   # the guide's Pyodide runtime, once for all
    fingerprint(site_dir)   # hashed names for our scripts, styles and the runtime's manifest
    precompress(site_dir)   # gzip copies for the server and static hosts

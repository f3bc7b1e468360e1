"""The site generator's configuration for one language, written as a file beside its sources.

mkdocs.yml holds what every language shares (theme, Markdown extensions, the nav with French
section titles). For each language the build writes `<sources>/<lang>/mkdocs.yml`: the same,
plus that language's folders, name, URL, theme language, translated section titles, and the
fund and languages of site.toml under `extra` (the theme's templates read them there). Plain
YAML, read with safe loading: any generator that reads mkdocs.yml can build from it.
"""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

from siteconfig import SiteConfig
from sitebuild import site_catalog

ROOT = Path(__file__).resolve().parent.parent
SHARED_CONFIG = ROOT / "mkdocs.yml"


def read_shared_config(path: Path = SHARED_CONFIG) -> dict:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


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


def language_config(shared: dict, config: SiteConfig, lang: str, *, docs_dir: Path, site_dir: Path,
                    site_url: str) -> dict:
    generator = copy.deepcopy(shared)
    generator.update(
        site_name=config.languages[lang].site_name,
        site_url=site_url,
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        nav=translated_nav(shared["nav"], lang),
    )
    generator["theme"] = {**shared["theme"], "language": lang,
                          "custom_dir": str(ROOT / shared["theme"]["custom_dir"])}
    generator["extra"] = {
        **shared.get("extra", {}),
        "fund": config.fund.to_dict(),
        "languages": {code: {"name": meta.name, "site_name": meta.site_name}
                      for code, meta in config.languages.items()},
    }
    return generator


def write_language_config(target: Path, generator: dict) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(generator, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target

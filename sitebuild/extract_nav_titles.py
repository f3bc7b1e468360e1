"""A Babel extractor for the nav section titles of mkdocs.yml (named in locales/site-babel.cfg)."""

import yaml


def _section_titles(nav):
    for item in nav:
        if isinstance(item, dict):
            for title, children in item.items():
                yield title
                if isinstance(children, list):
                    yield from _section_titles(children)


def extract_nav(fileobj, keywords, comment_tags, options):
    config = yaml.safe_load(fileobj)
    for title in _section_titles(config.get("nav", [])):
        yield 0, "_", title, ["nav section title in mkdocs.yml"]

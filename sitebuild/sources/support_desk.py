"""The support desk: the page support staff answer employers from (support.md), in the staff
member's language, with every answer of sitebuild/sources/desk_answers.py in every language.

One template (sitebuild/templates/support_desk.html.j2), its texts French msgids of the site
catalog; the browser glue is overrides/assets/javascripts/support-desk.js.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from guide import urls
from guide.fund import Fund
from guide.reference import SiteAddress
from sitebuild import site_catalog
from sitebuild.sources.desk_answers import Group, desk_groups

TEMPLATE = "support_desk.html.j2"
MARKER = "<!-- support-desk -->"
PAGE = ("support",)   # the desk's folder in a language (support.md)

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
)


def render_desk(lang: str, languages: Mapping[str, str], groups: Sequence[Group]) -> str:
    """The desk's HTML for staff reading `lang`; `languages` the site's, code -> name."""
    return _ENV.get_template(TEMPLATE).render(
        _=site_catalog.gettext_function(lang), lang=lang, languages=list(languages.items()), groups=groups,
        # The reference field opens an outcome in the staff member's language, on this very site.
        outcome_href=lambda outcome_id: urls.href(PAGE, urls.outcome_location(outcome_id)))


def fill_support_desk(page: Path, lang: str, languages: Mapping[str, str], fund: Fund, site: SiteAddress) -> None:
    """The support page with the desk where its marker line stands."""
    text = page.read_text(encoding="utf-8")
    if MARKER not in text:
        raise ValueError(f"{page}: the marker {MARKER} is missing")
    groups = desk_groups(fund, site, list(languages))
    page.write_text(text.replace(MARKER, render_desk(lang, languages, groups)), encoding="utf-8")
